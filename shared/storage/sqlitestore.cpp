#include "storage/sqlitestore.h"

#include "core/threadname.h"
#include "core/timeunits.h"
#include "storage/metakeys.h"
#include "storage/rollups.h"
#include "storage/sqliteschema.h"
#include "storage/useractivity.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QScopeGuard>

#include <sqlite3.h>

#include <limits>
#include <optional>
#include <tuple>

Q_LOGGING_CATEGORY(lcStorage, "tdesk.storage", QtWarningMsg)

namespace tdesk {
namespace {

constexpr int RewindWalPages = 4000; // 16 MB of WAL: time to bring it back to its start
// rollup_recent: a minute is written this long after it is over, so that events on their way are in
// it; its rows are kept two days; a new writer reads back the last hour's events, unless there are more
// than SeedRecentEvents of them.
constexpr qint64 RecentGraceMs = 2000;
constexpr qint64 SeedRecentMs = HourMs;
constexpr qint64 SeedRecentEvents = 500000;
constexpr qint64 MaxFutureMs = 10 * MinuteMs; // PROTOCOL.md: t is at most now + 10 min
// rollup_day: a day is built this long after it is over; a catch-up spends at most this per round.
constexpr qint64 DayBuildDelayMs = 5 * MinuteMs;
constexpr qint64 DayBuildBudgetMs = 100;
constexpr int MaintenanceIntervalMs = 1000;
// rollup_user_activity: the writer's time a round of folding hours in may take.
constexpr qint64 ActivityFoldRoundMs = 100;

// The keyed user rollups, by UserPeriodKind.
struct UserTable
{
    const char *name;
    const char *period;
    const char *countryColumn; // ", country" where there is one
    const char *countryValue;  // its value in a statement with ?4 the country
};
constexpr UserTable UserTables[UserPeriodKindCount] = {
    {"rollup_hour_users", "hour_ms", "", ""},
    {"rollup_day_users", "day", "", ""},
    {"rollup_day_country_users", "day", ", country", ", ?4"},
};

// td_bits_or(a, b) and td_bits_and(a, b): two blocks of rollup_user_activity bits combined byte by
// byte (a NULL or short one reads as zeros), for the writer's upserts.
template<bool Or>
void combineBits(sqlite3_context *context, int, sqlite3_value **args)
{
    unsigned char out[UserActivityBlockBytes] = {};
    for (int a = 0; a < 2; ++a) {
        const auto *bytes = static_cast<const unsigned char *>(sqlite3_value_blob(args[a]));
        const int n = std::min(sqlite3_value_bytes(args[a]), UserActivityBlockBytes);
        for (int i = 0; i < UserActivityBlockBytes; ++i) {
            const unsigned char byte = i < n && bytes ? bytes[i] : 0;
            out[i] = a == 0 ? byte : Or ? out[i] | byte : out[i] & byte;
        }
    }
    sqlite3_result_blob(context, out, UserActivityBlockBytes, SQLITE_TRANSIENT);
}

void bindText(sqlite3_stmt *stmt, int index, const QByteArray &text)
{
    if (text.isEmpty())
        sqlite3_bind_null(stmt, index);
    else
        sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_STATIC);
}

// Rollup rows' values are never NULL: '' stands for an event without the field.
void bindRollupValue(sqlite3_stmt *stmt, int index, const QByteArray &text)
{
    sqlite3_bind_text(stmt, index, text.isNull() ? "" : text.constData(), int(text.size()), SQLITE_STATIC);
}

void bindReal(sqlite3_stmt *stmt, int index, double value)
{
    if (std::isnan(value))
        sqlite3_bind_null(stmt, index);
    else
        sqlite3_bind_double(stmt, index, value);
}

// Ends a statement's use, whatever happened, so the transaction can end.
struct StatementReset
{
    sqlite3_stmt *stmt;
    ~StatementReset() { sqlite3_reset(stmt); }
};

// Opens the file (creating it), switches it to WAL, migrates it and makes sure it has a user-hash
// salt: what a writer and the migration entry point both need. The caller closes *db, also on error.
Result<void> openMigrated(const QString &path, sqlite3 **db)
{
    if (sqlite3_open_v2(path.toUtf8().constData(), db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        return Error{*db ? QString::fromUtf8(sqlite3_errmsg(*db)) : QStringLiteral("out of memory")};
    }
    const auto error = [db] { return Error{QString::fromUtf8(sqlite3_errmsg(*db))}; };
    sqlite3_busy_timeout(*db, 5000);
    // WAL: readers (the app, /stats) never block the writer.
    sqlite3_stmt *stmt = nullptr;
    QByteArray journalMode;
    if (sqlite3_prepare_v2(*db, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr) == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW) {
        journalMode = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    if (journalMode != "wal")
        return Error{QStringLiteral("cannot switch to WAL mode: %1").arg(error().message)};

    if (auto migrated = migrateSqliteSchema(*db); !migrated)
        return migrated;

    // The user-hash salt: made once, kept with the data it protects.
    const QByteArray fresh = QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    if (sqlite3_prepare_v2(*db, "INSERT OR IGNORE INTO meta(key, value) VALUES (?1, ?2)", -1, &stmt, nullptr) != SQLITE_OK)
        return error();
    sqlite3_bind_text(stmt, 1, MetaKey::UserHashSalt, -1, SQLITE_STATIC);
    bindText(stmt, 2, fresh);
    const int inserted = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (inserted != SQLITE_DONE)
        return error();
    return {};
}

} // namespace

SqliteStore::SqliteStore(const SqliteOptions &options)
    : QueuedEventStore(options)
    , m_options(options)
    , m_rollups(UserRollup([this](int kind, qint64 project, qint64 period) { return loadOpenPeriod(kind, project, period); },
                           options.userSampleLimit, options.rememberedUsers))
{
    qRegisterMetaType<QList<tdesk::IngestOutcome>>();
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions &options)
{
    std::unique_ptr<SqliteStore> store(new SqliteStore(options));
    if (auto opened = store->openDatabase(); !opened)
        return Error{QStringLiteral("cannot use database %1: %2").arg(options.path, opened.error())};
    store->m_writer = std::thread([s = store.get()] { s->writerLoop(); });
    store->m_checkpointer = std::thread([s = store.get()] { s->checkpointLoop(); });
    return store;
}

SqliteStore::~SqliteStore()
{
    drainAndStop();
    {
        std::lock_guard lock(m_mutex);
        m_checkpointStopping = true;
    }
    m_checkpointWake.notify_one();
    if (m_checkpointer.joinable())
        m_checkpointer.join();
    sqlite3_close(m_checkpointDb);
    for (sqlite3_stmt *stmt : {m_begin, m_commit, m_insertEvent, m_upsertMinute, m_appendOpenUser, m_setUserSample, m_upsertHour,
                               m_upsertDay, m_upsertRecent, m_readRollupMarks, m_setMeta, m_upsertActivity, m_readActivityMark})
        sqlite3_finalize(stmt);
    for (sqlite3_stmt *stmt : m_insertClosedUser)
        sqlite3_finalize(stmt);
    for (sqlite3_stmt *stmt : m_dropUnsampled)
        sqlite3_finalize(stmt);
    // Readers still open elsewhere (the app's views) keep SQLite from removing the WAL at close, and
    // after heavy ingest it can hold hundreds of megabytes that the next start would read back and
    // every read look through: leave it empty. Not worth waiting long for a reader to finish.
    sqlite3_busy_timeout(m_db, 200);
    sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_close(m_db);
}

bool SqliteStore::exec(const char *sql)
{
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

QString SqliteStore::lastSqliteError() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

Result<void> SqliteStore::migrate(const QString &path)
{
    sqlite3 *db = nullptr;
    const auto close = qScopeGuard([&] {
        // Leave a WAL that an earlier writer left behind to the next writer: copying a big one back
        // would make this call as slow as it is large.
        if (db)
            sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        sqlite3_close(db);
    });
    if (auto ready = openMigrated(path, &db); !ready)
        return Error{QStringLiteral("cannot use database %1: %2").arg(path, ready.error())};
    return {};
}

Result<void> SqliteStore::openDatabase()
{
    if (auto ready = openMigrated(m_options.path, &m_db); !ready)
        return ready;
    // NORMAL sync in WAL mode keeps every COMMIT across a crash of this process; FULL also across
    // a power cut.
    if (!exec(m_options.syncFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
        || !exec("PRAGMA foreign_keys=ON") || !exec("PRAGMA journal_size_limit=67108864")
        // Index pages of random ids are touched all over: keep 32 MB of them rather than re-read.
        || !exec("PRAGMA cache_size=-32768"))
        return Error{lastSqliteError()};

    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, nullptr) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, MetaKey::UserHashSalt, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            m_salt = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);

    const auto prepare = [this](const char *sql, sqlite3_stmt **out) {
        return sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, nullptr) == SQLITE_OK;
    };
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
    if (sqlite3_create_function_v2(m_db, "td_bits_or", 2, flags, nullptr, combineBits<true>, nullptr, nullptr, nullptr) != SQLITE_OK
        || sqlite3_create_function_v2(m_db, "td_bits_and", 2, flags, nullptr, combineBits<false>, nullptr, nullptr, nullptr) != SQLITE_OK)
        return Error{lastSqliteError()};
    if (!prepare("BEGIN IMMEDIATE", &m_begin) || !prepare("COMMIT", &m_commit)
        || !prepare("INSERT OR IGNORE INTO events(project_id, ts, received_ms, event_id, user_hash, session_id, name,"
                 " os, ext, vscode, country, region, city, lat, lon, props)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                 &m_insertEvent)
        || !prepare("INSERT INTO rollup_minute(project_id, minute_ms, name, events) VALUES (?1, ?2, ?3, ?4)"
                    " ON CONFLICT DO UPDATE SET events = events + excluded.events",
                    &m_upsertMinute)
        || !prepare("INSERT INTO rollup_users_open(kind, project_id, period, country, user_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
                    &m_appendOpenUser)
        || !prepare("INSERT OR REPLACE INTO rollup_user_samples(kind, project_id, period, below) VALUES (?1, ?2, ?3, ?4)",
                    &m_setUserSample)
        || !prepare("DELETE FROM rollup_users_open WHERE kind = ?1 AND project_id = ?2 AND period = ?3 AND user_hash >= ?4",
                    &m_dropUnsampled[UserPeriodKindCount])
        || !prepare("INSERT INTO rollup_hour(project_id, hour_ms, dim, value, events) VALUES (?1, ?2, ?3, ?4, ?5)"
                    " ON CONFLICT DO UPDATE SET events = events + excluded.events",
                    &m_upsertHour)
        || !prepare("INSERT INTO rollup_day(project_id, day, dim, value, events) VALUES (?1, ?2, ?3, ?4, ?5)"
                    " ON CONFLICT DO UPDATE SET events = events + excluded.events",
                    &m_upsertDay)
        || !prepare("INSERT INTO rollup_recent(project_id, minute_ms, dim, value, events) VALUES (?1, ?2, ?3, ?4, ?5)"
                    " ON CONFLICT DO UPDATE SET events = events + excluded.events",
                    &m_upsertRecent)
        || !prepare("SELECT (SELECT value FROM meta WHERE key = ?1), (SELECT value FROM meta WHERE key = ?2)",
                    &m_readRollupMarks)
        || !prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", &m_setMeta)
        || !prepare("INSERT INTO rollup_user_activity(project_id, block, user_hash, hours) VALUES (?1, ?2, ?3, ?4)"
                    " ON CONFLICT DO UPDATE SET hours = td_bits_or(hours, excluded.hours)",
                    &m_upsertActivity)
        || !prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1", &m_readActivityMark)) {
        return Error{lastSqliteError()};
    }
    for (int kind = 0; kind < UserPeriodKindCount; ++kind) {
        const UserTable &t = UserTables[kind];
        // A late event's user, unless the period is sampled and the user outside the sample.
        const QByteArray insert = QByteArray("INSERT OR IGNORE INTO ") + t.name + "(project_id, " + t.period + t.countryColumn
            + ", user_hash) SELECT ?2, ?3" + t.countryValue + ", ?5 WHERE NOT EXISTS (SELECT 1 FROM rollup_user_samples"
            + " WHERE kind = ?1 AND project_id = ?2 AND period = ?3 AND ?5 >= below)";
        const QByteArray drop = QByteArray("DELETE FROM ") + t.name + " WHERE project_id = ?2 AND " + t.period
            + " = ?3 AND user_hash >= ?4";
        if (!prepare(insert.constData(), &m_insertClosedUser[kind]) || !prepare(drop.constData(), &m_dropUnsampled[kind]))
            return Error{lastSqliteError()};
    }
    // Bindings outlive resets: bound once.
    sqlite3_bind_text(m_readRollupMarks, 1, MetaKey::RollupDayThrough, -1, SQLITE_STATIC);
    sqlite3_bind_text(m_readRollupMarks, 2, MetaKey::RollupWriter, -1, SQLITE_STATIC);
    sqlite3_bind_text(m_readActivityMark, 1, MetaKey::UserActivityThrough, -1, SQLITE_STATIC);

    if (sqlite3_open_v2(m_options.path.toUtf8().constData(), &m_checkpointDb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
        return Error{QString::fromUtf8(sqlite3_errmsg(m_checkpointDb))};
    sqlite3_busy_timeout(m_checkpointDb, 1000);
    // A connection learns the journal mode on its first read; until then it cannot checkpoint.
    if (sqlite3_exec(m_checkpointDb, "SELECT count(*) FROM meta", nullptr, nullptr, nullptr) != SQLITE_OK)
        return Error{QString::fromUtf8(sqlite3_errmsg(m_checkpointDb))};
    sqlite3_wal_hook(m_db, &SqliteStore::onWalCommit, this); // replaces the writer's auto-checkpoint
    return {};
}

int SqliteStore::onWalCommit(void *self, sqlite3 *, const char *, int pages)
{
    auto *store = static_cast<SqliteStore *>(self);
    bool wake = false;
    {
        std::lock_guard lock(store->m_mutex);
        if (pages < store->m_walPages)
            store->m_walCopied = 0; // the WAL was rewound
        store->m_walPages = pages;
        wake = pages - store->m_walCopied >= 1000;
    }
    if (wake)
        store->m_checkpointWake.notify_one();
    return SQLITE_OK;
}

void SqliteStore::applyRetention()
{
    const qint64 now = m_options.clock();
    if (now < m_nextRetentionMs)
        return;
    m_nextRetentionMs = now + m_options.retentionIntervalMs;
    // Whole UTC days are kept: the per-day user rollups cannot drop part of a day, so cutting
    // events at the day's start is what keeps every rollup equal to the events it counts.
    std::vector<std::pair<qint64, qint64>> cutoffs; // project, first day kept
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, "SELECT id, retention_days FROM projects WHERE retention_days > 0", -1, &stmt, nullptr) != SQLITE_OK)
        return;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        cutoffs.emplace_back(sqlite3_column_int64(stmt, 0), (now - sqlite3_column_int64(stmt, 1) * DayMs) / DayMs);
    sqlite3_finalize(stmt);
    // Small transactions, so that ingest never waits long behind a big delete.
    for (const auto &[project, firstDay] : cutoffs) {
        const QByteArray projectId = QByteArray::number(project);
        const QByteArray cutoff = QByteArray::number(firstDay * DayMs);
        bool eventsGone = false;
        for (int batch = 0; batch < 50 && !eventsGone; ++batch) {
            const QByteArray sql = "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE project_id = " + projectId
                + " AND ts < " + cutoff + " LIMIT 2000)";
            if (!exec(sql.constData()))
                break;
            eventsGone = sqlite3_changes(m_db) < 2000;
        }
        if (!eventsGone)
            continue; // the rollups go with the last of their events, at a later round
        const QByteArray day = QByteArray::number(firstDay);
        for (const RetainedRollup &r : RetainedRollups) {
            const QByteArray sql = QByteArray("DELETE FROM ") + r.table + " WHERE project_id = " + projectId + " AND "
                + r.column + " < " + (r.byDay ? day : cutoff);
            exec(sql.constData());
        }
        // Activity: the blocks before the cut go, and the hours before it in the block that holds it.
        const qint64 cutHour = firstDay * DayMs / HourMs;
        QByteArray keep(UserActivityBlockBytes, '\0');
        for (int bit = activityBit(cutHour); bit < int(UserActivityBlockHours); ++bit)
            keep[bit / 8] = char(keep[bit / 8] | (1 << (bit % 8)));
        const QByteArray block = QByteArray::number(activityBlock(cutHour));
        for (const QByteArray &sql : std::initializer_list<QByteArray>{
                 "DELETE FROM rollup_user_activity WHERE project_id = " + projectId + " AND block < " + block,
                                      "UPDATE rollup_user_activity SET hours = td_bits_and(hours, X'" + keep.toHex() + "') WHERE project_id = "
                                          + projectId + " AND block = " + block,
                                      "DELETE FROM rollup_user_activity WHERE project_id = " + projectId + " AND block = " + block
                                          + " AND hours = zeroblob(" + QByteArray::number(UserActivityBlockBytes) + ")"})
            exec(sql.constData());
        for (const char *table : {"rollup_users_open", "rollup_user_samples"}) {
            const QByteArray sql = QByteArray("DELETE FROM ") + table + " WHERE project_id = " + projectId
                + " AND period < CASE kind WHEN " + QByteArray::number(HourUsers) + " THEN " + cutoff + " ELSE " + day + " END";
            exec(sql.constData());
        }
        // A late event of a deleted day must write its users again, like the first of the day.
        m_rollups.forgetUsersBefore(project, firstDay);
    }
}

void SqliteStore::finishCheckpoint()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_walPages < RewindWalPages)
            return;
    }
    // The background checkpointer copies most of the WAL, but while transactions keep coming it
    // never sees the end of it, and only a checkpoint that reaches the end lets the WAL rewind.
    // Between two of its own transactions the writer can reach it; what is left to copy is small.
    int frames = 0, copied = 0;
    if (sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied) == SQLITE_OK) {
        std::lock_guard lock(m_mutex);
        m_walCopied = copied;
    }
}

void SqliteStore::checkpointLoop()
{
    nameThisThread("tdesk-checkpt");
    std::unique_lock lock(m_mutex);
    while (!m_checkpointStopping) {
        m_checkpointWake.wait_for(lock, std::chrono::seconds(1));
        if (m_walPages - m_walCopied <= 0)
            continue;
        lock.unlock();
        // PASSIVE copies what it can without blocking the writer.
        int frames = 0, copied = 0;
        sqlite3_wal_checkpoint_v2(m_checkpointDb, nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                  &frames, &copied);
        lock.lock();
        m_walCopied = std::max(copied, 0);
    }
}

qint64 SqliteStore::databaseBytes() const
{
    // QFileInfo sizes: safe from any thread, unlike the writer's connection.
    return QFileInfo(m_options.path).size() + QFileInfo(m_options.path + QStringLiteral("-wal")).size();
}

void SqliteStore::writerLoop()
{
    nameThisThread("tdesk-writer");
    std::vector<GroupCommitQueue::Pending> group;
    const auto idle = std::chrono::milliseconds(std::min(m_options.retentionIntervalMs, MaintenanceIntervalMs));
    for (;;) {
        if (m_options.clock() >= m_nextRetentionMs) {
            applyRetention();
            maintainRollups();
        }
        const GroupCommitQueue::Taken taken = m_queue.take(group, idle);
        if (taken == GroupCommitQueue::Taken::Stopped)
            return; // everything queued has been committed
        if (taken == GroupCommitQueue::Taken::Idle) {
            maintainRollups();
            continue;
        }
        if (m_writerToken.isEmpty())
            startRecentRollup();
        const QList<IngestOutcome> outcomes = commitGroup(group);
        maintainRollups();
        finishCheckpoint();
        group.clear();
        Q_EMIT committed(outcomes);
    }
}

QList<IngestOutcome> SqliteStore::commitGroup(std::vector<GroupCommitQueue::Pending> &group)
{
    QList<IngestOutcome> outcomes;
    outcomes.reserve(qsizetype(group.size()));
    quint64 accepted = 0;
    std::vector<const Event *> fresh;
    if (m_observer)
        fresh.reserve(group.size());

    bool ok = sqlite3_step(m_begin) == SQLITE_DONE;
    sqlite3_reset(m_begin);
    if (ok)
        readRollupMarks();
    const std::optional<qint64> activityThrough = ok ? readActivityMark() : std::nullopt;
    std::vector<std::tuple<qint64, qint64, QByteArray>> lateActivity; // project, hour, user: before the mark
    m_marks.nowMs = m_options.clock();
    m_rollups.begin(m_marks);
    for (const GroupCommitQueue::Pending &pending : group) {
        IngestOutcome outcome{pending.ticket, false, 0, 0};
        for (const Event &e : pending.events) {
            if (!ok)
                break;
            sqlite3_stmt *s = m_insertEvent;
            StatementReset reset{s};
            sqlite3_bind_int64(s, 1, e.projectId);
            sqlite3_bind_int64(s, 2, e.timeMs);
            sqlite3_bind_int64(s, 3, e.receivedMs);
            bindText(s, 4, e.id);
            bindText(s, 5, e.userHash);
            bindText(s, 6, e.sessionId);
            bindText(s, 7, e.name);
            bindText(s, 8, e.os);
            bindText(s, 9, e.ext);
            bindText(s, 10, e.vscode);
            bindText(s, 11, e.country);
            bindText(s, 12, e.region);
            bindText(s, 13, e.city);
            bindReal(s, 14, e.latitude);
            bindReal(s, 15, e.longitude);
            bindText(s, 16, e.props);
            if (sqlite3_step(s) != SQLITE_DONE) {
                ok = false;
                break;
            }
            if (sqlite3_changes(m_db) == 0) {
                ++outcome.duplicates; // (project, id) already stored: a retry, not a new event
                continue;
            }
            ++outcome.accepted;
            if (m_observer)
                fresh.push_back(&e);
            m_rollups.add(e);
            if (activityThrough && e.timeMs < *activityThrough)
                lateActivity.emplace_back(e.projectId, floorTo(e.timeMs, HourMs) / HourMs, e.userHash);
        }
        accepted += quint64(outcome.accepted);
        outcomes.push_back(outcome);
    }
    ok = ok && writeRollups(m_rollups.rows()) && writeLateActivity(lateActivity);
    if (ok) {
        ok = sqlite3_step(m_commit) == SQLITE_DONE;
        sqlite3_reset(m_commit);
    }

    if (ok) {
        m_rollups.committed();
        if (m_observer)
            m_observer(fresh);
    } else {
        m_rollups.failed();
    }
    if (ok) {
        for (IngestOutcome &o : outcomes)
            o.committed = true;
        m_queue.finished(group, true, accepted);
        return outcomes;
    }
    // Nothing of this group is stored: every request in it is answered 503 and retried.
    const QString error = lastSqliteError();
    m_queue.finished(group, false, 0, error);
    qCWarning(lcStorage, "transaction of %d requests failed: %s", int(group.size()), qPrintable(error));
    exec("ROLLBACK");
    for (IngestOutcome &o : outcomes)
        o = IngestOutcome{o.ticket, false, 0, 0};
    // Requests after the failure point were not reached; they get the same answer.
    return outcomes;
}

bool SqliteStore::writeRollups(const RollupRows &rows)
{
    for (const MinuteRow &row : rows.minutes) {
        StatementReset reset{m_upsertMinute};
        sqlite3_bind_int64(m_upsertMinute, 1, row.projectId);
        sqlite3_bind_int64(m_upsertMinute, 2, row.minuteMs);
        bindText(m_upsertMinute, 3, row.name);
        sqlite3_bind_int64(m_upsertMinute, 4, row.events);
        if (sqlite3_step(m_upsertMinute) != SQLITE_DONE)
            return false;
    }
    return upsertRows(m_upsertHour, rows.hours) && upsertRows(m_upsertDay, rows.days)
        && upsertRows(m_upsertRecent, rows.recentMinutes) && writeUsers(rows.users);
}

bool SqliteStore::writeUsers(const UserRollupRows &users)
{
    const auto step = [](sqlite3_stmt *stmt, const PeriodUserRow &user) {
        StatementReset reset{stmt};
        sqlite3_bind_int(stmt, 1, user.kind);
        sqlite3_bind_int64(stmt, 2, user.projectId);
        sqlite3_bind_int64(stmt, 3, user.period);
        bindRollupValue(stmt, 4, user.country);
        bindText(stmt, 5, user.userHash);
        return sqlite3_step(stmt) == SQLITE_DONE;
    };
    for (const PeriodUserRow &user : users.open) {
        if (!step(m_appendOpenUser, user))
            return false;
        m_openUserPeriods.insert({user.kind, user.projectId, user.period});
    }
    for (const PeriodUserRow &user : users.closed) {
        if (!step(m_insertClosedUser[user.kind], user))
            return false;
    }
    // After the appends: a bound lowered drops the rows at or above it, wherever they are.
    for (const UserSampleRow &sample : users.samples) {
        for (sqlite3_stmt *stmt : {m_setUserSample, m_dropUnsampled[sample.kind], m_dropUnsampled[UserPeriodKindCount]}) {
            StatementReset reset{stmt};
            sqlite3_bind_int(stmt, 1, sample.kind);
            sqlite3_bind_int64(stmt, 2, sample.projectId);
            sqlite3_bind_int64(stmt, 3, sample.period);
            bindText(stmt, 4, sample.below);
            if (sqlite3_step(stmt) != SQLITE_DONE)
                return false;
        }
    }
    return true;
}

// Inside the writer's transaction: the sample bound and the users stored of a period not yet over.
UserRollup::StoredPeriod SqliteStore::loadOpenPeriod(int kind, qint64 projectId, qint64 period)
{
    UserRollup::StoredPeriod stored;
    const UserTable &t = UserTables[kind];
    const QByteArray sql = "SELECT (SELECT below FROM rollup_user_samples WHERE kind = ?1 AND project_id = ?2 AND period = ?3),"
                           " NULL, NULL UNION ALL SELECT NULL, country, user_hash FROM rollup_users_open"
                           " WHERE kind = ?1 AND project_id = ?2 AND period = ?3 UNION ALL SELECT NULL, "
        + QByteArray(kind == DayCountryUsers ? "country" : "''") + ", user_hash FROM " + t.name + " WHERE project_id = ?2 AND "
        + t.period + " = ?3";
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.constData(), -1, &stmt, nullptr) != SQLITE_OK)
        return stored;
    sqlite3_bind_int(stmt, 1, kind);
    sqlite3_bind_int64(stmt, 2, projectId);
    sqlite3_bind_int64(stmt, 3, period);
    const auto text = [stmt](int column) {
        return QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, column)), sqlite3_column_bytes(stmt, column));
    };
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        if (sqlite3_column_type(stmt, 0) != SQLITE_NULL)
            stored.below = text(0).toUInt(nullptr, 16);
        else if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
            stored.fingerprints.push_back(UserRollup::fingerprint(kind, text(1), text(2)));
    }
    sqlite3_finalize(stmt);
    return stored;
}

// Moves the users of the periods that are over from rollup_users_open into their keyed tables,
// sorted (a run of new keys: few pages), a period a transaction.
void SqliteStore::closeUserPeriods(qint64 nowMs)
{
    m_nextUserCloseMs = nowMs + MaintenanceIntervalMs;
    if (!m_openUserPeriodsRead) {
        // Those another process, or this one before a restart, left open.
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(m_db, "SELECT DISTINCT kind, project_id, period FROM rollup_users_open", -1, &stmt, nullptr) != SQLITE_OK)
            return;
        while (sqlite3_step(stmt) == SQLITE_ROW)
            m_openUserPeriods.insert({sqlite3_column_int(stmt, 0), sqlite3_column_int64(stmt, 1), sqlite3_column_int64(stmt, 2)});
        sqlite3_finalize(stmt);
        m_openUserPeriodsRead = true;
    }
    for (auto it = m_openUserPeriods.begin(); it != m_openUserPeriods.end();) {
        const auto [kind, project, period] = *it;
        if (!UserRollup::isClosed(kind, period, nowMs)) {
            ++it;
            continue;
        }
        const UserTable &t = UserTables[kind];
        const QByteArray where = " WHERE kind = " + QByteArray::number(kind) + " AND project_id = " + QByteArray::number(project)
            + " AND period = " + QByteArray::number(period);
        const QByteArray move = QByteArray("INSERT OR IGNORE INTO ") + t.name + "(project_id, " + t.period + t.countryColumn
            + ", user_hash) SELECT project_id, period" + t.countryColumn + ", user_hash FROM rollup_users_open" + where
            + " ORDER BY 1, 2, 3" + (kind == DayCountryUsers ? ", 4" : "");
        // A day's own rows come from its rows by country (UserRollup writes none while it is open).
        const QByteArray days = "INSERT OR IGNORE INTO rollup_day_users(project_id, day, user_hash) SELECT DISTINCT project_id,"
                                " period, user_hash FROM rollup_users_open" + where + " ORDER BY 1, 2, 3";
        const QByteArray clear = "DELETE FROM rollup_users_open" + where;
        if (!exec("BEGIN IMMEDIATE"))
            return;
        if (!exec(move.constData()) || (kind == DayCountryUsers && !exec(days.constData())) || !exec(clear.constData())
            || !exec("COMMIT")) {
            exec("ROLLBACK");
            return; // at a later round
        }
        it = m_openUserPeriods.erase(it);
    }
}

bool SqliteStore::upsertRows(sqlite3_stmt *stmt, const std::vector<DimensionRow> &rows)
{
    for (const DimensionRow &row : rows) {
        StatementReset reset{stmt};
        sqlite3_bind_int64(stmt, 1, row.projectId);
        sqlite3_bind_int64(stmt, 2, row.period);
        sqlite3_bind_int(stmt, 3, row.dim);
        bindRollupValue(stmt, 4, row.value);
        sqlite3_bind_int64(stmt, 5, row.events);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            return false;
    }
    return true;
}

bool SqliteStore::setMeta(const char *key, const QByteArray &value)
{
    StatementReset reset{m_setMeta};
    sqlite3_bind_text(m_setMeta, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(m_setMeta, 2, value.constData(), int(value.size()), SQLITE_STATIC);
    return sqlite3_step(m_setMeta) == SQLITE_DONE;
}

// Inside a transaction: what another writer of the same file may have changed since the last one.
void SqliteStore::readRollupMarks()
{
    QByteArray writer;
    {
        StatementReset reset{m_readRollupMarks};
        if (sqlite3_step(m_readRollupMarks) != SQLITE_ROW)
            return;
        m_marks.dayThrough = sqlite3_column_int64(m_readRollupMarks, 0);
        writer = reinterpret_cast<const char *>(sqlite3_column_text(m_readRollupMarks, 1));
    }
    if (m_writerToken.isEmpty() || writer == m_writerToken)
        return;
    // Another writer claimed rollup_recent after this one: neither has the other's events in
    // memory, so the table is given up (marked empty) until one of them is the only writer again.
    if (writer != "shared") {
        setMeta(MetaKey::RollupWriter, "shared");
        setMeta(MetaKey::RollupRecentFrom, "0");
        setMeta(MetaKey::RollupRecentThrough, "0");
    }
    m_marks.recentKept = false;
    m_rollups.clearOpenMinutes();
}

// Before the first commit: the minutes that events this writer did not commit may still fall in
// (up to now + 10 min) are read back from the events, so that rollup_recent is exact from the last
// hour on; with too many events for that, from the end of those minutes on.
void SqliteStore::startRecentRollup()
{
    const QByteArray token = QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const qint64 now = m_options.clock();
    const QByteArray projects = " project_id IN (SELECT id FROM projects) ";
    qint64 from = floorTo(now, MinuteMs) - SeedRecentMs;
    sqlite3_stmt *stmt = nullptr;
    const QByteArray count = "SELECT count(*) FROM (SELECT 1 FROM events WHERE" + projects + "AND ts >= ?1 LIMIT "
        + QByteArray::number(SeedRecentEvents + 1) + ")";
    if (sqlite3_prepare_v2(m_db, count.constData(), -1, &stmt, nullptr) == SQLITE_OK) {
        sqlite3_bind_int64(stmt, 1, from);
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int64(stmt, 0) > SeedRecentEvents)
            from = floorTo(now + MaxFutureMs, MinuteMs) + MinuteMs;
    }
    sqlite3_finalize(stmt);

    if (!exec("BEGIN IMMEDIATE"))
        return;
    bool ok = setMeta(MetaKey::RollupWriter, token);
    const QByteArray read = "SELECT project_id, ts - ts % 60000, name, os, ext, vscode, country, city, lat, lon, count(*)"
                            " FROM events WHERE" + projects + "AND ts >= ?1 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10";
    ok = ok && sqlite3_prepare_v2(m_db, read.constData(), -1, &stmt, nullptr) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(stmt, 1, from);
        const auto text = [&](int column) {
            const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(stmt, column));
            return bytes ? QByteArray(bytes, sqlite3_column_bytes(stmt, column)) : QByteArray();
        };
        const auto real = [&](int column) {
            return sqlite3_column_type(stmt, column) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                                     : sqlite3_column_double(stmt, column);
        };
        int step;
        while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
            Event like; // only what the rollups count
            like.projectId = sqlite3_column_int64(stmt, 0);
            like.timeMs = sqlite3_column_int64(stmt, 1);
            like.name = text(2);
            like.os = text(3);
            like.ext = text(4);
            like.vscode = text(5);
            like.country = text(6);
            like.city = text(7);
            like.latitude = real(8);
            like.longitude = real(9);
            m_rollups.seedOpenMinutes(like, sqlite3_column_int64(stmt, 10));
        }
        ok = step == SQLITE_DONE;
    }
    sqlite3_finalize(stmt);
    const QByteArray clear = "DELETE FROM rollup_recent WHERE" + projects + "AND minute_ms >= " + QByteArray::number(from);
    ok = ok && exec(clear.constData()) && setMeta(MetaKey::RollupRecentFrom, QByteArray::number(from))
        && setMeta(MetaKey::RollupRecentThrough, QByteArray::number(from)) && exec("COMMIT");
    if (!ok) {
        exec("ROLLBACK"); // the marks are as before; tried again before the next commit
        m_rollups.clearOpenMinutes();
        return;
    }
    m_writerToken = token;
    m_marks.recentKept = true;
    m_marks.recentFromMs = m_marks.recentThroughMs = from;
}

void SqliteStore::maintainRollups()
{
    const qint64 now = m_options.clock();
    const qint64 over = floorTo(now - RecentGraceMs, MinuteMs); // the minutes before this one are over
    if (m_marks.recentKept && over > m_marks.recentThroughMs)
        flushRecentMinutes(over);
    if (now >= m_nextDayBuildMs)
        buildNextDay(now);
    if (now >= m_nextUserCloseMs)
        closeUserPeriods(now);
    if (now >= m_nextActivityFoldMs)
        foldUserActivity(now);
}

std::optional<qint64> SqliteStore::readActivityMark()
{
    StatementReset reset{m_readActivityMark};
    if (sqlite3_step(m_readActivityMark) != SQLITE_ROW)
        return std::nullopt;
    return sqlite3_column_int64(m_readActivityMark, 0);
}

// The bits of events stored into hours already folded in.
bool SqliteStore::writeLateActivity(std::vector<std::tuple<qint64, qint64, QByteArray>> &late)
{
    std::sort(late.begin(), late.end());
    late.erase(std::unique(late.begin(), late.end()), late.end());
    for (const auto &[project, hour, user] : late) {
        StatementReset reset{m_upsertActivity};
        const QByteArray bits = activityBits(activityBit(hour));
        sqlite3_bind_int64(m_upsertActivity, 1, project);
        sqlite3_bind_int64(m_upsertActivity, 2, activityBlock(hour));
        bindText(m_upsertActivity, 3, user);
        sqlite3_bind_blob(m_upsertActivity, 4, bits.constData(), int(bits.size()), SQLITE_STATIC);
        if (sqlite3_step(m_upsertActivity) != SQLITE_DONE)
            return false;
    }
    return true;
}

// Folds the hours that are over into rollup_user_activity, oldest first, an hour a transaction
// with the mark moved past it: the hour's users as the user rollups hold them (hour_users, one row
// each), or its events where the hour kept only a sample of its users. A round stops after
// ActivityFoldRoundMs: a big file's past catches up over some minutes without holding up ingest.
void SqliteStore::foldUserActivity(qint64 nowMs)
{
    m_nextActivityFoldMs = nowMs + MaintenanceIntervalMs;
    const qint64 limit = floorTo(nowMs - UserRollup::OpenGraceMs, HourMs); // the hours before it are over
    const auto firstEventHourFrom = [this](qint64 fromMs) -> std::optional<qint64> {
        sqlite3_stmt *stmt = nullptr;
        std::optional<qint64> hour;
        if (sqlite3_prepare_v2(m_db, "SELECT min(ts) FROM events WHERE project_id IN (SELECT id FROM projects) AND ts >= ?1", -1, &stmt,
                               nullptr) == SQLITE_OK) {
            sqlite3_bind_int64(stmt, 1, fromMs);
            if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
                hour = floorTo(sqlite3_column_int64(stmt, 0), HourMs);
        }
        sqlite3_finalize(stmt);
        return hour;
    };
    QElapsedTimer round;
    round.start();
    while (round.elapsed() < ActivityFoldRoundMs) {
        if (!exec("BEGIN IMMEDIATE"))
            return;
        // No mark yet: no event lies before the first one's hour, so every hour before it is in.
        qint64 hour = readActivityMark().value_or(firstEventHourFrom(std::numeric_limits<qint64>::min()).value_or(limit));
        hour = std::max(hour, std::min(firstEventHourFrom(hour).value_or(limit), limit)); // straight past hours without events
        bool ok = true;
        if (hour < limit) {
            const QByteArray bounds = " WHERE project_id IN (SELECT id FROM projects) AND ";
            const QByteArray users = sampledUsers(HourUsers, hour)
                ? QByteArray("SELECT DISTINCT project_id, user_hash FROM events" + bounds + "ts >= " + QByteArray::number(hour) + " AND ts < "
                             + QByteArray::number(hour + HourMs))
                : QByteArray("SELECT project_id, user_hash FROM hour_users" + bounds + "hour_ms = " + QByteArray::number(hour));
            const QByteArray fold = "INSERT INTO rollup_user_activity(project_id, block, user_hash, hours) SELECT project_id, "
                + QByteArray::number(activityBlock(hour / HourMs)) + ", user_hash, ?1 FROM (" + users
                + ") WHERE true ORDER BY 1, 3 ON CONFLICT DO UPDATE SET hours = td_bits_or(hours, excluded.hours)";
            sqlite3_stmt *stmt = nullptr;
            const QByteArray bits = activityBits(activityBit(hour / HourMs));
            ok = sqlite3_prepare_v2(m_db, fold.constData(), -1, &stmt, nullptr) == SQLITE_OK
                && sqlite3_bind_blob(stmt, 1, bits.constData(), int(bits.size()), SQLITE_STATIC) == SQLITE_OK
                && sqlite3_step(stmt) == SQLITE_DONE;
            sqlite3_finalize(stmt);
            hour += HourMs;
        }
        if (!ok || !setMeta(MetaKey::UserActivityThrough, QByteArray::number(hour)) || !exec("COMMIT")) {
            exec("ROLLBACK"); // at a later round
            return;
        }
        if (hour >= limit)
            return;
    }
}

// Whether a period of the user rollups kept only a sample of its users, in any project.
bool SqliteStore::sampledUsers(int kind, qint64 period)
{
    sqlite3_stmt *stmt = nullptr;
    bool sampled = false;
    if (sqlite3_prepare_v2(m_db, "SELECT 1 FROM rollup_user_samples WHERE kind = ?1 AND period = ?2 LIMIT 1", -1, &stmt, nullptr) == SQLITE_OK) {
        sqlite3_bind_int(stmt, 1, kind);
        sqlite3_bind_int64(stmt, 2, period);
        sampled = sqlite3_step(stmt) == SQLITE_ROW;
    }
    sqlite3_finalize(stmt);
    return sampled;
}

// Writes the minutes before `through` from memory, and drops rows older than two days.
void SqliteStore::flushRecentMinutes(qint64 through)
{
    if (!exec("BEGIN IMMEDIATE"))
        return;
    readRollupMarks();
    if (!m_marks.recentKept) {
        exec("COMMIT"); // what readRollupMarks wrote
        return;
    }
    const qint64 keepFrom = floorTo(through - MetaKey::RollupRecentKeepMs, MinuteMs);
    const qint64 from = std::max(m_marks.recentFromMs, keepFrom);
    const QByteArray prune = "DELETE FROM rollup_recent WHERE project_id IN (SELECT id FROM projects) AND minute_ms < "
        + QByteArray::number(keepFrom);
    const bool pruneNow = m_marks.recentFromMs < keepFrom - HourMs; // about once an hour
    const bool ok = upsertRows(m_upsertRecent, m_rollups.openMinuteRowsBefore(through))
        && (!pruneNow || exec(prune.constData()))
        && setMeta(MetaKey::RollupRecentFrom, QByteArray::number(pruneNow ? from : m_marks.recentFromMs))
        && setMeta(MetaKey::RollupRecentThrough, QByteArray::number(through)) && exec("COMMIT");
    if (!ok) {
        exec("ROLLBACK"); // kept in memory: written at a later round
        return;
    }
    m_rollups.forgetOpenMinutesBefore(through);
    m_marks.recentThroughMs = through;
    if (pruneNow)
        m_marks.recentFromMs = from;
}

// Builds the next days that are over from rollup_hour, each in a transaction of its own, for at most
// DayBuildBudgetMs (a catch-up of many days goes on at later rounds).
void SqliteStore::buildNextDay(qint64 nowMs)
{
    m_nextDayBuildMs = nowMs + MinuteMs;
    const qint64 endDay = (nowMs - DayBuildDelayMs) / DayMs; // the days before it are over
    QElapsedTimer budget;
    budget.start();
    sqlite3_stmt *next = nullptr;
    sqlite3_stmt *build = nullptr;
    const auto finish = qScopeGuard([&] {
        sqlite3_finalize(next);
        sqlite3_finalize(build);
    });
    if (sqlite3_prepare_v2(m_db, "SELECT min((SELECT min(hour_ms) FROM rollup_hour WHERE project_id = p.id AND hour_ms >= ?1))"
                           " FROM projects p", -1, &next, nullptr) != SQLITE_OK
        || sqlite3_prepare_v2(m_db, "INSERT INTO rollup_day(project_id, day, dim, value, events)"
                              " SELECT r.project_id, ?1, r.dim, r.value, sum(r.events) FROM projects p JOIN rollup_hour r"
                              " ON r.project_id = p.id AND r.hour_ms >= ?2 AND r.hour_ms < ?3 GROUP BY 1, 3, 4",
                              -1, &build, nullptr) != SQLITE_OK)
        return;
    while (budget.elapsed() < DayBuildBudgetMs) {
        if (!exec("BEGIN IMMEDIATE"))
            return;
        readRollupMarks();
        if (m_marks.dayThrough >= endDay) {
            exec("COMMIT"); // what readRollupMarks wrote
            return;
        }
        // Days without events are built by skipping them.
        qint64 day = endDay;
        {
            StatementReset reset{next};
            sqlite3_bind_int64(next, 1, m_marks.dayThrough * DayMs);
            if (sqlite3_step(next) == SQLITE_ROW && sqlite3_column_type(next, 0) != SQLITE_NULL)
                day = std::min(endDay, sqlite3_column_int64(next, 0) / DayMs);
        }
        bool ok = true;
        if (day < endDay) {
            StatementReset reset{build};
            sqlite3_bind_int64(build, 1, day);
            sqlite3_bind_int64(build, 2, day * DayMs);
            sqlite3_bind_int64(build, 3, (day + 1) * DayMs);
            ok = sqlite3_step(build) == SQLITE_DONE;
            ++day;
        }
        if (!ok || !setMeta(MetaKey::RollupDayThrough, QByteArray::number(day)) || !exec("COMMIT")) {
            exec("ROLLBACK");
            return;
        }
        m_marks.dayThrough = day;
    }
    m_nextDayBuildMs = 0; // more to build: at the next round
}

} // namespace tdesk
