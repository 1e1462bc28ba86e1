#include "query/geoquery.h"

#include "core/timeunits.h"
#include "query/periodusers.h"
#include "query/rollupplan.h"
#include "query/sqlstatements.h"
#include "storage/rollups.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <tuple>

namespace tdesk {
Result<GeoSummary> loadGeoSummary(const QSqlDatabase &db, qint64 projectId, const TimeRange &range, int maxPlaces)
{
    GeoSummary summary;
    if (!db.isOpen())
        return Error{QStringLiteral("reading the map's data failed: the database is not open")};
    if (range.toMs <= range.fromMs)
        return summary;

    SqlStatements sql(db, true);
    sql.bind(QStringLiteral(":project"), projectId);
    sql.bind(QStringLiteral(":limit"), std::max(maxPlaces, 0));
    const QString projects = projectCondition(sql.dialect(), projectId);
    const QList<RangePart> plan = planRangeRead(sql, projects, range);

    QHash<QString, GeoCountry> countries;
    const QString counts = dimensionCountsSql(sql.dialect(), plan, projects,
                                              {{CountryDim, QStringLiteral("coalesce(country, '')"), {}},
                                               {PlaceDim, sql.placeKey(), QStringLiteral("lat IS NOT NULL AND lon IS NOT NULL")}},
                                              QStringLiteral("country, city, lat, lon"));
    sql.each(QStringLiteral("SELECT dim, value, n FROM (") + counts
                 + QStringLiteral(") AS counts WHERE n > 0 ORDER BY dim = %1, n DESC, ").arg(PlaceDim) + sql.binaryOrder(QStringLiteral("value")),
             [&](const QSqlQuery &row) {
                 const qint64 events = row.value(2).toLongLong();
                 if (row.value(0).toInt() == CountryDim) {
                     countries[row.value(1).toString()].events = events;
                     summary.events += events;
                 } else if (summary.places.size() < maxPlaces) {
                     if (const auto place = decodePlaceKey(row.value(1).toString()))
                         summary.places.append({place->country, place->city, place->latitude, place->longitude, events});
                 }
             });
    // Users in the range, exactly as the Overview counts them; per country too.
    const PeriodUsers byCountry = countRangeUsersByCountry(sql, projects, range.fromMs, range.toMs);
    for (auto it = byCountry.users.cbegin(); it != byCountry.users.cend(); ++it)
        countries[it.key()].users = it.value();
    const PeriodUsers all = countRangeUsers(sql, projects, range.fromMs, range.toMs);
    summary.users = all.users.value(QString());
    summary.usersEstimated = byCountry.estimated || all.estimated;
    if (!sql.error().isEmpty())
        return Error{QStringLiteral("reading the map's data failed: %1").arg(sql.error())};

    summary.countries.reserve(countries.size());
    for (auto it = countries.begin(); it != countries.end(); ++it) {
        it->country = it.key();
        summary.countries.append(*it);
    }
    std::sort(summary.countries.begin(), summary.countries.end(), [](const GeoCountry &a, const GeoCountry &b) {
        return std::tie(b.events, b.users, a.country) < std::tie(a.events, a.users, b.country);
    });
    return summary;
}

} // namespace tdesk
