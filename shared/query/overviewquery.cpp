#include "query/overviewquery.h"

#include "core/timeunits.h"
#include "query/insightquery.h"
#include "query/periodusers.h"
#include "query/rollupplan.h"
#include "query/sqlstatements.h"
#include "storage/rollups.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <array>
#include <utility>

namespace tdesk {
namespace {

// The statements of one call, bound to its project (or all projects), reading one snapshot.
class Reader : public SqlStatements
{
public:
    Reader(const QSqlDatabase &db, qint64 projectId)
        : SqlStatements(db, true)
        , m_projectId(projectId)
    {
        bind(QStringLiteral(":project"), projectId);
    }
    QString projects() const { return projectCondition(dialect(), m_projectId); }

private:
    qint64 m_projectId;
};

// Most events first, then by value; the rest summed.
Breakdown topValues(const QHash<QString, qint64> &counts, int limit)
{
    QList<ValueCount> all;
    all.reserve(counts.size());
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        all.append(ValueCount{it.key(), it.value()});
    std::sort(all.begin(), all.end(), [](const ValueCount &a, const ValueCount &b) {
        return a.events != b.events ? a.events > b.events : a.value < b.value;
    });
    Breakdown breakdown;
    breakdown.top = all.mid(0, limit);
    for (qsizetype i = limit; i < all.size(); ++i)
        breakdown.other += all.at(i).events;
    return breakdown;
}

} // namespace

qint64 overviewBucketMs(qint64 rangeLengthMs)
{
    // Minute buckets come from rollup_minute, whose rows grow with minutes times event names: up to a
    // day. Longer ranges get whole hours, from rollup_hour.
    static constexpr qint64 MinuteSizes[] = {MinuteMs,      2 * MinuteMs,  5 * MinuteMs, 10 * MinuteMs,
                                             15 * MinuteMs, 30 * MinuteMs, HourMs};
    static constexpr qint64 HourSizes[] = {HourMs, 2 * HourMs, 3 * HourMs, 6 * HourMs, 12 * HourMs, DayMs};
    const auto fits = [rangeLengthMs](qint64 size) { return ceilTo(rangeLengthMs, size) / size <= OverviewMaxPoints; };
    if (rangeLengthMs <= DayMs) {
        for (qint64 size : MinuteSizes) {
            if (fits(size))
                return size;
        }
    }
    for (qint64 size : HourSizes) {
        if (fits(size))
            return size;
    }
    const qint64 maxDays = qint64(OverviewMaxPoints) * DayMs;
    return ceilTo(rangeLengthMs, maxDays) / maxDays * DayMs;
}

namespace {

// Events per bucket of the range (see OverviewData::series): whole hours or minutes from the
// rollups, the rest from the raw events (by the (project, ts) index alone).
Series loadSeries(Reader &sql, const QString &projects, const TimeRange &range, const QList<RangePart> &plan, qint64 bucketMs)
{
    Series series;
    const qint64 firstBucket = floorTo(range.fromMs, bucketMs);
    const qint64 buckets = (floorTo(range.toMs - 1, bucketMs) - firstBucket) / bucketMs + 1;
    series.reserve(buckets);
    for (qint64 i = 0; i < buckets; ++i)
        series.append({firstBucket + i * bucketMs, 0});
    const auto addToSeries = [&](const QSqlQuery &q) {
        series[(floorTo(q.value(0).toLongLong(), bucketMs) - firstBucket) / bucketMs].second += q.value(1).toLongLong();
    };
    const auto rawPerMinute = [&](const QList<RangePart> &parts) -> QString {
        return QStringLiteral("SELECT minute, sum(sign) FROM (")
            + rawPartsSql(parts, projects, QStringLiteral("ts - ((ts % 60000) + 60000) % 60000 AS minute"))
            + QStringLiteral(") AS raw GROUP BY minute");
    };
    const auto rollupMinutes = [&](qint64 from, qint64 to, int sign) {
        // Grouped by project first, in key order: no sort, also for all projects.
        sql.each(QStringLiteral("SELECT minute_ms, %1 * sum(events) FROM rollup_minute WHERE ").arg(sign) + projects
                     + QStringLiteral(" AND minute_ms >= :minuteFrom AND minute_ms < :minuteTo GROUP BY project_id, minute_ms"),
                 {{":minuteFrom", from}, {":minuteTo", to}}, addToSeries);
    };
    if (bucketMs >= HourMs) {
        // Buckets of whole hours: each part of the plan falls in the buckets of its hours. The whole
        // days and hours come from rollup_hour (every event counts once in each dimension, and os has
        // the fewest rows per hour), the minutes from rollup_minute.
        for (const RangePart &part : plan) {
            if ((part.source == PartSource::Day || part.source == PartSource::Hour) && sql.dialect() == SqlDialect::Postgresql) {
                sql.each(QStringLiteral("SELECT hour_ms, %1 * sum(events) FROM rollup_hour WHERE ").arg(part.sign) + projects
                             + QStringLiteral(" AND hour_ms IN (%1) AND dim = %2 GROUP BY hour_ms")
                                   .arg(unitList(part.fromMs, part.toMs, HourMs)).arg(OsDim),
                         {}, addToSeries);
            } else if (part.source == PartSource::Day || part.source == PartSource::Hour) {
                sql.each(QStringLiteral("WITH RECURSIVE hours(h) AS (SELECT CAST(:hourFrom AS BIGINT) UNION ALL SELECT h + 3600000"
                                        " FROM hours WHERE h + 3600000 < :hourTo)"
                                        " SELECT hour_ms, %1 * sum(events) FROM hours CROSS JOIN rollup_hour WHERE ")
                                 .arg(part.sign)
                             + projects + QStringLiteral(" AND hour_ms = h AND dim = %1 GROUP BY hour_ms").arg(OsDim),
                         {{":hourFrom", part.fromMs}, {":hourTo", part.toMs}}, addToSeries);
            } else if (part.source == PartSource::Minute) {
                rollupMinutes(part.fromMs, part.toMs, part.sign);
            }
        }
        sql.each(rawPerMinute(plan), {}, addToSeries);
    } else {
        const qint64 minuteFrom = ceilTo(range.fromMs, MinuteMs);
        const qint64 minuteTo = floorTo(range.toMs, MinuteMs);
        QList<RangePart> cutMinutes{{PartSource::Raw, range.fromMs, range.toMs}};
        if (minuteFrom < minuteTo) {
            cutMinutes = {{PartSource::Raw, range.fromMs, minuteFrom}, {PartSource::Raw, minuteTo, range.toMs}};
            rollupMinutes(minuteFrom, minuteTo, 1);
        }
        sql.each(rawPerMinute(cutMinutes), {}, addToSeries);
    }
    return series;
}

// Per dimension, each value's events in the plan's range.
using DimensionCounts = std::array<QHash<QString, qint64>, RollupDimensionCount>;

DimensionCounts loadDimensionCounts(Reader &sql, const QString &projects, const QList<RangePart> &plan,
                                    const QList<DimensionSql> &dimensions, const QString &rawColumns)
{
    DimensionCounts counts;
    sql.each(dimensionCountsSql(sql.dialect(), plan, projects, dimensions, rawColumns), [&](const QSqlQuery &q) {
        const int dim = q.value(0).toInt();
        const qint64 n = q.value(2).toLongLong();
        if (dim >= 0 && dim < RollupDimensionCount && n > 0) // 0: seen only outside the range
            counts[dim].insert(q.value(1).toString(), n);
    });
    return counts;
}

PeriodTotals totalsOf(Reader &sql, const QString &projects, const TimeRange &range, const DimensionCounts &counts)
{
    PeriodTotals totals;
    for (qint64 n : counts[CountryDim])
        totals.events += n; // every event has exactly one country value, '' included
    totals.countries = counts[CountryDim].size() - (counts[CountryDim].contains(QString()) ? 1 : 0);
    const PeriodUsers users = countRangeUsers(sql, projects, range.fromMs, range.toMs);
    totals.users = users.users.value(QString());
    totals.usersEstimated = users.estimated;
    return totals;
}

} // namespace

Result<OverviewData> loadOverview(const QSqlDatabase &db, qint64 projectId, const TimeRange &range)
{
    if (!db.isOpen())
        return Error{QStringLiteral("reading the overview failed: the database is not open")};
    Reader sql(db, projectId);
    const QString projects = sql.projects();
    OverviewData data;
    data.range = range;
    data.previousRange = {range.fromMs - range.lengthMs(), range.fromMs};
    if (range.toMs <= range.fromMs)
        return sql.error().isEmpty() ? Result<OverviewData>(data) : Error{sql.error()};

    // Every dimension in one statement, so that the raw events are read once.
    const QList<RangePart> plan = planRangeRead(sql, projects, range);
    const DimensionCounts counts = loadDimensionCounts(sql, projects, plan,
                                                       {{EventNameDim, QStringLiteral("name"), {}},
                                                        {OsDim, QStringLiteral("coalesce(os, '')"), {}},
                                                        {AppVersionDim, QStringLiteral("coalesce(ext, '')"), {}},
                                                        {HostVersionDim, QStringLiteral("coalesce(vscode, '')"), {}},
                                                        {CountryDim, QStringLiteral("coalesce(country, '')"), {}}},
                                                       QStringLiteral("name, os, ext, vscode, country"));
    data.totals = totalsOf(sql, projects, range, counts);
    data.topEvents = topValues(counts[EventNameDim], OverviewTopEvents);
    data.os = topValues(counts[OsDim], OverviewTopValues);
    data.appVersions = topValues(counts[AppVersionDim], OverviewTopValues);
    data.hostVersions = topValues(counts[HostVersionDim], OverviewTopValues);
    data.countries = topValues(counts[CountryDim], OverviewTopValues);
    data.bucketMs = overviewBucketMs(range.lengthMs());
    data.series = loadSeries(sql, projects, range, plan, data.bucketMs);

    // The previous period: the same figures, its series moved forward onto the range's buckets.
    const QList<RangePart> previousPlan = planRangeRead(sql, projects, data.previousRange);
    data.previous = totalsOf(sql, projects, data.previousRange,
                             loadDimensionCounts(sql, projects, previousPlan,
                                                 {{CountryDim, QStringLiteral("coalesce(country, '')"), {}}},
                                                 QStringLiteral("country")));
    data.previousSeries = loadSeries(sql, projects, data.previousRange, previousPlan, data.bucketMs);
    for (auto &[start, events] : data.previousSeries)
        start += range.lengthMs();
    if (!sql.error().isEmpty())
        return Error{QStringLiteral("reading the overview failed: ") + sql.error()};
    return data;
}

Result<OverviewExtras> loadOverviewExtras(const QSqlDatabase &db, qint64 projectId, const TimeRange &range,
                                          const QStringList &eventNames)
{
    if (!db.isOpen())
        return Error{QStringLiteral("reading sessions failed: the database is not open")};
    OverviewExtras extras;
    if (range.toMs <= range.fromMs)
        return extras;
    Reader sql(db, projectId);
    const QString inRange = sql.projects() + QStringLiteral(" AND ts >= :from AND ts < :to");
    const std::initializer_list<std::pair<const char *, qint64>> params{{":from", range.fromMs}, {":to", range.toMs}};
    SessionsQuery sessions;
    sessions.filter.projectId = projectId;
    sessions.filter.range = range;
    sessions.interval = Interval::Month; // one bucket a month: only the count is read
    const auto counted = loadSessions(db, sessions);
    if (!counted)
        return Error{QStringLiteral("reading sessions failed: ") + counted.error()};
    extras.sessions = counted->sessions;
    for (const QString &name : eventNames) {
        sql.bind(QStringLiteral(":name"), name);
        extras.usersByEvent.insert(name, sql.number(QStringLiteral("SELECT count(DISTINCT user_hash) FROM events WHERE ") + inRange
                                                        + QStringLiteral(" AND name = :name AND user_hash <> ''"),
                                                    params));
    }
    if (!sql.error().isEmpty())
        return Error{QStringLiteral("reading sessions failed: ") + sql.error()};
    return extras;
}

Result<QList<QPair<qint64, qint64>>> loadEventsPerMinute(const QSqlDatabase &db, qint64 projectId,
                                                        const TimeRange &range)
{
    if (!db.isOpen())
        return Error{QStringLiteral("reading events per minute failed: the database is not open")};
    QList<QPair<qint64, qint64>> minutes;
    if (range.toMs <= range.fromMs)
        return minutes;
    const qint64 first = floorTo(range.fromMs, MinuteMs);
    for (qint64 minute = first; minute < range.toMs; minute += MinuteMs)
        minutes.append({minute, 0});
    Reader sql(db, projectId);
    sql.each(QStringLiteral("SELECT minute_ms, sum(events) FROM rollup_minute WHERE ") + sql.projects()
                 + QStringLiteral(" AND minute_ms >= :first AND minute_ms < :to GROUP BY project_id, minute_ms"),
             {{":first", first}, {":to", range.toMs}},
             [&](const QSqlQuery &q) { minutes[(q.value(0).toLongLong() - first) / MinuteMs].second += q.value(1).toLongLong(); });
    if (!sql.error().isEmpty())
        return Error{QStringLiteral("reading events per minute failed: ") + sql.error()};
    return minutes;
}

} // namespace tdesk
