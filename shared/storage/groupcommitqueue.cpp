#include "storage/groupcommitqueue.h"

namespace tdesk {
namespace {
// Enough queued to end a linger at once.
constexpr qsizetype LingerEnoughEvents = 1000;
} // namespace

bool GroupCommitQueue::submit(quint64 ticket, std::vector<Event> &&events)
{
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        const auto size = qsizetype(events.size());
        if (m_stopping || (m_stats.queuedEvents > 0 && m_stats.queuedEvents + size > m_maxQueuedEvents))
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

void GroupCommitQueue::commitSoon()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.empty())
            return;
        m_commitSoon = true;
    }
    m_wake.notify_one();
}

void GroupCommitQueue::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
}

GroupCommitQueue::Taken GroupCommitQueue::take(std::vector<Pending> &group, std::chrono::milliseconds idle)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, idle, [this] { return m_stopping || !m_queue.empty(); });
    if (m_queue.empty())
        return m_stopping ? Taken::Stopped : Taken::Idle; // when stopping: everything queued is committed
    // A transaction costs about as much as a few dozen rows, so one should carry every request the
    // HTTP side has in hand: wait until it says it has handed over all it read (commitSoon) or
    // enough has queued, never longer than the linger bound.
    m_wake.wait_for(lock, m_maxLinger, [this] {
        return m_stopping || m_commitSoon || m_stats.queuedEvents >= LingerEnoughEvents;
    });
    m_commitSoon = false;
    qsizetype events = 0;
    while (!m_queue.empty()
           && (group.empty() || events + qsizetype(m_queue.front().events.size()) <= m_maxEventsPerTransaction)) {
        events += qsizetype(m_queue.front().events.size());
        group.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
    return Taken::Group;
}

void GroupCommitQueue::finished(const std::vector<Pending> &group, bool committed, quint64 accepted, const QString &error)
{
    std::lock_guard lock(m_mutex);
    for (const Pending &p : group)
        m_stats.queuedEvents -= qsizetype(p.events.size());
    m_stats.queuedRequests -= qsizetype(group.size());
    m_healthy = committed;
    if (committed) {
        m_stats.committedEvents += accepted;
        ++m_stats.commits;
    } else {
        m_stats.lastError = error;
        ++m_stats.failedCommits;
    }
}

StoreStats GroupCommitQueue::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

bool GroupCommitQueue::healthy() const
{
    std::lock_guard lock(m_mutex);
    return m_healthy;
}

bool GroupCommitQueue::queueEmpty() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.empty();
}

} // namespace tdesk
