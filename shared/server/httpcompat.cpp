#include "server/httpcompat.h"

#include <QHttpServerResponder>
#include <QTcpSocket>

namespace tdesk {

#if TDESK_QT_HTTP_RESPONDER_API
// Qt >= 6.5 (the Windows and macOS installers): Qt keeps answers in order and tracks the socket.
ReplyTo::ReplyTo(QHttpServerResponder &&responder, quint16 localPort)
    : m_localPort(localPort)
    , m_responder(std::make_shared<QHttpServerResponder>(std::move(responder)))
{
}

void ReplyTo::send(const HttpResponse &response)
{
    if (!m_responder)
        return;
    m_responder->writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    m_responder->writeHeader("Content-Type", response.contentType);
    m_responder->writeHeader("Content-Length", QByteArray::number(response.body.size()));
    for (const auto &[name, value] : response.headers)
        m_responder->writeHeader(name, value);
    m_responder->writeBody(response.body);
    m_responder.reset();
}

bool ReplyTo::connected() const
{
    return bool(m_responder);
}

void ReplyTo::startStream(const HttpResponse &head)
{
    m_gathered = std::make_shared<HttpResponse>(head);
}

void ReplyTo::streamWrite(const QByteArray &bytes)
{
    if (m_gathered)
        m_gathered->body += bytes;
}

void ReplyTo::endStream(bool complete)
{
    if (!m_gathered)
        return;
    if (complete)
        send(*m_gathered);
    else
        send(HttpResponse::error(500, "stream_failed"));
    m_gathered.reset();
}

qint64 ReplyTo::backlog() const
{
    return 0;
}
#else
ReplyTo::ReplyTo(QTcpSocket *socket)
    : m_localPort(socket->localPort())
{
    if (auto *guard = socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly)) {
        m_guard = guard;
        m_slot = guard->openSlot();
    }
}

void ReplyTo::send(const HttpResponse &response)
{
    if (m_guard)
        m_guard->answer(m_slot, response);
}

bool ReplyTo::connected() const
{
    return !m_guard.isNull();
}

void ReplyTo::startStream(const HttpResponse &head)
{
    if (m_guard)
        m_guard->startStream(m_slot, head);
}

void ReplyTo::streamWrite(const QByteArray &bytes)
{
    if (m_guard)
        m_guard->streamWrite(m_slot, bytes);
}

void ReplyTo::endStream(bool complete)
{
    if (m_guard)
        m_guard->endStream(m_slot, complete);
}

qint64 ReplyTo::backlog() const
{
    return m_guard ? m_guard->backlog() : 0;
}
#endif

} // namespace tdesk
