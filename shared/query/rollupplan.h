#pragma once

#include "query/timerange.h"
#include "storage/readconnection.h"

#include <QList>
#include <QString>

namespace tdesk {

class SqlStatements;

// Where the events of a range are counted from. The dimension rollups (schema migrations 2 and 3)
// count the same events per day, hour and minute; raw events fill in the rest.
enum class PartSource { Day, Hour, Minute, Raw };

// A stretch of time [fromMs, toMs) read from one source, whose counts are added (sign 1) or taken
// away (-1): an hour the range cuts may be read as the whole hour less what lies outside the range.
struct RangePart
{
    PartSource source;
    qint64 fromMs;
    qint64 toMs;
    int sign = 1;
    bool operator==(const RangePart &) const = default;
};

// How to count a range's events exactly: rollup_day for the whole days it has built, rollup_hour
// for the other whole hours, and, in an hour the range cuts, either the part inside or the whole
// hour less the parts outside (whichever leaves fewer raw events), each read from rollup_recent's
// whole minutes where that table is exact and from raw events elsewhere. `sql` reads in the
// caller's snapshot; `projects` is projectCondition().
QList<RangePart> planRangeRead(SqlStatements &sql, const QString &projects, const TimeRange &range);

// A dimension to count: its number in the rollups, and how an events row gives its value
// (`rawValue`, SQL over the columns of rawColumns) and whether it counts (`rawCondition`, "" for all).
struct DimensionSql
{
    int dim;
    QString rawValue;
    QString rawCondition;
};

// A statement giving rows (dim, value, events, day) for the dimensions over the plan's parts. Values
// counted only outside the range come out as 0. `rawColumns` are the events columns the dimensions
// read. `perDay`: counted per UTC day (day = ms / 86400000) too; else `day` is 0.
QString dimensionCountsSql(SqlDialect dialect, const QList<RangePart> &plan, const QString &projects,
                           const QList<DimensionSql> &dimensions, const QString &rawColumns, bool perDay = false);
// The time units first, first + step, … below end, as an SQL list ("1,2,3"). Rollups are looked up
// unit by unit: on SQLite by joining a recursive CTE of the units (a nested loop of key lookups); on
// PostgreSQL with `key IN (list)`, as its planner would hash-join the whole rollup with such a CTE.
QString unitList(qint64 first, qint64 end, qint64 step);

// `columns` of the raw parts' events, with their sign as column `sign`.
QString rawPartsSql(const QList<RangePart> &plan, const QString &projects, const QString &columns);

} // namespace tdesk
