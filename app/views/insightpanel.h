#pragma once

#include "core/result.h"
#include "query/insighttypes.h"
#include "views/insightspec.h"

#include <QFrame>
#include <QFutureWatcher>

class QLabel;
class QStackedWidget;
class QTableWidget;

namespace tdesk {

class AppContext;

// Which events a click on an insight means: a name, a breakdown field's value ("os", "version",
// "country", or "text" for a property), the time the point covers.
struct EventsLink
{
    QString name;
    QString field;
    QString value;
    TimeRange range;
    QString message; // what the Events view then shows, said in the status bar
};

// One insight, run through the window's reader over its selection (project and range; retention
// counts its windows back from now) and drawn: a trend, active users or sessions as a chart, a
// retention heat map, or a funnel with its breakdown. The builder and every dashboard card are one.
class InsightPanel : public QFrame
{
    Q_OBJECT

public:
    explicit InsightPanel(AppContext *context, QWidget *parent = nullptr);
    ~InsightPanel() override;

    void setSpec(const InsightSpec &spec);
    const InsightSpec &spec() const { return m_spec; }
    // Reads again (a read still running is asked again when it ends).
    void refresh();
    // Asked, and the answer not shown yet.
    bool isLoading() const;
    // What is wrong with the spec or the last read, as shown; empty when it showed.
    QString problem() const { return m_problem; }
    // The line under the title: totals, stickiness, session figures.
    QString summary() const;
    // The IANA zone buckets are cut in: the system's.
    static QString timeZone();

    MultiSeriesChart *chart() const { return m_chart; }
    RetentionGrid *retention() const { return m_retention; }
    FunnelChart *funnel() const { return m_funnel; }
    QTableWidget *funnelBreakdown() const { return m_funnelBreakdown; }
    // What is drawn, as CSV, and the widget a picture is taken of.
    QByteArray toCsv() const;
    QWidget *pictureWidget() const;

Q_SIGNALS:
    void eventsRequested(const tdesk::EventsLink &link);
    void refreshed();

private:
    void ask();
    void showTrend();
    void showActiveUsers();
    void showSessions();
    void showRetention();
    void showFunnel();
    bool finish(const QString &error); // false: a newer read was asked for, or it failed
    void showProblem(const QString &problem);
    InsightFilter filter(const TimeRange &range, QString *bad) const;
    QString timeFormat(Interval interval) const;

    AppContext *m_context;
    InsightSpec m_spec;
    QLabel *m_title;
    QLabel *m_summary;
    QStackedWidget *m_stack;
    QLabel *m_message;
    MultiSeriesChart *m_chart;
    RetentionGrid *m_retention;
    QWidget *m_funnelPage;
    FunnelChart *m_funnel;
    QTableWidget *m_funnelBreakdown;
    QFutureWatcher<Result<TrendResult>> m_trend;
    QFutureWatcher<Result<ActiveUsersResult>> m_active;
    QFutureWatcher<Result<SessionsResult>> m_sessions;
    QFutureWatcher<Result<RetentionResult>> m_retentionQuery;
    QFutureWatcher<Result<FunnelResult>> m_funnelQuery;
    QFutureWatcher<Result<FunnelUsers>> m_funnelUsers;
    FunnelQuery m_funnelAsked; // the funnel shown, for its steps' users
    int m_usersStep = 0;
    TrendResult m_trendShown;
    TimeRange m_asked;
    QString m_problem;
    bool m_again = false;
    bool m_pending = false; // asked, and not shown yet
};

} // namespace tdesk

Q_DECLARE_METATYPE(tdesk::EventsLink)
