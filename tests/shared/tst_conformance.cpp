// The backend-conformance suite: the same events written through each backend's own store (SqliteStore,
// PgStore) into SQLite and PostgreSQL, then every read the app, its CSV export and minigem's /stats make,
// asked of both through the one read interface. Each answer must be identical, and each database's
// rollups must agree row by row with its raw events.

#include "core/timeunits.h"
#include "demo/demogenerator.h"
#include "protocol/jwcparser.h"
#include "query/inprocessreader.h"
#include "server/minigemstats.h"
#include "storage/catalog.h"
#include "storage/readconnection.h"
#include "storage/storefactory.h"

#include "../common/postgres.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

using Int64 = std::numeric_limits<qint64>;

// Both databases hold the same events, the last ones written a minute before the test reads: the
// reads then cross raw minutes, recent minutes, hours and days on both.
const qint64 Now = QDateTime::currentMSecsSinceEpoch();
const qint64 Start = Now - 9 * DayMs;

struct Place
{
    const char *country, *region, *city;
    double lat, lon;
};
const Place Places[] = {{"DE", "BY", "Munich", 48.14, 11.58}, {"US", "CA", "San Francisco", 37.77, -122.42},
                        {"JP", "13", "Tokyo", 35.69, 139.69},  {"BR", "SP", "São Paulo", -23.55, -46.63},
                        {"FR", "", "", 46.0, 2.0},             {"", "", "", qQNaN(), qQNaN()}};

// Realistic traffic from three kinds of product, in two projects, with places; ids on most events.
QList<std::vector<Event>> requests(qint64 secondProject)
{
    QList<std::vector<Event>> out;
    DemoGenerator kinds[] = {DemoGenerator(7, 300, DemoKind::Desktop), DemoGenerator(8, 900, DemoKind::Web),
                             DemoGenerator(9, 40, DemoKind::Cli)};
    QRandomGenerator random(11);
    for (qint64 at = Start; at < Now - MinuteMs; at += 2 * MinuteMs + random.bounded(5 * MinuteMs)) {
        DemoGenerator &kind = kinds[random.bounded(3)];
        const QByteArray body = kind.nextStretchBody(kind.nextStretchSize(), at,
                                                     random.bounded(5) ? EventIds::TimeOrdered : EventIds::None);
        ParsedRequest parsed = parseJwcRequest(body, {1000, Now});
        const bool second = &kind == &kinds[2];
        for (Event &e : parsed.events) {
            e.projectId = second ? secondProject : 1;
            e.receivedMs = at;
            e.userHash = QCryptographicHash::hash(e.anon, QCryptographicHash::Md5).toHex();
            const Place &place = Places[e.userHash.at(0) % std::size(Places)];
            e.country = place.country;
            e.region = place.region;
            e.city = place.city;
            e.latitude = place.lat;
            e.longitude = place.lon;
        }
        if (!parsed.events.empty())
            out.append(std::move(parsed.events));
    }
    // Properties of every JSON type where /stats reads them, reals and odd text included.
    const QByteArray odd[] = {
        "{\"durationMs\":1234.5,\"exit\":0,\"truncatedOutput\":true,\"scannerUsage\":\"<1KB\",\"waitMsTotal\":0.25}",
        "{\"durationMs\":77,\"exit\":1,\"truncatedOutput\":false,\"scannerUsage\":\"quote \\\" and \\u00fc\",\"waitMsTotal\":3}",
        "{\"durationMs\":null,\"exit\":\"x\",\"truncatedOutput\":null,\"cumulativeBytesBucket\":7,\"waitMsTotal\":1e3}",
        "{\"durationMs\":-0.5,\"exit\":2.0,\"truncatedOutput\":1,\"cumulativeBytesBucket\":1.25}"};
    std::vector<Event> completed;
    for (int i = 0; i < 40; ++i) {
        Event e;
        e.projectId = 1;
        e.name = "java.run.completed";
        e.timeMs = e.receivedMs = Now - 2 * HourMs - i * 97 * MinuteMs;
        e.userHash = QCryptographicHash::hash(QByteArray("odd" + QByteArray::number(i % 7)), QCryptographicHash::Md5).toHex();
        e.sessionId = "odd-session-" + QByteArray::number(i % 5);
        e.props = odd[i % std::size(odd)];
        completed.push_back(e);
    }
    out.append(std::move(completed));
    return out;
}

bool fill(EventStore &store, const QList<std::vector<Event>> &all)
{
    qsizetype answered = 0;
    QObject receiver;
    QObject::connect(&store, &EventStore::committed, &receiver, [&](const QList<IngestOutcome> &o) { answered += o.size(); });
    quint64 ticket = 0;
    for (const std::vector<Event> &request : all) {
        while (!store.submit(++ticket, std::vector<Event>(request)))
            QTest::qWait(5);
    }
    store.commitSoon();
    return QTest::qWaitFor([&] { return answered == all.size(); }, 120000);
}

template<typename T>
Result<T> await(QFuture<Result<T>> future)
{
    future.waitForFinished();
    return future.result();
}

// Answers as text, so that a difference shows where it is.
QString text(const Series &s)
{
    QStringList out;
    for (const auto &[at, n] : s)
        out << QStringLiteral("%1:%2").arg(at).arg(n);
    return out.join(u' ');
}

QString text(const Breakdown &b)
{
    QStringList out;
    for (const ValueCount &v : b.top)
        out << v.value + u'=' + QString::number(v.events);
    return out.join(u' ') + QStringLiteral(" other=") + QString::number(b.other);
}

QString text(const PeriodTotals &t)
{
    return QStringLiteral("events=%1 users=%2%3 countries=%4").arg(t.events).arg(t.users).arg(t.usersEstimated ? QStringLiteral("≈") : QString()).arg(t.countries);
}

QString text(const OverviewData &o)
{
    return QStringList{text(o.totals), text(o.previous), QString::number(o.bucketMs), text(o.series), text(o.previousSeries),
                       text(o.topEvents), text(o.os), text(o.appVersions), text(o.hostVersions), text(o.countries)}
        .join(u'\n');
}

QString text(const GeoSummary &g)
{
    QStringList out{QStringLiteral("events=%1 users=%2%3").arg(g.events).arg(g.users).arg(g.usersEstimated ? QStringLiteral("≈") : QString())};
    for (const GeoCountry &c : g.countries)
        out << QStringLiteral("%1 %2 %3").arg(c.country).arg(c.events).arg(c.users);
    for (const GeoPlace &p : g.places)
        out << QStringLiteral("%1/%2 %3,%4 %5").arg(p.country, p.city).arg(p.lat).arg(p.lon).arg(p.events);
    return out.join(u'\n');
}

QString text(const EventRow &r)
{
    // Not the row id: each database numbers its rows itself.
    return QStringList{QString::number(r.projectId), QString::number(r.timeMs),
                       QString::number(r.receivedMs), r.eventId, r.userHash, r.sessionId, r.name, r.os, r.appVersion,
                       r.hostVersion, r.country, r.region, r.city, QString::number(r.latitude), QString::number(r.longitude),
                       r.props}
        .join(u'|');
}

template<typename T>
QString text(const Result<T> &r)
{
    return r ? text(*r) : QStringLiteral("error: ") + r.error();
}

// Every page of a filter, newest first, and every count, as text.
QString walk(Reader &reader, const EventFilter &filter)
{
    QStringList out;
    EventCursor after;
    for (int page = 0; page < 1000; ++page) {
        const auto p = await(reader.eventPage(filter, after, 97, ScanBudget::unlimited()));
        if (!p)
            return QStringLiteral("error: ") + p.error();
        for (const EventRow &row : p->rows)
            out << text(row);
        if (p->reachedRangeStart)
            break;
        after = p->next;
    }
    const auto count = await(reader.countEvents(filter, Int64::max(), {}, ScanBudget::unlimited()));
    out << (count ? QStringLiteral("count %1 %2").arg(count->events).arg(count->complete) : count.error());
    return out.join(u'\n');
}

// Where two long answers first differ: the line, and the text around the first different character.
QString firstDifference(const QString &a, const QString &b)
{
    const QStringList x = a.split(u'\n'), y = b.split(u'\n');
    for (qsizetype i = 0; i < std::max(x.size(), y.size()); ++i) {
        const QString one = x.value(i), other = y.value(i);
        if (one == other)
            continue;
        qsizetype at = 0;
        while (at < one.size() && at < other.size() && one.at(at) == other.at(at))
            ++at;
        const qsizetype from = std::max<qsizetype>(0, at - 100);
        return QStringLiteral("line %1, character %2:\n  sqlite:     %3\n  postgresql: %4")
            .arg(i).arg(at).arg(one.mid(from, 300), other.mid(from, 300));
    }
    return {};
}

#define COMPARE_ANSWERS(sqlite, postgresql)                                                                          \
    do {                                                                                                             \
        const QString fromSqlite = (sqlite), fromPostgresql = (postgresql);                                          \
        if (fromSqlite != fromPostgresql)                                                                            \
            QFAIL(qPrintable(firstDifference(fromSqlite, fromPostgresql)));                                          \
        QVERIFY2(!fromSqlite.startsWith(QLatin1String("error")), qPrintable(fromSqlite));                            \
    } while (false)

} // namespace

class TestConformance : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    DatabaseUrl m_sqlite, m_postgres;
    std::unique_ptr<InProcessReader> m_sqliteReader, m_pgReader;
    qint64 m_second = 0;

    QList<std::pair<QString, TimeRange>> ranges() const
    {
        const qint64 minute = floorTo(Now, MinuteMs);
        return {{QStringLiteral("last hour"), {Now - HourMs, Now}},
                {QStringLiteral("today"), {floorTo(Now, DayMs), Now}},
                {QStringLiteral("24 hours"), {Now - DayMs, Now}},
                {QStringLiteral("7 days"), {Now - 7 * DayMs, Now}},
                {QStringLiteral("30 days"), {Now - 30 * DayMs, Now}},
                {QStringLiteral("odd edges"), {Start + 12345, minute - 7 * HourMs - 777}},
                {QStringLiteral("whole minutes"), {minute - 90 * MinuteMs, minute - 3 * MinuteMs}}};
    }

    QList<qint64> projects() const { return {AllProjects, 1, m_second}; }

private slots:
    void initTestCase()
    {
        const test::TestPostgres pg = test::testPostgres();
        m_sqlite = *parseDatabaseUrl(m_dir.filePath(QStringLiteral("conformance.db")));
        m_postgres = *parseDatabaseUrl(test::freshDatabase(pg.url, QStringLiteral("tst_conformance")));
        for (const DatabaseUrl &url : {m_sqlite, m_postgres}) {
            const auto migrated = migrateDatabase(url);
            QVERIFY2(migrated, qPrintable(migrated.error()));
            auto catalog = Catalog::open(url);
            QVERIFY2(catalog, qPrintable(catalog.error()));
            auto second = catalog->createProject(QStringLiteral("cli"));
            QVERIFY2(second, qPrintable(second.error()));
            QVERIFY(m_second == 0 || m_second == second->id);
            m_second = second->id;
        }
        const QList<std::vector<Event>> all = requests(m_second);
        QVERIFY(all.size() > 1000);
        for (const DatabaseUrl &url : {m_sqlite, m_postgres}) {
            StoreOptions options;
            options.maxEventsPerTransaction = 300; // many transactions: rollup rows are added to
            auto store = openEventStore(url, options);
            QVERIFY2(store, qPrintable(store.error()));
            QVERIFY(fill(**store, all));
            (*store)->drainAndStop();
        }
        m_sqliteReader = std::make_unique<InProcessReader>(m_sqlite);
        m_pgReader = std::make_unique<InProcessReader>(m_postgres);
    }

    void rollupsMatchEvents()
    {
        auto db = PgConnection::open(m_postgres.postgresqlUrl, "tst_conformance");
        QVERIFY2(db, qPrintable(db.error()));
        const QStringList differ = test::pgRollupMismatches(*db);
        QVERIFY2(differ.isEmpty(), qPrintable(differ.mid(0, 5).join(u'\n')));
    }

    void overview()
    {
        for (const qint64 project : projects()) {
            for (const auto &[name, range] : ranges()) {
                qInfo("project %lld, %s", project, qPrintable(name));
                COMPARE_ANSWERS(text(await(m_sqliteReader->overview(project, range))), text(await(m_pgReader->overview(project, range))));
                COMPARE_ANSWERS(text(await(m_sqliteReader->eventsPerMinute(project, range))),
                                text(await(m_pgReader->eventsPerMinute(project, range))));
                COMPARE_ANSWERS(text(await(m_sqliteReader->geo(project, range))), text(await(m_pgReader->geo(project, range))));
            }
        }
    }

    void events_data()
    {
        QTest::addColumn<EventFilter>("filter");
        const auto add = [](const char *name, auto change) {
            EventFilter filter;
            change(filter);
            QTest::newRow(name) << filter;
        };
        add("everything", [](EventFilter &) {});
        add("one project, a day", [this](EventFilter &f) { f.projectId = m_second; f.range = {Now - 2 * DayMs, Now - DayMs}; });
        add("name", [](EventFilter &f) { f.name = QStringLiteral("page.viewed"); });
        add("os", [](EventFilter &f) { f.os = QStringLiteral("linux"); });
        add("country, any case", [](EventFilter &f) { f.country = QStringLiteral("de"); });
        add("text", [](EventFilter &f) { f.text = QStringLiteral("ms"); });
        add("text, any case", [](EventFilter &f) { f.text = QStringLiteral("MS"); });
        add("text, not ASCII", [](EventFilter &f) { f.text = QStringLiteral("SÃO"); });
        add("text, JSON", [](EventFilter &f) { f.text = QStringLiteral("\"exit\":1"); });
        add("several", [](EventFilter &f) { f.country = QStringLiteral("US"); f.range = {Now - 3 * DayMs, Now}; f.text = QStringLiteral("a"); });
    }

    void events()
    {
        QFETCH(EventFilter, filter);
        COMPARE_ANSWERS(walk(*m_sqliteReader, filter), walk(*m_pgReader, filter));
    }

    // The live tail from the start (every row once), and the count of what a page showed.
    void tailAndCount_data() { events_data(); }
    void tailAndCount()
    {
        QFETCH(EventFilter, filter);
        const auto tail = [&filter](Reader &reader) -> QString {
            QStringList out;
            qint64 after = 0;
            for (int step = 0; step < 1000; ++step) {
                const auto t = await(reader.eventsStoredAfter(filter, after, 500, ScanBudget::unlimited()));
                if (!t)
                    return QStringLiteral("error: ") + t.error();
                for (const EventRow &row : t->rows)
                    out << text(row);
                after = t->lastId;
                if (t->caughtUp)
                    break;
            }
            const auto page = await(reader.eventPage(filter, {}, 10, ScanBudget::unlimited()));
            if (!page)
                return QStringLiteral("error: ") + page.error();
            qint64 counted = 0;
            EventCursor from;
            for (int call = 0; call < 1000; ++call) {
                const auto count = await(reader.countEvents(filter, page->newestStoredId, from, ScanBudget::unlimited()));
                if (!count)
                    return QStringLiteral("error: ") + count.error();
                counted += count->events;
                if (count->complete)
                    break;
                from = count->next;
            }
            // Each backend orders the rows of one transaction its own way: the tail is compared as a set.
            out.sort();
            return out.join(u'\n') + QStringLiteral("\ncount %1").arg(counted);
        };
        COMPARE_ANSWERS(tail(*m_sqliteReader), tail(*m_pgReader));
    }

    // Several writers: a row whose transaction commits after a later one's must still reach the tail,
    // and a page never shows a row the tail will show again.
    void tailWaitsForEarlierTransactionsOnPostgres()
    {
        auto first = PgConnection::open(m_postgres.postgresqlUrl, "writer-1");
        auto second = PgConnection::open(m_postgres.postgresqlUrl, "writer-2");
        QVERIFY(first && second);
        EventFilter filter;
        filter.name = QStringLiteral("tail.check");
        const auto start = await(m_pgReader->eventPage(filter, {}, 10, ScanBudget::unlimited()));
        QVERIFY2(start, qPrintable(start.error()));
        QVERIFY(start->rows.isEmpty());
        const QByteArray insert = "INSERT INTO events(project_id, ts, received_ms, user_hash, name) VALUES (1, "
            + QByteArray::number(Now - 5000) + ", " + QByteArray::number(Now) + ", 'u', 'tail.check') RETURNING id";
        QVERIFY(first->run("BEGIN"));
        const auto early = first->exec(insert); // the lower id ...
        QVERIFY2(early, qPrintable(early.error()));
        QVERIFY(second->run("BEGIN"));
        QVERIFY(second->exec(insert));
        QVERIFY(second->run("COMMIT")); // ... commits last
        const auto shown = [&](qint64 after) {
            const auto t = await(m_pgReader->eventsStoredAfter(filter, after, 100, ScanBudget::unlimited()));
            return t ? std::make_pair(qsizetype(t->rows.size()), t->lastId) : std::make_pair(qsizetype(-1), qint64(0));
        };
        const auto [whileOpen, lastId] = shown(start->newestStoredId);
        QCOMPARE(whileOpen, 0); // the second row waits for the first transaction to end
        const auto page = await(m_pgReader->eventPage(filter, {}, 10, ScanBudget::unlimited()));
        QVERIFY(page && page->rows.isEmpty());
        QVERIFY(first->run("COMMIT"));
        QTRY_COMPARE(shown(lastId).first, 2);
        QVERIFY(first->run("DELETE FROM events WHERE name = 'tail.check'")); // the other tests compare both databases
    }

    void exportCsv()
    {
        EventFilter filter;
        filter.range = {Now - 4 * DayMs, Now};
        const QString a = m_dir.filePath(QStringLiteral("sqlite.csv")), b = m_dir.filePath(QStringLiteral("pg.csv"));
        const auto rowsA = await(m_sqliteReader->exportCsv(filter, a, {})), rowsB = await(m_pgReader->exportCsv(filter, b, {}));
        QVERIFY2(rowsA && rowsB, qPrintable(rowsA ? rowsB.error() : rowsA.error()));
        QCOMPARE(*rowsB, *rowsA);
        QFile fa(a), fb(b);
        QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
        COMPARE_ANSWERS(QString::fromUtf8(fa.readAll()), QString::fromUtf8(fb.readAll()));
    }

    void suggestions()
    {
        for (const EventField field : {EventField::Name, EventField::Os, EventField::AppVersion, EventField::HostVersion, EventField::Country}) {
            for (const QString &prefix : {QString(), QStringLiteral("s"), QStringLiteral("1.")}) {
                const auto suggest = [&](Reader &reader) -> QString {
                    const auto values = await(reader.suggestValues(AllProjects, {Now - 7 * DayMs, Now}, field, prefix, 20));
                    return values ? values->join(u',') : QStringLiteral("error: ") + values.error();
                };
                COMPARE_ANSWERS(suggest(*m_sqliteReader), suggest(*m_pgReader));
            }
        }
    }

    void minigemStats()
    {
        const QSqlDatabase a = readConnection(m_sqlite), b = readConnection(m_postgres);
        const QDate today = QDateTime::fromMSecsSinceEpoch(Now, Qt::UTC).date();
        for (const qint64 project : {qint64(1), m_second}) {
            for (const StatsRange range : {StatsRange{today.addDays(-9), today}, StatsRange{today.addDays(-3), today.addDays(-1)}}) {
                const auto statsA = computeMinigemStats(a, project, range, Now), statsB = computeMinigemStats(b, project, range, Now);
                COMPARE_ANSWERS(statsA ? QString::fromUtf8(*statsA) : statsA.error(), statsB ? QString::fromUtf8(*statsB) : statsB.error());
            }
            // Not the row ids: each database numbers its rows itself.
            const auto recent = [project](const QSqlDatabase &db) -> QString {
                const auto json = recentEventsJson(db, project, 200);
                return json ? QString::fromUtf8(*json).remove(QRegularExpression(QStringLiteral("\"id\":[0-9]+,"))) : json.error();
            };
            COMPARE_ANSWERS(recent(a), recent(b));
            const auto hourlyA = hourlyCountsJson(a, project, 48, Now), hourlyB = hourlyCountsJson(b, project, 48, Now);
            COMPARE_ANSWERS(hourlyA ? QString::fromUtf8(*hourlyA) : hourlyA.error(), hourlyB ? QString::fromUtf8(*hourlyB) : hourlyB.error());
        }
    }

    void storeInfo()
    {
        const auto a = await(m_sqliteReader->storeInfo()), b = await(m_pgReader->storeInfo());
        QVERIFY2(a && b, qPrintable(a ? b.error() : a.error()));
        QCOMPARE(b->backend, QStringLiteral("postgresql"));
        QVERIFY(a->hasEvents && b->hasEvents);
    }
};

TDESK_POSTGRES_TEST_MAIN(TestConformance)
#include "tst_conformance.moc"
