// bench-insights: how long the insights the issue names take over big databases, each database in
// the same run (a SQLite file and a PostgreSQL URL, filled by bench-overview): a 30-day daily trend
// with a breakdown, DAU over 30 days, 8-week retention, a 4-step funnel over 7 days, and the rest of
// what the Insights view asks. Prints the median of several runs per query and database.

#include "core/timeunits.h"
#include "query/insightquery.h"
#include "storage/readconnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <vector>

using namespace tdesk;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Timed
{
    const char *name;
    std::function<QString(const QSqlDatabase &, const TimeRange &)> run; // what it found, or the error
};

template<typename T>
QString summary(const Result<T> &r, const std::function<QString(const T &)> &describe)
{
    return r ? describe(*r) : QStringLiteral("ERROR ") + r.error();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the insights over big databases (fill them with bench-overview)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("db"), QStringLiteral("SQLite files and PostgreSQL URLs."), QStringLiteral("db..."));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Timed runs per query (default 5)."), QStringLiteral("N"),
                                        QStringLiteral("5"));
    const QCommandLineOption zoneOption(QStringLiteral("tz"), QStringLiteral("Time zone of the buckets (default Europe/Berlin)."),
                                        QStringLiteral("ZONE"), QStringLiteral("Europe/Berlin"));
    parser.addOptions({runsOption, zoneOption});
    parser.process(app);
    if (parser.positionalArguments().isEmpty())
        parser.showHelp(2);
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const QString zone = parser.value(zoneOption);

    const auto filter = [&](const TimeRange &range) {
        InsightFilter f;
        f.projectId = 1;
        f.range = range;
        f.timeZone = zone;
        return f;
    };
    const auto days = [](const TimeRange &end, int n) { return TimeRange{end.toMs - n * DayMs, end.toMs}; };
    const std::vector<Timed> queries = {
        {"trend 30 d daily, event by os", [&](const QSqlDatabase &db, const TimeRange &end) {
             TrendQuery q;
             q.filter = filter(days(end, 30));
             q.event = QStringLiteral("event.1");
             q.breakdown = QStringLiteral("os");
             return summary<TrendResult>(loadTrend(db, q), [](const TrendResult &t) { return QStringLiteral("%1 series").arg(t.series.size()); });
         }},
        {"trend 30 d daily, all by country", [&](const QSqlDatabase &db, const TimeRange &end) {
             TrendQuery q;
             q.filter = filter(days(end, 30));
             q.breakdown = QStringLiteral("country");
             return summary<TrendResult>(loadTrend(db, q), [](const TrendResult &t) { return QStringLiteral("%1 series").arg(t.series.size()); });
         }},
        {"trend 30 d daily, users of an event", [&](const QSqlDatabase &db, const TimeRange &end) {
             TrendQuery q;
             q.filter = filter(days(end, 30));
             q.event = QStringLiteral("event.1");
             q.metric = TrendMetric::Users;
             return summary<TrendResult>(loadTrend(db, q), [](const TrendResult &t) { return QStringLiteral("%1 points").arg(t.series.value(0).points.size()); });
         }},
        {"DAU/WAU/MAU 30 d", [&](const QSqlDatabase &db, const TimeRange &end) {
             return summary<ActiveUsersResult>(loadActiveUsers(db, filter(days(end, 30))), [](const ActiveUsersResult &a) {
                 return QStringLiteral("last DAU %1, MAU %2").arg(a.points.constLast().daily).arg(a.points.constLast().monthly);
             });
         }},
        {"retention 8 weeks", [&](const QSqlDatabase &db, const TimeRange &end) {
             RetentionQuery q{filter(days(end, 56)), Interval::Week, 8, {}, {}};
             return summary<RetentionResult>(loadRetention(db, q), [](const RetentionResult &r) {
                 qint64 users = 0;
                 for (const RetentionCohort &c : r.cohorts)
                     users += c.size;
                 return QStringLiteral("%1 cohorts, %2 users").arg(r.cohorts.size()).arg(users);
             });
         }},
        {"funnel 4 steps, 7 d", [&](const QSqlDatabase &db, const TimeRange &end) {
             FunnelQuery q{filter(days(end, 7)), {QStringLiteral("event.1"), QStringLiteral("event.2"), QStringLiteral("event.3"),
                                                 QStringLiteral("event.4")}, HourMs, false, {}};
             return summary<FunnelResult>(loadFunnel(db, q), [](const FunnelResult &f) {
                 return QStringLiteral("%1 → %2 users").arg(f.steps.constFirst().users).arg(f.steps.constLast().users);
             });
         }},
        {"sessions 7 d", [&](const QSqlDatabase &db, const TimeRange &end) {
             return summary<SessionsResult>(loadSessions(db, {filter(days(end, 7)), Interval::Day}),
                                            [](const SessionsResult &s) { return QStringLiteral("%1 sessions").arg(s.sessions); });
         }},
        {"properties 7 d", [&](const QSqlDatabase &db, const TimeRange &end) {
             return summary<PropertiesResult>(loadProperties(db, 1, days(end, 7), QStringLiteral("event.3")),
                                              [](const PropertiesResult &p) { return QStringLiteral("%1 keys").arg(p.keys.size()); });
         }},
    };

    out() << "median of " << runs << " runs, ms, buckets in " << zone << Qt::endl;
    for (const QString &location : parser.positionalArguments()) {
        const auto url = parseDatabaseUrl(location);
        if (!url) {
            out() << location << ": " << url.error() << Qt::endl;
            return 2;
        }
        const QSqlDatabase db = readConnection(*url);
        QSqlQuery newest(db);
        newest.exec(QStringLiteral("SELECT max(ts), count(*) FROM events"));
        if (!newest.next() || newest.value(1).toLongLong() == 0) {
            out() << location << ": no events (fill it with bench-overview)" << Qt::endl;
            return 2;
        }
        const TimeRange end{0, newest.value(0).toLongLong() + 1};
        out() << (url->kind == DatabaseUrl::Kind::Postgresql ? "postgresql" : "sqlite") << ", " << newest.value(1).toLongLong()
              << " events" << Qt::endl;
        for (const Timed &query : queries) {
            std::vector<qint64> times;
            QString found;
            for (int i = 0; i < runs; ++i) {
                QElapsedTimer timer;
                timer.start();
                found = query.run(db, end);
                times.push_back(timer.elapsed());
            }
            std::sort(times.begin(), times.end());
            out() << QStringLiteral("  %1 %2 ms  (%3)").arg(QLatin1String(query.name), -38).arg(times[times.size() / 2], 6).arg(found)
                  << Qt::endl;
        }
    }
    return 0;
}
