// telemetry-collector processes on a real PostgreSQL (the test cluster, tests/common/postgres.h):
// ingest, administration and restarts through the same commands and HTTP as on SQLite, and two
// collectors on one database given the same events at once.

#include "../common/collectorprocess.h"
#include "../common/postgres.h"

#include "storage/postgres/pgconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QElapsedTimer>
#include <QTest>

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

private Q_SLOTS:
    void initTestCase()
    {
        m_admin = testPostgres().url;
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
