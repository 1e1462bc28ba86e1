#include "query/timebuckets.h"

#include "core/timeunits.h"

#include <QDateTime>

#include <algorithm>

namespace tdesk {
namespace {

qint64 localMidnight(QDate date, const QTimeZone &zone)
{
    // A midnight skipped by a DST change moves to the first instant of the day.
    return QDateTime(date, QTime(0, 0), zone).toMSecsSinceEpoch();
}

} // namespace

QTimeZone insightZone(const QString &name)
{
    if (name.isEmpty() || name.size() > 64)
        return {};
    const QByteArray id = name.toUtf8();
    // QTimeZone also takes "UTC+05:00"-like ids of its own; only IANA names are offered.
    if (id != "UTC" && !QTimeZone::isTimeZoneIdAvailable(id))
        return {};
    return QTimeZone(id);
}

Interval defaultInterval(const TimeRange &range)
{
    return range.lengthMs() <= 3 * HourMs ? Interval::Minute : range.lengthMs() <= 3 * DayMs ? Interval::Hour : Interval::Day;
}

qint64 TimeBuckets::startOf(qint64 ms, const QTimeZone &zone, Interval interval)
{
    switch (interval) {
    case Interval::Minute:
        return floorTo(ms, MinuteMs);
    case Interval::Hour: { // the elapsed hour that starts on a whole local hour
        const qint64 local = ms + qint64(zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(ms, zone))) * SecondMs;
        return ms - (local - floorTo(local, HourMs));
    }
    case Interval::Day:
    case Interval::Week:
    case Interval::Month: {
        QDate date = QDateTime::fromMSecsSinceEpoch(ms, zone).date();
        if (interval == Interval::Week)
            date = date.addDays(1 - date.dayOfWeek());
        else if (interval == Interval::Month)
            date = QDate(date.year(), date.month(), 1);
        return localMidnight(date, zone);
    }
    }
    return ms;
}

qint64 TimeBuckets::nextStart(qint64 start, const QTimeZone &zone, Interval interval)
{
    switch (interval) {
    case Interval::Minute:
        return start + MinuteMs;
    case Interval::Hour:
        return std::max(start + MinuteMs, startOf(start + HourMs, zone, interval));
    case Interval::Day:
    case Interval::Week:
    case Interval::Month: {
        const QDate date = QDateTime::fromMSecsSinceEpoch(start, zone).date();
        const QDate next = interval == Interval::Day ? date.addDays(1)
            : interval == Interval::Week             ? date.addDays(7)
                                                     : date.addMonths(1);
        return localMidnight(next, zone);
    }
    }
    return start + MinuteMs;
}

Result<TimeBuckets> TimeBuckets::make(const QString &timeZone, Interval interval, const TimeRange &range)
{
    const QTimeZone zone = insightZone(timeZone);
    if (!zone.isValid())
        return Error{QStringLiteral("unknown time zone \"%1\" (an IANA name such as Europe/Berlin is expected)").arg(timeZone.left(64))};
    TimeBuckets buckets;
    if (range.toMs <= range.fromMs)
        return buckets;
    for (qint64 start = startOf(range.fromMs, zone, interval); start < range.toMs; start = nextStart(start, zone, interval)) {
        if (buckets.m_starts.size() == MaxBuckets)
            return Error{QStringLiteral("the range holds more than %1 buckets: choose a longer interval or a shorter range").arg(MaxBuckets)};
        buckets.m_starts.append(start);
    }
    return buckets;
}

qsizetype TimeBuckets::indexOf(qint64 ms) const
{
    return std::upper_bound(m_starts.cbegin(), m_starts.cend(), ms) - m_starts.cbegin() - 1;
}

QString TimeBuckets::indexSql(const QString &time) const
{
    if (m_starts.size() <= 1)
        return QStringLiteral("0");
    // Bucket i holds [starts[i], starts[i + 1]): a balanced tree of comparisons, log2(n) deep.
    const auto tree = [&](auto &&self, qsizetype low, qsizetype high) -> QString { // buckets [low, high)
        if (high - low == 1)
            return QString::number(low);
        const qsizetype middle = (low + high) / 2;
        return QStringLiteral("CASE WHEN %1 < %2 THEN %3 ELSE %4 END")
            .arg(time, QString::number(m_starts[middle]), self(self, low, middle), self(self, middle, high));
    };
    return tree(tree, 0, m_starts.size());
}

} // namespace tdesk
