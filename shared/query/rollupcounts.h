#pragma once

#include "query/timerange.h"

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>

namespace tdesk {

class SqlStatements;

// Counts read from rollup_minute and rollup_day_users alone, for answers that want whole minutes or
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

// Distinct users of each UTC day in [firstDay, endDay) (day = ms / 86400000) on its own, exactly,
// keyed by day. Days without users are absent. (countDayUsers counts users over all the days.)
QMap<qint64, qint64> usersPerDay(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay);

} // namespace tdesk
