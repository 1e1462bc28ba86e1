#pragma once

// Test fixture: a real telemetry-collector process on an ephemeral loopback port (the pattern of
// KUserFeedback's server tests), and a plain HTTP/1.1 client that shows exactly what went over
// the wire.

#include "postgres.h"
#include "storage/readconnection.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <csignal>

namespace tdesk::test {

struct HttpReply
{
    int status = 0;                 // 0: no answer (connection closed or timed out)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
};

// Reads one HTTP response from a socket (skipping `100 Continue`).
inline HttpReply readReply(QTcpSocket &socket, int timeoutMs = 10000)
{
    QElapsedTimer timer;
    timer.start();
    QByteArray buffer;
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
            HttpReply reply;
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            reply.status = lines.value(0).split(' ').value(1).toInt();
            qint64 length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines[i].trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0) {
                    reply.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
                    if (line.left(colon).trimmed().toLower() == "content-length")
                        length = line.mid(colon + 1).trimmed().toLongLong();
                }
            }
            if (reply.status == 100) {
                buffer.remove(0, headerEnd + 4);
                continue;
            }
            while (buffer.size() < headerEnd + 4 + length && timer.elapsed() < timeoutMs) {
                if (!socket.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - timer.elapsed()))))
                    break;
                buffer += socket.readAll();
            }
            reply.body = buffer.mid(headerEnd + 4, length);
            // Leave any further (pipelined) answers in the socket for the next read.
            const QByteArray rest = buffer.mid(headerEnd + 4 + length);
            if (!rest.isEmpty())
                socket.setProperty("tdesk_rest", rest);
            return reply;
        }
        if (const QByteArray rest = socket.property("tdesk_rest").toByteArray(); !rest.isEmpty()) {
            buffer += rest;
            socket.setProperty("tdesk_rest", QByteArray());
            continue;
        }
        if (timer.elapsed() >= timeoutMs)
            return {};
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - timer.elapsed()))))
            return {};
        buffer += socket.readAll();
    }
}

inline QByteArray requestBytes(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                               const QList<QPair<QByteArray, QByteArray>> &headers = {
                                   {"Content-Type", "application/json"}})
{
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &[n, v] : headers)
        out += n + ": " + v + "\r\n";
    if (!body.isEmpty() || method == "POST")
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

class CollectorProcess
{
public:
    // Its database: a SQLite file in a temporary directory or, where the test runs with
    // TDESK_TEST_BACKEND=postgresql (the collector suite's second run), a fresh database on the test
    // cluster.
    CollectorProcess()
    {
        m_env = QProcessEnvironment::systemEnvironment();
        static int databases = 0;
        if (!onPostgres())
            return;
        const TestPostgres pg = testPostgres();
        if (pg.url.isEmpty()) { // as the PostgreSQL tests' main does: skipped, never passed
            std::printf("skipped: %s\n", qPrintable(pg.skipReason));
            std::exit(PostgresSkipCode);
        }
        m_database = freshDatabase(pg.url, QStringLiteral("%1_%2_%3")
                                                               .arg(QCoreApplication::applicationName())
                                                               .arg(QCoreApplication::applicationPid())
                                                               .arg(++databases));
    }
    static bool onPostgres() { return qEnvironmentVariable("TDESK_TEST_BACKEND") == QLatin1String("postgresql"); }
    // Statements with which another connection holds off the collector's writer until it commits.
    static QStringList holdWritersSql()
    {
        if (onPostgres())
            return {QStringLiteral("BEGIN"), QStringLiteral("LOCK TABLE events IN EXCLUSIVE MODE")};
        return {QStringLiteral("BEGIN IMMEDIATE")};
    }
    // What /dbhealth calls the backend.
    static QByteArray backendName() { return onPostgres() ? "postgresql" : "sqlite"; }

    // Everything the database holds, as bytes to search: the SQLite file and its WAL, or every row of
    // every table of the PostgreSQL database as text.
    QByteArray storedBytes() const
    {
        if (!onPostgres()) {
            QFile file(databasePath()), wal(databasePath() + QStringLiteral("-wal"));
            file.open(QIODevice::ReadOnly);
            wal.open(QIODevice::ReadOnly);
            return file.readAll() + wal.readAll();
        }
        auto db = PgConnection::open(databasePath(), "tdesk-tests");
        if (!db)
            return {};
        auto tables = db->exec("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");
        QByteArray all;
        for (int r = 0; tables && r < tables->rows(); ++r) {
            if (auto rows = db->exec("SELECT string_agg(CAST(t AS text), E'\\n') FROM " + tables->text(r, 0) + " t"))
                all += rows->text(0, 0) + '\n';
        }
        return all;
    }
    ~CollectorProcess() { kill(); }

    // The database's file or URL (see the constructor), unless setDatabase() named another.
    QString databasePath() const { return m_database.isEmpty() ? m_dir.filePath(QStringLiteral("telemetry.db")) : m_database; }
    void setDatabase(const QString &url) { m_database = url; }
    QString dirPath() const { return m_dir.path(); }
    void setEnv(const QString &name, const QString &value) { m_env.insert(name, value); }
    quint16 port() const { return m_port; }
    QByteArray startError() const { return m_startError; }
    QByteArray startOutput() const { return m_startOutput; } // what it printed up to "listening on"
    QProcess &process() { return m_process; }

    // Starts the collector and waits until it listens. Extra args come after the defaults.
    bool start(const QStringList &extraArgs = {})
    {
        m_process.setProcessEnvironment(m_env);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral(TDESK_COLLECTOR_BIN),
                        QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"),
                                    databasePath()}
                            + extraArgs);
        if (!m_process.waitForStarted(5000))
            return false;
        static const QRegularExpression listening(QStringLiteral("listening on [^ ]+:(\\d+)"));
        QElapsedTimer timer;
        timer.start();
        QByteArray output;
        while (timer.elapsed() < 10000) {
            m_process.waitForReadyRead(200);
            output += m_process.readAllStandardOutput();
            const auto match = listening.match(QString::fromUtf8(output));
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                m_startOutput = output;
                return true;
            }
            if (m_process.state() == QProcess::NotRunning)
                break;
        }
        m_process.waitForFinished(2000);
        m_startError = m_process.readAllStandardError();
        qWarning().noquote() << "collector did not start:" << output << m_startError;
        return false;
    }

    // Runs `telemetry-collector --db <this db> ARGS` to completion (administration commands).
    int admin(const QStringList &args, QByteArray *out = nullptr, QByteArray *err = nullptr) const
    {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral(TDESK_COLLECTOR_BIN), QStringList{QStringLiteral("--db"), databasePath()} + args);
        p.waitForFinished(30000);
        if (out)
            *out = p.readAllStandardOutput();
        if (err)
            *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    // Creates a key and returns its text (the last line of stdout).
    QByteArray createKey(const QString &project, const QString &kind) const
    {
        QByteArray out;
        if (admin({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--project"), project,
                   QStringLiteral("--kind"), kind},
                  &out)
            != 0)
            return {};
        return out.trimmed().split('\n').last().trimmed();
    }

    // Thread-safe: each call has its own socket.
    HttpReply request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                      const QList<QPair<QByteArray, QByteArray>> &headers = {{"Content-Type", "application/json"}}) const
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        if (!socket.waitForConnected(5000))
            return {};
        socket.write(requestBytes(method, path, body, headers));
        return readReply(socket);
    }

    HttpReply post(const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers = {
                                               {"Content-Type", "application/json"}}) const
    {
        return request("POST", "/t", body, headers);
    }

    void terminate()
    {
        if (m_process.state() != QProcess::NotRunning)
            ::kill(pid_t(m_process.processId()), SIGTERM);
    }

    void kill()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Peak resident memory of the collector so far, from /proc (kB).
    qint64 peakRssKb() const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
        return -1;
    }

private:
    QTemporaryDir m_dir;
    QString m_database;
    QProcessEnvironment m_env;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_startError;
    QByteArray m_startOutput;
};

// A Qt Sql connection named `name` to a collector's database (file or URL), opened read-write.
inline QSqlDatabase openSqlConnection(const QString &url, const QString &name)
{
    auto db = addSqlConnection(*parseDatabaseUrl(url), name, false);
    if (!db)
        qWarning("%s", qPrintable(db.error()));
    return QSqlDatabase::database(name, false);
}

// Reads the collector's database directly, as an operator would with sqlite3 or psql.
class Db
{
public:
    explicit Db(const QString &url)
        : m_name(QUuid::createUuid().toString())
    {
        if (auto db = addSqlConnection(*parseDatabaseUrl(url), m_name, true); !db)
            qWarning("%s", qPrintable(db.error()));
    }
    ~Db() { QSqlDatabase::removeDatabase(m_name); }
    QStringList column(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        QStringList values;
        if (q.exec(sql)) {
            while (q.next())
                values << q.value(0).toString();
        }
        return values;
    }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    QString m_name;
};

inline QByteArray singleEvent(const QByteArray &evt = "app.started", const QByteArray &extra = {})
{
    return "{\"schema\":\"jwc.v1\",\"anon\":\"0123456789abcdef0123456789abcdef\",\"evt\":\"" + evt + "\",\"t\":"
        + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + extra + '}';
}

} // namespace tdesk::test
