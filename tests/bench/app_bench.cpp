// bench-app: the desktop app over a big database, as a user meets it. Opens the window on an
// existing database (fill one with bench-overview first), then measures: time until the window is
// on screen; the Overview's refresh as the view sees it; the Events table's page fetch with and
// without filters; CSV export speed; how long the GUI thread is ever kept from its event loop
// while telemetry-loadgen sends events to the embedded collector at a steady rate; peak memory.
// Prints the figures; it is a benchmark, not a test.

#include "appcontext.h"
#include "mainwindow.h"
#include "models/eventtablemodel.h"
#include "storage/readconnection.h"
#include "views/eventsview.h"
#include "views/insightsview.h"
#include "views/overviewview.h"
#include "widgets/charts.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QSignalSpy>
#include <QTest>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <csignal>
#include <utility>

using namespace tdesk;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}

// Milliseconds until the table shows a complete first page (500 rows) for this filter, or knows
// there are fewer; a rare filter takes several budgeted fetches for that.
double firstPageMs(EventTableModel &model, const EventFilter &filter)
{
    QElapsedTimer timer;
    timer.start();
    model.setFilter(filter);
    QSignalSpy done(&model, &EventTableModel::fetchingChanged);
    while (model.isFetching() || (model.rowCount() == 0 && !model.reachedEnd())) {
        if (!done.wait(5000))
            break;
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

// Times every event the GUI thread handles, so that a stall can be named.
class TimedApplication : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_timing || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const int type = event->type();
        const QByteArray name = receiver->metaObject()->className();
        const bool result = QApplication::notify(receiver, event);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        m_longest = std::max(m_longest, ms);
        if (ms > 50)
            m_slow.append(QStringLiteral("%1 ms: event %2 to %3").arg(ms, 0, 'f', 0).arg(type).arg(QString::fromLatin1(name)));
        return result;
    }
    void setTiming(bool on) { m_timing = on; }
    QStringList takeSlow() { return std::exchange(m_slow, {}); }
    // The longest event handled since the last call.
    double takeLongest() { return std::exchange(m_longest, 0.0); }

private:
    bool m_timing = false;
    double m_longest = 0;
    QStringList m_slow;
};

// The live phase: events at a steady rate into the collector while the Overview shows them; the
// GUI thread's lateness (frame/gaps/probe) and how often the live chart moved.
void measureLive(TimedApplication &app, AppContext &context, OverviewView &overview, const QCommandLineParser &parser,
                 bool remote, int seconds, QElapsedTimer &frame, std::vector<double> &gaps, QTimer &probe)
{
    QProcess loadgen;
    loadgen.start(parser.value(QStringLiteral("loadgen")),
                  {QStringLiteral("--url"), remote ? parser.value(QStringLiteral("ingest"))
                                                   : QStringLiteral("http://127.0.0.1:%1/t").arg(context.collector()->port()),
                   QStringLiteral("--rate"), parser.value(QStringLiteral("rate")), QStringLiteral("--batch"), QStringLiteral("50"),
                   QStringLiteral("--connections"), QStringLiteral("8"), QStringLiteral("--duration"), QString::number(seconds),
                   QStringLiteral("--ids"), QStringLiteral("--json")});
    frame.restart();
    probe.start(5);
    app.setTiming(true);
    int liveUpdates = 0;
    QList<QPair<qint64, qint64>> lastLive;
    QTimer watchLive;
    QObject::connect(&watchLive, &QTimer::timeout, [&] {
        const auto points = overview.findChild<TimeSeriesChart *>(QStringLiteral("live"))->points();
        if (points != lastLive)
            ++liveUpdates;
        lastLive = points;
    });
    watchLive.start(1000);
    loadgen.waitForStarted();
    while (loadgen.state() != QProcess::NotRunning)
        QTest::qWait(50);
    probe.stop();
    watchLive.stop();
    app.setTiming(false);
    for (const QString &line : app.takeSlow())
        out() << "slow GUI event: " << line << Qt::endl;
    std::sort(gaps.begin(), gaps.end());
    const double worst = gaps.empty() ? 0 : gaps.back();
    const double p99 = gaps.empty() ? 0 : gaps[size_t(double(gaps.size()) * 0.99)];
    const auto over50 = std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 50; });
    out() << "loadgen: " << loadgen.readAllStandardOutput().trimmed() << Qt::endl;
    out() << QStringLiteral("GUI thread during ingest    longest stall %1 ms, p99 %2 ms, %3 stalls over 50 ms; live chart changed %4 times in %5 s")
                 .arg(worst, 0, 'f', 1).arg(p99, 0, 'f', 1).arg(over50).arg(liveUpdates).arg(seconds) << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{QStringLiteral("data-dir"), QStringLiteral("Directory whose telemetry.db is the big database."), QStringLiteral("DIR")},
                       {QStringLiteral("db"), QStringLiteral("The big database elsewhere (a PostgreSQL URL)."), QStringLiteral("URL")},
                       {QStringLiteral("loadgen"), QStringLiteral("telemetry-loadgen executable."), QStringLiteral("FILE")},
                       {QStringLiteral("rate"), QStringLiteral("Events per second during the live phase (default 20000)."), QStringLiteral("N"), QStringLiteral("20000")},
                       {QStringLiteral("seconds"), QStringLiteral("Length of the live phase (default 10)."), QStringLiteral("N"), QStringLiteral("10")},
                       {QStringLiteral("runs"), QStringLiteral("Runs per timed figure (default 5)."), QStringLiteral("N"), QStringLiteral("5")},
                       // Remote mode: the window watches a collector elsewhere (key in TDESK_KEY).
                       {QStringLiteral("connect"), QStringLiteral("Watch the collector at URL instead of embedding one."), QStringLiteral("URL")},
                       {QStringLiteral("ca-file"), QStringLiteral("Its certificate, to trust."), QStringLiteral("FILE")},
                       {QStringLiteral("ingest"), QStringLiteral("Remote mode: where the live phase sends (its /t)."), QStringLiteral("URL")},
                       {QStringLiteral("collector-pid"), QStringLiteral("Remote mode: the collector's process, stopped for a while to time the window while it does not answer."), QStringLiteral("PID")}});
    parser.process(app);
    const int runs = parser.value(QStringLiteral("runs")).toInt();

    AppContext::Options options;
    options.dataDir = parser.value(QStringLiteral("data-dir"));
    options.databaseUrl = parser.value(QStringLiteral("db"));
    options.listen = QStringLiteral("127.0.0.1:0");
    options.connectUrl = parser.value(QStringLiteral("connect"));
    options.caFile = parser.value(QStringLiteral("ca-file"));
    const bool remote = !options.connectUrl.isEmpty();
    AppContext context(options);
    if (const auto opened = context.openDatabase(); !opened) {
        out() << "cannot open the database: " << opened.error() << Qt::endl;
        return 1;
    }
    context.setProjectId(AllProjects);
    context.setRange(RangePreset::Last24Hours);
    MainWindow window(&context);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window, 10000)) {
        out() << "the window did not appear" << Qt::endl;
        return 1;
    }
    const double visibleMs = double(sinceStart.nsecsElapsed()) / 1e6;
    if (remote) {
        const auto status = context.reader()->collectorStatus().result();
        out() << "watching: " << context.databaseLocation() << ", its database "
              << (status ? status->databaseLocation : status.error()) << Qt::endl;
    } else {
        QSqlQuery count(readConnection(*parseDatabaseUrl(context.databaseUrl())));
        count.exec(QStringLiteral("SELECT max(id) FROM events"));
        count.next();
        out() << "database: " << context.databaseLocation() << ", about " << count.value(0).toLongLong() << " events" << Qt::endl;
    }
    out() << QStringLiteral("window visible after        %1 ms (process start to window exposed)").arg(visibleMs, 0, 'f', 0) << Qt::endl;

    // The Overview as the view refreshes it: query on the worker, figures on screen.
    OverviewView *overview = window.overviewView();
    window.showView(window.viewIndex(overview));
    for (const auto preset : {RangePreset::Last15Minutes, RangePreset::LastHour, RangePreset::Last24Hours,
                              RangePreset::Last7Days, RangePreset::Last30Days}) {
        context.setRange(preset);
        QSignalSpy refreshed(overview, &OverviewView::refreshed);
        refreshed.wait(30000); // the refresh the range change started
        std::vector<double> times;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer timer;
            timer.start();
            overview->refresh();
            if (!refreshed.wait(30000))
                break;
            times.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        out() << QStringLiteral("overview refresh %1 %2 ms (median of %3; %4 events)")
                     .arg(AppContext::presetName(preset), -18).arg(median(times), 7, 'f', 1).arg(times.size())
                     .arg(overview->data().totals.events) << Qt::endl;
    }

    // The Events table: time to its first page, all time, newest first.
    EventTableModel model(context.reader());
    const std::pair<const char *, EventFilter> filters[] = {
        {"no filter", EventFilter{}},
        {"event name", [] { EventFilter f; f.name = QStringLiteral("event.3"); return f; }()},
        {"OS", [] { EventFilter f; f.os = QStringLiteral("linux"); return f; }()},
        {"country", [] { EventFilter f; f.country = QStringLiteral("JP"); return f; }()},
        {"text in properties", [] { EventFilter f; f.text = QStringLiteral("search"); return f; }()},
    };
    for (const auto &[name, filter] : filters) {
        std::vector<double> times;
        for (int i = 0; i < runs; ++i)
            times.push_back(firstPageMs(model, filter));
        out() << QStringLiteral("events table, %1 first page complete after %2 ms (median of %3, %4 rows)")
                     .arg(QString::fromLatin1(name), -20).arg(median(times), 7, 'f', 1).arg(runs).arg(model.rowCount()) << Qt::endl;
    }

    // CSV export of the last 7 days.
    {
        EventFilter filter;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        filter.range = TimeRange{now - 7 * 86400000LL, now + 60000};
        const QString file = QDir::temp().filePath(QStringLiteral("bench-app-export.csv"));
        QElapsedTimer timer;
        timer.start();
        const auto written = context.reader()->exportCsv(filter, file, {}).result(); // as the app exports
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (written)
            out() << QStringLiteral("CSV export                  %1 rows/s (%2 rows, %3 MB in %4 s)")
                         .arg(double(written.value()) / seconds, 0, 'f', 0).arg(written.value())
                         .arg(double(QFileInfo(file).size()) / 1e6, 0, 'f', 0).arg(seconds, 0, 'f', 2) << Qt::endl;
        else
            out() << "CSV export failed: " << written.error() << Qt::endl;
        QFile::remove(file);
    }

    if (qEnvironmentVariableIsSet("BENCH_NO_TAIL"))
        window.eventsView()->model()->setLiveTail(false);
    // Live: the embedded collector takes events at a steady rate while the Overview shows them.
    // A 5 ms timer measures how late the GUI thread gets back to its event loop.
    Collector::StartError error;
    if (!remote && !context.startCollector(&error)) {
        out() << "collector did not start: " << error.message << Qt::endl;
        return 1;
    }
    {
        // Range changes, each ending on the range the live phase shows: the GUI thread's longest
        // event while the Overview redraws (its query runs on a worker thread).
        QStringList longest;
        app.setTiming(true);
        for (RangePreset preset : {RangePreset::Last30Days, RangePreset::Last15Minutes, RangePreset::Last7Days,
                                   RangePreset::LastHour}) {
            QSignalSpy refreshed(overview, &OverviewView::refreshed);
            app.takeLongest();
            context.setRange(preset);
            refreshed.wait(30000);
            QTest::qWait(500);
            longest << QStringLiteral("%1 ms").arg(app.takeLongest(), 0, 'f', 0);
        }
        app.setTiming(false);
        out() << "GUI thread on a range change (30 d, 15 min, 7 d, 1 h): longest event " << longest.join(QStringLiteral(", "))
              << Qt::endl;
        for (const QString &line : app.takeSlow())
            out() << "  slow GUI event: " << line << Qt::endl;
    }
    {
        // The Insights view over 30 days: each kind of insight loading (its query on a worker
        // thread), then a dashboard of eight refreshing at once: the GUI thread's longest event.
        InsightsView *insights = window.insightsView();
        window.showView(window.viewIndex(insights));
        context.setRange(RangePreset::Last30Days);
        QTest::qWait(1000);
        QList<InsightSpec> specs;
        InsightSpec trend;
        trend.name = QStringLiteral("one event by OS");
        trend.event = QStringLiteral("event.1");
        trend.breakdown = QStringLiteral("os");
        InsightSpec countries;
        countries.name = QStringLiteral("all events by country");
        countries.breakdown = QStringLiteral("country");
        InsightSpec users;
        users.name = QStringLiteral("active users");
        users.kind = InsightKind::ActiveUsers;
        InsightSpec sessions;
        sessions.name = QStringLiteral("sessions");
        sessions.kind = InsightKind::Sessions;
        InsightSpec retention;
        retention.name = QStringLiteral("retention, 8 weeks");
        retention.kind = InsightKind::Retention;
        retention.window = Interval::Week;
        InsightSpec funnel;
        funnel.name = QStringLiteral("4-step funnel");
        funnel.kind = InsightKind::Funnel;
        funnel.steps = {QStringLiteral("event.1"), QStringLiteral("event.2"), QStringLiteral("event.3"), QStringLiteral("event.4")};
        InsightSpec average;
        average.name = QStringLiteral("p95 duration");
        average.metric = TrendMetric::P95;
        average.property = QStringLiteral("durationMs");
        InsightSpec bars = countries;
        bars.name = QStringLiteral("all events by country, bars");
        bars.style = MultiSeriesChart::Style::Bar;
        specs << trend << countries << users << sessions << retention << funnel << average << bars;
        QStringList longest;
        app.setTiming(true);
        for (const InsightSpec &spec : std::as_const(specs)) {
            app.takeLongest();
            QElapsedTimer timer;
            timer.start();
            insights->loadSpec(spec);
            while (insights->panel()->isLoading() && timer.elapsed() < 120000)
                QTest::qWait(20);
            longest << QStringLiteral("%1 %2 ms (shown after %3 s)").arg(spec.name).arg(app.takeLongest(), 0, 'f', 0)
                           .arg(double(timer.elapsed()) / 1000, 0, 'f', 1);
        }
        out() << "GUI thread, Insights view: longest event per insight: " << longest.join(QStringLiteral("; ")) << Qt::endl;
        for (InsightSpec spec : std::as_const(specs)) {
            spec.pinned = true;
            insights->saveInsight(spec);
        }
        app.takeLongest();
        QElapsedTimer timer;
        timer.start();
        insights->showPage(InsightsView::Dashboard);
        const auto loading = [&] {
            return std::any_of(insights->dashboardPanels().cbegin(), insights->dashboardPanels().cend(),
                               [](const InsightPanel *p) { return p->isLoading(); });
        };
        while (loading() && timer.elapsed() < 300000)
            QTest::qWait(20);
        out() << QStringLiteral("GUI thread, a dashboard of %1 insights: longest event %2 ms, all shown after %3 s")
                     .arg(insights->dashboardPanels().size()).arg(app.takeLongest(), 0, 'f', 0)
                     .arg(double(timer.elapsed()) / 1000, 0, 'f', 1)
              << Qt::endl;
        app.setTiming(false);
        for (const QString &line : app.takeSlow())
            out() << "  slow GUI event: " << line << Qt::endl;
        for (const InsightSpec &spec : std::as_const(specs))
            insights->removeInsight(spec.name);
        window.showView(window.viewIndex(overview));
        context.setRange(RangePreset::LastHour);
    }
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    // A 5 ms timer: how late the GUI thread gets back to its event loop.
    QElapsedTimer frame;
    frame.start();
    std::vector<double> gaps;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        gaps.push_back(double(frame.nsecsElapsed()) / 1e6);
        frame.restart();
    });
    if (seconds > 0) // 0: no live phase (the database stays as it was, for a second run to read the same)
        measureLive(app, context, *overview, parser, remote, seconds, frame, gaps, probe);
    if (const qint64 pid = parser.value(QStringLiteral("collector-pid")).toLongLong(); remote && pid > 0) {
        // The collector stops answering (SIGSTOP: connections hang, as behind a dead link) for 15 s:
        // the window must stay responsive, say so, and come back once it answers again.
        gaps.clear();
        frame.restart();
        probe.start(5);
        app.setTiming(true);
        ::kill(pid_t(pid), SIGSTOP);
        QElapsedTimer away;
        away.start();
        qint64 offlineAfterMs = -1;
        while (away.elapsed() < 15000) {
            QTest::qWait(50);
            if (offlineAfterMs < 0 && !context.remoteProblem().isEmpty())
                offlineAfterMs = away.elapsed();
        }
        ::kill(pid_t(pid), SIGCONT);
        QElapsedTimer back;
        back.start();
        while (!context.remoteProblem().isEmpty() && back.elapsed() < 30000)
            QTest::qWait(50);
        probe.stop();
        app.setTiming(false);
        for (const QString &line : app.takeSlow())
            out() << "slow GUI event: " << line << Qt::endl;
        std::sort(gaps.begin(), gaps.end());
        out() << QStringLiteral("GUI thread, collector not answering for 15 s: longest stall %1 ms, %2 stalls over 50 ms; "
                                "offline shown after %3 s, back %4 s after it answered")
                     .arg(gaps.empty() ? 0 : gaps.back(), 0, 'f', 1)
                     .arg(std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 50; }))
                     .arg(offlineAfterMs < 0 ? -1.0 : double(offlineAfterMs) / 1000, 0, 'f', 1)
                     .arg(double(back.elapsed()) / 1000, 0, 'f', 1)
              << Qt::endl;
    }
    out() << QStringLiteral("peak RSS                    %1 MB").arg(peakRssMb(), 0, 'f', 0) << Qt::endl;
    return 0;
}
