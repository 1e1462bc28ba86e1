#pragma once

#include "core/result.h"
#include "query/readtypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace tdesk {

// What the world map shows for a project (or AllProjects) over a range, from the rollups: events per
// country and per place are exact, read as planRangeRead() says. Users are distinct user hashes
// over exactly the range, in total and per country (countRangeUsers, countRangeUsersByCountry);
// over many user-periods they are estimated. An empty or inverted range gives an empty summary.
Result<GeoSummary> loadGeoSummary(const QSqlDatabase &db, qint64 projectId, const TimeRange &range,
                                  int maxPlaces = 5000);

} // namespace tdesk
