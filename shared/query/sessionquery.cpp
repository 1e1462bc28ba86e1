#include "query/sessionquery.h"

#include "query/sqlstatements.h"

#include <QSqlQuery>

namespace tdesk {

QList<SessionActivity> latestSessions(SqlStatements &sql, const QString &projects, const TimeRange &range, int limit,
                                      const QStringList &numericKeys, const QStringList &ofEvents)
{
    QList<SessionActivity> sessions;
    if (range.toMs <= range.fromMs || limit == 0)
        return sessions;
    // The sessions are picked without touching JSON; only their own events' properties are read.
    const auto literal = [](QString text) -> QString { return u'\'' + text.replace(u'\'', QStringLiteral("''")) + u'\''; };
    const QString m = sql.propsJson();
    QString counted = m + QStringLiteral(" IS NOT NULL");
    if (!ofEvents.isEmpty()) {
        QStringList names;
        for (const QString &name : ofEvents)
            names << literal(name);
        counted += QStringLiteral(" AND name IN (") + names.join(u',') + u')';
    }
    QString greatest;
    for (const QString &key : numericKeys) {
        const QString path = sql.jsonKey(key);
        greatest += QStringLiteral(", max(CASE WHEN %1 THEN CASE %2 WHEN 'integer' THEN %3 WHEN 'real' THEN %3 WHEN 'true' THEN 1"
                                   " WHEN 'false' THEN 0 END END)")
                        .arg(counted, sql.jsonType(m, path), sql.jsonNumber(m, path));
    }
    const QString inRange = QStringLiteral(" AND ts >= :sessionFrom AND ts < :sessionTo");
    QHash<QString, qsizetype> index;
    sql.each(QStringLiteral("WITH latest AS (SELECT session_id AS sid, min(user_hash) AS u, min(ts) AS first_ts, max(ts) AS last_ts"
                            " FROM events WHERE ") + projects + inRange
                 + QStringLiteral(" AND session_id <> '' GROUP BY session_id ORDER BY last_ts DESC, sid")
                 + (limit < 0 ? QString() : QStringLiteral(" LIMIT %1").arg(limit)) + u')'
                 + QStringLiteral(" SELECT sid, u, first_ts, last_ts, name, count(*)") + greatest
                 + QStringLiteral(" FROM latest JOIN events ON session_id = sid WHERE ") + projects + inRange
                 + QStringLiteral(" GROUP BY sid, u, first_ts, last_ts, name ORDER BY last_ts DESC, sid"),
             {{":sessionFrom", range.fromMs}, {":sessionTo", range.toMs}}, [&](const QSqlQuery &q) {
                 const QString id = q.value(0).toString();
                 qsizetype &i = index[id];
                 if (i == 0) {
                     sessions.append({id, q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toLongLong(), {}, {}});
                     i = sessions.size();
                 }
                 SessionActivity &s = sessions[i - 1];
                 s.eventsByName.insert(q.value(4).toString(), q.value(5).toLongLong());
                 for (qsizetype k = 0; k < numericKeys.size(); ++k) {
                     const QVariant v = q.value(6 + int(k));
                     if (!v.isNull() && (!s.greatest.contains(numericKeys[k]) || v.toDouble() > s.greatest[numericKeys[k]]))
                         s.greatest[numericKeys[k]] = v.toDouble();
                 }
             });
    return sessions;
}

} // namespace tdesk
