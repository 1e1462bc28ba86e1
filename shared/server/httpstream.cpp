#include "server/httpstream.h"

namespace tdesk {

HttpStream::HttpStream(const ReplyTo &reply, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
{
    m_retry.setInterval(2);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &HttpStream::pump);
    m_sinceProgress.start();
}

Result<void> HttpStream::push(const QByteArray &bytes)
{
    {
        std::unique_lock lock(m_mutex);
        m_room.wait(lock, [this] { return m_queuedBytes < HighWater || m_cancel; });
        if (m_cancel)
            return Error{QStringLiteral("the client stopped reading")};
        m_queue.push_back(bytes);
        m_queuedBytes += bytes.size();
    }
    QMetaObject::invokeMethod(this, &HttpStream::pump, Qt::QueuedConnection);
    return {};
}

void HttpStream::close(bool complete)
{
    m_closed = true;
    m_complete = complete;
    pump();
}

void HttpStream::giveUp()
{
    {
        std::lock_guard lock(m_mutex);
        m_cancel = true;
        m_queue.clear();
        m_queuedBytes = 0;
    }
    m_room.notify_all();
    m_retry.stop();
    m_reply.endStream(false);
    if (m_closed)
        deleteLater();
}

void HttpStream::pump()
{
    if (m_cancel) {
        if (m_closed)
            deleteLater();
        return;
    }
    if (!m_reply.connected() || m_sinceProgress.elapsed() > StallMs)
        return giveUp();
    bool moved = false;
    while (m_reply.backlog() < HighWater) {
        QByteArray bytes;
        {
            std::lock_guard lock(m_mutex);
            if (m_queue.empty())
                break;
            bytes = std::move(m_queue.front());
            m_queue.pop_front();
            m_queuedBytes -= bytes.size();
        }
        m_room.notify_all();
        m_reply.streamWrite(bytes);
        moved = true;
    }
    if (moved || m_reply.backlog() == 0)
        m_sinceProgress.restart();
    std::lock_guard lock(m_mutex);
    if (!m_queue.empty()) {
        m_retry.start();
        return;
    }
    if (m_closed) {
        m_reply.endStream(m_complete);
        deleteLater();
    }
}

} // namespace tdesk
