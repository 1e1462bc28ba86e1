#include "storage/readconnection.h"

#include <QSqlQuery>
#include <QThread>

namespace tdesk {

QSqlDatabase sqliteReadConnection(const QString &path)
{
    const QString name = QStringLiteral("tdesk-read-%1-%2")
                             .arg(quintptr(QThread::currentThread()), 0, 16)
                             .arg(qHash(path), 0, 16);
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isValid()) {
        if (!db.isOpen())
            db.open();
        return db;
    }
    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (db.open()) {
        // The Overview of a long range reads some megabytes of rollup pages: keep them between
        // refreshes (SQLite's default keeps 2 MB per connection).
        QSqlQuery(db).exec(QStringLiteral("PRAGMA cache_size=-16384"));
    }
    return db;
}

} // namespace tdesk
