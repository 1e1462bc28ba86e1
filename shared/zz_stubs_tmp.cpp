// TEMPORARY weak stand-ins while the GeoIP and stats modules are written; removed before merge.
#include "geo/geoip.h"
#include "query/minigemstats.h"
namespace tdesk {
__attribute__((weak)) GeoIp::GeoIp() {}
__attribute__((weak)) GeoIp::~GeoIp() {}
__attribute__((weak)) Result<void> GeoIp::open(const QString &) { return Error{QStringLiteral("stub")}; }
__attribute__((weak)) GeoLocation GeoIp::lookup(const QHostAddress &) const { return {}; }
__attribute__((weak)) Result<StatsRange> parseStatsRange(const QString &, const QString &, int, QDate today) { return StatsRange{today, today}; }
__attribute__((weak)) Result<QByteArray> computeMinigemStats(const QSqlDatabase &, qint64, const StatsRange &) { return QByteArray("{}"); }
__attribute__((weak)) Result<QByteArray> recentEventsJson(const QSqlDatabase &, qint64, int) { return QByteArray("{}"); }
__attribute__((weak)) Result<QByteArray> hourlyCountsJson(const QSqlDatabase &, qint64, int, qint64) { return QByteArray("{}"); }
}
