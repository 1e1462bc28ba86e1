#pragma once

#include "core/event.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <vector>

namespace tdesk {

// What became of one submitted request, delivered after its transaction ended.
struct IngestOutcome
{
    quint64 ticket = 0;
    bool committed = false; // false: nothing of the request was stored (answer 503, client retries)
    int accepted = 0;
    int duplicates = 0;     // events whose (project, id) was already stored
};

struct StoreStats
{
    qsizetype queuedEvents = 0;
    qsizetype queuedRequests = 0;
    quint64 committedEvents = 0;
    quint64 commits = 0;
    quint64 failedCommits = 0;
    QString lastError;
    // Events acknowledged into the local spool while the database was unreachable (PostgreSQL), not
    // yet replayed, and when the oldest of them was spooled (epoch ms; 0: none).
    qint64 spooledEvents = 0;
    qint64 spoolOldestMs = 0;
};

// What a store of any backend is opened with (see storefactory.h).
struct StoreOptions
{
    bool syncFull = false;             // --sync full: survive a power cut, not only kill -9
    qsizetype maxQueuedEvents = 50000; // beyond this, submit() refuses (503 upstream)
    qsizetype maxEventsPerTransaction = 20000;
    int maxLingerMicroseconds = 2000;  // a small transaction waits at most this long for company
    int retentionIntervalMs = 60000;   // how often projects' retention is applied
    // The user rollups (storage/userrollup.h): users kept exactly per hour or day before a period is
    // sampled, and the fingerprints remembered in memory across periods (some 12 bytes each).
    size_t userSampleLimit = 65536;
    size_t rememberedUsers = 1 << 20;
    // PostgreSQL: where requests are acknowledged while the database is unreachable (a local SQLite
    // file; empty: nowhere, they get 503), and how many events it may hold before they get 503 too.
    QString spoolPath;
    qint64 maxSpooledEvents = 1000000;
    // Epoch ms now, for retention and for when minutes and days are over (tests move it).
    std::function<qint64()> clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
};

// The ingest side of storage: a bounded queue drained by one writer thread that commits many
// requests in one transaction and reports each request only after COMMIT.
class EventStore : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~EventStore() override = default;

    // Queues one request's events. Returns false, storing nothing, when the queue is full or
    // the store is stopping; the caller answers 503.
    virtual bool submit(quint64 ticket, std::vector<Event> &&events) = 0;
    // The submitter has handed over everything it has in hand: commit what is queued now
    // instead of waiting for more.
    virtual void commitSoon() = 0;
    // Commits everything already queued, then stops the writer. Further submits are refused.
    virtual void drainAndStop() = 0;
    virtual StoreStats stats() const = 0;
    virtual bool healthy() const = 0;
    virtual QString backendName() const = 0; // "sqlite" | "postgresql"
    // What the database takes on disk (or on its server), in bytes; 0 when unknown.
    virtual qint64 databaseBytes() const = 0;
    // Called on the writer thread after each COMMIT with the events it newly stored (not the
    // duplicates). Set it before the first submit.
    using CommitObserver = std::function<void(const std::vector<const Event *> &)>;
    void setCommitObserver(CommitObserver observer) { m_observer = std::move(observer); }
    // Databases' secret for the user hash (made once, kept in the database).
    virtual QByteArray userHashSalt() const = 0;

Q_SIGNALS:
    // Emitted from the writer thread once per transaction; connect with a context object so
    // it is delivered in the receiver's thread.
    void committed(const QList<tdesk::IngestOutcome> &outcomes);

protected:
    CommitObserver m_observer;
};

} // namespace tdesk

Q_DECLARE_METATYPE(tdesk::IngestOutcome)
