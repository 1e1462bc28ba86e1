#pragma once

#include "core/result.h"

#include <QString>

namespace tdesk {

struct DatabaseUrl
{
    enum class Kind { Sqlite, Postgresql };
    Kind kind = Kind::Sqlite;
    QString sqlitePath;      // absolute path of the SQLite file
    QString postgresqlUrl;   // the libpq connection URI as given
};

// Where the URL's data is, for people: the file's path, or the PostgreSQL URL without its password.
QString displayLocation(const DatabaseUrl &url);

// Accepts `sqlite:///abs/path.db`, a plain path (relative paths resolve against the working
// directory), or `postgresql://…` / `postgres://…`.
Result<DatabaseUrl> parseDatabaseUrl(const QString &text);

} // namespace tdesk
