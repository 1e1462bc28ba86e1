// TEMPORARY weak stand-ins while the GeoIP and stats modules are written; removed before merge.
#include "query/minigemstats.h"
namespace tdesk {
__attribute__((weak)) Result<StatsRange> parseStatsRange(const QString &, const QString &, int, QDate today) { return StatsRange{today, today}; }
__attribute__((weak)) Result<QByteArray> computeMinigemStats(const QSqlDatabase &, qint64, const StatsRange &) { return QByteArray("{}"); }
__attribute__((weak)) Result<QByteArray> recentEventsJson(const QSqlDatabase &, qint64, int) { return QByteArray("{}"); }
__attribute__((weak)) Result<QByteArray> hourlyCountsJson(const QSqlDatabase &, qint64, int, qint64) { return QByteArray("{}"); }
}
