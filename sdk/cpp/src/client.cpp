#include <telemetrydesk/client.h>

#include "answer.h"
#include "clientconfigdata.h"
#include "diskqueue.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QSysInfo>
#include <QThread>
#include <QTimer>
#include <QWaitCondition>

#include <atomic>

#include <zlib.h>

namespace TelemetryDesk {

Q_LOGGING_CATEGORY(lcSdk, "tdesk.sdk", QtWarningMsg)

namespace {

constexpr qsizetype MaxPropsBytes = 32 * 1024;
// QNetworkAccessManager writes a body in 16 KiB pieces with Nagle's algorithm on: the last piece
// of a longer body waits for the server's delayed ACK, 40 ms a request (measured here: 9,500
// events/s with 80 KB batches). A body that fits one piece goes out at once: batches are
// gzipped (the collector inflates them) and sized to fit, learning how well events compress.
constexpr qsizetype OneWrite = 16 * 1024;
constexpr qsizetype MaxBatchBytes = 512 * 1024; // before compression: half the collector's default limit
constexpr qsizetype ChunkEvents = 1000;         // events per row of the disk queue
constexpr int PollMs = 5;                       // how often the worker looks for tracked events
constexpr int IdlePolls = 200;                  // and for how many empty looks before it sleeps
constexpr qint64 MaxBuffered = 10000;           // in memory, waiting for the worker (or 2 × maxQueue)

// A tracked event on its way to the worker: a lock-free stack, pushed by any thread.
struct Node
{
    QByteArray body;
    Node *next = nullptr;
};

// Nodes the worker is done with go back to the tracking threads to be freed there: freeing
// another thread's memory takes its malloc arena's lock, and a worker preempted while holding
// it would hold up track() for milliseconds (seen on a busy machine).
void freeChain(Node *node)
{
    while (node) {
        Node *next = node->next;
        delete node;
        node = next;
    }
}

struct Garbage
{
    Node *nodes = nullptr;
    ~Garbage() { freeChain(nodes); }
    void freeSome(int count)
    {
        for (; nodes && count > 0; --count) {
            Node *next = nodes->next;
            delete nodes;
            nodes = next;
        }
    }
};
thread_local Garbage garbage;

bool isEventNameChar(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_'
        || c == u':' || c == u'-' || c == u'/' || c == u'$' || c == u' ';
}

// UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version, 74 random bits, variant. A generator
// per thread, seeded from the system once: no lock, no system call per event.
QByteArray uuid7()
{
    thread_local QRandomGenerator64 random(QRandomGenerator::system()->generate64());
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    const quint64 high = (ms << 16) | 0x7000 | (random.generate64() & 0x0fff);
    const quint64 low = (random.generate64() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    static constexpr char hex[] = "0123456789abcdef";
    QByteArray out(36, '-');
    int at = 0;
    auto put = [&](quint64 value, int digits) {
        for (int i = digits - 1; i >= 0; --i) {
            if (at == 8 || at == 13 || at == 18 || at == 23)
                ++at;
            out[at++] = hex[(value >> (i * 4)) & 0xf];
        }
    };
    put(high, 16);
    put(low, 16);
    return out;
}

QByteArray gzip(const QByteArray &data)
{
    z_stream z{};
    if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) // 15 + 16: gzip framing
        return {};
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const bool done = deflate(&z, Z_FINISH) == Z_STREAM_END;
    out.resize(done ? qsizetype(z.total_out) : 0);
    deflateEnd(&z);
    return out;
}

} // namespace

class Worker;

class ClientPrivate
{
public:
    explicit ClientPrivate(const ClientConfigData &config)
        : config(config)
    {
    }
    ~ClientPrivate()
    {
        freeChain(head.exchange(nullptr));
        freeChain(garbage.head.exchange(nullptr));
    }
    void wakeWorker();
    void publish(qint64 diskCount); // call with stateMutex held

    ClientConfigData config;
    QUrl endpoint;
    QByteArray envelope; // "anon", "os", "ext", "vscode" as JSON members, each followed by a comma
    QByteArray sessionId;
    QString error;

    std::atomic<Node *> head{nullptr};
    struct
    {
        std::atomic<Node *> head{nullptr};
        void giveBack(Node *first, Node *last) // a chain, linked through next
        {
            last->next = head.load();
            while (!head.compare_exchange_weak(last->next, first))
                ;
        }
    } garbage; // taken by track(), freed on its thread
    std::atomic<qint64> buffered{0}; // tracked, not yet on disk
    std::atomic<bool> sleeping{false}; // the worker waits for a post; else it polls the stack
    std::atomic<bool> enabled{true};
    std::atomic<bool> closing{false};
    std::atomic<qint64> trackOverflow{0};

    QMutex diskMutex; // the worker's, and setEnabled(false)'s
    DiskQueue disk;

    QMutex stateMutex; // what flush() and stats() read
    QWaitCondition stateChanged;
    ClientStats counts;
    qint64 diskCount = 0;
    int flushWaiters = 0;

    QThread thread;
    Worker *worker = nullptr;
};

// Lives in the client's thread: moves tracked events to disk, sends them, retries.
class Worker : public QObject
{
public:
    explicit Worker(ClientPrivate *d)
        : d(d)
        , m_batchLimit(d->config.batchSize)
    {
    }

    void start()
    {
        m_network = new QNetworkAccessManager(this);
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &Worker::maybeSend);
        // While events arrive, and for a second after, the worker looks for them every few
        // milliseconds, so that track() posts nothing: a post takes a lock this thread holds at
        // times, allocates memory this thread frees, and makes a system call, and each of them
        // held track() up for milliseconds on a busy machine. A post wakes it only when it sleeps.
        m_poll = new QTimer(this);
        m_poll->setInterval(PollMs);
        connect(m_poll, &QTimer::timeout, this, &Worker::drain);
        m_clock.start();
        m_nextSendAt = d->config.flushIntervalMs;
        drain();
    }

    void drain()
    {
        QList<Node *> nodes;
        for (Node *node = d->head.exchange(nullptr); node; node = node->next)
            nodes.append(node);
        if (!nodes.isEmpty())
            m_idlePolls = 0;
        if (nodes.isEmpty() && !m_stopping && ++m_idlePolls >= IdlePolls) {
            d->sleeping.store(true);
            if (d->head.load() && d->sleeping.exchange(false)) // one came in between: keep polling
                m_poll->start();
            else
                m_poll->stop();
        } else if (!m_poll->isActive() && !m_stopping) {
            m_poll->start();
        }
        if (!nodes.isEmpty()) {
            // Chunks of JSON lines in this thread's memory, oldest first (the stack is newest first).
            QList<QByteArray> chunks;
            for (qsizetype i = nodes.size() - 1; i >= 0; --i) {
                if ((nodes.size() - 1 - i) % ChunkEvents == 0)
                    chunks.append(QByteArray());
                else
                    chunks.last().append('\n');
                chunks.last().append(QByteArrayView(nodes[i]->body)); // a copy, never shared
            }
            d->garbage.giveBack(nodes.first(), nodes.last());
            qint64 dropped = 0;
            qint64 count = 0;
            {
                QMutexLocker disk(&d->diskMutex);
                if (d->enabled) { // an opt-out may have come after they were taken
                    for (qsizetype i = 0; i < chunks.size(); ++i) {
                        const qsizetype n = std::min(ChunkEvents, nodes.size() - i * ChunkEvents);
                        dropped += d->disk.append(chunks[i], n, d->config.maxQueue);
                    }
                }
                count = d->disk.count();
            }
            // Off the buffer and onto the disk count in one step under the state lock: flush()
            // must never see them in neither (it would report an empty queue).
            QMutexLocker state(&d->stateMutex);
            d->buffered -= nodes.size();
            d->counts.overflow += dropped;
            d->publish(count);
        }
        maybeSend();
    }

    void stop()
    {
        m_stopping = true;
        if (m_inFlight)
            m_inFlight->abort(); // the batch stays on disk; the next client sends it
        drain();
        delete m_network; // in this thread, with the timers: their thread ends after this
        delete m_timer;
        delete m_poll;
        m_network = nullptr;
        m_timer = m_poll = nullptr;
    }

private:
    void maybeSend()
    {
        if (m_inFlight || m_stopping)
            return;
        qint64 count = 0;
        bool urgent = false;
        {
            QMutexLocker state(&d->stateMutex);
            count = d->diskCount;
            urgent = d->flushWaiters > 0 || d->closing;
        }
        if (count == 0)
            return m_timer->stop();
        const qint64 now = m_clock.elapsed();
        if (now < m_retryAt)
            return m_timer->start(int(m_retryAt - now));
        if (count >= m_batchLimit || urgent || now >= m_nextSendAt)
            return send();
        m_timer->start(int(m_nextSendAt - now));
    }

    void send()
    {
        QList<DiskQueue::Taken> taken;
        QByteArrayList events;
        QByteArray body;
        for (int attempt = 0; attempt < 4; ++attempt) {
            taken.clear();
            {
                QMutexLocker disk(&d->diskMutex);
                events = d->disk.oldest(m_batchLimit, m_rawBudget, &taken);
            }
            if (events.isEmpty())
                return;
            const QByteArray json = "{\"schema\":\"jwc.v1\"," + d->envelope + "\"batch\":[" + events.join(',') + "]}";
            body = gzip(json);
            if (body.isEmpty())
                return;
            // Learn the ratio: aim at nine tenths of one write.
            const qsizetype fitting = qsizetype(double(json.size()) * 0.9 * OneWrite / double(body.size()));
            if (body.size() <= OneWrite || events.size() == 1) {
                if (json.size() >= m_rawBudget * 9 / 10) // the budget, not the batch size, limited it
                    m_rawBudget = std::clamp(fitting, qsizetype(1024), MaxBatchBytes);
                break;
            }
            m_rawBudget = std::clamp(fitting, qsizetype(1024), MaxBatchBytes);
        }
        QNetworkRequest request(d->endpoint);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Content-Encoding", "gzip");
        request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("telemetrydesk-cpp/" TELEMETRYDESK_VERSION));
        if (!d->config.key.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + d->config.key.toUtf8());
        request.setTransferTimeout(d->config.timeoutMs);
        m_inFlight = m_network->post(request, body);
        connect(m_inFlight, &QNetworkReply::finished, this,
                [this, reply = m_inFlight, taken, n = events.size()] { answered(reply, taken, n); });
    }

    void answered(QNetworkReply *reply, const QList<DiskQueue::Taken> &taken, qsizetype events)
    {
        m_inFlight = nullptr;
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); // 0: no answer
        const QByteArray answer = reply->isOpen() ? reply->readAll() : QByteArray();
        m_nextSendAt = m_clock.elapsed() + d->config.flushIntervalMs;
        if (m_stopping)
            return;
        if (status == 413 && events > 1) {
            m_batchLimit = int(std::max<qsizetype>(1, events / 2));
            qCInfo(lcSdk) << "batch too large for the collector, sending" << m_batchLimit << "at a time";
        } else if (status == 0 || status == 408 || status == 425 || status == 429 || status >= 500) {
            ++m_failures;
            const qint64 backoff = std::min<qint64>(d->config.maxBackoffMs, 250LL << std::min(m_failures, 16));
            const qint64 wait = std::max(retryAfterMs(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc()),
                                         backoff / 2 + qint64(QRandomGenerator::global()->bounded(double(backoff) / 2)));
            m_retryAt = m_clock.elapsed() + wait;
            qCDebug(lcSdk) << "send failed:" << status << reply->errorString() << "- again in" << wait << "ms";
            QMutexLocker state(&d->stateMutex);
            ++d->counts.retries;
        } else {
            m_failures = 0;
            qint64 count = 0;
            {
                QMutexLocker disk(&d->diskMutex);
                d->disk.remove(taken);
                count = d->disk.count();
            }
            QMutexLocker state(&d->stateMutex);
            if (status == 200) {
                const AnswerCounts result = parseAnswer(answer, events);
                d->counts.sent += events;
                d->counts.accepted += result.accepted;
                d->counts.duplicates += result.duplicates;
                d->counts.skipped += result.skipped;
                for (const QString &reason : result.reasons)
                    qCWarning(lcSdk) << "the collector skipped an event:" << reason;
            } else {
                // 400, 401, 403, one event over the body limit: sending again cannot help.
                d->counts.dropped += events;
                qCWarning(lcSdk) << "the collector refused" << events << "event(s) with" << status << answer.left(200);
            }
            d->publish(count);
        }
        maybeSend();
    }

    ClientPrivate *d;
    QNetworkAccessManager *m_network = nullptr;
    QNetworkReply *m_inFlight = nullptr;
    QTimer *m_timer = nullptr; // the next send
    QTimer *m_poll = nullptr;
    int m_idlePolls = 0;
    QElapsedTimer m_clock;
    qint64 m_nextSendAt = 0;
    qint64 m_retryAt = 0;
    int m_failures = 0;
    int m_batchLimit;
    bool m_stopping = false;
    qsizetype m_rawBudget = 3 * OneWrite; // JSON bytes a batch may hold before compression
};

void ClientPrivate::wakeWorker()
{
    if (sleeping.load() && sleeping.exchange(false))
        QMetaObject::invokeMethod(worker, &Worker::drain, Qt::QueuedConnection);
}

void ClientPrivate::publish(qint64 count)
{
    diskCount = count;
    stateChanged.wakeAll();
}

Client::Client(const ClientConfig &config)
    : d(std::make_unique<ClientPrivate>(*config.d))
{
    ClientConfigData &c = d->config;
    if (c.queuePath.isEmpty())
        c.queuePath = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
            + QLatin1String("/telemetrydesk-queue.sqlite3");
    if (c.appVersion.isEmpty())
        c.appVersion = QCoreApplication::applicationVersion();
    if (c.hostVersion.isEmpty())
        c.hostVersion = QLatin1String("Qt ") + QLatin1String(qVersion());

    d->endpoint = c.url;
    QString path = c.url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (!path.endsWith(QLatin1String("/t")))
        d->endpoint.setPath(path + QLatin1String("/t"));
    if (!c.url.isValid() || (c.url.scheme() != QLatin1String("http") && c.url.scheme() != QLatin1String("https"))
        || c.url.host().isEmpty())
        d->error = QStringLiteral("the URL must be http(s)://host[:port][/t], not \"%1\"").arg(c.url.toString());
    else if (c.batchSize < 1 || c.batchSize > 1000)
        d->error = QStringLiteral("the batch size must be 1..1000 (the collector's batch limit)");
    else if (c.maxQueue < 1 || c.flushIntervalMs < 1 || c.maxBackoffMs < 1 || c.timeoutMs < 1 || c.shutdownTimeoutMs < 0)
        d->error = QStringLiteral("the queue size, intervals and timeouts must be positive");
    else
        d->disk.open(c.queuePath, &d->error);
    if (!d->error.isEmpty()) {
        qCWarning(lcSdk).noquote() << "telemetry is off:" << d->error;
        d->enabled = false;
        return;
    }

    d->sessionId = uuid7();
    QByteArray randomId;
    for (int i = 0; i < 2; ++i)
        randomId += QByteArray::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, '0');
    const QString anon = c.userId.isEmpty() ? d->disk.meta("anon", QString::fromLatin1(randomId)) : c.userId;
    QJsonObject common{{QLatin1String("anon"), anon},
                       {QLatin1String("os"), QSysInfo::prettyProductName().left(64)},
                       {QLatin1String("vscode"), c.hostVersion.left(64)}};
    if (!c.appVersion.isEmpty())
        common.insert(QLatin1String("ext"), c.appVersion.left(64));
    const QByteArray members = QJsonDocument(common).toJson(QJsonDocument::Compact);
    d->envelope = members.mid(1, members.size() - 2) + ',';
    d->diskCount = d->disk.count();

    d->worker = new Worker(d.get());
    d->worker->moveToThread(&d->thread);
    d->thread.setObjectName(QStringLiteral("telemetrydesk"));
    d->thread.start();
    QMetaObject::invokeMethod(d->worker, &Worker::start, Qt::QueuedConnection);
}

Client::~Client()
{
    if (!d->worker)
        return;
    d->closing = true;
    flush(d->config.shutdownTimeoutMs);
    QMetaObject::invokeMethod(d->worker, &Worker::stop, Qt::BlockingQueuedConnection);
    d->thread.quit();
    d->thread.wait();
    delete d->worker;
}

bool Client::isValid() const
{
    return d->error.isEmpty();
}

QString Client::errorString() const
{
    return d->error;
}

QString Client::track(const QString &event, const QVariantMap &props)
{
    if (event.isEmpty() || event.size() > 200 || !std::all_of(event.begin(), event.end(), [](QChar c) {
            return isEventNameChar(c.unicode());
        })) {
        qCWarning(lcSdk) << "not tracked: an event name is 1..200 of A-Z a-z 0-9 . _ : - / $ and space, not" << event;
        return {};
    }
    if (!d->enabled || d->closing)
        return {};
    QByteArray m;
    if (!props.isEmpty()) {
        m = QJsonDocument(QJsonObject::fromVariantMap(props)).toJson(QJsonDocument::Compact);
        if (m.size() > MaxPropsBytes) {
            qCWarning(lcSdk) << "not tracked:" << event << "has props of" << m.size() << "bytes (at most 32 KiB)";
            return {};
        }
    }
    // The worker drops the oldest beyond maxQueue as it writes them to disk. Should it fall far
    // behind (a disk that stalls), memory stays bounded: the newest are dropped beyond that.
    if (d->buffered.load(std::memory_order_relaxed) >= std::max<qint64>(2 * qint64(d->config.maxQueue), MaxBuffered)) {
        ++d->trackOverflow;
        return {};
    }
    if (!garbage.nodes)
        garbage.nodes = d->garbage.head.exchange(nullptr);
    garbage.freeSome(2); // two per call keep up with one new node per call
    const QByteArray id = uuid7();
    auto *node = new Node;
    node->body.reserve(120 + event.size() + m.size());
    node->body.append("{\"id\":\"").append(id).append("\",\"evt\":\"").append(event.toLatin1());
    node->body.append("\",\"t\":").append(QByteArray::number(QDateTime::currentMSecsSinceEpoch()));
    node->body.append(",\"sessionId\":\"").append(d->sessionId).append('"');
    if (!m.isEmpty())
        node->body.append(",\"m\":").append(m);
    node->body.append('}');
    ++d->buffered;
    node->next = d->head.load(std::memory_order_relaxed);
    while (!d->head.compare_exchange_weak(node->next, node))
        ;
    d->wakeWorker();
    return QString::fromLatin1(id);
}

bool Client::flush(int timeoutMs)
{
    if (!d->worker)
        return false;
    QDeadlineTimer deadline(timeoutMs);
    QMutexLocker state(&d->stateMutex);
    ++d->flushWaiters;
    QMetaObject::invokeMethod(d->worker, &Worker::drain, Qt::QueuedConnection);
    while (d->buffered > 0 || d->diskCount > 0) {
        if (!d->stateChanged.wait(&d->stateMutex, deadline))
            break;
    }
    --d->flushWaiters;
    return d->buffered == 0 && d->diskCount == 0;
}

bool Client::isEnabled() const
{
    return d->enabled;
}

void Client::setEnabled(bool enabled)
{
    if (!d->worker)
        return;
    d->enabled = enabled;
    if (enabled)
        return;
    qint64 removed = 0;
    Node *taken = d->head.exchange(nullptr);
    for (Node *node = taken; node; node = node->next)
        ++removed;
    freeChain(taken);
    d->buffered -= removed;
    QMutexLocker disk(&d->diskMutex);
    d->disk.clear();
    QMutexLocker state(&d->stateMutex);
    d->publish(0);
}

QString Client::sessionId() const
{
    return QString::fromLatin1(d->sessionId);
}

ClientStats Client::stats() const
{
    QMutexLocker state(&d->stateMutex);
    ClientStats s = d->counts;
    s.overflow += d->trackOverflow;
    s.buffered = d->buffered;
    s.queued = s.buffered + d->diskCount;
    return s;
}

} // namespace TelemetryDesk
