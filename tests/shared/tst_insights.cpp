// The insights engine (query/insightquery.h) on SQLite and on PostgreSQL:
//  - hand-worked cases, one per definition, with the expected numbers written out;
//  - a reference implementation (plain C++ over the list of events, written for clarity) compared
//    with the engine on generated traffic: two thousand users over a month that holds two DST
//    changes, sessions across midnight, events out of order, retried requests, late events;
//  - requests that are wrong, each named by its parameter.

#include "core/timeunits.h"
#include "query/insightjson.h"
#include "query/eventquery.h"
#include "query/insightquery.h"
#include "query/timebuckets.h"
#include "storage/catalog.h"
#include "storage/readconnection.h"
#include "storage/storefactory.h"

#include "../common/collectorprocess.h"
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

    // A trend: per series (a top key, "(other)", or "" without a breakdown), per bucket label.
    QMap<QString, QMap<QString, std::optional<double>>> trend(const TrendQuery &q, const TimeRange &range) const
    {
        InsightFilter f = q.filter;
        f.range = range;
        const QList<TestEvent> events = matching(f, q.event);
        QHash<QString, qint64> counts;
        for (const TestEvent &e : matching(q.filter, q.event)) // the top keys come from the range asked for
            ++counts[breakdownOf(e, q.breakdown)];
        const auto [top, other] = Reference::top(counts);
        struct Bucket
        {
            qint64 count = 0;
            QSet<QByteArray> users;
            QList<double> numbers;
        };
        QMap<QString, QMap<QString, Bucket>> buckets;
        for (const TestEvent &e : events) {
            const QString key = breakdownOf(e, q.breakdown);
            const QString series = q.breakdown.isEmpty() ? QString() : top.contains(key) ? key : QStringLiteral("(other)");
            Bucket &b = buckets[series][label(e.ts, q.filter.timeZone, q.interval)];
            ++b.count;
            b.users.insert(e.user);
            if (const auto n = propertyNumber(e.props, q.property); !q.property.isEmpty() && n)
                b.numbers.append(*n);
        }
        QMap<QString, QMap<QString, std::optional<double>>> out;
        for (auto s = buckets.begin(); s != buckets.end(); ++s) {
            for (auto b = s->begin(); b != s->end(); ++b) {
                QList<double> &numbers = b->numbers;
                double sum = 0;
                for (const double n : std::as_const(numbers))
                    sum += n;
                std::sort(numbers.begin(), numbers.end());
                const auto rank = [&](int p) { return numbers[qsizetype(std::ceil(p / 100.0 * double(numbers.size()))) - 1]; };
                std::optional<double> v;
                switch (q.metric) {
                case TrendMetric::Count: v = double(b->count); break;
                case TrendMetric::Users: v = double(b->users.size()); break;
                case TrendMetric::Sum: v = sum; break;
                case TrendMetric::Average: if (!numbers.isEmpty()) v = sum / double(numbers.size()); break;
                case TrendMetric::P50: if (!numbers.isEmpty()) v = rank(50); break;
                case TrendMetric::P95: if (!numbers.isEmpty()) v = rank(95); break;
                }
                out[s.key()][b.key()] = v;
            }
        }
        return out;
    }

    // Per day (its local date), the users active that day, and in the 7 and 30 days ending with it.
    QMap<QString, std::array<qint64, 3>> activeUsers(const InsightFilter &f) const
    {
        const QTimeZone zone(f.timeZone.toUtf8());
        QMap<QDate, QSet<QByteArray>> byDate;
        for (const TestEvent &e : matching(f, {}, false)) {
            if (e.ts < f.range.toMs)
                byDate[QDateTime::fromMSecsSinceEpoch(e.ts, zone).date()].insert(QByteArray::number(e.project) + e.user);
        }
        QMap<QString, std::array<qint64, 3>> out;
        const QDate first = QDateTime::fromMSecsSinceEpoch(f.range.fromMs, zone).date();
        const QDate last = QDateTime::fromMSecsSinceEpoch(f.range.toMs - 1, zone).date();
        for (QDate d = first; d <= last; d = d.addDays(1)) {
            std::array<qint64, 3> n{};
            const int lengths[] = {1, 7, 30};
            for (int w = 0; w < 3; ++w) {
                QSet<QByteArray> users;
                for (int back = 0; back < lengths[w]; ++back) {
                    if (const QDate day = d.addDays(-back); byDate.contains(day))
                        users.unite(byDate[day]);
                }
                n[size_t(w)] = users.size();
            }
            out[d.toString(Qt::ISODate)] = n;
        }
        return out;
    }

    // Sessions: per bucket label of their first event, and their durations and events.
    struct SessionFigures
    {
        QMap<QString, qint64> perBucket;
        QList<qint64> durations;
        qint64 events = 0;
    };
    SessionFigures sessions(const SessionsQuery &q) const
    {
        QMap<QString, QList<qint64>> explicitSessions, byUser;
        for (const TestEvent &e : matching(q.filter)) {
            const QString project = QString::number(e.project) + u':';
            if (e.session.isEmpty())
                byUser[project + QString::fromUtf8(e.user)].append(e.ts);
            else
                explicitSessions[project + QString::fromUtf8(e.session)].append(e.ts);
        }
        QList<QList<qint64>> all = explicitSessions.values();
        for (QList<qint64> times : std::as_const(byUser)) {
            std::sort(times.begin(), times.end());
            QList<qint64> current;
            for (const qint64 t : times) {
                if (!current.isEmpty() && t - current.constLast() >= SessionGapMs) {
                    all.append(current);
                    current.clear();
                }
                current.append(t);
            }
            all.append(current);
        }
        SessionFigures out;
        for (QList<qint64> times : std::as_const(all)) {
            std::sort(times.begin(), times.end());
            ++out.perBucket[label(times.constFirst(), q.filter.timeZone, q.interval)];
            out.durations.append(times.constLast() - times.constFirst());
            out.events += times.size();
        }
        return out;
    }

    // Retention: the cohort windows as labels, from the range's first; per cohort its users' returns.
    QList<RetentionCohort> retention(const RetentionQuery &q, const QList<qint64> &windowStarts) const
    {
        QStringList windows;
        for (const qint64 start : windowStarts)
            windows << label(start, q.filter.timeZone, q.window);
        const auto windowOf = [&](qint64 ts) { return windows.indexOf(label(ts, q.filter.timeZone, q.window)); };
        QHash<QByteArray, qint64> firstSeen;
        for (const TestEvent &e : matching(q.filter, q.event, false)) {
            const QByteArray user = QByteArray::number(e.project) + e.user;
            if (e.ts < q.filter.range.toMs && (!firstSeen.contains(user) || e.ts < firstSeen[user]))
                firstSeen[user] = e.ts;
        }
        const qsizetype cohorts = std::min<qsizetype>(q.windows, windows.size());
        QList<RetentionCohort> out;
        for (qsizetype c = 0; c < cohorts; ++c)
            out.append({windowStarts[c], 0, QList<qint64>(std::min<qsizetype>(q.windows, windows.size() - c), 0)});
        QHash<QByteArray, qsizetype> cohortOf;
        for (auto it = firstSeen.cbegin(); it != firstSeen.cend(); ++it) {
            const qsizetype c = q.filter.range.contains(it.value()) ? windowOf(it.value()) : -1;
            if (c >= 0 && c < cohorts) {
                cohortOf[it.key()] = c;
                ++out[c].size;
                ++out[c].retained[0];
            }
        }
        QSet<QPair<QByteArray, qsizetype>> counted;
        for (const TestEvent &e : matching(q.filter, q.returnEvent)) {
            const QByteArray user = QByteArray::number(e.project) + e.user;
            if (!cohortOf.contains(user))
                continue;
            const qsizetype j = windowOf(e.ts) - cohortOf[user];
            if (j > 0 && j < out[cohortOf[user]].retained.size() && !counted.contains({user, j})) {
                counted.insert({user, j});
                ++out[cohortOf[user]].retained[j];
            }
        }
        return out;
    }

    // Funnels: from each start, the earliest next event of each step (strict: the very next event).
    FunnelResult funnel(const FunnelQuery &q) const
    {
        QMap<QByteArray, QList<TestEvent>> byUser; // in stored order, sorted by time below (stable)
        for (const TestEvent &e : matching(q.filter))
            byUser[QByteArray::number(e.project) + ':' + e.user].append(e);
        const qsizetype steps = q.steps.size();
        QList<QList<qint64>> times(steps);
        QHash<QString, QList<qint64>> byKey;
        for (QList<TestEvent> events : std::as_const(byUser)) {
            std::stable_sort(events.begin(), events.end(), [](const TestEvent &a, const TestEvent &b) { return a.ts < b.ts; });
            if (!q.strict)
                events.removeIf([&](const TestEvent &e) { return !q.steps.contains(QString::fromUtf8(e.name)); });
            int reached = 0;
            QList<qint64> shortest(steps, -1);
            QString key;
            bool keyed = false;
            for (qsizetype i = 0; i < events.size(); ++i) {
                if (events[i].name != q.steps[0].toUtf8())
                    continue;
                if (!keyed) {
                    key = breakdownOf(events[i], q.breakdown);
                    keyed = true;
                }
                int k = 1;
                for (qsizetype j = i + 1; j < events.size() && k < steps && events[j].ts - events[i].ts <= q.windowMs; ++j) {
                    if (events[j].name == q.steps[k].toUtf8()) {
                        const qint64 elapsed = events[j].ts - events[i].ts;
                        if (shortest[k] < 0 || elapsed < shortest[k])
                            shortest[k] = elapsed;
                        ++k;
                    } else if (q.strict) {
                        break;
                    }
                }
                reached = std::max(reached, k);
            }
            if (reached == 0)
                continue;
            QList<qint64> &counts = byKey[key];
            counts.resize(steps);
            for (int k = 0; k < reached; ++k) {
                ++counts[k];
                if (k > 0)
                    times[k].append(shortest[k]);
            }
        }
        FunnelResult out;
        for (qsizetype k = 0; k < steps; ++k) {
            FunnelStep step{q.steps[k], 0, {}, {}};
            for (const QList<qint64> &counts : std::as_const(byKey))
                step.users += counts[k];
            if (k > 0 && !times[k].isEmpty()) {
                step.medianMs = nearestRank(times[k], 50);
                double sum = 0;
                for (const qint64 t : std::as_const(times[k]))
                    sum += double(t);
                step.averageMs = sum / double(times[k].size());
            }
            out.steps.append(step);
        }
        if (!q.breakdown.isEmpty()) {
            QHash<QString, qint64> firstStep;
            for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
                firstStep[it.key()] = it.value()[0];
            const auto [top, other] = Reference::top(firstStep);
            for (const QString &key : top)
                out.breakdown.append({key, false, byKey[key]});
            if (other) {
                FunnelBreakdown rest{QString(), true, QList<qint64>(steps, 0)};
                for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
                    for (qsizetype k = 0; !top.contains(it.key()) && k < steps; ++k)
                        rest.users[k] += it.value()[k];
                }
                out.breakdown.append(rest);
            }
        }
        return out;
    }
};


// Traffic of two thousand users over March 2026, which holds New York's DST change (the 8th) and
// Berlin's (the 29th): sessions of a few minutes to over an hour, some across midnight, some with a
// sessionId; events sent out of order within a request; one request in 30 retried (those with ids
// stored once, those without twice); one in 10 sent late, after the rest; a few users first seen in
// February; a second project.
QList<QList<TestEvent>> generatedTraffic()
{
    QRandomGenerator random(20260301);
    const qint64 start = utc("2026-03-01T00:00:00Z");
    const char *names[] = {"search", "view", "view", "cart", "buy", "error"};
    const char *oses[] = {"linux", "mac", "windows"};
    const char *plans[] = {"free", "pro", "team"};
    QList<QList<TestEvent>> requests, late;
    qint64 nextId = 0;
    for (int user = 0; user < 2000; ++user) {
        const int firstDay = random.bounded(31) - (user % 40 == 0 ? 20 : 0);
        const QByteArray os = oses[random.bounded(3)];
        const QByteArray ext = "1." + QByteArray::number(random.bounded(13));
        const QByteArray country = QByteArray("DEUSJPBRFRINGBCAAUESITNLSEPLMX").mid(2 * random.bounded(15), 2);
        const qint64 project = user % 25 == 0 ? 2 : 1;
        double stay = 0.8;
        for (int day = firstDay; day < 34; ++day, stay *= 0.85) {
            if (day != firstDay && random.generateDouble() > stay)
                continue;
            for (int session = random.bounded(1, 3); session > 0; --session) {
                qint64 t = start + day * DayMs + random.bounded(24 * 60) * MinuteMs + random.bounded(60000);
                const QByteArray sessionId = random.bounded(10) < 3 ? "s-" + QByteArray::number(user) + '-'
                        + QByteArray::number(day) + '-' + QByteArray::number(session) : QByteArray();
                QList<TestEvent> request;
                const int events = random.bounded(1, 9);
                for (int i = 0; i < events; ++i) {
                    TestEvent e;
                    e.project = project;
                    e.user = userHash(user);
                    e.name = i == 0 ? QByteArray("app.open") : QByteArray(names[random.bounded(int(std::size(names)))]);
                    e.ts = t;
                    e.os = os;
                    e.ext = ext;
                    e.country = country;
                    e.session = sessionId;
                    if (random.bounded(10) < 9)
                        e.id = "e" + QByteArray::number(++nextId);
                    QByteArray props = "{\"plan\":\"" + QByteArray(plans[user % 3]) + "\",\"ok\":" + (random.bounded(4) ? "true" : "false");
                    if (random.bounded(5))
                        props += ",\"durationMs\":" + QByteArray::number(random.bounded(1, 5000));
                    e.props = props + '}';
                    request.append(e);
                    // Mostly minutes apart; now and then a pause past the 30-minute session gap.
                    t += random.bounded(10) == 0 ? random.bounded(31, 90) * MinuteMs : random.bounded(5, 1500) * SecondMs;
                }
                for (qsizetype i = request.size() - 1; i > 0; --i) // out of order within the request
                    request.swapItemsAt(i, random.bounded(int(i + 1)));
                (random.bounded(10) == 0 ? late : requests).append(request);
                if (random.bounded(30) == 0)
                    (random.bounded(2) ? late : requests).append(request);
            }
        }
    }
    return requests + late;
}

} // namespace

class TestInsights : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QList<std::pair<QString, DatabaseUrl>> m_backends; // name, database
    int m_database = 0;

    // A fresh database of each backend holding `requests`, stored through the backend's own store.
    QList<std::pair<QString, QSqlDatabase>> databases(const QList<QList<TestEvent>> &requests, QStringList *locations = nullptr)
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
            if (locations)
                *locations << (url.kind == DatabaseUrl::Kind::Postgresql ? url.postgresqlUrl : url.sqlitePath);
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

    QList<std::pair<QString, QSqlDatabase>> m_hand, m_generated;
    Reference m_reference;
    QStringList m_generatedLocations; // each generated database's file or URL, as a collector takes it

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
        const QList<QList<TestEvent>> traffic = generatedTraffic();
        m_reference.store(traffic);
        qInfo("%lld requests, %lld events stored", qint64(traffic.size()), qint64(m_reference.stored.size()));
        m_generated = databases(traffic, &m_generatedLocations);
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
            // The users of a step, as the Events view filters to them: u1 and u3 searched within
            // the hour; the filter naming both gives the events of each.
            const auto searched = loadFunnelUsers(db, q, 1);
            QVERIFY2(searched, qPrintable(searched.error()));
            QCOMPARE(searched->total, 2);
            QCOMPARE(loadFunnelUsers(db, q, 2)->total, 1);
            QVERIFY(!loadFunnelUsers(db, q, 3));
            const auto eventsOf = [&](const QString &users) {
                EventFilter filter;
                filter.range = q.filter.range;
                filter.user = users;
                const auto page = fetchEventPage(db, filter, {}, 1000);
                QStringList ids;
                for (const EventRow &row : page->rows)
                    ids << QString::number(row.id);
                return ids;
            };
            const QStringList ofBoth = eventsOf(searched->users.join(QStringLiteral(", ")));
            QVERIFY(!ofBoth.isEmpty());
            const QStringList ofFirst = eventsOf(searched->users[0]), ofSecond = eventsOf(searched->users[1]);
            QVERIFY(!ofFirst.isEmpty() && !ofSecond.isEmpty());
            QCOMPARE(ofBoth.size(), ofFirst.size() + ofSecond.size());
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

    // ---- The engine against the reference, on generated traffic --------------------------------

    void referenceTrends_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("interval");
        QTest::addColumn<int>("metric");
        QTest::addColumn<QString>("breakdown");
        QTest::addColumn<QString>("event");
        QTest::addColumn<bool>("filtered");
        const char *zones[] = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"};
        const std::pair<const char *, Interval> intervals[] = {{"hour", Interval::Hour}, {"day", Interval::Day},
                                                                {"week", Interval::Week}, {"month", Interval::Month}};
        for (const char *zone : zones) {
            for (const auto &[name, interval] : intervals) {
                QTest::addRow("%s %s, events by ext", zone, name) << QString::fromLatin1(zone) << int(interval)
                                                                 << int(TrendMetric::Count) << QStringLiteral("ext") << QString() << false;
                QTest::addRow("%s %s, users of search by os", zone, name) << QString::fromLatin1(zone) << int(interval)
                    << int(TrendMetric::Users) << QStringLiteral("os") << QStringLiteral("search") << false;
            }
        }
        // Whole UTC days or hours of every event: counted from the user rollups.
        for (const auto &[name, interval] : intervals) {
            QTest::addRow("UTC %s, users of every event", name)
                << QStringLiteral("UTC") << int(interval) << int(TrendMetric::Users) << QString() << QString() << false;
        }
        const std::pair<const char *, TrendMetric> metrics[] = {{"count", TrendMetric::Count}, {"users", TrendMetric::Users},
                                                                {"sum", TrendMetric::Sum},     {"avg", TrendMetric::Average},
                                                                {"p50", TrendMetric::P50},     {"p95", TrendMetric::P95}};
        for (const auto &[name, metric] : metrics) {
            QTest::addRow("Berlin days, %s of durationMs by plan, filtered", name)
                << QStringLiteral("Europe/Berlin") << int(Interval::Day) << int(metric) << QStringLiteral("m.plan") << QString() << true;
            QTest::addRow("New York weeks, %s of durationMs by country", name)
                << QStringLiteral("America/New_York") << int(Interval::Week) << int(metric) << QStringLiteral("country")
                << QStringLiteral("view") << false;
        }
    }

    void referenceTrends()
    {
        QFETCH(QString, zone);
        QFETCH(int, interval);
        QFETCH(int, metric);
        QFETCH(QString, breakdown);
        QFETCH(QString, event);
        QFETCH(bool, filtered);
        TrendQuery q;
        q.filter.projectId = 1;
        q.filter.timeZone = zone;
        // Hours: the three days around Berlin's change; else the whole month and a bit of April.
        q.filter.range = Interval(interval) == Interval::Hour ? TimeRange{utc("2026-03-28T00:00:00Z"), utc("2026-03-31T00:00:00Z")}
                                                              : TimeRange{utc("2026-03-01T07:00:00Z"), utc("2026-04-03T00:00:00Z")};
        if (breakdown.isEmpty() && Interval(interval) != Interval::Hour)
            q.filter.range.fromMs = utc("2026-03-01T00:00:00Z");
        if (filtered) {
            q.filter.os = QStringLiteral("linux");
            q.filter.properties = {{QStringLiteral("ok"), QStringLiteral("1")}};
        }
        q.interval = Interval(interval);
        q.metric = TrendMetric(metric);
        q.property = QStringLiteral("durationMs");
        q.breakdown = breakdown;
        q.event = event;
        q.comparePrevious = true;
        const auto expected = m_reference.trend(q, q.filter.range);
        const auto expectedPrevious = m_reference.trend(q, {2 * q.filter.range.fromMs - q.filter.range.toMs, q.filter.range.fromMs});
        for (const auto &[backend, db] : std::as_const(m_generated)) {
            const auto result = loadTrend(db, q);
            QVERIFY2(result, qPrintable(backend + u' ' + result.error()));
            const auto compare = [&](const QList<TrendSeries> &series, const auto &reference) -> QString {
                QStringList keys;
                for (const TrendSeries &s : series) {
                    const QString key = s.other ? QStringLiteral("(other)") : s.key;
                    keys << key;
                    for (const auto &[at, value] : s.points) {
                        const std::optional<double> want = reference.value(key).value(label(at, zone, q.interval));
                        const bool additive = q.metric == TrendMetric::Count || q.metric == TrendMetric::Users || q.metric == TrendMetric::Sum;
                        if (value != (additive ? std::optional(want.value_or(0.0)) : want))
                            return QStringLiteral("%1, series %2, bucket %3: engine %4, reference %5")
                                .arg(backend, key, label(at, zone, q.interval), value ? QString::number(*value) : QStringLiteral("none"),
                                     want ? QString::number(*want) : QStringLiteral("none"));
                    }
                }
                // Every series and every bucket with events is there.
                for (auto it = reference.cbegin(); it != reference.cend(); ++it) {
                    if (!keys.contains(it.key()))
                        return QStringLiteral("%1: series %2 is missing").arg(backend, it.key());
                    QSet<QString> labels;
                    for (const TrendSeries &s : series) {
                        if ((s.other ? QStringLiteral("(other)") : s.key) == it.key())
                            for (const auto &point : s.points)
                                labels.insert(label(point.first, zone, q.interval));
                    }
                    for (const QString &bucket : it->keys()) {
                        if (!labels.contains(bucket))
                            return QStringLiteral("%1: bucket %2 of series %3 is missing").arg(backend, bucket, it.key());
                    }
                }
                return {};
            };
            const QString differs = compare(result->series, expected);
            QVERIFY2(differs.isEmpty(), qPrintable(differs));
            const QString previousDiffers = compare(result->previous, expectedPrevious);
            QVERIFY2(previousDiffers.isEmpty(), qPrintable(QStringLiteral("previous period: ") + previousDiffers));
            QVERIFY(result->series.size() >= (breakdown.isEmpty() ? 1 : 2));
        }
    }

    void referenceActiveUsers_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<qint64>("end"); // mid-hour: the part hour from the events
        QTest::newRow("UTC") << QStringLiteral("UTC") << utc("2026-04-03T00:00:00Z");
        QTest::newRow("Berlin") << QStringLiteral("Europe/Berlin") << utc("2026-04-03T00:00:00Z");
        QTest::newRow("New York, to mid-hour") << QStringLiteral("America/New_York") << utc("2026-03-29T13:27:41Z");
    }

    void referenceActiveUsers()
    {
        QFETCH(QString, zone);
        QFETCH(qint64, end);
        InsightFilter f;
        f.timeZone = zone;
        f.range = {utc("2026-03-05T00:00:00Z"), end};
        const auto expected = m_reference.activeUsers(f);
        for (const auto &[backend, db] : std::as_const(m_generated)) {
            const auto r = loadActiveUsers(db, f);
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(r->points.size(), expected.size());
            for (const ActiveUsersPoint &p : r->points) {
                const QString day = label(p.dayStartMs, zone, Interval::Day);
                const std::array<qint64, 3> got{p.daily, p.weekly, p.monthly};
                QVERIFY2(got == expected.value(day), qPrintable(QStringLiteral("%1 %2: %3 %4 %5").arg(backend, day).arg(p.daily).arg(p.weekly).arg(p.monthly)));
            }
        }
    }

    void referenceSessions_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("interval");
        QTest::newRow("UTC days") << QStringLiteral("UTC") << int(Interval::Day);
        QTest::newRow("New York days") << QStringLiteral("America/New_York") << int(Interval::Day);
        QTest::newRow("Berlin weeks") << QStringLiteral("Europe/Berlin") << int(Interval::Week);
    }

    void referenceSessions()
    {
        QFETCH(QString, zone);
        QFETCH(int, interval);
        SessionsQuery q;
        q.filter.timeZone = zone;
        q.filter.range = {utc("2026-03-02T00:00:00Z"), utc("2026-03-31T00:00:00Z")};
        q.filter.country = QStringLiteral("de");
        q.interval = Interval(interval);
        const auto expected = m_reference.sessions(q);
        QVERIFY(expected.durations.size() > 100);
        for (const auto &[backend, db] : std::as_const(m_generated)) {
            const auto r = loadSessions(db, q);
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(r->sessions, expected.durations.size());
            QCOMPARE(r->events, expected.events);
            QCOMPARE(r->p50Ms, nearestRank(expected.durations, 50));
            QCOMPARE(r->p90Ms, nearestRank(expected.durations, 90));
            QCOMPARE(r->p99Ms, nearestRank(expected.durations, 99));
            for (const auto &[at, n] : r->points)
                QCOMPARE(n, expected.perBucket.value(label(at, zone, q.interval)));
        }
    }

    void referenceRetention_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("returnEvent");
        QTest::addColumn<qint64>("from");
        QTest::newRow("Berlin days, any") << QStringLiteral("Europe/Berlin") << int(Interval::Day) << QString() << QString()
                                          << utc("2026-03-03T00:00:00Z");
        // From mid-hour: the part hour from the events, and users seen earlier in it are not new.
        QTest::newRow("UTC days, any, from mid-hour") << QStringLiteral("UTC") << int(Interval::Day) << QString() << QString()
                                                      << utc("2026-03-03T10:17:05Z");
        QTest::newRow("New York weeks, open then buy") << QStringLiteral("America/New_York") << int(Interval::Week)
                                                       << QStringLiteral("app.open") << QStringLiteral("buy") << utc("2026-03-03T00:00:00Z");
        QTest::newRow("UTC days, cart then any") << QStringLiteral("UTC") << int(Interval::Day) << QStringLiteral("cart") << QString()
                                                 << utc("2026-03-03T00:00:00Z");
    }

    void referenceRetention()
    {
        QFETCH(QString, zone);
        QFETCH(int, window);
        QFETCH(QString, event);
        QFETCH(QString, returnEvent);
        QFETCH(qint64, from);
        RetentionQuery q;
        q.filter.projectId = 1;
        q.filter.timeZone = zone;
        q.filter.range = {from, utc("2026-04-02T00:00:00Z")};
        q.window = Interval(window);
        q.windows = 8;
        q.event = event;
        q.returnEvent = returnEvent;
        for (const auto &[backend, db] : std::as_const(m_generated)) {
            const auto r = loadRetention(db, q);
            QVERIFY2(r, qPrintable(r.error()));
            QList<qint64> starts;
            for (const RetentionCohort &c : r->cohorts)
                starts << c.startMs;
            auto windows = TimeBuckets::make(zone, q.window, q.filter.range);
            QCOMPARE(starts, windows->starts().mid(0, 8));
            const QList<RetentionCohort> expected = m_reference.retention(q, windows->starts());
            QCOMPARE(r->cohorts, expected);
            QVERIFY(expected.constFirst().size > 10);
        }
    }

    void referenceFunnels_data()
    {
        QTest::addColumn<QStringList>("steps");
        QTest::addColumn<qint64>("window");
        QTest::addColumn<bool>("strict");
        QTest::addColumn<QString>("breakdown");
        const QStringList purchase{QStringLiteral("app.open"), QStringLiteral("search"), QStringLiteral("cart"), QStringLiteral("buy")};
        QTest::newRow("purchase, an hour") << purchase << HourMs << false << QString();
        QTest::newRow("purchase, an hour, strict") << purchase << HourMs << true << QString();
        QTest::newRow("purchase, a day, by ext") << purchase << DayMs << false << QStringLiteral("ext");
        QTest::newRow("view twice, 10 minutes, by plan") << QStringList{QStringLiteral("view"), QStringLiteral("view")} << 10 * MinuteMs
                                                          << false << QStringLiteral("m.plan");
        QTest::newRow("open, view, view, strict") << QStringList{QStringLiteral("app.open"), QStringLiteral("view"), QStringLiteral("view")}
                                                  << HourMs << true << QStringLiteral("os");
    }

    void referenceFunnels()
    {
        QFETCH(QStringList, steps);
        QFETCH(qint64, window);
        QFETCH(bool, strict);
        QFETCH(QString, breakdown);
        FunnelQuery q{{}, steps, window, strict, breakdown};
        q.filter.projectId = 1;
        q.filter.timeZone = QStringLiteral("UTC");
        q.filter.range = {utc("2026-03-05T00:00:00Z"), utc("2026-03-12T00:00:00Z")};
        const FunnelResult expected = m_reference.funnel(q);
        QVERIFY(expected.steps.constLast().users > 0);
        for (const auto &[backend, db] : std::as_const(m_generated)) {
            const auto r = loadFunnel(db, q);
            QVERIFY2(r, qPrintable(r.error()));
            QCOMPARE(r->steps, expected.steps);
            QCOMPARE(r->breakdown, expected.breakdown);
            for (int k : {0, int(steps.size()) - 1}) {
                const auto users = loadFunnelUsers(db, q, k);
                QVERIFY2(users, qPrintable(users.error()));
                QCOMPARE(users->total, expected.steps[k].users);
                QCOMPARE(users->users.size(), std::min<qsizetype>(users->total, MaxFilterUsers));
            }
        }
    }

    // The Query API answers from the same engine: a real collector on each generated database gives,
    // for every insight, the very JSON the engine's answer makes.
    void throughTheQueryApi()
    {
        for (qsizetype b = 0; b < m_generated.size(); ++b) {
            const auto &[backend, db] = m_generated[b];
            test::CollectorProcess collector;
            collector.setDatabase(m_generatedLocations[b]);
            QVERIFY2(collector.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}), collector.startError().constData());
            const QByteArray key = collector.createKey(QStringLiteral("default"), QStringLiteral("private"));
            QVERIFY(key.startsWith("tds_"));
            const auto ask = [&](const QByteArray &method, const QByteArray &path, const QByteArray &body = {}) {
                const test::HttpReply r = collector.request(method, "/api/v1/" + path, body,
                                                            {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + key}});
                QJsonObject answer = QJsonDocument::fromJson(r.body).object();
                if (r.status != 200)
                    qWarning("%s %s: %d %s", method.constData(), path.constData(), r.status, r.body.left(300).constData());
                answer.remove(QStringLiteral("api"));
                return answer;
            };
            const QByteArray range = "from=2026-03-05T00:00:00Z&to=2026-04-02T00:00:00Z";
            InsightFilter filter;
            filter.projectId = 1;
            filter.range = {utc("2026-03-05T00:00:00Z"), utc("2026-04-02T00:00:00Z")};
            filter.timeZone = QStringLiteral("Europe/Berlin");

            TrendQuery trend;
            trend.filter = filter;
            trend.filter.properties = {{QStringLiteral("plan"), QStringLiteral("pro")}};
            trend.interval = Interval::Day;
            trend.metric = TrendMetric::P95;
            trend.property = QStringLiteral("durationMs");
            trend.breakdown = QStringLiteral("ext");
            trend.comparePrevious = true;
            QCOMPARE(ask("GET", "trends?" + range + "&tz=Europe/Berlin&m.plan=pro&interval=day&metric=p95&property=m.durationMs"
                                "&breakdown=ext&compare=previous"),
                     trendToJson(*loadTrend(db, trend)));
            QCOMPARE(ask("GET", "active-users?" + range + "&tz=Europe/Berlin&interval=week"),
                     activeUsersToJson(*loadActiveUsers(db, filter), Interval::Week));
            QCOMPARE(ask("GET", "sessions?" + range + "&tz=Europe/Berlin&interval=week"),
                     sessionsToJson(*loadSessions(db, {filter, Interval::Week})));
            QCOMPARE(ask("GET", "retention?" + range + "&tz=Europe/Berlin&window=week&windows=4&event=app.open&return_event=buy"),
                     retentionToJson(*loadRetention(db, {filter, Interval::Week, 4, QStringLiteral("app.open"), QStringLiteral("buy")})));
            const FunnelQuery funnel{filter, {QStringLiteral("app.open"), QStringLiteral("cart"), QStringLiteral("buy")}, HourMs, false,
                                     QStringLiteral("os")};
            QCOMPARE(ask("POST", "funnels", R"({"steps":["app.open","cart","buy"],"window_seconds":3600,"tz":"Europe/Berlin",)"
                                            R"("breakdown":"os","from":"2026-03-05T00:00:00Z","to":"2026-04-02T00:00:00Z"})"),
                     funnelToJson(*loadFunnel(db, funnel)));
            QCOMPARE(ask("GET", "properties?" + range + "&event=buy"), propertiesToJson(*loadProperties(db, 1, filter.range, QStringLiteral("buy"))));
            qInfo("%s: the API's answers are the engine's", qPrintable(backend));
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
