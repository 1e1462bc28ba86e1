// The PostgreSQL store against a real PostgreSQL (the test cluster, tests/common/postgres.h): the
// schema and its migrations, idempotent ingest, rollups equal to the raw events, several stores on
// one database.

#include "../common/postgres.h"

#include "core/timeunits.h"
#include "storage/postgres/pgconnection.h"
#include "storage/postgres/pgschema.h"
#include "storage/catalog.h"
#include "storage/postgres/pgstore.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

constexpr qint64 Base = 1764547200000; // 2025-12-01T00:00:00Z: the runs cross a month's end

Event makeEvent(qint64 timeMs, const QByteArray &user, const QByteArray &name, const QByteArray &id = {})
{
    Event e;
    e.projectId = 1;
    e.timeMs = timeMs;
    e.receivedMs = timeMs;
    e.userHash = user;
    e.name = name;
    e.id = id;
    return e;
}

// Events over the last days of a month and the first of the next, with every field sometimes
// missing and places with coordinates; about 1 in 5 without an id.
std::vector<Event> varied(QRandomGenerator &random, int count, const QByteArray &idPrefix)
{
    static const char *const names[] = {"open", "save", "run", "crash", "search"};
    static const char *const countries[] = {"DE", "US", "FR", "", "JP"};
    std::vector<Event> events;
    for (int i = 0; i < count; ++i) {
        Event e = makeEvent(Base - 2 * DayMs + qint64(random.bounded(4 * 24 * 3600)) * 1000 + random.bounded(1000),
                        "user" + QByteArray::number(random.bounded(60)), names[random.bounded(5)],
                        i % 5 ? idPrefix + QByteArray::number(i) : QByteArray());
        if (i % 4)
            e.os = i % 3 ? "linux" : "win32";
        if (i % 6)
            e.ext = "1." + QByteArray::number(random.bounded(4));
        if (i % 7)
            e.vscode = "1.9" + QByteArray::number(random.bounded(3)) + ".0";
        e.country = countries[random.bounded(5)];
        if (random.bounded(3) == 0) {
            e.latitude = 48.125 + random.bounded(3) - (i % 2 ? 0 : 96.25); // exact halves, both signs
            e.longitude = 11.5 - random.bounded(3) * 0.005 + random.bounded(100) * 0.001;
            e.city = "City " + QByteArray::number(random.bounded(3));
        }
        if (i % 2)
            e.props = "{\"k\":\"v\",\"n\":" + QByteArray::number(i) + '}';
        events.push_back(e);
    }
    return events;
}

// Submits the events in requests of 1 to 50; the outcomes of all, once every one has an answer.
QList<IngestOutcome> ingest(PgStore &store, std::vector<Event> events, QRandomGenerator &random, quint64 firstTicket = 1)
{
    QList<IngestOutcome> outcomes;
    QObject receiver;
    QObject::connect(&store, &EventStore::committed, &receiver, [&](const QList<IngestOutcome> &o) { outcomes += o; });
    quint64 ticket = firstTicket;
    qsizetype requests = 0;
    for (size_t i = 0; i < events.size();) {
        const size_t n = std::min(events.size() - i, size_t(1 + random.bounded(50)));
        std::vector<Event> request(events.begin() + qsizetype(i), events.begin() + qsizetype(i + n));
        while (!store.submit(ticket, std::move(request)))
            QTest::qWait(5);
        ++ticket;
        ++requests;
        i += n;
        store.commitSoon();
    }
    store.commitSoon();
    if (!QTest::qWaitFor([&] { return outcomes.size() >= requests; }, 30000))
        qWarning("only %d of %d requests answered", int(outcomes.size()), int(requests));
    return outcomes;
}

qint64 count(PgConnection &db, const QByteArray &sql)
{
    auto rows = db.exec(sql);
    return rows ? rows->number(0, 0) : -1;
}

} // namespace

class TestPgStore : public QObject
{
    Q_OBJECT

    QString m_admin;
    int m_databases = 0;

    // A fresh database for one test function.
    QString database()
    {
        return test::freshDatabase(m_admin, QStringLiteral("tst_pgstore_%1").arg(++m_databases));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_admin = test::testPostgres().url;
    }

    void migrationCreatesTheSchemaOnceAndRefusesANewerOne()
    {
        const QString url = database();
        QVERIFY2(PgStore::migrate(url), "first migration");
        QVERIFY2(PgStore::migrate(url), "a second start finds it done");
        auto db = PgConnection::open(url);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT max(version) FROM schema_version"), qint64(PgSchemaVersion));
        QCOMPARE(count(*db, "SELECT count(*) FROM projects WHERE name = 'default'"), 1);
        QCOMPARE(count(*db, "SELECT count(*) FROM meta WHERE key = 'user_hash_salt' AND length(value) >= 32"), 1);
        QVERIFY(db->run("UPDATE schema_version SET version = 99"));
        const auto refused = PgStore::open(PgOptions(url));
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QLatin1String("schema version 99, newer than this build")), qPrintable(refused.error()));
    }

    void aRoleWithoutCreateRightsIsToldWhatToGrant()
    {
        const QString url = database();
        auto admin = PgConnection::open(url);
        QVERIFY(admin);
        QVERIFY(admin->run("DROP ROLE IF EXISTS tdesk_reader"));
        QVERIFY(admin->run("CREATE ROLE tdesk_reader LOGIN"));
        QVERIFY(admin->run("REVOKE CREATE ON SCHEMA public FROM PUBLIC"));
        QString readerUrl = url;
        readerUrl.replace(QLatin1String("postgres@"), QLatin1String("tdesk_reader@"));
        const auto refused = PgStore::migrate(readerUrl);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QLatin1String("GRANT CREATE ON SCHEMA public")), qPrintable(refused.error()));
        QCOMPARE(count(*admin, "SELECT count(*) FROM pg_tables WHERE tablename = 'events'"), 0); // nothing half made
    }

    void unreachableServerSaysSo()
    {
        const auto refused = PgStore::open(PgOptions(QStringLiteral("postgresql://postgres@127.0.0.1:1/x?connect_timeout=2")));
        QVERIFY(!refused);
        QVERIFY2(isPgUnreachable(refused.error()), qPrintable(refused.error()));
        QVERIFY2(refused.error().contains(QLatin1String("Connection refused")), qPrintable(refused.error()));
        QVERIFY2(refused.error().contains(QLatin1String("check the host and port")), qPrintable(refused.error()));
    }

    // verify-full (what PG_SSL=true asks for) checks the certificate and the host name, on the
    // writer's libpq connection and on the Qt Sql connections of the catalog and readers alike.
    void certificateChecksAreHonoured()
    {
        const QString url = database();
        const QString ca = test::testPostgres().caFile;
        QVERIFY(QFile::exists(ca));
        const QString trusted = url + QStringLiteral("?sslmode=verify-full&sslrootcert=") + ca;
        QVERIFY2(PgStore::migrate(trusted), "a certificate from the trusted CA, for this host");
        auto db = PgConnection::open(trusted);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT count(*) FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl"), 1);
        auto catalog = Catalog::open(*parseDatabaseUrl(trusted));
        QVERIFY2(catalog, qPrintable(catalog.error()));
        QVERIFY(catalog->projects());

        const QString untrusted = url + QStringLiteral("?sslmode=verify-full&sslrootcert=/nonexistent/root.crt");
        auto refused = PgStore::migrate(untrusted);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QLatin1String("root certificate file")), qPrintable(refused.error()));
        auto refusedCatalog = Catalog::open(*parseDatabaseUrl(untrusted));
        QVERIFY(!refusedCatalog);
        QVERIFY2(refusedCatalog.error().contains(QLatin1String("root certificate file")), qPrintable(refusedCatalog.error()));

        QString otherName = trusted;
        otherName.replace(QLatin1String("@127.0.0.1:"), QLatin1String("@wrong-name.invalid:")).append(QLatin1String("&hostaddr=127.0.0.1"));
        refused = PgStore::migrate(otherName);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QLatin1String("does not match host name")), qPrintable(refused.error()));
    }

    void eachEventIsStoredOnceAndAnsweredAfterCommit()
    {
        const QString url = database();
        auto store = PgStore::open(PgOptions(url));
        QVERIFY2(store, qPrintable(store.error()));
        QRandomGenerator random(7);
        std::vector<Event> first = {makeEvent(Base, "u1", "open", "id-1"), makeEvent(Base + 1, "u1", "save", "id-2"),
                                    makeEvent(Base + 2, "u2", "open")};
        // The same id twice in one request, a request sent again, and a retry whose time moved (to another
        // month's partition): stored once, counted as duplicates.
        std::vector<Event> again = {makeEvent(Base + 3, "u2", "run", "id-3"), makeEvent(Base + 4, "u2", "run", "id-3"),
                                    makeEvent(Base + 40 * DayMs, "u1", "open", "id-1")};
        QList<IngestOutcome> outcomes;
        QObject receiver;
        connect(store->get(), &EventStore::committed, &receiver, [&](const QList<IngestOutcome> &o) { outcomes += o; });
        QVERIFY((*store)->submit(1, std::vector<Event>(first)));
        (*store)->commitSoon();
        QVERIFY(QTest::qWaitFor([&] { return outcomes.size() == 1; }, 10000));
        QVERIFY((*store)->submit(2, std::vector<Event>(first)));
        QVERIFY((*store)->submit(3, std::vector<Event>(again)));
        (*store)->commitSoon();
        QVERIFY(QTest::qWaitFor([&] { return outcomes.size() == 3; }, 10000));
        std::sort(outcomes.begin(), outcomes.end(), [](const auto &a, const auto &b) { return a.ticket < b.ticket; });
        QVERIFY(outcomes[0].committed && outcomes[1].committed && outcomes[2].committed);
        QCOMPARE(outcomes[0].accepted, 3);
        QCOMPARE(outcomes[1].accepted, 1); // the event without an id cannot be recognised
        QCOMPARE(outcomes[1].duplicates, 2);
        QCOMPARE(outcomes[2].accepted, 1);
        QCOMPARE(outcomes[2].duplicates, 2);
        auto db = PgConnection::open(url);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT count(*) FROM events"), 5);
        QCOMPARE(count(*db, "SELECT sum(events) FROM rollup_minute"), 5);
        QCOMPARE((*store)->stats().committedEvents, quint64(5));
        QVERIFY((*store)->healthy());
    }

    void textPostgresqlCannotHoldIsStoredNotRefused()
    {
        const QString url = database();
        auto store = PgStore::open(PgOptions(url));
        QVERIFY2(store, qPrintable(store.error()));
        Event odd = makeEvent(Base, "u1", QByteArray("nul\0inside", 10), "quote\"back\\slash{,}");
        odd.props = QByteArray("{\"a\":\"x") + '\0' + "\"}";
        QRandomGenerator random(1);
        const QList<IngestOutcome> outcomes = ingest(**store, {odd}, random);
        QCOMPARE(outcomes.size(), 1);
        QVERIFY(outcomes[0].committed);
        auto db = PgConnection::open(url);
        QVERIFY(db);
        auto row = db->exec("SELECT name, event_id FROM events");
        QVERIFY(row && row->rows() == 1);
        QCOMPARE(row->text(0, 0), QByteArray("nul\xEF\xBF\xBDinside"));
        QCOMPARE(row->text(0, 1), QByteArray("quote\"back\\slash{,}"));
    }

    void eventsGoIntoTheirMonthsPartition()
    {
        const QString url = database();
        auto store = PgStore::open(PgOptions(url));
        QVERIFY2(store, qPrintable(store.error()));
        QRandomGenerator random(3);
        ingest(**store, {makeEvent(Base - 1, "u", "late"), makeEvent(Base, "u", "first"), makeEvent(946684800000, "u", "y2k")}, random);
        auto db = PgConnection::open(url);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT count(*) FROM events_202511"), 1);
        QCOMPARE(count(*db, "SELECT count(*) FROM events_202512"), 1);
        QCOMPARE(count(*db, "SELECT count(*) FROM events_200001"), 1);
    }

    void rollupsEqualTheRawEvents()
    {
        const QString url = database();
        PgOptions options(url);
        options.maxEventsPerTransaction = 300; // many transactions: rows are added to, not only written
        auto store = PgStore::open(options);
        QVERIFY2(store, qPrintable(store.error()));
        QRandomGenerator random(11);
        std::vector<Event> events = varied(random, 4000, "ev-");
        for (int i = 0; i < 200; ++i) { // retries: stored once, counted once
            const Event &sent = events[size_t(random.bounded(4000))];
            if (!sent.id.isEmpty())
                events.push_back(sent);
        }
        const QList<IngestOutcome> outcomes = ingest(**store, events, random);
        int accepted = 0;
        for (const IngestOutcome &o : outcomes) {
            QVERIFY(o.committed);
            accepted += o.accepted;
        }
        auto db = PgConnection::open(url);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT count(*) FROM events"), accepted);
        QCOMPARE(accepted, 4000);
        const QStringList wrong = test::pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
        QVERIFY(count(*db, "SELECT count(DISTINCT value) FROM rollup_hour WHERE dim = 5") >= 3);
    }

    // A project's retention deletes its whole days before the cutoff, events and rollups alike; a
    // month that every project is done with goes as a partition.
    void retentionTrimsProjectsAndDropsMonths()
    {
        const QString url = database();
        QVERIFY(PgStore::migrate(url));
        auto db = PgConnection::open(url);
        QVERIFY(db);
        auto shortLived = db->exec("INSERT INTO projects(name, created_ms, retention_days) VALUES ('short', 0, 3) RETURNING id");
        QVERIFY(shortLived);
        const qint64 shortId = shortLived->number(0, 0);
        std::atomic<qint64> now = Base + 12 * HourMs;
        PgOptions options(url);
        options.retentionIntervalMs = 50;
        options.clock = [&now] { return now.load(); };
        auto store = PgStore::open(options);
        QVERIFY2(store, qPrintable(store.error()));
        std::vector<Event> events;
        for (const qint64 at : {Base - 70 * DayMs, Base - 10 * DayMs, Base - 4 * DayMs + HourMs, Base - DayMs, Base}) {
            for (const qint64 project : {qint64(1), shortId}) {
                Event e = makeEvent(at, "u" + QByteArray::number(at % 7), "kept?");
                e.projectId = project;
                events.push_back(e);
            }
        }
        QRandomGenerator random(9);
        ingest(**store, events, random);
        // 'short' keeps 3 whole days (from Base - 3 days on); the default project keeps everything.
        // The store's clock moves a second per look (its rounds follow its clock, not the wall's).
        const auto after = [&](const QByteArray &sql, qint64 expected) {
            return QTest::qWaitFor([&] { now += 1000; return count(*db, sql) == expected; }, 10000);
        };
        QVERIFY(after("SELECT count(*) FROM events WHERE project_id = " + QByteArray::number(shortId), 2));
        QCOMPARE(count(*db, "SELECT count(*) FROM events WHERE project_id = 1"), 5);
        QCOMPARE(count(*db, "SELECT count(*) FROM pg_class WHERE relname = 'events_202509'"), 1);
        QStringList wrong = test::pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));

        QVERIFY(db->run("UPDATE projects SET retention_days = 5 WHERE id = 1"));
        QVERIFY(after("SELECT count(*) FROM events WHERE project_id = 1", 3));
        QCOMPARE(count(*db, "SELECT count(*) FROM pg_class WHERE relname = 'events_202509'"), 0); // dropped whole
        QCOMPARE(count(*db, "SELECT count(*) FROM pg_class WHERE relname = 'events_202511'"), 1); // still in use
        wrong = test::pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
        // rollup_recent keeps two days (by the store's clock, a few looks behind this one), and
        // never claims to hold what it pruned.
        const QByteArray pruned = QByteArray::number(floorTo(now - 2 * DayMs, MinuteMs) - 10 * MinuteMs);
        QCOMPARE(count(*db, "SELECT count(*) FROM rollup_recent WHERE minute_ms < " + pruned), 0);
        QCOMPARE(count(*db, "SELECT count(*) FROM meta WHERE key = 'rollup_recent_from' AND value::bigint >= " + pruned), 1);
    }

    // PostgreSQL stops as if it crashed, under load: every request is still acknowledged, from the
    // spool, and once PostgreSQL is back every event is stored exactly once. A store that ends
    // with a full spool (as a killed collector would) leaves it to the next one.
    void anOutageIsBridgedByTheSpool()
    {
        test::PrivateCluster cluster;
        QVERIFY2(cluster.ok(), "a cluster of the test's own");
        QTemporaryDir dir;
        PgOptions options(cluster.url());
        options.spoolPath = dir.filePath(QStringLiteral("spool.db"));
        options.maxEventsPerTransaction = 100;
        QRandomGenerator random(21);
        const std::vector<Event> events = varied(random, 3000, "out-");
        const auto slice = [&events](size_t from, size_t to) { return std::vector<Event>(events.begin() + qsizetype(from), events.begin() + qsizetype(to)); };
        const auto allCommitted = [](const QList<IngestOutcome> &outcomes) {
            return std::all_of(outcomes.begin(), outcomes.end(), [](const IngestOutcome &o) { return o.committed; });
        };
        {
            auto store = PgStore::open(options);
            QVERIFY2(store, qPrintable(store.error()));
            QVERIFY(allCommitted(ingest(**store, slice(0, 1000), random)));
            QVERIFY(cluster.pause());
            // Down: acknowledged from the spool, including retries of what is already stored.
            QList<IngestOutcome> during = ingest(**store, slice(1000, 2000), random, 1000);
            during += ingest(**store, slice(900, 1100), random, 2000);
            QVERIFY(allCommitted(during));
            QVERIFY((*store)->stats().spooledEvents >= 1200);
            QVERIFY(!(*store)->healthy());
            QVERIFY(cluster.resume());
            QVERIFY(QTest::qWaitFor([&] { return (*store)->stats().spooledEvents == 0; }, 30000));
            QVERIFY((*store)->healthy());
            QVERIFY(allCommitted(ingest(**store, slice(2000, 2500), random, 3000)));
            // Down again, and the store ends with its spool full.
            QVERIFY(cluster.pause());
            QVERIFY(allCommitted(ingest(**store, slice(2500, 3000), random, 4000)));
            QCOMPARE((*store)->stats().spooledEvents, 500);
        }
        QVERIFY(cluster.resume());
        auto store = PgStore::open(options);
        QVERIFY2(store, qPrintable(store.error()));
        QVERIFY(QTest::qWaitFor([&] { return (*store)->stats().spooledEvents == 0; }, 30000));
        auto db = PgConnection::open(cluster.url());
        QVERIFY(db);
        // Once each; but an event without an id cannot be told from a new one, so those resent count twice.
        const auto withoutId = [](const std::vector<Event> &list) {
            return qint64(std::count_if(list.begin(), list.end(), [](const Event &e) { return e.id.isEmpty(); }));
        };
        QCOMPARE(count(*db, "SELECT count(DISTINCT event_id) FROM events"), 3000 - withoutId(events));
        QCOMPARE(count(*db, "SELECT count(*) FROM events"), 3000 + withoutId(slice(900, 1100)));
        const QStringList wrong = test::pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
    }

    void twoStoresOnOneDatabaseStoreEachEventOnce()
    {
        const QString url = database();
        PgOptions options(url);
        options.maxEventsPerTransaction = 200;
        auto one = PgStore::open(options);
        auto two = PgStore::open(options);
        QVERIFY2(one && two, "two stores");
        QRandomGenerator random(5);
        const std::vector<Event> events = varied(random, 3000, "both-");
        // Both get every event, in a different order: as two collectors behind a balancer get retries.
        std::vector<Event> reversed(events.rbegin(), events.rend());
        QRandomGenerator r1(1), r2(2);
        QList<IngestOutcome> first, second;
        QObject receiver;
        connect(one->get(), &EventStore::committed, &receiver, [&](const QList<IngestOutcome> &o) { first += o; });
        connect(two->get(), &EventStore::committed, &receiver, [&](const QList<IngestOutcome> &o) { second += o; });
        qsizetype requests = 0;
        for (size_t i = 0; i < events.size(); i += 25, ++requests) {
            const auto end = std::min(events.size(), i + 25);
            while (!(*one)->submit(quint64(requests), std::vector<Event>(events.begin() + qsizetype(i), events.begin() + qsizetype(end))))
                QTest::qWait(2);
            while (!(*two)->submit(quint64(requests), std::vector<Event>(reversed.begin() + qsizetype(i), reversed.begin() + qsizetype(end))))
                QTest::qWait(2);
            (*one)->commitSoon();
            (*two)->commitSoon();
        }
        QVERIFY(QTest::qWaitFor([&] { return first.size() == requests && second.size() == requests; }, 60000));
        int accepted = 0, duplicates = 0;
        for (const IngestOutcome &o : first + second) {
            QVERIFY(o.committed);
            accepted += o.accepted;
            duplicates += o.duplicates;
        }
        const int withoutId = int(std::count_if(events.begin(), events.end(), [](const Event &e) { return e.id.isEmpty(); }));
        QCOMPARE(accepted, 3000 + withoutId); // events without an id cannot be recognised: stored by each
        QCOMPARE(duplicates, 3000 - withoutId);
        auto db = PgConnection::open(url);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT count(*) FROM events"), accepted);
        QCOMPARE(count(*db, "SELECT count(DISTINCT (event_id, ts)) FROM events WHERE event_id IS NOT NULL"), 3000 - withoutId);
        const QStringList wrong = test::pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
    }
};

TDESK_POSTGRES_TEST_MAIN(TestPgStore)
#include "tst_pgstore.moc"
