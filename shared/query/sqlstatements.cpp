#include "query/sqlstatements.h"

#include <QSqlError>
#include <QSqlQuery>

namespace tdesk {

SqlStatements::SqlStatements(const QSqlDatabase &db, bool oneSnapshot)
    : m_db(db)
    , m_inTransaction(oneSnapshot && m_db.transaction())
{
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

QString projectCondition(qint64 projectId)
{
    return projectId == AllProjects ? QStringLiteral("project_id IN (SELECT id FROM projects)")
                                    : QStringLiteral("project_id = :project");
}

} // namespace tdesk
