#pragma once

#include "core/result.h"
#include "query/readtypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace tdesk {

// What the world map shows for a project (or AllProjects) over a range, from the rollups: events per
// country and per place are exact, read as planRangeRead() says. Users are distinct user
// hashes over the whole UTC days the range touches (rollup_day_country_users keeps users per day,
// not per hour), so a country can have users but no events in a range that starts or ends inside a
// day. Over many user-days they are estimated (see countDayUsers). An empty or inverted range gives
// an empty summary.
Result<GeoSummary> loadGeoSummary(const QSqlDatabase &db, qint64 projectId, const TimeRange &range,
                                  int maxPlaces = 5000);

} // namespace tdesk
