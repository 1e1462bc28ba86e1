#pragma once

#include "core/result.h"

struct sqlite3;

namespace tdesk {

// Brings a SQLite database to the current schema version (PRAGMA user_version), one migration
// at a time, each in its own transaction. Refuses a database newer than this build.
Result<void> migrateSqliteSchema(sqlite3 *db);

constexpr int SqliteSchemaVersion = 6;

} // namespace tdesk
