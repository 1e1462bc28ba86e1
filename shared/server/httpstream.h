#pragma once

#include "core/result.h"
#include "server/httpcompat.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace tdesk {

// Carries a body made on another thread (the CSV export) to an HTTP connection at the pace the
// client reads it: push() blocks while a few MB wait, so memory stays flat however large the body.
// A client that goes away, or reads nothing for StallMs, stops the producer (push() fails and
// cancelFlag() is set). Lives in the server's thread; deletes itself once closed and drained.
class HttpStream : public QObject
{
    Q_OBJECT

public:
    HttpStream(const ReplyTo &reply, QObject *parent);

    // Producer side, from any thread.
    Result<void> push(const QByteArray &bytes);
    const std::atomic<bool> *cancelFlag() const { return &m_cancel; }

    // Server thread: the body is complete (or, when not, cut short so that the client knows).
    void close(bool complete);

    static constexpr qint64 HighWater = 2 * 1024 * 1024;
    static constexpr qint64 StallMs = 30000;

private:
    void pump();
    void giveUp();

    ReplyTo m_reply;
    std::mutex m_mutex;
    std::condition_variable m_room;
    std::deque<QByteArray> m_queue;
    qint64 m_queuedBytes = 0;
    std::atomic<bool> m_cancel = false;
    bool m_closed = false;      // no more pushes will come
    bool m_complete = false;
    QTimer m_retry;             // while the connection's backlog is high
    QElapsedTimer m_sinceProgress;
};

} // namespace tdesk
