#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>

struct pg_conn;
struct pg_result;

namespace tdesk {

// One statement's result (libpq's PGresult), freed with the object. Values are text.
class PgResult
{
public:
    explicit PgResult(pg_result *result = nullptr);
    int rows() const;
    bool isNull(int row, int column) const;
    QByteArray text(int row, int column) const;
    qint64 number(int row, int column) const;

private:
    std::shared_ptr<pg_result> m_result;
};

// A libpq connection, for the code that talks to PostgreSQL directly (the writer, migrations,
// setup). Statements take text parameters; a null QByteArray is SQL NULL.
class PgConnection
{
public:
    // `url` is a libpq connection URI or key=value string; the standard PG* variables fill in what it
    // leaves out. Fails with libpq's own words and what to do (explainPgConnectFailure).
    static Result<PgConnection> open(const QString &url, const char *applicationName = "telemetry-collector");
    PgConnection(PgConnection &&other) noexcept;
    PgConnection &operator=(PgConnection &&other) noexcept;
    ~PgConnection();

    Result<PgResult> exec(const QByteArray &sql, const QList<QByteArray> &params = {});
    // exec() for statements whose rows do not matter.
    Result<void> run(const QByteArray &sql, const QList<QByteArray> &params = {});
    // Several statements sent at once and answered together (libpq's pipeline mode): one round trip
    // instead of one each, each statement prepared once per connection (planned once, not each
    // time). Fails with the first statement that failed; those after it did not run.
    struct Statement
    {
        QByteArray sql;
        QList<QByteArray> params;
    };
    Result<std::vector<PgResult>> pipeline(const std::vector<Statement> &statements);
    // Whether the connection still works (after a failure, reconnect rather than retry on it).
    bool isBroken() const;
    // The server's version, e.g. 150018.
    int serverVersion() const;
    // The SQLSTATE of the last failed statement ("40P01": deadlock, …); empty after a success.
    const QByteArray &lastSqlState() const { return m_sqlState; }

private:
    explicit PgConnection(pg_conn *conn) : m_conn(conn) {}
    QString message() const;
    Result<PgResult> checked(pg_result *raw); // a result that failed as an Error (and its SQLSTATE kept)
    pg_conn *m_conn = nullptr;
    QByteArray m_sqlState;
    QHash<QByteArray, QByteArray> m_prepared; // statement text → its name on this connection
};

// What Qt's QPSQL driver needs to open the database a libpq URL names: host, port, database, user and
// password for QSqlDatabase's setters (which quote them), everything else (sslmode, sslrootcert, …)
// as its connect options. Fails for text libpq cannot parse, or an option Qt cannot pass on (";").
struct PgQtSettings
{
    QString host, databaseName, userName, password, connectOptions;
    int port = -1;
};
Result<PgQtSettings> pgQtSettings(const QString &url);
// Why a connection failed, for people: libpq's words once each (it tries TLS, then plain text, and
// may say the same twice), after "PostgreSQL is unreachable: " when trying again later can help (the
// server is down, starting, full, or the network failed), else "PostgreSQL refused the connection: ",
// and then what to do (wrong password, no such database or role, TLS refused, certificate not trusted).
QString explainPgConnectFailure(const QString &libpqMessage);
// Whether an error from PgConnection::open says the server was unreachable rather than refusing.
bool isPgUnreachable(const QString &error);

// The URL without its password, for logs and the Collector view.
QString pgDisplayUrl(const QString &url);

// A PostgreSQL array literal of text elements ({"a","b",NULL}) for unnest() parameters; a null
// QByteArray is NULL.
class PgArray
{
public:
    void append(const QByteArray &value);
    void appendNumber(qint64 value);
    QByteArray finish() const { return m_text + '}'; }

private:
    QByteArray m_text = "{";
};

} // namespace tdesk
