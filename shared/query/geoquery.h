#pragma once

#include "core/result.h"
#include "query/timerange.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace tdesk {

// One country's share of a range. `country` is the ISO 3166-1 alpha-2 code, "" for events whose
// country is unknown.
struct GeoCountry
{
    QString country;
    qint64 events = 0;
    qint64 users = 0;
};

// A place with coordinates (the GeoIP city), as the collector stored it: coordinates to 2 decimals.
struct GeoPlace
{
    QString country;
    QString city; // may be empty: coordinates without a city name
    double lat = 0;
    double lon = 0;
    qint64 events = 0;
};

struct GeoSummary
{
    QList<GeoCountry> countries; // most events first
    QList<GeoPlace> places;      // most events first, at most the asked number
    qint64 events = 0;           // all events in the range, with or without a country
    qint64 users = 0;            // distinct users, by whole UTC days as for countries
    bool usersEstimated = false; // users (total and per country) estimated from a sample, as OverviewData's
};

// What the world map shows for a project (or AllProjects) over a range, from the rollups: events per
// country and per place are exact, read as planRangeRead() says. Users are distinct user
// hashes over the whole UTC days the range touches (rollup_day_country_users keeps users per day,
// not per hour), so a country can have users but no events in a range that starts or ends inside a
// day. Over many user-days they are estimated (see countDayUsers). An empty or inverted range gives
// an empty summary.
Result<GeoSummary> loadGeoSummary(const QSqlDatabase &db, qint64 projectId, const TimeRange &range,
                                  int maxPlaces = 5000);

} // namespace tdesk
