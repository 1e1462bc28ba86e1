#include "storage/readconnection.h"

#include <QSqlQuery>
#include <QStringList>
#include <QThread>
#include <QThreadStorage>

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

} // namespace

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
    if (!threadConnections.hasLocalData())
        threadConnections.setLocalData(new ThreadConnections);
    threadConnections.localData()->names.append(name);
    return db;
}

} // namespace tdesk
