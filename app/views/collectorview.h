#pragma once

#include "embeddedcollector.h"
#include "views/view.h"

class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTreeWidget;

namespace tdesk {

class AppContext;
class DemoFeeder;

// The embedded collector: where it listens, how it is doing, and the controls to start, stop,
// move it, and fill the store with demo data.
class CollectorView : public View
{
    Q_OBJECT

public:
    explicit CollectorView(AppContext *context, QWidget *parent = nullptr);

    QString title() const override { return tr("Collector"); }
    QIcon icon() const override;

    // Starts the collector, asking the user what to do if its port is taken. False: not running.
    bool startCollector();
    // Does nothing while demo data is on its way already.
    void sendDemoData();
    bool isSendingDemoData() const { return m_demoRequested || m_demoBusy; }

Q_SIGNALS:
    void demoDataSent();

private:
    void showStatus(const CollectorStatus &status);
    void showDemoStatus(const CollectorStatus &status);
    void showRejects(const CollectorStatus &status);
    void showLastMinute();
    void applyPort();
    void chooseGeoDatabase();

    AppContext *m_context;
    QLabel *m_state;
    QLabel *m_address;
    QLabel *m_rate;
    QLabel *m_queue;
    QLabel *m_accepted;
    QLabel *m_databasePath;
    QLabel *m_databaseSize;
    QLabel *m_geo;
    QLabel *m_demoStatus;
    QSpinBox *m_port;
    QPushButton *m_startStop;
    QPushButton *m_demo;
    QPushButton *m_stopDemo;
    QStackedWidget *m_rejectsPages;
    QLabel *m_noRejects;
    QTreeWidget *m_rejects;
    CollectorStatus m_status;     // the last one shown
    bool m_demoRequested = false; // asked for; not yet seen under way in the collector's status
    bool m_demoBusy = false;
};

} // namespace tdesk
