#pragma once

#include "server/collector.h"
#include "server/config.h"

#include <QMap>
#include <QObject>
#include <QThread>

#include <memory>

namespace tdesk {

// What the Collector panel and the status bar show, taken once a second in the collector's thread.
struct CollectorSnapshot
{
    bool running = false;
    QString address;                        // "127.0.0.1:8088"
    QString databasePath;
    qint64 databaseBytes = 0;               // the file and its WAL
    double eventsPerSecond = 0;             // committed, over the last second
    qint64 queuedEvents = 0;
    quint64 eventsAccepted = 0;
    quint64 requests = 0;
    QMap<QString, quint64> rejectsByReason; // skipped items by reason code, plus rate_limited/unavailable
    QString storageError;
};

class CollectorWorker;

// The desktop app's own collector: the same Collector as the headless service, run in a thread of
// its own so that ingest at full speed never stalls the window.
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
    QString databasePath() const { return m_databasePath; }
    const CollectorConfig &config() const { return m_config; }

    // Projects or keys changed: the collector picks them up now rather than within two seconds.
    void reloadAccess();
    // Runs fn in the collector's thread with its Collector (never null inside fn); returns at once.
    void post(std::function<void(Collector *)> fn);

Q_SIGNALS:
    void snapshotReady(const tdesk::CollectorSnapshot &snapshot);
    void runningChanged(bool running);

private:
    QThread m_thread;
    CollectorWorker *m_worker = nullptr;    // lives in m_thread
    CollectorConfig m_config;
    QString m_databasePath;
    quint16 m_port = 0;
    bool m_running = false;
};

} // namespace tdesk

Q_DECLARE_METATYPE(tdesk::CollectorSnapshot)
