#include "storage/sqlitestore.h"

#include "storage/sqliteschema.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <sqlite3.h>

#include <map>
#include <tuple>
#include <unordered_map>

Q_LOGGING_CATEGORY(lcStorage, "tdesk.storage", QtWarningMsg)

namespace tdesk {
namespace {

constexpr qint64 MinuteMs = 60 * 1000;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;
// The users-seen caches hold what is stored, never the truth: forgotten when they grow this big.
constexpr size_t SeenUsersCacheLimit = 200000;
constexpr qsizetype LingerEnoughEvents = 1000;
constexpr int RewindWalPages = 4000; // 16 MB of WAL: time to bring it back to its start
// rollup_recent: a minute is written this long after it is over, so that events on their way are in
// it; its rows are kept two days; a new writer reads back the last hour's events, unless there are more
// than SeedRecentEvents of them.
constexpr qint64 RecentGraceMs = 2000;
constexpr qint64 KeepRecentMs = 2 * DayMs;
constexpr qint64 SeedRecentMs = HourMs;
constexpr qint64 SeedRecentEvents = 500000;
constexpr qint64 MaxFutureMs = 10 * MinuteMs; // PROTOCOL.md: t is at most now + 10 min
// rollup_day: a day is built this long after it is over; a catch-up spends at most this per round.
constexpr qint64 DayBuildDelayMs = 5 * MinuteMs;
constexpr qint64 DayBuildBudgetMs = 100;
constexpr int MaintenanceIntervalMs = 1000;

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

// The dimension rollups' dimensions (see migration 2).
enum Dimension { EventName = 0, Os = 1, AppVersion = 2, HostVersion = 3, Country = 4, Place = 5 };

// A place as rollup_hour names it: "CC|city|lat|lon". SQLite's own printf, which rounds halves
// differently from the C library's: the text must be the one printf('%.2f', lat) gives in SQL.
QByteArray placeValue(const QByteArray &country, const QByteArray &city, double latitude, double longitude)
{
    char coordinates[64];
    sqlite3_snprintf(int(sizeof coordinates), coordinates, "|%.2f|%.2f", latitude, longitude);
    return country + '|' + city + coordinates;
}

// Calls add(dim, value) for each dimension row a profile adds to.
template<typename Profile, typename Add>
void forEachDimension(const Profile &p, Add add)
{
    for (const auto &[dim, value] : {std::pair{EventName, &p.name}, std::pair{Os, &p.os}, std::pair{AppVersion, &p.ext},
                                     std::pair{HostVersion, &p.vscode}, std::pair{Country, &p.country}})
        add(dim, *value);
    if (p.hasLocation)
        add(Place, placeValue(p.country, p.city, p.latitude, p.longitude));
}

qint64 floorToMinute(qint64 ms)
{
    return ms - ms % MinuteMs;
}

// Ends a statement's use, whatever happened, so the transaction can end.
struct StatementReset
{
    sqlite3_stmt *stmt;
    ~StatementReset() { sqlite3_reset(stmt); }
};

} // namespace

size_t SqliteStore::Profile::Hash::operator()(const Profile &p) const noexcept
{
    size_t h = qHashMulti(size_t(p.minuteMs), p.projectId, p.name, p.os, p.ext, p.vscode, p.country);
    return p.hasLocation ? qHashMulti(h, p.city, p.latitude, p.longitude) : h;
}

SqliteStore::SqliteStore(const SqliteOptions &options)
    : m_options(options)
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
    for (sqlite3_stmt *stmt : {m_begin, m_commit, m_insertEvent, m_upsertMinute, m_insertDayUser, m_insertHourUser, m_upsertHour,
                               m_insertDayCountryUser, m_upsertDay, m_upsertRecent, m_readRollupMarks, m_setMeta})
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

Result<void> SqliteStore::openDatabase()
{
    const QByteArray path = m_options.path.toUtf8();
    if (sqlite3_open_v2(path.constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        return Error{m_db ? lastSqliteError() : QStringLiteral("out of memory")};
    }
    sqlite3_busy_timeout(m_db, 5000);
    // WAL: readers (the app, /stats) never block the writer. NORMAL sync in WAL mode keeps every
    // COMMIT across a crash of this process; FULL also across a power cut.
    sqlite3_stmt *stmt = nullptr;
    QByteArray journalMode;
    if (sqlite3_prepare_v2(m_db, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr) == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW) {
        journalMode = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    if (journalMode != "wal")
        return Error{QStringLiteral("cannot switch to WAL mode: %1").arg(lastSqliteError())};
    if (!exec(m_options.syncFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
        || !exec("PRAGMA foreign_keys=ON") || !exec("PRAGMA journal_size_limit=67108864")
        // Index pages of random ids are touched all over: keep 32 MB of them rather than re-read.
        || !exec("PRAGMA cache_size=-32768"))
        return Error{lastSqliteError()};

    if (auto migrated = migrateSqliteSchema(m_db); !migrated)
        return migrated;

    // The user-hash salt: made once, kept with the data it protects.
    const QByteArray fresh = QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    if (sqlite3_prepare_v2(m_db, "INSERT OR IGNORE INTO meta(key, value) VALUES ('user_hash_salt', ?)", -1, &stmt,
                           nullptr) != SQLITE_OK)
        return Error{lastSqliteError()};
    bindText(stmt, 1, fresh);
    const int inserted = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (inserted != SQLITE_DONE)
        return Error{lastSqliteError()};
    if (sqlite3_prepare_v2(m_db, "SELECT value FROM meta WHERE key = 'user_hash_salt'", -1, &stmt, nullptr) == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW) {
        m_salt = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);

    const auto prepare = [this](const char *sql, sqlite3_stmt **out) {
        return sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, nullptr) == SQLITE_OK;
    };
    if (!prepare("BEGIN IMMEDIATE", &m_begin) || !prepare("COMMIT", &m_commit)
        || !prepare("INSERT OR IGNORE INTO events(project_id, ts, received_ms, event_id, user_hash, session_id, name,"
                 " os, ext, vscode, country, region, city, lat, lon, props)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                 &m_insertEvent)
        || !prepare("INSERT INTO rollup_minute(project_id, minute_ms, name, events) VALUES (?1, ?2, ?3, ?4)"
                    " ON CONFLICT DO UPDATE SET events = events + excluded.events",
                    &m_upsertMinute)
        || !prepare("INSERT OR IGNORE INTO rollup_day_users(project_id, day, user_hash) VALUES (?1, ?2, ?3)",
                    &m_insertDayUser)
        || !prepare("INSERT OR IGNORE INTO rollup_hour_users(project_id, hour_ms, user_hash) VALUES (?1, ?2, ?3)",
                    &m_insertHourUser)
        || !prepare("INSERT INTO rollup_hour(project_id, hour_ms, dim, value, events) VALUES (?1, ?2, ?3, ?4, ?5)"
                    " ON CONFLICT DO UPDATE SET events = events + excluded.events",
                    &m_upsertHour)
        || !prepare("INSERT OR IGNORE INTO rollup_day_country_users(project_id, day, country, user_hash)"
                    " VALUES (?1, ?2, ?3, ?4)",
                    &m_insertDayCountryUser)
        || !prepare("INSERT INTO rollup_day(project_id, day, dim, value, events) VALUES (?1, ?2, ?3, ?4, ?5)"
                    " ON CONFLICT DO UPDATE SET events = events + excluded.events",
                    &m_upsertDay)
        || !prepare("INSERT INTO rollup_recent(project_id, minute_ms, dim, value, events) VALUES (?1, ?2, ?3, ?4, ?5)"
                    " ON CONFLICT DO UPDATE SET events = events + excluded.events",
                    &m_upsertRecent)
        || !prepare("SELECT (SELECT value FROM meta WHERE key = 'rollup_day_through'),"
                    " (SELECT value FROM meta WHERE key = 'rollup_writer')",
                    &m_readRollupMarks)
        || !prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", &m_setMeta)) {
        return Error{lastSqliteError()};
    }

    if (sqlite3_open_v2(path.constData(), &m_checkpointDb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
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
        const std::tuple<const char *, const char *, QByteArray> rollups[] = {
            {"rollup_minute", "minute_ms", cutoff}, {"rollup_hour", "hour_ms", cutoff},
            {"rollup_recent", "minute_ms", cutoff}, {"rollup_day", "day", day}, {"rollup_hour_users", "hour_ms", cutoff},
            {"rollup_day_users", "day", day}, {"rollup_day_country_users", "day", day}};
        for (const auto &[table, column, bound] : rollups) {
            const QByteArray sql = QByteArray("DELETE FROM ") + table + " WHERE project_id = " + projectId + " AND "
                + column + " < " + bound;
            exec(sql.constData());
        }
        // A late event of a deleted day must write its users again, like the first of the day.
        std::erase_if(m_seenDayUsers, [project = project, firstDay = firstDay](const PeriodUser &u) { return u.projectId == project && u.period < firstDay; });
        std::erase_if(m_seenHourUsers,
                      [project = project, firstDay = firstDay](const PeriodUser &u) { return u.projectId == project && u.period < firstDay * DayMs; });
        std::erase_if(m_seenDayCountryUsers,
                      [project = project, firstDay = firstDay](const DayCountryUser &u) { return u.projectId == project && u.day < firstDay; });
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

bool SqliteStore::submit(quint64 ticket, std::vector<Event> &&events)
{
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        const auto size = qsizetype(events.size());
        if (m_stopping || (m_stats.queuedEvents > 0 && m_stats.queuedEvents + size > m_options.maxQueuedEvents))
            return false;
        // Wake the writer only when enough has queued to end its linger; otherwise commitSoon()
        // does, once the HTTP side has handed over all it read.
        wake = m_stats.queuedEvents < LingerEnoughEvents && m_stats.queuedEvents + size >= LingerEnoughEvents;
        m_stats.queuedEvents += size;
        ++m_stats.queuedRequests;
        m_queue.push_back(Pending{ticket, std::move(events)});
    }
    if (wake)
        m_wake.notify_one();
    return true;
}

void SqliteStore::commitSoon()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.empty())
            return;
        m_commitSoon = true;
    }
    m_wake.notify_one();
}

void SqliteStore::drainAndStop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_writer.joinable())
        m_writer.join();
}

StoreStats SqliteStore::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

bool SqliteStore::healthy() const
{
    std::lock_guard lock(m_mutex);
    return m_healthy;
}

void SqliteStore::writerLoop()
{
    std::vector<Pending> group;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::milliseconds(std::min(m_options.retentionIntervalMs, MaintenanceIntervalMs)),
                            [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty() && m_stopping)
                return; // everything queued has been committed
            if (m_queue.empty() || m_options.clock() >= m_nextRetentionMs) {
                lock.unlock();
                applyRetention();
                maintainRollups();
                continue;
            }
            // A transaction costs about as much as a few dozen rows, so one should carry every
            // request the HTTP side has in hand: wait until it says it has handed over all it read
            // (commitSoon) or enough has queued, never longer than the linger bound.
            m_wake.wait_for(lock, std::chrono::microseconds(m_options.maxLingerMicroseconds), [this] {
                return m_stopping || m_commitSoon || m_stats.queuedEvents >= LingerEnoughEvents;
            });
            m_commitSoon = false;
            // Group commit: take whatever has queued up while the last transaction ran.
            qsizetype events = 0;
            while (!m_queue.empty() && (group.empty() || events + qsizetype(m_queue.front().events.size())
                                                             <= m_options.maxEventsPerTransaction)) {
                events += qsizetype(m_queue.front().events.size());
                group.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        if (m_writerToken.isEmpty())
            startRecentRollup();
        const QList<IngestOutcome> outcomes = commitGroup(group);
        maintainRollups();
        finishCheckpoint();
        {
            std::lock_guard lock(m_mutex);
            for (const Pending &p : group)
                m_stats.queuedEvents -= qsizetype(p.events.size());
            m_stats.queuedRequests -= qsizetype(group.size());
        }
        group.clear();
        Q_EMIT committed(outcomes);
    }
}

QList<IngestOutcome> SqliteStore::commitGroup(std::vector<Pending> &group)
{
    QList<IngestOutcome> outcomes;
    outcomes.reserve(qsizetype(group.size()));
    // Rollups are summed in memory and written once per key per transaction.
    std::map<std::tuple<qint64, qint64, QByteArray>, qint64> perMinute;
    PeriodUsers newDayUsers, newHourUsers;
    std::unordered_map<Profile, qint64, Profile::Hash> profiles;
    std::unordered_set<DayCountryUser, DayCountryUser::Hash> newDayCountryUsers;
    quint64 accepted = 0;
    std::vector<const Event *> fresh;
    if (m_observer)
        fresh.reserve(group.size());

    bool ok = sqlite3_step(m_begin) == SQLITE_DONE;
    sqlite3_reset(m_begin);
    if (ok)
        readRollupMarks();
    for (const Pending &pending : group) {
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
            perMinute[{e.projectId, e.timeMs - e.timeMs % MinuteMs, e.name}] += 1;
            // Most events come from users already seen this hour: only the first of the day and of
            // the hour is written.
            PeriodUser hourUser{e.projectId, e.timeMs - e.timeMs % HourMs, e.userHash};
            if (!m_seenHourUsers.contains(hourUser)) {
                PeriodUser dayUser{e.projectId, e.timeMs / DayMs, e.userHash};
                if (!m_seenDayUsers.contains(dayUser))
                    newDayUsers.insert(std::move(dayUser));
                newHourUsers.insert(std::move(hourUser));
            }
            DayCountryUser countryUser{e.projectId, e.timeMs / DayMs, e.country, e.userHash};
            if (!m_seenDayCountryUsers.contains(countryUser))
                newDayCountryUsers.insert(std::move(countryUser));
            const bool located = e.hasLocation();
            ++profiles[Profile{e.projectId, floorToMinute(e.timeMs), e.name, e.os, e.ext, e.vscode, e.country,
                               located ? e.city : QByteArray(), located, located ? e.latitude : 0.0,
                               located ? e.longitude : 0.0}];
        }
        accepted += quint64(outcome.accepted);
        outcomes.push_back(outcome);
    }
    for (const auto &[key, count] : perMinute) {
        if (!ok)
            break;
        StatementReset reset{m_upsertMinute};
        sqlite3_bind_int64(m_upsertMinute, 1, std::get<0>(key));
        sqlite3_bind_int64(m_upsertMinute, 2, std::get<1>(key));
        bindText(m_upsertMinute, 3, std::get<2>(key));
        sqlite3_bind_int64(m_upsertMinute, 4, count);
        ok = sqlite3_step(m_upsertMinute) == SQLITE_DONE;
    }
    ok = ok && insertUsers(m_insertDayUser, newDayUsers) && insertUsers(m_insertHourUser, newHourUsers);
    // Every event counts in rollup_hour; in rollup_day and rollup_recent only when it is late for a
    // day or minute they already hold (the others are added when those are built).
    DimensionRows perHour, perDay, perRecent;
    for (const auto &[p, count] : profiles) {
        const qint64 day = p.minuteMs / DayMs;
        const bool lateForDay = day < m_dayThrough;
        const bool lateForMinute = m_recentOn && p.minuteMs >= m_recentFrom && p.minuteMs < m_recentThrough;
        forEachDimension(p, [&, &p = p, count = count](int dim, const QByteArray &value) {
            perHour[{p.projectId, p.minuteMs - p.minuteMs % HourMs, dim, value}] += count;
            if (lateForDay)
                perDay[{p.projectId, day, dim, value}] += count;
            if (lateForMinute)
                perRecent[{p.projectId, p.minuteMs, dim, value}] += count;
        });
    }
    ok = ok && upsertRows(m_upsertHour, perHour) && upsertRows(m_upsertDay, perDay) && upsertRows(m_upsertRecent, perRecent);
    for (const auto &key : newDayCountryUsers) {
        if (!ok)
            break;
        StatementReset reset{m_insertDayCountryUser};
        sqlite3_bind_int64(m_insertDayCountryUser, 1, key.projectId);
        sqlite3_bind_int64(m_insertDayCountryUser, 2, key.day);
        bindRollupValue(m_insertDayCountryUser, 3, key.country);
        bindText(m_insertDayCountryUser, 4, key.userHash);
        ok = sqlite3_step(m_insertDayCountryUser) == SQLITE_DONE;
    }
    if (ok) {
        ok = sqlite3_step(m_commit) == SQLITE_DONE;
        sqlite3_reset(m_commit);
    }

    if (ok) {
        // Caches of what is stored, never the truth: cheap to forget when they grow big.
        const auto remember = [](auto &seen, auto &fresh) {
            if (seen.size() + fresh.size() > SeenUsersCacheLimit)
                seen.clear();
            seen.merge(fresh);
        };
        remember(m_seenDayUsers, newDayUsers);
        remember(m_seenHourUsers, newHourUsers);
        remember(m_seenDayCountryUsers, newDayCountryUsers);
        if (m_recentOn) {
            for (const auto &[p, count] : profiles) {
                if (p.minuteMs >= m_recentThrough)
                    m_openMinutes[p] += count;
            }
        }
        if (m_observer)
            m_observer(fresh);
    }
    std::lock_guard lock(m_mutex);
    if (ok) {
        for (IngestOutcome &o : outcomes)
            o.committed = true;
        m_stats.committedEvents += accepted;
        ++m_stats.commits;
        m_healthy = true;
        return outcomes;
    }
    // Nothing of this group is stored: every request in it is answered 503 and retried.
    m_stats.lastError = lastSqliteError();
    ++m_stats.failedCommits;
    m_healthy = false;
    qCWarning(lcStorage, "transaction of %d requests failed: %s", int(group.size()), qPrintable(m_stats.lastError));
    exec("ROLLBACK");
    for (IngestOutcome &o : outcomes)
        o = IngestOutcome{o.ticket, false, 0, 0};
    // Requests after the failure point were not reached; they get the same answer.
    return outcomes;
}

bool SqliteStore::upsertRows(sqlite3_stmt *stmt, const DimensionRows &rows)
{
    for (const auto &[key, count] : rows) {
        StatementReset reset{stmt};
        sqlite3_bind_int64(stmt, 1, std::get<0>(key));
        sqlite3_bind_int64(stmt, 2, std::get<1>(key));
        sqlite3_bind_int(stmt, 3, std::get<2>(key));
        bindRollupValue(stmt, 4, std::get<3>(key));
        sqlite3_bind_int64(stmt, 5, count);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            return false;
    }
    return true;
}

bool SqliteStore::insertUsers(sqlite3_stmt *stmt, const PeriodUsers &users)
{
    for (const PeriodUser &user : users) {
        StatementReset reset{stmt};
        sqlite3_bind_int64(stmt, 1, user.projectId);
        sqlite3_bind_int64(stmt, 2, user.period);
        bindText(stmt, 3, user.userHash);
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
        m_dayThrough = sqlite3_column_int64(m_readRollupMarks, 0);
        writer = reinterpret_cast<const char *>(sqlite3_column_text(m_readRollupMarks, 1));
    }
    if (m_writerToken.isEmpty() || writer == m_writerToken)
        return;
    // Another writer claimed rollup_recent after this one: neither has the other's events in
    // memory, so the table is given up (marked empty) until one of them is the only writer again.
    if (writer != "shared") {
        setMeta("rollup_writer", "shared");
        setMeta("rollup_recent_from", "0");
        setMeta("rollup_recent_through", "0");
    }
    m_recentOn = false;
    m_openMinutes.clear();
}

// Before the first commit: the minutes that events this writer did not commit may still fall in
// (up to now + 10 min) are read back from the events, so that rollup_recent is exact from the last
// hour on; with too many events for that, from the end of those minutes on.
void SqliteStore::startRecentRollup()
{
    const QByteArray token = QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const qint64 now = m_options.clock();
    const QByteArray projects = " project_id IN (SELECT id FROM projects) ";
    qint64 from = floorToMinute(now) - SeedRecentMs;
    sqlite3_stmt *stmt = nullptr;
    const QByteArray count = "SELECT count(*) FROM (SELECT 1 FROM events WHERE" + projects + "AND ts >= ?1 LIMIT "
        + QByteArray::number(SeedRecentEvents + 1) + ")";
    if (sqlite3_prepare_v2(m_db, count.constData(), -1, &stmt, nullptr) == SQLITE_OK) {
        sqlite3_bind_int64(stmt, 1, from);
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int64(stmt, 0) > SeedRecentEvents)
            from = floorToMinute(now + MaxFutureMs) + MinuteMs;
    }
    sqlite3_finalize(stmt);

    if (!exec("BEGIN IMMEDIATE"))
        return;
    bool ok = setMeta("rollup_writer", token);
    const QByteArray read = "SELECT project_id, ts - ts % 60000, name, os, ext, vscode, country, city, lat, lon, count(*)"
                            " FROM events WHERE" + projects + "AND ts >= ?1 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10";
    ok = ok && sqlite3_prepare_v2(m_db, read.constData(), -1, &stmt, nullptr) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(stmt, 1, from);
        const auto text = [&](int column) {
            const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(stmt, column));
            return bytes ? QByteArray(bytes, sqlite3_column_bytes(stmt, column)) : QByteArray();
        };
        int step;
        while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
            const bool located = sqlite3_column_type(stmt, 8) != SQLITE_NULL && sqlite3_column_type(stmt, 9) != SQLITE_NULL;
            m_openMinutes[Profile{sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1), text(2), text(3), text(4),
                                  text(5), text(6), located ? text(7) : QByteArray(), located,
                                  located ? sqlite3_column_double(stmt, 8) : 0.0,
                                  located ? sqlite3_column_double(stmt, 9) : 0.0}]
                += sqlite3_column_int64(stmt, 10);
        }
        ok = step == SQLITE_DONE;
    }
    sqlite3_finalize(stmt);
    const QByteArray clear = "DELETE FROM rollup_recent WHERE" + projects + "AND minute_ms >= " + QByteArray::number(from);
    ok = ok && exec(clear.constData()) && setMeta("rollup_recent_from", QByteArray::number(from))
        && setMeta("rollup_recent_through", QByteArray::number(from)) && exec("COMMIT");
    if (!ok) {
        exec("ROLLBACK"); // the marks are as before; tried again before the next commit
        m_openMinutes.clear();
        return;
    }
    m_writerToken = token;
    m_recentOn = true;
    m_recentFrom = m_recentThrough = from;
}

void SqliteStore::maintainRollups()
{
    const qint64 now = m_options.clock();
    const qint64 over = floorToMinute(now - RecentGraceMs); // the minutes before this one are over
    if (m_recentOn && over > m_recentThrough)
        flushRecentMinutes(over);
    if (now >= m_nextDayBuildMs)
        buildNextDay(now);
}

// Writes the minutes before `through` from memory, and drops rows older than two days.
void SqliteStore::flushRecentMinutes(qint64 through)
{
    if (!exec("BEGIN IMMEDIATE"))
        return;
    readRollupMarks();
    if (!m_recentOn) {
        exec("COMMIT"); // what readRollupMarks wrote
        return;
    }
    DimensionRows rows;
    for (const auto &[p, count] : m_openMinutes) {
        if (p.minuteMs < through)
            forEachDimension(p, [&, &p = p, count = count](int dim, const QByteArray &value) { rows[{p.projectId, p.minuteMs, dim, value}] += count; });
    }
    const qint64 keepFrom = floorToMinute(through - KeepRecentMs);
    const qint64 from = std::max(m_recentFrom, keepFrom);
    const QByteArray prune = "DELETE FROM rollup_recent WHERE project_id IN (SELECT id FROM projects) AND minute_ms < "
        + QByteArray::number(keepFrom);
    const bool pruneNow = m_recentFrom < keepFrom - HourMs; // about once an hour
    const bool ok = upsertRows(m_upsertRecent, rows) && (!pruneNow || exec(prune.constData()))
        && setMeta("rollup_recent_from", QByteArray::number(pruneNow ? from : m_recentFrom))
        && setMeta("rollup_recent_through", QByteArray::number(through)) && exec("COMMIT");
    if (!ok) {
        exec("ROLLBACK"); // kept in memory: written at a later round
        return;
    }
    std::erase_if(m_openMinutes, [through](const auto &entry) { return entry.first.minuteMs < through; });
    m_recentThrough = through;
    if (pruneNow)
        m_recentFrom = from;
}

// Builds the next days that are over from rollup_hour, each in a transaction of its own, for at most
// DayBuildBudgetMs (a catch-up of many days goes on at later rounds).
void SqliteStore::buildNextDay(qint64 nowMs)
{
    m_nextDayBuildMs = nowMs + 60 * 1000;
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
        if (m_dayThrough >= endDay) {
            exec("COMMIT"); // what readRollupMarks wrote
            return;
        }
        // Days without events are built by skipping them.
        qint64 day = endDay;
        {
            StatementReset reset{next};
            sqlite3_bind_int64(next, 1, m_dayThrough * DayMs);
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
        if (!ok || !setMeta("rollup_day_through", QByteArray::number(day)) || !exec("COMMIT")) {
            exec("ROLLBACK");
            return;
        }
        m_dayThrough = day;
    }
    m_nextDayBuildMs = 0; // more to build: at the next round
}

} // namespace tdesk
