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
};

// What the world map shows for a project (or AllProjects) over a range, from the rollups of schema
// version 2: events per country and per place are exact, counted from rollup_hour for the whole hours
// in the range and from the raw events for the partial hours at its edges. Users are distinct user
// hashes over the whole UTC days the range touches (rollup_day_country_users keeps users per day,
// not per hour), so a country can have users but no events in a range that starts or ends inside a
// day. An empty or inverted range gives an empty summary.
Result<GeoSummary> loadGeoSummary(const QSqlDatabase &db, qint64 projectId, const TimeRange &range,
                                  int maxPlaces = 5000);

} // namespace tdesk
