#pragma once

// The read interface's answers (query/readtypes.h) as the Query API's JSON (docs/API.md): the
// collector writes them, a remote reader reads them back. Names are snake_case; times are epoch
// milliseconds; a series is [[bucket_ms, value], …].

#include "core/project.h"
#include "core/result.h"
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

// And back: a remote reader's reading of a collector's answers. Each checks every field it takes
// (present, of its type, in range) and names the first that is not.
Result<Series> seriesFromJson(const QJsonValue &value);
Result<OverviewData> overviewFromJson(const QJsonObject &object);
Result<GeoSummary> geoFromJson(const QJsonObject &object);
Result<EventRow> eventRowFromJson(const QJsonObject &object);
Result<EventPage> eventPageFromJson(const QJsonObject &object);
Result<EventTail> eventTailFromJson(const QJsonObject &object);
Result<EventCount> eventCountFromJson(const QJsonObject &object);
Result<CollectorStatus> collectorStatusFromJson(const QJsonObject &object);
Result<StoreInfo> storeInfoFromJson(const QJsonObject &object);
Result<Project> projectFromJson(const QJsonObject &object);
Result<KeyInfo> keyFromJson(const QJsonObject &object);

// An opaque position in the newest-first walk ("<time ms>_<id>"); nullopt when malformed.
QString cursorToText(const EventCursor &cursor);
std::optional<EventCursor> cursorFromText(const QString &text);

} // namespace tdesk
