#pragma once

#include "storage/eventstore.h"

#include <QDateTime>

#include <condition_variable>
#include <functional>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <tuple>
#include <unordered_set>

struct sqlite3;
struct sqlite3_stmt;

namespace tdesk {

struct SqliteOptions
{
    QString path;
    bool syncFull = false;                 // --sync full: survive a power cut, not only kill -9
    qsizetype maxQueuedEvents = 50000;     // beyond this, submit() refuses (503 upstream)
    qsizetype maxEventsPerTransaction = 20000;
    int maxLingerMicroseconds = 2000;       // a small transaction waits at most this long for company
    int retentionIntervalMs = 60000;        // how often projects' retention is applied
    // Epoch ms now, for retention and for when minutes and days are over (tests move it).
    std::function<qint64()> clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
};

class SqliteStore final : public EventStore
{
    Q_OBJECT

public:
    // Opens (creating if needed) and migrates the database, then starts the writer thread.
    static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions &options);
    ~SqliteStore() override;

    bool submit(quint64 ticket, std::vector<Event> &&events) override;
    void commitSoon() override;
    void drainAndStop() override;
    StoreStats stats() const override;
    bool healthy() const override;
    QString backendName() const override { return QStringLiteral("sqlite"); }
    QByteArray userHashSalt() const override { return m_salt; }

private:
    // A user seen in a period (a UTC day, or an hour) in a project: one row of rollup_day_users or
    // rollup_hour_users.
    struct PeriodUser
    {
        qint64 projectId;
        qint64 period;
        QByteArray userHash;
        bool operator==(const PeriodUser &) const = default;
        struct Hash
        {
            size_t operator()(const PeriodUser &u) const noexcept { return qHash(u.userHash, size_t(u.period * 31 + u.projectId)); }
        };
    };
    using PeriodUsers = std::unordered_set<PeriodUser, PeriodUser::Hash>;
    // A user seen on a UTC day in a country ('' unknown): one row of rollup_day_country_users.
    struct DayCountryUser
    {
        qint64 projectId;
        qint64 day;
        QByteArray country;
        QByteArray userHash;
        bool operator==(const DayCountryUser &) const = default;
        struct Hash
        {
            size_t operator()(const DayCountryUser &u) const noexcept
            {
                return qHash(u.userHash, qHash(u.country, size_t(u.day * 31 + u.projectId)));
            }
        };
    };
    // What the dimension rollups (rollup_hour, _day, _recent) count of one event, in one project and
    // minute. Summed per transaction, then split into a row per dimension: a transaction's events
    // share few such profiles, so each event costs one hash lookup instead of one per dimension.
    struct Profile
    {
        qint64 projectId;
        qint64 minuteMs;
        QByteArray name, os, ext, vscode, country, city;
        bool hasLocation;
        double latitude, longitude; // 0 without a location, so that profiles compare equal
        bool operator==(const Profile &) const = default;
        struct Hash
        {
            size_t operator()(const Profile &p) const noexcept;
        };
    };
    // A row of a dimension rollup: (project, its hour, day or minute, dim, value), and its events.
    using DimensionRows = std::map<std::tuple<qint64, qint64, int, QByteArray>, qint64>;
    struct Pending
    {
        quint64 ticket;
        std::vector<Event> events;
    };

    explicit SqliteStore(const SqliteOptions &options);
    Result<void> openDatabase();
    void writerLoop();
    void checkpointLoop();
    void finishCheckpoint();
    void applyRetention();
    static int onWalCommit(void *self, sqlite3 *db, const char *name, int pages);
    QList<IngestOutcome> commitGroup(std::vector<Pending> &group);
    void readRollupMarks();
    void startRecentRollup();
    void maintainRollups();
    void flushRecentMinutes(qint64 through);
    void buildNextDay(qint64 nowMs);
    bool upsertRows(sqlite3_stmt *stmt, const DimensionRows &rows);
    bool insertUsers(sqlite3_stmt *stmt, const PeriodUsers &users);
    bool setMeta(const char *key, const QByteArray &value);
    bool exec(const char *sql);
    QString lastSqliteError() const;

    SqliteOptions m_options;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_begin = nullptr;
    sqlite3_stmt *m_commit = nullptr;
    sqlite3_stmt *m_insertEvent = nullptr;
    sqlite3_stmt *m_upsertMinute = nullptr;
    sqlite3_stmt *m_insertDayUser = nullptr;
    sqlite3_stmt *m_insertHourUser = nullptr;
    sqlite3_stmt *m_upsertHour = nullptr;
    sqlite3_stmt *m_insertDayCountryUser = nullptr;
    sqlite3_stmt *m_upsertDay = nullptr;
    sqlite3_stmt *m_upsertRecent = nullptr;
    sqlite3_stmt *m_readRollupMarks = nullptr;
    sqlite3_stmt *m_setMeta = nullptr;
    // rollup_day holds every day before this one (meta 'rollup_day_through'); 0: none yet.
    qint64 m_dayThrough = 0;
    qint64 m_nextDayBuildMs = 0;
    // rollup_recent is exact for the minutes in [m_recentFrom, m_recentThrough); the minutes from
    // m_recentThrough on are summed here until they are over. Off (m_recentOn false) while another
    // writer shares the database: this one's memory would lack that one's events.
    bool m_recentOn = false;
    qint64 m_recentFrom = 0;
    qint64 m_recentThrough = 0;
    QByteArray m_writerToken; // meta 'rollup_writer' while this writer keeps rollup_recent
    std::unordered_map<Profile, qint64, Profile::Hash> m_openMinutes;
    qint64 m_nextRetentionMs = 0;
    PeriodUsers m_seenDayUsers;  // stored in rollup_day_users
    PeriodUsers m_seenHourUsers; // stored in rollup_hour_users
    std::unordered_set<DayCountryUser, DayCountryUser::Hash> m_seenDayCountryUsers; // in rollup_day_country_users
    QByteArray m_salt;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    StoreStats m_stats;
    bool m_stopping = false;
    bool m_commitSoon = false;
    bool m_healthy = true;
    std::thread m_writer;

    // Checkpoints run on their own connection and thread, so copying the WAL back into the
    // database never stalls the writer (and with it every waiting request).
    sqlite3 *m_checkpointDb = nullptr;
    std::condition_variable m_checkpointWake;
    int m_walPages = 0;   // frames in the WAL after the last commit
    int m_walCopied = 0;  // of which the last checkpoint copied
    bool m_checkpointStopping = false;
    std::thread m_checkpointer;
};

} // namespace tdesk
