#include "query/rollupcounts.h"

#include "query/periodusers.h"
#include "query/rollupplan.h"
#include "query/sqlstatements.h"
#include "storage/rollups.h"
#include "storage/userrollup.h"

#include <QSqlQuery>

#include <cmath>

// The parameters are named so that no caller's common parameter (":from", ":to", ...) is part of
// their names: SqlStatements binds a common parameter wherever a statement's text contains it.
namespace tdesk {

QMap<qint64, qint64> minuteRollupEventsPerPeriod(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                                 qint64 periodMs)
{
    QMap<qint64, qint64> periods;
    if (range.toMs <= range.fromMs || periodMs <= 0)
        return periods;
    sql.each(QStringLiteral("SELECT minute_ms - ((minute_ms % :countPeriod) + :countPeriod) % :countPeriod, sum(events)"
                            " FROM rollup_minute WHERE ")
                 + projects + QStringLiteral(" AND minute_ms >= :countFrom AND minute_ms < :countTo GROUP BY 1"),
             {{":countPeriod", periodMs}, {":countFrom", range.fromMs}, {":countTo", range.toMs}},
             [&](const QSqlQuery &q) { periods[q.value(0).toLongLong()] += q.value(1).toLongLong(); });
    return periods;
}

QHash<QString, qint64> minuteRollupEventsByName(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                                const QStringList &names)
{
    QHash<QString, qint64> counts;
    if (range.toMs <= range.fromMs)
        return counts;
    QString only;
    if (!names.isEmpty()) {
        QStringList quoted;
        for (const QString &name : names)
            quoted << u'\'' + QString(name).replace(u'\'', QStringLiteral("''")) + u'\'';
        only = QStringLiteral(" AND name IN (") + quoted.join(u',') + u')';
    }
    sql.each(QStringLiteral("SELECT name, sum(events) FROM rollup_minute WHERE ") + projects
                 + QStringLiteral(" AND minute_ms >= :countFrom AND minute_ms < :countTo") + only + QStringLiteral(" GROUP BY name"),
             {{":countFrom", range.fromMs}, {":countTo", range.toMs}},
             [&](const QSqlQuery &q) { counts[q.value(0).toString()] += q.value(1).toLongLong(); });
    return counts;
}

namespace {

QMap<int, qint64> usersPerCycle(SqlStatements &sql, const QString &projects, const TimeRange &range, const char *part)
{
    QMap<int, qint64> users;
    if (range.toMs <= range.fromMs)
        return users;
    const UserSample sample = userSample(sql, projects, HourUsers, range.fromMs, range.toMs);
    sql.each(QStringLiteral("SELECT %1, count(DISTINCT user_hash) FROM hour_users WHERE ").arg(QLatin1String(part))
                 + projects + QStringLiteral(" AND hour_ms >= :cycleFrom AND hour_ms < :cycleTo") + sample.condition
                 + QStringLiteral(" GROUP BY 1"),
             {{":cycleFrom", range.fromMs}, {":cycleTo", range.toMs}},
             [&](const QSqlQuery &q) { users.insert(q.value(0).toInt(), std::llround(q.value(1).toDouble() * sample.scale)); });
    return users;
}

} // namespace

QMap<int, qint64> usersPerHourOfDay(SqlStatements &sql, const QString &projects, const TimeRange &range)
{
    return usersPerCycle(sql, projects, range, "hour_ms / 3600000 % 24");
}

QMap<int, qint64> usersPerWeekday(SqlStatements &sql, const QString &projects, const TimeRange &range)
{
    return usersPerCycle(sql, projects, range, "(hour_ms / 86400000 + 4) % 7"); // 1970-01-01 was a Thursday
}

DimensionDayCounts dimensionCountsPerDay(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                         const QList<int> &dimensions)
{
    DimensionDayCounts counts;
    if (range.toMs <= range.fromMs || dimensions.isEmpty())
        return counts;
    // How a raw events row gives each dimension's value, as the rollups key it.
    static const QHash<int, QString> rawValue{{EventNameDim, QStringLiteral("name")},
                                              {OsDim, QStringLiteral("coalesce(os, '')")},
                                              {AppVersionDim, QStringLiteral("coalesce(ext, '')")},
                                              {HostVersionDim, QStringLiteral("coalesce(vscode, '')")},
                                              {CountryDim, QStringLiteral("coalesce(country, '')")}};
    QList<DimensionSql> dims;
    for (int dim : dimensions) {
        if (rawValue.contains(dim))
            dims.append({dim, rawValue.value(dim), {}});
    }
    const QList<RangePart> plan = planRangeRead(sql, projects, range);
    sql.each(dimensionCountsSql(sql.dialect(), plan, projects, dims, QStringLiteral("name, os, ext, vscode, country"), true),
             [&](const QSqlQuery &q) {
                 if (const qint64 n = q.value(2).toLongLong(); n > 0) // 0: seen only outside the range
                     counts[q.value(0).toInt()][q.value(1).toString()][q.value(3).toLongLong()] = n;
             });
    return counts;
}

} // namespace tdesk
