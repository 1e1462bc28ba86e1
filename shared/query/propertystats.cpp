#include "query/propertystats.h"

#include "query/sqlstatements.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <cmath>

namespace tdesk {
namespace {

QString quoted(QString text)
{
    return u'\'' + text.replace(u'\'', QStringLiteral("''")) + u'\'';
}

QString number(double value)
{
    return QString::number(value, 'g', 17);
}

// The events named `event` in the range, with their properties as `m` (NULL unless valid JSON, so
// that the JSON functions never fail on them). Parameters are named apart from the callers' (see
// SqlStatements).
QString namedEvents(const SqlStatements &sql, const QString &projects, const QString &event, const QString &columns)
{
    return QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM (SELECT *, ") + sql.propsJson()
        + QStringLiteral(" AS m FROM events WHERE ") + projects + QStringLiteral(" AND ts >= :propFrom AND ts < :propTo AND name = ")
        + quoted(event) + QStringLiteral(") AS e");
}

} // namespace

NumericStats numericPropertyStats(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                  const QString &event, const QString &key, const QList<double> &percentiles,
                                  const QList<double> &edges, double minimum)
{
    NumericStats stats;
    stats.percentiles.fill(0, percentiles.size());
    stats.histogram.fill(0, edges.size());
    if (range.toMs <= range.fromMs)
        return stats;
    QString values = QStringLiteral("SELECT v FROM (")
        + namedEvents(sql, projects, event, sql.jsonNumber(QStringLiteral("m"), sql.jsonKey(key)) + QStringLiteral(" AS v"))
        + QStringLiteral(") AS numbers WHERE v IS NOT NULL");
    if (!std::isinf(minimum))
        values += QStringLiteral(" AND v >= ") + number(minimum);
    // One sort serves every percentile: each is the value at its rank, ceil(n p / 100), at least 1.
    QString columns = QStringLiteral("count(*), ") + sql.total(QStringLiteral("v"));
    for (double p : percentiles) {
        const QString share = QStringLiteral("n * %1 / 100.0").arg(number(p));
        const QString whole = QStringLiteral("CAST(%1 AS BIGINT)").arg(sql.dialect() == SqlDialect::Postgresql
                                                                          ? QStringLiteral("trunc(") + share + u')'
                                                                          : share); // PostgreSQL's CAST rounds
        const QString rank = sql.greatest(QStringLiteral("1"), whole + QStringLiteral(" + CASE WHEN ") + share
                                                                   + QStringLiteral(" > ") + whole + QStringLiteral(" THEN 1 ELSE 0 END"));
        columns += QStringLiteral(", max(CASE WHEN rn = ") + rank + QStringLiteral(" THEN v END)");
    }
    for (qsizetype i = 0; i < edges.size(); ++i) {
        columns += QStringLiteral(", count(CASE WHEN v >= ") + number(edges[i])
            + (i + 1 < edges.size() ? QStringLiteral(" AND v < ") + number(edges[i + 1]) : QString()) + QStringLiteral(" THEN 1 END)");
    }
    const QString ranked = percentiles.isEmpty()
        ? values
        : QStringLiteral("SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n FROM (") + values
            + QStringLiteral(") AS valued");
    sql.each(QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM (") + ranked + QStringLiteral(") AS ranked"),
             {{":propFrom", range.fromMs}, {":propTo", range.toMs}}, [&](const QSqlQuery &q) {
                 stats.count = q.value(0).toLongLong();
                 stats.sum = q.value(1).toDouble();
                 int column = 2;
                 for (double &p : stats.percentiles)
                     p = q.value(column++).toDouble();
                 for (qint64 &n : stats.histogram)
                     n = q.value(column++).toLongLong();
             });
    return stats;
}

QList<PropertyValueCount> propertyValueCounts(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                              const QString &event, const QStringList &keys, bool perDay)
{
    QList<PropertyValueCount> counts;
    if (range.toMs <= range.fromMs || keys.isEmpty())
        return counts;
    QStringList paths;
    for (qsizetype i = 0; i < keys.size(); ++i)
        paths << QStringLiteral("(%1, %2)").arg(i).arg(sql.jsonKey(keys[i]));
    const QString m = QStringLiteral("m"), path = QStringLiteral("path");
    // The events drive the join (CROSS JOIN keeps that order), so they are read once for all keys.
    sql.each(QStringLiteral("WITH keys(i, path) AS (VALUES ") + paths.join(u',') + QStringLiteral(") SELECT i, ")
                 + (perDay ? QStringLiteral("ts / 86400000") : QStringLiteral("0")) + QStringLiteral(", coalesce(")
                 + sql.jsonType(m, path) + QStringLiteral(", ''), ") + sql.jsonText(m, path) + QStringLiteral(", count(*) FROM (")
                 + namedEvents(sql, projects, event, QStringLiteral("ts, m")) + QStringLiteral(") AS e CROSS JOIN keys GROUP BY 1, 2, 3, 4"),
             {{":propFrom", range.fromMs}, {":propTo", range.toMs}}, [&](const QSqlQuery &q) {
                 counts.append({keys.value(q.value(0).toInt()), q.value(1).toLongLong(), q.value(2).toString(),
                                q.value(3).toString(), q.value(4).toLongLong()});
             });
    return counts;
}

QList<EventProperties> eventsByProperties(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                          const QString &event, const QString &whereKey, qint64 whereValue,
                                          const QList<PropertyOrder> &orderBy, int limit)
{
    QList<EventProperties> events;
    if (range.toMs <= range.fromMs || limit <= 0)
        return events;
    const QString m = QStringLiteral("m");
    QString order;
    for (const PropertyOrder &o : orderBy) {
        const QString key = sql.jsonKey(o.key);
        const QString absent = std::isnan(o.absentAs) ? QStringLiteral("NULL") : number(o.absentAs);
        order += QStringLiteral("CASE coalesce(%1, 'null') WHEN 'integer' THEN %2 WHEN 'real' THEN %2 WHEN 'true' THEN 1"
                                " WHEN 'false' THEN 0 WHEN 'null' THEN %3 END %4 NULLS LAST, ")
                     .arg(sql.jsonType(m, key), sql.jsonNumber(m, key), absent,
                          o.descending ? QStringLiteral("DESC") : QStringLiteral("ASC"));
    }
    const QString where = sql.jsonKey(whereKey);
    sql.each(namedEvents(sql, projects, event, QStringLiteral("ts, user_hash, session_id, m")) + QStringLiteral(" WHERE ")
                 + sql.jsonType(m, where) + QStringLiteral(" = 'integer' AND ") + sql.jsonNumber(m, where) + QStringLiteral(" = ")
                 + QString::number(whereValue) + QStringLiteral(" ORDER BY ") + order + QStringLiteral("ts DESC LIMIT ")
                 + QString::number(limit),
             {{":propFrom", range.fromMs}, {":propTo", range.toMs}}, [&](const QSqlQuery &q) {
                 events.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                                QJsonDocument::fromJson(q.value(3).toByteArray()).object()});
             });
    return events;
}

} // namespace tdesk
