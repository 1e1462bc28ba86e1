#pragma once

#include "core/result.h"
#include "query/timerange.h"

#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>

namespace tdesk {

// A value of one dimension and how many events had it. "" stands for events without the field
// (shown as "unknown").
struct ValueCount
{
    QString value;
    qint64 events = 0;
    bool operator==(const ValueCount &) const = default;
};

// The values with the most events, and what the others add up to.
struct Breakdown
{
    QList<ValueCount> top; // most events first; equal counts by value
    qint64 other = 0;      // the events of every value not in `top`
};

struct OverviewData
{
    qint64 events = 0;

    // Distinct users. A range shorter than a day that holds at most OverviewExactUserEvents events
    // counts them exactly from its events. A longer one counts them over whole UTC days, its ends
    // rounded to the nearest midnight; a shorter one with more events over whole hours, its ends
    // rounded to the nearest hour (at least the hour holding its middle). Either way `usersSpan` is
    // what was counted, from the per-period user rollups (see countDayUsers): counting users from
    // the raw events of that many events would not fit the refresh budget. When those periods hold
    // more user-periods than can be counted in time (some 50,000), the count is an estimate
    // (`usersEstimated`), within a few percent.
    enum class UsersCounted { InRange, ByWholeHours, ByWholeDays };
    qint64 users = 0;
    UsersCounted usersCounted = UsersCounted::InRange;
    bool usersEstimated = false;
    TimeRange usersSpan; // the whole hours or days counted, when not InRange

    // Events in the last full minute before `nowMs` (not limited to the range).
    qint64 eventsLastMinute = 0;
    // Events refused before storage are not in the database: the caller fills this in from the
    // collector's counters.
    qint64 rejected = 0;

    // Events per bucket: every bucket from the one holding range.fromMs to the one holding the
    // range's last millisecond, empty ones included, keyed by their start. Buckets are aligned to
    // multiples of bucketMs since the epoch, so the first and last may be partly outside the range
    // (only events inside it are counted).
    qint64 bucketMs = 0;
    QList<QPair<qint64, qint64>> series;

    QList<ValueCount> topEvents; // at most OverviewTopEvents names
    Breakdown os;
    Breakdown appVersions;  // `ext`
    Breakdown hostVersions; // `vscode`
    Breakdown countries;
};

constexpr int OverviewTopEvents = 10;
constexpr qint64 OverviewExactUserEvents = 40000; // some 45 ms of SQLite's time on a small machine
constexpr int OverviewTopValues = 8;   // per breakdown
constexpr int OverviewMaxPoints = 240; // at most this many buckets, give or take the partial ones

// The bucket size loadOverview uses for a range of this length: the smallest that keeps the series
// within OverviewMaxPoints, of 1, 2, 5, 10, 15 and 30 minutes for ranges up to a day (1 minute for
// 15 min and 1 h, 10 for 24 h), and of 1, 2, 3, 6 and 12 hours and whole days for longer ones
// (1 hour for 7 d, 3 for 30 d), which whole hours of rollup_hour answer.
qint64 overviewBucketMs(qint64 rangeLengthMs);

// What the Overview shows for a project (or AllProjects: every project in the projects table) over
// a range, computed in SQL, every event count exact: the dimensions as planRangeRead() says (daily,
// hourly and recent-minute rollups, raw events for the rest); the series from rollup_hour for whole
// hours and days, rollup_minute for minutes, raw events for cut minutes. An empty or inverted range
// gives zeros (and no series).
Result<OverviewData> loadOverview(const QSqlDatabase &db, qint64 projectId, const TimeRange &range, qint64 nowMs);

// Events per minute for the live chart, from rollup_minute alone (cheap enough to call every
// second): every minute that starts in [the minute holding range.fromMs, range.toMs), empty ones
// included, keyed by its start. A minute is counted whole, also where the range cuts it.
Result<QList<QPair<qint64, qint64>>> loadEventsPerMinute(const QSqlDatabase &db, qint64 projectId,
                                                        const TimeRange &range);

} // namespace tdesk
