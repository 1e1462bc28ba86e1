#pragma once

#include "core/event.h"
#include "storage/eventstore.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
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
    struct Limits
    {
        qsizetype maxQueuedEvents = 50000;         // beyond this, submit() refuses
        qsizetype maxEventsPerTransaction = 20000;
        std::chrono::microseconds maxLinger{2000}; // a small group waits at most this long for company
    };
    explicit GroupCommitQueue(const Limits &limits) : m_limits(limits) {}

    // Queues one request; false (nothing queued) when full or stopping.
    bool submit(quint64 ticket, std::vector<Event> &&events);
    // The submitter has handed over all it has: end the writer's linger.
    void commitSoon();
    // Refuses further submits; take() reports Stopped once everything queued was taken.
    void stop();

    enum class Taken { Group, Idle, Stopped };
    // For the writer: waits up to `idle` for requests, then lingers (see Limits) and moves a group
    // into `group`. Idle: nothing came (time for maintenance); Stopped: stopped and empty.
    Taken take(std::vector<Pending> &group, std::chrono::milliseconds idle);
    // For the writer, after the group's transaction: COMMIT succeeded (with `accepted` new events) or
    // failed with `error`.
    void finished(const std::vector<Pending> &group, bool committed, quint64 accepted, const QString &error = {});

    StoreStats stats() const;
    bool healthy() const;
    bool queueEmpty() const;

private:
    const Limits m_limits;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    StoreStats m_stats;
    bool m_stopping = false;
    bool m_commitSoon = false;
    bool m_healthy = true;
};

} // namespace tdesk
