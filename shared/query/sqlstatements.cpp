#include "query/sqlstatements.h"

#include "storage/rollups.h"

#include <QSqlError>
#include <QSqlQuery>

namespace tdesk {

SqlStatements::SqlStatements(const QSqlDatabase &db, bool oneSnapshot)
    : m_db(db)
    , m_dialect(sqlDialect(db))
    , m_inTransaction(oneSnapshot && m_db.transaction())
{
    // PostgreSQL gives each statement of a transaction its own snapshot unless asked otherwise.
    if (m_inTransaction && m_dialect == SqlDialect::Postgresql)
        QSqlQuery(m_db).exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
}

SqlStatements::~SqlStatements()
{
    if (m_inTransaction)
        m_db.rollback(); // nothing was written: this only ends the snapshot
}

void SqlStatements::bind(const QString &name, const QVariant &value)
{
    m_params.append({name, value});
}

bool SqlStatements::each(const QString &sql, std::initializer_list<std::pair<const char *, qint64>> params,
                         const std::function<void(const QSqlQuery &)> &row)
{
    if (!m_error.isEmpty())
        return false;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (query.prepare(sql)) {
        for (const auto &[name, value] : std::as_const(m_params)) {
            if (sql.contains(name))
                query.bindValue(name, value);
        }
        for (const auto &[name, value] : params) {
            if (sql.contains(QLatin1String(name)))
                query.bindValue(QLatin1String(name), value);
        }
        if (query.exec()) {
            while (query.next())
                row(query);
            return true;
        }
    }
    m_error = query.lastError().text();
    if (m_error.isEmpty())
        m_error = QStringLiteral("a query failed");
    return false;
}

qint64 SqlStatements::number(const QString &sql, std::initializer_list<std::pair<const char *, qint64>> params)
{
    qint64 value = 0;
    each(sql, params, [&](const QSqlQuery &q) { value = q.value(0).toLongLong(); });
    return value;
}

QLatin1String SqlStatements::placeKey() const
{
    return QLatin1String(m_dialect == SqlDialect::Postgresql ? PlaceKeyPostgresSql : PlaceKeySql);
}

QString SqlStatements::binaryOrder(const QString &column) const
{
    return m_dialect == SqlDialect::Postgresql ? column + QStringLiteral(" COLLATE \"C\"") : column;
}

QString SqlStatements::propsJson() const
{
    return m_dialect == SqlDialect::Postgresql ? QStringLiteral("CAST(props AS jsonb)") // the collector stores only JSON
                                               : QStringLiteral("CASE WHEN json_valid(props) THEN props END");
}

QString SqlStatements::jsonKey(QString key) const
{
    if (m_dialect == SqlDialect::Sqlite) // a JSON path: $."key", with quotes in the key escaped
        key = QStringLiteral("$.\"") + key.replace(u'"', QStringLiteral("\\\"")) + u'"';
    return u'\'' + key.replace(u'\'', QStringLiteral("''")) + u'\'';
}

QString SqlStatements::jsonType(const QString &m, const QString &key) const
{
    if (m_dialect == SqlDialect::Sqlite)
        return QStringLiteral("json_type(%1, %2)").arg(m, key);
    // A JSON number is an integer unless it has a fraction or an exponent, as SQLite tells them apart.
    return QStringLiteral("CASE jsonb_typeof(%1 -> %2) WHEN 'number' THEN CASE WHEN %1 ->> %2 ~ '[.eE]' THEN 'real'"
                          " ELSE 'integer' END WHEN 'string' THEN 'text' WHEN 'boolean' THEN %1 ->> %2"
                          " ELSE jsonb_typeof(%1 -> %2) END")
        .arg(m, key);
}

QString SqlStatements::jsonNumber(const QString &m, const QString &key) const
{
    if (m_dialect == SqlDialect::Sqlite)
        return QStringLiteral("CASE WHEN json_type(%1, %2) IN ('integer', 'real') THEN json_extract(%1, %2) END").arg(m, key);
    return QStringLiteral("CASE WHEN jsonb_typeof(%1 -> %2) = 'number' THEN CAST(%1 ->> %2 AS double precision) END").arg(m, key);
}

QString SqlStatements::jsonText(const QString &m, const QString &key) const
{
    if (m_dialect == SqlDialect::Sqlite)
        return QStringLiteral("json_extract(%1, %2)").arg(m, key);
    // Numbers as SQLite prints them: integers as written, reals as the shortest text of the double.
    return QStringLiteral("CASE jsonb_typeof(%1 -> %2) WHEN 'boolean' THEN CASE WHEN %1 ->> %2 = 'true' THEN '1' ELSE '0' END"
                          " WHEN 'number' THEN CASE WHEN %1 ->> %2 ~ '[.eE]' THEN CAST(CAST(%1 ->> %2 AS double precision) AS text)"
                          " ELSE %1 ->> %2 END ELSE %1 ->> %2 END")
        .arg(m, key);
}

QString SqlStatements::greatest(const QString &a, const QString &b) const
{
    return QStringLiteral("%1(%2, %3)").arg(m_dialect == SqlDialect::Postgresql ? QStringLiteral("greatest") : QStringLiteral("max"), a, b);
}

QString SqlStatements::total(const QString &column) const
{
    return m_dialect == SqlDialect::Postgresql ? QStringLiteral("coalesce(sum(%1), 0.0)").arg(column)
                                               : QStringLiteral("total(%1)").arg(column);
}

QLatin1String arrivalColumn(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgresql ? QLatin1String("xid") : QLatin1String("id");
}

QLatin1String newestArrivalSql(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgresql
        ? QLatin1String("SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text) AS bigint) - 1")
        : QLatin1String("SELECT coalesce(max(id), 0) FROM events");
}

QLatin1String byArrival(SqlDialect dialect)
{
    return dialect == SqlDialect::Sqlite ? QLatin1String(" NOT INDEXED") : QLatin1String();
}

QString projectCondition(SqlDialect dialect, qint64 projectId)
{
    if (projectId != AllProjects)
        return QStringLiteral("project_id = :project");
    // PostgreSQL hash-joins `IN (SELECT …)` over a whole table; an array of the ids keeps the indexes.
    return dialect == SqlDialect::Postgresql ? QStringLiteral("project_id = ANY(ARRAY(SELECT id FROM projects))")
                                             : QStringLiteral("project_id IN (SELECT id FROM projects)");
}

} // namespace tdesk
