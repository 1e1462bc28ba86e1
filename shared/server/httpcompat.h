#pragma once

// The one place that knows which Qt HttpServer API we build against. Qt 6.4 (Debian 12) hands
// handleRequest() the socket and has the faults our ConnectionGuard works around; Qt 6.5 changed
// handleRequest()/missingHandler() to take a QHttpServerResponder and orders answers itself.

#include "server/connectionguard.h"
#include "server/httpresponse.h"

#include <QPointer>
#include <QtGlobal>

#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

#define TDESK_QT_HTTP_RESPONDER_API (QT_VERSION >= QT_VERSION_CHECK(6, 5, 0))

namespace tdesk {

// Where a (possibly deferred) answer goes. Answering a connection that has gone does nothing.
class ReplyTo
{
public:
#if TDESK_QT_HTTP_RESPONDER_API
    ReplyTo(QHttpServerResponder &&responder, quint16 localPort);
#else
    explicit ReplyTo(QTcpSocket *socket);
#endif
    void send(const HttpResponse &response);
    bool connected() const;
    // An answer whose body comes in parts (ConnectionGuard::startStream). Qt >= 6.5 has no chunked
    // answers before 6.8: there the parts are gathered and sent whole at the end.
    void startStream(const HttpResponse &head);
    void streamWrite(const QByteArray &bytes);
    void endStream(bool complete);
    qint64 backlog() const; // bytes of answers not yet handed to the network
    // The port the request came in on: which listener (HTTPS or plain HTTP) took it.
    quint16 localPort() const { return m_localPort; }

private:
    quint16 m_localPort = 0;
#if TDESK_QT_HTTP_RESPONDER_API
    std::shared_ptr<QHttpServerResponder> m_responder;
    std::shared_ptr<HttpResponse> m_gathered;
#else
    QPointer<ConnectionGuard> m_guard;
    quint64 m_slot = 0;
#endif
};

} // namespace tdesk

#if TDESK_QT_HTTP_RESPONDER_API
#define TDESK_HANDLE_REQUEST_SIGNATURE \
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override
#define TDESK_MISSING_HANDLER_SIGNATURE \
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder) override
#define TDESK_MAKE_REPLY_TO() ::tdesk::ReplyTo(std::move(responder), request.localPort())
#else
#define TDESK_HANDLE_REQUEST_SIGNATURE \
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
#define TDESK_MISSING_HANDLER_SIGNATURE \
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
#define TDESK_MAKE_REPLY_TO() ::tdesk::ReplyTo(socket)
#endif
