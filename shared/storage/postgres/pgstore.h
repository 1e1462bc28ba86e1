#pragma once

#include "storage/eventstore.h"
#include "storage/eventspool.h"
#include "storage/groupcommitqueue.h"
#include "storage/postgres/pgconnection.h"
#include "storage/rollupcounter.h"

#include <atomic>
#include <optional>
#include <set>

namespace tdesk {

// StoreOptions, and what only PostgreSQL needs.
struct PgOptions : StoreOptions
{
    explicit PgOptions(QString url = {}, const StoreOptions &store = {})
        : StoreOptions(store)
        , url(std::move(url))
    {
    }
    QString url; // libpq URI or key=value string
};

// The event store on PostgreSQL (libpq). One writer thread commits each group of requests in one
// transaction: the events with INSERT … ON CONFLICT DO NOTHING RETURNING, then the rollups with
// additive upserts of what that statement actually inserted — never of what this process believes —
// so that several collectors can write one database and every count stays exact.
class PgStore final : public QueuedEventStore
{
    Q_OBJECT

public:
    static Result<std::unique_ptr<PgStore>> open(const PgOptions &options);
    static Result<void> migrate(const QString &url);
    ~PgStore() override;

    QString backendName() const override { return QStringLiteral("postgresql"); }
    qint64 databaseBytes() const override;
    QByteArray userHashSalt() const override { return m_salt; }
    StoreStats stats() const override;
    bool healthy() const override;

private:
    explicit PgStore(const PgOptions &options, PgConnection db);
    void writerLoop();
    QList<IngestOutcome> commitGroup(const std::vector<GroupCommitQueue::Pending> &group);
    // One transaction; `replayed`: the spooled batch it applies (recorded in the same transaction).
    Result<void> writeGroup(const std::vector<GroupCommitQueue::Pending> &group, QList<IngestOutcome> &outcomes,
                            std::vector<const Event *> &fresh, const EventSpool::Batch *replayed = nullptr);
    QList<IngestOutcome> spoolGroup(const std::vector<GroupCommitQueue::Pending> &group);
    void replaySpool();
    Result<void> forgetAppliedBatches();
    void publishSpoolFigures();
    Result<void> ensurePartitions(const std::vector<GroupCommitQueue::Pending> &group);
    static std::vector<PgConnection::Statement> rollupStatements(const RollupRows &rows, const std::vector<PeriodUserRow> &users);
    void maintain();
    Result<bool> applyRetention(qint64 nowMs);
    Result<void> pruneRecentMinutes(qint64 nowMs);
    bool reconnect();

    PgOptions m_options;
    std::optional<PgConnection> m_db; // empty while PostgreSQL is unreachable
    qint64 m_nextConnectMs = 0;
    QString m_connectError; // why the last reconnection failed, logged once
    QString m_replayError;  // why the last replay failed, logged once
    QByteArray m_salt;
    RollupCounter m_rollups;
    std::unique_ptr<EventSpool> m_spool;
    std::atomic<qint64> m_spooledEvents = 0;
    std::atomic<qint64> m_spoolOldestMs = 0;
    FingerprintSet m_storedUsers; // user rows this writer committed (not sent again)
    std::set<qint64> m_partitions; // months whose events partition exists
    std::atomic<qint64> m_databaseBytes = 0;
    qint64 m_nextSizeMs = 0;
    qint64 m_nextMaintenanceMs = 0;
};

} // namespace tdesk
