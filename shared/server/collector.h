#pragma once

#include "core/result.h"
#include "server/config.h"

#include <QObject>
#include <QString>

#include <memory>

namespace tdesk {

class Catalog;
class CollectorServer;
class EventLog;
class EventStore;
class GeoIp;

// A running collector: storage, GeoIP, event log and HTTP server wired together. The headless
// executable and the desktop app's embedded collector both use this.
class Collector : public QObject
{
    Q_OBJECT

public:
    enum class Failure { Config, Database, Listen };
    struct StartError
    {
        Failure failure;
        QString message;
    };

    ~Collector() override;
    // Opens everything and starts listening. On failure nothing is left running.
    static std::unique_ptr<Collector> start(const CollectorConfig &config, StartError *error);
    static QString defaultDatabasePath();

    quint16 port() const { return m_port; }
    QString databasePath() const { return m_databasePath; }
    CollectorServer *server() const { return m_server.get(); }
    EventStore *store() const { return m_store.get(); }
    Catalog *catalog() const { return m_catalog.get(); }

    // Graceful stop: refuse new work, commit and answer everything already accepted.
    void shutdown();

private:
    Collector() = default;

    std::unique_ptr<GeoIp> m_geo;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<CollectorServer> m_server;
    QString m_databasePath;
    quint16 m_port = 0;
};

} // namespace tdesk
