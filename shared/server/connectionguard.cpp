#include "server/connectionguard.h"
#include "server/requesthead.h"

#include <QSslSocket>
#include <QTcpSocket>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace tdesk {
namespace {

// Guards live only in the HTTP thread, so plain statics suffice.
QSet<ConnectionGuard *> g_guards;

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
{
    g_guards.insert(this);
    connect(socket, &QIODevice::readyRead, this, &ConnectionGuard::onReadyRead);
    armTimer();
}

ConnectionGuard::~ConnectionGuard()
{
    g_guards.remove(this);
}

int ConnectionGuard::openConnections()
{
    return int(g_guards.size());
}

qint64 ConnectionGuard::monotonicMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed() + 1; // never 0, which means "no deadline"
}

void ConnectionGuard::onReadyRead()
{
    if (m_closing)
        return;
    // Peek, never read: the HTTP server's parser consumes the same bytes right after us.
    const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
    if (consume(fresh.constData(), fresh.size()))
        armTimer();
}

bool ConnectionGuard::consume(const char *data, qsizetype size)
{
    while (size > 0) {
        if (m_state == State::Body) {
            const qsizetype take = qsizetype(std::min<qint64>(size, m_bodyLeft));
            data += take;
            size -= take;
            m_bodyLeft -= take;
            if (m_bodyLeft == 0)
                m_state = State::Headers;
            continue;
        }
        if (m_head.isEmpty())
            m_requestStarted = monotonicMs();
        const qsizetype before = m_head.size();
        m_head.append(data, size);
        const qsizetype end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes) {
                refuse(431, "headers_too_large");
                return false;
            }
            return true;
        }
        const qsizetype used = end + 4 - before;
        data += used;
        size -= used;
        m_head.truncate(end + 4);
        if (!headerBlockComplete())
            return false;
        m_head.clear();
        m_state = m_bodyLeft > 0 ? State::Body : State::Headers;
    }
    return true;
}

bool ConnectionGuard::headerBlockComplete()
{
    const RequestHead head = scanRequestHead(m_head, m_limits.maxBody);
    if (head.status != 0) {
        refuse(head.status, head.error);
        return false;
    }
    if (head.expectContinue && head.contentLength > 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodyLeft = head.contentLength;
    m_closeFlags.push_back(head.close);
    return true;
}

void ConnectionGuard::refuse(int status, const char *error)
{
    m_closing = true;
    m_deadline = 0;
    // Keep the HTTP server's parser away from the rest of this connection.
    disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    m_socket->write(HttpResponse::error(status, error).serialize(true));
    lingerClose();
}

// Closing a socket that still has unread input makes the kernel reset the connection, and a client
// still writing its body then gets a broken pipe or a reset instead of our answer. So, like nginx's
// lingering close: send the answer, shut down our writing side (the client sees the end of the
// answer), read and drop what the client still sends until it closes, for a bounded time and size,
// then close.
void ConnectionGuard::lingerClose()
{
    m_lingering = true;
    m_lingerBytesLeft = m_limits.lingerBytes;
    m_deadline = monotonicMs() + m_limits.lingerMs;
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::discardInput);
    connect(m_socket, &QIODevice::bytesWritten, this, &ConnectionGuard::shutDownWritingOnceSent);
    connect(m_socket, &QAbstractSocket::disconnected, m_socket, &QObject::deleteLater); // the client closed: done
    m_socket->flush();
    shutDownWritingOnceSent();
    discardInput(); // what came with the refused request
}

void ConnectionGuard::shutDownWritingOnceSent()
{
    if (m_writeShutDown || m_socket->bytesToWrite() > 0 || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_writeShutDown = true;
#ifdef Q_OS_WIN
    ::shutdown(SOCKET(m_socket->socketDescriptor()), SD_SEND);
#else
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#endif
}

void ConnectionGuard::discardInput()
{
    m_lingerBytesLeft -= m_socket->skip(m_socket->bytesAvailable());
    if (m_lingerBytesLeft < 0) { // enough: the client gets a reset now, but it has had the answer
        m_deadline = 0;
        m_socket->abort();
        m_socket->deleteLater();
    }
}

quint64 ConnectionGuard::openSlot()
{
    const bool closeAfter = m_closeFlags.empty() ? false : m_closeFlags.front();
    if (!m_closeFlags.empty())
        m_closeFlags.pop_front();
    m_slots.push_back(Slot{m_nextSlot, closeAfter});
    m_deadline = 0; // the client waits on us now
    return m_nextSlot++;
}

ConnectionGuard::Slot *ConnectionGuard::findSlot(quint64 slot)
{
    if (m_slots.empty() || slot < m_slots.front().id || slot - m_slots.front().id >= m_slots.size())
        return nullptr;
    return &m_slots[size_t(slot - m_slots.front().id)];
}

void ConnectionGuard::answer(quint64 slot, const HttpResponse &response)
{
    Slot *s = findSlot(slot);
    if (!s)
        return;
    s->ready = true;
    s->bytes = response.serialize(s->closeAfter);
    flushAnswers();
}

void ConnectionGuard::startStream(quint64 slot, const HttpResponse &head)
{
    Slot *s = findSlot(slot);
    if (!s)
        return;
    s->ready = true;
    s->streaming = true;
    s->bytes = head.serializeChunkedHead(s->closeAfter);
    flushAnswers();
}

void ConnectionGuard::streamWrite(quint64 slot, const QByteArray &bytes)
{
    Slot *s = findSlot(slot);
    if (!s || !s->streaming || bytes.isEmpty())
        return;
    s->bytes += QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n";
    flushAnswers();
}

void ConnectionGuard::endStream(quint64 slot, bool complete)
{
    Slot *s = findSlot(slot);
    if (!s || !s->streaming)
        return;
    s->streaming = false;
    if (complete)
        s->bytes += "0\r\n\r\n";
    else
        s->closeAfter = true; // without the last chunk: the client knows the body is incomplete
    flushAnswers();
}

qint64 ConnectionGuard::backlog() const
{
    qint64 bytes = m_socket->bytesToWrite();
    for (const Slot &s : m_slots)
        bytes += s.bytes.size();
    return bytes;
}

void ConnectionGuard::flushAnswers()
{
    // An answer leaves only after every earlier request on this connection has been answered.
    bool wrote = false;
    while (!m_slots.empty() && m_slots.front().ready && !m_closing) {
        m_socket->write(std::exchange(m_slots.front().bytes, QByteArray()));
        wrote = true;
        if (m_slots.front().streaming)
            break; // more of it is coming; the answers after it wait

        const bool close = m_slots.front().closeAfter;
        m_slots.pop_front();
        if (close) {
            m_closing = true;
            disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
            m_socket->disconnectFromHost();
        }
    }
    // Send now rather than on the next write notification: one syscall, no notifier round trip.
    if (wrote && !m_closing)
        m_socket->flush();
    armTimer();
}

void ConnectionGuard::armTimer()
{
    if (m_lingering)
        return; // its deadline stays
    if (m_closing || !m_slots.empty()) {
        m_deadline = 0;
        return;
    }
    if (m_state == State::Body)
        m_deadline = m_requestStarted + m_limits.requestTimeoutMs;
    else if (!m_head.isEmpty())
        m_deadline = m_requestStarted + m_limits.headerTimeoutMs;
    else
        m_deadline = monotonicMs() + m_limits.idleTimeoutMs;
}

void ConnectionGuard::onTimeout()
{
    if (m_lingering) { // the client did not finish in time
        m_deadline = 0;
        m_socket->abort();
        m_socket->deleteLater();
        return;
    }
    if (m_state == State::Body || !m_head.isEmpty()) {
        refuse(408, "request_timeout"); // lingers, and the socket goes away at its end
        return;
    }
    m_closing = true;
    m_deadline = 0;
    m_socket->abort();
    m_socket->deleteLater();
}

GuardedTcpServer::GuardedTcpServer(const ConnectionLimits &limits, const std::optional<QSslConfiguration> &tls,
                                   QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_tls(tls)
{
    const int shortest = std::min({limits.headerTimeoutMs, limits.requestTimeoutMs, limits.idleTimeoutMs});
    m_sweep.setInterval(std::clamp(shortest / 4, 10, 1000));
    connect(&m_sweep, &QTimer::timeout, this, &GuardedTcpServer::sweep);
    m_sweep.start();
}

void GuardedTcpServer::sweep()
{
    const qint64 now = ConnectionGuard::monotonicMs();
    QList<ConnectionGuard *> expired;
    for (ConnectionGuard *guard : std::as_const(g_guards)) {
        if (guard->m_deadline != 0 && guard->m_deadline <= now)
            expired.append(guard);
    }
    for (ConnectionGuard *guard : expired) {
        if (g_guards.contains(guard)) // an earlier timeout may have taken it along
            guard->onTimeout();
    }
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
        tls->setSslConfiguration(*m_tls);
        // A client that fails the handshake (plain HTTP on the HTTPS port, a certificate it refuses) is dropped.
        connect(tls, &QSslSocket::errorOccurred, tls, [tls] {
            if (!tls->isEncrypted())
                tls->abort();
        });
        tls->startServerEncryption();
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (ConnectionGuard::openConnections() >= m_limits.maxConnections) {
        socket->write(HttpResponse::error(503, "too_many_connections").withHeader("Retry-After", "1").serialize(true));
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        return;
    }
    new ConnectionGuard(socket, m_limits); // before the HTTP server connects its own readyRead
    addPendingConnection(socket);
}

} // namespace tdesk
