#include "storage/sqliteschema.h"

#include <QString>

#include <sqlite3.h>

namespace tdesk {
namespace {

// Migration N brings the schema from version N-1 to N. Never edit a released one: append.
constexpr const char *Migrations[] = {
    // 1: the first schema.
    R"SQL(
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE projects(
        id INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: caches and logs name projects by id
        name TEXT NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL,
        rate_limit INTEGER,                 -- requests per rate window; NULL: the collector's default
        retention_days INTEGER,             -- NULL: keep forever
        sample_rate REAL NOT NULL DEFAULT 1.0,
        allowed_origins TEXT NOT NULL DEFAULT '*',
        require_key INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE api_keys(
        id INTEGER PRIMARY KEY,
        project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE, -- NULL for admin keys
        kind TEXT NOT NULL CHECK (kind IN ('public', 'private', 'admin')),
        prefix TEXT NOT NULL,               -- the first characters, to name a key without its secret
        hash BLOB NOT NULL UNIQUE,          -- SHA-256 of the key; the key itself is never stored
        created_ms INTEGER NOT NULL,
        revoked_ms INTEGER);
    CREATE TABLE events(
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        received_ms INTEGER NOT NULL,
        event_id TEXT,
        user_hash TEXT NOT NULL,
        session_id TEXT,
        name TEXT NOT NULL,
        os TEXT, ext TEXT, vscode TEXT,
        country TEXT, region TEXT, city TEXT, lat REAL, lon REAL,
        props TEXT);
    CREATE UNIQUE INDEX events_project_event_id ON events(project_id, event_id) WHERE event_id IS NOT NULL;
    CREATE INDEX events_project_ts ON events(project_id, ts);
    CREATE TABLE rollup_minute(
        project_id INTEGER NOT NULL, minute_ms INTEGER NOT NULL, name TEXT NOT NULL, events INTEGER NOT NULL,
        PRIMARY KEY (project_id, minute_ms, name)) WITHOUT ROWID;
    -- The users seen each UTC day (day = ts / 86400000): written once per user and day.
    CREATE TABLE rollup_day_users(
        project_id INTEGER NOT NULL, day INTEGER NOT NULL, user_hash TEXT NOT NULL,
        PRIMARY KEY (project_id, day, user_hash)) WITHOUT ROWID;
    INSERT INTO projects(name, created_ms) VALUES ('default', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
    )SQL",
    // 2: rollups the desktop app reads, so that no view over a long range scans raw events.
    R"SQL(
    -- Events per hour by one dimension. dim: 0 event name, 1 os, 2 app version (ext), 3 host version
    -- (vscode), 4 country (ISO alpha-2), 5 place with coordinates ("CC|city|lat|lon", lat/lon with 2
    -- decimals; only events whose place has coordinates). value '' when the event had none.
    CREATE TABLE rollup_hour(
        project_id INTEGER NOT NULL, hour_ms INTEGER NOT NULL, dim INTEGER NOT NULL, value TEXT NOT NULL,
        events INTEGER NOT NULL,
        PRIMARY KEY (project_id, hour_ms, dim, value)) WITHOUT ROWID;
    -- The users seen each UTC day in each country (country '' when unknown): written once per user,
    -- day and country, like rollup_day_users.
    CREATE TABLE rollup_day_country_users(
        project_id INTEGER NOT NULL, day INTEGER NOT NULL, country TEXT NOT NULL, user_hash TEXT NOT NULL,
        PRIMARY KEY (project_id, day, country, user_hash)) WITHOUT ROWID;
    -- Events stored before this migration: counted once, here.
    INSERT INTO rollup_hour(project_id, hour_ms, dim, value, events)
        SELECT project_id, ts - ts % 3600000, 0, name, count(*) FROM events GROUP BY 1, 2, 4
        UNION ALL SELECT project_id, ts - ts % 3600000, 1, coalesce(os, ''), count(*) FROM events GROUP BY 1, 2, 4
        UNION ALL SELECT project_id, ts - ts % 3600000, 2, coalesce(ext, ''), count(*) FROM events GROUP BY 1, 2, 4
        UNION ALL SELECT project_id, ts - ts % 3600000, 3, coalesce(vscode, ''), count(*) FROM events GROUP BY 1, 2, 4
        UNION ALL SELECT project_id, ts - ts % 3600000, 4, coalesce(country, ''), count(*) FROM events GROUP BY 1, 2, 4
        UNION ALL SELECT project_id, ts - ts % 3600000, 5,
                         coalesce(country, '') || '|' || coalesce(city, '') || '|' || printf('%.2f', lat) || '|'
                             || printf('%.2f', lon),
                         count(*)
                  FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 4;
    INSERT INTO rollup_day_country_users(project_id, day, country, user_hash)
        SELECT DISTINCT project_id, ts / 86400000, coalesce(country, ''), user_hash FROM events;
    )SQL",
    // 3: rollups that keep long and short ranges quick to read without adding to every commit.
    R"SQL(
    -- rollup_hour's counts per UTC day (day = ts / 86400000). The writer builds a day from
    -- rollup_hour once it is over; from then on, a late event of the day is added at commit. Holds
    -- every day before meta 'rollup_day_through' (no row: none).
    CREATE TABLE rollup_day(
        project_id INTEGER NOT NULL, day INTEGER NOT NULL, dim INTEGER NOT NULL, value TEXT NOT NULL,
        events INTEGER NOT NULL,
        PRIMARY KEY (project_id, day, dim, value)) WITHOUT ROWID;
    -- rollup_hour's counts per minute, for short recent ranges. The writer keeps the minutes it is
    -- committing in memory and writes each once it is over; a late event of a written minute is added
    -- at commit. Exact for the minutes in [meta 'rollup_recent_from', meta 'rollup_recent_through'),
    -- which start after the writer did; two days are kept.
    CREATE TABLE rollup_recent(
        project_id INTEGER NOT NULL, minute_ms INTEGER NOT NULL, dim INTEGER NOT NULL, value TEXT NOT NULL,
        events INTEGER NOT NULL,
        PRIMARY KEY (project_id, minute_ms, dim, value)) WITHOUT ROWID;
    -- The users seen each hour (hour_ms = ts - ts % 3600000), written once per user and hour like
    -- rollup_day_users: users of ranges shorter than a day without reading their events.
    CREATE TABLE rollup_hour_users(
        project_id INTEGER NOT NULL, hour_ms INTEGER NOT NULL, user_hash TEXT NOT NULL,
        PRIMARY KEY (project_id, hour_ms, user_hash)) WITHOUT ROWID;
    INSERT INTO rollup_hour_users(project_id, hour_ms, user_hash)
        SELECT DISTINCT project_id, ts - ts % 3600000, user_hash FROM events;
    )SQL",
    // 4: what a key is for and how much it is used. The collector counts use in memory and adds it
    // here every few seconds and at shutdown, never on the request path.
    R"SQL(
    ALTER TABLE api_keys ADD COLUMN label TEXT NOT NULL DEFAULT '';
    ALTER TABLE api_keys ADD COLUMN last_used_ms INTEGER;                -- NULL: never used
    ALTER TABLE api_keys ADD COLUMN events_accepted INTEGER NOT NULL DEFAULT 0;
    )SQL",
    // 5: user rollups whose cost per event does not grow with the number of users (storage/userrollup.h).
    R"SQL(
    -- The users of hours and UTC days that are not over yet, appended once each as they are first
    -- seen; the writer moves a period's rows, sorted, into its keyed table once it is over. kind: 0
    -- rollup_hour_users (period: the hour's start, ms), 1 rollup_day_users and 2
    -- rollup_day_country_users (period: the day's number); country '' but for kind 2. An open day's
    -- users are its kind 2 rows' (kind 1 is not written, but read where it is).
    CREATE TABLE rollup_users_open(
        kind INTEGER NOT NULL, project_id INTEGER NOT NULL, period INTEGER NOT NULL, country TEXT NOT NULL,
        user_hash TEXT NOT NULL);
    CREATE INDEX rollup_users_open_period ON rollup_users_open(kind, project_id, period);
    -- Periods with too many users to keep each: only those whose user_hash is below `below` (4 hex
    -- digits) are kept, in the keyed table and in rollup_users_open alike. No row: all are kept.
    CREATE TABLE rollup_user_samples(
        kind INTEGER NOT NULL, project_id INTEGER NOT NULL, period INTEGER NOT NULL, below TEXT NOT NULL,
        PRIMARY KEY (kind, project_id, period)) WITHOUT ROWID;
    -- What readers count users from: the keyed rows and the open ones. A user may be in both.
    CREATE VIEW hour_users(project_id, hour_ms, user_hash) AS
        SELECT project_id, hour_ms, user_hash FROM rollup_hour_users
        UNION ALL SELECT project_id, period, user_hash FROM rollup_users_open WHERE kind = 0;
    -- A day still open has its users in its rows by country (kind 2) only.
    CREATE VIEW day_users(project_id, day, user_hash) AS
        SELECT project_id, day, user_hash FROM rollup_day_users
        UNION ALL SELECT project_id, period, user_hash FROM rollup_users_open WHERE kind IN (1, 2);
    CREATE VIEW day_country_users(project_id, day, country, user_hash) AS
        SELECT project_id, day, country, user_hash FROM rollup_day_country_users
        UNION ALL SELECT project_id, period, country, user_hash FROM rollup_users_open WHERE kind = 2;
    )SQL",
    // 6: each user's active hours as bits (storage/useractivity.h), filled by the writer from the
    // events hour by hour, the oldest first (no backfill here: a big file migrates at once).
    R"SQL(
    CREATE TABLE rollup_user_activity(
        project_id INTEGER NOT NULL, block INTEGER NOT NULL, user_hash TEXT NOT NULL, hours BLOB NOT NULL,
        PRIMARY KEY (project_id, block, user_hash)) WITHOUT ROWID;
    )SQL",
};
static_assert(std::size(Migrations) == SqliteSchemaVersion);

QString sqliteMessage(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

} // namespace

Result<void> migrateSqliteSchema(sqlite3 *db)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) != SQLITE_OK)
        return Error{sqliteMessage(db)};
    int version = 0;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);

    if (version > SqliteSchemaVersion)
        return Error{QStringLiteral("the database has schema version %1, newer than this build understands (%2)")
                         .arg(version).arg(SqliteSchemaVersion)};
    for (int next = version + 1; next <= SqliteSchemaVersion; ++next) {
        const QByteArray sql = QByteArray("BEGIN IMMEDIATE;") + Migrations[next - 1]
            + "PRAGMA user_version = " + QByteArray::number(next) + ";COMMIT;";
        char *message = nullptr;
        if (sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) != SQLITE_OK) {
            const QString text = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
            sqlite3_free(message);
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            return Error{QStringLiteral("schema migration to version %1 failed: %2").arg(next).arg(text)};
        }
    }
    return {};
}

} // namespace tdesk
