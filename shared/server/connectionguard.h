#pragma once

#include "server/httpresponse.h"

#include <QElapsedTimer>
#include <QSslConfiguration>
#include <QObject>
#include <QTcpServer>
#include <QTimer>

#include <QSet>

#include <deque>
#include <optional>

class QTcpSocket;

namespace tdesk {

struct ConnectionLimits
{
    qint64 maxBody = 1024 * 1024;
    int maxHeaderBytes = 16 * 1024;
    int maxConnections = 4096;
    int headerTimeoutMs = 10000;
    int requestTimeoutMs = 30000;
    int idleTimeoutMs = 60000;
    // After an answer sent before the request was read whole: how long and how much of the rest
    // is read and dropped so that the client can finish writing and read the answer.
    int lingerMs = 3000;
    qint64 lingerBytes = 8 * 1024 * 1024;
};

// Our own layer under Qt HttpServer 6.4, which has no limits, no timeouts, no 100-continue and
// no ordering of deferred answers. One guard per connection (a child of its socket). Its
// readyRead handler is connected before the HTTP server's, so it sees every new byte first
// (peek, never read): it frames requests itself, refuses over-long ones early, answers
// `Expect: 100-continue`, and closes connections that stall or idle (a refusal sent before the
// request was read whole closes gracefully, so the client can read it). Answers are written
// through the guard, in request order, only while the socket lives.
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits);
    ~ConnectionGuard() override;

    // The HTTP server calls this for each request it parsed, in order; the slot is answered later.
    quint64 openSlot();
    void answer(quint64 slot, const HttpResponse &response);
    // A chunked answer: its head now, its body as it comes, later answers after its end. An end
    // that is not `complete` closes the connection without the last chunk, so the client sees the
    // answer cut short.
    void startStream(quint64 slot, const HttpResponse &head);
    void streamWrite(quint64 slot, const QByteArray &bytes);
    void endStream(quint64 slot, bool complete);
    // Bytes of this connection's answers not yet handed to the network.
    qint64 backlog() const;
    QTcpSocket *socket() const { return m_socket; }
    static int openConnections();

private:
    void onReadyRead();
    bool consume(const char *data, qsizetype size);
    bool headerBlockComplete();
    void refuse(int status, const char *error);
    void lingerClose();
    void discardInput();
    void shutDownWritingOnceSent();
    void flushAnswers();
    void armTimer();
    void onTimeout();
    static qint64 monotonicMs();

    enum class State { Headers, Body };
    struct Slot
    {
        quint64 id;
        bool closeAfter;
        bool ready = false;
        bool streaming = false; // a chunked answer whose end has not come yet
        QByteArray bytes;
    };

    QTcpSocket *m_socket;
    ConnectionLimits m_limits;
    State m_state = State::Headers;
    QByteArray m_head;            // the header block being received
    qint64 m_bodyLeft = 0;
    std::deque<bool> m_closeFlags; // per framed request, waiting for its slot
    std::deque<Slot> m_slots;
    Slot *findSlot(quint64 slot);
    quint64 m_nextSlot = 0;
    bool m_closing = false;
    bool m_lingering = false;
    bool m_writeShutDown = false;
    qint64 m_lingerBytesLeft = 0;
    qint64 m_requestStarted = 0;  // monotonic ms
    qint64 m_deadline = 0;        // monotonic ms; 0: none

    friend class GuardedTcpServer;
};

// The listener: hands every accepted socket a guard before the HTTP server sees it.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    // With `tls`, every connection is TLS (the handshake starts at once; the guard and the HTTP
    // server see the decrypted bytes).
    GuardedTcpServer(const ConnectionLimits &limits, const std::optional<QSslConfiguration> &tls, QObject *parent);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void sweep();

    ConnectionLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QTimer m_sweep; // one timer for every connection's deadline: no timer work per request
};

} // namespace tdesk
