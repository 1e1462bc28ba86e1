#pragma once

#include "core/project.h"
#include "core/result.h"
#include "query/readtypes.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QProcessEnvironment>
#include <QTimer>

#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QListWidget;
class QStackedWidget;
class QSystemTrayIcon;

namespace tdesk {

class AppContext;
class CollectorView;
class EventsView;
class InsightsView;
class MapView;
class OverviewView;
class ProjectsView;
class View;

// The window: a list of views on the left, the selected view, and a toolbar with the project and
// time range every view shows.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(AppContext *context, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the embedded collector (asking the user if its port is taken) and offers demo data
    // when the store is empty.
    struct StartUpOptions
    {
        bool demo = false;          // send demo data without asking
        QString screenshotsDir;     // write a PNG of each view there, then quit
    };
    void startUp(const StartUpOptions &options);
    void showView(int index);
    int currentViewIndex() const;
    View *view(int index) const;
    int viewIndex(const View *view) const;
    int viewCount() const;
    OverviewView *overviewView() const { return m_overviewView; }
    CollectorView *collectorView() const { return m_collectorView; }
    EventsView *eventsView() const { return m_eventsView; }
    InsightsView *insightsView() const { return m_insightsView; }
    MapView *mapView() const { return m_mapView; }
    ProjectsView *projectsView() const { return m_projectsView; }
    // The first-run offer of demo data, shown above the views while nothing is stored.
    QWidget *firstRunBanner() const { return m_banner; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void addView(View *view);
    void buildMenus();
    void chooseDatabase();
    void connectToCollector();
    void relaunch(const QStringList &source, const QProcessEnvironment &environment = {});
    void fillProjects();
    void showProjects();
    void chooseRange(int index);
    void showStatus(const CollectorStatus &status);
    void updateStatusText();
    void showAbout();
    QString collectorUrl() const;
    void whenStoreInfo(std::function<void(const Result<StoreInfo> &)> then);
    QWidget *makeFirstRunBanner();
    void styleFirstRunBanner();
    void offerDemoData();
    void hideBannerOnceStored();
    void captureViews(const QString &dir, int index);
    void captureInsights(const QString &dir, int index, int page);

    AppContext *m_context;
    QListWidget *m_navigation;
    QStackedWidget *m_stack;
    QComboBox *m_project;
    QComboBox *m_range;
    QLabel *m_status;
    QProgressBar *m_waiting;
    QTimer m_waitingCheck;
    CollectorStatus m_collectorStatus;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QFutureWatcher<Result<StoreInfo>> m_storedYet;
    QSystemTrayIcon *m_tray = nullptr;
    OverviewView *m_overviewView;
    InsightsView *m_insightsView;
    EventsView *m_eventsView;
    MapView *m_mapView;
    CollectorView *m_collectorView;
    ProjectsView *m_projectsView;
    QFutureWatcher<Result<QList<Project>>> m_projectsQuery;
};

} // namespace tdesk
