#pragma once

#include "core/result.h"
#include "storage/databaseurl.h"

#include <QSqlDatabase>
#include <QString>

namespace tdesk {

// Adds and opens a Qt Sql connection named `name` to the URL's database: QSQLITE for a file (read
// only, if asked), QPSQL for PostgreSQL. On failure the connection stays added (the caller removes
// it by name) and the error says what went wrong.
Result<QSqlDatabase> addSqlConnection(const DatabaseUrl &url, const QString &name, bool readOnly);

// The calling thread's read connection to the URL's database (Qt Sql connections belong to the
// thread that opened them), opened on first use and kept for the thread's life.
QSqlDatabase readConnection(const DatabaseUrl &url);
// Where the read statements' SQL differs between the backends.
enum class SqlDialect { Sqlite, Postgresql };
SqlDialect sqlDialect(const QSqlDatabase &db);

// A PostgreSQL connection that the server dropped (a restart, a failover) is opened again: true when
// it was. The first statement after the drop fails; the caller may run it once more.
bool reopenIfBroken(QSqlDatabase &db);

// How far a PostgreSQL hot standby's data is behind its primary, in ms: 0 when it has replayed all
// it received, else the age of the last transaction it replayed; -1 for a database that is not a
// replica (a primary, SQLite).
Result<qint64> replicaDelayMs(const QSqlDatabase &db);

// A statement whose one value is the database's version ("3.40.1", "15.18 (Debian …)").
QString databaseVersionSql(const DatabaseUrl &url);
// The same for a SQLite file.
QSqlDatabase sqliteReadConnection(const QString &path);

} // namespace tdesk
