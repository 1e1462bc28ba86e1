#pragma once

#include "query/timerange.h"
#include "storage/readconnection.h"

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
    SqlDialect dialect() const { return m_dialect; }
    // The place key (storage/rollups.h) of a row of `events`, in this database's SQL.
    QLatin1String placeKey() const;
    // JSON properties, with SQLite's meaning on both backends. `m` is propsJson() (NULL unless the
    // properties are valid JSON); `key` the SQL of a top-level key as jsonKey() gives it.
    QString propsJson() const;
    QString jsonKey(QString key) const;
    // "integer", "real", "text", "true", "false", "null", "object" or "array"; NULL when absent.
    QString jsonType(const QString &m, const QString &key) const;
    // The value where it is a number, else NULL.
    QString jsonNumber(const QString &m, const QString &key) const;
    // The value as SQLite's json_extract gives it, as text: true 1, false 0, null NULL, objects and
    // arrays as JSON (PostgreSQL writes those in its own spacing and key order).
    QString jsonText(const QString &m, const QString &key) const;
    // The larger of two numbers, and sum() that is 0.0 over no rows.
    QString greatest(const QString &a, const QString &b) const;
    QString total(const QString &column) const;
    // `column` ordered byte by byte, as SQLite orders text (PostgreSQL follows the database's locale).
    QString binaryOrder(const QString &column) const;

private:
    QSqlDatabase m_db;
    SqlDialect m_dialect;
    QList<std::pair<QString, QVariant>> m_params;
    bool m_inTransaction = false;
    QString m_error;
};

// The order in which rows become visible to readers, which the live tail follows and the "stored id"
// of the read interface (EventPage::newestStoredId) counts in. SQLite has one writer, whose row ids
// rise with each commit: the id. Several collectors write to PostgreSQL at once, and a row with a
// lower id may commit later: there it is the inserting transaction's id (xid), and only rows of
// transactions that have all finished (below the oldest one running) count as stored.
QLatin1String arrivalColumn(SqlDialect dialect);
// The SQL of the highest arrival below which every row is stored and visible.
QLatin1String newestArrivalSql(SqlDialect dialect);
// Appended to "FROM events" where rows are read in order of arrival: SQLite's planner would otherwise
// walk the (project, time) index. PostgreSQL's chooses by its statistics.
QLatin1String byArrival(SqlDialect dialect);

// The condition that selects one project's rows (bind ":project"), or every project's: with all of
// them, the IN still lets SQLite use the (project_id, …) keys one project at a time.
QString projectCondition(SqlDialect dialect, qint64 projectId);

} // namespace tdesk
