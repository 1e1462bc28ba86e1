#include "embeddedcollector.h"

#include "server/collectorserver.h"
#include "storage/eventstore.h"

#include <QFileInfo>
#include <QTimer>

namespace tdesk {

// Owns the Collector inside the collector thread, and reports on it once a second.
class CollectorWorker : public QObject
{
    Q_OBJECT

public:
    bool start(const CollectorConfig &config, Collector::StartError *error)
    {
        m_collector = Collector::start(config, error);
        if (!m_collector)
            return false;
        m_address = QStringLiteral("%1:%2").arg(config.listenText().section(QLatin1Char(':'), 0, -2)).arg(m_collector->port());
        m_lastCommitted = m_collector->store()->stats().committedEvents;
        m_clock.start();
        m_timer.setInterval(1000);
        connect(&m_timer, &QTimer::timeout, this, &CollectorWorker::report);
        m_timer.start();
        report();
        return true;
    }

    void stop()
    {
        m_timer.stop();
        m_collector.reset(); // shuts down: drains and answers what was accepted
        CollectorSnapshot stopped;
        Q_EMIT snapshotReady(stopped);
    }

    Collector *collector() const { return m_collector.get(); }

Q_SIGNALS:
    void snapshotReady(const tdesk::CollectorSnapshot &snapshot);

private:
    void report()
    {
        if (!m_collector)
            return;
        CollectorSnapshot s;
        s.running = true;
        s.address = m_address;
        s.databasePath = m_collector->databasePath();
        s.databaseBytes = QFileInfo(s.databasePath).size() + QFileInfo(s.databasePath + QStringLiteral("-wal")).size();
        const StoreStats stats = m_collector->store()->stats();
        const double seconds = std::max(0.001, double(m_clock.restart()) / 1000.0);
        s.eventsPerSecond = double(stats.committedEvents - m_lastCommitted) / seconds;
        m_lastCommitted = stats.committedEvents;
        s.queuedEvents = stats.queuedEvents;
        s.storageError = m_collector->store()->healthy() ? QString() : stats.lastError;
        const CollectorMetrics &metrics = m_collector->server()->metrics();
        s.eventsAccepted = metrics.eventsAccepted;
        s.requests = metrics.requests;
        for (auto it = metrics.skippedByReason.begin(); it != metrics.skippedByReason.end(); ++it)
            s.rejectsByReason.insert(QString::fromLatin1(it.key()), it.value());
        if (metrics.rateLimited)
            s.rejectsByReason.insert(QStringLiteral("rate_limited"), metrics.rateLimited);
        if (metrics.unavailable)
            s.rejectsByReason.insert(QStringLiteral("unavailable"), metrics.unavailable);
        Q_EMIT snapshotReady(s);
    }

    std::unique_ptr<Collector> m_collector;
    QString m_address;
    QTimer m_timer{this}; // a child, so that it moves to the collector thread with the worker
    QElapsedTimer m_clock;
    quint64 m_lastCommitted = 0;
};

EmbeddedCollector::EmbeddedCollector(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<tdesk::CollectorSnapshot>();
    m_thread.setObjectName(QStringLiteral("collector"));
    m_worker = new CollectorWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CollectorWorker::snapshotReady, this, &EmbeddedCollector::snapshotReady);
    m_thread.start();
}

EmbeddedCollector::~EmbeddedCollector()
{
    stop();
    m_thread.quit();
    m_thread.wait();
}

bool EmbeddedCollector::start(const CollectorConfig &config, Collector::StartError *error)
{
    if (m_running)
        stop();
    bool started = false;
    QMetaObject::invokeMethod(m_worker, [&] { started = m_worker->start(config, error); }, Qt::BlockingQueuedConnection);
    m_config = config;
    if (started) {
        QMetaObject::invokeMethod(m_worker, [&] {
            m_port = m_worker->collector()->port();
            m_databasePath = m_worker->collector()->databasePath();
        }, Qt::BlockingQueuedConnection);
        m_running = true;
        Q_EMIT runningChanged(true);
    }
    return started;
}

void EmbeddedCollector::stop()
{
    if (!m_running)
        return;
    QMetaObject::invokeMethod(m_worker, [this] { m_worker->stop(); }, Qt::BlockingQueuedConnection);
    m_running = false;
    m_port = 0;
    Q_EMIT runningChanged(false);
}

void EmbeddedCollector::reloadAccess()
{
    post([](Collector *c) { (void)c->server()->reloadAccess(); });
}

void EmbeddedCollector::post(std::function<void(Collector *)> fn)
{
    QMetaObject::invokeMethod(m_worker, [this, fn = std::move(fn)] {
        if (Collector *c = m_worker->collector())
            fn(c);
    });
}

} // namespace tdesk

#include "embeddedcollector.moc"
