#pragma once

#include "core/result.h"
#include "query/readtypes.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace tdesk {

// The bucket size loadOverview uses for a range of this length: the smallest that keeps the series
// within OverviewMaxPoints, of 1, 2, 5, 10, 15 and 30 minutes for ranges up to a day (1 minute for
// 15 min and 1 h, 10 for 24 h), and of 1, 2, 3, 6 and 12 hours and whole days for longer ones
// (1 hour for 7 d, 3 for 30 d), which whole hours of rollup_hour answer.
qint64 overviewBucketMs(qint64 rangeLengthMs);

// What the Overview shows for a project (or AllProjects: every project in the projects table) over
// a range, computed in SQL, every event count exact: the dimensions as planRangeRead() says (daily,
// hourly and recent-minute rollups, raw events for the rest); the series from rollup_hour for whole
// hours and days, rollup_minute for minutes, raw events for cut minutes. An empty or inverted range
// gives zeros (and no series). The same totals and series for the period before the range, of the
// same length: the comparison.
Result<OverviewData> loadOverview(const QSqlDatabase &db, qint64 projectId, const TimeRange &range);

// What the Query API's overview adds to the Overview's figures, read from the raw events of the
// range (so it costs a scan of the range; the app's Overview does not show them).
struct OverviewExtras
{
    // Sessions with an event in the range, as the insights count them (loadSessions).
    qint64 sessions = 0;
    QHash<QString, qint64> usersByEvent; // distinct users of each event name asked for
};

Result<OverviewExtras> loadOverviewExtras(const QSqlDatabase &db, qint64 projectId, const TimeRange &range,
                                          const QStringList &eventNames);

// Events per minute for the live chart, from rollup_minute alone (cheap enough to call every
// second): every minute that starts in [the minute holding range.fromMs, range.toMs), empty ones
// included, keyed by its start. A minute is counted whole, also where the range cuts it.
Result<QList<QPair<qint64, qint64>>> loadEventsPerMinute(const QSqlDatabase &db, qint64 projectId,
                                                        const TimeRange &range);

} // namespace tdesk
