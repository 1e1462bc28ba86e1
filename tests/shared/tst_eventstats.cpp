// The query layer's general figures that /stats maps (rollupcounts, periodusers, propertystats,
// sessionquery) against brute-force counts over the events this test generated, stored through the
// collector's own writer (SqliteStore): days it built before their events came, and a day it has not.

#include "core/timeunits.h"
#include "query/periodusers.h"
#include "query/propertystats.h"
#include "query/rollupcounts.h"
#include "query/sessionquery.h"
#include "query/sqlstatements.h"
#include "storage/catalog.h"
#include "storage/rollups.h"
#include "storage/sqlitestore.h"

#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace tdesk;

namespace {

constexpr qint64 Base = 1772409600000; // 2026-03-02T00:00:00Z; events in the 4 days from here
constexpr qint64 StoreNowMs = Base + 3 * DayMs + 13 * HourMs;

// A property as generated: its JSON text, and what json_type and json_extract say of it.
struct Prop
{
    QString json, type, value;
};

struct Generated
{
    Event event;
    std::map<QString, Prop> props; // absent keys are absent
};

Prop randomProp(QRandomGenerator &r)
{
    switch (r.bounded(9)) {
    case 0: { const int v = r.bounded(-50, 5000); return {QString::number(v), QStringLiteral("integer"), QString::number(v)}; }
    case 1: { const QString v = QString::number(r.bounded(0, 3000)) + QStringLiteral(".5"); return {v, QStringLiteral("real"), v}; }
    case 2: return {QStringLiteral("true"), QStringLiteral("true"), QStringLiteral("1")};
    case 3: return {QStringLiteral("false"), QStringLiteral("false"), QStringLiteral("0")};
    case 4: return {QStringLiteral("null"), QStringLiteral("null"), QString()};
    case 5: { const QString v = QStringList{QStringLiteral("a"), QString(), QStringLiteral("b c")}[r.bounded(3)];
              return {u'"' + v + u'"', QStringLiteral("text"), v}; }
    case 6: return {QStringLiteral("[1]"), QStringLiteral("array"), QStringLiteral("[1]")};
    default: { const int v = r.bounded(0, 3); return {QString::number(v), QStringLiteral("integer"), QString::number(v)}; }
    }
}

const QStringList Keys{QStringLiteral("d"), QStringLiteral("k"), QStringLiteral("a.b c")}; // a key with a dot is one key

// The nearest-rank percentile: the smallest value with at least p% of them at or below it.
double nearestRank(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    const qsizetype rank = std::max<qsizetype>(1, qsizetype(std::ceil(double(sorted.size()) * p / 100.0)));
    return sorted[size_t(rank - 1)];
}

} // namespace

class TestEventStats : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QSqlDatabase m_db;
    qint64 m_project = 0;
    std::vector<Generated> m_events; // the project's; another project's events lie alongside

    QList<Generated> inRange(const TimeRange &range, const QString &name = {}) const
    {
        QList<Generated> out;
        for (const Generated &g : m_events) {
            if (range.contains(g.event.timeMs) && (name.isEmpty() || g.event.name == name.toUtf8()))
                out.append(g);
        }
        return out;
    }

    // The numeric value as the ordering and maxima read it (NaN: none).
    static double numeric(const Generated &g, const QString &key, double absentAs = NAN)
    {
        const auto it = g.props.find(key);
        if (it == g.props.end() || it->second.type == u"null")
            return absentAs;
        const QString &t = it->second.type;
        if (t == u"integer" || t == u"real" || t == u"true" || t == u"false")
            return it->second.value.toDouble();
        return NAN;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("stats.db"));
        SqliteOptions options(path);
        options.clock = [] { return StoreNowMs; };
        options.maxEventsPerTransaction = 300;
        auto store = SqliteStore::open(options);
        QVERIFY2(store, qPrintable(store.error()));
        auto catalog = Catalog::open(parseDatabaseUrl(path).value());
        QVERIFY2(catalog, qPrintable(catalog.error()));
        m_project = catalog->project(QStringLiteral("default"))->id;
        const qint64 other = catalog->createProject(QStringLiteral("other"))->id;

        QRandomGenerator r(20260302);
        const char *names[] = {"run", "run", "other"};
        const char *countries[] = {"SE", "DE", "US", "JP", "", "fr"};
        const char *systems[] = {"linux", "win32", ""};
        std::vector<Event> all;
        for (int i = 0; i < 4000; ++i) {
            Generated g;
            Event &e = g.event;
            e.projectId = i % 5 == 4 ? other : m_project;
            e.timeMs = Base + i * 86400 + r.bounded(86400); // 4 days, every time apart
            e.name = names[r.bounded(3)];
            e.userHash = QByteArray::number(r.bounded(40) + 100, 16).repeated(11).left(32);
            e.os = systems[r.bounded(3)];
            e.ext = QByteArray::number(r.bounded(3));
            e.country = countries[r.bounded(6)];
            if (r.bounded(3) > 0)
                e.sessionId = "s" + QByteArray::number(r.bounded(25));
            QStringList members;
            for (const QString &key : Keys) {
                if (r.bounded(4) == 0)
                    continue;
                g.props[key] = randomProp(r);
                members << QStringLiteral("\"%1\":%2").arg(key, g.props[key].json);
            }
            if (r.bounded(20) == 0) { // not JSON: every key absent
                e.props = "{\"d\":";
                g.props.clear();
            } else if (!members.isEmpty() || r.bounded(2)) {
                e.props = (u'{' + members.join(u',') + u'}').toUtf8();
            }
            all.push_back(e);
            if (e.projectId == m_project)
                m_events.push_back(g);
        }
        const quint64 count = all.size();
        QVERIFY(store.value()->submit(1, std::move(all)));
        store.value()->drainAndStop();
        QCOMPARE(store.value()->stats().committedEvents, count);
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst_eventstats"));
        m_db.setDatabaseName(path);
        QVERIFY(m_db.open());
        QSqlQuery q(QStringLiteral("SELECT value FROM meta WHERE key = 'rollup_day_through'"), m_db);
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), StoreNowMs / DayMs); // days 0..2 built, day 3 from rollup_hour
    }

    void cleanupTestCase()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("tst_eventstats"));
    }

    void ranges_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::newRow("all four days") << Base << Base + 4 * DayMs;
        QTest::newRow("built days") << Base << Base + 3 * DayMs;
        QTest::newRow("cut hours, across days") << Base + DayMs + 3 * HourMs + 17 * MinuteMs + 5 << Base + 3 * DayMs + 5 * HourMs + 1;
        QTest::newRow("today's whole hours") << Base + 3 * DayMs + 2 * HourMs << Base + 3 * DayMs + 20 * HourMs;
        QTest::newRow("before any event") << Base - DayMs << Base;
    }

    void dimensionCountsPerDay_data() { ranges_data(); }
    void dimensionCountsPerDay()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        std::map<std::tuple<int, QString, qint64>, qint64> expected, actual;
        for (const Generated &g : inRange({from, to})) {
            const qint64 day = g.event.timeMs / DayMs;
            ++expected[{OsDim, QString::fromUtf8(g.event.os), day}];
            ++expected[{CountryDim, QString::fromUtf8(g.event.country), day}];
            ++expected[{EventNameDim, QString::fromUtf8(g.event.name), day}];
        }
        SqlStatements sql(m_db, true);
        sql.bind(QStringLiteral(":project"), m_project);
        const DimensionDayCounts counts = tdesk::dimensionCountsPerDay(sql, projectCondition(sql.dialect(), m_project), {from, to},
                                                                       {OsDim, CountryDim, EventNameDim});
        QVERIFY2(sql.error().isEmpty(), qPrintable(sql.error()));
        for (auto dim = counts.cbegin(); dim != counts.cend(); ++dim)
            for (auto value = dim->cbegin(); value != dim->cend(); ++value)
                for (auto day = value->cbegin(); day != value->cend(); ++day)
                    actual[{dim.key(), value.key(), day.key()}] = day.value();
        QCOMPARE(actual.size(), expected.size());
        QVERIFY(actual == expected);
    }

    void usersPerHourOfDayAndWeekday_data() { ranges_data(); }
    void usersPerHourOfDayAndWeekday()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QMap<int, QSet<QByteArray>> hours, weekdays;
        for (const Generated &g : m_events) {
            const qint64 hour = floorTo(g.event.timeMs, HourMs);
            if (hour < from || hour >= to)
                continue; // the hours that start in the range
            hours[int(hour / HourMs % 24)].insert(g.event.userHash);
            weekdays[int((hour / DayMs + 4) % 7)].insert(g.event.userHash);
        }
        QMap<int, qint64> expectedHours, expectedWeekdays;
        for (auto it = hours.cbegin(); it != hours.cend(); ++it)
            expectedHours.insert(it.key(), it->size());
        for (auto it = weekdays.cbegin(); it != weekdays.cend(); ++it)
            expectedWeekdays.insert(it.key(), it->size());
        SqlStatements sql(m_db, true);
        sql.bind(QStringLiteral(":project"), m_project);
        QCOMPARE(usersPerHourOfDay(sql, projectCondition(sql.dialect(), m_project), {from, to}), expectedHours);
        QCOMPARE(usersPerWeekday(sql, projectCondition(sql.dialect(), m_project), {from, to}), expectedWeekdays);
    }

    void usersPerCountryGroup()
    {
        // Groups: by the country's first letter, case-blind (so "fr" and FR-less "F…" share one).
        QHash<QString, QString> groupOf;
        QMap<QString, QSet<QByteArray>> users;
        const qint64 firstDay = Base / DayMs + 1, endDay = Base / DayMs + 4;
        for (const Generated &g : m_events) {
            const QString country = QString::fromUtf8(g.event.country);
            const QString group = country.isEmpty() ? QStringLiteral("none") : country.left(1).toUpper();
            groupOf.insert(country, group);
            const qint64 day = g.event.timeMs / DayMs;
            if (day >= firstDay && day < endDay)
                users[group].insert(g.event.userHash);
        }
        groupOf.remove(QStringLiteral("JP")); // not asked for: not counted
        users.remove(QStringLiteral("J"));
        SqlStatements sql(m_db, true);
        sql.bind(QStringLiteral(":project"), m_project);
        const PeriodUsers counted = countDayUsersByCountryGroup(sql, projectCondition(sql.dialect(), m_project), firstDay, endDay, groupOf);
        QVERIFY(!counted.estimated);
        QCOMPARE(counted.users.size(), users.size());
        for (auto it = users.cbegin(); it != users.cend(); ++it)
            QCOMPARE(counted.users.value(it.key()), qint64(it->size()));
    }

    void numericPropertyStats_data() { ranges_data(); }
    void numericPropertyStats()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        const QList<double> percentiles{1, 50, 90, 99.5, 100};
        const QList<double> edges{0, 10, 500, 2500};
        for (const double minimum : {-std::numeric_limits<double>::infinity(), 0.0}) {
            std::vector<double> values;
            for (const Generated &g : inRange({from, to}, QStringLiteral("run"))) {
                const auto it = g.props.find(QStringLiteral("d"));
                if (it != g.props.end() && (it->second.type == u"integer" || it->second.type == u"real")
                    && it->second.value.toDouble() >= minimum)
                    values.push_back(it->second.value.toDouble());
            }
            std::sort(values.begin(), values.end());
            SqlStatements sql(m_db, true);
            sql.bind(QStringLiteral(":project"), m_project);
            const NumericStats stats = tdesk::numericPropertyStats(sql, projectCondition(sql.dialect(), m_project), {from, to},
                                                                   QStringLiteral("run"), QStringLiteral("d"), percentiles,
                                                                   edges, minimum);
            QVERIFY2(sql.error().isEmpty(), qPrintable(sql.error()));
            QCOMPARE(stats.count, qint64(values.size()));
            double sum = 0;
            for (double v : values)
                sum += v;
            QCOMPARE(stats.sum, sum);
            for (qsizetype i = 0; i < percentiles.size(); ++i)
                QCOMPARE(stats.percentiles[i], nearestRank(values, percentiles[i]));
            for (qsizetype i = 0; i < edges.size(); ++i) {
                const qint64 n = std::count_if(values.begin(), values.end(), [&](double v) {
                    return v >= edges[i] && (i + 1 == edges.size() || v < edges[i + 1]);
                });
                QCOMPARE(stats.histogram[i], n);
            }
        }
    }

    void propertyValueCounts_data() { ranges_data(); }
    void propertyValueCounts()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        for (const bool perDay : {false, true}) {
            std::map<std::tuple<QString, qint64, QString, QString>, qint64> expected, actual;
            for (const Generated &g : inRange({from, to}, QStringLiteral("run"))) {
                for (const QString &key : Keys) {
                    const auto it = g.props.find(key);
                    const Prop p = it == g.props.end() ? Prop{} : it->second;
                    ++expected[{key, perDay ? g.event.timeMs / DayMs : 0, p.type, p.value}];
                }
            }
            SqlStatements sql(m_db, true);
            sql.bind(QStringLiteral(":project"), m_project);
            for (const PropertyValueCount &c : tdesk::propertyValueCounts(sql, projectCondition(sql.dialect(), m_project), {from, to},
                                                                          QStringLiteral("run"), Keys, perDay))
                actual[{c.key, c.day, c.type, c.value}] += c.events;
            QVERIFY2(sql.error().isEmpty(), qPrintable(sql.error()));
            QCOMPARE(actual.size(), expected.size());
            QVERIFY(actual == expected);
        }
    }

    void eventsByProperties_data() { ranges_data(); }
    void eventsByProperties()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        for (const bool descending : {true, false}) {
            QList<Generated> matching;
            for (const Generated &g : inRange({from, to}, QStringLiteral("run"))) {
                const auto it = g.props.find(QStringLiteral("k"));
                if (it != g.props.end() && it->second.type == u"integer" && it->second.value == u"1")
                    matching.append(g);
            }
            // By d's number (absent or null as 0, other types last), then newest first.
            const auto key = [](const Generated &g) { return numeric(g, QStringLiteral("d"), 0); };
            std::sort(matching.begin(), matching.end(), [&](const Generated &a, const Generated &b) {
                const double x = key(a), y = key(b);
                if (std::isnan(x) != std::isnan(y))
                    return std::isnan(y);
                if (!std::isnan(x) && x != y)
                    return descending ? x > y : x < y;
                return a.event.timeMs > b.event.timeMs;
            });
            SqlStatements sql(m_db, true);
            sql.bind(QStringLiteral(":project"), m_project);
            const QList<EventProperties> events = tdesk::eventsByProperties(
                sql, projectCondition(sql.dialect(), m_project), {from, to}, QStringLiteral("run"), QStringLiteral("k"), 1,
                {{QStringLiteral("d"), descending, 0}}, 15);
            QVERIFY2(sql.error().isEmpty(), qPrintable(sql.error()));
            QCOMPARE(events.size(), std::min<qsizetype>(15, matching.size()));
            for (qsizetype i = 0; i < events.size(); ++i) {
                QCOMPARE(events[i].timeMs, matching[i].event.timeMs);
                QCOMPARE(events[i].userHash.toUtf8(), matching[i].event.userHash);
            }
        }
    }

    void latestSessions_data() { ranges_data(); }
    void latestSessions()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        struct Expected
        {
            QByteArray user;
            qint64 first = std::numeric_limits<qint64>::max(), last = std::numeric_limits<qint64>::min();
            QHash<QString, qint64> names;
            QHash<QString, double> greatest, greatestOfRuns;
        };
        QMap<QString, Expected> sessions;
        for (const Generated &g : inRange({from, to})) {
            if (g.event.sessionId.isEmpty())
                continue;
            Expected &s = sessions[QString::fromUtf8(g.event.sessionId)];
            s.user = s.user.isEmpty() ? g.event.userHash : std::min(s.user, g.event.userHash);
            s.first = std::min(s.first, g.event.timeMs);
            s.last = std::max(s.last, g.event.timeMs);
            ++s.names[QString::fromUtf8(g.event.name)];
            for (const QString &key : Keys) {
                const double v = numeric(g, key);
                if (!std::isnan(v) && (!s.greatest.contains(key) || v > s.greatest[key]))
                    s.greatest[key] = v;
                if (!std::isnan(v) && g.event.name == "run" && (!s.greatestOfRuns.contains(key) || v > s.greatestOfRuns[key]))
                    s.greatestOfRuns[key] = v;
            }
        }
        QStringList order = sessions.keys();
        std::sort(order.begin(), order.end(), [&](const QString &a, const QString &b) {
            return sessions[a].last != sessions[b].last ? sessions[a].last > sessions[b].last : a < b;
        });
        SqlStatements sql(m_db, true);
        sql.bind(QStringLiteral(":project"), m_project);
        const QList<SessionActivity> actual = tdesk::latestSessions(sql, projectCondition(sql.dialect(), m_project), {from, to}, 10, Keys);
        QVERIFY2(sql.error().isEmpty(), qPrintable(sql.error()));
        QCOMPARE(actual.size(), std::min<qsizetype>(10, order.size()));
        for (qsizetype i = 0; i < actual.size(); ++i) {
            const Expected &e = sessions[order[i]];
            QCOMPARE(actual[i].id, order[i]);
            QCOMPARE(actual[i].userHash.toUtf8(), e.user);
            QCOMPARE(actual[i].firstMs, e.first);
            QCOMPARE(actual[i].lastMs, e.last);
            QCOMPARE(actual[i].eventsByName, e.names);
            QCOMPARE(actual[i].greatest, e.greatest);
        }
        QCOMPARE(tdesk::latestSessions(sql, projectCondition(sql.dialect(), m_project), {from, to}, -1).size(), order.size());
        const QList<SessionActivity> ofRuns = tdesk::latestSessions(sql, projectCondition(sql.dialect(), m_project), {from, to}, 10, Keys,
                                                                    {QStringLiteral("run")});
        QCOMPARE(ofRuns.size(), actual.size());
        for (qsizetype i = 0; i < ofRuns.size(); ++i)
            QCOMPARE(ofRuns[i].greatest, sessions[order[i]].greatestOfRuns);
    }
};

QTEST_GUILESS_MAIN(TestEventStats)
#include "tst_eventstats.moc"
