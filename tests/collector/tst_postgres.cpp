// telemetry-collector processes on a real PostgreSQL (the test cluster, tests/common/postgres.h):
// ingest, administration and restarts through the same commands and HTTP as on SQLite, and two
// collectors on one database given the same events at once.

#include "../common/collectorprocess.h"
#include "../common/postgres.h"

#include "storage/postgres/pgconnection.h"
#include "storage/postgres/pgstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QElapsedTimer>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

#include <thread>

using namespace tdesk;
using namespace tdesk::test;

namespace {

qint64 count(PgConnection &db, const QByteArray &sql)
{
    auto rows = db.exec(sql);
    return rows ? rows->number(0, 0) : -1;
}

QJsonObject json(const HttpReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

// A 25-event batch of ids prefix-N…, from 40 users, over the last hour.
QByteArray batch(const QByteArray &prefix, int first, qint64 nowMs)
{
    QByteArray body = "{\"schema\":\"jwc.v1\",\"batch\":[";
    for (int i = first; i < first + 25; ++i) {
        if (i > first)
            body += ',';
        body += "{\"anon\":\"user" + QByteArray::number(i % 40) + "\",\"evt\":\"evt" + QByteArray::number(i % 7)
            + "\",\"t\":" + QByteArray::number(nowMs - (i * 7919) % 3600000) + ",\"os\":\"linux\",\"id\":\"" + prefix
            + QByteArray::number(i) + "\"}";
    }
    return body + "]}";
}

// `telemetry-collector --db URL` run until it gives up: its exit code and what it said.
std::pair<int, QString> runUntilItExits(const QString &url, const QStringList &env = {})
{
    QProcess p;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("PGPASSWORD"));
    for (const QString &pair : env)
        environment.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
    p.setProcessEnvironment(environment);
    p.start(QStringLiteral(TDESK_COLLECTOR_BIN), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"), url});
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return {-1, QStringLiteral("still running: ") + QString::fromUtf8(p.readAllStandardOutput())};
    }
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestCollectorOnPostgres : public QObject
{
    Q_OBJECT

    QString m_admin;
    int m_databases = 0;

    QString database()
    {
        return freshDatabase(m_admin, QStringLiteral("tst_postgres_%1").arg(++m_databases));
    }

    bool admin(const QByteArray &sql)
    {
        auto db = PgConnection::open(m_admin, "tdesk-tests");
        const auto done = db ? db->run(sql) : Result<void>(Error{db.error()});
        if (!done)
            qWarning("%s: %s", sql.constData(), qPrintable(done.error()));
        return bool(done);
    }

    // Polls the collector's standard error until it has said `words` (within 15 s); all it said.
    static QByteArray waitToSay(CollectorProcess &collector, QByteArray &said, const QByteArray &words)
    {
        QTest::qWaitFor([&] {
            said += collector.process().readAllStandardError();
            return said.contains(words);
        }, 15000);
        return said;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_admin = testPostgres().url;
    }

    // A collector that cannot begin says why and what to do, and exits with the README's code: 5
    // when trying again later may help (the service manager restarts it), 3 when a person must act.
    void startupFaultsAreNamedWithTheirExitCode_data()
    {
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArrayList>("words");
        QTest::newRow("unreachable") << 5 << QByteArrayList{"PostgreSQL is unreachable", "Connection refused", "check the host and port"};
        QTest::newRow("wrong password") << 3 << QByteArrayList{"PostgreSQL refused", "password authentication failed", "check the password"};
        QTest::newRow("no such database") << 3 << QByteArrayList{"does not exist", "createdb"};
        QTest::newRow("no CREATE rights") << 3 << QByteArrayList{"permission denied for schema public", "GRANT CREATE ON SCHEMA public"};
        QTest::newRow("newer schema") << 3 << QByteArrayList{"schema version 99", "use a newer telemetry-collector"};
        QTest::newRow("certificate not trusted") << 3 << QByteArrayList{"PostgreSQL refused", "sslrootcert"};
    }

    void startupFaultsAreNamedWithTheirExitCode()
    {
        QFETCH(int, exitCode);
        QFETCH(QByteArrayList, words);
        const QByteArray tag = QTest::currentDataTag();
        QUrl url(database());
        if (tag == "unreachable") {
            url.setPort(1);
        } else if (tag == "wrong password") {
            QVERIFY(admin("DO $$BEGIN CREATE ROLE tdesk_password LOGIN PASSWORD 'right'; EXCEPTION WHEN duplicate_object THEN NULL; END$$"));
            url.setUserName(QStringLiteral("tdesk_password"));
            url.setPassword(QStringLiteral("wrong"));
        } else if (tag == "no such database") {
            url.setPath(QStringLiteral("/tdesk_no_such_database"));
        } else if (tag == "no CREATE rights") { // PostgreSQL 15 gives CREATE on `public` to its owner only
            QVERIFY(admin("DO $$BEGIN CREATE ROLE tdesk_no_create LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$"));
            url.setUserName(QStringLiteral("tdesk_no_create"));
        } else if (tag == "newer schema") {
            auto db = PgConnection::open(url.toString());
            QVERIFY(db);
            QVERIFY(PgStore::migrate(url.toString()));
            QVERIFY(db->run("UPDATE schema_version SET version = 99"));
        } else if (tag == "certificate not trusted") {
            url.setQuery(QStringLiteral("sslmode=verify-full&sslrootcert=") + QDir::temp().filePath(QStringLiteral("tdesk-no-such-ca.crt")));
        }
        const auto [code, said] = runUntilItExits(url.toString());
        for (const QByteArray &word : words)
            QVERIFY2(said.contains(QString::fromUtf8(word)), qPrintable(said));
        QVERIFY2(!said.contains(QLatin1String("wrong")) || tag != "wrong password", "the password is not repeated");
        QCOMPARE(code, exitCode);
    }

    // PG_SSL=true (verify-full) against a server that offers no TLS: refused, never sent in the clear.
    void tlsRequiredButNotOfferedIsRefused()
    {
        PrivateCluster cluster(PrivateCluster::Tls::NotOffered);
        QVERIFY2(cluster.ok(), "a cluster of the test's own");
        const auto [code, said] = runUntilItExits(cluster.url(), {QStringLiteral("PG_SSL=true")});
        QVERIFY2(said.contains(QLatin1String("server does not support SSL")), qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("the server does not offer TLS")), qPrintable(said));
        QCOMPARE(code, 3);
        QCOMPARE(runUntilItExits(cluster.url(), {QStringLiteral("PG_SSL=false")}).first, -1); // it runs without
    }

    // The database is dropped under a running collector: it keeps acknowledging into its spool (up to
    // its limit) and says why; once the database is made again, it makes the schema (with the same user-hash salt) and
    // stores every event it acknowledged meanwhile, once.
    void aDatabaseDroppedUnderTheCollectorIsBridgedByTheSpool()
    {
        const QString url = database();
        const QByteArray name = QUrl(url).path().mid(1).toUtf8();
        CollectorProcess collector;
        collector.setDatabase(url);
        collector.setEnv(QStringLiteral("SPOOL_FILE"), collector.dirPath() + QStringLiteral("/spool.db"));
        collector.setEnv(QStringLiteral("SPOOL_MAX_EVENTS"), QStringLiteral("250"));
        QVERIFY(collector.start());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(json(collector.post(batch("before-", 0, now))).value(QLatin1String("accepted")).toInt(), 25);
        const auto salt = [&url]() -> QByteArray {
            auto db = PgConnection::open(url, "tdesk-tests");
            auto value = db ? db->exec("SELECT value FROM meta WHERE key = 'user_hash_salt'") : Result<PgResult>(Error{});
            return value && value->rows() ? value->text(0, 0) : QByteArray();
        };
        const QByteArray saltBefore = salt();
        QVERIFY(!saltBefore.isEmpty());

        QVERIFY(admin("DROP DATABASE " + name + " WITH (FORCE)"));
        for (int first = 0; first < 250; first += 25) {
            const HttpReply reply = collector.post(batch("after-", first, now));
            QCOMPARE(reply.status, 200);
            QCOMPARE(json(reply).value(QLatin1String("accepted")).toInt(), 25);
        }
        QCOMPARE(collector.request("GET", "/dbhealth").status, 503);
        // The spool holds SPOOL_MAX_EVENTS: past it, 503 with Retry-After, and the log says why.
        const HttpReply full = collector.post(batch("refused-", 0, now));
        QCOMPARE(full.status, 503);
        QVERIFY(full.header("Retry-After").toInt() >= 1);
        QByteArray said;
        waitToSay(collector, said, "database \"" + name + "\" does not exist");
        QVERIFY2(said.contains("acknowledging into the spool"), said.constData());
        waitToSay(collector, said, "the spool is full");

        QVERIFY(admin("CREATE DATABASE " + name));
        QVERIFY(QTest::qWaitFor([&] { return collector.request("GET", "/dbhealth").status == 200; }, 20000));
        auto db = PgConnection::open(url);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT count(*) FROM events"), 250);
        QCOMPARE(count(*db, "SELECT count(DISTINCT event_id) FROM events WHERE event_id LIKE 'after-%'"), 250);
        QCOMPARE(salt(), saltBefore);
        const QStringList wrong = pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
    }

    // A statement_timeout that cuts the writer's transactions short (here: a table held locked) is
    // waited out in the spool, said in the log with what to do, and nothing acknowledged is lost.
    void aStatementTimeoutIsBridgedByTheSpool()
    {
        QUrl url(database());
        url.setQuery(QStringLiteral("options=-c%20statement_timeout%3D300"));
        CollectorProcess collector;
        collector.setDatabase(url.toString(QUrl::FullyEncoded));
        collector.setEnv(QStringLiteral("SPOOL_FILE"), collector.dirPath() + QStringLiteral("/spool.db"));
        QVERIFY(collector.start());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(json(collector.post(batch("t-", 0, now))).value(QLatin1String("accepted")).toInt(), 25);

        auto holder = PgConnection::open(url.toString(QUrl::FullyEncoded) + QStringLiteral("&application_name=holder"));
        QVERIFY(holder);
        QVERIFY(holder->run("SET statement_timeout = 0"));
        QVERIFY(holder->run("BEGIN"));
        QVERIFY(holder->run("LOCK TABLE events IN EXCLUSIVE MODE"));
        for (int first = 25; first < 150; first += 25) {
            const HttpReply reply = collector.post(batch("t-", first, now));
            QCOMPARE(reply.status, 200);
            QCOMPARE(json(reply).value(QLatin1String("accepted")).toInt(), 25);
        }
        QByteArray said;
        waitToSay(collector, said, "statement timeout");
        QVERIFY2(said.contains("raise it for the collector's role"), said.constData());
        QCOMPARE(collector.request("GET", "/dbhealth").status, 503);
        QVERIFY(holder->run("ROLLBACK"));

        auto db = PgConnection::open(url.toString(QUrl::FullyEncoded));
        QVERIFY(db);
        QVERIFY(QTest::qWaitFor([&] { return count(*db, "SELECT count(*) FROM events") == 150; }, 20000));
        QCOMPARE(count(*db, "SELECT count(DISTINCT event_id) FROM events"), 150);
        const QStringList wrong = pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
        QVERIFY(QTest::qWaitFor([&] { return collector.request("GET", "/dbhealth").status == 200; }, 5000));
    }

    // --read-db: /stats and /debug/* read a streaming replica (made with pg_basebackup), so that
    // dashboards never load the database that ingests. /dbhealth says how far behind it is; with the
    // primary down, reads still answer from the replica while /t acknowledges into the spool.
    void readsComeFromAReplica()
    {
        PrivateCluster primary;
        QVERIFY2(primary.ok(), "a cluster of the test's own");
        PrivateCluster replica(ReplicaOf{primary});
        QVERIFY2(replica.ok(), "a streaming replica of it");
        CollectorProcess collector;
        collector.setDatabase(primary.url());
        collector.setEnv(QStringLiteral("SPOOL_FILE"), collector.dirPath() + QStringLiteral("/spool.db"));
        QVERIFY(collector.start({QStringLiteral("--read-db"), replica.url()}));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int first = 0; first < 100; first += 25)
            QCOMPARE(json(collector.post(batch("r-", first, now))).value(QLatin1String("accepted")).toInt(), 25);
        const auto statsTotal = [&collector] {
            const HttpReply reply = collector.request("GET", "/stats");
            return reply.status == 200 ? json(reply).value(QLatin1String("total")).toInt() : -reply.status;
        };
        QVERIFY(QTest::qWaitFor([&] { return statsTotal() == 100; }, 20000));
        QJsonObject readDb;
        QVERIFY(QTest::qWaitFor([&] { // probed every 2 s
            readDb = json(collector.request("GET", "/dbhealth")).value(QLatin1String("read_db")).toObject();
            return readDb.value(QLatin1String("ok")).toBool();
        }, 5000));
        QVERIFY(readDb.value(QLatin1String("behind_ms")).toInteger(-1) >= 0);

        QVERIFY(primary.pause());
        QCOMPARE(statsTotal(), 100); // the replica answers
        const HttpReply spooled = collector.post(batch("r-", 100, now));
        QCOMPARE(spooled.status, 200);
        QVERIFY(primary.resume());
        QVERIFY(QTest::qWaitFor([&] { return statsTotal() == 125; }, 30000)); // replayed, then replicated
        QVERIFY(QTest::qWaitFor([&] { return collector.request("GET", "/dbhealth").status == 200; }, 10000));

        // A replica is PostgreSQL's: with a SQLite database, --read-db is refused as bad configuration.
        CollectorProcess sqlite;
        QVERIFY(!sqlite.start({QStringLiteral("--read-db"), replica.url()}));
        QCOMPARE(sqlite.process().exitCode(), 2);
        QVERIFY2(sqlite.startError().contains("PostgreSQL replica"), sqlite.startError().constData());
    }

    void collectorIngestsAndIsAdministeredOnPostgresql()
    {
        const QString url = database();
        CollectorProcess collector;
        collector.setDatabase(url);
        const QByteArray key = collector.createKey(QStringLiteral("default"), QStringLiteral("public"));
        QVERIFY2(key.startsWith("tdp_"), key.constData()); // the CLI made the schema and the key
        QVERIFY(collector.start());

        const QByteArray body = singleEvent("app.started", ",\"id\":\"first-1\"");
        HttpReply reply = collector.post(body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(json(reply).value(QLatin1String("accepted")).toInt(), 1);
        reply = collector.post(body); // a retry: stored once
        QCOMPARE(json(reply).value(QLatin1String("duplicates")).toInt(), 1);
        reply = collector.post(batch("b-", 0, QDateTime::currentMSecsSinceEpoch()));
        QCOMPARE(json(reply).value(QLatin1String("accepted")).toInt(), 25);

        reply = collector.request("GET", "/dbhealth");
        QCOMPARE(reply.status, 200);
        QCOMPARE(json(reply).value(QLatin1String("db")).toString(), QStringLiteral("postgresql"));
        QVERIFY(json(reply).value(QLatin1String("ok")).toBool());

        // What was acknowledged survives a restart; a retry after it is still a duplicate.
        collector.terminate();
        QVERIFY(collector.process().waitForFinished(10000));
        QVERIFY(collector.start());
        reply = collector.post(body);
        QCOMPARE(json(reply).value(QLatin1String("duplicates")).toInt(), 1);

        auto db = PgConnection::open(url);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT count(*) FROM events"), 26);
        QCOMPARE(count(*db, "SELECT count(*) FROM api_keys WHERE kind = 'public'"), 1);
        const QStringList wrong = pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
    }

    // PostgreSQL crashes; the collector keeps answering 200 from its spool, says so in /metrics and
    // /dbhealth, is killed with kill -9, and on its next start (PostgreSQL back) replays the spool.
    void killedWhileSpoolingReplaysOnItsNextStart()
    {
        PrivateCluster cluster;
        QVERIFY2(cluster.ok(), "a cluster of the test's own");
        CollectorProcess collector;
        collector.setDatabase(cluster.url());
        collector.setEnv(QStringLiteral("SPOOL_FILE"), collector.dirPath() + QStringLiteral("/spool.db"));
        QVERIFY(collector.start());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(json(collector.post(batch("k-", 0, now))).value(QLatin1String("accepted")).toInt(), 25);

        QVERIFY(cluster.pause());
        for (int first = 25; first < 275; first += 25) {
            const HttpReply reply = collector.post(batch("k-", first, now));
            QCOMPARE(reply.status, 200);
            QCOMPARE(json(reply).value(QLatin1String("accepted")).toInt(), 25);
        }
        QVERIFY2(collector.request("GET", "/metrics").body.contains("\ntdesk_spool_events 250\n"), "the spool's depth");
        const HttpReply health = collector.request("GET", "/dbhealth");
        QCOMPARE(health.status, 503);
        QCOMPARE(json(health).value(QLatin1String("spooled_events")).toInt(), 250);
        collector.kill();

        QVERIFY(cluster.resume());
        QVERIFY(collector.start());
        auto db = PgConnection::open(cluster.url());
        QVERIFY(db);
        QVERIFY(QTest::qWaitFor([&] { return count(*db, "SELECT count(*) FROM events") == 275; }, 20000));
        QCOMPARE(count(*db, "SELECT count(DISTINCT event_id) FROM events"), 275);
        const QStringList wrong = pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
        QVERIFY(QTest::qWaitFor([&] { return collector.request("GET", "/dbhealth").status == 200; }, 5000));
    }

    // A key made and then revoked through one collector's database reaches every collector on it:
    // accepted, then refused within the 2 s reload interval (plus a margin for a busy machine).
    void keyChangesReachEveryCollector()
    {
        const QString url = database();
        CollectorProcess one, two;
        one.setDatabase(url);
        two.setDatabase(url);
        QVERIFY(one.start());
        QVERIFY(two.start());
        const QByteArray key = one.createKey(QStringLiteral("default"), QStringLiteral("public"));
        QVERIFY(key.startsWith("tdp_"));
        // A body without a schema: 400 while the key is accepted (nothing stored), 401 once refused.
        const auto probe = [&key](const CollectorProcess &c) {
            return c.post("{}", {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + key}}).status;
        };
        QCOMPARE(probe(one), 400);
        QCOMPARE(probe(two), 400);
        QCOMPARE(two.admin({QStringLiteral("keys"), QStringLiteral("revoke"), QString::fromLatin1(key.left(12))}), 0);
        QElapsedTimer sinceRevoke;
        sinceRevoke.start();
        QVERIFY(QTest::qWaitFor([&] { return probe(one) == 401 && probe(two) == 401; }, 2500));
        QVERIFY2(sinceRevoke.elapsed() <= 2500, qPrintable(QString::number(sinceRevoke.elapsed())));
    }

    void twoCollectorsStoreTheSameEventsOnce()
    {
        const QString url = database();
        CollectorProcess one, two;
        one.setDatabase(url);
        two.setDatabase(url);
        one.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        two.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(one.start());
        QVERIFY(two.start());
        // Each collector gets every batch (as retries behind a balancer would bring them), at once.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        int accepted[2] = {0, 0}, duplicates[2] = {0, 0}, failed[2] = {0, 0};
        const auto send = [&](const CollectorProcess &collector, int side) {
            for (int first = 0; first < 2000; first += 25) {
                const HttpReply reply = collector.post(batch("both-", side ? 1975 - first : first, now));
                const QJsonObject answer = QJsonDocument::fromJson(reply.body).object();
                if (reply.status != 200)
                    ++failed[side];
                accepted[side] += answer.value(QLatin1String("accepted")).toInt();
                duplicates[side] += answer.value(QLatin1String("duplicates")).toInt();
            }
        };
        std::thread a(send, std::cref(one), 0), b(send, std::cref(two), 1);
        a.join();
        b.join();
        QCOMPARE(failed[0] + failed[1], 0);
        QCOMPARE(accepted[0] + accepted[1], 2000);
        QCOMPARE(duplicates[0] + duplicates[1], 2000);
        auto db = PgConnection::open(url);
        QVERIFY(db);
        QCOMPARE(count(*db, "SELECT count(*) FROM events"), 2000);
        QCOMPARE(count(*db, "SELECT sum(events) FROM rollup_minute"), 2000);
        const QStringList wrong = pgRollupMismatches(*db);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(u'\n')));
    }
};

TDESK_POSTGRES_TEST_MAIN(TestCollectorOnPostgres)
#include "tst_postgres.moc"
