#pragma once

#include "core/result.h"
#include "server/httpcompat.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

namespace tdesk {

// Carries a body made on another thread (the CSV export) to an HTTP connection at the pace the
// client reads it, so that memory stays flat however large the body. The producer pushes into a
// Channel, which blocks it while a few MB wait; the HttpStream, in the server's thread, moves
// what waits to the connection. A client that goes away or reads nothing for StallMs, or the
// server going away, cancels the channel: the producer's push fails and its cancel flag is set.
class HttpStream : public QObject
{
    Q_OBJECT

public:
    // What the producer holds (it may outlive the stream: it only ever sees a cancelled channel).
    class Channel
    {
    public:
        Result<void> push(const QByteArray &bytes);
        const std::atomic<bool> *cancelFlag() const { return &m_cancel; }

    private:
        friend class HttpStream;
        std::mutex m_mutex;
        std::condition_variable m_room;
        std::deque<QByteArray> m_queue;
        qint64 m_queuedBytes = 0;
        std::atomic<bool> m_cancel = false;
    };

    HttpStream(const ReplyTo &reply, QObject *parent);
    ~HttpStream() override; // cancels the channel

    std::shared_ptr<Channel> channel() const { return m_channel; }
    // The body is complete (or, when not, cut short so that the client knows). Deletes itself once
    // what waits has gone to the connection.
    void close(bool complete);
    // Stops the producer now (the server is going away): its push fails from here on.
    void cancel();

    static constexpr qint64 HighWater = 2 * 1024 * 1024;
    static constexpr qint64 StallMs = 30000;

private:
    void pump();

    ReplyTo m_reply;
    std::shared_ptr<Channel> m_channel = std::make_shared<Channel>();
    bool m_closed = false;
    bool m_complete = false;
    QTimer m_pump; // every millisecond while the body flows
    QElapsedTimer m_sinceProgress;
};

} // namespace tdesk
