#pragma once

#include "query/timerange.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <functional>
#include <initializer_list>
#include <utility>

class QSqlQuery;

namespace tdesk {

// Runs the read statements of one query function: named parameters bound where a statement names
// them, the first error kept (later statements then do nothing), and, when asked, every statement
// reading one snapshot of the database (a read transaction), so that figures taken from rollups and
// from raw events agree while the collector writes.
class SqlStatements
{
public:
    SqlStatements(const QSqlDatabase &db, bool oneSnapshot);
    ~SqlStatements();
    SqlStatements(const SqlStatements &) = delete;
    SqlStatements &operator=(const SqlStatements &) = delete;

    // A parameter every statement may name.
    void bind(const QString &name, const QVariant &value);

    // Runs sql with the common parameters and these; calls row for each result row.
    bool each(const QString &sql, std::initializer_list<std::pair<const char *, qint64>> params,
              const std::function<void(const QSqlQuery &)> &row);
    bool each(const QString &sql, const std::function<void(const QSqlQuery &)> &row) { return each(sql, {}, row); }
    // A statement's single integer (0 when it gives NULL or no row).
    qint64 number(const QString &sql, std::initializer_list<std::pair<const char *, qint64>> params = {});

    const QString &error() const { return m_error; }

private:
    QSqlDatabase m_db;
    QList<std::pair<QString, QVariant>> m_params;
    bool m_inTransaction = false;
    QString m_error;
};

// The condition that selects one project's rows (bind ":project"), or every project's: with all of
// them, the IN still lets SQLite use the (project_id, …) keys one project at a time.
QString projectCondition(qint64 projectId);

} // namespace tdesk
