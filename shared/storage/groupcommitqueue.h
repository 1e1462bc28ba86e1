#pragma once

#include "core/event.h"
#include "storage/eventstore.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace tdesk {

// The requests waiting for a store's writer thread, taken in groups so that one transaction carries
// every request the HTTP side has in hand (group commit), and the store's figures. Shared by the
// backends; thread-safe.
class GroupCommitQueue
{
public:
    struct Pending
    {
        quint64 ticket;
        std::vector<Event> events;
    };
    // The limits are the options' maxQueuedEvents, maxEventsPerTransaction and maxLingerMicroseconds.
    explicit GroupCommitQueue(const StoreOptions &options)
        : m_maxQueuedEvents(options.maxQueuedEvents)
        , m_maxEventsPerTransaction(options.maxEventsPerTransaction)
        , m_maxLinger(options.maxLingerMicroseconds)
    {
    }

    // Queues one request; false (nothing queued) when full or stopping.
    bool submit(quint64 ticket, std::vector<Event> &&events);
    // The submitter has handed over all it has: end the writer's linger.
    void commitSoon();
    // Refuses further submits; take() reports Stopped once everything queued was taken.
    void stop();

    enum class Taken { Group, Idle, Stopped };
    // For the writer: waits up to `idle` for requests, then lingers (see StoreOptions) and moves a group
    // into `group`. Idle: nothing came (time for maintenance); Stopped: stopped and empty.
    Taken take(std::vector<Pending> &group, std::chrono::milliseconds idle);
    // For the writer, after the group's transaction: COMMIT succeeded (with `accepted` new events) or
    // failed with `error`.
    void finished(const std::vector<Pending> &group, bool committed, quint64 accepted, const QString &error = {});

    StoreStats stats() const;
    bool healthy() const;
    bool queueEmpty() const;

private:
    const qsizetype m_maxQueuedEvents;
    const qsizetype m_maxEventsPerTransaction;
    const std::chrono::microseconds m_maxLinger;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    StoreStats m_stats;
    bool m_stopping = false;
    bool m_commitSoon = false;
    bool m_healthy = true;
};

// A store whose writer thread takes its groups from a GroupCommitQueue: what the backends share.
// A subclass starts m_writer, and calls drainAndStop() first thing in its destructor.
class QueuedEventStore : public EventStore
{
public:
    explicit QueuedEventStore(const StoreOptions &options) : m_queue(options) {}

    bool submit(quint64 ticket, std::vector<Event> &&events) override { return m_queue.submit(ticket, std::move(events)); }
    void commitSoon() override { m_queue.commitSoon(); }
    void drainAndStop() override
    {
        m_queue.stop();
        if (m_writer.joinable())
            m_writer.join();
    }
    StoreStats stats() const override { return m_queue.stats(); }
    bool healthy() const override { return m_queue.healthy(); }

protected:
    GroupCommitQueue m_queue;
    std::thread m_writer;
};

} // namespace tdesk
