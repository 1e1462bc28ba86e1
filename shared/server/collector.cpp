#include "server/collector.h"

#include "geo/geoip.h"
#include "server/collectorserver.h"
#include "server/eventlog.h"
#include "storage/catalog.h"
#include "storage/databaseurl.h"
#include "storage/storefactory.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QStandardPaths>

namespace tdesk {

Collector::~Collector()
{
    shutdown();
}

QString Collector::defaultDatabasePath()
{
    // Shared by the desktop app and the headless collector of the same user.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("telemetry-desk/telemetry.db"));
}

std::unique_ptr<Collector> Collector::start(const CollectorConfig &config, StartError *error)
{
    std::unique_ptr<Collector> c(new Collector);
    const auto fail = [error](Failure failure, const QString &message) {
        *error = StartError{failure, message};
        return nullptr;
    };

    if (!config.geoDbPath.isEmpty()) {
        c->m_geo = std::make_unique<GeoIp>();
        // Asked for, but unusable: refuse to start rather than silently store events without places.
        if (auto opened = c->m_geo->open(config.geoDbPath); !opened)
            return fail(Failure::Config, QStringLiteral("GeoIP database unusable: %1").arg(opened.error()));
    }

    const auto url = parseDatabaseUrl(config.databaseUrl.isEmpty() ? defaultDatabasePath() : config.databaseUrl);
    if (!url)
        return fail(Failure::Config, url.error());
    if (url->kind != DatabaseUrl::Kind::Sqlite)
        return fail(Failure::Database, QStringLiteral("PostgreSQL storage is not available in this build yet"));
    c->m_databasePath = url->sqlitePath;
    if (!QDir().mkpath(QFileInfo(url->sqlitePath).absolutePath()))
        return fail(Failure::Database, QStringLiteral("cannot create the directory of %1").arg(url->sqlitePath));

    StoreOptions options;
    options.syncFull = config.syncFull;
    options.maxQueuedEvents = config.maxQueuedEvents;
    options.retentionIntervalMs = config.retentionIntervalMs;
    auto store = openEventStore(*url, options);
    if (!store)
        return fail(Failure::Database, store.error());
    c->m_store = std::move(store.value());

    if (!config.logDir.isEmpty()) {
        c->m_log = std::make_unique<EventLog>(config.logDir, config.logRetentionDays);
        c->m_store->setCommitObserver([log = c->m_log.get()](const std::vector<const Event *> &events) {
            log->append(events, QDateTime::currentMSecsSinceEpoch());
        });
    }

    auto catalog = Catalog::open(*url);
    if (!catalog)
        return fail(Failure::Database, catalog.error());
    c->m_catalog = std::make_unique<Catalog>(std::move(catalog.value()));

    c->m_server = std::make_unique<CollectorServer>(config, c->m_store.get(), c->m_catalog.get(), c->m_geo.get(),
                                                    url->sqlitePath);
    const auto port = c->m_server->start();
    if (!port)
        return fail(Failure::Listen, port.error());
    c->m_port = port.value();
    return c;
}

void Collector::shutdown()
{
    if (!m_server)
        return;
    m_server->stopAccepting();
    m_store->drainAndStop(); // everything queued is committed now
    // Deliver the answers of the last transactions, and give the sockets a moment to send them.
    QDeadlineTimer deadline(2000);
    do {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    } while (m_server->pendingAnswers() > 0 && !deadline.hasExpired());
    QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
    m_server.reset();
    m_catalog.reset();
    m_store.reset();
    m_log.reset();
}

} // namespace tdesk
