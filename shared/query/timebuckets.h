#pragma once

#include "core/result.h"
#include "query/insighttypes.h"

#include <QList>
#include <QString>
#include <QTimeZone>

namespace tdesk {

// The buckets of a range in a time zone: minutes, hours (elapsed, so a DST change repeats or skips a
// local hour label, never merges two hours), local days, Monday weeks and months. The first bucket
// holds the range's start (and may begin before it); the last begins before its end.
class TimeBuckets
{
public:
    // Fails for a zone that is not an IANA name this machine knows, and for more than MaxBuckets.
    static Result<TimeBuckets> make(const QString &timeZone, Interval interval, const TimeRange &range);
    static constexpr int MaxBuckets = 3000;

    const QList<qint64> &starts() const { return m_starts; }
    qsizetype size() const { return m_starts.size(); }
    // The bucket holding `ms`, -1 before the first; after the last bucket's start, the last.
    qsizetype indexOf(qint64 ms) const;
    // SQL giving the bucket index of the epoch-ms expression `time` (a CASE tree of the bucket
    // starts, so the database needs no zone rules of its own; the index of the nearest earlier
    // bucket for a time before the first is 0).
    QString indexSql(const QString &time) const;

    // The start of the interval holding `ms` in `zone`, and the one after it.
    static qint64 startOf(qint64 ms, const QTimeZone &zone, Interval interval);
    static qint64 nextStart(qint64 start, const QTimeZone &zone, Interval interval);

private:
    QList<qint64> m_starts;
};

// The interval a chart of the range reads best in when none is asked for: minutes up to 3 hours,
// hours up to 3 days, then days.
Interval defaultInterval(const TimeRange &range);

// A zone by IANA name ("UTC" included); invalid when this machine does not know it.
QTimeZone insightZone(const QString &name);

} // namespace tdesk
