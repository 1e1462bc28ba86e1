#include "server/collector.h"

#include "demo/demofeeder.h"
#include "geo/geoip.h"
#include "server/collectorserver.h"
#include "server/eventlog.h"
#include "storage/catalog.h"
#include "storage/databaseurl.h"
#include "storage/postgres/pgconnection.h"
#include "storage/storefactory.h"

#include <QCoreApplication>
#include <QCryptographicHash>
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

    if (!config.tlsCertFile.isEmpty()) {
        if (auto tls = loadTlsConfiguration(config.tlsCertFile, config.tlsKeyFile); !tls)
            return fail(Failure::Config, tls.error());
    }
    const auto url = parseDatabaseUrl(config.databaseUrl.isEmpty() ? defaultDatabasePath() : config.databaseUrl);
    if (!url)
        return fail(Failure::Config, url.error());
    c->m_databasePath = displayLocation(*url);
    if (!config.readDatabaseUrl.isEmpty()) {
        const auto replica = parseDatabaseUrl(config.readDatabaseUrl);
        if (!replica)
            return fail(Failure::Config, replica.error());
        if (replica->kind != DatabaseUrl::Kind::Postgresql || url->kind != DatabaseUrl::Kind::Postgresql)
            return fail(Failure::Config, QStringLiteral("--read-db (READ_DATABASE_URL) names a PostgreSQL replica of a "
                                                        "PostgreSQL --db; it cannot be SQLite"));
    }
    if (url->kind == DatabaseUrl::Kind::Sqlite && !QDir().mkpath(QFileInfo(url->sqlitePath).absolutePath()))
        return fail(Failure::Database, QStringLiteral("cannot create the directory of %1").arg(url->sqlitePath));

    StoreOptions options;
    options.syncFull = config.syncFull;
    options.maxQueuedEvents = config.maxQueuedEvents;
    options.rememberedUsers = size_t(config.rememberedUsers);
    options.retentionIntervalMs = config.retentionIntervalMs;
    if (url->kind == DatabaseUrl::Kind::Postgresql) {
        // One spool per database, beside the default SQLite file unless SPOOL_FILE says where.
        options.spoolPath = !config.spoolFile.isEmpty() ? config.spoolFile
                                                        : QFileInfo(defaultDatabasePath()).absoluteDir().filePath(spoolFileName(*url));
        options.maxSpooledEvents = config.maxSpooledEvents;
        if (!QDir().mkpath(QFileInfo(options.spoolPath).absolutePath()))
            return fail(Failure::Database, QStringLiteral("cannot create the directory of %1").arg(options.spoolPath));
    }
    auto store = openEventStore(*url, options);
    if (!store)
        return fail(isPgUnreachable(store.error()) ? Failure::DatabaseUnreachable : Failure::Database, store.error());
    c->m_store = std::move(store.value());

    if (!config.logDir.isEmpty()) {
        c->m_log = std::make_unique<EventLog>(config.logDir, config.logRetentionDays);
        c->m_store->setCommitObserver([log = c->m_log.get()](const std::vector<const Event *> &events) {
            log->append(events, QDateTime::currentMSecsSinceEpoch());
        });
    }

    auto catalog = Catalog::open(*url);
    if (!catalog)
        return fail(isPgUnreachable(catalog.error()) ? Failure::DatabaseUnreachable : Failure::Database, catalog.error());
    c->m_catalog = std::make_unique<Catalog>(std::move(catalog.value()));

    c->m_server = std::make_unique<CollectorServer>(config, c->m_store.get(), c->m_catalog.get(), c->m_geo.get(),
                                                    *url);
    c->m_server->setStatusSource([collector = c.get()] { return collector->status(); });
    const auto port = c->m_server->start();
    if (!port)
        return fail(Failure::Listen, port.error());
    c->m_port = port.value();
    c->m_address = QStringLiteral("%1:%2").arg(config.listenText().section(QLatin1Char(':'), 0, -2)).arg(c->m_port);
    c->m_rateClock.start();
    return c;
}

bool Collector::tls() const
{
    return m_server && m_server->tlsPort() != 0;
}

quint16 Collector::plainHttpPort() const
{
    return m_server ? m_server->plainPort() : 0;
}

QString Collector::spoolFileName(const DatabaseUrl &url)
{
    const QByteArray hash = QCryptographicHash::hash(displayLocation(url).toUtf8(), QCryptographicHash::Sha1).toHex();
    return QStringLiteral("postgresql-spool-%1.db").arg(QString::fromLatin1(hash.left(12)));
}

CollectorStatus Collector::status()
{
    CollectorStatus s;
    if (!m_server)
        return s;
    s.running = true;
    s.address = m_address;
    s.databaseLocation = m_databasePath;
    s.databaseBytes = m_store->databaseBytes();
    const StoreStats stats = m_store->stats();
    // Over at least the last second, whoever asks how often (the app's view, the Query API's status).
    if (m_rateClock.elapsed() >= 1000) {
        m_eventsPerSecond = double(stats.committedEvents - m_lastCommitted) * 1000.0 / double(m_rateClock.restart());
        m_lastCommitted = stats.committedEvents;
    }
    s.eventsPerSecond = m_eventsPerSecond;
    s.queuedEvents = stats.queuedEvents;
    s.spooledEvents = stats.spooledEvents;
    s.spoolOldestMs = stats.spoolOldestMs;
    s.storageError = m_store->healthy() ? QString() : stats.lastError;
    const CollectorMetrics &metrics = m_server->metrics();
    // Demo events are accepted events too: stored as if a client had sent them.
    s.eventsAccepted = metrics.eventsAccepted + m_demoEventsAccepted;
    s.demoEventsAccepted = m_demoEventsAccepted;
    for (const DemoFeeder *feeder : findChildren<DemoFeeder *>(Qt::FindDirectChildrenOnly)) {
        s.demoBackfilling = s.demoBackfilling || feeder->isBackfilling();
        s.demoLive = s.demoLive || feeder->isLive();
        s.demoLiveUntilMs = std::max(s.demoLiveUntilMs, feeder->liveUntilMs());
    }
    s.requests = metrics.requests;
    for (auto it = metrics.skippedByReason.begin(); it != metrics.skippedByReason.end(); ++it)
        s.rejectsByReason.insert(QString::fromLatin1(it.key()), it.value());
    if (metrics.rateLimited)
        s.rejectsByReason.insert(QStringLiteral("rate_limited"), metrics.rateLimited);
    if (metrics.unavailable)
        s.rejectsByReason.insert(QStringLiteral("unavailable"), metrics.unavailable);
    s.defaultRateLimit = m_server->config().rateLimitMax;
    s.rateWindowMs = m_server->config().rateLimitWindowMs;
    return s;
}

void Collector::reloadAccess()
{
    if (m_server)
        (void)m_server->reloadAccess();
}

Result<void> Collector::sendDemoData()
{
    if (!m_server)
        return Error{QStringLiteral("the collector is not running")};
    QList<DemoProject> projects;
    for (const DemoKind kind : {DemoKind::Desktop, DemoKind::Web, DemoKind::Cli}) {
        const QString name = demoProjectName(kind);
        auto project = m_catalog->project(name);
        if (!project)
            project = m_catalog->createProject(name);
        if (!project)
            return Error{project.error()};
        projects.append({project->id, kind});
    }
    reloadAccess();
    // The feeder goes with the collector: it needs the store.
    auto *feeder = new DemoFeeder(m_store.get(), projects, this);
    connect(feeder, &DemoFeeder::eventsQueued, this, [this](qint64 events) { m_demoEventsAccepted += quint64(events); });
    connect(feeder, &DemoFeeder::liveFinished, feeder, &QObject::deleteLater);
    connect(feeder, &DemoFeeder::backfilled, this, [this, feeder](qint64 sent) {
        feeder->startLive(25, 600);
        Q_EMIT demoDataSent(sent);
    });
    feeder->startBackfill(QDateTime::currentMSecsSinceEpoch(), 30, 120000);
    return {};
}

void Collector::stopDemoData()
{
    for (DemoFeeder *feeder : findChildren<DemoFeeder *>(Qt::FindDirectChildrenOnly))
        feeder->stop();
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
    qDeleteAll(findChildren<DemoFeeder *>(Qt::FindDirectChildrenOnly)); // before the store they feed
    m_server.reset();
    m_catalog.reset();
    m_store.reset();
    m_log.reset();
}

} // namespace tdesk
