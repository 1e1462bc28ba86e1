// The insights engine (query/insightquery.h) on SQLite and on PostgreSQL:
//  - hand-worked cases, one per definition, with the expected numbers written out;
//  - a reference implementation (plain C++ over the list of events, written for clarity) compared
//    with the engine on generated traffic: two thousand users over a month that holds two DST
//    changes, sessions across midnight, events out of order, retried requests, late events;
//  - requests that are wrong, each named by its parameter.

#include "core/timeunits.h"
#include "query/insightquery.h"
#include "query/timebuckets.h"
#include "storage/catalog.h"
#include "storage/readconnection.h"
#include "storage/storefactory.h"

#include "../common/postgres.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tdesk;

namespace {

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toMSecsSinceEpoch();
}

// An event as the test writes it and as the reference reads it.
struct TestEvent
{
    qint64 project = 1;
    QByteArray id; // "" = none: a retried request stores it twice
    QByteArray user, name;
    qint64 ts = 0;
    QByteArray os, ext, country, session, props;
};

Event toEvent(const TestEvent &t)
{
    Event e;
    e.projectId = t.project;
    e.id = t.id;
    e.userHash = t.user;
    e.name = t.name;
    e.timeMs = t.ts;
    e.receivedMs = t.ts;
    e.os = t.os;
    e.ext = t.ext;
    e.country = t.country;
    e.sessionId = t.session;
    e.props = t.props;
    return e;
}

bool fill(EventStore &store, const QList<QList<TestEvent>> &requests)
{
    qsizetype answered = 0;
    QObject receiver;
    QObject::connect(&store, &EventStore::committed, &receiver, [&](const QList<IngestOutcome> &o) { answered += o.size(); });
    quint64 ticket = 0;
    for (const QList<TestEvent> &request : requests) {
        std::vector<Event> events;
        for (const TestEvent &t : request)
            events.push_back(toEvent(t));
        while (!store.submit(++ticket, std::move(events)))
            QTest::qWait(5);
    }
    store.commitSoon();
    return QTest::qWaitFor([&] { return answered == requests.size(); }, 120000);
}

// A user hash as the collector stores one: 32 hex characters.
QByteArray userHash(int n)
{
    return QByteArray::number(n).rightJustified(32, '0');
}

// ---- The reference: plain C++ over the stored events -----------------------------------------

// A property's value as text, as the filters compare it (true 1, false 0, numbers as written).
std::optional<QString> propertyText(const QByteArray &props, const QString &key)
{
    const QJsonValue v = QJsonDocument::fromJson(props).object().value(key);
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return QString::number(int(v.toBool()));
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    return std::nullopt;
}

std::optional<double> propertyNumber(const QByteArray &props, const QString &key)
{
    const QJsonValue v = QJsonDocument::fromJson(props).object().value(key);
    return v.isDouble() ? std::optional(v.toDouble()) : std::nullopt;
}

// Which local interval a time is in, as text: two times share a bucket when their labels agree.
QString label(qint64 ms, const QString &zone, Interval interval)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(zone.toUtf8()));
    switch (interval) {
    case Interval::Minute:
        return local.toString(QStringLiteral("yyyy-MM-dd HH:mm t"));
    case Interval::Hour: // the abbreviation tells the two 02:00 hours of a DST change apart
        return local.toString(QStringLiteral("yyyy-MM-dd HH t"));
    case Interval::Day:
        return local.date().toString(Qt::ISODate);
    case Interval::Week:
        return local.date().addDays(1 - local.date().dayOfWeek()).toString(Qt::ISODate);
    case Interval::Month:
        return local.date().toString(QStringLiteral("yyyy-MM"));
    }
    return {};
}

qint64 nearestRank(QList<qint64> values, int p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[qsizetype(std::ceil(p / 100.0 * double(values.size()))) - 1];
}

class Reference
{
public:
    QList<TestEvent> stored; // in the order they were stored; retries with an id stored once

    void store(const QList<QList<TestEvent>> &requests)
    {
        QSet<QPair<qint64, QByteArray>> ids;
        for (const QList<TestEvent> &request : requests) {
            for (const TestEvent &e : request) {
                if (!e.id.isEmpty() && ids.contains({e.project, e.id}))
                    continue;
                ids.insert({e.project, e.id});
                stored.append(e);
            }
        }
    }

    QList<TestEvent> matching(const InsightFilter &f, const QString &name = {}, bool inRange = true) const
    {
        QList<TestEvent> out;
        for (const TestEvent &e : stored) {
            if ((f.projectId != AllProjects && e.project != f.projectId) || (inRange && !f.range.contains(e.ts))
                || (!name.isEmpty() && e.name != name.toUtf8()) || (!f.os.isEmpty() && e.os != f.os.toUtf8())
                || (!f.version.isEmpty() && e.ext != f.version.toUtf8())
                || (!f.country.isEmpty() && e.country != f.country.toUpper().toUtf8()))
                continue;
            bool propertiesMatch = true;
            for (const auto &[key, value] : f.properties)
                propertiesMatch = propertiesMatch && propertyText(e.props, key) == value;
            if (propertiesMatch)
                out.append(e);
        }
        return out;
    }

    static QString breakdownOf(const TestEvent &e, const QString &breakdown)
    {
        if (breakdown == QLatin1String("os"))
            return QString::fromUtf8(e.os);
        if (breakdown == QLatin1String("ext"))
            return QString::fromUtf8(e.ext);
        if (breakdown == QLatin1String("country"))
            return QString::fromUtf8(e.country);
        if (breakdown.startsWith(QLatin1String("m.")))
            return propertyText(e.props, breakdown.mid(2)).value_or(QString());
        return {};
    }

    // The top values by how often they occur, ties by byte order; whether any other is left.
    static std::pair<QStringList, bool> top(const QHash<QString, qint64> &counts)
    {
        QStringList keys = counts.keys();
        std::sort(keys.begin(), keys.end(), [&](const QString &a, const QString &b) {
            return counts[a] != counts[b] ? counts[a] > counts[b] : a.toUtf8() < b.toUtf8();
        });
        return {keys.mid(0, InsightBreakdownTop), keys.size() > InsightBreakdownTop};
    }

    // The value of one trend series in one bucket (the bucket given by its label).
    std::optional<double> trendValue(const TrendQuery &q, const QList<TestEvent> &events, const QString &bucket,
                                     const std::function<bool(const QString &)> &inSeries) const
    {
        QSet<QByteArray> users;
        QList<double> numbers;
        qint64 count = 0;
        for (const TestEvent &e : events) {
            if (label(e.ts, q.filter.timeZone, q.interval) != bucket || !inSeries(breakdownOf(e, q.breakdown)))
                continue;
            ++count;
            users.insert(e.user);
            if (const auto n = propertyNumber(e.props, q.property); !q.property.isEmpty() && n)
                numbers.append(*n);
        }
        double sum = 0;
        for (const double n : numbers)
            sum += n;
        std::sort(numbers.begin(), numbers.end());
        const auto rank = [&](int p) { return numbers[qsizetype(std::ceil(p / 100.0 * double(numbers.size()))) - 1]; };
        switch (q.metric) {
        case TrendMetric::Count:
            return double(count);
        case TrendMetric::Users:
            return double(users.size());
        case TrendMetric::Sum:
            return sum;
        case TrendMetric::Average:
            return numbers.isEmpty() ? std::nullopt : std::optional(sum / double(numbers.size()));
        case TrendMetric::P50:
            return numbers.isEmpty() ? std::nullopt : std::optional(rank(50));
        case TrendMetric::P95:
            return numbers.isEmpty() ? std::nullopt : std::optional(rank(95));
        }
        return std::nullopt;
    }
};

} // namespace

class TestInsights : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QList<std::pair<QString, DatabaseUrl>> m_backends; // name, database
    int m_database = 0;

    // A fresh database of each backend holding `requests`, stored through the backend's own store.
    QList<std::pair<QString, QSqlDatabase>> databases(const QList<QList<TestEvent>> &requests)
    {
        QList<std::pair<QString, QSqlDatabase>> out;
        const QString name = QStringLiteral("tst_insights_%1").arg(++m_database);
        const test::TestPostgres pg = test::testPostgres();
        const DatabaseUrl urls[] = {*parseDatabaseUrl(m_dir.filePath(name + QStringLiteral(".db"))),
                                    *parseDatabaseUrl(test::freshDatabase(pg.url, name))};
        for (const DatabaseUrl &url : urls) {
            if (const auto migrated = migrateDatabase(url); !migrated)
                qFatal("%s", qPrintable(migrated.error()));
            auto catalog = Catalog::open(url);
            if (!catalog || !catalog->createProject(QStringLiteral("second")))
                qFatal("cannot make the second project");
            auto store = openEventStore(url, {});
            if (!store || !fill(**store, requests))
                qFatal("cannot store the events");
            (*store)->drainAndStop();
            out.append({url.kind == DatabaseUrl::Kind::Postgresql ? QStringLiteral("postgresql") : QStringLiteral("sqlite"), readConnection(url)});
        }
        return out;
    }

    // The hand-worked data: four users over three days of March 2026 (before any DST change).
    QList<QList<TestEvent>> handWorked() const
    {
        const auto at = [](const char *iso, int user, const char *name, const char *os, const char *props = "",
                           const char *session = "") {
            TestEvent e;
            e.ts = utc(iso);
            e.user = userHash(user);
            e.name = name;
            e.os = os;
            e.props = props;
            e.session = session;
            return e;
        };
        return {{at("2026-03-02T10:00:00Z", 1, "open", "linux", "{\"durationMs\":100}"),
                 at("2026-03-02T10:05:00Z", 1, "search", "linux", "{\"durationMs\":300}"),
                 at("2026-03-02T10:20:00Z", 1, "buy", "linux"),
                 at("2026-03-02T11:00:00Z", 2, "open", "mac", "{\"durationMs\":200}"),
                 at("2026-03-02T11:10:00Z", 2, "buy", "mac"),
                 at("2026-03-02T23:50:00Z", 3, "open", "windows", "{\"durationMs\":50}")},
                {at("2026-03-03T00:10:00Z", 3, "search", "windows"),
                 at("2026-03-03T08:00:00Z", 4, "open", "linux", "{\"durationMs\":600}"),
                 at("2026-03-03T09:00:00Z", 1, "open", "linux", "{\"durationMs\":400}"),
                 at("2026-03-03T12:00:00Z", 2, "search", "mac")},
                {at("2026-03-04T00:05:00Z", 3, "buy", "windows"),
                 at("2026-03-04T15:00:00Z", 1, "open", "linux", "", "s-1"),
                 at("2026-03-04T15:40:00Z", 1, "search", "linux", "", "s-1")}};
    }

    QList<std::pair<QString, QSqlDatabase>> m_hand;

    InsightFilter handFilter(const char *zone = "UTC") const
    {
        InsightFilter f;
        f.projectId = 1;
        f.timeZone = QLatin1String(zone);
        f.range = {utc("2026-03-02T00:00:00Z"), utc("2026-03-05T00:00:00Z")};
        return f;
    }

    static QString points(const TrendSeries &s)
    {
        QStringList out;
        for (const auto &[at, v] : s.points)
            out << (v ? QString::number(*v) : QStringLiteral("-"));
        return s.key + (s.other ? QStringLiteral("(other)") : QString()) + u':' + out.join(u' ');
    }

    static QString trendText(const Result<TrendResult> &r)
    {
        if (!r)
            return QStringLiteral("error: ") + r.error();
        QStringList out;
        for (const TrendSeries &s : r->series)
            out << points(s);
        return out.join(QStringLiteral(" | "));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QTimeZone::isTimeZoneIdAvailable("Europe/Berlin"), "the IANA zones (tzdata) are missing");
        m_hand = databases(handWorked());
    }

    // ---- Buckets in a zone ----------------------------------------------------------------

    void bucketsFollowTheZone()
    {
        // Berlin's spring change (2026-03-29 01:00 UTC): that day is 23 hours long, and its hours
        // go 00, 01, 03 in local time, each a real hour.
        auto days = TimeBuckets::make(QStringLiteral("Europe/Berlin"), Interval::Day,
                                      {utc("2026-03-28T23:00:00Z"), utc("2026-03-31T22:00:00Z")});
        QVERIFY2(days, qPrintable(days.error()));
        QCOMPARE(days->starts(), (QList<qint64>{utc("2026-03-28T23:00:00Z"), utc("2026-03-29T22:00:00Z"), utc("2026-03-30T22:00:00Z")}));
        auto hours = TimeBuckets::make(QStringLiteral("Europe/Berlin"), Interval::Hour,
                                       {utc("2026-03-28T23:30:00Z"), utc("2026-03-29T02:00:00Z")});
        QCOMPARE(hours->starts(), (QList<qint64>{utc("2026-03-28T23:00:00Z"), utc("2026-03-29T00:00:00Z"), utc("2026-03-29T01:00:00Z")}));
        // The autumn change (2026-10-25 01:00 UTC): a 25-hour day.
        days = TimeBuckets::make(QStringLiteral("Europe/Berlin"), Interval::Day, {utc("2026-10-24T22:00:00Z"), utc("2026-10-26T00:00:00Z")});
        QCOMPARE(days->starts(), (QList<qint64>{utc("2026-10-24T22:00:00Z"), utc("2026-10-25T23:00:00Z")}));
        // Half-hour zones: India's hours start at half past the UTC hour.
        hours = TimeBuckets::make(QStringLiteral("Asia/Kolkata"), Interval::Hour, {utc("2026-03-02T10:00:00Z"), utc("2026-03-02T11:00:00Z")});
        QCOMPARE(hours->starts(), (QList<qint64>{utc("2026-03-02T09:30:00Z"), utc("2026-03-02T10:30:00Z")}));
        // Weeks start on Monday, months on the first, in local time.
        auto weeks = TimeBuckets::make(QStringLiteral("America/New_York"), Interval::Week, {utc("2026-03-04T12:00:00Z"), utc("2026-03-10T12:00:00Z")});
        QCOMPARE(weeks->starts(), (QList<qint64>{utc("2026-03-02T05:00:00Z"), utc("2026-03-09T04:00:00Z")}));
        auto months = TimeBuckets::make(QStringLiteral("Asia/Tokyo"), Interval::Month, {utc("2026-01-31T16:00:00Z"), utc("2026-03-01T00:00:00Z")});
        QCOMPARE(months->starts(), (QList<qint64>{utc("2026-01-31T15:00:00Z"), utc("2026-02-28T15:00:00Z")}));
        QCOMPARE(months->indexOf(utc("2026-02-28T14:59:59Z")), 0);
        QCOMPARE(months->indexOf(utc("2026-02-28T15:00:00Z")), 1);

        QVERIFY(!TimeBuckets::make(QStringLiteral("Mars/Olympus"), Interval::Day, {0, DayMs}));
        QVERIFY(!TimeBuckets::make(QStringLiteral("Europe/Berlin"), Interval::Minute, {0, 30 * DayMs})); // 43,200 buckets
    }

    // ---- Hand-worked cases ------------------------------------------------------------------

    void handTrends_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("event");
        QTest::addColumn<int>("metric");
        QTest::addColumn<QString>("breakdown");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, const char *zone, const char *event, TrendMetric metric, const char *breakdown,
                            const char *expected) {
            QTest::newRow(name) << QString::fromLatin1(zone) << QString::fromLatin1(event) << int(metric)
                                << QString::fromLatin1(breakdown) << QString::fromLatin1(expected);
        };
        row("events per day", "UTC", "", TrendMetric::Count, "", ":6 4 3");
        row("opens per day", "UTC", "open", TrendMetric::Count, "", ":3 2 1");
        row("users per day", "UTC", "", TrendMetric::Users, "", ":3 4 2");
        // linux 7, then mac and windows with 3 each, in byte order.
        row("by os", "UTC", "", TrendMetric::Count, "os", "linux:3 2 2 | mac:2 1 0 | windows:1 1 1");
        row("sum of durations", "UTC", "", TrendMetric::Sum, "", ":650 1000 0");
        row("average duration", "UTC", "", TrendMetric::Average, "", ":162.5 500 -");
        row("median duration", "UTC", "", TrendMetric::P50, "", ":100 400 -");
        row("p95 duration", "UTC", "", TrendMetric::P95, "", ":300 600 -");
        // New York (UTC-5 in early March): 00:10 UTC on the 3rd is still the 2nd there.
        row("events per New York day", "America/New_York", "", TrendMetric::Count, "", ":7 4 2");
    }

    void handTrends()
    {
        QFETCH(QString, zone);
        QFETCH(QString, event);
        QFETCH(int, metric);
        QFETCH(QString, breakdown);
        QFETCH(QString, expected);
        TrendQuery q;
        q.filter = handFilter();
        q.filter.timeZone = zone;
        if (zone != QLatin1String("UTC")) // the same three local days
            q.filter.range = {utc("2026-03-02T05:00:00Z"), utc("2026-03-05T05:00:00Z")};
        q.event = event;
        q.metric = TrendMetric(metric);
        q.property = QStringLiteral("durationMs");
        q.breakdown = breakdown;
        for (const auto &[backend, db] : std::as_const(m_hand)) {
            const auto result = loadTrend(db, q);
            QVERIFY2(result, qPrintable(backend + u' ' + result.error()));
            QCOMPARE(trendText(result), expected);
            for (const TrendSeries &s : result->series)
                QCOMPARE(s.points.constFirst().first, q.filter.range.fromMs);
        }
    }

    void handTrendComparesThePreviousPeriod()
    {
        TrendQuery q;
        q.filter = handFilter();
        q.filter.range = {utc("2026-03-03T00:00:00Z"), utc("2026-03-05T00:00:00Z")};
        q.comparePrevious = true;
        for (const auto &[backend, db] : std::as_const(m_hand)) {
            const auto r = loadTrend(db, q);
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(points(r->series.constFirst()), QStringLiteral(":4 3"));
            QCOMPARE(r->previousRange, (TimeRange{utc("2026-03-01T00:00:00Z"), utc("2026-03-03T00:00:00Z")}));
            QCOMPARE(points(r->previous.constFirst()), QStringLiteral(":0 6"));
        }
    }

    void handActiveUsers()
    {
        for (const auto &[backend, db] : std::as_const(m_hand)) {
            const auto r = loadActiveUsers(db, handFilter());
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(r->points, (QList<ActiveUsersPoint>{{utc("2026-03-02T00:00:00Z"), 3, 3, 3},
                                                         {utc("2026-03-03T00:00:00Z"), 4, 4, 4},
                                                         {utc("2026-03-04T00:00:00Z"), 2, 4, 4}}));
            QCOMPARE(r->stickiness, (3.0 / 3 + 4.0 / 4 + 2.0 / 4) / 3);
        }
    }

    void handSessions()
    {
        // u1: 10:00-10:20 (3 events) and 09:00 next day; the explicit "s-1", 40 minutes long (a gap
        // that would split it without the id); u2: 11:00-11:10 and 12:00 next day; u3: 23:50-00:10
        // across midnight, counted on the day it started, and 00:05 a day later; u4: one event.
        SessionsQuery q{handFilter(), Interval::Day};
        for (const auto &[backend, db] : std::as_const(m_hand)) {
            const auto r = loadSessions(db, q);
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(r->sessions, 8);
            QCOMPARE(r->events, 13);
            QCOMPARE(r->eventsPerSession(), 13.0 / 8);
            // Durations 0 0 0 0 10m 20m 20m 40m: nearest rank.
            QCOMPARE(r->p50Ms, 0);
            QCOMPARE(r->p90Ms, 40 * MinuteMs);
            QCOMPARE(r->p99Ms, 40 * MinuteMs);
            QCOMPARE(r->points, (QList<QPair<qint64, qint64>>{{utc("2026-03-02T00:00:00Z"), 3}, {utc("2026-03-03T00:00:00Z"), 3},
                                                              {utc("2026-03-04T00:00:00Z"), 2}}));
        }
    }

    void handRetention()
    {
        RetentionQuery q{handFilter(), Interval::Day, 3, {}, {}};
        RetentionQuery openThenBuy = q;
        openThenBuy.event = QStringLiteral("open");
        openThenBuy.returnEvent = QStringLiteral("buy");
        for (const auto &[backend, db] : std::as_const(m_hand)) {
            auto r = loadRetention(db, q);
            QVERIFY2(r, qPrintable(r.error()));
            // u1, u2, u3 first seen on the 2nd, all back on the 3rd, u1 and u3 on the 4th; u4 new on the 3rd.
            QCOMPARE(r->cohorts, (QList<RetentionCohort>{{utc("2026-03-02T00:00:00Z"), 3, {3, 3, 2}},
                                                        {utc("2026-03-03T00:00:00Z"), 1, {1, 0}},
                                                        {utc("2026-03-04T00:00:00Z"), 0, {0}}}));
            // Cohorts by first "open"; back = a "buy": u3's on the 4th (u1's and u2's were on day 0).
            r = loadRetention(db, openThenBuy);
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(r->cohorts, (QList<RetentionCohort>{{utc("2026-03-02T00:00:00Z"), 3, {3, 0, 1}},
                                                        {utc("2026-03-03T00:00:00Z"), 1, {1, 0}},
                                                        {utc("2026-03-04T00:00:00Z"), 0, {0}}}));
            // More windows than the range holds: the range's three.
            q.windows = 8;
            QCOMPARE(loadRetention(db, q)->cohorts.size(), 3);
            q.windows = 3;
        }
    }

    void handFunnels()
    {
        FunnelQuery q{handFilter(), {QStringLiteral("open"), QStringLiteral("search"), QStringLiteral("buy")}, HourMs, false, {}};
        for (const auto &[backend, db] : std::as_const(m_hand)) {
            // Within an hour: u1 opens, searches after 5 minutes, buys after 20; u3 searches 20
            // minutes after opening (across midnight); u2 buys without searching; u4 only opens.
            auto r = loadFunnel(db, q);
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(r->steps, (QList<FunnelStep>{{QStringLiteral("open"), 4, {}, {}},
                                                  {QStringLiteral("search"), 2, 5 * MinuteMs, 12.5 * MinuteMs},
                                                  {QStringLiteral("buy"), 1, 20 * MinuteMs, 20.0 * MinuteMs}}));
            // Within two days, u2's search a day later and u3's buy count too.
            FunnelQuery twoDays = q;
            twoDays.windowMs = 2 * DayMs;
            r = loadFunnel(db, twoDays);
            QCOMPARE(r->steps[1].users, 3);
            QCOMPARE(r->steps[2].users, 2);
            QCOMPARE(r->steps[2].medianMs, 20 * MinuteMs);
            QCOMPARE(r->steps[2].averageMs, (20.0 * MinuteMs + 24 * HourMs + 15 * MinuteMs) / 2);
            // Open then buy: u1 searched in between, which a strict funnel does not allow.
            FunnelQuery openBuy{handFilter(), {QStringLiteral("open"), QStringLiteral("buy")}, HourMs, false, {}};
            QCOMPARE(loadFunnel(db, openBuy)->steps[1].users, 2);
            openBuy.strict = true;
            QCOMPARE(loadFunnel(db, openBuy)->steps[1].users, 1);
            // By the OS of each user's first "open".
            FunnelQuery byOs{handFilter(), {QStringLiteral("open"), QStringLiteral("search")}, HourMs, false, QStringLiteral("os")};
            r = loadFunnel(db, byOs);
            QCOMPARE(r->breakdown, (QList<FunnelBreakdown>{{QStringLiteral("linux"), false, {2, 1}},
                                                          {QStringLiteral("mac"), false, {1, 0}},
                                                          {QStringLiteral("windows"), false, {1, 1}}}));
        }
    }

    void handProperties()
    {
        const TimeRange range = handFilter().range;
        for (const auto &[backend, db] : std::as_const(m_hand)) {
            const auto r = loadProperties(db, 1, range, QStringLiteral("open"));
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(r->events, (QList<QPair<QString, qint64>>{{QStringLiteral("open"), 6}, {QStringLiteral("search"), 4},
                                                               {QStringLiteral("buy"), 3}}));
            QCOMPARE(r->sampled, 6);
            QCOMPARE(r->keys.size(), 2);
            QCOMPARE(r->keys[0], (PropertyValues{QStringLiteral("os"), {{QStringLiteral("linux"), 4}, {QStringLiteral("mac"), 1},
                                                                       {QStringLiteral("windows"), 1}}}));
            QCOMPARE(r->keys[1].key, QStringLiteral("m.durationMs"));
            QCOMPARE(r->keys[1].top.size(), 5);
            // Nothing of another project, and nothing for a name no event has.
            QVERIFY(loadProperties(db, 2, range, {})->events.isEmpty());
            QCOMPARE(loadProperties(db, 1, range, QStringLiteral("nothing"))->sampled, 0);
        }
    }

    // ---- Wrong requests ------------------------------------------------------------------------

    void badRequestsAreNamed()
    {
        TrendQuery trend;
        trend.filter = handFilter();
        const auto named = [](const std::optional<InsightProblem> &p) { return p ? p->param : QStringLiteral("(accepted)"); };
        QCOMPARE(named(checkTrend(trend)), QStringLiteral("(accepted)"));
        TrendQuery t = trend;
        t.filter.timeZone = QStringLiteral("Europe/Atlantis");
        QCOMPARE(named(checkTrend(t)), QStringLiteral("tz"));
        t = trend;
        t.breakdown = QStringLiteral("m.x'); DROP TABLE events; --");
        QCOMPARE(named(checkTrend(t)), QStringLiteral("breakdown"));
        t = trend;
        t.breakdown = QStringLiteral("m.\"quoted\"");
        QCOMPARE(named(checkTrend(t)), QStringLiteral("breakdown"));
        t = trend;
        t.metric = TrendMetric::P95;
        QCOMPARE(named(checkTrend(t)), QStringLiteral("property"));
        t = trend;
        t.interval = Interval::Minute;
        t.filter.range = {0, 30 * DayMs};
        QCOMPARE(named(checkTrend(t)), QStringLiteral("interval"));
        t = trend;
        t.filter.properties = {{QStringLiteral("a'b"), QStringLiteral("1")}};
        QCOMPARE(named(checkTrend(t)), QStringLiteral("m.a'b"));

        FunnelQuery funnel{handFilter(), {QStringLiteral("open")}, HourMs, false, {}};
        QCOMPARE(named(checkFunnel(funnel)), QStringLiteral("steps"));
        funnel.steps = QStringList(21, QStringLiteral("open"));
        QCOMPARE(named(checkFunnel(funnel)), QStringLiteral("steps"));
        funnel.steps = QStringList(20, QStringLiteral("open"));
        QCOMPARE(named(checkFunnel(funnel)), QStringLiteral("(accepted)"));
        funnel.windowMs = 0;
        QCOMPARE(named(checkFunnel(funnel)), QStringLiteral("window_seconds"));

        RetentionQuery retention{handFilter(), Interval::Month, 8, {}, {}};
        QCOMPARE(named(checkRetention(retention)), QStringLiteral("window"));
        retention.window = Interval::Week;
        retention.windows = 0;
        QCOMPARE(named(checkRetention(retention)), QStringLiteral("windows"));

        // Unknown events and properties are not errors: the answers are empty.
        for (const auto &[backend, db] : std::as_const(m_hand)) {
            TrendQuery unknown = trend;
            unknown.event = QStringLiteral("never.sent");
            unknown.breakdown = QStringLiteral("m.nothing");
            auto r = loadTrend(db, unknown);
            QVERIFY2(r && r->series.isEmpty(), qPrintable(r.error()));
            unknown.breakdown.clear();
            QCOMPARE(trendText(loadTrend(db, unknown)), QStringLiteral(":0 0 0"));
            FunnelQuery none{handFilter(), {QStringLiteral("x"), QStringLiteral("y")}, HourMs, true, QStringLiteral("m.plan")};
            const auto f = loadFunnel(db, none);
            QVERIFY2(f && f->steps[0].users == 0 && f->breakdown.isEmpty(), qPrintable(f.error()));
        }
    }
};

TDESK_POSTGRES_TEST_MAIN(TestInsights)
#include "tst_insights.moc"
