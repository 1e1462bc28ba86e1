#include "embeddedcollector.h"

#include <QTimer>

namespace tdesk {

// Owns the Collector inside the collector thread, and takes its status once a second.
class CollectorWorker : public QObject
{
    Q_OBJECT

public:
    bool start(const CollectorConfig &config, Collector::StartError *error)
    {
        m_collector = Collector::start(config, error);
        if (!m_collector)
            return false;
        connect(m_collector.get(), &Collector::demoDataSent, this, &CollectorWorker::demoDataSent);
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
        Q_EMIT statusTaken(CollectorStatus());
    }

    Collector *collector() const { return m_collector.get(); }

    void report()
    {
        if (m_collector)
            Q_EMIT statusTaken(m_collector->status());
    }

Q_SIGNALS:
    void statusTaken(const tdesk::CollectorStatus &status);
    void demoDataSent(qint64 events);

private:

    std::unique_ptr<Collector> m_collector;
    QTimer m_timer{this}; // a child, so that it moves to the collector thread with the worker
};

EmbeddedCollector::EmbeddedCollector(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<tdesk::CollectorStatus>();
    m_thread.setObjectName(QStringLiteral("collector"));
    m_worker = new CollectorWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Kept on the collector thread: readers ask for it from theirs.
    connect(m_worker, &CollectorWorker::statusTaken, m_worker, [this](const CollectorStatus &s) { keepStatus(s); },
            Qt::DirectConnection);
    connect(m_worker, &CollectorWorker::demoDataSent, this, &EmbeddedCollector::demoDataSent);
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
    quint16 port = 0;
    QMetaObject::invokeMethod(m_worker, [&] {
        started = m_worker->start(config, error);
        if (started)
            port = m_worker->collector()->port();
    }, Qt::BlockingQueuedConnection);
    m_config = config;
    if (started) {
        m_port = port;
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

CollectorStatus EmbeddedCollector::status() const
{
    std::lock_guard lock(m_statusMutex);
    return m_status;
}

void EmbeddedCollector::keepStatus(const CollectorStatus &status)
{
    std::lock_guard lock(m_statusMutex);
    m_status = status;
}

void EmbeddedCollector::reloadAccess()
{
    QMetaObject::invokeMethod(m_worker, [this] {
        if (Collector *c = m_worker->collector())
            c->reloadAccess();
    });
}

void EmbeddedCollector::sendDemoData()
{
    QMetaObject::invokeMethod(m_worker, [this] {
        Collector *c = m_worker->collector();
        const auto started = c ? c->sendDemoData() : Result<void>(Error{tr("The collector is not running.")});
        if (!started) {
            QMetaObject::invokeMethod(this, [this, message = started.error()] { Q_EMIT demoDataFailed(message); });
            return;
        }
        m_worker->report(); // the window learns at once that demo data is on its way
    });
}

void EmbeddedCollector::stopDemoData()
{
    QMetaObject::invokeMethod(m_worker, [this] {
        if (Collector *c = m_worker->collector()) {
            c->stopDemoData();
            m_worker->report();
        }
    });
}

} // namespace tdesk

#include "embeddedcollector.moc"
