#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QDate>
#include <QSqlDatabase>
#include <QString>

namespace tdesk {

// The days a /stats answer covers, inclusive, UTC.
struct StatsRange
{
    QDate from;
    QDate to;
};

// From the endpoint's `from`/`to` (YYYY-MM-DD). Both empty: the last windowDays days up to today.
// A bad date, from after to, or more than 366 days: an error naming the parameter.
Result<StatsRange> parseStatsRange(const QString &from, const QString &to, int windowDays, QDate today);

// minigem-telemetry's /stats answer (same keys and shapes), computed in SQL over the project's
// events, as compact JSON. Metric keys inside `m` keep minigem's meaning for its `java.run.*`
// events; a value of the wrong type drops out of that one metric only.
Result<QByteArray> computeMinigemStats(const QSqlDatabase &db, qint64 projectId, const StatsRange &range);

// /debug/recent: the newest events, user ids masked.
Result<QByteArray> recentEventsJson(const QSqlDatabase &db, qint64 projectId, int limit);
// /debug/counts: events per hour for the last `hours` hours, every hour present.
Result<QByteArray> hourlyCountsJson(const QSqlDatabase &db, qint64 projectId, int hours, qint64 nowMs);

QString maskUserHash(const QString &hash);

} // namespace tdesk
