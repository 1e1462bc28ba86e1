#pragma once

#include <QSqlDatabase>
#include <QString>

namespace tdesk {

// A read-only Qt Sql connection to the SQLite file for the calling thread (Qt Sql connections
// belong to the thread that opened them), opened on first use and kept for the thread's life.
QSqlDatabase sqliteReadConnection(const QString &path);

} // namespace tdesk
