#pragma once

#include "query/readtypes.h"
#include "server/collector.h"
#include "server/config.h"

#include <QObject>
#include <QThread>

#include <mutex>

namespace tdesk {

class CollectorWorker;

// The desktop app's own collector: the same Collector as the headless service, run in a thread of
// its own so that ingest at full speed never stalls the window. Its API is the Collector's narrow
// one: start, stop, status, demo data, reload access.
class EmbeddedCollector : public QObject
{
    Q_OBJECT

public:
    explicit EmbeddedCollector(QObject *parent = nullptr);
    ~EmbeddedCollector() override;

    // Starts listening, or says why not (nothing is left running then). Takes a fraction of a second.
    bool start(const CollectorConfig &config, Collector::StartError *error);
    // Graceful: every acknowledged event is committed before this returns.
    void stop();
    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }
    const CollectorConfig &config() const { return m_config; }

    // The status taken last (once a second in the collector's thread); from any thread.
    CollectorStatus status() const;
    // Projects or keys changed: the collector picks them up now rather than within two seconds.
    void reloadAccess();
    // See Collector::sendDemoData; demoDataSent() once the past 30 days are stored, demoDataFailed()
    // when it could not begin.
    void sendDemoData();
    void stopDemoData();

Q_SIGNALS:
    void runningChanged(bool running);
    void demoDataSent(qint64 events);
    void demoDataFailed(const QString &message);

private:
    void keepStatus(const CollectorStatus &status);

    QThread m_thread;
    CollectorWorker *m_worker = nullptr;    // lives in m_thread
    CollectorConfig m_config;
    quint16 m_port = 0;
    bool m_running = false;
    mutable std::mutex m_statusMutex;
    CollectorStatus m_status;
};

} // namespace tdesk
