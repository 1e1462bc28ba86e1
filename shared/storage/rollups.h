#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace tdesk {

// The `dim` column of rollup_hour, rollup_day and rollup_recent (schema migration 2): what a row
// counts events by. Its `value` is '' for an event without the field.
enum RollupDimension : int {
    EventNameDim = 0,
    OsDim = 1,
    AppVersionDim = 2,  // the event's ext
    HostVersionDim = 3, // the event's vscode
    CountryDim = 4,     // ISO 3166-1 alpha-2
    PlaceDim = 5,       // a place with coordinates, as encodePlaceKey() writes it; only events with coordinates
};
constexpr int RollupDimensionCount = 6;

// The rollup tables a project's retention cuts (with its events), and the column that dates a row:
// a start in epoch ms, or a UTC day's number.
struct RetainedRollup
{
    const char *table;
    const char *column;
    bool byDay;
};
inline constexpr RetainedRollup RetainedRollups[] = {
    {"rollup_minute", "minute_ms", false}, {"rollup_hour", "hour_ms", false}, {"rollup_recent", "minute_ms", false},
    {"rollup_day", "day", true}, {"rollup_hour_users", "hour_ms", false}, {"rollup_day_users", "day", true},
    {"rollup_day_country_users", "day", true}};

// A place as the rollups key it: "CC|city|lat|lon", lat and lon with 2 decimals rounded as SQLite's
// printf('%.2f') rounds them (halves differently from the C library), so that the key written at
// commit is the one PlaceKeySql gives over the same events.
QByteArray encodePlaceKey(const QByteArray &country, const QByteArray &city, double latitude, double longitude);

// The same key from a row of `events` (columns country, city, lat, lon), in SQLite's SQL.
inline constexpr char PlaceKeySql[] =
    "coalesce(country, '') || '|' || coalesce(city, '') || '|' || printf('%.2f', lat) || '|' || printf('%.2f', lon)";

// The same key in PostgreSQL's SQL: float8 → numeric keeps 15 digits, and adding half a cent then
// cutting rounds as SQLite's printf does (checked against it on 99,000 coordinates, halves included).
#define TDESK_PG_COORDINATE(column) \
    "CASE WHEN " column " < 0 THEN '-' ELSE '' END || to_char(trunc(abs(" column ")::numeric + 0.005, 2), 'FM999999990.00')"
inline constexpr char PlaceKeyPostgresSql[] = "coalesce(country, '') || '|' || coalesce(city, '') || '|' || "
    TDESK_PG_COORDINATE("lat") " || '|' || " TDESK_PG_COORDINATE("lon");
#undef TDESK_PG_COORDINATE

struct PlaceKey
{
    QString country;
    QString city; // may be empty, and may itself contain '|'
    double latitude = 0;
    double longitude = 0;
};

// nullopt for text that is not a place key.
std::optional<PlaceKey> decodePlaceKey(const QString &key);

} // namespace tdesk
