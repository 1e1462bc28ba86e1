// The Overview's figures against a brute-force count over the raw events, on databases filled
// through the collector's own writer (SqliteStore), so that the rollups read are the ones ingest
// writes; and the rollups themselves against the events, also after retention and project deletion.

#include "core/timeunits.h"
#include "query/geoquery.h"
#include "query/insightquery.h"
#include "query/overviewquery.h"
#include "query/rollupcounts.h"
#include "query/rollupplan.h"
#include "query/sqlstatements.h"
#include "storage/catalog.h"
#include "storage/readconnection.h"
#include "storage/metakeys.h"
#include "storage/sqlitestore.h"
#include "storage/useractivity.h"

#include <QDateTime>
#include <sqlite3.h>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace tdesk;

namespace {

// 2026-03-02T00:00:00Z: the main fixture's events lie in the five days from here.
constexpr qint64 Base = 1772409600000;

// An event as read back from the database: what the Overview counts.
struct Stored
{
    qint64 project;
    qint64 ts;
    QString user, name, os, ext, vscode, country; // "" for NULL, as the Overview shows it
};

QString hexHash(QRandomGenerator &random, quint32 firstWord)
{
    return QString::number(firstWord, 16).rightJustified(8, u'0') + QString::number(random.generate64(), 16).rightJustified(16, u'0')
        + QString::number(random.generate(), 16).rightJustified(8, u'0');
}

std::unique_ptr<SqliteStore> openStore(const QString &path, int retentionIntervalMs = 60000)
{
    SqliteOptions options;
    options.path = path;
    options.maxEventsPerTransaction = 500; // many transactions: rollup rows are added to, not only written
    options.retentionIntervalMs = retentionIntervalMs;
    auto store = SqliteStore::open(options);
    if (!store) {
        qWarning("%s", qPrintable(store.error()));
        return nullptr;
    }
    return std::move(store.value());
}

// Queues events in requests of varied sizes; waits while the queue is full.
void submitAll(SqliteStore &store, std::vector<Event> events, QRandomGenerator &random)
{
    quint64 ticket = 0;
    for (size_t i = 0; i < events.size();) {
        const size_t n = std::min(events.size() - i, size_t(1 + random.bounded(300)));
        std::vector<Event> request(std::make_move_iterator(events.begin() + qsizetype(i)),
                                   std::make_move_iterator(events.begin() + qsizetype(i + n)));
        while (!store.submit(++ticket, std::move(request)))
            QThread::msleep(5);
        i += n;
    }
}

qint64 projectId(Catalog &catalog, const QString &name)
{
    auto project = catalog.project(name);
    if (!project)
        project = catalog.createProject(name);
    return project ? project->id : -1;
}

QList<Stored> storedEvents(const QSqlDatabase &db)
{
    QList<Stored> events;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT project_id, ts, user_hash, name, os, ext, vscode, country FROM events ORDER BY id")))
        qWarning("%s", qPrintable(q.lastError().text()));
    while (q.next()) {
        events.append(Stored{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString(),
                             q.value(4).toString(), q.value(5).toString(), q.value(6).toString(), q.value(7).toString()});
    }
    return events;
}

qint64 metaValue(const QSqlDatabase &db, const char *key)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(QLatin1String(key));
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

// The rows a dimension rollup should hold for the events `where` keeps, per time unit `unit` (SQL).
QString expectedDimensionRows(const QString &unit, const QString &where)
{
    const QString place = QStringLiteral("coalesce(country, '') || '|' || coalesce(city, '') || '|' || printf('%.2f', lat)"
                                         " || '|' || printf('%.2f', lon)");
    const std::pair<const char *, QString> dims[] = {
        {"0", QStringLiteral("name")}, {"1", QStringLiteral("coalesce(os, '')")}, {"2", QStringLiteral("coalesce(ext, '')")},
        {"3", QStringLiteral("coalesce(vscode, '')")}, {"4", QStringLiteral("coalesce(country, '')")}, {"5", place}};
    QStringList selects;
    for (const auto &[dim, value] : dims) {
        selects << QStringLiteral("SELECT project_id, %1, %2, %3, count(*) FROM events WHERE (%4)%5 GROUP BY 1, 2, 4")
                       .arg(unit, QLatin1String(dim), value, where,
                            qstrcmp(dim, "5") == 0 ? QStringLiteral(" AND lat IS NOT NULL AND lon IS NOT NULL") : QString());
    }
    return selects.join(QStringLiteral(" UNION ALL "));
}

// What each rollup table should hold, computed from the events as migrations 2 and 3 define it (a
// place without a country has '' for it; rollup_day the days before its mark, rollup_recent the
// minutes between its marks), and what it holds: every row that differs, both ways.
// rollup_user_activity against the events: every (project, hour, user) of an event before the
// mark has its bit, and no other bit is set.
QStringList activityMismatches(const QSqlDatabase &db)
{
    const QString through = QString::number(metaValue(db, MetaKey::UserActivityThrough));
    std::set<std::tuple<qint64, qint64, QString>> stored, expected;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT project_id, block, user_hash, hours FROM rollup_user_activity")))
        return {q.lastError().text()};
    while (q.next()) {
        const QByteArray bits = q.value(3).toByteArray();
        for (int bit = 0; bit < int(UserActivityBlockHours); ++bit) {
            if (anyActivity(bits, bit, bit + 1))
                stored.insert({q.value(0).toLongLong(), (q.value(1).toLongLong() * UserActivityBlockHours + bit) * HourMs, q.value(2).toString()});
        }
    }
    if (!q.exec(QStringLiteral("SELECT DISTINCT project_id, ts - ts % 3600000, user_hash FROM events WHERE ts < ") + through))
        return {q.lastError().text()};
    while (q.next())
        expected.insert({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString()});
    QStringList mismatches;
    const auto differ = [&](const auto &a, const auto &b, const QString &label) {
        for (const auto &[project, hour, user] : a) {
            if (!b.contains({project, hour, user}))
                mismatches << QStringLiteral("%1 in rollup_user_activity: %2,%3,%4").arg(label).arg(project).arg(hour).arg(user);
        }
    };
    differ(stored, expected, QStringLiteral("unexpected"));
    differ(expected, stored, QStringLiteral("missing"));
    return mismatches;
}

QStringList rollupMismatches(const QSqlDatabase &db)
{
    const QString dayThrough = QString::number(metaValue(db, "rollup_day_through"));
    const auto recent = [&](const QString &minute) {
        return QStringLiteral("%1 >= %2 AND %1 < %3")
            .arg(minute)
            .arg(metaValue(db, "rollup_recent_from"))
            .arg(metaValue(db, "rollup_recent_through"));
    };
    const std::pair<QString, QString> tables[] = {
        {QStringLiteral("SELECT project_id, hour_ms, dim, value, events FROM rollup_hour"),
         expectedDimensionRows(QStringLiteral("ts - ts % 3600000"), QStringLiteral("1"))},
        {QStringLiteral("SELECT project_id, day, dim, value, events FROM rollup_day"),
         expectedDimensionRows(QStringLiteral("ts / 86400000"), QStringLiteral("ts / 86400000 < ") + dayThrough)},
        {QStringLiteral("SELECT project_id, minute_ms, dim, value, events FROM rollup_recent WHERE ") + recent(QStringLiteral("minute_ms")),
         expectedDimensionRows(QStringLiteral("ts - ts % 60000"), recent(QStringLiteral("ts - ts % 60000")))},
        {QStringLiteral("SELECT project_id, minute_ms, name, events FROM rollup_minute"),
         QStringLiteral("SELECT project_id, ts - ts % 60000, name, count(*) FROM events GROUP BY 1, 2, 3")},
        // The users' keyed rows and those of periods still open, as the readers see them.
        {QStringLiteral("SELECT project_id, day, user_hash FROM day_users"),
         QStringLiteral("SELECT DISTINCT project_id, ts / 86400000, user_hash FROM events")},
        {QStringLiteral("SELECT project_id, hour_ms, user_hash FROM hour_users"),
         QStringLiteral("SELECT DISTINCT project_id, ts - ts % 3600000, user_hash FROM events")},
        {QStringLiteral("SELECT project_id, day, country, user_hash FROM day_country_users"),
         QStringLiteral("SELECT DISTINCT project_id, ts / 86400000, coalesce(country, ''), user_hash FROM events")},
    };
    QStringList mismatches = activityMismatches(db);
    for (const auto &[stored, expected] : tables) {
        const std::pair<QString, QString> directions[] = {
            {QStringLiteral("unexpected"), stored + QStringLiteral(" EXCEPT SELECT * FROM (") + expected + u')'},
            {QStringLiteral("missing"), QStringLiteral("SELECT * FROM (") + expected + QStringLiteral(") EXCEPT ") + stored}};
        for (const auto &[label, sql] : directions) {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                mismatches << q.lastError().text();
                continue;
            }
            while (q.next()) {
                QStringList row;
                for (int i = 0; i < q.record().count(); ++i)
                    row << q.value(i).toString();
                mismatches << label + QStringLiteral(" in ") + stored.section(QStringLiteral("FROM "), 1).section(u' ', 0, 0)
                        + QStringLiteral(": ") + row.join(u',');
            }
        }
    }
    return mismatches;
}

QString describe(const QStringList &mismatches)
{
    return QString::number(mismatches.size()) + QStringLiteral(" rows differ, e.g. ") + mismatches.mid(0, 5).join(QStringLiteral("; "));
}

QString label(const ValueCount &v)
{
    return v.value + u'=' + QString::number(v.events);
}

QStringList labels(const QList<ValueCount> &list)
{
    QStringList out;
    for (const ValueCount &v : list)
        out << label(v);
    return out;
}

// The bucket size of a range's series, by hand (-1 for random ranges: held to the documented
// rules instead, see checkByContract).
struct Counting
{
    qint64 bucketMs = -1;
    bool byHand() const { return bucketMs >= 0; }
};

Counting bucket(qint64 bucketMs)
{
    return {bucketMs};
}

// The Overview computed the slow way, from the events themselves, with plain loops: series in
// buckets of `bucketMs`, the previous period's as well.
OverviewData bruteForce(const QList<Stored> &all, qint64 project, const TimeRange &range, qint64 bucketMs)
{
    OverviewData d;
    QList<Stored> events;
    for (const Stored &e : all) {
        if (project != AllProjects && e.project != project)
            continue;
        events.append(e);
    }
    d.range = range;
    d.previousRange = {range.fromMs - range.lengthMs(), range.fromMs};
    if (range.toMs <= range.fromMs)
        return d;

    std::map<QString, qint64> names, os, ext, vscode, countries;
    d.bucketMs = bucketMs;
    const auto periodOf = [&](const TimeRange &period, Series &series) {
        const qint64 firstBucket = floorTo(period.fromMs, bucketMs);
        for (qint64 b = firstBucket; b < period.toMs; b += bucketMs)
            series.append({b + range.fromMs - period.fromMs, 0});
        PeriodTotals totals;
        QSet<QString> users, countriesSeen;
        for (const Stored &e : std::as_const(events)) {
            if (!period.contains(e.ts))
                continue;
            ++totals.events;
            users.insert(e.user);
            if (!e.country.isEmpty())
                countriesSeen.insert(e.country);
            ++series[(floorTo(e.ts, bucketMs) - firstBucket) / bucketMs].second;
        }
        totals.users = users.size();
        totals.countries = countriesSeen.size();
        return totals;
    };
    d.totals = periodOf(range, d.series);
    d.previous = periodOf(d.previousRange, d.previousSeries);
    for (const Stored &e : std::as_const(events)) {
        if (!range.contains(e.ts))
            continue;
        ++names[e.name];
        ++os[e.os];
        ++ext[e.ext];
        ++vscode[e.vscode];
        ++countries[e.country];
    }
    // Most events first; std::map's order (by value) breaks ties, as the contract has it.
    const auto top = [](const std::map<QString, qint64> &counts, int limit) {
        QList<ValueCount> all;
        for (const auto &[value, n] : counts)
            all.append({value, n});
        std::stable_sort(all.begin(), all.end(), [](const ValueCount &a, const ValueCount &b) { return a.events > b.events; });
        Breakdown b;
        b.top = all.mid(0, limit);
        for (qsizetype i = limit; i < all.size(); ++i)
            b.other += all[i].events;
        return b;
    };
    d.topEvents = top(names, OverviewTopEvents);
    d.os = top(os, OverviewTopValues);
    d.appVersions = top(ext, OverviewTopValues);
    d.hostVersions = top(vscode, OverviewTopValues);
    d.countries = top(countries, OverviewTopValues);
    return d;
}

// For ranges without a hand-written Counting: the bucket held to overviewquery.h's words rather
// than to its arithmetic. It is one of the listed sizes, keeps the series within OverviewMaxPoints,
// and the next smaller size would not.
void checkByContract(const TimeRange &range, const OverviewData &actual)
{
    const QList<qint64> sizes = range.lengthMs() <= DayMs
        ? QList<qint64>{MinuteMs, 2 * MinuteMs, 5 * MinuteMs, 10 * MinuteMs, 15 * MinuteMs, 30 * MinuteMs}
        : QList<qint64>{HourMs, 2 * HourMs, 3 * HourMs, 6 * HourMs, 12 * HourMs, DayMs};
    const auto points = [&](qint64 size) { return (range.lengthMs() + size - 1) / size; };
    const qsizetype i = sizes.indexOf(actual.bucketMs);
    QVERIFY2(i >= 0 || (actual.bucketMs % DayMs == 0 && range.lengthMs() > DayMs), qPrintable(QString::number(actual.bucketMs)));
    QVERIFY(points(actual.bucketMs) <= OverviewMaxPoints);
    if (i > 0)
        QVERIFY(points(sizes[i - 1]) > OverviewMaxPoints);
}

const char *const Names[] = {"app.started", "command.run", "file.opened", "search.performed", "app.exited",
                             "settings.changed", "java.run.started", "java.run.completed", "error.raised",
                             "feature.export", "view:open/panel", "feature.share", "crash.report", "purchase $"};
const char *const Systems[] = {"win32", "darwin", "linux", nullptr};
const char *const Countries[] = {"US", "DE", "GB", "FR", "IN", "BR", "JP", "SE", "CA", "NL", "PL", "ES", nullptr};

// Coordinates that printf('%.2f') rounds in every direction, zero of both signs among them.
const double Latitudes[] = {51.5149, -33.865, 0.125, -0.0, 0.0, 47.2513, 59.999, -0.004};
const double Longitudes[] = {-0.0931, 151.2099, 2.345, 0.0, -122.3149, 18.0686, 179.995, -0.005};

template<typename T, size_t N>
T pickSkewed(QRandomGenerator &random, const T (&items)[N])
{
    const double u = random.generateDouble();
    return items[size_t(u * u * double(N))];
}

QByteArray bytes(const char *text)
{
    return text ? QByteArray(text) : QByteArray();
}

} // namespace

Q_DECLARE_METATYPE(Counting)

class TestOverviewQuery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    QList<Stored> m_events;
    std::vector<qint64> m_projects; // the fixture's three projects

    QSqlDatabase db() const { return sqliteReadConnection(m_path); }

    // ~6,000 events over five days in three projects, with every field sometimes missing, places
    // with awkward coordinates, events on hour and day boundaries, and retried requests.
    std::vector<Event> fixtureEvents(QRandomGenerator &random) const
    {
        QStringList users;
        for (int i = 0; i < 90; ++i)
            users << hexHash(random, random.generate());
        std::vector<Event> events;
        for (int i = 0; i < 6000; ++i) {
            Event e;
            e.projectId = m_projects[size_t(random.bounded(int(m_projects.size())))];
            e.timeMs = Base + qint64(random.bounded(5 * 24 * 3600)) * 1000 + random.bounded(1000);
            if (i % 97 == 0)
                e.timeMs = floorTo(e.timeMs, i % 2 ? HourMs : DayMs) - (i % 3 == 0 ? 1 : 0); // on a boundary, or just before
            e.receivedMs = e.timeMs;
            if (i % 5 != 0)
                e.id = "ev-" + QByteArray::number(i);
            e.userHash = users[int(random.bounded(users.size()))].toLatin1();
            e.name = pickSkewed(random, Names);
            e.os = bytes(pickSkewed(random, Systems));
            if (random.bounded(9) != 0)
                e.ext = "1." + QByteArray::number(random.bounded(12));
            if (random.bounded(7) != 0)
                e.vscode = "1.9" + QByteArray::number(random.bounded(10)) + ".0";
            e.country = bytes(pickSkewed(random, Countries));
            if (random.bounded(3) != 0) {
                const int place = random.bounded(int(std::size(Latitudes)));
                e.latitude = Latitudes[place];
                e.longitude = Longitudes[place];
                if (place % 3 != 0)
                    e.city = "City " + QByteArray::number(place);
            }
            events.push_back(e);
        }
        // Retries of requests already sent: stored once, counted once.
        for (int i = 0; i < 300; ++i) {
            const Event &sent = events[size_t(random.bounded(6000))];
            if (!sent.id.isEmpty())
                events.push_back(sent);
        }
        return events;
    }

    void compareOverview(qint64 project, const TimeRange &range, const Counting &counting)
    {
        compareOverviewOf(db(), m_events, project, range, counting);
    }

    // The Overview against the events: the bucket size as the row writes it by hand (or, without, as
    // the contract words it), every figure by brute force, those of the previous period too.
    static void compareOverviewOf(const QSqlDatabase &db, const QList<Stored> &events, qint64 project,
                                  const TimeRange &range, const Counting &counting)
    {
        const auto actual = loadOverview(db, project, range);
        QVERIFY2(actual, qPrintable(actual.error()));
        const bool empty = range.toMs <= range.fromMs;
        if (counting.byHand()) {
            QCOMPARE(actual->bucketMs, empty ? 0 : counting.bucketMs);
        } else if (!empty) {
            checkByContract(range, actual.value());
            if (QTest::currentTestFailed())
                return;
        }
        const OverviewData expected = bruteForce(events, project, range, actual->bucketMs);
        for (const auto &[a, e] : {std::pair{actual->totals, expected.totals}, std::pair{actual->previous, expected.previous}}) {
            QCOMPARE(a.events, e.events);
            // Exact, never over whole days or hours around the range; estimated only from many users.
            if (a.usersEstimated)
                QVERIFY2(e.users > 10000 && qAbs(a.users - e.users) <= e.users / 50,
                         qPrintable(QStringLiteral("%1 users estimated, %2 true").arg(a.users).arg(e.users)));
            else
                QCOMPARE(a.users, e.users);
            QCOMPARE(a.countries, e.countries);
        }
        QCOMPARE(actual->previousRange, expected.previousRange);
        QCOMPARE(actual->series, expected.series);
        QCOMPARE(actual->previousSeries, expected.previousSeries);
        QCOMPARE(labels(actual->topEvents.top), labels(expected.topEvents.top));
        QCOMPARE(actual->topEvents.other, expected.topEvents.other);
        const std::pair<const Breakdown *, const Breakdown *> breakdowns[] = {
            {&actual->os, &expected.os},
            {&actual->appVersions, &expected.appVersions},
            {&actual->hostVersions, &expected.hostVersions},
            {&actual->countries, &expected.countries}};
        for (const auto &[a, e] : breakdowns) {
            QCOMPARE(labels(a->top), labels(e->top));
            QCOMPARE(a->other, e->other);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("overview.db"));
        auto store = openStore(m_path);
        QVERIFY(store);
        {
            auto catalog = Catalog::open(parseDatabaseUrl(m_path).value());
            QVERIFY2(catalog, qPrintable(catalog.error()));
            for (const char *name : {"default", "alpha", "beta"})
                m_projects.push_back(projectId(*catalog, QString::fromLatin1(name)));
        }
        QRandomGenerator random(20260302);
        // Half the events, then, once the writer has built the days (long over), the other half:
        // late events of built days, which rollup_day takes at commit.
        std::vector<Event> events = fixtureEvents(random);
        std::vector<Event> late(std::make_move_iterator(events.begin() + qsizetype(events.size() / 2)),
                                std::make_move_iterator(events.end()));
        events.resize(events.size() / 2);
        submitAll(*store, std::move(events), random);
        QTRY_VERIFY_WITH_TIMEOUT(metaValue(db(), "rollup_day_through") >= Base / DayMs + 5, 20000);
        submitAll(*store, std::move(late), random);
        store->drainAndStop();
        QVERIFY2(store->stats().failedCommits == 0, qPrintable(store->stats().lastError));
        QVERIFY(store->stats().commits > 10);
        m_events = storedEvents(db());
        QCOMPARE(store->stats().committedEvents, quint64(m_events.size()));
        QVERIFY(m_events.size() >= 6000);
    }

    void rollupsHoldWhatTheEventsSay()
    {
        QVERIFY(metaValue(db(), "rollup_day_through") >= Base / DayMs + 5); // every fixture day is built
        const QStringList mismatches = rollupMismatches(db());
        QVERIFY2(mismatches.isEmpty(), qPrintable(describe(mismatches)));
        QSqlQuery places(db());
        QVERIFY(places.exec(QStringLiteral("SELECT count(DISTINCT value) FROM rollup_hour WHERE dim = 5")));
        QVERIFY(places.next());
        QVERIFY(places.value(0).toInt() >= 8); // the awkward coordinates did arrive
    }

    void overviewMatchesTheEvents_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<Counting>("counting");
        const auto at = [](int day, int hour, int minute, int second = 0) {
            return Base + day * DayMs + hour * HourMs + minute * MinuteMs + second * 1000;
        };
        // Users are counted over exactly the range, whichever days and hours it cuts: "24 h from
        // before noon" once counted yesterday alone.
        QTest::newRow("partial hours at both ends") << at(1, 0, 7, 13) << at(3, 5, 41, 7) << bucket(HourMs);
        QTest::newRow("whole hours") << at(1, 2, 0) << at(1, 9, 0) << bucket(2 * MinuteMs);
        QTest::newRow("inside one hour") << at(2, 3, 10) << at(2, 3, 50) << bucket(MinuteMs);
        QTest::newRow("1 h across an hour") << at(2, 3, 20, 30) << at(2, 4, 20, 30) << bucket(MinuteMs);
        QTest::newRow("15 min") << at(4, 11, 52, 1) << at(4, 12, 7, 1) << bucket(MinuteMs);
        QTest::newRow("24 h") << at(2, 13, 30) << at(3, 13, 30) << bucket(10 * MinuteMs);
        QTest::newRow("24 h from before noon") << at(1, 11, 59, 59) << at(2, 11, 59, 59) << bucket(10 * MinuteMs);
        QTest::newRow("24 h less a second") << at(2, 13, 30) << at(3, 13, 29, 59) << bucket(10 * MinuteMs);
        QTest::newRow("26 h, ends rounded outwards") << at(1, 11, 0) << at(2, 13, 0) << bucket(HourMs);
        QTest::newRow("36 h, ends rounded inwards") << at(1, 12, 1) << at(3, 0, 0) << bucket(HourMs);
        QTest::newRow("across midnight") << at(0, 22, 59, 59) << at(1, 1, 0, 1) << bucket(MinuteMs);
        QTest::newRow("7 d, all of it") << at(-1, 0, 0) << at(6, 0, 0) << bucket(HourMs);
        QTest::newRow("30 d") << at(-25, 6, 6) << at(5, 6, 6) << bucket(3 * HourMs);
        QTest::newRow("a millisecond") << at(2, 0, 0) << at(2, 0, 0) + 1 << bucket(MinuteMs);
        QTest::newRow("before any event") << at(-9, 0, 0) << at(-8, 3, 0) << bucket(HourMs);
        QTest::newRow("empty") << at(2, 0, 0) << at(2, 0, 0) << bucket(0);
        QTest::newRow("inverted") << at(3, 0, 0) << at(2, 0, 0) << bucket(0);
        QRandomGenerator random(7);
        for (int i = 0; i < 24; ++i) {
            const qint64 from = Base - DayMs + qint64(random.bounded(6 * 24 * 3600)) * 1000 + random.bounded(1000);
            const qint64 length = qint64(random.bounded(1, 6 * 24 * 60)) * MinuteMs + random.bounded(60000);
            QTest::addRow("random %d", i) << from << from + length << Counting{};
        }
    }

    void overviewMatchesTheEvents()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(Counting, counting);
        const TimeRange range{from, to};
        for (qint64 project : {AllProjects, m_projects[0], m_projects[1], m_projects[2], qint64(999)}) {
            compareOverview(project, range, counting);
            if (QTest::currentTestFailed()) {
                qWarning("project %lld", project);
                return;
            }
        }
    }

    void bucketsKeepChartsSmall_data()
    {
        QTest::addColumn<qint64>("length");
        QTest::addColumn<qint64>("bucket");
        QTest::newRow("15 min") << 15 * MinuteMs << MinuteMs;
        QTest::newRow("1 h") << HourMs << MinuteMs;
        QTest::newRow("4 h") << 4 * HourMs << MinuteMs;
        QTest::newRow("24 h") << DayMs << 10 * MinuteMs;
        QTest::newRow("7 d") << 7 * DayMs << HourMs;
        QTest::newRow("30 d") << 30 * DayMs << 3 * HourMs;
        QTest::newRow("a year") << 365 * DayMs << 2 * DayMs;
    }

    void bucketsKeepChartsSmall()
    {
        QFETCH(qint64, length);
        QFETCH(qint64, bucket);
        QCOMPARE(overviewBucketMs(length), bucket);
        // Whatever the alignment, the chart has at most one point more than the limit.
        const auto data = loadOverview(db(), AllProjects, {Base + 17 * MinuteMs + 3, Base + 17 * MinuteMs + 3 + length});
        QVERIFY(data);
        QVERIFY(data->series.size() <= OverviewMaxPoints + 1);
        QVERIFY(data->series.size() >= length / bucket);
    }

    void eventsPerMinuteForTheLiveChart()
    {
        for (qint64 project : {AllProjects, m_projects[1]}) {
            const TimeRange range{Base + DayMs + 5 * HourMs + 1234, Base + DayMs + 6 * HourMs + 1234};
            const auto minutes = loadEventsPerMinute(db(), project, range);
            QVERIFY2(minutes, qPrintable(minutes.error()));
            QList<QPair<qint64, qint64>> expected;
            for (qint64 m = floorTo(range.fromMs, MinuteMs); m < range.toMs; m += MinuteMs)
                expected.append({m, 0});
            for (const Stored &e : std::as_const(m_events)) {
                const qint64 minute = floorTo(e.ts, MinuteMs);
                if ((project == AllProjects || e.project == project) && minute >= expected.first().first && minute < range.toMs)
                    ++expected[(minute - expected.first().first) / MinuteMs].second;
            }
            QCOMPARE(minutes.value(), expected);
            QVERIFY(std::any_of(expected.cbegin(), expected.cend(), [](const auto &m) { return m.second > 0; }));
        }
        QVERIFY(loadEventsPerMinute(db(), AllProjects, {Base, Base})->isEmpty());
    }

    // The counts /stats and /debug/counts read from rollup_minute and rollup_day_users, against the
    // events: whole minutes starting in the range, periods aligned to the epoch, users of each day
    // on their own (one user of two projects is one user).
    void rollupCountsMatchTheEvents()
    {
        const TimeRange range{Base + DayMs + 5 * HourMs + 30 * MinuteMs + 17, Base + 3 * DayMs + 2 * HourMs + 7 * MinuteMs};
        for (qint64 project : {AllProjects, m_projects[2]}) {
            SqlStatements sql(db(), true);
            sql.bind(QStringLiteral(":project"), project);
            const QString projects = projectCondition(sql.dialect(), project);
            for (qint64 period : {MinuteMs, HourMs, 6 * HourMs, DayMs}) {
                QMap<qint64, qint64> expected;
                for (const Stored &e : std::as_const(m_events)) {
                    const qint64 minute = floorTo(e.ts, MinuteMs);
                    if ((project == AllProjects || e.project == project) && range.contains(minute))
                        ++expected[floorTo(e.ts, period)];
                }
                QCOMPARE(minuteRollupEventsPerPeriod(sql, projects, range, period), expected);
            }
            QHash<QString, qint64> byName, installs;
            QMap<qint64, QSet<QString>> dayUsers;
            for (const Stored &e : std::as_const(m_events)) {
                if (project != AllProjects && e.project != project)
                    continue;
                if (range.contains(floorTo(e.ts, MinuteMs))) {
                    ++byName[e.name];
                    if (e.name == QLatin1String("crash.report") || e.name == QLatin1String("purchase $"))
                        ++installs[e.name];
                }
                if (e.ts / DayMs >= Base / DayMs + 1 && e.ts / DayMs < Base / DayMs + 4)
                    dayUsers[e.ts / DayMs].insert(e.user);
            }
            QCOMPARE(minuteRollupEventsByName(sql, projects, range), byName);
            QCOMPARE(minuteRollupEventsByName(sql, projects, range, {QStringLiteral("crash.report"), QStringLiteral("purchase $")}),
                     installs);
            QVERIFY(!installs.isEmpty());
            QMap<qint64, qint64> users;
            for (auto it = dayUsers.cbegin(); it != dayUsers.cend(); ++it)
                users.insert(it.key(), it.value().size());
            // Users per day as /stats gives them: the insights engine's daily trend (off day_users).
            TrendQuery trend;
            trend.filter.projectId = project;
            trend.filter.range = {floorTo(Base, DayMs) + DayMs, floorTo(Base, DayMs) + 4 * DayMs};
            trend.metric = TrendMetric::Users;
            const auto daily = loadTrend(db(), trend);
            QVERIFY2(daily, qPrintable(daily.error()));
            QMap<qint64, qint64> trendUsers;
            for (const auto &[at, value] : daily->series.constFirst().points) {
                if (*value > 0)
                    trendUsers.insert(at / DayMs, qint64(*value));
            }
            QCOMPARE(trendUsers, users);
            QVERIFY2(sql.error().isEmpty(), qPrintable(sql.error()));
        }
    }

    void closedDatabaseIsAnError()
    {
        QSqlDatabase closed;
        QVERIFY(!loadOverview(closed, AllProjects, {Base, Base + HourMs}));
        QVERIFY(!loadEventsPerMinute(closed, AllProjects, {Base, Base + HourMs}));
    }

    // The figures come from several statements over rollups and raw events. While a writer commits
    // into the very hours read, each answer must be the Overview of one state of the database: the
    // first N stored events (a commit appends rows after every row before it), N between the counts
    // taken just before and just after the query. An answer read in parts from different states
    // adds up to none of them.
    void figuresAgreeWhileTheCollectorWrites()
    {
        const QString path = m_dir.filePath(QStringLiteral("live.db"));
        auto store = openStore(path);
        QVERIFY(store);
        // The feeder sends its next request as soon as the last one is committed, so that the writer
        // commits all the time the queries run, but runs at most a few commits ahead of the answers:
        // however slowly the queries run, there are many answers, and at most MaxEvents events (few
        // enough that users are always counted, never estimated).
        constexpr quint64 MaxEvents = 24000, CommitsPerAnswer = 8;
        std::mutex mutex;
        std::condition_variable progress;
        quint64 committedEvents = 0, commits = 0, answersTaken = 0;
        bool stop = false, feederDone = false, feederFailed = false;
        store->setCommitObserver([&](const std::vector<const Event *> &events) {
            {
                std::lock_guard lock(mutex);
                committedEvents += events.size();
                ++commits;
            }
            progress.notify_all();
        });
        const qint64 now = Base + 3 * HourMs + 30 * MinuteMs;
        std::thread feeder([&] {
            QRandomGenerator random(3);
            quint64 sent = 0;
            for (quint64 ticket = 1; sent < MaxEvents; ++ticket) {
                std::vector<Event> request;
                for (int i = 0; i < 20; ++i) {
                    Event e;
                    e.projectId = 1;
                    e.timeMs = now - random.bounded(int(3 * HourMs)); // the current hour and the two before
                    e.userHash = "u" + QByteArray::number(random.bounded(100000)); // new users keep coming
                    e.name = pickSkewed(random, Names);
                    e.os = bytes(pickSkewed(random, Systems));
                    e.ext = "1." + QByteArray::number(random.bounded(12));
                    if (random.bounded(4) != 0)
                        e.vscode = "1.9" + QByteArray::number(random.bounded(10)) + ".0";
                    e.country = bytes(pickSkewed(random, Countries));
                    request.push_back(e);
                }
                std::unique_lock lock(mutex);
                progress.wait(lock, [&] { return stop || commits < (answersTaken + 1) * CommitsPerAnswer; });
                if (stop)
                    break;
                lock.unlock();
                sent += request.size();
                if (!store->submit(ticket, std::move(request))) {
                    lock.lock();
                    feederFailed = true;
                    break;
                }
                store->commitSoon();
                lock.lock();
                if (!progress.wait_for(lock, std::chrono::seconds(20), [&] { return committedEvents >= sent; })) {
                    feederFailed = true;
                    break;
                }
            }
            std::lock_guard lock(mutex);
            feederDone = true;
        });
        const auto stopFeeder = [&] {
            {
                std::lock_guard lock(mutex);
                stop = true;
            }
            progress.notify_all();
            feeder.join();
        };
        auto stopWriting = qScopeGuard([&] { // also when a check below returns early
            stopFeeder();
            store->drainAndStop();
        });

        // 2 h 15 min ending now (minute buckets; users of its events), and 25 hours (hour buckets;
        // users of the UTC day its ends round to, which holds every event).
        const TimeRange shortRange{now - 2 * HourMs - 15 * MinuteMs, now};
        const TimeRange longRange{Base - 11 * HourMs, Base + 14 * HourMs};
        const QSqlDatabase liveDb = sqliteReadConnection(path);
        const auto storedCount = [&] {
            QSqlQuery q(liveDb);
            return q.exec(QStringLiteral("SELECT count(*) FROM events")) && q.next() ? q.value(0).toLongLong() : -1;
        };
        struct Answer
        {
            TimeRange range;
            qint64 before, after;
            OverviewData data;
        };
        QList<Answer> answers;
        const auto feederRuns = [&] {
            std::lock_guard lock(mutex);
            return !feederDone;
        };
        for (int i = 0; i < 400 && feederRuns(); ++i) {
            const TimeRange range = i % 2 ? longRange : shortRange;
            const qint64 before = storedCount();
            const auto data = loadOverview(liveDb, AllProjects, range);
            const qint64 after = storedCount();
            QVERIFY2(data, qPrintable(data.error()));
            answers.append({range, before, after, data.value()});
            {
                std::lock_guard lock(mutex);
                ++answersTaken;
            }
            progress.notify_all();
        }
        stopWriting.dismiss();
        stopFeeder();
        store->drainAndStop();
        QVERIFY(!feederFailed);
        QCOMPARE(store->stats().failedCommits, quint64(0));

        const QList<Stored> stored = storedEvents(liveDb); // in the order they were stored
        int writtenDuring = 0;
        for (const Answer &answer : std::as_const(answers)) {
            const OverviewData &data = answer.data;
            const QString what = QStringLiteral("%1 events between %2 and %3 stored, range %4 h")
                                     .arg(data.totals.events)
                                     .arg(answer.before)
                                     .arg(answer.after)
                                     .arg(double(answer.range.lengthMs()) / HourMs);
            // Within the answer: every figure counts the same events.
            qint64 inSeries = 0, inTopEvents = 0;
            for (const auto &point : data.series)
                inSeries += point.second;
            for (const ValueCount &v : data.topEvents.top)
                inTopEvents += v.events;
            QVERIFY2(inSeries == data.totals.events, qPrintable(what + QStringLiteral(", %1 in the series").arg(inSeries)));
            QVERIFY2(inTopEvents + data.topEvents.other == data.totals.events, qPrintable(what));
            for (const Breakdown *breakdown : {&data.os, &data.appVersions, &data.hostVersions, &data.countries}) {
                qint64 inBreakdown = breakdown->other;
                for (const ValueCount &v : breakdown->top)
                    inBreakdown += v.events;
                QVERIFY2(inBreakdown == data.totals.events, qPrintable(what + QStringLiteral(", %1 in a breakdown").arg(inBreakdown)));
            }
            // Against the events: the state it read has as many events in the range as the answer.
            // States between two such differ only outside the range, so the first one will do.
            qint64 state = -1, inRange = 0;
            for (qint64 n = 0; n <= answer.after && n <= stored.size(); ++n) {
                if (n >= answer.before && inRange == data.totals.events) {
                    state = n;
                    break;
                }
                if (n < stored.size())
                    inRange += answer.range.contains(stored[n].ts);
            }
            QVERIFY2(state >= 0, qPrintable(what + QStringLiteral(": no state had as many")));
            const bool isLong = answer.range == longRange;
            QCOMPARE(data.bucketMs, isLong ? HourMs : MinuteMs);
            const OverviewData expected = bruteForce(stored.mid(0, state), AllProjects, answer.range, data.bucketMs);
            QVERIFY2(data.series == expected.series, qPrintable(what));
            QVERIFY2(data.totals.users == expected.totals.users,
                     qPrintable(what + QStringLiteral(", %1 users, %2 in the state").arg(data.totals.users).arg(expected.totals.users)));
            QVERIFY2(labels(data.topEvents.top) == labels(expected.topEvents.top), qPrintable(what));
            const std::pair<const Breakdown *, const Breakdown *> breakdowns[] = {
                {&data.os, &expected.os},
                {&data.appVersions, &expected.appVersions},
                {&data.hostVersions, &expected.hostVersions},
                {&data.countries, &expected.countries}};
            for (const auto &[a, e] : breakdowns)
                QVERIFY2(labels(a->top) == labels(e->top) && a->other == e->other, qPrintable(what));
            writtenDuring += answer.after > answer.before;
        }
        // Else this would prove nothing: many queries ran while commits landed.
        QVERIFY2(writtenDuring >= 20, qPrintable(QString::number(writtenDuring)));
    }

    // Many user-days: counted from a random sample of the users, close to the truth, also for a
    // project that keeps a quarter of its users (whose hashes all start below 0x40000000).
    void usersOfLongRangesAreEstimatedClosely()
    {
        const QString path = m_dir.filePath(QStringLiteral("users.db"));
        auto store = openStore(path);
        QVERIFY(store);
        qint64 wide = 0, sampled = 0;
        {
            auto catalog = Catalog::open(parseDatabaseUrl(path).value());
            QVERIFY(catalog);
            wide = projectId(*catalog, QStringLiteral("wide"));
            sampled = projectId(*catalog, QStringLiteral("sampled"));
            auto project = catalog->project(QStringLiteral("sampled"));
            project->sampleRate = 0.25;
            QVERIFY(catalog->updateProject(project.value()));
        }
        constexpr int Users = 4000, Days = 14;
        QRandomGenerator random(99);
        std::vector<Event> events;
        for (qint64 project : {wide, sampled}) {
            for (int u = 0; u < Users; ++u) {
                const QByteArray hash = hexHash(random, project == sampled ? random.bounded(0x40000000u) : random.generate()).toLatin1();
                for (int day = 0; day < Days; ++day) {
                    Event e;
                    e.projectId = project;
                    e.timeMs = Base + day * DayMs + random.bounded(int(DayMs));
                    e.userHash = hash;
                    e.name = "tick";
                    e.country = u % 2 ? "SE" : "JP";
                    events.push_back(e);
                }
            }
        }
        std::sort(events.begin(), events.end(), [](const Event &a, const Event &b) { return a.timeMs < b.timeMs; });
        submitAll(*store, std::move(events), random);
        store->drainAndStop();
        QCOMPARE(store->stats().failedCommits, quint64(0));

        const QSqlDatabase usersDb = sqliteReadConnection(path);
        const TimeRange all{Base, Base + Days * DayMs};
        for (const auto &[project, truth] : {std::pair{wide, Users}, std::pair{sampled, Users}, std::pair{AllProjects, 2 * Users}}) {
            const auto data = loadOverview(usersDb, project, all);
            QVERIFY2(data, qPrintable(data.error()));
            QVERIFY(data->totals.usersEstimated);
            QCOMPARE(data->totals.events, qint64(Users) * Days * (project == AllProjects ? 2 : 1));
            QVERIFY2(qAbs(data->totals.users - truth) <= truth / 20,
                     qPrintable(QStringLiteral("project %1: %2 users estimated, %3 true").arg(project).arg(data->totals.users).arg(truth)));
        }
        // The map estimates its users alike, in total and per country.
        for (const auto &[project, truth] : {std::pair{wide, Users}, std::pair{sampled, Users}}) {
            const auto geo = loadGeoSummary(usersDb, project, all);
            QVERIFY2(geo, qPrintable(geo.error()));
            QVERIFY(geo->usersEstimated);
            QVERIFY2(qAbs(geo->users - truth) <= truth / 20, qPrintable(QString::number(geo->users)));
            QCOMPARE(geo->countries.size(), 2);
            for (const GeoCountry &country : geo->countries)
                QVERIFY2(qAbs(country.users - truth / 2) <= truth / 20, qPrintable(country.country + QString::number(country.users)));
        }
        // A day of them is few enough to count.
        const auto oneDay = loadOverview(usersDb, sampled, {Base + 3 * DayMs, Base + 4 * DayMs});
        QVERIFY(oneDay);
        QVERIFY(!oneDay->totals.usersEstimated);
        QCOMPARE(oneDay->totals.users, qint64(Users));
    }

    // A busy range shorter than a day counts its users over exactly the range (whole hours from
    // the hourly user rollup, raw events at its ends): exactly over few user-periods, estimated over many.
    void usersOfBusyShortRangesAreCountedOverTheRange()
    {
        const QString path = m_dir.filePath(QStringLiteral("busy.db"));
        auto store = openStore(path);
        QVERIFY(store);
        qint64 dense = 0, wide = 0;
        {
            auto catalog = Catalog::open(parseDatabaseUrl(path).value());
            QVERIFY(catalog);
            dense = projectId(*catalog, QStringLiteral("dense"));
            wide = projectId(*catalog, QStringLiteral("wide"));
        }
        QRandomGenerator random(31);
        QStringList users;
        for (int i = 0; i < 40000; ++i)
            users << hexHash(random, random.generate());
        const qint64 start = Base + 10 * HourMs;
        std::vector<Event> events;
        for (int i = 0; i < 150000; ++i) {
            Event e;
            e.projectId = i % 5 < 2 ? dense : wide;
            e.timeMs = start + random.bounded(int(3 * HourMs));
            e.userHash = users[e.projectId == dense ? random.bounded(3000) : random.bounded(40000)].toLatin1();
            e.name = pickSkewed(random, Names);
            e.os = bytes(pickSkewed(random, Systems));
            events.push_back(e);
        }
        submitAll(*store, std::move(events), random);
        store->drainAndStop();
        QCOMPARE(store->stats().failedCommits, quint64(0));

        const QSqlDatabase busyDb = sqliteReadConnection(path);
        const QStringList mismatches = rollupMismatches(busyDb);
        QVERIFY2(mismatches.isEmpty(), qPrintable(describe(mismatches)));
        // 2.5 hours of 50,000 dense events from 3,000 users: few enough to count.
        const TimeRange range{start + 20 * MinuteMs, start + 2 * HourMs + 50 * MinuteMs};
        const QList<Stored> busyEvents = storedEvents(busyDb);
        compareOverviewOf(busyDb, busyEvents, dense, range, bucket(MinuteMs));
        // More than 40,000 raw events at the ends (54 minutes of some 45,000 events within no whole
        // hour; and the wide project's ends): users widened to the whole hours holding the range, an
        // estimate within a few percent of those hours' users, never below the range's own.
        const TimeRange aroundNoon{start + HourMs + 32 * MinuteMs, start + 2 * HourMs + 26 * MinuteMs};
        QVERIFY(std::count_if(busyEvents.cbegin(), busyEvents.cend(), [&](const Stored &e) { return aroundNoon.contains(e.ts); })
                > 40000);
        for (const auto &[project, busy] : {std::pair{AllProjects, aroundNoon}, std::pair{wide, range}}) {
            const TimeRange hours{floorTo(busy.fromMs, HourMs), ceilTo(busy.toMs, HourMs)};
            QSet<QString> inRange, inHours;
            for (const Stored &e : busyEvents) {
                if (project == AllProjects || e.project == project) {
                    if (busy.contains(e.ts))
                        inRange.insert(e.user);
                    if (hours.contains(e.ts))
                        inHours.insert(e.user);
                }
            }
            const auto data = loadOverview(busyDb, project, busy);
            QVERIFY(data);
            QVERIFY(data->totals.usersEstimated);
            const qint64 users = data->totals.users, truth = inHours.size();
            QVERIFY2(qAbs(users - truth) <= truth / 20 && users >= qint64(inRange.size()) * 19 / 20,
                     qPrintable(QStringLiteral("%1 users estimated, %2 in the hours, %3 in the range").arg(users).arg(truth).arg(inRange.size())));
        }
    }

    // Retention drops whole days of events together with their rollups; a late event for a day
    // already dropped is counted again in full, its users included.
    void retentionKeepsRollupsConsistent()
    {
        const QString path = m_dir.filePath(QStringLiteral("retention.db"));
        qint64 shortLived = 0, keeper = 0;
        {
            auto store = openStore(path);
            QVERIFY(store);
            auto catalog = Catalog::open(parseDatabaseUrl(path).value());
            QVERIFY(catalog);
            shortLived = projectId(*catalog, QStringLiteral("short-lived"));
            keeper = projectId(*catalog, QStringLiteral("keeper"));
            auto project = catalog->project(QStringLiteral("short-lived"));
            project->retentionDays = 5;
            QVERIFY(catalog->updateProject(project.value()));
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QByteArray user = "0123456789abcdef0123456789abcdef";
        const auto event = [&](qint64 project, qint64 t, const char *name) {
            Event e;
            e.projectId = project;
            e.timeMs = t;
            e.userHash = user;
            e.name = name;
            e.country = "SE";
            e.latitude = 59.33;
            e.longitude = 18.07;
            return e;
        };
        auto store = openStore(path, 100);
        QVERIFY(store);
        QRandomGenerator random(5);
        std::vector<Event> events;
        for (int i = 0; i < 3000; ++i) {
            const qint64 age = qint64(random.bounded(12 * 24)) * HourMs + random.bounded(int(HourMs));
            events.push_back(event(i % 3 ? shortLived : keeper, now - age, i % 2 ? "old.or.new" : "other"));
        }
        submitAll(*store, events, random);
        const QSqlDatabase readDb = sqliteReadConnection(path);
        const auto count = [&](const QString &sql) {
            QSqlQuery q(readDb);
            return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
        };
        const qint64 firstKeptDay = (now - 5 * DayMs) / DayMs;
        const QString old = QStringLiteral("SELECT count(*) FROM events WHERE project_id = %1 AND ts < %2")
                                .arg(shortLived)
                                .arg(firstKeptDay * DayMs);
        QTRY_VERIFY_WITH_TIMEOUT(store->stats().committedEvents == 3000 && count(old) == 0, 10000);

        // A late event of a dropped day, sent just before the writer stops: nothing deletes it again.
        while (!store->submit(1, {event(shortLived, (firstKeptDay - 2) * DayMs + HourMs, "late")}))
            QThread::msleep(5);
        store->drainAndStop();
        QCOMPARE(count(old), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM rollup_day_users WHERE project_id = %1 AND day = %2")
                           .arg(shortLived)
                           .arg(firstKeptDay - 2)),
                 qint64(1));
        const QStringList mismatches = rollupMismatches(readDb);
        QVERIFY2(mismatches.isEmpty(), qPrintable(describe(mismatches)));
        // The other project keeps everything, and the short-lived one whole days from the cutoff.
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE project_id = %1").arg(keeper)), qint64(1000));
        QVERIFY(count(QStringLiteral("SELECT count(*) FROM events WHERE project_id = %1 AND ts >= %2")
                          .arg(shortLived)
                          .arg(firstKeptDay * DayMs))
                > 0);
    }

    // rollup_recent is written from the writer's memory once a minute is over: exact between its marks
    // through late events, a restart (the new writer reads the last hour back) and a second writer
    // of the same file (the table is given up while both write).
    void recentMinutesStayExact()
    {
        const QString path = m_dir.filePath(QStringLiteral("recent.db"));
        constexpr qint64 T0 = 1795514430000; // 2026-11-24T10:00:30Z
        std::atomic<qint64> now{T0};
        const auto open = [&] {
            SqliteOptions options;
            options.path = path;
            options.maxEventsPerTransaction = 50;
            options.clock = [&now] { return now.load(); };
            auto store = SqliteStore::open(options);
            return store ? std::move(store.value()) : nullptr;
        };
        auto store = open();
        QVERIFY(store);
        std::vector<qint64> projects;
        {
            auto catalog = Catalog::open(parseDatabaseUrl(path).value());
            QVERIFY(catalog);
            projects = {projectId(*catalog, QStringLiteral("default")), projectId(*catalog, QStringLiteral("other"))};
        }
        QRandomGenerator random(7);
        const auto events = [&](qint64 from, qint64 to, int n) {
            std::vector<Event> out;
            for (int i = 0; i < n; ++i) {
                Event e;
                e.projectId = projects[size_t(i % 2)];
                e.timeMs = from + qint64(random.bounded(double(to - from)));
                if (i % 50 == 0)
                    e.timeMs = floorTo(e.timeMs, MinuteMs) - (i % 100 ? 0 : 1); // on a minute boundary, or just before
                e.userHash = hexHash(random, random.generate()).toLatin1();
                e.name = pickSkewed(random, Names);
                e.os = bytes(pickSkewed(random, Systems));
                e.country = bytes(pickSkewed(random, Countries));
                if (i % 3) {
                    e.latitude = Latitudes[i % std::size(Latitudes)];
                    e.longitude = Longitudes[i % std::size(Longitudes)];
                }
                out.push_back(e);
            }
            return out;
        };
        const QSqlDatabase readDb = sqliteReadConnection(path);
        const auto checkAgainstEvents = [&](qint64 nowMs) {
            const QStringList mismatches = rollupMismatches(readDb);
            QVERIFY2(mismatches.isEmpty(), qPrintable(describe(mismatches)));
            const QList<Stored> stored = storedEvents(readDb);
            for (const TimeRange &range : {TimeRange{nowMs - 15 * MinuteMs, nowMs}, TimeRange{nowMs - HourMs, nowMs},
                                           TimeRange{T0 - 37 * MinuteMs - 1234, T0 + 3 * MinuteMs + 17}}) {
                for (qint64 project : {AllProjects, projects[0]})
                    compareOverviewOf(readDb, stored, project, range, bucket(MinuteMs)); // under an hour, few events
            }
        };
        const auto recentRows = [&] {
            QSqlQuery q(readDb);
            return q.exec(QStringLiteral("SELECT count(*) FROM rollup_recent")) && q.next() ? q.value(0).toLongLong() : -1;
        };

        // Before, inside and after the first writer's hour, up to the 10 minutes ahead an event may be.
        submitAll(*store, events(T0 - 90 * MinuteMs, T0 + 9 * MinuteMs, 3000), random);
        QTRY_COMPARE(store->stats().committedEvents, quint64(3000));
        const qint64 firstFrom = floorTo(T0, MinuteMs) - HourMs;
        QCOMPARE(metaValue(readDb, "rollup_recent_from"), firstFrom);
        now = T0 + 12 * MinuteMs;
        QTRY_COMPARE(metaValue(readDb, "rollup_recent_through"), floorTo(now - 2000, MinuteMs));
        QVERIFY(recentRows() > 0);
        // Late events of written minutes, and of minutes before the table's.
        submitAll(*store, events(T0 - 70 * MinuteMs, T0 + 5 * MinuteMs, 600), random);
        QTRY_COMPARE(store->stats().committedEvents, quint64(3600));
        checkAgainstEvents(now);
        // Ranges inside the table's minutes are read from them: raw events only in the minutes they cut.
        {
            const TimeRange range{T0 - 30 * MinuteMs + 17, T0 + 5 * MinuteMs + 3};
            SqlStatements sql(readDb, true);
            const QList<RangePart> plan = planRangeRead(sql, projectCondition(sql.dialect(), AllProjects), range);
            QVERIFY(std::any_of(plan.begin(), plan.end(), [](const RangePart &p) { return p.source == PartSource::Minute; }));
            const auto eventsIn = [&](qint64 from, qint64 to) {
                return sql.number(QStringLiteral("SELECT count(*) FROM events WHERE ts >= :from AND ts < :to"),
                                  {{":from", from}, {":to", to}});
            };
            qint64 raw = 0;
            for (const RangePart &part : plan) {
                if (part.source == PartSource::Raw)
                    raw += eventsIn(part.fromMs, part.toMs);
            }
            QVERIFY2(raw * 10 < eventsIn(range.fromMs, range.toMs), qPrintable(QString::number(raw)));
        }
        store.reset();

        // A restart: the marks hold until the new writer's first commit, which reads the last hour back.
        now = T0 + 30 * MinuteMs;
        store = open();
        QVERIFY(store);
        QCOMPARE(metaValue(readDb, "rollup_recent_from"), firstFrom);
        submitAll(*store, events(T0 + 25 * MinuteMs, T0 + 31 * MinuteMs, 300), random);
        QTRY_COMPARE(metaValue(readDb, "rollup_recent_from"), floorTo(now, MinuteMs) - HourMs);
        now = T0 + 33 * MinuteMs;
        QTRY_COMPARE(metaValue(readDb, "rollup_recent_through"), floorTo(now - 2000, MinuteMs));
        checkAgainstEvents(now);

        // A second writer of the same file: neither has the other's events in memory.
        auto second = open();
        QVERIFY(second);
        // Until the first writer commits again, the second one's table is exact: it read the first's
        // events back when it claimed the table. The first one's next commit gives the table up.
        submitAll(*second, events(now - MinuteMs, now, 20), random);
        QTRY_COMPARE(second->stats().committedEvents, quint64(20));
        QVERIFY(metaValue(readDb, "rollup_recent_through") > 0);
        checkAgainstEvents(now);
        submitAll(*store, events(now - MinuteMs, now, 20), random);
        QTRY_COMPARE(store->stats().committedEvents, quint64(320));
        QCOMPARE(metaValue(readDb, "rollup_recent_through"), qint64(0));
        now = T0 + 36 * MinuteMs;
        submitAll(*second, events(now - 2 * MinuteMs, now, 20), random);
        QTRY_COMPARE(second->stats().committedEvents, quint64(40));
        QTest::qWait(1500); // a maintenance round of each writer
        QCOMPARE(metaValue(readDb, "rollup_recent_through"), qint64(0));
        checkAgainstEvents(now);
        second.reset();
        store.reset();
        // Alone again: the next writer keeps the table once more.
        store = open();
        submitAll(*store, events(now - MinuteMs, now, 10), random);
        QTRY_COMPARE(metaValue(readDb, "rollup_recent_from"), floorTo(now, MinuteMs) - HourMs);
        store.reset();
        checkAgainstEvents(now);
    }

    // A reader left open (as the app's views are) does not keep the WAL of a closed store around.
    // The users of an hour or a day still open are appended to rollup_users_open and counted from
    // there; once the period is over the writer moves them into its keyed table, also when the
    // process that wrote them stopped before; a late event of a closed period goes there directly.
    // The figures agree with the events at every step.
    // A database of the schema before rollup_user_activity: the writer fills it from the events,
    // oldest first, in slices; events stored meanwhile into what it has folded set their own bits.
    void userActivityCatchesUpAfterAnUpgrade()
    {
        const QString path = m_dir.filePath(QStringLiteral("upgraded.db"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QRandomGenerator random(23);
        const auto events = [&](qint64 from, qint64 to, int n) {
            std::vector<Event> out;
            for (int i = 0; i < n; ++i) {
                Event e;
                e.projectId = 1;
                e.timeMs = from + qint64(random.bounded(double(to - from)));
                e.userHash = hexHash(random, random.bounded(300)).toLatin1();
                e.name = pickSkewed(random, Names);
                out.push_back(e);
            }
            return out;
        };
        {
            auto store = openStore(path);
            QVERIFY(store);
            submitAll(*store, events(now - 40 * DayMs, now, 20000), random);
            store->drainAndStop();
        }
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "DELETE FROM rollup_user_activity; DELETE FROM meta WHERE key = 'user_activity_through'", nullptr, nullptr,
                                  nullptr),
                     SQLITE_OK);
            sqlite3_close(db);
        }
        auto store = openStore(path);
        QVERIFY(store);
        submitAll(*store, events(now - 45 * DayMs, now, 3000), random); // late ones too, while it catches up
        const QSqlDatabase readDb = sqliteReadConnection(path);
        QTRY_VERIFY_WITH_TIMEOUT(metaValue(readDb, MetaKey::UserActivityThrough) >= floorTo(now - 2 * MinuteMs, HourMs), 60000);
        // Users of today so far, new ones after the mark among them: the bits up to the mark, the
        // events after it.
        std::vector<Event> recent = events(now - MinuteMs, now, 50);
        for (Event &e : recent)
            e.userHash = hexHash(random, random.generate()).toLatin1();
        submitAll(*store, recent, random);
        QTRY_COMPARE(store->stats().committedEvents, quint64(3050)); // since it opened
        InsightFilter filter;
        filter.projectId = 1;
        filter.range = {now - 10 * DayMs, QDateTime::currentMSecsSinceEpoch() + 1};
        const auto active = loadActiveUsers(readDb, filter);
        QVERIFY2(active, qPrintable(active.error()));
        for (const ActiveUsersPoint &p : active->points) {
            QSqlQuery daily(readDb);
            QVERIFY(daily.exec(QStringLiteral("SELECT count(DISTINCT user_hash) FROM events WHERE project_id = 1 AND ts >= %1 AND ts < %2")
                                   .arg(p.dayStartMs)
                                   .arg(std::min(p.dayStartMs + DayMs, filter.range.toMs)))
                    && daily.next());
            QCOMPARE(p.daily, daily.value(0).toLongLong());
        }
        store->drainAndStop();
        const QStringList mismatches = rollupMismatches(readDb);
        QVERIFY2(mismatches.isEmpty(), qPrintable(describe(mismatches)));
        QSqlQuery q(readDb);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM rollup_user_activity")) && q.next());
        QVERIFY(q.value(0).toLongLong() >= 300);
    }

    void usersOfPeriodsOverMoveToTheirTables()
    {
        const QString path = m_dir.filePath(QStringLiteral("open.db"));
        constexpr qint64 Hour10 = 1795514400000; // 2026-11-24T10:00:00Z
        std::atomic<qint64> now{Hour10 + 50 * MinuteMs};
        const auto open = [&] {
            SqliteOptions options;
            options.path = path;
            options.maxEventsPerTransaction = 100;
            options.clock = [&now] { return now.load(); };
            auto store = SqliteStore::open(options);
            return store ? std::move(store.value()) : nullptr;
        };
        auto store = open();
        QVERIFY(store);
        qint64 other = 0;
        {
            auto catalog = Catalog::open(parseDatabaseUrl(path).value());
            QVERIFY(catalog);
            other = projectId(*catalog, QStringLiteral("other"));
        }
        QRandomGenerator random(17);
        QStringList people;
        for (int i = 0; i < 400; ++i)
            people << hexHash(random, random.generate());
        const auto events = [&](qint64 from, qint64 to, int n) {
            std::vector<Event> out;
            for (int i = 0; i < n; ++i) {
                Event e;
                e.projectId = i % 2 ? other : 1;
                e.timeMs = from + qint64(random.bounded(double(to - from)));
                e.userHash = people[random.bounded(people.size())].toLatin1();
                e.name = "tick";
                e.country = bytes(pickSkewed(random, Countries));
                out.push_back(e);
            }
            return out;
        };
        const QSqlDatabase readDb = sqliteReadConnection(path);
        const auto rowsOf = [&](const QString &sql) {
            QSqlQuery q(readDb);
            return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
        };
        const auto usersAgree = [&](const TimeRange &range) {
            const auto data = loadOverview(readDb, AllProjects, range);
            QSet<QString> truth;
            for (const Stored &e : storedEvents(readDb)) {
                if (range.contains(e.ts))
                    truth.insert(e.user);
            }
            if (data && !data->totals.usersEstimated && data->totals.users == truth.size())
                return true;
            qWarning("users %lld estimated %d, truth %lld", data ? data->totals.users : -1LL, data ? int(data->totals.usersEstimated) : -1,
                     qint64(truth.size()));
            return false;
        };
        const TimeRange day{Hour10 - 10 * HourMs, Hour10 + 14 * HourMs};
        const TimeRange hour10{Hour10, Hour10 + HourMs};

        submitAll(*store, events(Hour10, Hour10 + 50 * MinuteMs, 3000), random);
        QTRY_COMPARE(store->stats().committedEvents, quint64(3000));
        QCOMPARE(rowsOf(QStringLiteral("SELECT count(*) FROM rollup_hour_users")), 0); // all open: appended
        QVERIFY(rowsOf(QStringLiteral("SELECT count(*) FROM rollup_users_open WHERE kind = 0")) > 0);
        QVERIFY(rollupMismatches(readDb).isEmpty());
        QVERIFY(usersAgree(hour10) && usersAgree(day));

        // 11:01:30: the hour 10 is over; the writer moves its users on its own, without new events.
        now = Hour10 + HourMs + MinuteMs + 30 * SecondMs;
        QTRY_COMPARE(rowsOf(QStringLiteral("SELECT count(*) FROM rollup_users_open WHERE kind = 0")), 0);
        QVERIFY(rowsOf(QStringLiteral("SELECT count(*) FROM rollup_hour_users")) > 0);
        QVERIFY(rowsOf(QStringLiteral("SELECT count(*) FROM rollup_users_open WHERE kind = 2")) > 0); // the day goes on
        QVERIFY2(rollupMismatches(readDb).isEmpty(), qPrintable(describe(rollupMismatches(readDb))));
        QVERIFY(usersAgree(hour10) && usersAgree(day));

        // A late event of the closed hour, and new users in the next: then a stop before the day is over.
        std::vector<Event> more = events(Hour10 + HourMs, Hour10 + HourMs + MinuteMs, 500);
        for (const Event &late : events(Hour10, Hour10 + HourMs, 20))
            more.push_back(late);
        submitAll(*store, std::move(more), random);
        QTRY_COMPARE(store->stats().committedEvents, quint64(3520));
        store.reset();
        QVERIFY(usersAgree(hour10) && usersAgree(day));

        // Started again after midnight: what the last process left open is moved.
        now = Hour10 + 14 * HourMs + 2 * MinuteMs;
        store = open();
        QVERIFY(store);
        QTRY_COMPARE(rowsOf(QStringLiteral("SELECT count(*) FROM rollup_users_open")), 0);
        QVERIFY2(rollupMismatches(readDb).isEmpty(), qPrintable(describe(rollupMismatches(readDb))));
        QVERIFY(usersAgree(hour10) && usersAgree(day));
    }

    // A period with more users than the writer keeps (here 300) keeps a sample: exactly the users
    // whose hash is below its bound. Its users are then estimated, closely, and marked so; ranges
    // that read no sampled period stay exact.
    void aPeriodOfVeryManyUsersIsSampled()
    {
        const QString path = m_dir.filePath(QStringLiteral("sampled.db"));
        constexpr qint64 Hour10 = 1795514400000; // 2026-11-24T10:00:00Z
        std::atomic<qint64> now{Hour10 + 59 * MinuteMs};
        SqliteOptions options;
        options.path = path;
        options.maxEventsPerTransaction = 200;
        options.userSampleLimit = 300;
        options.clock = [&now] { return now.load(); };
        auto opened = SqliteStore::open(options);
        QVERIFY(opened);
        auto store = std::move(opened.value());
        QRandomGenerator random(23);
        constexpr int Users = 4000;
        const auto hourOfUsers = [&](qint64 hour, int users) {
            std::vector<Event> events;
            for (int i = 0; i < users; ++i) {
                Event e;
                e.projectId = 1;
                e.timeMs = hour + qint64(random.bounded(int(59 * MinuteMs)));
                e.userHash = hexHash(random, random.generate()).toLatin1();
                e.name = "tick";
                e.country = i % 3 ? "SE" : "JP";
                events.push_back(e);
            }
            return events;
        };
        // A quiet hour before (over when it arrives: its users go straight to their table), then
        // 4,000 users in the hour 10 while it is on.
        std::vector<Event> events = hourOfUsers(Hour10 - 3 * HourMs, 50);
        for (Event &e : hourOfUsers(Hour10, Users))
            events.push_back(std::move(e));
        submitAll(*store, std::move(events), random);
        QTRY_COMPARE(store->stats().committedEvents, quint64(Users + 50));
        // 8,000 in the hour 11; the hour 10 is over and moved meanwhile.
        now = Hour10 + HourMs + 59 * MinuteMs;
        submitAll(*store, hourOfUsers(Hour10 + HourMs, 2 * Users), random);
        QTRY_COMPARE(store->stats().committedEvents, quint64(3 * Users + 50));
        submitAll(*store, hourOfUsers(Hour10 + HourMs, 1), random); // the last bounds lowered are written with the next commit
        store->drainAndStop();
        store.reset();

        const QSqlDatabase readDb = sqliteReadConnection(path);
        QSqlQuery q(readDb);
        QVERIFY(q.exec(QStringLiteral("SELECT kind, period, below FROM rollup_user_samples")));
        int samples = 0;
        while (q.next()) {
            ++samples;
            const int kind = q.value(0).toInt();
            const QString view = kind == 0 ? QStringLiteral("hour_users") : kind == 1 ? QStringLiteral("day_users")
                                                                                     : QStringLiteral("day_country_users");
            const QString period = kind == 0 ? QStringLiteral("ts - ts % 3600000") : QStringLiteral("ts / 86400000");
            const QString column = kind == 0 ? QStringLiteral("hour_ms") : QStringLiteral("day");
            const QString below = q.value(2).toString();
            // Exactly the users below the bound, both ways; at most the limit of them.
            const QString kept = QStringLiteral("SELECT DISTINCT user_hash FROM %1 WHERE %2 = %3").arg(view, column, q.value(1).toString());
            const QString truth = QStringLiteral("SELECT DISTINCT user_hash FROM events WHERE %1 = %2 AND user_hash < '%3'")
                                      .arg(period, q.value(1).toString(), below);
            for (const QString &sql : QStringList{kept + QStringLiteral(" EXCEPT ") + truth, truth + QStringLiteral(" EXCEPT ") + kept}) {
                QSqlQuery diff(readDb);
                QVERIFY(diff.exec(sql));
                QVERIFY2(!diff.next(), qPrintable(sql));
            }
            QSqlQuery size(readDb);
            QVERIFY(size.exec(QStringLiteral("SELECT count(*) FROM (%1)").arg(kept)) && size.next());
            QVERIFY2(size.value(0).toInt() <= 300, qPrintable(size.value(0).toString()));
        }
        QCOMPARE(samples, 4); // the hours 10 and 11, the day, the day by country; not the quiet hour

        // A range of whole sampled hours: estimated, within 15 %.
        const auto busy = loadOverview(readDb, AllProjects, {Hour10, Hour10 + 2 * HourMs});
        QVERIFY(busy);
        QVERIFY(busy->totals.usersEstimated);
        QVERIFY2(qAbs(busy->totals.users - 3 * Users - 1) <= 3 * Users * 15 / 100, qPrintable(QString::number(busy->totals.users)));
        const auto geo = loadGeoSummary(readDb, AllProjects, {Hour10 - 10 * HourMs, Hour10 + 14 * HourMs});
        QVERIFY(geo);
        QVERIFY(geo->usersEstimated);
        QVERIFY2(qAbs(geo->users - (3 * Users + 51)) <= 3 * Users * 15 / 100, qPrintable(QString::number(geo->users)));
        // minigem's /stats takes users per day from the insights engine, which counts a sampled day
        // from its events: exact.
        TrendQuery trend;
        trend.filter.range = {floorTo(Hour10, DayMs), floorTo(Hour10, DayMs) + DayMs};
        trend.metric = TrendMetric::Users;
        const auto perDay = loadTrend(readDb, trend);
        QVERIFY2(perDay, qPrintable(perDay.error()));
        QCOMPARE(*perDay->series.constFirst().points.constFirst().second, double(3 * Users + 51));
        // The quiet hour reads no sampled period: exact.
        const auto quiet = loadOverview(readDb, AllProjects, {Hour10 - 3 * HourMs, Hour10 - 2 * HourMs});
        QVERIFY(quiet);
        QVERIFY(!quiet->totals.usersEstimated);
        QCOMPARE(quiet->totals.users, qint64(50));
    }

    void closingTheStoreEmptiesTheWal()
    {
        const QString path = m_dir.filePath(QStringLiteral("wal.db"));
        auto store = openStore(path);
        QVERIFY(store);
        const QSqlDatabase reader = sqliteReadConnection(path);
        QRandomGenerator random(3);
        std::vector<Event> events;
        for (int i = 0; i < 20000; ++i) {
            Event e;
            e.projectId = 1;
            e.timeMs = Base + i * 1000;
            e.userHash = hexHash(random, random.generate()).toLatin1();
            e.name = "tick";
            events.push_back(e);
        }
        submitAll(*store, std::move(events), random);
        store->drainAndStop();
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 0);
        QCOMPARE(storedEvents(reader).size(), 20000);
        store.reset();
        QCOMPARE(QFileInfo(path + QStringLiteral("-wal")).size(), qint64(0));
        QCOMPARE(storedEvents(reader).size(), 20000);
    }

    void deletingAProjectDeletesItsRollups()
    {
        const QString path = m_dir.filePath(QStringLiteral("delete.db"));
        auto store = openStore(path);
        QVERIFY(store);
        auto catalog = Catalog::open(parseDatabaseUrl(path).value());
        QVERIFY(catalog);
        const qint64 doomed = projectId(*catalog, QStringLiteral("doomed"));
        const qint64 kept = projectId(*catalog, QStringLiteral("kept"));
        QRandomGenerator random(11);
        std::vector<Event> events;
        for (int i = 0; i < 2000; ++i) {
            Event e;
            e.projectId = i % 2 ? doomed : kept;
            e.timeMs = Base + qint64(random.bounded(3 * 24 * 3600)) * 1000;
            e.userHash = hexHash(random, random.generate()).toLatin1();
            e.name = pickSkewed(random, Names);
            e.country = bytes(pickSkewed(random, Countries));
            e.latitude = 1.5;
            e.longitude = 2.5;
            events.push_back(e);
        }
        submitAll(*store, std::move(events), random);
        store->drainAndStop();

        QVERIFY(catalog->deleteProject(QStringLiteral("doomed")));
        const QSqlDatabase readDb = sqliteReadConnection(path);
        for (const char *table : {"events", "rollup_minute", "rollup_hour", "rollup_day", "rollup_day_users",
                                  "rollup_day_country_users"}) {
            QSqlQuery q(readDb);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*), sum(project_id = %1) FROM %2").arg(doomed).arg(QLatin1String(table))));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toLongLong() > 0 && q.value(1).toLongLong() == 0, table);
        }
        const QStringList mismatches = rollupMismatches(readDb);
        QVERIFY2(mismatches.isEmpty(), qPrintable(describe(mismatches)));
        const auto overview = loadOverview(readDb, AllProjects, {Base, Base + 3 * DayMs});
        QVERIFY(overview);
        QCOMPARE(overview->totals.events, qint64(1000));
        QVERIFY(kept > 0);
    }
};

QTEST_GUILESS_MAIN(TestOverviewQuery)
#include "tst_overviewquery.moc"
