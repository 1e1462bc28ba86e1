// Faults and hostile clients against a real collector: nothing acknowledged is ever lost.

#include "../common/collectorprocess.h"

#include <QEventLoop>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <memory>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace tdesk::test;

namespace {

// Keeps `connections` keep-alive connections busy posting single events with unique ids, and
// records which ids were acknowledged with 200.
class Flood : public QObject
{
public:
    Flood(quint16 port, int connections)
    {
        for (int i = 0; i < connections; ++i) {
            auto *socket = new QTcpSocket(this);
            connect(socket, &QTcpSocket::connected, this, [this, socket] { sendNext(socket); });
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            socket->connectToHost(QStringLiteral("127.0.0.1"), port);
            m_sockets.append(socket);
        }
    }

    QSet<QByteArray> acknowledged;
    QSet<QByteArray> sent;
    QMap<int, int> statuses;

private:
    void sendNext(QTcpSocket *socket)
    {
        const QByteArray id = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        sent.insert(id);
        m_inFlight[socket] = id;
        m_buffers[socket].clear();
        socket->write(requestBytes("POST", "/t", singleEvent("flood", ",\"id\":\"" + id + '"')));
    }

    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const qsizetype lengthAt = buffer.toLower().indexOf("content-length:");
        const qint64 length = buffer.mid(lengthAt + 15, buffer.indexOf('\r', lengthAt) - lengthAt - 15).trimmed().toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        const int status = buffer.mid(9, 3).toInt();
        ++statuses[status];
        if (status == 200 && buffer.contains("\"accepted\":1"))
            acknowledged.insert(m_inFlight.value(socket));
        sendNext(socket);
    }

    QList<QTcpSocket *> m_sockets;
    QHash<QTcpSocket *, QByteArray> m_inFlight;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QSet<QByteArray> storedIds(const QString &path, int *rows = nullptr)
{
    QSet<QByteArray> ids;
    {
        QSqlDatabase db = openSqlConnection(path, QStringLiteral("ids"));
        db.open();
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT event_id FROM events WHERE name = 'flood'"));
        int n = 0;
        while (q.next()) {
            ids.insert(q.value(0).toByteArray());
            ++n;
        }
        if (rows)
            *rows = n;
    }
    QSqlDatabase::removeDatabase(QStringLiteral("ids"));
    return ids;
}

// Posts like Python's http.client: the whole request in one blocking send, without looking for an
// early answer, then reads the answer. Returns its status line, or what went wrong instead.
QByteArray postWholeBodyThenRead(quint16 port, const QByteArray &request)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // A small send buffer, as on a real network: the client is still writing when the answer comes
    // (on loopback the kernel would otherwise take the whole body at once).
    const int sendBuffer = 64 * 1024;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sendBuffer, sizeof sendBuffer);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    QByteArray result;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        result = "connect: " + QByteArray(strerror(errno));
    } else {
        for (qsizetype sent = 0; sent < request.size() && result.isEmpty();) {
            const ssize_t n = ::send(fd, request.constData() + sent, size_t(request.size() - sent), 0);
            if (n < 0)
                result = "send: " + QByteArray(strerror(errno)); // what http.client raises
            else
                sent += n;
        }
        QByteArray answer;
        char buffer[4096];
        while (result.isEmpty() && !answer.contains("\r\n")) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                result = n == 0 ? QByteArray("recv: closed") : "recv: " + QByteArray(strerror(errno));
            else
                answer.append(buffer, n);
        }
        if (result.isEmpty())
            result = answer.left(answer.indexOf("\r\n"));
    }
    ::close(fd);
    return result;
}

qint64 openConnections(CollectorProcess &c)
{
    const QByteArray metrics = c.request("GET", "/metrics").body;
    static const QRegularExpression gauge(QStringLiteral("\ntdesk_open_connections (\\d+)"));
    const auto match = gauge.match(QString::fromLatin1(metrics));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientsThatHangUpDoNotCrashIt()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(c.start());
        const QByteArray request = requestBytes("POST", "/t", singleEvent("hangup"));
        for (int round = 0; round < 20; ++round) {
            std::vector<std::unique_ptr<QTcpSocket>> sockets;
            for (int i = 0; i < 100; ++i) {
                auto socket = std::make_unique<QTcpSocket>();
                socket->connectToHost(QStringLiteral("127.0.0.1"), c.port());
                sockets.push_back(std::move(socket));
            }
            for (auto &socket : sockets) {
                if (socket->waitForConnected(2000)) {
                    socket->write(request);
                    socket->waitForBytesWritten(100);
                }
            }
            for (auto &socket : sockets)
                socket->abort(); // gone before the answer
        }
        QTest::qWait(300);
        QCOMPARE(c.process().state(), QProcess::Running);
        QCOMPARE(c.request("GET", "/health").status, 200);
        QCOMPARE(c.post(singleEvent()).status, 200);
    }

    void slowAndIdleClientsDoNotDelayOthers()
    {
        constexpr int HeaderTimeoutMs = 3000;
        constexpr int IdleTimeoutMs = 3500;
        constexpr int SweepMs = HeaderTimeoutMs / 4; // the guard checks deadlines this often
        CollectorProcess c;
        c.setEnv(QStringLiteral("HEADER_TIMEOUT_MS"), QString::number(HeaderTimeoutMs));
        c.setEnv(QStringLiteral("IDLE_TIMEOUT_MS"), QString::number(IdleTimeoutMs));
        QVERIFY(c.start());
        struct Slow
        {
            std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
            bool stalled = false; // sent a request line and then nothing more (slowloris); else idle
            QByteArray received;
        };
        std::vector<Slow> slow(300);
        QEventLoop allClosed;
        int closed = 0;
        QElapsedTimer sinceFirst;
        sinceFirst.start();
        for (size_t i = 0; i < slow.size(); ++i) {
            Slow &s = slow[i];
            QTcpSocket *socket = s.socket.get();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [&s] { s.received += s.socket->readAll(); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, [&s, &closed, &allClosed, total = slow.size()] {
                s.received += s.socket->readAll();
                if (size_t(++closed) == total)
                    allClosed.quit();
            });
            socket->connectToHost(QStringLiteral("127.0.0.1"), c.port());
            QVERIFY(socket->waitForConnected(2000));
            s.stalled = i % 2;
            if (s.stalled)
                socket->write("POST /t HTTP/1.1\r\nHost: x\r\n");
            socket->flush();
        }
        const qint64 lastConnected = sinceFirst.elapsed();

        // Answered before the first slow connection's deadline, with every slow one still open:
        // it did not wait for them.
        QCOMPARE(c.post(singleEvent()).status, 200);
        const qint64 answered = sinceFirst.elapsed();
        QVERIFY2(answered < HeaderTimeoutMs, qPrintable(QString::number(answered)));
        QCoreApplication::processEvents();
        QCOMPARE(closed, 0);
        for (const Slow &s : slow)
            QVERIFY(s.received.isEmpty());

        // Then stalled headers get 408 and idle connections are closed, each by its deadline
        // (the last one: idle since it connected) plus the guard's sweep interval and a margin.
        const qint64 bound = lastConnected + IdleTimeoutMs + SweepMs + 750;
        QTimer::singleShot(std::max<qint64>(0, bound - sinceFirst.elapsed()), &allClosed, &QEventLoop::quit);
        if (size_t(closed) < slow.size())
            allClosed.exec();
        QCOMPARE(closed, 300);
        QVERIFY2(sinceFirst.elapsed() <= bound, qPrintable(QString::number(sinceFirst.elapsed())));
        for (const Slow &s : slow) {
            if (s.stalled)
                QVERIFY2(s.received.startsWith("HTTP/1.1 408 "), s.received.constData());
            else
                QVERIFY2(s.received.isEmpty(), s.received.constData());
        }
    }

    void earlyRefusalIsReadByAClientStillWriting()
    {
        // A body over the limit, sent whole without waiting: the client must get to read the 413,
        // not a broken pipe or a reset because the collector closed while it was still writing.
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(c.start());
        ::signal(SIGPIPE, SIG_IGN); // a broken pipe shows as EPIPE, as in Python
        const QByteArray body(1200 * 1000, ' ');
        const QByteArray request = requestBytes("POST", "/t", body);
        for (int round = 0; round < 30; ++round)
            QCOMPARE(postWholeBodyThenRead(c.port(), request), QByteArray("HTTP/1.1 413 Payload Too Large"));
        // Healthy afterwards, and the refused connections are gone.
        QCOMPARE(c.post(singleEvent()).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(openConnections(c), 1, 5000); // the /metrics request itself
    }

    void connectionCap()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("MAX_CONNECTIONS"), QStringLiteral("5"));
        QVERIFY(c.start());
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 5; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QStringLiteral("127.0.0.1"), c.port());
            QVERIFY(socket->waitForConnected(2000));
            held.push_back(std::move(socket));
        }
        QTest::qWait(200);
        QCOMPARE(c.request("GET", "/health").status, 503);
        held.clear();
        QTest::qWait(300);
        QCOMPARE(c.request("GET", "/health").status, 200);
    }

    void unusableDatabaseFailsClearly_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("directory") << QStringLiteral("directory");
        QTest::newRow("not a database") << QStringLiteral("garbage");
        QTest::newRow("parent is a file") << QStringLiteral("under-file");
    }

    void unusableDatabaseFailsClearly()
    {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("x.db"));
        if (kind == QLatin1String("directory")) {
            QDir().mkpath(path);
        } else {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(8192, 'z'));
            if (kind == QLatin1String("under-file"))
                path += QStringLiteral("/inner.db");
        }
        QProcess p;
        QElapsedTimer timer;
        timer.start();
        p.start(QStringLiteral(TDESK_COLLECTOR_BIN), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"), path});
        QVERIFY(p.waitForFinished(10000)); // no hang
        QCOMPARE(p.exitCode(), 3);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains(path.toUtf8()) || err.contains("database"), err.constData());
    }

    void corruptGeoDatabaseIsRefused()
    {
        QTemporaryDir dir;
        QFile geo(dir.filePath(QStringLiteral("broken.mmdb")));
        QVERIFY(geo.open(QIODevice::WriteOnly));
        geo.write(QByteArray(4096, '\x42'));
        geo.close();
        CollectorProcess c;
        QVERIFY(!c.start({QStringLiteral("--geo-db"), geo.fileName()}));
        QCOMPARE(c.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(c.process().exitCode(), 2);
        QVERIFY2(c.startError().contains("GeoIP"), c.startError().constData());
    }

    void storageThatFallsBehindAnswers503()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        c.setEnv(QStringLiteral("MAX_QUEUED_EVENTS"), QStringLiteral("4"));
        QVERIFY(c.start());
        QCOMPARE(c.post(singleEvent()).status, 200);
        {
            // Another writer holds the database: the collector's writer waits behind it.
            QSqlDatabase db = openSqlConnection(c.databasePath(), QStringLiteral("lock"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const QString &sql : CollectorProcess::holdWritersSql())
                QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
            Flood flood(c.port(), 12);
            QTest::qWait(1500);
            QVERIFY2(flood.statuses.value(503) > 0, "a full queue must refuse with 503");
            QVERIFY(q.exec(QStringLiteral("COMMIT")));
            QTest::qWait(1000);
            disconnect(&flood, nullptr, nullptr, nullptr);
            const QSet<QByteArray> stored = storedIds(c.databasePath());
            QVERIFY(flood.acknowledged.size() > 0);
            for (const QByteArray &id : flood.acknowledged)
                QVERIFY2(stored.contains(id), id.constData());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("lock"));
    }

    void retryAfterHeaderOn503()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        c.setEnv(QStringLiteral("MAX_QUEUED_EVENTS"), QStringLiteral("2"));
        QVERIFY(c.start());
        QSqlDatabase db = openSqlConnection(c.databasePath(), QStringLiteral("lock2"));
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            for (const QString &sql : CollectorProcess::holdWritersSql())
                QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
            // The first request occupies the writer, the second the queue, the third is refused.
            QTcpSocket first, second;
            for (QTcpSocket *s : {&first, &second}) {
                s->connectToHost(QStringLiteral("127.0.0.1"), c.port());
                QVERIFY(s->waitForConnected());
                s->write(requestBytes("POST", "/t", singleEvent()));
                s->flush();
                QTest::qWait(200);
            }
            const HttpReply refused = c.post(singleEvent());
            QCOMPARE(refused.status, 503);
            QCOMPARE(refused.body, QByteArray("{\"ok\":false,\"error\":\"unavailable\"}"));
            QCOMPARE(refused.header("Retry-After"), QByteArray("1"));
            QVERIFY(q.exec(QStringLiteral("COMMIT")));
            QCOMPARE(readReply(first).status, 200);
            QCOMPARE(readReply(second).status, 200);
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("lock2"));
    }

    void killNineLosesNoAcknowledgedEvent()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(c.start());
        QSet<QByteArray> acknowledged, sent;
        {
            Flood flood(c.port(), 16);
            QTest::qWait(1500); // under load ...
            c.process().kill(); // ... SIGKILL, mid-transaction
            c.process().waitForFinished(5000);
            QTest::qWait(200);
            acknowledged = flood.acknowledged;
            sent = flood.sent;
        }
        QVERIFY2(acknowledged.size() > 100, qPrintable(QString::number(acknowledged.size())));

        QVERIFY(c.start()); // same database
        int rows = 0;
        const QSet<QByteArray> stored = storedIds(c.databasePath(), &rows);
        for (const QByteArray &id : acknowledged)
            QVERIFY2(stored.contains(id), id.constData());

        // Clients retry everything they did not see acknowledged (and, here, the rest too): the
        // ids make it safe, nothing is stored twice.
        int duplicates = 0;
        for (const QByteArray &id : sent) {
            const HttpReply r = c.post(singleEvent("flood", ",\"id\":\"" + id + '"'));
            QCOMPARE(r.status, 200);
            duplicates += r.body.contains("\"duplicates\":1");
        }
        QVERIFY(duplicates >= acknowledged.size());
        const QSet<QByteArray> after = storedIds(c.databasePath(), &rows);
        QCOMPARE(rows, int(sent.size()));
        QCOMPARE(after, sent);
    }

    void sigtermFinishesAcknowledgedWork()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(c.start());
        QSet<QByteArray> acknowledged;
        {
            Flood flood(c.port(), 16);
            QTest::qWait(1000);
            c.terminate();
            QTest::qWait(1500); // answers of the last transactions still arrive
            acknowledged = flood.acknowledged;
        }
        if (c.process().state() != QProcess::NotRunning)
            QVERIFY(c.process().waitForFinished(10000));
        QCOMPARE(c.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(c.process().exitCode(), 0);
        const QSet<QByteArray> stored = storedIds(c.databasePath());
        QVERIFY(acknowledged.size() > 50);
        for (const QByteArray &id : acknowledged)
            QVERIFY2(stored.contains(id), id.constData());
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
