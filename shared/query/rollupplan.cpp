#include "query/rollupplan.h"

#include "core/timeunits.h"
#include "query/sqlstatements.h"
#include "storage/metakeys.h"

#include <QSqlQuery>

#include <algorithm>

namespace tdesk {
namespace {

// The stretches where each rollup is exact, as the writer last marked them (see migration 3).
struct RollupMarks
{
    qint64 dayThroughMs = 0;
    qint64 recentFromMs = 0;
    qint64 recentThroughMs = 0;
};

class Planner
{
public:
    Planner(SqlStatements &sql, const QString &projects)
        : m_sql(sql)
        , m_projects(projects)
    {
        m_sql.each(QStringLiteral("SELECT key, value FROM meta WHERE key IN ('%1', '%2', '%3')")
                       .arg(QLatin1String(MetaKey::RollupDayThrough), QLatin1String(MetaKey::RollupRecentFrom),
                            QLatin1String(MetaKey::RollupRecentThrough)),
                   [this](const QSqlQuery &q) {
                       const QString key = q.value(0).toString();
                       const qint64 value = q.value(1).toLongLong();
                       if (key == QLatin1String(MetaKey::RollupDayThrough))
                           m_marks.dayThroughMs = value * DayMs;
                       else if (key == QLatin1String(MetaKey::RollupRecentFrom))
                           m_marks.recentFromMs = value;
                       else
                           m_marks.recentThroughMs = value;
                   });
    }

    QList<RangePart> plan(const TimeRange &range)
    {
        const qint64 dayFrom = ceilTo(range.fromMs, DayMs);
        const qint64 dayTo = std::min(floorTo(range.toMs, DayMs), m_marks.dayThroughMs);
        if (dayFrom < dayTo) {
            m_parts.append({PartSource::Day, dayFrom, dayTo});
            planHours(range.fromMs, dayFrom);
            planHours(dayTo, range.toMs);
        } else {
            planHours(range.fromMs, range.toMs);
        }
        return m_parts;
    }

private:
    void planHours(qint64 from, qint64 to)
    {
        if (from >= to)
            return;
        const qint64 hourFrom = ceilTo(from, HourMs);
        const qint64 hourTo = floorTo(to, HourMs);
        if (hourFrom > hourTo) { // inside one hour
            planCutHour(hourTo, from, to);
            return;
        }
        if (hourFrom < hourTo)
            m_parts.append({PartSource::Hour, hourFrom, hourTo});
        if (from < hourFrom)
            planCutHour(hourFrom - HourMs, from, hourFrom);
        if (hourTo < to)
            planCutHour(hourTo, hourTo, to);
    }

    // The hour starting at `hour`, of which the range holds [from, to).
    void planCutHour(qint64 hour, qint64 from, qint64 to)
    {
        const QList<RangePart> inside = fine(from, to, 1);
        const qint64 rawInside = rawEvents(inside);
        if (rawInside == 0) {
            m_parts += inside;
            return;
        }
        QList<RangePart> outside{{PartSource::Hour, hour, hour + HourMs}};
        outside += fine(hour, from, -1);
        outside += fine(to, hour + HourMs, -1);
        m_parts += rawEvents(outside) < rawInside ? outside : inside;
    }

    // [from, to): whole minutes of rollup_recent where it is exact, raw events elsewhere.
    QList<RangePart> fine(qint64 from, qint64 to, int sign) const
    {
        if (from >= to)
            return {};
        const qint64 minuteFrom = std::max(ceilTo(from, MinuteMs), m_marks.recentFromMs);
        const qint64 minuteTo = std::min(floorTo(to, MinuteMs), m_marks.recentThroughMs);
        if (minuteFrom >= minuteTo)
            return {{PartSource::Raw, from, to, sign}};
        QList<RangePart> parts{{PartSource::Minute, minuteFrom, minuteTo, sign}};
        if (from < minuteFrom)
            parts.append({PartSource::Raw, from, minuteFrom, sign});
        if (minuteTo < to)
            parts.append({PartSource::Raw, minuteTo, to, sign});
        return parts;
    }

    qint64 rawEvents(const QList<RangePart> &parts)
    {
        qint64 events = 0;
        for (const RangePart &part : parts) {
            if (part.source == PartSource::Raw)
                events += m_sql.number(QStringLiteral("SELECT count(*) FROM events WHERE ") + m_projects
                                           + QStringLiteral(" AND ts >= :from AND ts < :to"),
                                       {{":from", part.fromMs}, {":to", part.toMs}});
        }
        return events;
    }

    SqlStatements &m_sql;
    QString m_projects;
    RollupMarks m_marks;
    QList<RangePart> m_parts;
};

} // namespace

QList<RangePart> planRangeRead(SqlStatements &sql, const QString &projects, const TimeRange &range)
{
    if (range.toMs <= range.fromMs)
        return {};
    return Planner(sql, projects).plan(range);
}

QString rawPartsSql(const QList<RangePart> &plan, const QString &projects, const QString &columns)
{
    QStringList selects;
    for (const RangePart &part : plan) {
        if (part.source != PartSource::Raw)
            continue;
        selects << QStringLiteral("SELECT %1 AS sign, %2 FROM events WHERE %3 AND ts >= %4 AND ts < %5")
                       .arg(part.sign).arg(columns, projects).arg(part.fromMs).arg(part.toMs);
    }
    if (selects.isEmpty())
        selects << QStringLiteral("SELECT 1 AS sign, %1 FROM events WHERE 1 = 0").arg(columns);
    return selects.join(QStringLiteral(" UNION ALL "));
}

QString unitList(qint64 first, qint64 end, qint64 step)
{
    QStringList units;
    for (qint64 k = first; k < end; k += step)
        units << QString::number(k);
    return units.join(u',');
}

QString dimensionCountsSql(SqlDialect dialect, const QList<RangePart> &plan, const QString &projects,
                           const QList<DimensionSql> &dimensions, const QString &rawColumns, bool perDay)
{
    QStringList dims;
    for (const DimensionSql &d : dimensions)
        dims << QString::number(d.dim);
    // A rollup's rows are keyed (project, time, dim, value): looking each time unit's dimensions up
    // by key skips the other dimensions' rows (mostly places), which a range scan would read.
    // Every part lies within one UTC day per row (hours and minutes never straddle midnight).
    const QString rawDay = perDay ? QStringLiteral("ts / 86400000") : QStringLiteral("0");
    QStringList units{QStringLiteral("raw AS MATERIALIZED (")
                      + rawPartsSql(plan, projects, rawColumns + QStringLiteral(", ") + rawDay + QStringLiteral(" AS day")) + u')'};
    QStringList selects;
    for (const RangePart &part : plan) {
        const auto [table, key, unit] = [&]() -> std::tuple<QString, QString, qint64> {
            switch (part.source) {
            case PartSource::Day: return {QStringLiteral("rollup_day"), QStringLiteral("day"), 1};
            case PartSource::Hour: return {QStringLiteral("rollup_hour"), QStringLiteral("hour_ms"), HourMs};
            case PartSource::Minute: return {QStringLiteral("rollup_recent"), QStringLiteral("minute_ms"), MinuteMs};
            case PartSource::Raw: break;
            }
            return {};
        }();
        if (table.isEmpty())
            continue;
        const qint64 first = part.source == PartSource::Day ? part.fromMs / DayMs : part.fromMs;
        const qint64 end = part.source == PartSource::Day ? part.toMs / DayMs : part.toMs;
        const QString day = !perDay ? QStringLiteral("0")
            : part.source == PartSource::Day ? key : key + QStringLiteral(" / 86400000");
        if (dialect == SqlDialect::Postgresql) {
            selects << QStringLiteral("SELECT dim, value, %1 * events AS n, %7 AS day FROM %2 WHERE %3 AND %4 IN (%5) AND dim IN (%6)")
                           .arg(part.sign).arg(table, projects, key, unitList(first, end, unit), dims.join(u','), day);
            continue;
        }
        const QString name = QStringLiteral("u") + QString::number(units.size());
        units << QStringLiteral("%1(k) AS (SELECT %2 UNION ALL SELECT k + %3 FROM %1 WHERE k + %3 < %4)")
                     .arg(name).arg(first).arg(unit).arg(end);
        selects << QStringLiteral("SELECT dim, value, %1 * events AS n, %7 AS day FROM %2 CROSS JOIN %3 WHERE %4 AND %5 = k AND dim IN (%6)")
                       .arg(part.sign).arg(name, table, projects, key, dims.join(u','), day);
    }
    for (const DimensionSql &d : dimensions) {
        selects << QStringLiteral("SELECT %1 AS dim, %2 AS value, sum(sign) AS n, day FROM raw%3 GROUP BY 2, 4")
                       .arg(d.dim)
                       .arg(d.rawValue, d.rawCondition.isEmpty() ? QString() : QStringLiteral(" WHERE ") + d.rawCondition);
    }
    return QStringLiteral("WITH RECURSIVE ") + units.join(QStringLiteral(", ")) + QStringLiteral(" SELECT dim, value, sum(n) AS n, day FROM (")
        + selects.join(QStringLiteral(" UNION ALL ")) + QStringLiteral(") AS parts GROUP BY dim, value, day");
}

} // namespace tdesk
