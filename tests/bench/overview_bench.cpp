// bench-overview: how long the desktop app's Overview takes to refresh over a big database.
// Fills the given SQLite file, when it holds no events yet, with N events spread over the last
// `days` days, through the collector's own writer (SqliteStore, big batches), so that the rollups
// are exactly the ones ingest writes. Then times loadOverview for each standard range (and a custom
// one with partial hours at both ends), median of several runs, and prints what it computed.

#include "core/timeunits.h"
#include "query/geoquery.h"
#include "query/overviewquery.h"
#include "storage/catalog.h"
#include "storage/readconnection.h"
#include "storage/storefactory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <vector>

using namespace tdesk;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Place
{
    QByteArray country, region, city;
    double latitude, longitude;
};

// A user and what their events carry besides a name.
struct User
{
    std::vector<QByteArray> hashes; // per project, as the collector's HMAC of (project, user)
    QByteArray os, ext, vscode;
    const Place *place = nullptr; // null: the address was not found
    bool located = true;          // false: a country without coordinates
};

template<typename T>
const T &skewedPick(QRandomGenerator &random, const std::vector<T> &items)
{
    // Squaring a uniform draw favours the first items, as real traffic favours a few values.
    const double u = random.generateDouble();
    return items[size_t(u * u * double(items.size()))];
}

QByteArray hex(QRandomGenerator &random, int digits)
{
    QByteArray bytes((digits + 7) / 8 * 4, Qt::Uninitialized);
    random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return bytes.toHex().left(digits);
}

// The traffic: deterministic for a seed.
class Traffic
{
public:
    Traffic(int users, int places, const std::vector<qint64> &projectIds)
        : m_random(42)
        , m_projectIds(projectIds)
    {
        static const char *const Countries[] = {"US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "NL", "SE", "ES", "IT",
                                                "PL", "CN", "KR", "AU", "MX", "CH", "AT", "UA", "TR", "AR", "ID", "ZA"};
        for (int i = 0; i < places; ++i) {
            const QByteArray country = Countries[m_random.bounded(int(std::size(Countries)))];
            m_places.push_back(Place{country, country + "-R" + QByteArray::number(i % 7), "City " + QByteArray::number(i),
                                     m_random.bounded(130.0) - 60.0, m_random.bounded(360.0) - 180.0});
        }
        static const char *const Systems[] = {"win32", "darwin", "linux"};
        for (int i = 0; i < users; ++i) {
            User u;
            for (size_t p = 0; p < projectIds.size(); ++p)
                u.hashes.push_back(hex(m_random, 32));
            u.os = Systems[m_random.bounded(3)];
            u.ext = "1." + QByteArray::number(m_random.bounded(4)) + '.' + QByteArray::number(m_random.bounded(8));
            u.vscode = "1.9" + QByteArray::number(m_random.bounded(6)) + ".0";
            const int where = m_random.bounded(100);
            u.place = where < 3 ? nullptr : &skewedPick(m_random, m_places);
            u.located = where >= 12;
            m_users.push_back(u);
        }
        for (int i = 1; i <= 30; ++i)
            m_names.push_back("event." + QByteArray::number(i));
        for (size_t p = 0; p < projectIds.size(); ++p)
            m_projectIndexes.push_back(int(p));
    }

    // The next event at time t, into one of the projects (the first ones get more).
    Event next(qint64 t)
    {
        const User &u = skewedPick(m_random, m_users);
        const auto project = size_t(skewedPick(m_random, m_projectIndexes));
        Event e;
        e.projectId = m_projectIds[project];
        e.timeMs = t;
        e.receivedMs = t;
        // Time first, as the SDKs' UUIDv7 ids: the idempotency index grows at its end.
        e.id = QByteArray::number(t, 16).rightJustified(12, '0') + hex(m_random, 20);
        e.userHash = u.hashes[project];
        e.name = skewedPick(m_random, m_names);
        e.os = u.os;
        e.ext = u.ext;
        e.vscode = u.vscode;
        e.sessionId = e.userHash.left(16);
        e.props = "{\"durationMs\":" + QByteArray::number(m_random.bounded(5000)) + ",\"feature\":\"search\"}";
        if (u.place) {
            e.country = u.place->country;
            e.region = u.place->region;
            e.city = u.place->city;
            if (u.located) {
                e.latitude = u.place->latitude;
                e.longitude = u.place->longitude;
            }
        }
        return e;
    }

private:
    QRandomGenerator m_random;
    std::vector<Place> m_places;
    std::vector<User> m_users;
    std::vector<QByteArray> m_names;
    std::vector<qint64> m_projectIds;
    std::vector<int> m_projectIndexes;
};

qint64 storedEvents(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT count(*) FROM events")) && q.next() ? q.value(0).toLongLong() : -1;
}

// The project ids events go to: the default project and `count - 1` more, created when missing.
Result<std::vector<qint64>> benchProjects(const QString &path, int count)
{
    auto catalog = Catalog::open(parseDatabaseUrl(path).value());
    if (!catalog)
        return Error{catalog.error()};
    std::vector<qint64> ids;
    for (int i = 0; i < count; ++i) {
        const QString name = i == 0 ? defaultProjectName() : QStringLiteral("bench-%1").arg(i);
        auto project = catalog->project(name);
        if (!project)
            project = catalog->createProject(name);
        if (!project)
            return Error{project.error()};
        ids.push_back(project->id);
    }
    return ids;
}

bool load(EventStore &store, const QString &path, qint64 events, int days, int users, int places, int projects,
          qint64 nowMs)
{
    const auto projectIds = benchProjects(path, projects);
    if (!projectIds) {
        out() << "bench-overview: " << projectIds.error() << Qt::endl;
        return false;
    }
    Traffic traffic(users, places, projectIds.value());
    const qint64 start = nowMs - qint64(days) * DayMs;
    const double step = double(nowMs - start) / double(events);
    constexpr qint64 Chunk = 10000;
    QElapsedTimer timer;
    timer.start();
    for (qint64 done = 0; done < events;) {
        std::vector<Event> chunk;
        chunk.reserve(size_t(Chunk));
        for (qint64 i = 0; i < Chunk && done < events; ++i, ++done)
            chunk.push_back(traffic.next(start + qint64(double(done) * step)));
        while (!store.submit(quint64(done), std::move(chunk)))
            QThread::msleep(2); // the queue is full: let the writer catch up
        if (done % 1000000 == 0)
            out() << "  " << done << " events queued, " << timer.elapsed() / 1000 << " s" << Qt::endl;
    }
    while (store.stats().queuedEvents > 0)
        QThread::msleep(10);
    const StoreStats stats = store.stats();
    out() << "loaded " << stats.committedEvents << " events in " << timer.elapsed() / 1000.0 << " s ("
          << qint64(double(stats.committedEvents) / (double(timer.elapsed()) / 1000.0)) << " events/s, "
          << stats.commits << " transactions)" << Qt::endl;
    return stats.failedCommits == 0;
}

qint64 dayRollupThrough(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'rollup_day_through'"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

QString describe(const Breakdown &b)
{
    QStringList parts;
    for (const ValueCount &v : b.top)
        parts << (v.value.isEmpty() ? QStringLiteral("unknown") : v.value) + u'=' + QString::number(v.events);
    return parts.join(u' ') + QStringLiteral(" other=") + QString::number(b.other);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the Overview's queries over a big database (filled first when empty)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("db"), QStringLiteral("SQLite database file or PostgreSQL URL (filled when it holds no events)."));
    const QCommandLineOption eventsOption(QStringLiteral("events"), QStringLiteral("Events to load (default 10000000)."),
                                          QStringLiteral("N"), QStringLiteral("10000000"));
    const QCommandLineOption daysOption(QStringLiteral("days"), QStringLiteral("Days they span, up to now (default 30)."),
                                        QStringLiteral("N"), QStringLiteral("30"));
    const QCommandLineOption usersOption(QStringLiteral("users"), QStringLiteral("Distinct users (default 20000)."),
                                         QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption placesOption(QStringLiteral("places"), QStringLiteral("Distinct cities (default 1000)."),
                                          QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption projectsOption(QStringLiteral("projects"), QStringLiteral("Projects (default 3)."),
                                            QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Timed runs per range (default 7)."),
                                        QStringLiteral("N"), QStringLiteral("7"));
    parser.addOptions({eventsOption, daysOption, usersOption, placesOption, projectsOption, runsOption});
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QString path = parser.positionalArguments().constFirst();
    const auto number = [&](const QCommandLineOption &option) { return parser.value(option).toLongLong(); };
    const qint64 events = number(eventsOption);
    const int days = int(number(daysOption)), users = int(number(usersOption)), places = int(number(placesOption));
    const int projects = int(number(projectsOption)), runs = int(number(runsOption));
    if (events < 1 || days < 1 || users < 1 || places < 1 || projects < 1 || runs < 1) {
        out() << "bench-overview: every number must be positive" << Qt::endl;
        return 2;
    }

    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    // The writer creates and migrates the file (a read connection cannot), fills it, and builds the
    // daily rollup of the days that are over, as the collector would while it runs.
    const auto url = parseDatabaseUrl(path);
    if (!url) {
        out() << "bench-overview: " << url.error() << Qt::endl;
        return 2;
    }
    StoreOptions options;
    options.maxQueuedEvents = 200000;
    auto store = openEventStore(*url, options);
    if (!store) {
        out() << "bench-overview: " << store.error() << Qt::endl;
        return 1;
    }
    QSqlDatabase db = readConnection(*url);
    qint64 stored = storedEvents(db);
    if (stored == 0) {
        out() << "loading " << events << " events over " << days << " days, " << users << " users, " << places
              << " places, " << projects << " projects into " << path << Qt::endl;
        if (!load(**store, path, events, days, users, places, projects, nowMs))
            return 1;
        stored = storedEvents(db);
    }
    QElapsedTimer building;
    building.start();
    const qint64 lastDayOver = (nowMs - 5 * MinuteMs) / DayMs; // the writer builds a day 5 min after it ends
    while (dayRollupThrough(db) < lastDayOver && building.elapsed() < 600 * 1000)
        QThread::msleep(50);
    out() << "daily rollup built through " << QDateTime::fromMSecsSinceEpoch(dayRollupThrough(db) * DayMs, Qt::UTC).toString(Qt::ISODate)
          << " (waited " << building.elapsed() << " ms)" << Qt::endl;
    (*store)->drainAndStop();
    QSqlQuery newest(db);
    newest.exec(QStringLiteral("SELECT max(ts) FROM events"));
    // The ranges end at the newest event plus a bit, so that a reused file is read like a fresh one.
    const qint64 end = newest.next() ? newest.value(0).toLongLong() + 7 * 1000 : nowMs;
    out() << stored << " events stored" << Qt::endl;

    const struct
    {
        const char *name;
        TimeRange range;
    } ranges[] = {
        {"15 min", {end - 15 * MinuteMs, end}},
        {"1 h", {end - HourMs, end}},
        {"24 h", {end - DayMs, end}},
        {"7 d", {end - 7 * DayMs, end}},
        {"30 d", {end - 30 * DayMs, end}},
        {"custom 2d 7h 43m", {end - 2 * DayMs - 9 * HourMs - 17 * MinuteMs, end - 2 * HourMs - 34 * MinuteMs}},
        {"custom 11h 31m", {end - 12 * HourMs, end - 29 * MinuteMs}},
    };
    for (qint64 project : {AllProjects, qint64(1)}) {
        out() << (project == AllProjects ? "all projects" : "project 1 (the busiest)") << Qt::endl;
        for (const auto &[name, range] : ranges) {
            std::vector<double> times;
            Result<OverviewData> data = Error{};
            for (int run = 0; run <= runs; ++run) { // run 0 warms the cache, untimed
                QElapsedTimer timer;
                timer.start();
                data = loadOverview(db, project, range);
                if (run > 0)
                    times.push_back(double(timer.nsecsElapsed()) / 1e6);
            }
            if (!data) {
                out() << "bench-overview: " << name << ": " << data.error() << Qt::endl;
                return 1;
            }
            std::sort(times.begin(), times.end());
            std::vector<double> mapTimes;
            for (int run = 0; run <= runs; ++run) {
                QElapsedTimer timer;
                timer.start();
                const auto geo = loadGeoSummary(db, project, range);
                if (!geo) {
                    out() << "bench-overview: map of " << name << ": " << geo.error() << Qt::endl;
                    return 1;
                }
                if (run > 0)
                    mapTimes.push_back(double(timer.nsecsElapsed()) / 1e6);
            }
            std::sort(mapTimes.begin(), mapTimes.end());
            QElapsedTimer live;
            live.start();
            const auto perMinute = loadEventsPerMinute(db, project, {end - HourMs, end});
            const double liveMs = double(live.nsecsElapsed()) / 1e6;
            out() << QStringLiteral("  %1  median %2 ms (min %3, max %4)  events %5  users %6%7  previous %8 events  "
                                    "%9 points of %10 min  live chart %11 ms  map median %12 ms")
                         .arg(QLatin1String(name), -17)
                         .arg(times[times.size() / 2], 6, 'f', 1)
                         .arg(times.front(), 0, 'f', 1)
                         .arg(times.back(), 0, 'f', 1)
                         .arg(data->totals.events)
                         .arg(data->totals.users)
                         .arg(data->totals.usersEstimated ? QStringLiteral(" (estimated)") : QString())
                         .arg(data->previous.events)
                         .arg(data->series.size())
                         .arg(data->bucketMs / MinuteMs)
                         .arg(perMinute ? liveMs : -1.0, 0, 'f', 1)
                         .arg(mapTimes[mapTimes.size() / 2], 0, 'f', 1)
                  << Qt::endl;
            if (qstrcmp(name, "30 d") == 0) {
                QStringList top;
                for (const ValueCount &v : data->topEvents.top)
                    top << v.value + u'=' + QString::number(v.events);
                out() << "      top events: " << top.join(u' ') << Qt::endl;
                out() << "      os: " << describe(data->os) << Qt::endl;
                out() << "      app versions: " << describe(data->appVersions) << Qt::endl;
                out() << "      host versions: " << describe(data->hostVersions) << Qt::endl;
                out() << "      countries: " << describe(data->countries) << Qt::endl;
            }
        }
    }
    return 0;
}
