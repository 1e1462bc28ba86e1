#include "storage/postgres/pgschema.h"

#include "core/timeunits.h"
#include "storage/metakeys.h"
#include "storage/postgres/pgconnection.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QString>

#include <chrono>
#include <iterator>

namespace tdesk {
namespace {

// Advisory lock keys (any two numbers no other application on the database is likely to use).
constexpr qint64 MigrationLock = 0x7464657301;
constexpr qint64 PartitionLock = 0x7464657302;

// Migration N brings the schema from version N-1 to N. Never edit a released one: append. Tables
// and columns are named as in SQLite's schema (sqliteschema.cpp), so that readers share their SQL.
constexpr const char *Migrations[] = {
    // 1: the first schema: SQLite's version 5, for several writers.
    R"SQL(
    CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE projects(
        id bigserial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        created_ms bigint NOT NULL,
        rate_limit integer,
        retention_days integer,
        sample_rate double precision NOT NULL DEFAULT 1.0,
        allowed_origins text NOT NULL DEFAULT '*',
        require_key integer NOT NULL DEFAULT 0);
    CREATE TABLE api_keys(
        id bigserial PRIMARY KEY,
        project_id bigint REFERENCES projects(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('public', 'private', 'admin')),
        prefix text NOT NULL,
        hash bytea NOT NULL UNIQUE,
        created_ms bigint NOT NULL,
        revoked_ms bigint,
        label text NOT NULL DEFAULT '',
        last_used_ms bigint,
        events_accepted bigint NOT NULL DEFAULT 0);
    -- Partitioned by month of ts: global retention drops whole months. xid: the inserting
    -- transaction, which orders the live tail safely across writers (row ids are not commit order).
    CREATE SEQUENCE events_id_seq AS bigint;
    CREATE TABLE events(
        id bigint NOT NULL DEFAULT nextval('events_id_seq'),
        project_id bigint NOT NULL,
        ts bigint NOT NULL,
        received_ms bigint NOT NULL,
        event_id text,
        user_hash text NOT NULL,
        session_id text,
        name text NOT NULL,
        os text, ext text, vscode text,
        country text, region text, city text, lat double precision, lon double precision,
        props text,
        xid bigint NOT NULL DEFAULT CAST(CAST(pg_current_xact_id() AS text) AS bigint)) PARTITION BY RANGE (ts);
    ALTER SEQUENCE events_id_seq OWNED BY events.id;
    -- A client's id is stored once per project whatever time a retry carries (PROTOCOL.md: the pair
    -- (project, id)). A unique index on the partitioned events would have to hold ts; this table holds
    -- the pairs, and the time for retention.
    CREATE TABLE event_ids(project_id bigint NOT NULL, event_id text NOT NULL, ts bigint NOT NULL,
                           PRIMARY KEY (project_id, event_id));
    CREATE INDEX event_ids_project_ts ON event_ids(project_id, ts);
    CREATE INDEX events_project_ts ON events(project_id, ts, id);
    CREATE INDEX events_arrival ON events(xid, id); -- the live tail: rows stored after those it has shown
    -- The rollups, as in SQLite; each writer adds what its transaction inserted, at commit.
    CREATE TABLE rollup_minute(
        project_id bigint NOT NULL, minute_ms bigint NOT NULL, name text NOT NULL, events bigint NOT NULL,
        PRIMARY KEY (project_id, minute_ms, name));
    CREATE TABLE rollup_hour(
        project_id bigint NOT NULL, hour_ms bigint NOT NULL, dim integer NOT NULL, value text NOT NULL,
        events bigint NOT NULL,
        PRIMARY KEY (project_id, hour_ms, dim, value));
    CREATE TABLE rollup_day(
        project_id bigint NOT NULL, day bigint NOT NULL, dim integer NOT NULL, value text NOT NULL,
        events bigint NOT NULL,
        PRIMARY KEY (project_id, day, dim, value));
    CREATE TABLE rollup_recent(
        project_id bigint NOT NULL, minute_ms bigint NOT NULL, dim integer NOT NULL, value text NOT NULL,
        events bigint NOT NULL,
        PRIMARY KEY (project_id, minute_ms, dim, value));
    CREATE TABLE rollup_hour_users(
        project_id bigint NOT NULL, hour_ms bigint NOT NULL, user_hash text NOT NULL,
        PRIMARY KEY (project_id, hour_ms, user_hash));
    CREATE TABLE rollup_day_users(
        project_id bigint NOT NULL, day bigint NOT NULL, user_hash text NOT NULL,
        PRIMARY KEY (project_id, day, user_hash));
    CREATE TABLE rollup_day_country_users(
        project_id bigint NOT NULL, day bigint NOT NULL, country text NOT NULL, user_hash text NOT NULL,
        PRIMARY KEY (project_id, day, country, user_hash));
    -- Kept empty: every user goes straight into the keyed tables above, and every user is kept. The
    -- SQL both backends share names them (SQLite's writer appends open periods and samples there).
    CREATE TABLE rollup_users_open(
        kind integer NOT NULL, project_id bigint NOT NULL, period bigint NOT NULL, country text NOT NULL,
        user_hash text NOT NULL);
    CREATE TABLE rollup_user_samples(
        kind integer NOT NULL, project_id bigint NOT NULL, period bigint NOT NULL, below text NOT NULL,
        PRIMARY KEY (kind, project_id, period));
    -- The spooled batches a collector replayed (spool: the spool file's id), recorded in the replay's
    -- own transaction, so that a batch is never applied twice across a crash.
    CREATE TABLE spool_applied(spool text NOT NULL, batch bigint NOT NULL, applied_ms bigint NOT NULL,
        PRIMARY KEY (spool, batch));
    CREATE VIEW hour_users(project_id, hour_ms, user_hash) AS
        SELECT project_id, hour_ms, user_hash FROM rollup_hour_users;
    CREATE VIEW day_users(project_id, day, user_hash) AS
        SELECT project_id, day, user_hash FROM rollup_day_users;
    CREATE VIEW day_country_users(project_id, day, country, user_hash) AS
        SELECT project_id, day, country, user_hash FROM rollup_day_country_users;
    INSERT INTO projects(name, created_ms) VALUES ('default', (extract(epoch FROM now()) * 1000)::bigint);
    )SQL",
    // 2: users by their hash first, so that a sample of users (user_hash < bound) over many days
    // reads only the sample: PostgreSQL cannot skip through the (project, day, …) keys as SQLite does.
    R"SQL(
    CREATE INDEX rollup_day_users_sample ON rollup_day_users(project_id, user_hash, day);
    CREATE INDEX rollup_day_country_users_sample ON rollup_day_country_users(project_id, user_hash, day);
    CREATE INDEX rollup_hour_users_sample ON rollup_hour_users(project_id, user_hash, hour_ms);
    )SQL",
};
static_assert(std::size(Migrations) == PgSchemaVersion);

} // namespace

Result<void> migratePgSchema(PgConnection &db, const QByteArray &givenSalt)
{
    const auto fail = [&db](const QString &what) -> Result<void> {
        const QByteArray state = db.lastSqlState();
        db.run("ROLLBACK");
        if (state == "42501") // insufficient_privilege
            return Error{QStringLiteral("%1 (the role needs CREATE on the database's schema `public`: "
                                        "GRANT CREATE ON SCHEMA public TO the role, or run once as its owner)")
                             .arg(what.section(u'\n', 0, 0))}; // without the statement's text
        return Error{what};
    };
    if (auto begun = db.run("BEGIN"); !begun)
        return begun;
    if (auto locked = db.run("SELECT pg_advisory_xact_lock($1)", {QByteArray::number(MigrationLock)}); !locked)
        return fail(locked.error());
    if (auto created = db.run("CREATE TABLE IF NOT EXISTS schema_version(version integer NOT NULL)"); !created)
        return fail(QStringLiteral("cannot create the schema: %1").arg(created.error()));
    auto current = db.exec("SELECT max(version) FROM schema_version");
    if (!current)
        return fail(current.error());
    const int version = int(current->number(0, 0));
    if (version > PgSchemaVersion)
        return fail(QStringLiteral("the database has schema version %1, newer than this build understands (%2): "
                                   "use a newer telemetry-collector").arg(version).arg(PgSchemaVersion));
    for (int next = version + 1; next <= PgSchemaVersion; ++next) {
        if (auto migrated = db.run(Migrations[next - 1]); !migrated)
            return fail(QStringLiteral("schema migration to version %1 failed: %2").arg(next).arg(migrated.error()));
    }
    if (version < PgSchemaVersion) {
        if (auto set = db.run("DELETE FROM schema_version; INSERT INTO schema_version VALUES (" + QByteArray::number(PgSchemaVersion) + ")");
            !set)
            return fail(set.error());
    }
    // Made once, kept with the data it protects. Rollups are added at commit by every writer, so
    // rollup_day holds every day and rollup_recent every minute since the schema was made.
    QByteArray salt = givenSalt;
    for (int i = 0; i < 4 && givenSalt.isEmpty(); ++i)
        salt += QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const QByteArray now = QByteArray::number(floorTo(QDateTime::currentMSecsSinceEpoch(), MinuteMs));
    const QByteArray insert = "INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
    for (const auto &[key, value] : {std::pair<const char *, QByteArray>{MetaKey::UserHashSalt, salt},
                                     {MetaKey::RollupDayThrough, "1000000000"},
                                     {MetaKey::RollupRecentFrom, now},
                                     {MetaKey::RollupRecentThrough, "9000000000000000"},
                                     {MetaKey::RollupWriter, "shared"}}) {
        if (auto set = db.run(insert, {key, value}); !set)
            return fail(set.error());
    }
    if (auto committed = db.run("COMMIT"); !committed)
        return fail(committed.error());
    return {};
}

std::pair<qint64, qint64> monthOf(qint64 tsMs)
{
    using namespace std::chrono;
    const year_month_day date{floor<days>(sys_time<milliseconds>(milliseconds(tsMs)))};
    const year_month month = date.year() / date.month();
    const auto ms = [](year_month m) { return qint64(duration_cast<milliseconds>(sys_days(m / 1).time_since_epoch()).count()); };
    return {ms(month), ms(month + months(1))};
}

QByteArray partitionName(qint64 monthStartMs)
{
    using namespace std::chrono;
    const year_month_day date{floor<days>(sys_time<milliseconds>(milliseconds(monthStartMs)))};
    return "events_" + QByteArray::number(int(date.year())) + QByteArray::number(unsigned(date.month())).rightJustified(2, '0');
}

std::optional<std::pair<qint64, qint64>> partitionMonth(const QByteArray &name)
{
    using namespace std::chrono;
    if (name.size() != 13 || !name.startsWith("events_"))
        return std::nullopt;
    bool yearOk = false, monthOk = false;
    const int y = name.mid(7, 4).toInt(&yearOk);
    const unsigned m = name.mid(11, 2).toUInt(&monthOk);
    if (!yearOk || !monthOk || m < 1 || m > 12)
        return std::nullopt;
    const sys_days first = year(y) / month(m) / 1;
    return monthOf(duration_cast<milliseconds>(first.time_since_epoch()).count());
}

Result<qint64> ensureEventPartition(PgConnection &db, qint64 tsMs)
{
    const auto [first, end] = monthOf(tsMs);
    const QByteArray sql = "BEGIN; SELECT pg_advisory_xact_lock(" + QByteArray::number(PartitionLock) + "); "
        "CREATE TABLE IF NOT EXISTS " + partitionName(first) + " PARTITION OF events FOR VALUES FROM ("
        + QByteArray::number(first) + ") TO (" + QByteArray::number(end) + "); COMMIT";
    if (auto created = db.run(sql); !created) {
        db.run("ROLLBACK");
        return Error{QStringLiteral("cannot create the events partition %1: %2").arg(QString::fromLatin1(partitionName(first)), created.error())};
    }
    return first;
}

} // namespace tdesk
