#pragma once

#include "query/readtypes.h"
#include "views/view.h"

#include <QTimer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace tdesk {

class AppContext;
class EventTableModel;

// Every stored event, newest first, over the selected project and range: filters, a detail pane
// with the event's JSON, a live tail, and CSV export of what the filter matches.
class EventsView : public View
{
    Q_OBJECT

public:
    explicit EventsView(AppContext *context, QWidget *parent = nullptr);
    ~EventsView() override;

    QString title() const override { return tr("Events"); }
    QIcon icon() const override;
    void refresh() override;
    bool focusSearch() override;
    bool exportData() override;

    // Filters by one field ("name", "user", "os", "version", "vscode" is not filterable, "country", "text").
    void filterBy(const QString &field, const QString &value);
    EventFilter currentFilter() const;
    EventTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    // Exports the current filter to path, with a progress dialog; for the menu and for tests.
    bool exportCsv(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void applyFilter();
    void showDetail();
    void updateStatus();

    AppContext *m_context;
    EventTableModel *m_model;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QLineEdit *m_name;
    QLineEdit *m_user;
    QLineEdit *m_os;
    QLineEdit *m_version;
    QLineEdit *m_country;
    QLineEdit *m_text;
    QCheckBox *m_live;
    QLabel *m_status;
    QTimer m_debounce;
    qint64 m_scannedBackTo = 0;
};

} // namespace tdesk
