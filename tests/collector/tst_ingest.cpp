// POST /t against a real telemetry-collector process: every rule of PROTOCOL.md's ingest section.

#include "../common/collectorprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <zlib.h>

using namespace tdesk::test;

namespace {

QJsonObject json(const HttpReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

QByteArray gzip(const QByteArray &data)
{
    z_stream zs{};
    deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(qsizetype(deflateBound(&zs, uLong(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.truncate(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

class TestIngest : public QObject
{
    Q_OBJECT

private:
    CollectorProcess m_collector;
    qint64 m_startedRssKb = 0; // the collector's memory once started (25 MB; under ASan over 100)

private Q_SLOTS:
    void initTestCase()
    {
        m_collector.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(m_collector.start({QStringLiteral("--log-dir"), m_collector.dirPath() + QStringLiteral("/log")}));
        m_startedRssKb = m_collector.peakRssKb();
    }

    void singleEventIsStoredAndAcknowledged()
    {
        const HttpReply reply = m_collector.post(singleEvent("app.started", ",\"id\":\"single-1\",\"os\":\"linux\",\"m\":{\"a\":1}"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("{\"ok\":true,\"accepted\":1,\"skipped\":0,\"duplicates\":0,\"errors\":[]}"));
        Db db(m_collector.databasePath());
        QCOMPARE(db.scalar(QStringLiteral("SELECT name || '|' || os || '|' || props FROM events WHERE event_id = 'single-1'")).toString(),
                 QStringLiteral("app.started|linux|{\"a\":1}"));
    }

    void batchReportsEachSkippedItem()
    {
        const QByteArray t = QByteArray::number(nowMs());
        const QByteArray body = "{\"schema\":\"jwc.v1\",\"anon\":\"env-user\",\"os\":\"win32\",\"batch\":["
                                "{\"evt\":\"ok.one\",\"t\":" + t + "},"
                                "{\"evt\":\"bad name!\",\"t\":" + t + "},"
                                "{\"t\":" + t + "},"
                                "{\"evt\":\"ok.two\",\"t\":" + t + ",\"os\":\"linux\",\"id\":\"batch-2\"},"
                                "{\"evt\":\"old\",\"t\":1}]}";
        const HttpReply reply = m_collector.post(body);
        QCOMPARE(reply.status, 200);
        const QJsonObject o = json(reply);
        QCOMPARE(o.value(QStringLiteral("accepted")).toInt(), 2);
        QCOMPARE(o.value(QStringLiteral("skipped")).toInt(), 3);
        const QJsonArray errors = o.value(QStringLiteral("errors")).toArray();
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors[0].toObject().value(QStringLiteral("i")).toInt(), 1);
        QCOMPARE(errors[0].toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("bad_name"));
        QCOMPARE(errors[1].toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("missing_evt"));
        QCOMPARE(errors[2].toObject().value(QStringLiteral("i")).toInt(), 4);
        QCOMPARE(errors[2].toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("t_out_of_range"));
        Db db(m_collector.databasePath());
        // The envelope's os fills the item without one; the item's own os wins.
        QCOMPARE(db.scalar(QStringLiteral("SELECT os FROM events WHERE name = 'ok.one'")).toString(), QStringLiteral("win32"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT os FROM events WHERE event_id = 'batch-2'")).toString(), QStringLiteral("linux"));
    }

    void errorsListAtMostHundredItems()
    {
        QByteArray items;
        for (int i = 0; i < 150; ++i)
            items += QByteArray(i ? "," : "") + "{\"anon\":\"u\",\"t\":1}";
        const HttpReply reply = m_collector.post("{\"schema\":\"jwc.v1\",\"batch\":[" + items + "]}");
        QCOMPARE(reply.status, 200);
        QCOMPARE(json(reply).value(QStringLiteral("skipped")).toInt(), 150);
        QCOMPARE(json(reply).value(QStringLiteral("errors")).toArray().size(), 100);
    }

    void retriedIdsAreDuplicatesNotNewEvents()
    {
        const QByteArray body = singleEvent("retry.me", ",\"id\":\"retry-1\"");
        QCOMPARE(json(m_collector.post(body)).value(QStringLiteral("accepted")).toInt(), 1);
        const QJsonObject again = json(m_collector.post(body));
        QCOMPARE(again.value(QStringLiteral("accepted")).toInt(), 0);
        QCOMPARE(again.value(QStringLiteral("duplicates")).toInt(), 1);
        // Twice in one batch: stored once.
        const QByteArray t = QByteArray::number(nowMs());
        const QJsonObject batch = json(m_collector.post("{\"schema\":\"jwc.v1\",\"anon\":\"u\",\"batch\":[{\"evt\":\"dup\",\"t\":" + t
                                                        + ",\"id\":\"retry-2\"},{\"evt\":\"dup\",\"t\":" + t + ",\"id\":\"retry-2\"}]}"));
        QCOMPARE(batch.value(QStringLiteral("accepted")).toInt(), 1);
        QCOMPARE(batch.value(QStringLiteral("duplicates")).toInt(), 1);
        Db db(m_collector.databasePath());
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE event_id IN ('retry-1', 'retry-2')")).toInt(), 2);
        // Rollups count stored events only.
        QCOMPARE(db.scalar(QStringLiteral("SELECT sum(events) FROM rollup_minute WHERE name = 'dup'")).toInt(), 1);
    }

    void requestErrors_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("answer");
        const QByteArray ok = singleEvent();
        QTest::newRow("not json") << QByteArray("application/json") << QByteArray("{nope") << 400
                                  << QByteArray("{\"ok\":false,\"error\":\"bad_json\"}");
        QTest::newRow("array") << QByteArray("application/json") << QByteArray("[1,2]") << 400
                               << QByteArray("{\"ok\":false,\"error\":\"bad_json\"}");
        QTest::newRow("invalid utf-8") << QByteArray("application/json")
                                       << QByteArray("{\"schema\":\"jwc.v1\",\"anon\":\"\xff\xfe\",\"evt\":\"a\",\"t\":1}") << 400
                                       << QByteArray("{\"ok\":false,\"error\":\"bad_json\"}");
        QTest::newRow("schema missing") << QByteArray("application/json") << QByteArray("{\"anon\":\"u\"}") << 400
                                        << QByteArray("{\"ok\":false,\"error\":\"schema_unsupported\",\"expected\":\"jwc.v1\"}");
        QTest::newRow("schema other") << QByteArray("application/json") << QByteArray("{\"schema\":\"jwc.v2\"}") << 400
                                      << QByteArray("{\"ok\":false,\"error\":\"schema_unsupported\",\"expected\":\"jwc.v1\"}");
        QTest::newRow("wrong media type") << QByteArray("application/x-www-form-urlencoded") << ok << 415 << QByteArray();
        QTest::newRow("no media type") << QByteArray() << ok << 415 << QByteArray();
        QTest::newRow("text/plain beacon") << QByteArray("text/plain;charset=UTF-8") << ok << 200 << QByteArray();
        QTest::newRow("json with charset") << QByteArray("application/json; charset=utf-8") << ok << 200 << QByteArray();
        QByteArray items;
        for (int i = 0; i < 1001; ++i)
            items += QByteArray(i ? "," : "") + "{}";
        QTest::newRow("batch too large") << QByteArray("application/json") << "{\"schema\":\"jwc.v1\",\"batch\":[" + items + "]}"
                                         << 413 << QByteArray("{\"ok\":false,\"error\":\"batch_too_large\"}");
    }

    void requestErrors()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QByteArray, answer);
        Db db(m_collector.databasePath());
        const int before = db.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt();
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!contentType.isEmpty())
            headers.append({"Content-Type", contentType});
        const HttpReply reply = m_collector.post(body, headers);
        QCOMPARE(reply.status, status);
        if (!answer.isEmpty())
            QCOMPARE(reply.body, answer);
        if (status != 200) // refused requests change nothing
            QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), before);
    }

    void gzipBodies()
    {
        const HttpReply ok = m_collector.post(gzip(singleEvent("gzipped", ",\"id\":\"gz-1\"")),
                                              {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
        QCOMPARE(ok.status, 200);
        QCOMPARE(json(ok).value(QStringLiteral("accepted")).toInt(), 1);
        // 20 MB of spaces inflates past the 1 MiB limit: refused without inflating it all.
        const QByteArray bomb = gzip("{\"schema\":\"jwc.v1\"," + QByteArray(20 * 1024 * 1024, ' ') + "\"x\":1}");
        QVERIFY(bomb.size() < 1024 * 1024);
        QCOMPARE(m_collector.post(bomb, {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}}).status, 413);
        QCOMPARE(m_collector.post("not gzip", {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}}).status, 400);
        QCOMPARE(m_collector.post(singleEvent(), {{"Content-Type", "application/json"}, {"Content-Encoding", "br"}}).status, 415);
    }

    void oversizedBodyIsRefusedEarly()
    {
        // Declared 200 MB: the answer comes after the headers, long before the body could be sent.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_collector.port());
        QVERIFY(socket.waitForConnected());
        socket.write("POST /t HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n");
        socket.write(QByteArray(64 * 1024, ' '));
        const HttpReply reply = readReply(socket, 5000);
        QCOMPARE(reply.status, 413);
        QCOMPARE(reply.header("Connection"), QByteArray("close"));
        // Keep pushing the body: the collector must not hold it.
        QByteArray chunk(1024 * 1024, ' ');
        for (int i = 0; i < 50 && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(chunk);
            socket.waitForBytesWritten(200);
        }
        // Against what it took once started, so that the sanitizers' own memory does not count.
        QVERIFY2(m_collector.peakRssKb() - m_startedRssKb < 40 * 1024,
                 qPrintable(QStringLiteral("%1 kB after, %2 kB at start").arg(m_collector.peakRssKb()).arg(m_startedRssKb)));
        QCOMPARE(m_collector.request("GET", "/health").status, 200);
    }

    void bareLineFeedInHeadersIsRefused()
    {
        // Qt's parser ends a header line at a bare LF, the guard's scan only at CRLF: a Content-Length
        // after one would frame the body for Qt alone, past the guard's limit (found by fuzz_requesthead).
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_collector.port());
        QVERIFY(socket.waitForConnected());
        socket.write("POST /t HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-A: 1\nContent-Length: 209715200\r\n\r\n");
        socket.write(QByteArray("GET / HTTP/1.1\r\n\r\n").repeated(4096));
        const HttpReply reply = readReply(socket, 5000);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.header("Connection"), QByteArray("close"));
        QCOMPARE(m_collector.request("GET", "/health").status, 200);
    }

    void expectContinueIsAnswered()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_collector.port());
        QVERIFY(socket.waitForConnected());
        const QByteArray body = singleEvent("expect.continue");
        socket.write("POST /t HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n");
        QVERIFY(socket.waitForReadyRead(2000)); // curl would otherwise stall a second per POST
        QVERIFY(socket.peek(64).startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.read(25);
        socket.write(body);
        QCOMPARE(readReply(socket).status, 200);
    }

    void pipelinedAnswersKeepRequestOrder()
    {
        // The /t answer waits for COMMIT; the /health after it must not overtake it.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_collector.port());
        QVERIFY(socket.waitForConnected());
        for (int round = 0; round < 20; ++round) {
            socket.write(requestBytes("POST", "/t", singleEvent("pipelined")));
            socket.flush();
            socket.write(requestBytes("GET", "/health"));
            socket.flush();
            const HttpReply first = readReply(socket);
            const HttpReply second = readReply(socket);
            QCOMPARE(first.status, 200);
            QVERIFY2(first.body.contains("\"accepted\":1"), first.body.constData());
            QVERIFY2(second.body.contains("\"ts\""), second.body.constData());
        }
    }

    void userIdIsStoredPseudonymised()
    {
        QCOMPARE(m_collector.post(singleEvent("privacy.check", ",\"id\":\"priv-1\"")).status, 200);
        Db db(m_collector.databasePath());
        const QString hash = db.scalar(QStringLiteral("SELECT user_hash FROM events WHERE event_id = 'priv-1'")).toString();
        QCOMPARE(hash.size(), 32);
        QVERIFY(hash != QStringLiteral("0123456789abcdef0123456789abcdef"));
        // The raw anon appears nowhere in the database.
        const QByteArray stored = m_collector.storedBytes();
        QVERIFY(stored.contains("privacy.check"));
        QVERIFY(!stored.contains("0123456789abcdef0123456789abcdef"));
        // Same anon, same stored user.
        QCOMPARE(m_collector.post(singleEvent("privacy.check", ",\"id\":\"priv-2\"")).status, 200);
        QCOMPARE(db.scalar(QStringLiteral("SELECT user_hash FROM events WHERE event_id = 'priv-2'")).toString(), hash);
    }

    void eventLogHoldsNoAddressOrRawUser()
    {
        QCOMPARE(m_collector.post(singleEvent("log.check", ",\"id\":\"log-1\"")).status, 200);
        const QString name = QStringLiteral("/log/events-%1.jsonl").arg(QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate));
        QFile log(m_collector.dirPath() + name);
        QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
        const QByteArray text = log.readAll();
        QVERIFY(text.contains("\"evt\":\"log.check\""));
        QVERIFY(!text.contains("127.0.0.1"));
        QVERIFY(!text.contains("0123456789abcdef0123456789abcdef"));
        for (const QByteArray &line : text.trimmed().split('\n'))
            QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
    }

    void corsPreflight()
    {
        const HttpReply reply = m_collector.request("OPTIONS", "/t", {}, {{"Origin", "https://app.example"},
                                                                          {"Access-Control-Request-Method", "POST"}});
        QCOMPARE(reply.status, 204);
        QCOMPARE(reply.header("Access-Control-Allow-Origin"), QByteArray("*"));
        QVERIFY(reply.header("Access-Control-Allow-Methods").contains("POST"));
        QVERIFY(reply.header("Access-Control-Allow-Headers").contains("Content-Type"));
    }

    void healthAndMetrics()
    {
        const HttpReply health = m_collector.request("GET", "/health");
        QCOMPARE(health.status, 200);
        QVERIFY(json(health).value(QStringLiteral("ok")).toBool());
        QVERIFY(qAbs(qint64(json(health).value(QStringLiteral("ts")).toDouble()) - nowMs()) < 60000);
        const HttpReply db = m_collector.request("GET", "/dbhealth");
        QCOMPARE(db.body, "{\"enabled\":true,\"ok\":true,\"db\":\"" + CollectorProcess::backendName() + "\"}");
        const HttpReply metrics = m_collector.request("GET", "/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.header("Content-Type").startsWith("text/plain"));
        for (const char *name : {"tdesk_events_received_total", "tdesk_events_accepted_total", "tdesk_events_duplicate_total",
                                 "tdesk_events_skipped_total{reason=\"bad_name\"}", "tdesk_requests_rate_limited_total",
                                 "tdesk_request_duration_seconds_bucket", "tdesk_commit_duration_seconds_count",
                                 "tdesk_request_events_bucket", "tdesk_queue_events", "tdesk_spool_events"})
            QVERIFY2(metrics.body.contains(name), name);
        QCOMPARE(m_collector.request("GET", "/nope").status, 404);
        QCOMPARE(m_collector.request("DELETE", "/t").status, 405);
    }

    void cleanupTestCase()
    {
        m_collector.terminate();
        if (m_collector.process().state() != QProcess::NotRunning)
            QVERIFY(m_collector.process().waitForFinished(10000));
        QCOMPARE(m_collector.process().exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestIngest)
#include "tst_ingest.moc"
