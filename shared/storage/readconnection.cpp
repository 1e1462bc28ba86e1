#include "storage/readconnection.h"

#include "storage/postgres/pgconnection.h"

#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QThread>
#include <QThreadStorage>

#include <libpq-fe.h>

namespace tdesk {
namespace {

// The read connections a thread opened, closed when the thread ends (a pool thread that expires,
// say): Qt Sql connections belong to their thread and are otherwise never removed.
struct ThreadConnections
{
    QStringList names;
    ~ThreadConnections()
    {
        for (const QString &name : std::as_const(names)) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
    }
};
QThreadStorage<ThreadConnections *> threadConnections;

Q_LOGGING_CATEGORY(lcRead, "tdesk.storage.read")

} // namespace

Result<QSqlDatabase> addSqlConnection(const DatabaseUrl &url, const QString &name, bool readOnly)
{
    if (url.kind == DatabaseUrl::Kind::Postgresql) {
        const auto settings = pgQtSettings(url.postgresqlUrl);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        if (!settings)
            return Error{settings.error()};
        db.setHostName(settings->host);
        db.setPort(settings->port);
        db.setDatabaseName(settings->databaseName);
        db.setUserName(settings->userName);
        db.setPassword(settings->password);
        db.setConnectOptions(settings->connectOptions);
        if (!db.open())
            return Error{explainPgConnectFailure(db.lastError().databaseText())};
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(url.sqlitePath);
    db.setConnectOptions(readOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000")
                                  : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return Error{QStringLiteral("cannot open %1: %2").arg(url.sqlitePath, db.lastError().text())};
    if (!readOnly)
        QSqlQuery(db).exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    return db;
}

QSqlDatabase readConnection(const DatabaseUrl &url)
{
    const QString key = url.kind == DatabaseUrl::Kind::Postgresql ? url.postgresqlUrl : url.sqlitePath;
    const QString name = QStringLiteral("tdesk-read-%1-%2").arg(quintptr(QThread::currentThread()), 0, 16).arg(qHash(key), 0, 16);
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isValid()) {
        if (!db.isOpen())
            db.open();
        return db;
    }
    if (auto opened = addSqlConnection(url, name, true); !opened)
        qCWarning(lcRead, "%s", qPrintable(opened.error()));
    if (!threadConnections.hasLocalData())
        threadConnections.setLocalData(new ThreadConnections);
    threadConnections.localData()->names.append(name);
    return QSqlDatabase::database(name, false);
}

Result<qint64> replicaDelayMs(const QSqlDatabase &db)
{
    if (sqlDialect(db) != SqlDialect::Postgresql)
        return qint64(-1);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT CASE WHEN NOT pg_is_in_recovery() THEN -1"
                               " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                               " ELSE coalesce((extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint, 0) END"))
        || !q.next())
        return Error{QStringLiteral("cannot ask the read database how far behind it is: ") + q.lastError().text()};
    return std::max<qint64>(-1, q.value(0).toLongLong());
}

QString databaseVersionSql(const DatabaseUrl &url)
{
    return url.kind == DatabaseUrl::Kind::Postgresql ? QStringLiteral("SELECT current_setting('server_version')")
                                                     : QStringLiteral("SELECT sqlite_version()");
}

QSqlDatabase sqliteReadConnection(const QString &path)
{
    return readConnection(DatabaseUrl{DatabaseUrl::Kind::Sqlite, path, {}});
}

bool reopenIfBroken(QSqlDatabase &db)
{
    if (sqlDialect(db) != SqlDialect::Postgresql)
        return false;
    if (db.isOpen()) { // QPSQL closes a connection on some failures; on others libpq says it is bad
        const QVariant handle = db.driver()->handle(); // a PGconn*
        const auto *connection = handle.isValid() ? *static_cast<PGconn *const *>(handle.constData()) : nullptr;
        if (connection && PQstatus(connection) == CONNECTION_OK)
            return false;
    }
    // At most one attempt every two seconds per connection: while the server is away, each attempt
    // may wait for the network, and the collector looks keys up on its HTTP thread.
    thread_local QHash<QString, QElapsedTimer> lastAttempt;
    QElapsedTimer &since = lastAttempt[db.connectionName()];
    if (since.isValid() && since.elapsed() < 2000)
        return false;
    since.start();
    db.close();
    return db.open();
}

SqlDialect sqlDialect(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL") ? SqlDialect::Postgresql : SqlDialect::Sqlite;
}

} // namespace tdesk
