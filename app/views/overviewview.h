#pragma once

#include "core/result.h"
#include "query/readtypes.h"
#include "views/view.h"

#include <QFutureWatcher>

namespace tdesk {

class AppContext;
class BreakdownList;
class KpiTile;
class TimeSeriesChart;

// Key figures over the selected range, each against the period before it; a live events-per-minute
// chart; events over the range beside the previous period's; top events and breakdowns by OS,
// versions and country, in shares of all events. Cards on one four-column grid; all read on a
// worker thread.
class OverviewView : public View
{
    Q_OBJECT

public:
    explicit OverviewView(AppContext *context, QWidget *parent = nullptr);
    ~OverviewView() override;

    QString title() const override { return tr("Overview"); }
    QIcon icon() const override;
    void refresh() override;
    bool exportData() override;

    // The figures on screen, for tests.
    const OverviewData &data() const { return m_data; }
    bool isLoading() const { return m_overview.isRunning(); }

Q_SIGNALS:
    // The user clicked a value: show its events. field: "name", "os", "version", "vscode" or "country".
    void filterRequested(const QString &field, const QString &value);
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onTick();
    void showOverview();
    void showLive();
    void askLive();
    void showTiles();
    // field: what a click filters the Events view by; fileName: the export's default name.
    BreakdownList *addBreakdown(const QString &title, const QString &field, const QString &fileName);
    // label: how a stored value reads on screen; detail: what its tooltip adds.
    void showBreakdown(BreakdownList *list, const Breakdown &breakdown,
                       const std::function<QString(const QString &)> &label = {},
                       const std::function<QString(const QString &)> &detail = {});

    AppContext *m_context;
    KpiTile *m_events;
    KpiTile *m_users;
    KpiTile *m_eventsPerUser;
    KpiTile *m_countryCount;
    TimeSeriesChart *m_live;
    TimeSeriesChart *m_series;
    BreakdownList *m_topEvents;
    BreakdownList *m_os;
    BreakdownList *m_appVersions;
    BreakdownList *m_hostVersions;
    BreakdownList *m_countries;
    QHash<BreakdownList *, QList<ValueCount>> m_shownValues; // row → stored value; rows past them: "other"
    QFutureWatcher<Result<OverviewData>> m_overview;
    QFutureWatcher<Result<Series>> m_liveQuery;
    OverviewData m_data;
    qint64 m_shownAtMs = 0; // when m_data was read; 0: nothing shown yet
    bool m_stale = false;       // the selection changed while a query ran
    int m_ticks = 0;
    qint64 m_liveMinute = 0;    // start of the minute in progress when the live series was asked for
};

} // namespace tdesk
