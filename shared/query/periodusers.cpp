#include "query/periodusers.h"

#include "query/sqlstatements.h"

#include <QSqlQuery>

#include <algorithm>
#include <cmath>

namespace tdesk {
namespace {

constexpr qint64 ExactUserPeriods = 50000;

// The periods [first, end) are `step` apart; `key` is the SQL of the value users are counted by;
// `ctes` more common table expressions; `rows` the FROM and WHERE that look a period's (`d`, from
// the table `periods`) rows up by key.
PeriodUsers count(SqlStatements &sql, const QString &projects, qint64 first, qint64 end, qint64 step,
                  const QString &key, const QString &ctes, const QString &rows)
{
    PeriodUsers result;
    if (first >= end)
        return result;
    const auto periods = {std::pair{":first", first}, std::pair{":end", end}, std::pair{":step", step}};
    // Rows whose user hash is below `bound` (all without one), looked up period by period (and
    // country by country): within those, rows are in hash order, so only the sampled ones are read.
    const auto sampleRows = [&](const QString &what, const QString &bound) -> QString {
        return QStringLiteral("WITH RECURSIVE periods(d) AS (SELECT :first UNION ALL SELECT d + :step FROM periods"
                              " WHERE d + :step < :end)")
            + ctes + QStringLiteral(" SELECT ") + what + rows + QStringLiteral(" AND ") + projects
            + (bound.isEmpty() ? QString() : QStringLiteral(" AND user_hash < '") + bound + u'\'');
    };
    // The first two hex digits put 1/256 of the users in a sample.
    const qint64 userPeriods = 256 * sql.number(sampleRows(QStringLiteral("count(*)"), QStringLiteral("01")), periods);
    if (userPeriods <= ExactUserPeriods) {
        sql.each(sampleRows(key + QStringLiteral(", count(DISTINCT user_hash)"), QString()) + QStringLiteral(" GROUP BY 1"),
                 periods, [&](const QSqlQuery &q) { result.users.insert(q.value(0).toString(), q.value(1).toLongLong()); });
        return result;
    }
    // Count the users whose hash starts below `bound` (4 hex digits) and scale up by the share of the
    // hash space that is. A project that samples its users keeps only those whose hash starts below
    // its rate (of the same space), so there the share is bound / rate.
    result.estimated = true;
    const qint64 bound = std::max<qint64>(1, ExactUserPeriods * 65536 / userPeriods);
    const double share = double(bound) / 65536.0;
    QHash<qint64, double> sampleRates;
    sql.each(QStringLiteral("SELECT id, sample_rate FROM projects"), {},
             [&](const QSqlQuery &q) { sampleRates.insert(q.value(0).toLongLong(), q.value(1).toDouble()); });
    sql.each(sampleRows(key + QStringLiteral(", project_id, count(DISTINCT user_hash)"),
                        QString::number(bound, 16).rightJustified(4, u'0'))
                 + QStringLiteral(" GROUP BY 1, 2"),
             periods, [&](const QSqlQuery &q) {
                 const double rate = sampleRates.value(q.value(1).toLongLong(), 1.0);
                 const qint64 sampled = q.value(2).toLongLong();
                 result.users[q.value(0).toString()] += share < rate ? qint64(std::llround(double(sampled) * rate / share)) : sampled;
             });
    return result;
}

} // namespace

PeriodUsers countDayUsers(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay)
{
    return count(sql, projects, firstDay, endDay, 1, QStringLiteral("''"), QString(),
                 QStringLiteral(" FROM periods CROSS JOIN rollup_day_users WHERE day = d"));
}

PeriodUsers countHourUsers(SqlStatements &sql, const QString &projects, qint64 fromMs, qint64 toMs)
{
    return count(sql, projects, fromMs, toMs, 3600 * 1000, QStringLiteral("''"), QString(),
                 QStringLiteral(" FROM periods CROSS JOIN rollup_hour_users WHERE hour_ms = d"));
}

PeriodUsers countDayUsersByCountry(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay,
                                const QStringList &countries)
{
    QHash<QString, QString> groupOf;
    for (const QString &country : countries)
        groupOf.insert(country, country);
    return countDayUsersByCountryGroup(sql, projects, firstDay, endDay, groupOf);
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
    return count(sql, projects, firstDay, endDay, 1, QStringLiteral("g"),
                 QStringLiteral(", countries(c, g) AS (VALUES ") + values.join(u',') + u')',
                 QStringLiteral(" FROM periods CROSS JOIN countries CROSS JOIN rollup_day_country_users"
                                " WHERE day = d AND country = c"));
}

} // namespace tdesk
