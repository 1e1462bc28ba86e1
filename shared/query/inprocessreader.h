#pragma once

#include "query/csvexport.h"
#include "query/overviewquery.h"
#include "query/reader.h"
#include "storage/databaseurl.h"

#include <QThreadPool>

#include <functional>
#include <optional>

namespace tdesk {

// The Reader over a database in this process (SQLite or PostgreSQL), through the query layer. Owns its
// threads: every call runs on its pool, each thread with its own read connection, closed when the
// thread ends. The database must exist and be migrated (migrateDatabase) before the first call.
class InProcessReader final : public Reader
{
public:
    // `status` answers collectorStatus() (from any thread); without one, there is no collector.
    // Reads go to `readUrl` when given (a PostgreSQL replica); projects and keys always to `url`.
    using StatusSource = std::function<CollectorStatus()>;
    explicit InProcessReader(const DatabaseUrl &url, StatusSource status = {}, std::optional<DatabaseUrl> readUrl = {});
    ~InProcessReader() override; // waits for the calls still running

    QFuture<Result<OverviewData>> overview(qint64 projectId, const TimeRange &range) override;
    QFuture<Result<Series>> eventsPerMinute(qint64 projectId, const TimeRange &range) override;
    QFuture<Result<GeoSummary>> geo(qint64 projectId, const TimeRange &range) override;
    QFuture<Result<EventPage>> eventPage(const EventFilter &filter, const EventCursor &after, int limit,
                                         const ScanBudget &budget) override;
    QFuture<Result<EventTail>> eventsStoredAfter(const EventFilter &filter, qint64 afterId, int limit,
                                                 const ScanBudget &budget) override;
    QFuture<Result<qint64>> exportCsv(const EventFilter &filter, const QString &filePath,
                                      const CsvExportOptions &options) override;
    QFuture<Result<EventCount>> countEvents(const EventFilter &filter, qint64 throughId, const EventCursor &after,
                                            const ScanBudget &budget) override;
    QFuture<Result<QStringList>> suggestValues(qint64 projectId, const TimeRange &range, EventField field,
                                               const QString &prefix, int limit) override;
    QFuture<Result<TrendResult>> trend(const TrendQuery &query) override;
    QFuture<Result<ActiveUsersResult>> activeUsers(const InsightFilter &filter) override;
    QFuture<Result<SessionsResult>> sessions(const SessionsQuery &query) override;
    QFuture<Result<RetentionResult>> retention(const RetentionQuery &query) override;
    QFuture<Result<FunnelResult>> funnel(const FunnelQuery &query) override;
    QFuture<Result<FunnelUsers>> funnelUsers(const FunnelQuery &query, int step) override;
    QFuture<Result<PropertiesResult>> properties(qint64 projectId, const TimeRange &range, const QString &event) override;
    QFuture<Result<StoreInfo>> storeInfo() override;
    QFuture<Result<CollectorStatus>> collectorStatus() override;

    QFuture<Result<QList<Project>>> projects() override;
    QFuture<Result<QList<KeyInfo>>> keys(const QString &projectName) override;
    QFuture<Result<Project>> createProject(const QString &name) override;
    QFuture<Result<void>> renameProject(const QString &from, const QString &to) override;
    QFuture<Result<void>> deleteProject(const QString &name) override;
    QFuture<Result<void>> updateProject(const Project &project) override;
    QFuture<Result<QString>> createKey(const QString &projectName, KeyKind kind, const QString &label) override;
    QFuture<Result<KeyInfo>> revokeKey(const QString &prefix) override;
    QFuture<Result<KeyInfo>> setKeyLabel(const QString &prefix, const QString &label) override;

    // For the Query API, which serves this reader over HTTP: the overview's raw-event figures, and
    // the CSV export into a sink (the HTTP stream) instead of a file.
    QFuture<Result<OverviewExtras>> overviewExtras(qint64 projectId, const TimeRange &range, const QStringList &eventNames);
    QFuture<Result<qint64>> exportCsv(const EventFilter &filter, const CsvSink &sink, const CsvExportOptions &options);

private:
    template<typename Function>
    auto run(Function &&function);
    template<typename Function>
    auto withCatalog(Function &&function);

    DatabaseUrl m_url;
    DatabaseUrl m_readUrl;
    StatusSource m_status;
    QThreadPool m_pool;
};

} // namespace tdesk
