#include "query/periodusers.h"

#include "core/timeunits.h"
#include "query/rollupplan.h"
#include "query/sqlstatements.h"
#include "storage/userrollup.h"

#include <QSqlQuery>

#include <algorithm>
#include <functional>
#include <cmath>

namespace tdesk {
namespace {

constexpr qint64 ExactUserPeriods = 50000;
constexpr qint64 AllUsers = 0x10000; // a bound on a hash's first 4 hex digits that every user is below

QString hexBound(qint64 bound)
{
    return QString::number(bound, 16).rightJustified(4, u'0');
}

// The smallest sample bound (storage/userrollup.h) of the periods `condition` selects in
// rollup_user_samples; AllUsers when none of them is sampled.
qint64 sampledBelow(SqlStatements &sql, const QString &condition)
{
    qint64 below = AllUsers;
    sql.each(QStringLiteral("SELECT min(below) FROM rollup_user_samples WHERE ") + condition, [&](const QSqlQuery &q) {
        if (!q.isNull(0))
            below = q.value(0).toString().toLongLong(nullptr, 16);
    });
    return below;
}

// `rows(bound)` is a statement giving the rows counted, as columns (k, project_id, user_hash): users
// are counted per k. With a bound, only the rows whose user hash is below it (hex digits): the
// rollups are keyed by hash, so only the sampled rows are read. `below`: the smallest bound of a
// sampled period among those read (AllUsers: none), below which every period holds all its users.
PeriodUsers countUsers(SqlStatements &sql, qint64 below, const std::function<QString(const QString &bound)> &rows)
{
    PeriodUsers result;
    // The users below 0100 are 1/256 of them (fewer where a period keeps a smaller sample).
    const qint64 probe = std::min<qint64>(0x100, below);
    const qint64 userPeriods = sql.number(QStringLiteral("SELECT count(*) FROM (") + rows(hexBound(probe)) + QStringLiteral(") AS sampled")) * AllUsers / probe;
    if (below == AllUsers && userPeriods <= ExactUserPeriods) {
        sql.each(QStringLiteral("SELECT k, count(DISTINCT user_hash) FROM (") + rows(QString()) + QStringLiteral(") AS rows GROUP BY k"),
                 [&](const QSqlQuery &q) { result.users.insert(q.value(0).toString(), q.value(1).toLongLong()); });
        return result;
    }
    // Count the users whose hash starts below `bound` (4 hex digits) and scale up by the share of the
    // hash space that is. A project that samples its users keeps only those whose hash starts below
    // its rate (of the same space), so there the share is bound / rate. A user of several projects
    // counts once, at the largest rate among them; where no project samples (the usual case), every
    // rate is 1 and no row needs its project's (a third less time on PostgreSQL).
    result.estimated = true;
    const qint64 bound = std::clamp<qint64>(ExactUserPeriods * AllUsers / std::max<qint64>(userPeriods, 1), 1, below);
    const double share = double(bound) / double(AllUsers);
    const bool projectsSample = sql.number(QStringLiteral("SELECT count(*) FROM projects WHERE sample_rate < 1")) > 0;
    sql.each(projectsSample ? QStringLiteral("SELECT k, rate, count(*) FROM (SELECT k, user_hash, max(sample_rate) AS rate FROM (")
                                  + rows(hexBound(bound))
                                  + QStringLiteral(") AS sampled JOIN projects ON id = project_id GROUP BY k, user_hash) AS users GROUP BY k, rate")
                            : QStringLiteral("SELECT k, 1, count(*) FROM (SELECT DISTINCT k, user_hash FROM (") + rows(hexBound(bound))
                                  + QStringLiteral(") AS sampled) AS users GROUP BY k"),
             [&](const QSqlQuery &q) {
                 const double rate = q.value(1).toDouble();
                 const qint64 sampled = q.value(2).toLongLong();
                 result.users[q.value(0).toString()] += share < rate ? qint64(std::llround(double(sampled) * rate / share)) : sampled;
             });
    return result;
}

QString belowBound(const QString &bound)
{
    return bound.isEmpty() ? QString() : QStringLiteral(" AND user_hash < '") + bound + u'\'';
}

// The periods [first, end) of `kind` are `step` apart; `key` is the SQL of the value users are
// counted by; `ctes` more common table expressions; `rows` the FROM and WHERE that look a period's
// (`d`, from the table `periods`) rows up by key.
PeriodUsers count(SqlStatements &sql, const QString &projects, int kind, qint64 first, qint64 end, qint64 step,
                  const QString &key, const QString &ctes, const QString &rows)
{
    if (first >= end)
        return {};
    sql.bind(QStringLiteral(":periodFirst"), first);
    sql.bind(QStringLiteral(":periodEnd"), end);
    sql.bind(QStringLiteral(":periodStep"), step);
    const qint64 below = sampledBelow(sql, QStringLiteral("kind = %1 AND period >= :periodFirst AND period < :periodEnd AND ")
                                               .arg(kind) + projects);
    return countUsers(sql, below, [&](const QString &bound) -> QString {
        return QStringLiteral("WITH RECURSIVE periods(d) AS (SELECT CAST(:periodFirst AS BIGINT) UNION ALL SELECT d + :periodStep FROM periods"
                              " WHERE d + :periodStep < :periodEnd)")
            + ctes + QStringLiteral(" SELECT ") + key + QStringLiteral(" AS k, project_id, user_hash") + rows
            + QStringLiteral(" AND ") + projects + belowBound(bound);
    });
}

} // namespace

UserSample userSample(SqlStatements &sql, const QString &projects, int kind, qint64 first, qint64 end)
{
    const qint64 below = sampledBelow(sql, QStringLiteral("kind = %1 AND period >= %2 AND period < %3 AND ").arg(kind).arg(first).arg(end)
                                               + projects);
    if (below == AllUsers)
        return {};
    return {belowBound(hexBound(below)), double(AllUsers) / double(below)};
}

PeriodUsers countDayUsers(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay)
{
    return count(sql, projects, DayUsers, firstDay, endDay, 1, QStringLiteral("''"), QString(),
                 QStringLiteral(" FROM periods CROSS JOIN day_users WHERE day = d"));
}

PeriodUsers countDayUsersByCountryGroup(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay,
                                        const QHash<QString, QString> &groupOf)
{
    if (groupOf.isEmpty())
        return {};
    const auto quoted = [](QString text) -> QString { return u'\'' + text.replace(u'\'', QStringLiteral("''")) + u'\''; };
    QStringList values;
    for (auto it = groupOf.cbegin(); it != groupOf.cend(); ++it)
        values << u'(' + quoted(it.key()) + u',' + quoted(it.value()) + u')';
    return count(sql, projects, DayCountryUsers, firstDay, endDay, 1, QStringLiteral("g"),
                 QStringLiteral(", countries(c, g) AS (VALUES ") + values.join(u',') + u')',
                 QStringLiteral(" FROM periods CROSS JOIN countries CROSS JOIN day_country_users"
                                " WHERE day = d AND country = c"));
}

namespace {

// Raw events read at a range's ends before its users are widened to the whole hours (days) holding
// them: some 45 ms of SQLite's time on a small machine. A busy collector's last hour alone may hold
// a million.
constexpr qint64 ExactRawEvents = 40000;

// [from, to) cut at whole hours and whole UTC days, each part possibly empty: raw [from, hourFrom),
// hours [hourFrom, dayFrom), days [dayFrom, dayTo), hours [dayTo, hourTo), raw [hourTo, to). With
// `hours` false there are no hour parts: raw up to the days. When the raw parts hold more than
// ExactRawEvents, the range is widened to whole units instead, and the count is an estimate.
struct RangeParts
{
    qint64 hourFromMs, dayFromMs, dayToMs, hourToMs;
    bool widened;
};

RangeParts bindRangeParts(SqlStatements &sql, const QString &projects, qint64 fromMs, qint64 toMs, bool hours)
{
    const qint64 unit = hours ? HourMs : DayMs;
    qint64 hourFrom = ceilTo(fromMs, unit);
    qint64 hourTo = floorTo(toMs, unit);
    if (hourFrom >= hourTo)
        hourFrom = hourTo = toMs; // no whole hour (day): all raw
    const QString rawSum = QStringLiteral("SELECT coalesce(sum(events), 0) FROM rollup_minute WHERE ") + projects
        + QStringLiteral(" AND minute_ms >= :endFrom AND minute_ms < :endTo");
    const qint64 rawEvents = sql.number(rawSum, {{":endFrom", floorTo(fromMs, MinuteMs)}, {":endTo", hourFrom}})
        + sql.number(rawSum, {{":endFrom", hourTo}, {":endTo", toMs}});
    const bool widened = rawEvents > ExactRawEvents;
    if (widened) {
        fromMs = hourFrom = floorTo(fromMs, unit);
        toMs = hourTo = ceilTo(toMs, unit);
    }
    qint64 dayFrom = ceilTo(hourFrom, DayMs);
    qint64 dayTo = floorTo(hourTo, DayMs);
    if (dayFrom >= dayTo)
        dayFrom = dayTo = hourTo;
    const std::pair<const char *, qint64> bounds[] = {{":rangeFrom", fromMs}, {":rangeHourFrom", hourFrom},
                                                      {":rangeDayFrom", dayFrom / DayMs}, {":rangeDayTo", dayTo / DayMs},
                                                      {":rangeDayFromMs", dayFrom}, {":rangeDayToMs", dayTo},
                                                      {":rangeHourTo", hourTo}, {":rangeTo", toMs}};
    for (const auto &[name, value] : bounds)
        sql.bind(QString::fromLatin1(name), value);
    return {hourFrom, dayFrom, dayTo, hourTo, widened};
}

// `column` in [first, end), periods `step` apart, whose bounds are bound as `firstName` and
// `endName`. On PostgreSQL a list of the periods: its planner then reads a sample of users (below
// a bound) by the (project, period, user) key, period by period, where a range over the period
// would read every user of the range (or, by the user-first index, every period of each user).
QString periodsIn(SqlDialect dialect, const QString &column, qint64 first, qint64 end, qint64 step, const char *firstName,
                  const char *endName)
{
    if (dialect != SqlDialect::Postgresql)
        return column + QStringLiteral(" >= ") + QLatin1String(firstName) + QStringLiteral(" AND ") + column
            + QStringLiteral(" < ") + QLatin1String(endName);
    return first < end ? column + QStringLiteral(" IN (") + unitList(first, end, step) + u')' : QStringLiteral("false");
}

// The raw parts' rows, as (k, project_id, user_hash).
QString rawRangeRows(const QString &key, const QString &where)
{
    return QStringLiteral(" UNION ALL SELECT ") + key + QStringLiteral(", project_id, user_hash FROM events") + where
        + QStringLiteral(" AND ts >= :rangeFrom AND ts < :rangeHourFrom UNION ALL SELECT ") + key
        + QStringLiteral(", project_id, user_hash FROM events") + where + QStringLiteral(" AND ts >= :rangeHourTo AND ts < :rangeTo");
}

} // namespace

PeriodUsers countRangeUsers(SqlStatements &sql, const QString &projects, qint64 fromMs, qint64 toMs)
{
    if (fromMs >= toMs)
        return {};
    const RangeParts parts = bindRangeParts(sql, projects, fromMs, toMs, true);
    const qint64 below = sampledBelow(sql, QStringLiteral("(kind = %1 AND period >= :rangeDayFrom AND period < :rangeDayTo"
                                                          " OR kind = %2 AND period >= :rangeHourFrom AND period < :rangeHourTo) AND ")
                                               .arg(DayUsers).arg(HourUsers) + projects);
    const SqlDialect dialect = sql.dialect();
    const QString days = periodsIn(dialect, QStringLiteral("day"), parts.dayFromMs / DayMs, parts.dayToMs / DayMs, 1,
                                   ":rangeDayFrom", ":rangeDayTo");
    const QString firstHours = periodsIn(dialect, QStringLiteral("hour_ms"), parts.hourFromMs, parts.dayFromMs, HourMs,
                                         ":rangeHourFrom", ":rangeDayFromMs");
    const QString lastHours = periodsIn(dialect, QStringLiteral("hour_ms"), parts.dayToMs, parts.hourToMs, HourMs,
                                        ":rangeDayToMs", ":rangeHourTo");
    PeriodUsers users = countUsers(sql, below, [&](const QString &bound) -> QString {
        const QString where = QStringLiteral(" WHERE ") + projects + belowBound(bound);
        return QStringLiteral("SELECT '' AS k, project_id, user_hash FROM day_users") + where + QStringLiteral(" AND ") + days
            + QStringLiteral(" UNION ALL SELECT '', project_id, user_hash FROM hour_users") + where + QStringLiteral(" AND ")
            + firstHours + QStringLiteral(" UNION ALL SELECT '', project_id, user_hash FROM hour_users") + where
            + QStringLiteral(" AND ") + lastHours + rawRangeRows(QStringLiteral("''"), where);
    });
    users.estimated = users.estimated || parts.widened;
    return users;
}

PeriodUsers countRangeUsersByCountry(SqlStatements &sql, const QString &projects, qint64 fromMs, qint64 toMs)
{
    if (fromMs >= toMs)
        return {};
    const RangeParts parts = bindRangeParts(sql, projects, fromMs, toMs, false); // no users per hour and country
    const qint64 below = sampledBelow(sql, QStringLiteral("kind = %1 AND period >= :rangeDayFrom AND period < :rangeDayTo AND ")
                                               .arg(DayCountryUsers) + projects);
    const QString days = periodsIn(sql.dialect(), QStringLiteral("day"), parts.dayFromMs / DayMs, parts.dayToMs / DayMs, 1,
                                   ":rangeDayFrom", ":rangeDayTo");
    PeriodUsers users = countUsers(sql, below, [&](const QString &bound) -> QString {
        const QString where = QStringLiteral(" WHERE ") + projects + belowBound(bound);
        return QStringLiteral("SELECT country AS k, project_id, user_hash FROM day_country_users") + where
            + QStringLiteral(" AND ") + days + rawRangeRows(QStringLiteral("coalesce(country, '')"), where);
    });
    users.estimated = users.estimated || parts.widened;
    return users;
}

} // namespace tdesk
