#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QDate>
#include <QSqlDatabase>
#include <QString>

namespace tdesk {

// The days a /stats answer covers, inclusive, UTC.
struct StatsRange
{
    QDate from;
    QDate to;
};

// From the endpoint's `from`/`to` (YYYY-MM-DD). Both empty: the last windowDays days up to today;
// only `from`: from then up to today; only `to`: the windowDays days ending then.
// A bad date, from after to, or more than 366 days: an error whose message starts with the
// parameter's name ("from: …" or "to: …"; a "to" message never mentions "from").
Result<StatsRange> parseStatsRange(const QString &from, const QString &to, int windowDays, QDate today);

// minigem-telemetry's /stats answer, with every top-level key and shape of its db-backed version, as
// compact JSON: a mapping of the query layer's general figures over one project's events, in one
// read snapshot (rollups wherever the query layer reads them; over more than some 50,000 user-days
// `uniques` and the visitors per country and continent are estimates within a few percent, as the
// Overview's users are). Metric keys inside `m` keep minigem's meaning for its java.run.* events; a
// value of the wrong type drops out of that one metric only. User ids are masked. `nowMs` is the
// clock for `activeSessions` (sessions seen within 10 minutes of it, without a completed run); 0:
// the system clock.
Result<QByteArray> computeMinigemStats(const QSqlDatabase &db, qint64 projectId, const StatsRange &range,
                                       qint64 nowMs = 0);

// /debug/recent: {"rows":[…]}, the `limit` (1..1000) newest events by event time, user ids masked.
Result<QByteArray> recentEventsJson(const QSqlDatabase &db, qint64 projectId, int limit);
// /debug/counts: {"since","hours","total","byEvent","hourly":[[hour_ms,n]…]} over the last `hours`
// (1..720) whole UTC hours up to and including the current one, every hour present.
Result<QByteArray> hourlyCountsJson(const QSqlDatabase &db, qint64 projectId, int hours, qint64 nowMs);

// A stored user hash as shown in answers: its first 6 characters and "…".
QString maskUserHash(const QString &hash);

} // namespace tdesk
