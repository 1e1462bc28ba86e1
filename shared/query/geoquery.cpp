#include "query/geoquery.h"

#include "query/sqlstatements.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <functional>
#include <optional>
#include <tuple>

namespace tdesk {
namespace {

constexpr qint64 HourMs = 3600 * 1000;
constexpr qint64 DayMs = 24 * HourMs;
constexpr int CountryDim = 4;
constexpr int PlaceDim = 5;

// Rounds down to a multiple of `unit`, also for times before 1970.
qint64 floorTo(qint64 ms, qint64 unit)
{
    return ms - ((ms % unit) + unit) % unit;
}

// The rows of rollup_hour for one dimension over the whole hours, plus the same counts from the raw
// events of the partial hours at both edges (`rawValue` is the SQL that makes a rollup value from an
// events row; `rawCondition` keeps the events that dimension counts).
QString countsByDimension(const QString &projects, int dim, const QString &rawValue, const QString &rawCondition)
{
    const QString raw = QStringLiteral(" UNION ALL SELECT ") + rawValue + QStringLiteral(", count(*) FROM events WHERE ")
        + projects + rawCondition;
    return QStringLiteral("SELECT value, sum(n) AS n FROM (SELECT value, events AS n FROM rollup_hour WHERE ") + projects
        + QStringLiteral(" AND dim = ") + QString::number(dim)
        + QStringLiteral(" AND hour_ms >= :hourFrom AND hour_ms < :hourTo") + raw
        + QStringLiteral(" AND ts >= :from AND ts < :headEnd GROUP BY 1") + raw
        + QStringLiteral(" AND ts >= :tailStart AND ts < :to GROUP BY 1) GROUP BY value");
}

// "CC|city|lat|lon", as rollup_hour keeps places; the city may itself contain "|".
std::optional<GeoPlace> parsePlace(const QString &value)
{
    const QStringList parts = value.split(u'|');
    if (parts.size() < 4)
        return std::nullopt;
    GeoPlace place;
    bool latOk = false;
    bool lonOk = false;
    place.country = parts.first();
    place.city = parts.mid(1, parts.size() - 3).join(u'|');
    place.lat = parts.at(parts.size() - 2).toDouble(&latOk);
    place.lon = parts.last().toDouble(&lonOk);
    if (!latOk || !lonOk)
        return std::nullopt;
    return place;
}

} // namespace

Result<GeoSummary> loadGeoSummary(const QSqlDatabase &db, qint64 projectId, const TimeRange &range, int maxPlaces)
{
    GeoSummary summary;
    if (!db.isOpen())
        return Error{QStringLiteral("reading the map's data failed: the database is not open")};
    if (range.toMs <= range.fromMs)
        return summary;

    // Whole hours come from the rollup; if the range holds none, every event comes from the edges.
    const qint64 hourFrom = floorTo(range.fromMs + HourMs - 1, HourMs);
    const qint64 hourTo = floorTo(range.toMs, HourMs);
    const bool wholeHours = hourFrom < hourTo;
    SqlStatements sql(db, true);
    sql.bind(QStringLiteral(":project"), projectId);
    sql.bind(QStringLiteral(":from"), range.fromMs);
    sql.bind(QStringLiteral(":to"), range.toMs);
    sql.bind(QStringLiteral(":hourFrom"), hourFrom);
    sql.bind(QStringLiteral(":hourTo"), hourTo);
    sql.bind(QStringLiteral(":headEnd"), wholeHours ? hourFrom : range.toMs);
    sql.bind(QStringLiteral(":tailStart"), wholeHours ? hourTo : range.toMs);
    sql.bind(QStringLiteral(":dayFrom"), floorTo(range.fromMs, DayMs) / DayMs);
    sql.bind(QStringLiteral(":dayTo"), floorTo(range.toMs - 1, DayMs) / DayMs);
    sql.bind(QStringLiteral(":limit"), std::max(maxPlaces, 0));
    const QString projects = projectCondition(projectId);

    QHash<QString, GeoCountry> countries;
    sql.each(countsByDimension(projects, CountryDim, QStringLiteral("coalesce(country, '')"), QString()),
             [&](const QSqlQuery &row) {
                 GeoCountry &country = countries[row.value(0).toString()];
                 country.events = row.value(1).toLongLong();
                 summary.events += country.events;
             });
    sql.each(QStringLiteral("SELECT country, count(DISTINCT user_hash) FROM rollup_day_country_users WHERE ") + projects
                 + QStringLiteral(" AND day >= :dayFrom AND day <= :dayTo GROUP BY country"),
             [&](const QSqlQuery &row) { countries[row.value(0).toString()].users = row.value(1).toLongLong(); });
    sql.each(QStringLiteral("SELECT count(DISTINCT user_hash) FROM rollup_day_country_users WHERE ") + projects
                 + QStringLiteral(" AND day >= :dayFrom AND day <= :dayTo"),
             [&](const QSqlQuery &row) { summary.users = row.value(0).toLongLong(); });

    // The same key the rollup keeps, from an events row (printf gives the rollup's 2 decimals).
    const QString placeKey = QStringLiteral(
        "coalesce(country, '') || '|' || coalesce(city, '') || '|' || printf('%.2f', lat) || '|' || printf('%.2f', lon)");
    sql.each(countsByDimension(projects, PlaceDim, placeKey, QStringLiteral(" AND lat IS NOT NULL AND lon IS NOT NULL"))
                 + QStringLiteral(" ORDER BY n DESC, value LIMIT :limit"),
             [&](const QSqlQuery &row) {
                 if (std::optional<GeoPlace> place = parsePlace(row.value(0).toString())) {
                     place->events = row.value(1).toLongLong();
                     summary.places.append(*place);
                 }
             });
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
