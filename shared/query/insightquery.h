#pragma once

#include "core/result.h"
#include "query/insighttypes.h"

#include <optional>

class QSqlDatabase;

namespace tdesk {

// The insights engine: trends, active users, sessions, retention, funnels and what the pickers
// offer, over the raw events of either backend (SQLite or PostgreSQL), each answer read in one
// snapshot. Buckets follow the filter's time zone (query/timebuckets.h), computed here and handed to
// the database as plain times, so both backends bucket alike. The definitions are in docs/API.md.

// What is wrong with a request, named as the Query API's parameter ("tz", "breakdown", "steps", …).
struct InsightProblem
{
    QString param;
    QString message;
};
std::optional<InsightProblem> checkInsightFilter(const InsightFilter &filter);
std::optional<InsightProblem> checkTrend(const TrendQuery &query);
std::optional<InsightProblem> checkSessions(const SessionsQuery &query);
std::optional<InsightProblem> checkRetention(const RetentionQuery &query);
std::optional<InsightProblem> checkFunnel(const FunnelQuery &query);
// A breakdown ("os", "ext", "vscode", "country", "m.KEY") or a property key that can be asked for.
bool isBreakdown(const QString &breakdown);
bool isPropertyKey(const QString &key);

Result<TrendResult> loadTrend(const QSqlDatabase &db, const TrendQuery &query);
Result<ActiveUsersResult> loadActiveUsers(const QSqlDatabase &db, const InsightFilter &filter);
Result<SessionsResult> loadSessions(const QSqlDatabase &db, const SessionsQuery &query);
Result<RetentionResult> loadRetention(const QSqlDatabase &db, const RetentionQuery &query);
Result<FunnelResult> loadFunnel(const QSqlDatabase &db, const FunnelQuery &query);
// The users who reached step `step` (0-based) of the funnel.
Result<FunnelUsers> loadFunnelUsers(const QSqlDatabase &db, const FunnelQuery &query, int step);
// Event names from the hourly rollups of the hours holding the range; keys and values from the
// latest PropertySampleEvents events of the range (of `event`, when given).
Result<PropertiesResult> loadProperties(const QSqlDatabase &db, qint64 projectId, const TimeRange &range,
                                        const QString &event);

} // namespace tdesk
