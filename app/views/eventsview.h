#pragma once

#include "core/project.h"
#include "core/result.h"
#include "query/readtypes.h"
#include "views/view.h"

#include <QFutureWatcher>
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
    // Filters by these fields only (the others cleared): what a click on an insight means.
    void filterTo(const QList<QPair<QString, QString>> &fields);
    EventFilter currentFilter() const;
    EventTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    // Exports the current filter to path, with a progress dialog; for the menu and for tests.
    bool exportCsv(const QString &path);
    // What the line under the table says: how many events match and how many are shown.
    QString statusText() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QLineEdit *editFor(const QString &field) const;
    QLineEdit *addFilterBox(const QString &label, const QString &placeholder, const QString &widest);
    void offerSuggestions(QLineEdit *edit, EventField field);
    void styleFilterBoxes();
    void applyFilter();
    void readProjectNames();
    void onRowsInserted(int first, int last);
    void sizeColumnsToContents(int firstRow, int lastRow);
    void requestCount(const EventCursor &after);
    void applyCount();
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
    QList<QLineEdit *> m_filterBoxes;
    QCheckBox *m_live;
    QLabel *m_status;
    QString m_message; // an error or an export's outcome, shown instead of the counts until the next filter
    QTimer m_debounce;
    qint64 m_scannedBackTo = 0;
    bool m_columnsSized = false;  // the user set a width: columns no longer follow their content
    bool m_sizingColumns = false;
    bool m_selecting = false;     // selecting the first row ourselves
    bool m_userSelected = false;  // the user chose a row since the filter was applied: keep it

    // The count of matching events: rows stored up to m_countThrough, counted in budgeted steps,
    // plus what the live tail has read since.
    QFutureWatcher<Result<EventCount>> m_count;
    quint64 m_countToken = 0;
    quint64 m_countAsked = 0;
    qint64 m_countThrough = -1; // -1 until the first page says where the tail starts
    qint64 m_counted = 0;
    qint64 m_arrived = 0;
    bool m_countComplete = false;
    bool m_countFailed = false;

    QFutureWatcher<Result<QList<Project>>> m_projects;
};

} // namespace tdesk
