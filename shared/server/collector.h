#pragma once

#include "core/result.h"
#include "query/readtypes.h"
#include "server/config.h"

#include <QElapsedTimer>

#include <QObject>
#include <QString>

#include <memory>

namespace tdesk {

class Catalog;
class CollectorServer;
struct DatabaseUrl;
class EventLog;
class EventStore;
class GeoIp;

// A running collector: storage, GeoIP, event log and HTTP server wired together. The headless
// executable and the desktop app's embedded collector both use this, through this narrow API only:
// start, stop, status, demo data, reload access. Lives in one thread; call it from that thread.
class Collector : public QObject
{
    Q_OBJECT

public:
    // DatabaseUnreachable: PostgreSQL did not answer (down, restarting, full); trying later may help.
    enum class Failure { Config, Database, DatabaseUnreachable, Listen };
    struct StartError
    {
        Failure failure;
        QString message;
    };

    ~Collector() override;
    // Opens everything and starts listening. On failure nothing is left running.
    static std::unique_ptr<Collector> start(const CollectorConfig &config, StartError *error);
    static QString defaultDatabasePath();
    // The name of the outage spool's file for a PostgreSQL database (one per database, whatever the
    // password), which lives beside the default database unless SPOOL_FILE says where.
    static QString spoolFileName(const DatabaseUrl &url);

    quint16 port() const { return m_port; }
    // With --tls-cert: port() is HTTPS; plain HTTP as well on this port (--http-listen), 0: none.
    bool tls() const;
    quint16 plainHttpPort() const;
    QString databasePath() const { return m_databasePath; }

    // What it is doing now; the ingest rate is over the last second or so.
    CollectorStatus status();
    // Projects, keys or their settings changed: use them now rather than at the next reload.
    void reloadAccess();
    // "Send demo data": the past 30 days of realistic traffic into three projects of different
    // character (desk-demo, web-demo, cli-demo; created when missing), then a live trickle for ten
    // minutes. demoDataSent() once the past is stored; false (and nothing sent) when the projects
    // cannot be made, with the reason.
    Result<void> sendDemoData();
    // Ends the live trickle (and a backfill in progress) now.
    void stopDemoData();

    // Graceful stop: refuse new work, commit and answer everything already accepted.
    void shutdown();

Q_SIGNALS:
    void demoDataSent(qint64 events);

private:
    Collector() = default;

    std::unique_ptr<GeoIp> m_geo;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<CollectorServer> m_server;
    QString m_databasePath;
    QString m_address;
    quint16 m_port = 0;
    QElapsedTimer m_rateClock;
    quint64 m_lastCommitted = 0;
    double m_eventsPerSecond = 0;
    quint64 m_demoEventsAccepted = 0; // not in /metrics: the headless collector never sends demo data
};

} // namespace tdesk
