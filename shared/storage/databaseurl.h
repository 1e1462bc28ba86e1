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

// PG_SSL applied to a database URL: true/1/yes/on ask for verify-full (the server's certificate
// checked against a trusted root and its name against the host), false/0/no/off leave the URL as it
// is, and a libpq sslmode name (disable … verify-full) asks for that mode. An sslmode the URL already
// names must agree; a SQLite URL takes no SSL mode.
Result<QString> applyPgSsl(const QString &url, const QString &setting);

// Accepts `sqlite:///abs/path.db`, a plain path (relative paths resolve against the working
// directory), or `postgresql://…` / `postgres://…`.
Result<DatabaseUrl> parseDatabaseUrl(const QString &text);

} // namespace tdesk
