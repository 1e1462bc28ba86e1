#include "storage/postgres/pgconnection.h"

#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <libpq-fe.h>

#include <utility>
#include <vector>

namespace tdesk {

PgResult::PgResult(pg_result *result)
    : m_result(result, PQclear)
{
}

int PgResult::rows() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result.get(), row, column);
}

QByteArray PgResult::text(int row, int column) const
{
    if (isNull(row, column))
        return {};
    return QByteArray(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
}

qint64 PgResult::number(int row, int column) const
{
    return isNull(row, column) ? 0 : QByteArray(PQgetvalue(m_result.get(), row, column)).toLongLong();
}

Result<PgConnection> PgConnection::open(const QString &url, const char *applicationName)
{
    // Our defaults first: a later keyword wins, so whatever the URL itself says overrides them.
    const QByteArray dbname = url.toUtf8();
    const char *keywords[] = {"application_name", "connect_timeout", "dbname", nullptr};
    const char *values[] = {applicationName, "10", dbname.constData(), nullptr};
    pg_conn *conn = PQconnectdbParams(keywords, values, 1);
    if (!conn)
        return Error{QStringLiteral("cannot connect to PostgreSQL: out of memory")};
    PgConnection connection(conn);
    // NOTICEs ("relation … already exists, skipping") are not for the log.
    PQsetNoticeProcessor(conn, [](void *, const char *) {}, nullptr);
    if (PQstatus(conn) != CONNECTION_OK)
        return Error{explainPgConnectFailure(connection.message())};
    return connection;
}

PgConnection::PgConnection(PgConnection &&other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr))
    , m_sqlState(std::move(other.m_sqlState))
{
}

PgConnection &PgConnection::operator=(PgConnection &&other) noexcept
{
    std::swap(m_conn, other.m_conn);
    std::swap(m_sqlState, other.m_sqlState);
    return *this;
}

PgConnection::~PgConnection()
{
    if (m_conn)
        PQfinish(m_conn);
}

namespace {

const QLatin1String UnreachablePrefix("PostgreSQL is unreachable: ");

struct Advice
{
    const char *clue; // in libpq's or the server's words
    bool unreachable;
    const char *what; // to do
};
// The first clue found decides. libpq's own words are English; a server set to another language
// (lc_messages) still matches the unreachable cases, which libpq words itself.
constexpr Advice Advices[] = {
    {"password authentication failed", false,
     "check the password (in the URL, PGPASSWORD or ~/.pgpass; in the app: File → Database…)"},
    {"no password supplied", false, "give the role's password in the URL, PGPASSWORD or ~/.pgpass (in the app: File → Database…)"},
    {"does not support SSL", false,
     "the server does not offer TLS but the connection requires it: turn ssl on in the server's postgresql.conf, "
     "or lower sslmode / PG_SSL if the network is trusted"},
    {"certificate", false,
     "the server's certificate is not trusted: give the CA that signed it with sslrootcert=FILE, or check the host name in the URL"},
    {"SSL", false, "the TLS handshake failed: check sslmode, sslrootcert and the server's certificate"},
    {"no pg_hba.conf entry", false, "the server does not let this host, role and database in: add a line to its pg_hba.conf"},
    {"permission denied for database", false, "grant the role CONNECT on the database (GRANT CONNECT ON DATABASE …)"},
    {"database \"", false, "create the database first (createdb NAME, or CREATE DATABASE) or correct its name in the URL"},
    {"role \"", false, "create the role first (CREATE ROLE NAME LOGIN PASSWORD '…') or correct the user in the URL"},
    {"starting up", true, "the server is starting: it will answer shortly"},
    {"shutting down", true, "the server is shutting down"},
    {"recovery", true, "the server is recovering: it will answer shortly"},
    {"too many clients", true, "the server has no connection slot left: raise max_connections or use fewer collectors"},
    {"connection slots", true, "the server has no connection slot left: raise max_connections or use fewer collectors"},
    {"FATAL", false, "the server refused the connection"},
};

} // namespace

QString explainPgConnectFailure(const QString &libpqMessage)
{
    QStringList lines;
    for (QString line : libpqMessage.split(u'\n', Qt::SkipEmptyParts)) {
        line = line.simplified();
        if (!line.isEmpty() && !line.endsWith(u'.') && !line.endsWith(u'?') && !line.endsWith(u':'))
            line += u'.';
        if (!lines.contains(line))
            lines << line;
    }
    const QString said = lines.join(u' ');
    for (const Advice &a : Advices) {
        if (said.contains(QLatin1String(a.clue)))
            return (a.unreachable ? UnreachablePrefix : QLatin1String("PostgreSQL refused the connection: ")) + said
                + QStringLiteral(" — ") + QString::fromUtf8(a.what);
    }
    // Refused, timed out, no route, unknown host: nobody answered.
    return UnreachablePrefix + said + QStringLiteral(" — check the host and port, and that PostgreSQL is running there");
}

bool isPgUnreachable(const QString &error)
{
    return error.startsWith(UnreachablePrefix);
}

QString PgConnection::message() const
{
    return QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
}

Result<PgResult> PgConnection::exec(const QByteArray &sql, const QList<QByteArray> &params)
{
    std::vector<const char *> values;
    std::vector<int> lengths;
    values.reserve(size_t(params.size()));
    lengths.reserve(size_t(params.size()));
    for (const QByteArray &p : params) {
        values.push_back(p.isNull() ? nullptr : p.constData());
        lengths.push_back(int(p.size()));
    }
    // Without parameters, the simple protocol: one string may hold several statements (migrations).
    pg_result *raw = params.isEmpty() ? PQexec(m_conn, sql.constData())
                                      : PQexecParams(m_conn, sql.constData(), int(params.size()), nullptr, values.data(),
                                                     lengths.data(), nullptr, 0);
    return checked(raw);
}

Result<PgResult> PgConnection::checked(pg_result *raw)
{
    PgResult result(raw);
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        m_sqlState.clear();
        return result;
    }
    m_sqlState = raw ? QByteArray(PQresultErrorField(raw, PG_DIAG_SQLSTATE)) : QByteArray();
    const QString text = raw ? QString::fromUtf8(PQresultErrorMessage(raw)).trimmed() : message();
    return Error{text.isEmpty() ? message() : text};
}

Result<std::vector<PgResult>> PgConnection::pipeline(const std::vector<Statement> &statements)
{
    for (const Statement &s : statements) {
        if (m_prepared.contains(s.sql))
            continue;
        const QByteArray name = "tdesk_" + QByteArray::number(m_prepared.size() + 1);
        if (auto prepared = checked(PQprepare(m_conn, name.constData(), s.sql.constData(), int(s.params.size()), nullptr)); !prepared)
            return Error{prepared.error()};
        m_prepared.insert(s.sql, name);
    }
    if (PQenterPipelineMode(m_conn) != 1)
        return Error{message()};
    QString failure;
    for (const Statement &s : statements) {
        std::vector<const char *> values;
        std::vector<int> lengths;
        for (const QByteArray &p : s.params) {
            values.push_back(p.isNull() ? nullptr : p.constData());
            lengths.push_back(int(p.size()));
        }
        if (PQsendQueryPrepared(m_conn, m_prepared.value(s.sql).constData(), int(s.params.size()), values.data(),
                                lengths.data(), nullptr, 0) != 1) {
            failure = message();
            break;
        }
    }
    std::vector<PgResult> results;
    if (PQpipelineSync(m_conn) != 1 && failure.isEmpty())
        failure = message();
    // Every statement's result (then a null), then the sync's; after the first error, "aborted". Two
    // nulls in a row: nothing more will come (the connection is gone).
    bool afterNull = false;
    for (;;) {
        pg_result *raw = PQgetResult(m_conn);
        if (!raw) {
            if (afterNull || PQstatus(m_conn) != CONNECTION_OK) {
                failure = failure.isEmpty() ? message() : failure;
                break;
            }
            afterNull = true; // the end of one statement's results
            continue;
        }
        afterNull = false;
        PgResult result(raw);
        const ExecStatusType status = PQresultStatus(raw);
        if (status == PGRES_PIPELINE_SYNC)
            break;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            results.push_back(result);
        } else if (status != PGRES_PIPELINE_ABORTED && failure.isEmpty()) {
            m_sqlState = QByteArray(PQresultErrorField(raw, PG_DIAG_SQLSTATE));
            failure = QString::fromUtf8(PQresultErrorMessage(raw)).trimmed();
        }
    }
    if (PQexitPipelineMode(m_conn) != 1) {
        // Results still pending on a connection that went wrong: not worth saving.
        failure = failure.isEmpty() ? message() : failure;
        PQfinish(m_conn);
        m_conn = nullptr;
    }
    if (!failure.isEmpty())
        return Error{failure.isEmpty() ? QStringLiteral("the connection to PostgreSQL was lost") : failure};
    m_sqlState.clear();
    return results;
}

Result<void> PgConnection::run(const QByteArray &sql, const QList<QByteArray> &params)
{
    if (auto done = exec(sql, params); !done)
        return Error{done.error()};
    return {};
}

bool PgConnection::isBroken() const
{
    return !m_conn || PQstatus(m_conn) != CONNECTION_OK;
}

int PgConnection::serverVersion() const
{
    return PQserverVersion(m_conn);
}

Result<PgQtSettings> pgQtSettings(const QString &url)
{
    char *message = nullptr;
    PQconninfoOption *options = PQconninfoParse(url.toUtf8().constData(), &message);
    if (!options) {
        const QString text = message ? QString::fromUtf8(message).trimmed() : QStringLiteral("out of memory");
        PQfreemem(message);
        return Error{QStringLiteral("not a PostgreSQL URL: %1").arg(text)};
    }
    PgQtSettings settings;
    QStringList rest;
    QString refused;
    for (const PQconninfoOption *o = options; o->keyword; ++o) {
        if (!o->val)
            continue;
        const QByteArray key = o->keyword;
        const QString value = QString::fromUtf8(o->val);
        if (key == "host" || key == "hostaddr")
            settings.host = value;
        else if (key == "port")
            settings.port = value.toInt();
        else if (key == "dbname")
            settings.databaseName = value;
        else if (key == "user")
            settings.userName = value;
        else if (key == "password")
            settings.password = value;
        else if (value.contains(u';'))
            refused = QString::fromLatin1(key);
        else
            rest << QString::fromLatin1(key) + u'=' + u'\'' + QString(value).replace(u'\\', QLatin1String("\\\\")).replace(u'\'', QLatin1String("\\'")) + u'\'';
    }
    PQconninfoFree(options);
    if (!refused.isEmpty())
        return Error{QStringLiteral("the PostgreSQL option %1 may not contain ';'").arg(refused)};
    settings.connectOptions = rest.join(u';');
    return settings;
}

QString pgDisplayUrl(const QString &url)
{
    QUrl parsed(url);
    if (parsed.isValid() && !parsed.password().isEmpty())
        parsed.setPassword(QStringLiteral("***"));
    QUrlQuery query(parsed);
    if (query.hasQueryItem(QStringLiteral("password"))) {
        query.removeAllQueryItems(QStringLiteral("password"));
        query.addQueryItem(QStringLiteral("password"), QStringLiteral("***"));
        parsed.setQuery(query);
    }
    return parsed.isValid() ? parsed.toString() : QStringLiteral("postgresql://…");
}

void PgArray::append(const QByteArray &value)
{
    if (m_text.size() > 1)
        m_text += ',';
    if (value.isNull()) {
        m_text += "NULL";
        return;
    }
    m_text += '"';
    for (const char c : value) {
        if (c == '"' || c == '\\')
            m_text += '\\';
        m_text += c;
    }
    m_text += '"';
}

void PgArray::appendNumber(qint64 value)
{
    if (m_text.size() > 1)
        m_text += ',';
    m_text += QByteArray::number(value);
}

} // namespace tdesk
