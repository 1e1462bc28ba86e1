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

    // Distinct users. A range shorter than a day counts them exactly from its events. A longer one
    // counts them from the per-day rollup (rollup_day_users) over whole UTC days, the range's ends
    // rounded to the nearest midnight (`usersDays`): users are not kept per hour, and counting them
    // from the raw events of days would not fit the refresh budget at ten million events.
    // When those days hold more user-days than can be counted in time (some 50,000), the count is an
    // estimate (`usersEstimated`) from a random sample of the users (their hashes are HMACs; a
    // project's sampling rate is allowed for), within a few percent.
    qint64 users = 0;
    bool usersByWholeDays = false;
    bool usersEstimated = false;
    TimeRange usersDays; // when usersByWholeDays: the days counted, midnight to midnight

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
