#pragma once

// The read interface's answers (query/readtypes.h) as the Query API's JSON (docs/API.md): the
// collector writes them, a remote reader reads them back. Names are snake_case; times are epoch
// milliseconds; a series is [[bucket_ms, value], …].

#include "core/project.h"
#include "query/readtypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tdesk {

// The API's major version: every answer carries it as "api".
constexpr int ApiVersion = 1;

QJsonArray seriesToJson(const Series &series);
QJsonObject overviewToJson(const OverviewData &overview);
QJsonObject geoToJson(const GeoSummary &geo);
QJsonObject eventRowToJson(const EventRow &row);
QJsonObject collectorStatusToJson(const CollectorStatus &status);
QJsonObject storeInfoToJson(const StoreInfo &info);
QJsonObject projectToJson(const Project &project);
QJsonObject keyToJson(const KeyInfo &key);

// An opaque position in the newest-first walk ("<time ms>_<id>"); nullopt when malformed.
QString cursorToText(const EventCursor &cursor);
std::optional<EventCursor> cursorFromText(const QString &text);

} // namespace tdesk
