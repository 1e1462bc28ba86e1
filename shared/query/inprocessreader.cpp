#include "query/inprocessreader.h"

#include "query/csvexport.h"
#include "query/eventquery.h"
#include "query/filterquery.h"
#include "query/geoquery.h"
#include "query/insightquery.h"
#include "query/overviewquery.h"
#include "storage/catalog.h"
#include "storage/readconnection.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrentRun>

namespace tdesk {

InProcessReader::InProcessReader(const DatabaseUrl &url, StatusSource status, std::optional<DatabaseUrl> readUrl)
    : m_url(url)
    , m_readUrl(readUrl.value_or(url))
    , m_status(std::move(status))
{
    // Enough for a view's query, the live chart and an export at once; a thread that sits idle
    // for half a minute ends, and its connection with it.
    m_pool.setMaxThreadCount(std::max(4, QThread::idealThreadCount()));
    m_pool.setObjectName(QStringLiteral("reader"));
}

InProcessReader::~InProcessReader()
{
    m_pool.waitForDone();
}

template<typename Function>
auto InProcessReader::run(Function &&function)
{
    return QtConcurrent::run(&m_pool, [url = m_readUrl, function = std::forward<Function>(function)] {
        QSqlDatabase db = readConnection(url);
        auto result = function(db);
        if (!result && reopenIfBroken(db)) // the server went away and is back: once more
            result = function(db);
        return result;
    });
}

// Catalog changes are rare and come from a person: a connection of their own, closed after.
template<typename Function>
auto InProcessReader::withCatalog(Function &&function)
{
    return QtConcurrent::run(&m_pool, [url = m_url, function = std::forward<Function>(function)] {
        auto catalog = Catalog::open(url);
        using R = decltype(function(*catalog));
        return catalog ? function(*catalog) : R(Error{catalog.error()});
    });
}

QFuture<Result<OverviewData>> InProcessReader::overview(qint64 projectId, const TimeRange &range)
{
    return run([=](const QSqlDatabase &db) { return loadOverview(db, projectId, range); });
}

QFuture<Result<Series>> InProcessReader::eventsPerMinute(qint64 projectId, const TimeRange &range)
{
    return run([=](const QSqlDatabase &db) { return loadEventsPerMinute(db, projectId, range); });
}

QFuture<Result<GeoSummary>> InProcessReader::geo(qint64 projectId, const TimeRange &range)
{
    return run([=](const QSqlDatabase &db) { return loadGeoSummary(db, projectId, range); });
}

QFuture<Result<TrendResult>> InProcessReader::trend(const TrendQuery &query)
{
    return run([=](const QSqlDatabase &db) { return loadTrend(db, query); });
}

QFuture<Result<ActiveUsersResult>> InProcessReader::activeUsers(const InsightFilter &filter)
{
    return run([=](const QSqlDatabase &db) { return loadActiveUsers(db, filter); });
}

QFuture<Result<SessionsResult>> InProcessReader::sessions(const SessionsQuery &query)
{
    return run([=](const QSqlDatabase &db) { return loadSessions(db, query); });
}

QFuture<Result<RetentionResult>> InProcessReader::retention(const RetentionQuery &query)
{
    return run([=](const QSqlDatabase &db) { return loadRetention(db, query); });
}

QFuture<Result<FunnelResult>> InProcessReader::funnel(const FunnelQuery &query)
{
    return run([=](const QSqlDatabase &db) { return loadFunnel(db, query); });
}

QFuture<Result<FunnelUsers>> InProcessReader::funnelUsers(const FunnelQuery &query, int step)
{
    return run([=](const QSqlDatabase &db) { return loadFunnelUsers(db, query, step); });
}

QFuture<Result<PropertiesResult>> InProcessReader::properties(qint64 projectId, const TimeRange &range, const QString &event)
{
    return run([=](const QSqlDatabase &db) { return loadProperties(db, projectId, range, event); });
}

QFuture<Result<EventPage>> InProcessReader::eventPage(const EventFilter &filter, const EventCursor &after, int limit,
                                                      const ScanBudget &budget)
{
    return run([=](const QSqlDatabase &db) { return fetchEventPage(db, filter, after, limit, budget); });
}

QFuture<Result<EventTail>> InProcessReader::eventsStoredAfter(const EventFilter &filter, qint64 afterId, int limit,
                                                              const ScanBudget &budget)
{
    return run([=](const QSqlDatabase &db) { return fetchNewerThan(db, filter, afterId, limit, budget); });
}

QFuture<Result<qint64>> InProcessReader::exportCsv(const EventFilter &filter, const QString &filePath,
                                                   const CsvExportOptions &options)
{
    return run([=](const QSqlDatabase &db) { return exportEventsCsv(db, filter, filePath, options); });
}

QFuture<Result<qint64>> InProcessReader::exportCsv(const EventFilter &filter, const CsvSink &sink,
                                                   const CsvExportOptions &options)
{
    // Not tried again on a broken connection, as the other calls are: the sink has part of it.
    return QtConcurrent::run(&m_pool, [url = m_readUrl, filter, sink, options] {
        return exportEventsCsv(readConnection(url), filter, sink, options);
    });
}

QFuture<Result<OverviewExtras>> InProcessReader::overviewExtras(qint64 projectId, const TimeRange &range,
                                                                const QStringList &eventNames)
{
    return run([=](const QSqlDatabase &db) { return loadOverviewExtras(db, projectId, range, eventNames); });
}

QFuture<Result<EventCount>> InProcessReader::countEvents(const EventFilter &filter, qint64 throughId,
                                                         const EventCursor &after, const ScanBudget &budget)
{
    return run([=](const QSqlDatabase &db) { return tdesk::countEvents(db, filter, throughId, after, budget); });
}

QFuture<Result<QStringList>> InProcessReader::suggestValues(qint64 projectId, const TimeRange &range, EventField field,
                                                            const QString &prefix, int limit)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    return run([=](const QSqlDatabase &db) {
        return tdesk::suggestValues(db, projectId, range, field, prefix, limit, nowMs);
    });
}

QFuture<Result<StoreInfo>> InProcessReader::storeInfo()
{
    return run([url = m_url](const QSqlDatabase &db) -> Result<StoreInfo> {
        QSqlQuery q(db);
        const QString location = displayLocation(url);
        if (!q.exec(databaseVersionSql(url).append(QLatin1String(", EXISTS (SELECT 1 FROM events)"))) || !q.next())
            return Error{QStringLiteral("cannot read %1: %2").arg(location, db.lastError().text())};
        const auto delay = replicaDelayMs(db);
        if (!delay)
            return Error{delay.error()};
        const QString backend = url.kind == DatabaseUrl::Kind::Postgresql ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
        return StoreInfo{backend, q.value(0).toString(), location, q.value(1).toBool(), delay.value()};
    });
}

QFuture<Result<CollectorStatus>> InProcessReader::collectorStatus()
{
    return QtConcurrent::run(&m_pool, [status = m_status]() -> Result<CollectorStatus> {
        if (!status)
            return Error{QStringLiteral("no collector runs on this database")};
        return status();
    });
}

QFuture<Result<QList<Project>>> InProcessReader::projects()
{
    return withCatalog([](Catalog &c) { return c.projects(); });
}

QFuture<Result<QList<KeyInfo>>> InProcessReader::keys(const QString &projectName)
{
    return withCatalog([=](Catalog &c) { return c.keys(projectName); });
}

QFuture<Result<Project>> InProcessReader::createProject(const QString &name)
{
    return withCatalog([=](Catalog &c) { return c.createProject(name); });
}

QFuture<Result<void>> InProcessReader::renameProject(const QString &from, const QString &to)
{
    return withCatalog([=](Catalog &c) { return c.renameProject(from, to); });
}

QFuture<Result<void>> InProcessReader::deleteProject(const QString &name)
{
    return withCatalog([=](Catalog &c) { return c.deleteProject(name); });
}

QFuture<Result<void>> InProcessReader::updateProject(const Project &project)
{
    return withCatalog([=](Catalog &c) { return c.updateProject(project); });
}

QFuture<Result<QString>> InProcessReader::createKey(const QString &projectName, KeyKind kind, const QString &label)
{
    return withCatalog([=](Catalog &c) { return c.createKey(projectName, kind, label); });
}

QFuture<Result<KeyInfo>> InProcessReader::revokeKey(const QString &prefix)
{
    return withCatalog([=](Catalog &c) { return c.revokeKey(prefix); });
}

QFuture<Result<KeyInfo>> InProcessReader::setKeyLabel(const QString &prefix, const QString &label)
{
    return withCatalog([=](Catalog &c) { return c.setKeyLabel(prefix, label); });
}

} // namespace tdesk
