// telemetry-loadgen: realistic jwc.v1 traffic over keep-alive HTTP/1.1 connections, flat out or at a
// fixed rate; prints throughput, latency percentiles and answers by status.
//

#include "demo/demogenerator.h"
#include "tdesk_version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTextStream>
#include <QUrl>

#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <bit>
#include <cmath>
#include <vector>

using namespace tdesk;

namespace {

struct Options
{
    QUrl url;
    int connections = 32;
    double durationS = 0;
    qint64 events = 0;        // 0: run for durationS
    int batch = 1;
    double rate = 0;          // events per second; 0: flat out
    QByteArray key;
    EventIds ids = EventIds::None;
    int users = 2000;
    bool newUserEachEvent = false;
    bool forwardedFor = false;
    quint64 seed = 1;
    bool json = false;
};

// Latencies in microseconds, log-linear buckets (128 per power of two, under 1% error), so that a
// long run at a high rate needs constant memory.
class LatencyHistogram
{
public:
    void add(qint64 us)
    {
        us = std::max<qint64>(us, 0);
        ++m_counts[std::min(index(quint64(us)), m_counts.size() - 1)];
        ++m_total;
        m_max = std::max(m_max, us);
    }
    double percentileMs(double p) const
    {
        if (m_total == 0)
            return 0;
        const qint64 rank = std::max<qint64>(1, qint64(std::ceil(p * double(m_total))));
        qint64 seen = 0;
        for (size_t i = 0; i < m_counts.size(); ++i) {
            if ((seen += m_counts[i]) >= rank)
                return double(std::min(midpoint(i), m_max)) / 1000.0;
        }
        return maxMs();
    }
    double maxMs() const { return double(m_max) / 1000.0; }

private:
    static constexpr int SubBits = 7;
    static constexpr quint64 Sub = 1 << SubBits;
    static size_t index(quint64 us)
    {
        if (us < Sub)
            return size_t(us);
        const int shift = int(std::bit_width(us)) - 1 - SubBits;
        return size_t(Sub + quint64(shift) * Sub + ((us >> shift) - Sub));
    }
    static qint64 midpoint(size_t i)
    {
        if (i < Sub)
            return qint64(i);
        const int shift = int((i - Sub) / Sub);
        const quint64 low = (Sub + (i - Sub) % Sub) << shift;
        return qint64(low + (quint64(1) << shift) / 2);
    }

    std::array<qint64, Sub * 42> m_counts{};
    qint64 m_total = 0;
    qint64 m_max = 0;
};

// The integer after `key` in a compact JSON answer ({"ok":true,"accepted":N,…}).
qint64 numberAfter(const QByteArray &body, const char *key)
{
    qsizetype at = body.indexOf(key);
    if (at < 0)
        return 0;
    qint64 value = 0;
    for (at += qsizetype(strlen(key)); at < body.size() && body[at] >= '0' && body[at] <= '9'; ++at)
        value = value * 10 + (body[at] - '0');
    return value;
}

// Connections on plain non-blocking sockets in one epoll loop (Linux), each sending its next request
// when the previous answer is complete. The generator shares two cores with the collector it
// measures, so every microsecond it spends is taken from the collector: Qt's socket classes and
// event loop cost about three times as much per request as this loop.
class LoadGenerator
{
public:
    explicit LoadGenerator(const Options &options)
        : m_options(options)
        , m_generator(options.seed, options.users)
    {
        m_generator.setNewUserEachEvent(options.newUserEachEvent);
        m_target = options.url.path(QUrl::FullyEncoded).toLatin1();
        if (m_target.isEmpty())
            m_target = "/t";
        if (options.url.hasQuery())
            m_target += '?' + options.url.query(QUrl::FullyEncoded).toLatin1();
        m_host = options.url.host(QUrl::FullyEncoded).toLatin1() + ':' + QByteArray::number(options.url.port(80));
        m_connections.resize(size_t(options.connections));
    }

    // Resolves the host; false when it does not resolve.
    bool resolve()
    {
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo *found = nullptr;
        const QByteArray host = m_options.url.host().toUtf8();
        const QByteArray port = QByteArray::number(m_options.url.port(80));
        if (getaddrinfo(host.constData(), port.constData(), &hints, &found) != 0 || !found)
            return false;
        std::memcpy(&m_address, found->ai_addr, found->ai_addrlen);
        m_addressLength = found->ai_addrlen;
        m_family = found->ai_family;
        freeaddrinfo(found);
        return true;
    }

    void run()
    {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_clock.start();
        for (Connection &c : m_connections)
            open(&c);
        std::array<epoll_event, 64> ready;
        while (!m_finished) {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_options.durationS > 0 && now >= qint64(m_options.durationS * 1e9))
                break;
            qint64 wakeNs = m_options.durationS > 0 ? qint64(m_options.durationS * 1e9) : now + 1000000000;
            for (Connection &c : m_connections) {
                if (c.fd < 0 && c.reopenNs <= now)
                    open(&c);
                if (c.fd < 0)
                    wakeNs = std::min(wakeNs, c.reopenNs);
                else if (c.connected && !c.busy)
                    sendNext(&c); // under --rate it may not be due yet
                if (c.fd >= 0 && c.connected && !c.busy)
                    wakeNs = std::min(wakeNs, c.dueNs);
            }
            if (m_finished)
                break;
            const int timeoutMs = int(std::clamp<qint64>((wakeNs - m_clock.nsecsElapsed() + 999999) / 1000000, 0, 1000));
            const int count = epoll_wait(m_epoll, ready.data(), int(ready.size()), timeoutMs);
            for (int i = 0; i < count; ++i) {
                Connection *c = &m_connections[ready[size_t(i)].data.u32];
                const quint32 events = ready[size_t(i)].events;
                if (c->fd < 0)
                    continue; // dropped earlier in this round
                if (!c->connected) {
                    int error = 0;
                    socklen_t length = sizeof error;
                    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length);
                    if (error != 0 || (events & (EPOLLERR | EPOLLHUP))) {
                        drop(c);
                        continue;
                    }
                    c->connected = m_everConnected = true;
                    m_lastConnectNs = m_clock.nsecsElapsed();
                    sendNext(c);
                    continue;
                }
                if ((events & EPOLLOUT) && !writeOut(c))
                    continue;
                if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
                    readIn(c);
            }
        }
        m_elapsedNs = m_clock.nsecsElapsed();
        for (Connection &c : m_connections) {
            if (c.fd >= 0)
                ::close(c.fd);
        }
        ::close(m_epoll);
    }

    bool everConnected() const { return m_everConnected; }

    void report(QTextStream &out) const
    {
        const double elapsed = double(m_elapsedNs) / 1e9;
        const double eventsPerSec = elapsed > 0 ? double(m_eventsOk) / elapsed : 0;
        const double requestsPerSec = elapsed > 0 ? double(m_answers) / elapsed : 0;
        if (m_options.json) {
            QJsonObject statuses;
            for (auto it = m_statuses.begin(); it != m_statuses.end(); ++it)
                statuses.insert(QString::number(it.key()), it.value());
            const QJsonObject result{
                {QStringLiteral("events_per_sec"), eventsPerSec},
                {QStringLiteral("requests_per_sec"), requestsPerSec},
                {QStringLiteral("p50_ms"), m_latency.percentileMs(0.50)},
                {QStringLiteral("p90_ms"), m_latency.percentileMs(0.90)},
                {QStringLiteral("p99_ms"), m_latency.percentileMs(0.99)},
                {QStringLiteral("max_ms"), m_latency.maxMs()},
                {QStringLiteral("status"), statuses},
                {QStringLiteral("errors"), m_errors},
                {QStringLiteral("elapsed_s"), elapsed},
                {QStringLiteral("events_ok"), m_eventsOk},
                {QStringLiteral("requests"), m_answers},
                {QStringLiteral("cpu_s"), cpuSeconds()}, // this generator's own, for the benchmark's CPU split
            };
            out << QJsonDocument(result).toJson(QJsonDocument::Compact) << '\n';
            return;
        }
        out << QStringLiteral("%1 answers, %2 events stored, in %3 s over %4 connections (batch %5)\n")
                   .arg(m_answers).arg(m_eventsOk).arg(elapsed, 0, 'f', 2).arg(m_options.connections).arg(m_options.batch);
        out << QStringLiteral("events/s    %1\nrequests/s  %2\n").arg(eventsPerSec, 0, 'f', 0).arg(requestsPerSec, 0, 'f', 0);
        out << QStringLiteral("latency ms  p50 %1  p90 %2  p99 %3  max %4\n")
                   .arg(m_latency.percentileMs(0.50), 0, 'f', 2).arg(m_latency.percentileMs(0.90), 0, 'f', 2)
                   .arg(m_latency.percentileMs(0.99), 0, 'f', 2).arg(m_latency.maxMs(), 0, 'f', 2);
        out << "answers    ";
        for (auto it = m_statuses.begin(); it != m_statuses.end(); ++it)
            out << ' ' << it.key() << ": " << it.value();
        out << "  connection errors: " << m_errors << '\n';
    }

private:
    static double cpuSeconds()
    {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const auto seconds = [](const timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
        return seconds(usage.ru_utime) + seconds(usage.ru_stime);
    }

    struct Connection
    {
        int fd = -1;
        QByteArray in;
        QByteArray out;          // request bytes not yet taken by the kernel
        qint64 sentNs = 0;
        qint64 dueNs = 0;        // under --rate: not before this
        qint64 reopenNs = 0;     // closed: open again at this time
        bool connected = false;
        bool busy = false;       // a request is out, its answer not complete yet
    };

    void open(Connection *c)
    {
        *c = Connection{};
        const int fd = ::socket(m_family, SOCK_STREAM, 0);
        if (fd < 0) {
            c->reopenNs = m_clock.nsecsElapsed() + 100000000;
            return;
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->fd = fd;
        // Edge-triggered: readIn() and writeOut() go on until the kernel says EAGAIN.
        epoll_event interest{};
        interest.events = EPOLLIN | EPOLLOUT | EPOLLET;
        interest.data.u32 = quint32(c - m_connections.data());
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &interest);
        if (::connect(fd, reinterpret_cast<const sockaddr *>(&m_address), m_addressLength) == 0) {
            c->connected = m_everConnected = true;
            m_lastConnectNs = m_clock.nsecsElapsed();
        } else if (errno != EINPROGRESS) {
            drop(c);
        }
    }

    // The server closed the connection (after `Connection: close`, an idle timeout or a reset), or it
    // could not be opened: count what was lost and open a new one.
    void drop(Connection *c)
    {
        if (c->busy || !c->connected)
            ++m_errors;
        const bool refused = !c->connected;
        ::close(c->fd);
        *c = Connection{};
        const qint64 now = m_clock.nsecsElapsed();
        if ((refused && now - m_lastConnectNs > 5000000000LL) || allEventsAnswered()) {
            m_finished = true; // nothing has listened there for a while, or nothing is left to send
            return;
        }
        c->reopenNs = now + (refused ? 100000000 : 0);
    }

    bool allEventsAnswered() const
    {
        return m_options.events > 0 && m_eventsSent >= m_options.events
            && std::none_of(m_connections.begin(), m_connections.end(), [](const Connection &x) { return x.busy; });
    }

    void sendNext(Connection *c)
    {
        if (m_finished || c->fd < 0 || !c->connected || c->busy)
            return;
        if (m_options.events > 0 && m_eventsSent >= m_options.events) {
            m_finished = allEventsAnswered();
            return;
        }
        const int n = m_options.events > 0 ? int(std::min<qint64>(m_options.batch, m_options.events - m_eventsSent))
                                           : m_options.batch;
        if (m_options.rate > 0) {
            // Open loop: request k leaves at (events before it) / rate, whichever connection is free.
            c->dueNs = qint64(double(m_eventsSent) / m_options.rate * 1e9);
            if (c->dueNs > m_clock.nsecsElapsed())
                return; // the loop calls again when it is due
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QByteArray body = m_options.batch > 1 ? m_generator.nextBatchBody(n, now, m_options.ids)
                                                    : m_generator.nextSingleBody(now, m_options.ids);
        QByteArray &request = c->out;
        request.reserve(body.size() + 256);
        request += "POST " + m_target + " HTTP/1.1\r\nHost: " + m_host
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        if (!m_options.key.isEmpty())
            request += "Authorization: Bearer " + m_options.key + "\r\n";
        if (m_options.forwardedFor)
            request += "X-Forwarded-For: " + m_generator.nextForwardedFor() + "\r\n";
        request += "\r\n" + body;
        c->busy = true;
        c->sentNs = m_clock.nsecsElapsed();
        m_eventsSent += n;
        writeOut(c);
    }

    // Hands what is pending to the kernel; false when the connection was lost.
    bool writeOut(Connection *c)
    {
        while (!c->out.isEmpty()) {
            const ssize_t written = ::send(c->fd, c->out.constData(), size_t(c->out.size()), MSG_NOSIGNAL);
            if (written < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    return true; // POLLOUT says when to go on
                if (errno == EINTR)
                    continue;
                drop(c);
                return false;
            }
            c->out.remove(0, qsizetype(written));
        }
        return true;
    }

    void readIn(Connection *c)
    {
        char chunk[16384];
        for (;;) {
            const ssize_t got = ::recv(c->fd, chunk, sizeof chunk, 0);
            if (got > 0) {
                c->in.append(chunk, qsizetype(got));
                if (size_t(got) < sizeof chunk)
                    break; // a short read empties the socket: the next edge comes with new data
                continue;
            }
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            drop(c); // closed by the server, or reset
            return;
        }
        for (;;) {
            const qsizetype end = c->in.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = c->in.left(end).toLower();
            if (!head.startsWith("http/1.")) {
                c->busy = true; // not HTTP: count it as lost, and reconnect
                drop(c);
                return;
            }
            const qsizetype at = head.indexOf("\r\ncontent-length:");
            const qint64 length = at < 0 ? 0 : numberAfter(head.mid(at + 17).trimmed(), "");
            if (c->in.size() < end + 4 + length)
                return;
            const int status = int(numberAfter(head, " "));
            const QByteArray body = c->in.mid(end + 4, length);
            c->in.remove(0, end + 4 + length);
            if (status == 100)
                continue; // an interim answer; the real one follows
            m_latency.add((m_clock.nsecsElapsed() - c->sentNs) / 1000);
            ++m_statuses[status];
            ++m_answers;
            if (status == 200) // stored, now or before (a duplicate id)
                m_eventsOk += numberAfter(body, "\"accepted\":") + numberAfter(body, "\"duplicates\":");
            c->busy = false;
            if (head.contains("\r\nconnection: close")) {
                drop(c); // opens a new one
                return;
            }
            sendNext(c);
        }
    }

    Options m_options;
    DemoGenerator m_generator;
    QByteArray m_target;
    QByteArray m_host;
    sockaddr_storage m_address{};
    socklen_t m_addressLength = 0;
    int m_family = AF_INET;
    int m_epoll = -1;
    std::vector<Connection> m_connections;
    QElapsedTimer m_clock;
    qint64 m_elapsedNs = 0;
    qint64 m_eventsSent = 0;
    qint64 m_eventsOk = 0;
    qint64 m_answers = 0;
    qint64 m_errors = 0;
    QMap<int, qint64> m_statuses;
    LatencyHistogram m_latency;
    qint64 m_lastConnectNs = 0;
    bool m_everConnected = false;
    bool m_finished = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("telemetry-loadgen"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TDESK_VERSION_LINE));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sends realistic jwc.v1 telemetry to a collector and measures it."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("Ingest URL (default http://127.0.0.1:8088/t)."),
                                 QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8088/t"));
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("Keep-alive connections (default 32)."),
                                         QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Run this long (default 10)."), QStringLiteral("SECONDS"));
    const QCommandLineOption events(QStringLiteral("events"), QStringLiteral("Send this many events, then stop."), QStringLiteral("N"));
    const QCommandLineOption batch(QStringLiteral("batch"), QStringLiteral("Events per request; 1 sends single-event bodies (default 1)."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Events per second; 0 is flat out (default 0)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption key(QStringLiteral("key"), QStringLiteral("Public key, sent as Authorization: Bearer."), QStringLiteral("KEY"));
    const QCommandLineOption ids(QStringLiteral("ids"), QStringLiteral("Give every event a unique id, time-ordered (UUIDv7, as our SDKs send)."));
    const QCommandLineOption idKind(QStringLiteral("id-kind"),
                                    QStringLiteral("Event ids: v7 (time-ordered), v4 (random) or none (default none; --ids is v7)."),
                                    QStringLiteral("KIND"));
    const QCommandLineOption users(QStringLiteral("users"),
                                   QStringLiteral("Users sending: a pool of N, or 'new' for a new user on every event (default 2000)."),
                                   QStringLiteral("N|new"), QStringLiteral("2000"));
    const QCommandLineOption xff(QStringLiteral("xff"), QStringLiteral("Send X-Forwarded-For from a pool of public addresses."));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the result as one JSON object."));
    parser.addOptions({url, connections, duration, events, batch, rate, key, ids, idKind, users, xff, seed, json});

    QTextStream err(stderr);
    const auto usage = [&err](const QString &message) {
        err << "telemetry-loadgen: " << message << " (see --help)\n";
        return 2;
    };
    // parse(), not process(): a usage error exits 2, as the scripts expect.
    if (!parser.parse(QCoreApplication::arguments()))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
    Options options;
    options.url = QUrl(parser.value(url), QUrl::StrictMode);
    if (!options.url.isValid() || options.url.scheme() != QLatin1String("http") || options.url.host().isEmpty())
        return usage(QStringLiteral("--url must be an http://HOST[:PORT]/PATH URL"));
    bool ok = true;
    options.connections = parser.value(connections).toInt(&ok);
    if (!ok || options.connections < 1 || options.connections > 10000)
        return usage(QStringLiteral("--connections must be 1..10000"));
    options.batch = parser.value(batch).toInt(&ok);
    if (!ok || options.batch < 1 || options.batch > 1000)
        return usage(QStringLiteral("--batch must be 1..1000"));
    options.rate = parser.value(rate).toDouble(&ok);
    if (!ok || !std::isfinite(options.rate) || options.rate < 0)
        return usage(QStringLiteral("--rate must be a number of events per second, 0 for flat out"));
    if (parser.isSet(duration) && parser.isSet(events))
        return usage(QStringLiteral("give --duration or --events, not both"));
    if (parser.isSet(duration)) {
        options.durationS = parser.value(duration).toDouble(&ok);
        if (!ok || !(options.durationS > 0) || options.durationS > 7 * 86400)
            return usage(QStringLiteral("--duration must be a positive number of seconds, at most a week"));
    } else if (parser.isSet(events)) {
        options.events = parser.value(events).toLongLong(&ok);
        if (!ok || options.events < 1)
            return usage(QStringLiteral("--events must be a positive number"));
    } else {
        options.durationS = 10;
    }
    options.key = parser.value(key).toUtf8();
    if (options.key.contains('\r') || options.key.contains('\n'))
        return usage(QStringLiteral("--key must be one line"));
    if (parser.isSet(ids) && parser.isSet(idKind))
        return usage(QStringLiteral("give --ids or --id-kind, not both"));
    if (parser.isSet(ids)) {
        options.ids = EventIds::TimeOrdered;
    } else if (parser.isSet(idKind)) {
        const auto kind = parseEventIds(parser.value(idKind));
        if (!kind)
            return usage(QStringLiteral("--id-kind must be v7, v4 or none"));
        options.ids = *kind;
    }
    if (parser.value(users) == QLatin1String("new")) {
        options.newUserEachEvent = true;
    } else {
        options.users = parser.value(users).toInt(&ok);
        if (!ok || options.users < 1 || options.users > 10000000)
            return usage(QStringLiteral("--users must be 1..10000000 or 'new'"));
    }
    options.forwardedFor = parser.isSet(xff);
    options.seed = parser.value(seed).toULongLong(&ok);
    if (!ok)
        return usage(QStringLiteral("--seed must be a non-negative integer"));
    options.json = parser.isSet(json);

    LoadGenerator generator(options);
    if (!generator.resolve()) {
        err << "telemetry-loadgen: cannot resolve " << options.url.host() << '\n';
        return 1;
    }
    generator.run();
    if (!generator.everConnected()) {
        err << "telemetry-loadgen: could not connect to " << options.url.toString() << '\n';
        return 1;
    }
    QTextStream out(stdout);
    generator.report(out);
    return 0;
}
