#pragma once

#include "query/timerange.h"

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>

namespace tdesk {

class SqlStatements;

// Counts read from rollup_minute and day_users alone, for answers that want whole minutes or
// whole UTC days and no raw events (the Overview's exact counts of cut minutes are planRangeRead's
// job). `sql` reads in the caller's snapshot; `projects` is projectCondition() (the caller binds
// ":project").

// Events per period of `periodMs` (a whole number of minutes; periods aligned to multiples of it
// since the epoch), keyed by the period's start, over the minutes that start in `range`. Periods
// without events are absent.
QMap<qint64, qint64> minuteRollupEventsPerPeriod(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                                 qint64 periodMs);

// Events per event name over the minutes that start in `range`; only `names` when it is not empty.
QHash<QString, qint64> minuteRollupEventsByName(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                                const QStringList &names = {});

// Distinct users per hour of the day (0..23, UTC) or per weekday (0 = Sunday, UTC) over the whole
// hours that start in `range`, exactly, from hour_users: a user active at 9:00 on two days
// counts once for 9. Hours or weekdays without users are absent.
QMap<int, qint64> usersPerHourOfDay(SqlStatements &sql, const QString &projects, const TimeRange &range);
QMap<int, qint64> usersPerWeekday(SqlStatements &sql, const QString &projects, const TimeRange &range);

// Events per value of each dimension (RollupDimension: event name, os, ext, vscode, country) and
// UTC day (day = ms / 86400000) in `range`, exactly, read where planRangeRead says (rollups wherever
// they hold the range). counts[dim][value][day]; a missing field is the value ""; zeros left out.
using DimensionDayCounts = QHash<int, QHash<QString, QMap<qint64, qint64>>>;
DimensionDayCounts dimensionCountsPerDay(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                         const QList<int> &dimensions);

} // namespace tdesk
