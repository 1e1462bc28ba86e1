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
    db.open();
    return db;
}

} // namespace tdesk
