#include "query/rollupcounts.h"

#include "query/sqlstatements.h"

#include <QSqlQuery>

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

QMap<qint64, qint64> usersPerDay(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay)
{
    QMap<qint64, qint64> days;
    if (endDay <= firstDay)
        return days;
    // A row per project, day and user: with one project, the rows of a day are its users. With
    // several, a user of two projects is one user.
    sql.each(QStringLiteral("SELECT day, count(DISTINCT user_hash) FROM rollup_day_users WHERE ") + projects
                 + QStringLiteral(" AND day >= :countFirstDay AND day < :countEndDay GROUP BY day"),
             {{":countFirstDay", firstDay}, {":countEndDay", endDay}},
             [&](const QSqlQuery &q) { days.insert(q.value(0).toLongLong(), q.value(1).toLongLong()); });
    return days;
}

} // namespace tdesk
