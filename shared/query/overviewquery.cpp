#include "query/overviewquery.h"

#include "query/sqlstatements.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <utility>

namespace tdesk {
namespace {

constexpr qint64 MinuteMs = 60 * 1000;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;

// rollup_hour's dimensions the Overview reads (see schema migration 2).
enum Dimension { EventName = 0, Os = 1, AppVersion = 2, HostVersion = 3, Country = 4, DimensionCount };

// Rounds down to a multiple of `unit`, also before 1970.
qint64 floorTo(qint64 ms, qint64 unit)
{
    return ms - ((ms % unit) + unit) % unit;
}

qint64 ceilTo(qint64 ms, qint64 unit)
{
    return floorTo(ms + unit - 1, unit);
}

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
    QString projects() const { return projectCondition(m_projectId); }

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

// A stretch of raw events to add to what the rollups say (sign 1), or to take away from it (-1).
struct RawPart
{
    qint64 from;
    qint64 to;
    int sign;
};

// How a range is read: rollup_hour for the hours [hourFrom, hourTo), plus or minus raw events.
struct ReadPlan
{
    qint64 hourFrom = 0;
    qint64 hourTo = 0;
    QList<RawPart> raw;
};

// Whole hours come from rollup_hour. An hour the range cuts comes from the raw events inside the
// range, or, when fewer lie outside it, from the hour's rollup less those: a range that ends now
// leaves the rest of the current hour outside, and that is empty. Either way the counts are exact.
ReadPlan planRead(Reader &sql, const TimeRange &range)
{
    ReadPlan plan{ceilTo(range.fromMs, HourMs), floorTo(range.toMs, HourMs), {}};
    const auto events = [&](qint64 from, qint64 to) {
        return from >= to ? 0
                          : sql.number(QStringLiteral("SELECT count(*) FROM events WHERE ") + sql.projects()
                                           + QStringLiteral(" AND ts >= :from AND ts < :to"),
                                       {{":from", from}, {":to", to}});
    };
    // Plans the hour starting at `hour` of which the range holds [from, to); true: from its rollup.
    const auto planCutHour = [&](qint64 hour, qint64 from, qint64 to) {
        if (events(from, to) <= events(hour, from) + events(to, hour + HourMs)) {
            plan.raw.append({from, to, 1});
            return false;
        }
        for (const RawPart &outside : {RawPart{hour, from, -1}, RawPart{to, hour + HourMs, -1}}) {
            if (outside.from < outside.to)
                plan.raw.append(outside);
        }
        return true;
    };
    if (plan.hourFrom > plan.hourTo) { // inside one hour
        const qint64 hour = plan.hourTo;
        const bool fromRollup = planCutHour(hour, range.fromMs, range.toMs);
        plan.hourFrom = hour;
        plan.hourTo = fromRollup ? hour + HourMs : hour;
        return plan;
    }
    if (range.fromMs < plan.hourFrom && planCutHour(plan.hourFrom - HourMs, range.fromMs, plan.hourFrom))
        plan.hourFrom -= HourMs;
    if (plan.hourTo < range.toMs && planCutHour(plan.hourTo, plan.hourTo, range.toMs))
        plan.hourTo += HourMs;
    return plan;
}

// `columns` of the events of the raw parts, after their sign (`sign`).
QString rawEvents(const QString &projects, const QList<RawPart> &parts, const QString &columns)
{
    QStringList selects;
    for (const RawPart &part : parts) {
        selects << QStringLiteral("SELECT ") + QString::number(part.sign) + QStringLiteral(" AS sign, ") + columns
                + QStringLiteral(" FROM events WHERE ") + projects + QStringLiteral(" AND ts >= ")
                + QString::number(part.from) + QStringLiteral(" AND ts < ") + QString::number(part.to);
    }
    if (selects.isEmpty())
        selects << QStringLiteral("SELECT 1 AS sign, ") + columns + QStringLiteral(" FROM events WHERE 0");
    return selects.join(QStringLiteral(" UNION ALL "));
}

// Distinct users of whole days are counted exactly up to this many rows of rollup_day_users
// (user-days), some 25 ms of SQLite's time on a small machine; beyond, estimated from a sample.
constexpr qint64 ExactUserDays = 50000;

// Users over data.usersDays, from rollup_day_users.
void countUsersByDays(Reader &sql, OverviewData &data)
{
    const auto days = {std::pair{":firstDay", data.usersDays.fromMs / DayMs}, std::pair{":endDay", data.usersDays.toMs / DayMs}};
    const QString projects = sql.projects();
    // Rows of the days whose user hash is below `bound`, looked up day by day: within a day, rows are
    // in hash order, so only the sampled ones are read.
    const auto sampleRows = [&](const QString &what, const QString &bound) -> QString {
        return QStringLiteral("WITH RECURSIVE days(d) AS (SELECT :firstDay UNION ALL SELECT d + 1 FROM days"
                              " WHERE d + 1 < :endDay) SELECT ")
            + what + QStringLiteral(" FROM days CROSS JOIN rollup_day_users WHERE ") + projects
            + QStringLiteral(" AND day = d AND user_hash < '") + bound + QStringLiteral("'");
    };
    // User hashes are HMACs in hex, so the first two digits put 1/256 of the users in a sample.
    const qint64 userDays = 256 * sql.number(sampleRows(QStringLiteral("count(*)"), QStringLiteral("01")), days);
    if (userDays <= ExactUserDays) {
        data.users = sql.number(QStringLiteral("SELECT count(DISTINCT user_hash) FROM rollup_day_users WHERE ") + projects
                                    + QStringLiteral(" AND day >= :firstDay AND day < :endDay"),
                                days);
        return;
    }
    // Too many to count in time: count the users whose hash starts below `bound` (4 hex digits) and
    // scale up by the share of the hash space that is. A project that samples its users keeps only
    // those whose hash starts below its sample rate (of the same space), so there the share is
    // bound / rate.
    data.usersEstimated = true;
    const qint64 bound = std::max<qint64>(1, ExactUserDays * 65536 / userDays);
    const double share = double(bound) / 65536.0;
    QHash<qint64, double> sampleRates;
    sql.each(QStringLiteral("SELECT id, sample_rate FROM projects"), {},
             [&](const QSqlQuery &q) { sampleRates.insert(q.value(0).toLongLong(), q.value(1).toDouble()); });
    sql.each(sampleRows(QStringLiteral("project_id, count(DISTINCT user_hash)"),
                        QString::number(bound, 16).rightJustified(4, u'0'))
                 + QStringLiteral(" GROUP BY project_id"),
             days, [&](const QSqlQuery &q) {
                 const double rate = sampleRates.value(q.value(0).toLongLong(), 1.0);
                 const qint64 sampled = q.value(1).toLongLong();
                 data.users += share < rate ? qint64(std::llround(double(sampled) * rate / share)) : sampled;
             });
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

Result<OverviewData> loadOverview(const QSqlDatabase &db, qint64 projectId, const TimeRange &range, qint64 nowMs)
{
    if (!db.isOpen())
        return Error{QStringLiteral("reading the overview failed: the database is not open")};
    Reader sql(db, projectId);
    const QString projects = sql.projects();
    OverviewData data;
    data.eventsLastMinute = sql.number(QStringLiteral("SELECT sum(events) FROM rollup_minute WHERE ") + projects
                                           + QStringLiteral(" AND minute_ms = :lastMinute"),
                                       {{":lastMinute", floorTo(nowMs, MinuteMs) - MinuteMs}});
    if (range.toMs <= range.fromMs)
        return sql.error().isEmpty() ? Result<OverviewData>(data) : Error{sql.error()};

    const ReadPlan plan = planRead(sql, range);
    const auto hourParams = {std::pair{":hourFrom", plan.hourFrom}, std::pair{":hourTo", plan.hourTo}};
    // The rows of rollup_hour are keyed (project, hour, dim, value), and most of an hour's rows are
    // places (dim 5). Looking up each hour's dimensions by key skips them; a range scan would not.
    const QString hours = QStringLiteral("WITH RECURSIVE hours(h) AS (SELECT :hourFrom WHERE :hourFrom < :hourTo"
                                         " UNION ALL SELECT h + 3600000 FROM hours WHERE h + 3600000 < :hourTo)");
    const QString hourRows = QStringLiteral(" FROM hours CROSS JOIN rollup_hour WHERE ") + projects
        + QStringLiteral(" AND hour_ms = h AND dim");

    // Every dimension in one statement, so that the raw events are read once.
    QHash<QString, qint64> counts[DimensionCount];
    sql.each(hours + QStringLiteral(", raw AS MATERIALIZED (")
                 + rawEvents(projects, plan.raw, QStringLiteral("name, os, ext, vscode, country"))
                 + QStringLiteral(") SELECT dim, value, sum(n) FROM (SELECT dim, value, events AS n") + hourRows
                 + QStringLiteral(" < 5"
                                  " UNION ALL SELECT 0, name, sum(sign) FROM raw GROUP BY 2"
                                  " UNION ALL SELECT 1, coalesce(os, ''), sum(sign) FROM raw GROUP BY 2"
                                  " UNION ALL SELECT 2, coalesce(ext, ''), sum(sign) FROM raw GROUP BY 2"
                                  " UNION ALL SELECT 3, coalesce(vscode, ''), sum(sign) FROM raw GROUP BY 2"
                                  " UNION ALL SELECT 4, coalesce(country, ''), sum(sign) FROM raw GROUP BY 2"
                                  ") GROUP BY dim, value"),
             hourParams, [&](const QSqlQuery &q) {
                 const int dim = q.value(0).toInt();
                 const qint64 n = q.value(2).toLongLong();
                 if (dim >= 0 && dim < DimensionCount && n > 0) // 0: seen only outside the range
                     counts[dim].insert(q.value(1).toString(), n);
             });
    for (qint64 n : std::as_const(counts[EventName]))
        data.events += n;
    data.topEvents = topValues(counts[EventName], OverviewTopEvents).top;
    data.os = topValues(counts[Os], OverviewTopValues);
    data.appVersions = topValues(counts[AppVersion], OverviewTopValues);
    data.hostVersions = topValues(counts[HostVersion], OverviewTopValues);
    data.countries = topValues(counts[Country], OverviewTopValues);

    // The series: whole hours or minutes from the rollups, the rest from the raw events (by the
    // (project, ts) index alone).
    data.bucketMs = overviewBucketMs(range.lengthMs());
    const qint64 firstBucket = floorTo(range.fromMs, data.bucketMs);
    const qint64 buckets = (floorTo(range.toMs - 1, data.bucketMs) - firstBucket) / data.bucketMs + 1;
    data.series.reserve(buckets);
    for (qint64 i = 0; i < buckets; ++i)
        data.series.append({firstBucket + i * data.bucketMs, 0});
    const auto addToSeries = [&](const QSqlQuery &q) {
        data.series[(floorTo(q.value(0).toLongLong(), data.bucketMs) - firstBucket) / data.bucketMs].second
            += q.value(1).toLongLong();
    };
    const auto rawPerMinute = [&](const QList<RawPart> &parts) -> QString {
        return QStringLiteral("SELECT minute, sum(sign) FROM (")
            + rawEvents(projects, parts, QStringLiteral("ts - ((ts % 60000) + 60000) % 60000 AS minute"))
            + QStringLiteral(") GROUP BY minute");
    };
    if (data.bucketMs >= HourMs) {
        // Buckets of whole hours: the plan's hours and raw parts fall in the buckets of their hours.
        // Every event counts once in each dimension, and os has the fewest rows per hour.
        sql.each(hours + QStringLiteral(" SELECT hour_ms, sum(events)") + hourRows + QStringLiteral(" = 1 GROUP BY hour_ms"),
                 hourParams, addToSeries);
        sql.each(rawPerMinute(plan.raw), {}, addToSeries);
    } else {
        const qint64 minuteFrom = ceilTo(range.fromMs, MinuteMs);
        const qint64 minuteTo = floorTo(range.toMs, MinuteMs);
        QList<RawPart> cutMinutes{{range.fromMs, range.toMs, 1}};
        if (minuteFrom < minuteTo) {
            cutMinutes = {{range.fromMs, minuteFrom, 1}, {minuteTo, range.toMs, 1}};
            // Grouped by project first, in key order: no sort, also for all projects.
            sql.each(QStringLiteral("SELECT minute_ms, sum(events) FROM rollup_minute WHERE ") + projects
                         + QStringLiteral(" AND minute_ms >= :minuteFrom AND minute_ms < :minuteTo"
                                          " GROUP BY project_id, minute_ms"),
                     {{":minuteFrom", minuteFrom}, {":minuteTo", minuteTo}}, addToSeries);
        }
        sql.each(rawPerMinute(cutMinutes), {}, addToSeries);
    }

    if (range.lengthMs() < DayMs) {
        data.users = sql.number(QStringLiteral("SELECT count(DISTINCT user_hash) FROM events WHERE ") + projects
                                    + QStringLiteral(" AND ts >= :from AND ts < :to"),
                                {{":from", range.fromMs}, {":to", range.toMs}});
    } else {
        // At least a day long, so the rounded ends are at least a day apart.
        data.usersByWholeDays = true;
        data.usersDays = {floorTo(range.fromMs + DayMs / 2, DayMs), floorTo(range.toMs + DayMs / 2, DayMs)};
        countUsersByDays(sql, data);
    }
    if (!sql.error().isEmpty())
        return Error{QStringLiteral("reading the overview failed: ") + sql.error()};
    return data;
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
