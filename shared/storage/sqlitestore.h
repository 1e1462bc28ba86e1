#pragma once

#include "storage/eventstore.h"
#include "storage/groupcommitqueue.h"
#include "storage/rollupcounter.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>
#include <thread>

struct sqlite3;
struct sqlite3_stmt;

namespace tdesk {

// StoreOptions, and what only SQLite needs.
struct SqliteOptions : StoreOptions
{
    explicit SqliteOptions(QString path = {}, const StoreOptions &store = {})
        : StoreOptions(store)
        , path(std::move(path))
    {
    }
    QString path;
};

class SqliteStore final : public QueuedEventStore
{
    Q_OBJECT

public:
    // Opens (creating if needed) and migrates the database, then starts the writer thread.
    static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions &options);
    // Creates (if needed) and migrates the database without starting a writer or a checkpointer.
    static Result<void> migrate(const QString &path);
    ~SqliteStore() override;

    QString backendName() const override { return QStringLiteral("sqlite"); }
    qint64 databaseBytes() const override; // the file and its WAL
    QByteArray userHashSalt() const override { return m_salt; }

private:
    explicit SqliteStore(const SqliteOptions &options);
    Result<void> openDatabase();
    void writerLoop();
    void checkpointLoop();
    void finishCheckpoint();
    void applyRetention();
    static int onWalCommit(void *self, sqlite3 *db, const char *name, int pages);
    QList<IngestOutcome> commitGroup(std::vector<GroupCommitQueue::Pending> &group);
    void readRollupMarks();
    void startRecentRollup();
    void maintainRollups();
    void flushRecentMinutes(qint64 through);
    void buildNextDay(qint64 nowMs);
    bool writeRollups(const RollupRows &rows);
    bool upsertRows(sqlite3_stmt *stmt, const std::vector<DimensionRow> &rows);
    bool writeUsers(const UserRollupRows &users);
    UserRollup::StoredPeriod loadOpenPeriod(int kind, qint64 projectId, qint64 period);
    void closeUserPeriods(qint64 nowMs);
    std::optional<qint64> readActivityMark();
    bool writeLateActivity(std::vector<std::tuple<qint64, qint64, QByteArray>> &late);
    void foldUserActivity(qint64 nowMs);
    bool sampledUsers(int kind, qint64 period);
    bool setMeta(const char *key, const QByteArray &value);
    bool exec(const char *sql);
    QString lastSqliteError() const;

    SqliteOptions m_options;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_begin = nullptr;
    sqlite3_stmt *m_commit = nullptr;
    sqlite3_stmt *m_insertEvent = nullptr;
    sqlite3_stmt *m_upsertMinute = nullptr;
    sqlite3_stmt *m_appendOpenUser = nullptr;
    sqlite3_stmt *m_insertClosedUser[UserPeriodKindCount] = {};
    sqlite3_stmt *m_setUserSample = nullptr;
    sqlite3_stmt *m_dropUnsampled[UserPeriodKindCount + 1] = {}; // the keyed tables', then rollup_users_open's
    sqlite3_stmt *m_upsertHour = nullptr;
    sqlite3_stmt *m_upsertDay = nullptr;
    sqlite3_stmt *m_upsertRecent = nullptr;
    sqlite3_stmt *m_readRollupMarks = nullptr;
    sqlite3_stmt *m_setMeta = nullptr;
    sqlite3_stmt *m_upsertActivity = nullptr;
    sqlite3_stmt *m_readActivityMark = nullptr;
    // Where the rollups stand: rollup_day from meta (another writer may build days), rollup_recent
    // as this writer keeps it. It is off (recentKept false) while another writer shares the
    // database: this one's memory would lack that one's events.
    RollupMarks m_marks;
    QByteArray m_writerToken; // meta 'rollup_writer' while this writer keeps rollup_recent
    RollupCounter m_rollups;
    qint64 m_nextDayBuildMs = 0;
    qint64 m_nextUserCloseMs = 0;
    qint64 m_nextActivityFoldMs = 0;
    std::set<std::tuple<int, qint64, qint64>> m_openUserPeriods; // (kind, project, period) in rollup_users_open
    bool m_openUserPeriodsRead = false;
    qint64 m_nextRetentionMs = 0;
    QByteArray m_salt;


    // Checkpoints run on their own connection and thread, so copying the WAL back into the
    // database never stalls the writer (and with it every waiting request).
    sqlite3 *m_checkpointDb = nullptr;
    mutable std::mutex m_mutex; // guards the figures below
    std::condition_variable m_checkpointWake;
    int m_walPages = 0;   // frames in the WAL after the last commit
    int m_walCopied = 0;  // of which the last checkpoint copied
    bool m_checkpointStopping = false;
    std::thread m_checkpointer;
};

} // namespace tdesk
