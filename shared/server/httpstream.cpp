#include "server/httpstream.h"

namespace tdesk {

Result<void> HttpStream::Channel::push(const QByteArray &bytes)
{
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [this] { return m_queuedBytes < HighWater || m_cancel; });
    if (m_cancel)
        return Error{QStringLiteral("the client stopped reading")};
    m_queue.push_back(bytes);
    m_queuedBytes += bytes.size();
    return {};
}

HttpStream::HttpStream(const ReplyTo &reply, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
{
    m_pump.setInterval(1);
    connect(&m_pump, &QTimer::timeout, this, &HttpStream::pump);
    m_pump.start();
    m_sinceProgress.start();
}

HttpStream::~HttpStream()
{
    cancel();
}

void HttpStream::cancel()
{
    {
        std::lock_guard lock(m_channel->m_mutex);
        m_channel->m_cancel = true;
        m_channel->m_queue.clear();
        m_channel->m_queuedBytes = 0;
    }
    m_channel->m_room.notify_all();
}

void HttpStream::close(bool complete)
{
    m_closed = true;
    m_complete = complete;
    pump();
}

void HttpStream::pump()
{
    if (!m_channel->m_cancel && (!m_reply.connected() || m_sinceProgress.elapsed() > StallMs)) {
        cancel(); // gone, or not reading: the export stops
        m_reply.endStream(false);
    }
    if (m_channel->m_cancel) {
        if (m_closed)
            deleteLater();
        return;
    }
    bool moved = false;
    bool drained = false;
    while (m_reply.backlog() < HighWater) {
        QByteArray bytes;
        {
            std::lock_guard lock(m_channel->m_mutex);
            drained = m_channel->m_queue.empty();
            if (drained)
                break;
            bytes = std::move(m_channel->m_queue.front());
            m_channel->m_queue.pop_front();
            m_channel->m_queuedBytes -= bytes.size();
        }
        m_channel->m_room.notify_all();
        m_reply.streamWrite(bytes);
        moved = true;
    }
    if (moved || m_reply.backlog() == 0)
        m_sinceProgress.restart();
    if (m_closed && drained) {
        m_pump.stop();
        m_reply.endStream(m_complete);
        deleteLater();
    }
}

} // namespace tdesk
