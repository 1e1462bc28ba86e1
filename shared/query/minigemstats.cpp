#include "query/minigemstats.h"

#include "core/timeunits.h"
#include "query/periodusers.h"
#include "query/rollupcounts.h"
#include "query/sqlstatements.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

// Shapes follow minigem-telemetry's ingest/src/db.ts (dbReadStats, dbRecent, dbCounts). Where we
// differ on purpose:
// - the range is the asked UTC days (minigem: 1970–2099 by default); `windowDays` is its length;
// - counts per day, hour, weekday and event, and unique users, come from the rollups through the
//   query layer (rollupcounts.h, periodusers.h), all in one read snapshot; over more than some 50,000
//   user-days `uniques` is estimated within a few percent, as the Overview's users are;
// - visitors per continent are distinct users (minigem adds up the countries' visitors);
// - a metric of the wrong type (or a missing exit code) counts nowhere instead of as 0/"runtime";
//   the rates' denominators leave out runs whose flag had the wrong type;
// - `pct` in exitTop and exceptionsTop is the share among exit codes / exceptions, not of all events;
// - user ids are masked everywhere; a missing os, ext, vscode or country is "unknown";
// - /debug/counts adds `hours` and `hourly`; /debug/recent adds session, city, `m` and epoch `ts`.
namespace tdesk {
namespace {

constexpr int MaxRangeDays = 366;

// ISO 3166-1 countries by continent (minigem's short table, completed; RU in Europe, TR in Asia as there).
constexpr const char *Continents[] = {
    "AF AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA "
    "NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW",
    "AN AQ BV GS HM TF",
    "AS AE AF AM AZ BD BH BN BT CC CN CX GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP "
    "OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE",
    "EU AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME "
    "MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK",
    "NA AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC "
    "TT US VC VG VI",
    "OC AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
    "SA AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
};

// SQL mapping the country code in `column` to its continent code.
QString continentSql(const QString &column)
{
    QString sql = QStringLiteral("CASE");
    for (const char *row : Continents) {
        const QStringList codes = QString::fromLatin1(row).split(u' ');
        sql += QStringLiteral(" WHEN ") + column + QStringLiteral(" IN ('") + codes.mid(1).join(QStringLiteral("','"))
            + QStringLiteral("') THEN '") + codes.first() + u'\'';
    }
    return sql + QStringLiteral(" ELSE 'unknown' END");
}

// The project's events in [:from, :to) as `ev`, with minigem's metrics taken out of `m` (props) as
// SQL values. A metric of the wrong type is NULL there, so it drops out of that metric alone;
// absent ones take minigem's defaults (no output bucket "-", no phase runtime, no flag false).
// Only run events carry metrics, so only their JSON is parsed; invalid JSON counts as absent.
// NOT MATERIALIZED: inlined even inside a CTE used twice, so a statement pays only for the columns
// it uses and never copies the whole range to a temporary table.
const QString EventsCte = QStringLiteral(R"SQL(WITH ev AS NOT MATERIALIZED (SELECT ts, user_hash, session_id, name, os, ext, vscode, country,
  CASE WHEN json_type(m, '$.durationMs') IN ('integer', 'real') AND json_extract(m, '$.durationMs') >= 0
       THEN json_extract(m, '$.durationMs') END AS dur,
  CASE WHEN json_type(m, '$.waitMsTotal') IN ('integer', 'real') AND json_extract(m, '$.waitMsTotal') >= 0
       THEN json_extract(m, '$.waitMsTotal') END AS wait,
  CASE WHEN json_type(m, '$.exit') = 'integer' THEN json_extract(m, '$.exit') END AS exit_code,
  CASE coalesce(json_type(m, '$.cumulativeBytesBucket'), 'null') WHEN 'null' THEN '-'
       WHEN 'text' THEN coalesce(nullif(json_extract(m, '$.cumulativeBytesBucket'), ''), '-') END AS bucket,
  CASE coalesce(json_type(m, '$.scannerUsage'), 'null') WHEN 'true' THEN 1 WHEN 'false' THEN 0 WHEN 'null' THEN 0 END
       AS interactive,
  CASE coalesce(json_type(m, '$.truncatedOutput'), 'null') WHEN 'true' THEN 1 WHEN 'false' THEN 0 WHEN 'null' THEN 0 END
       AS truncated,
  CASE coalesce(json_type(m, '$.phase'), 'null') WHEN 'null' THEN 0
       WHEN 'text' THEN CASE json_extract(m, '$.phase') WHEN 'compile' THEN 1 ELSE 0 END END AS compile,
  CASE WHEN json_type(m, '$.exceptionHash') = 'text' THEN nullif(json_extract(m, '$.exceptionHash'), '') END AS exception
FROM (SELECT *, CASE WHEN name IN ('java.run.completed', 'java.run.error') AND json_valid(props) THEN props END AS m
      FROM events WHERE project_id = :project AND ts >= :from AND ts < :to) AS e) )SQL");

using Counts = QMap<QString, qint64>;

Counts toCounts(const QHash<QString, qint64> &counts)
{
    Counts out;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

// A statement runner reading one snapshot, with the parameters every statement here may name.
struct StatsSql : SqlStatements
{
    StatsSql(const QSqlDatabase &db, qint64 projectId, qint64 fromMs, qint64 toMs)
        : SqlStatements(db, true)
        , projects(projectCondition(projectId))
    {
        bind(QStringLiteral(":project"), projectId);
        bind(QStringLiteral(":from"), fromMs);
        bind(QStringLiteral(":to"), toMs);
    }
    const QString projects;
};

// A grouped column's value as shown: NULL and "" are "unknown". (Grouping by the raw column and
// naming it here is cheaper than normalising every row in SQL.)
QString shown(const QVariant &value)
{
    const QString text = value.toString();
    return text.isEmpty() ? QStringLiteral("unknown") : text;
}

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject toObject(const Counts &counts)
{
    QJsonObject out;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QJsonArray toArray(const std::vector<qint64> &values)
{
    QJsonArray out;
    for (qint64 v : values)
        out.append(v);
    return out;
}

qint64 sum(const Counts &counts)
{
    qint64 total = 0;
    for (qint64 v : counts)
        total += v;
    return total;
}

// Keys by count, highest first (ties by key), at most `limit`.
std::vector<std::pair<QString, qint64>> ranked(const Counts &counts, qsizetype limit)
{
    std::vector<std::pair<QString, qint64>> rows(counts.keyValueBegin(), counts.keyValueEnd());
    std::stable_sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    rows.resize(std::min<size_t>(rows.size(), size_t(limit)));
    return rows;
}

// minigem's table rows: {key, <label>: key, count, pct (0..1), percent (one decimal)}.
QJsonArray topRows(const Counts &counts, qint64 denominator, const QString &label)
{
    QJsonArray out;
    for (const auto &[key, count] : ranked(counts, 20)) {
        const double pct = denominator ? double(count) / double(denominator) : 0.0;
        out.append(QJsonObject{{QStringLiteral("key"), key}, {label, key}, {QStringLiteral("count"), count},
                               {QStringLiteral("pct"), pct}, {QStringLiteral("percent"), std::round(pct * 1000) / 10}});
    }
    return out;
}

// `count(*) FILTER`, spelled so that SQLite and PostgreSQL both take it.
QString countIf(const QString &condition)
{
    return QStringLiteral("count(CASE WHEN ") + condition + QStringLiteral(" THEN 1 END)");
}

} // namespace

QString maskUserHash(const QString &hash)
{
    return hash.left(6) + QChar(0x2026);
}

Result<StatsRange> parseStatsRange(const QString &from, const QString &to, int windowDays, QDate today)
{
    const auto parse = [](const QString &text) {
        // Exactly YYYY-MM-DD: Qt alone would also take a time after the date.
        const bool shaped = text.size() == 10 && text[4] == u'-' && text[7] == u'-'
            && std::all_of(text.begin(), text.end(), [](QChar c) { return (c >= u'0' && c <= u'9') || c == u'-'; });
        return shaped ? QDate::fromString(text, Qt::ISODate) : QDate();
    };
    windowDays = std::clamp(windowDays, 1, MaxRangeDays);
    StatsRange range{today.addDays(1 - windowDays), today};
    if (!to.isEmpty()) {
        range.to = parse(to);
        if (!range.to.isValid())
            return Error{QStringLiteral("to: expected a date as YYYY-MM-DD")};
        range.from = range.to.addDays(1 - windowDays);
    }
    if (!from.isEmpty()) {
        range.from = parse(from);
        if (!range.from.isValid())
            return Error{QStringLiteral("from: expected a date as YYYY-MM-DD")};
        if (to.isEmpty())
            range.to = std::max(range.from, today);
    }
    if (range.from > range.to)
        return Error{QStringLiteral("from: later than to")};
    if (range.from.daysTo(range.to) >= MaxRangeDays)
        return Error{QStringLiteral("from: the range spans more than %1 days").arg(MaxRangeDays)};
    return range;
}

Result<QByteArray> computeMinigemStats(const QSqlDatabase &db, qint64 projectId, const StatsRange &range, qint64 nowMs)
{
    if (!range.from.isValid() || !range.to.isValid() || range.from > range.to
        || range.from.daysTo(range.to) >= MaxRangeDays)
        return Error{QStringLiteral("from: not a valid range")};
    const qint64 firstDay = QDate(1970, 1, 1).daysTo(range.from);
    const int days = int(range.from.daysTo(range.to)) + 1;
    const qint64 fromMs = firstDay * DayMs;
    const qint64 toMs = (firstDay + days) * DayMs;
    StatsSql sql(db, projectId, fromMs, toMs);
    const auto dayIndex = [&](qint64 day) { return size_t(std::clamp<qint64>(day - firstDay, 0, days - 1)); };

    // Volume per absolute hour (days, hours of day, weekdays) and per event, and unique users, from
    // the rollups through the query layer.
    qint64 total = 0;
    std::vector<qint64> dayHits(size_t(days), 0), hourly(24, 0), dow(7, 0);
    const QMap<qint64, qint64> perHour = minuteRollupEventsPerPeriod(sql, sql.projects, {fromMs, toMs}, HourMs);
    for (auto it = perHour.cbegin(); it != perHour.cend(); ++it) {
        const qint64 hour = it.key() / HourMs, n = it.value();
        total += n;
        dayHits[dayIndex(hour / 24)] += n;
        hourly[size_t(hour % 24)] += n;
        dow[size_t((hour / 24 + 4) % 7)] += n; // 0 = Sunday; 1970-01-01 was a Thursday
    }
    const Counts byEvent = toCounts(minuteRollupEventsByName(sql, sql.projects, {fromMs, toMs}));
    const qint64 uniques = countDayUsers(sql, sql.projects, firstDay, firstDay + days).users.value(QString());
    std::vector<qint64> dayUsers(size_t(days), 0);
    const QMap<qint64, qint64> perDayUsers = usersPerDay(sql, sql.projects, firstDay, firstDay + days);
    for (auto it = perDayUsers.cbegin(); it != perDayUsers.cend(); ++it)
        dayUsers[dayIndex(it.key())] = it.value();

    // Breakdowns of the raw events. SQLite groups by sorting, so every GROUP BY over the raw events
    // costs a sort of them: one grouping serves all four dimensions.
    Counts byOs, byExt, byVscode;
    QMap<QString, std::vector<qint64>> osPerDay;
    sql.each(EventsCte + QStringLiteral("SELECT ts / 86400000, os, ext, vscode, count(*) FROM ev GROUP BY 1, 2, 3, 4"),
             [&](const QSqlQuery &q) {
                 const QString os = shown(q.value(1));
                 const qint64 n = q.value(4).toLongLong();
                 auto &series = osPerDay[os];
                 series.resize(size_t(days), 0);
                 series[dayIndex(q.value(0).toLongLong())] += n;
                 byOs[os] += n;
                 byExt[shown(q.value(2))] += n;
                 byVscode[shown(q.value(3))] += n;
             });

    // Visitors per hour of day, country and continent, from the distinct (hour, country, user): at most
    // 24 rows per user and country, however many events.
    std::vector<qint64> hourlyVisitors(24, 0);
    QJsonObject byCountry, byContinent;
    sql.each(EventsCte + QStringLiteral(", hcu AS (SELECT ts / 3600000 % 24 AS h, country AS c, user_hash AS u, count(*) AS n"
                                        " FROM ev GROUP BY 1, 2, 3)"
                                        " SELECT 0, CAST(h AS TEXT), 0, count(DISTINCT u) FROM hcu GROUP BY h"
                                        " UNION ALL SELECT 1, coalesce(upper(nullif(c, '')), 'unknown'), sum(n), count(DISTINCT u)"
                                        " FROM hcu GROUP BY 2 UNION ALL SELECT 2, ")
                 + continentSql(QStringLiteral("upper(c)")) + QStringLiteral(", sum(n), count(DISTINCT u) FROM hcu GROUP BY 2"),
             [&](const QSqlQuery &q) {
                 const int kind = q.value(0).toInt();
                 if (kind == 0) {
                     hourlyVisitors[size_t(q.value(1).toInt())] = q.value(3).toLongLong();
                     return;
                 }
                 (kind == 1 ? byCountry : byContinent)
                     .insert(q.value(1).toString(), QJsonObject{{QStringLiteral("hits"), q.value(2).toLongLong()},
                                                                {QStringLiteral("visitors"), q.value(3).toLongLong()}});
             });

    // Runs of minigem's Java extension and their metrics.
    const qint64 started = byEvent.value(QStringLiteral("java.run.started"));
    const qint64 completed = byEvent.value(QStringLiteral("java.run.completed"));
    qint64 compileErrors = 0, runtimeErrors = 0, interactive = 0, interactiveOf = 0, truncated = 0, truncatedOf = 0;
    double avgWait = 0;
    const QString isCompleted = QStringLiteral("name = 'java.run.completed'");
    const QString isError = QStringLiteral("name = 'java.run.error'");
    sql.each(EventsCte + QStringLiteral("SELECT ") + countIf(isError + QStringLiteral(" AND compile = 1")) + u','
                 + countIf(isError + QStringLiteral(" AND compile = 0")) + u','
                 + countIf(isCompleted + QStringLiteral(" AND interactive = 1")) + u','
                 + countIf(isCompleted + QStringLiteral(" AND interactive IS NOT NULL")) + u','
                 + countIf(isCompleted + QStringLiteral(" AND truncated = 1")) + u','
                 + countIf(isCompleted + QStringLiteral(" AND truncated IS NOT NULL"))
                 + QStringLiteral(", avg(CASE WHEN ") + isCompleted
                 + QStringLiteral(" THEN wait END) FROM ev WHERE name IN ('java.run.completed', 'java.run.error')"),
             [&](const QSqlQuery &q) {
                 compileErrors = q.value(0).toLongLong();
                 runtimeErrors = q.value(1).toLongLong();
                 interactive = q.value(2).toLongLong();
                 interactiveOf = q.value(3).toLongLong();
                 truncated = q.value(4).toLongLong();
                 truncatedOf = q.value(5).toLongLong();
                 avgWait = q.value(6).toDouble();
             });

    // Duration percentiles by nearest rank (minigem's percentile_disc) and histogram, in SQL.
    static constexpr int Edges[] = {0, 500, 1000, 3000, 10000, 30000, 60000, 120000};
    QString histogramSql;
    QJsonArray histLabels;
    for (size_t i = 0; i < std::size(Edges); ++i) {
        const bool last = i + 1 == std::size(Edges);
        histogramSql += u',' + countIf(QStringLiteral("dur >= %1").arg(Edges[i])
                                       + (last ? QString() : QStringLiteral(" AND dur < %1").arg(Edges[i + 1])));
        histLabels.append(last ? QStringLiteral("≥%1ms").arg(Edges[i]) : QStringLiteral("%1-%2ms").arg(Edges[i]).arg(Edges[i + 1]));
    }
    qint64 durationCount = 0;
    double median = 0, p90 = 0;
    QJsonArray histValues;
    sql.each(EventsCte + QStringLiteral("SELECT count(*), max(CASE WHEN rn = (n * 50 + 99) / 100 THEN dur END),"
                                        " max(CASE WHEN rn = (n * 90 + 99) / 100 THEN dur END)")
                 + histogramSql
                 + QStringLiteral(" FROM (SELECT dur, row_number() OVER (ORDER BY dur) AS rn, count(*) OVER () AS n"
                                  " FROM ev WHERE ") + isCompleted + QStringLiteral(" AND dur IS NOT NULL) AS d"),
             [&](const QSqlQuery &q) {
                 durationCount = q.value(0).toLongLong();
                 median = q.value(1).toDouble();
                 p90 = q.value(2).toDouble();
                 for (int i = 0; i < int(std::size(Edges)); ++i)
                     histValues.append(q.value(3 + i).toLongLong());
             });

    // Exit codes per day, output buckets and exceptions, from one pass over the runs.
    Counts exitCodes, outputBuckets, exceptions;
    QMap<QString, Counts> exitsPerDay;
    sql.each(EventsCte + QStringLiteral(", runs AS (SELECT ts, name, exit_code, bucket, exception FROM ev"
                                        " WHERE name IN ('java.run.completed', 'java.run.error'))"
                                        " SELECT 0, ts / 86400000, CAST(exit_code AS TEXT), count(*) FROM runs WHERE ")
                 + isCompleted + QStringLiteral(" AND exit_code IS NOT NULL GROUP BY 2, 3"
                                                " UNION ALL SELECT 1, 0, bucket, count(*) FROM runs WHERE ")
                 + isCompleted + QStringLiteral(" AND bucket IS NOT NULL GROUP BY 3"
                                                " UNION ALL SELECT 2, 0, exception, count(*) FROM runs WHERE ")
                 + isError + QStringLiteral(" AND exception IS NOT NULL GROUP BY 3"),
             [&](const QSqlQuery &q) {
                 const QString key = q.value(2).toString();
                 const qint64 n = q.value(3).toLongLong();
                 switch (q.value(0).toInt()) {
                 case 0:
                     exitCodes[key] += n;
                     exitsPerDay[QDate(1970, 1, 1).addDays(q.value(1).toLongLong()).toString(Qt::ISODate)][key] += n;
                     break;
                 case 1:
                     outputBuckets[key] += n;
                     break;
                 default:
                     exceptions[key] += n;
                 }
             });
    QJsonObject dailyLearningOutcomes;
    for (auto it = exitsPerDay.begin(); it != exitsPerDay.end(); ++it)
        dailyLearningOutcomes.insert(it.key(), toObject(it.value()));
    Counts topExceptions;
    for (const auto &[key, n] : ranked(exceptions, 50))
        topExceptions.insert(key, n);

    // Sessions: the 100 last active ones (picked without touching JSON, then their runs' metrics),
    // and the best and most frustrating completed runs.
    QJsonArray sessionsRecent;
    sql.each(EventsCte + QStringLiteral(", latest AS (SELECT session_id AS id, min(user_hash) AS u, min(ts) AS first_ts,"
                                        " max(ts) AS last_ts, max(CASE WHEN ") + isCompleted
                 + QStringLiteral(" THEN 1 ELSE 0 END) AS done FROM ev WHERE session_id <> '' GROUP BY session_id"
                                  " ORDER BY last_ts DESC, id LIMIT 100)"
                                  " SELECT id, u, first_ts, last_ts, done, max(exit_code), max(dur), max(interactive)"
                                  " FROM latest JOIN ev ON ev.session_id = latest.id GROUP BY id, u, first_ts, last_ts, done"
                                  " ORDER BY last_ts DESC, id"),
             [&](const QSqlQuery &q) {
                 sessionsRecent.append(QJsonObject{
                     {QStringLiteral("id"), q.value(0).toString()},
                     {QStringLiteral("student"), maskUserHash(q.value(1).toString())},
                     {QStringLiteral("startedAt"), iso(q.value(2).toLongLong())},
                     {QStringLiteral("lastAt"), iso(q.value(3).toLongLong())},
                     {QStringLiteral("completed"), q.value(4).toInt() == 1},
                     {QStringLiteral("exit"), q.value(5).isNull() ? -1 : q.value(5).toLongLong()},
                     {QStringLiteral("durationMs"), q.value(6).toDouble()},
                     {QStringLiteral("interactive"), q.value(7).toInt() == 1},
                 });
             });
    const auto topRuns = [&](int exitCode, const char *direction) {
        QJsonArray out;
        sql.each(EventsCte + QStringLiteral("SELECT user_hash, ts, dur, interactive, bucket FROM ev WHERE ") + isCompleted
                     + QStringLiteral(" AND exit_code = %1 ORDER BY interactive %2 NULLS LAST, dur %2 NULLS LAST, ts DESC"
                                      " LIMIT 20")
                           .arg(exitCode)
                           .arg(QLatin1String(direction)),
                 [&](const QSqlQuery &q) {
                     QJsonObject run{{QStringLiteral("student"), maskUserHash(q.value(0).toString())},
                                     {QStringLiteral("ts"), iso(q.value(1).toLongLong())},
                                     {QStringLiteral("durationMs"), q.value(2).toDouble()},
                                     {QStringLiteral("interactive"), q.value(3).toInt() == 1},
                                     {QStringLiteral("exit"), exitCode}};
                     if (!q.value(4).isNull() && q.value(4).toString() != u'-')
                         run.insert(QStringLiteral("outputBucket"), q.value(4).toString());
                     out.append(run);
                 });
        return out;
    };
    const QJsonObject sessions{{QStringLiteral("successTop"), topRuns(0, "DESC")},
                               {QStringLiteral("frustratedTop"), topRuns(130, "ASC")}}; // 130: ended with Ctrl+C

    // Not bound to the range, as in minigem: activity in the last 10 minutes (and up to the 10 minutes
    // ahead that ingest accepts for clock skew), and lifetime installs.
    if (nowMs <= 0)
        nowMs = QDateTime::currentMSecsSinceEpoch();
    qint64 activeSessions = 0;
    sql.each(EventsCte + QStringLiteral("SELECT count(*) FROM (SELECT session_id FROM ev WHERE session_id <> ''"
                                        " GROUP BY session_id HAVING max(CASE WHEN ") + isCompleted
                 + QStringLiteral(" THEN 1 ELSE 0 END) = 0) AS s"),
             {{":from", nowMs - 10 * MinuteMs}, {":to", nowMs + 10 * MinuteMs + 1}},
             [&](const QSqlQuery &q) { activeSessions = q.value(0).toLongLong(); });
    const qint64 installsTotal = minuteRollupEventsByName(sql, sql.projects,
                                                          {std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()},
                                                          {QStringLiteral("install.created")})
                                     .value(QStringLiteral("install.created"));
    if (!sql.error().isEmpty())
        return Error{sql.error()};

    QJsonArray dates, osSeries;
    for (int i = 0; i < days; ++i)
        dates.append(range.from.addDays(i).toString(Qt::ISODate));
    for (const auto &[os, n] : ranked(byOs, byOs.size()))
        osSeries.append(QJsonObject{{QStringLiteral("key"), os}, {QStringLiteral("data"), toArray(osPerDay.value(os))}});
    const auto rate = [](qint64 part, qint64 whole) { return whole ? double(part) / double(whole) : 0.0; };
    const QJsonObject answer{
        {QStringLiteral("from"), range.from.toString(Qt::ISODate)},
        {QStringLiteral("to"), range.to.toString(Qt::ISODate)},
        {QStringLiteral("windowDays"), days},
        {QStringLiteral("total"), total},
        {QStringLiteral("uniques"), uniques},
        {QStringLiteral("osTypes"), qint64(byOs.size())},
        {QStringLiteral("extTypes"), qint64(byExt.size())},
        {QStringLiteral("vscodeTypes"), qint64(byVscode.size())},
        {QStringLiteral("daily"), QJsonObject{{QStringLiteral("dates"), dates}, {QStringLiteral("hits"), toArray(dayHits)},
                                              {QStringLiteral("uniques"), toArray(dayUsers)}}},
        {QStringLiteral("dailyOs"), QJsonObject{{QStringLiteral("labels"), dates}, {QStringLiteral("series"), osSeries}}},
        {QStringLiteral("byEvent"), toObject(byEvent)},
        {QStringLiteral("byOs"), toObject(byOs)},
        {QStringLiteral("byExt"), toObject(byExt)},
        {QStringLiteral("byVscode"), toObject(byVscode)},
        {QStringLiteral("hourly"), toArray(hourly)},
        {QStringLiteral("hourlyVisitors"), toArray(hourlyVisitors)},
        {QStringLiteral("dow"), toArray(dow)},
        {QStringLiteral("runs"), QJsonObject{{QStringLiteral("started"), started}, {QStringLiteral("completed"), completed}}},
        {QStringLiteral("errors"), QJsonObject{{QStringLiteral("compile"), compileErrors},
                                               {QStringLiteral("runtime"), runtimeErrors},
                                               {QStringLiteral("compileRate"), rate(compileErrors, started)},
                                               {QStringLiteral("runtimeRate"), rate(runtimeErrors, started)}}},
        {QStringLiteral("durations"), QJsonObject{{QStringLiteral("count"), durationCount},
                                                  {QStringLiteral("median"), median},
                                                  {QStringLiteral("p90"), p90},
                                                  {QStringLiteral("hist"), QJsonObject{{QStringLiteral("labels"), histLabels},
                                                                                       {QStringLiteral("values"), histValues}}},
                                                  {QStringLiteral("avgWaitMs"), avgWait}}},
        {QStringLiteral("exitCodes"), toObject(exitCodes)},
        {QStringLiteral("outputBuckets"), toObject(outputBuckets)},
        {QStringLiteral("interactiveRate"), rate(interactive, interactiveOf)},
        {QStringLiteral("truncationRate"), rate(truncated, truncatedOf)},
        {QStringLiteral("topExceptions"), toObject(topExceptions)},
        {QStringLiteral("geo"), QJsonObject{{QStringLiteral("byContinent"), byContinent}, {QStringLiteral("byCountry"), byCountry}}},
        {QStringLiteral("activeSessions"), activeSessions},
        {QStringLiteral("installsTotal"), installsTotal},
        {QStringLiteral("installsWindow"), byEvent.value(QStringLiteral("install.created"))},
        {QStringLiteral("sessionsRecent"), sessionsRecent},
        {QStringLiteral("dailyLearningOutcomes"), dailyLearningOutcomes},
        {QStringLiteral("sessions"), sessions},
        {QStringLiteral("tables"), QJsonObject{
             {QStringLiteral("eventsTop"), topRows(byEvent, total, QStringLiteral("event"))},
             {QStringLiteral("extTop"), topRows(byExt, total, QStringLiteral("version"))},
             {QStringLiteral("vscodeTop"), topRows(byVscode, total, QStringLiteral("version"))},
             {QStringLiteral("exitTop"), topRows(exitCodes, sum(exitCodes), QStringLiteral("code"))},
             {QStringLiteral("exceptionsTop"), topRows(exceptions, sum(exceptions), QStringLiteral("exceptionHash"))}}},
    };
    return QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

Result<QByteArray> recentEventsJson(const QSqlDatabase &db, qint64 projectId, int limit)
{
    if (limit < 1 || limit > 1000)
        return Error{QStringLiteral("limit: expected 1..1000")};
    // Newest by event time: the (project_id, ts) index yields them in order, however big the table.
    QJsonArray rows;
    SqlStatements sql(db, false);
    sql.bind(QStringLiteral(":project"), projectId);
    sql.each(QStringLiteral("SELECT id, ts, received_ms, name, user_hash, session_id, os, ext, vscode, country, region, city,"
                            " props FROM events WHERE project_id = :project ORDER BY ts DESC, id DESC LIMIT :limit"),
             {{":limit", limit}},
             [&](const QSqlQuery &q) {
                 const auto text = [&q](int i) { return q.value(i).isNull() ? QJsonValue() : QJsonValue(q.value(i).toString()); };
                 const QJsonDocument props = QJsonDocument::fromJson(q.value(12).toByteArray());
                 const QJsonObject m = props.object();
                 // minigem's metric columns: the value when it has the expected type, else null.
                 const auto metric = [&m](const char *key, QJsonValue::Type type, bool integral = false) {
                     const QJsonValue v = m.value(QLatin1String(key));
                     const bool fits = v.type() == type && (!integral || v.toDouble() == double(v.toInteger()));
                     return fits ? v : QJsonValue();
                 };
                 rows.append(QJsonObject{
                     {QStringLiteral("id"), q.value(0).toLongLong()},
                     {QStringLiteral("t"), iso(q.value(1).toLongLong())},
                     {QStringLiteral("ts"), q.value(1).toLongLong()},
                     {QStringLiteral("received_ms"), q.value(2).toLongLong()},
                     {QStringLiteral("evt"), q.value(3).toString()},
                     {QStringLiteral("anon"), maskUserHash(q.value(4).toString())},
                     {QStringLiteral("session_id"), text(5)},
                     {QStringLiteral("os"), text(6)},
                     {QStringLiteral("ext"), text(7)},
                     {QStringLiteral("vscode"), text(8)},
                     {QStringLiteral("country"), text(9)},
                     {QStringLiteral("region"), text(10)},
                     {QStringLiteral("city"), text(11)},
                     {QStringLiteral("duration_ms"), metric("durationMs", QJsonValue::Double)},
                     {QStringLiteral("wait_ms_total"), metric("waitMsTotal", QJsonValue::Double)},
                     {QStringLiteral("exit_code"), metric("exit", QJsonValue::Double, true)},
                     {QStringLiteral("out_bytes_bucket"), metric("cumulativeBytesBucket", QJsonValue::String)},
                     {QStringLiteral("scanner_usage"), metric("scannerUsage", QJsonValue::Bool)},
                     {QStringLiteral("truncated_output"), metric("truncatedOutput", QJsonValue::Bool)},
                     {QStringLiteral("error_phase"), metric("phase", QJsonValue::String)},
                     {QStringLiteral("exception_hash"), metric("exceptionHash", QJsonValue::String)},
                     {QStringLiteral("m"), props.isObject() ? QJsonValue(m) : QJsonValue()},
                 });
             });
    if (!sql.error().isEmpty())
        return Error{sql.error()};
    return QJsonDocument(QJsonObject{{QStringLiteral("rows"), rows}}).toJson(QJsonDocument::Compact);
}

Result<QByteArray> hourlyCountsJson(const QSqlDatabase &db, qint64 projectId, int hours, qint64 nowMs)
{
    if (hours < 1 || hours > 720)
        return Error{QStringLiteral("hours: expected 1..720")};
    const qint64 firstHour = floorTo(nowMs, HourMs) - qint64(hours - 1) * HourMs;
    // The minute rollup answers this without touching raw events.
    const TimeRange range{firstHour, firstHour + hours * HourMs};
    StatsSql sql(db, projectId, range.fromMs, range.toMs);
    std::vector<qint64> counts(size_t(hours), 0);
    qint64 total = 0;
    const QMap<qint64, qint64> perHour = minuteRollupEventsPerPeriod(sql, sql.projects, range, HourMs);
    for (auto it = perHour.cbegin(); it != perHour.cend(); ++it) {
        counts[size_t((it.key() - firstHour) / HourMs)] = it.value();
        total += it.value();
    }
    const Counts byEvent = toCounts(minuteRollupEventsByName(sql, sql.projects, range));
    if (!sql.error().isEmpty())
        return Error{sql.error()};
    QJsonArray hourly;
    for (int i = 0; i < hours; ++i)
        hourly.append(QJsonArray{firstHour + i * HourMs, counts[size_t(i)]});
    return QJsonDocument(QJsonObject{{QStringLiteral("since"), iso(firstHour)},
                                     {QStringLiteral("hours"), hours},
                                     {QStringLiteral("total"), total},
                                     {QStringLiteral("byEvent"), toObject(byEvent)},
                                     {QStringLiteral("hourly"), hourly}})
        .toJson(QJsonDocument::Compact);
}

} // namespace tdesk
