#pragma once
// placeholder until the stats module lands (API agreed with its author)
#include "core/result.h"
#include <QDate>
#include <QSqlDatabase>
namespace tdesk {
struct StatsRange { QDate from; QDate to; };
Result<StatsRange> parseStatsRange(const QString &from, const QString &to, int windowDays, QDate today);
Result<QByteArray> computeMinigemStats(const QSqlDatabase &db, qint64 projectId, const StatsRange &range);
Result<QByteArray> recentEventsJson(const QSqlDatabase &db, qint64 projectId, int limit);
Result<QByteArray> hourlyCountsJson(const QSqlDatabase &db, qint64 projectId, int hours, qint64 nowMs);
QString maskUserHash(const QString &hash);
}
