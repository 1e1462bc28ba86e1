#pragma once

#include "core/project.h"
#include "core/result.h"
#include "query/insighttypes.h"
#include "query/readtypes.h"

#include <QFuture>

namespace tdesk {

// Everything the desktop app's views, its CLI export and (later) the Query API read, and the
// administration of projects and keys: one asynchronous interface with an implementation in
// process (InProcessReader, over the database) and, later, one over HTTP (a remote collector). A
// caller never knows which it has. Every call returns at once; the work runs on the reader's own
// threads, never on the caller's. Watch the future with a QFutureWatcher owned by the caller, so
// that an answer arriving after the caller is gone goes nowhere.
class Reader
{
public:
    virtual ~Reader() = default;

    // The Overview's figures (see OverviewData) and the live events-per-minute series.
    virtual QFuture<Result<OverviewData>> overview(qint64 projectId, const TimeRange &range) = 0;
    virtual QFuture<Result<Series>> eventsPerMinute(qint64 projectId, const TimeRange &range) = 0;
    // The world map's countries and places.
    virtual QFuture<Result<GeoSummary>> geo(qint64 projectId, const TimeRange &range) = 0;
    // A page of events, newest first, strictly older than `after`; and the live tail: events
    // stored after position `afterId` (EventPage::newestStoredId, then EventTail::lastId), a place in
    // the order rows became visible (a row id on SQLite, a transaction id on PostgreSQL).
    virtual QFuture<Result<EventPage>> eventPage(const EventFilter &filter, const EventCursor &after, int limit,
                                                 const ScanBudget &budget) = 0;
    virtual QFuture<Result<EventTail>> eventsStoredAfter(const EventFilter &filter, qint64 afterId, int limit,
                                                         const ScanBudget &budget) = 0;
    // Every event of the filter to a CSV file (see CsvExportOptions); the number of rows written.
    virtual QFuture<Result<qint64>> exportCsv(const EventFilter &filter, const QString &filePath,
                                              const CsvExportOptions &options) = 0;
    // How many of the events stored up to position `throughId` (EventPage::newestStoredId, where the live
    // tail starts; later rows are the tail's to count) match the filter. A filter of project and
    // time with at most one of name, OS, app version and country is counted exactly from the
    // rollups in one call. Any other is counted over its rows newest first, within the budget:
    // call again from `next` until `complete`, adding up the counts.
    virtual QFuture<Result<EventCount>> countEvents(const EventFilter &filter, qint64 throughId,
                                                    const EventCursor &after, const ScanBudget &budget) = 0;
    // At most `limit` stored values of the field starting with `prefix` (any case), most events
    // first, read from the rollups over the whole hours holding the range (the last SuggestionDays
    // days where it has no beginning). Values no event had ("") are not offered.
    virtual QFuture<Result<QStringList>> suggestValues(qint64 projectId, const TimeRange &range, EventField field,
                                                       const QString &prefix, int limit) = 0;

    // Insights (query/insighttypes.h): the one engine's answers, in process or over the Query API.
    virtual QFuture<Result<TrendResult>> trend(const TrendQuery &query) = 0;
    virtual QFuture<Result<ActiveUsersResult>> activeUsers(const InsightFilter &filter) = 0;
    virtual QFuture<Result<SessionsResult>> sessions(const SessionsQuery &query) = 0;
    virtual QFuture<Result<RetentionResult>> retention(const RetentionQuery &query) = 0;
    virtual QFuture<Result<FunnelResult>> funnel(const FunnelQuery &query) = 0;
    // The users who reached step `step` (0-based) of the funnel.
    virtual QFuture<Result<FunnelUsers>> funnelUsers(const FunnelQuery &query, int step) = 0;
    virtual QFuture<Result<PropertiesResult>> properties(qint64 projectId, const TimeRange &range, const QString &event) = 0;

    virtual QFuture<Result<StoreInfo>> storeInfo() = 0;
    // Fails when there is no collector to ask (a database read without one).
    virtual QFuture<Result<CollectorStatus>> collectorStatus() = 0;

    // Projects and keys.
    virtual QFuture<Result<QList<Project>>> projects() = 0;
    // A project's keys; with no name, every key, the admin keys (which belong to no project) included.
    virtual QFuture<Result<QList<KeyInfo>>> keys(const QString &projectName = {}) = 0;
    virtual QFuture<Result<Project>> createProject(const QString &name) = 0;
    virtual QFuture<Result<void>> renameProject(const QString &from, const QString &to) = 0;
    // Deletes the project, its keys and its events. The default project cannot be deleted.
    virtual QFuture<Result<void>> deleteProject(const QString &name) = 0;
    virtual QFuture<Result<void>> updateProject(const Project &project) = 0;
    // The new key's text: shown once, stored only as its hash. Admin keys belong to no project
    // (projectName is ignored).
    virtual QFuture<Result<QString>> createKey(const QString &projectName, KeyKind kind, const QString &label = {}) = 0;
    // Revokes the one active key whose text starts with prefix (at least 8 characters).
    virtual QFuture<Result<KeyInfo>> revokeKey(const QString &prefix) = 0;
    // Labels the one key whose text starts with prefix (KeyInfo::prefix, its ID).
    virtual QFuture<Result<KeyInfo>> setKeyLabel(const QString &prefix, const QString &label) = 0;
};

} // namespace tdesk
