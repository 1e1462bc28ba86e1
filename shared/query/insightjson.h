#pragma once

// The insights' answers (query/insighttypes.h) as the Query API's JSON (docs/API.md), and back, as
// readjson.h does for the other answers. A trend's point is [bucket_ms, value]; value is null where
// an average or a percentile has nothing to be taken of.

#include "core/result.h"
#include "query/insighttypes.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace tdesk {

// The names the API gives intervals ("minute" … "month") and metrics ("count", "users", "sum",
// "avg", "p50", "p95"), in the enums' order.
const QStringList &intervalNames();
const QStringList &trendMetricNames();
inline QString intervalName(Interval interval) { return intervalNames().at(int(interval)); }
inline QString trendMetricName(TrendMetric metric) { return trendMetricNames().at(int(metric)); }

QJsonObject trendToJson(const TrendResult &trend);
// `interval` picks the series of "points": day (DAU), week (WAU) or month (MAU); "days" has all three.
QJsonObject activeUsersToJson(const ActiveUsersResult &active, Interval interval);
QJsonObject sessionsToJson(const SessionsResult &sessions);
QJsonObject retentionToJson(const RetentionResult &retention);
QJsonObject funnelToJson(const FunnelResult &funnel);
QJsonObject funnelUsersToJson(const FunnelUsers &users);
QJsonObject propertiesToJson(const PropertiesResult &properties);

Result<TrendResult> trendFromJson(const QJsonObject &object);
Result<ActiveUsersResult> activeUsersFromJson(const QJsonObject &object);
Result<SessionsResult> sessionsFromJson(const QJsonObject &object);
Result<RetentionResult> retentionFromJson(const QJsonObject &object);
Result<FunnelResult> funnelFromJson(const QJsonObject &object);
Result<FunnelUsers> funnelUsersFromJson(const QJsonObject &object);
Result<PropertiesResult> propertiesFromJson(const QJsonObject &object);

} // namespace tdesk
