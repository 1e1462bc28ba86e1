#include "server/minigemstats.h"

#include "core/timeunits.h"
#include "query/eventquery.h"
#include "query/insightquery.h"
#include "query/periodusers.h"
#include "query/propertystats.h"
#include "query/rollupcounts.h"
#include "query/sessionquery.h"
#include "query/sqlstatements.h"
#include "storage/rollups.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

// The shape of minigem-telemetry's /stats, /debug/recent and /debug/counts (its ingest/src/db.ts:
// dbReadStats, dbRecent, dbCounts) over the query layer's general figures: which event names and
// property keys minigem's keys mean, its type rules, its continents, and the JSON. Where we differ
// on purpose:
// - the range is the asked UTC days (minigem: 1970–2099 by default); `windowDays` is its length;
// - every figure is read in one snapshot, counts from the rollups wherever the query layer reads
//   them; over more than some 50,000 user-days users are estimated within a few percent;
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

using Counts = QMap<QString, qint64>;

Counts toCounts(const QHash<QString, qint64> &counts)
{
    Counts out;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

// A country's continent code, by the table above.
const QHash<QString, QString> &continents()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> out;
        for (const char *row : Continents) {
            const QStringList codes = QString::fromLatin1(row).split(u' ');
            for (const QString &country : codes.mid(1))
                out.insert(country, codes.first());
        }
        return out;
    }();
    return table;
}

// A field's value as shown: a missing one is "unknown".
QString shown(const QString &value)
{
    return value.isEmpty() ? QStringLiteral("unknown") : value;
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
    const TimeRange window{firstDay * DayMs, (firstDay + days) * DayMs};
    SqlStatements sql(db, true);
    sql.bind(QStringLiteral(":project"), projectId);
    const QString projects = projectCondition(sql.dialect(), projectId);
    const auto dayIndex = [&](qint64 day) { return size_t(std::clamp<qint64>(day - firstDay, 0, days - 1)); };

    // Volume per hour (days, hours of day, weekdays) and per event, and users.
    qint64 total = 0;
    std::vector<qint64> dayHits(size_t(days), 0), hourly(24, 0), dow(7, 0), dayUsers(size_t(days), 0),
        hourlyVisitors(24, 0);
    const QMap<qint64, qint64> perHour = minuteRollupEventsPerPeriod(sql, projects, window, HourMs);
    for (auto it = perHour.cbegin(); it != perHour.cend(); ++it) {
        const qint64 hour = it.key() / HourMs, n = it.value();
        hourly[size_t(hour % 24)] += n;
        dow[size_t((hour / 24 + 4) % 7)] += n; // 0 = Sunday; 1970-01-01 was a Thursday
    }
    // The daily figures are the insights engine's UTC daily trends (in this snapshot: its statements
    // join the open transaction), so /stats and the Query API's trends cannot disagree.
    const auto daily = [&](TrendMetric metric, std::vector<qint64> &out) -> std::optional<QString> {
        TrendQuery trend;
        trend.filter.projectId = projectId;
        trend.filter.range = window;
        trend.metric = metric;
        auto result = loadTrend(db, trend);
        if (!result)
            return result.error();
        for (const auto &[at, value] : result->series.constFirst().points)
            out[dayIndex(at / DayMs)] = std::llround(value.value_or(0.0));
        return std::nullopt;
    };
    if (auto failed = daily(TrendMetric::Count, dayHits))
        return Error{*failed};
    if (auto failed = daily(TrendMetric::Users, dayUsers))
        return Error{*failed};
    for (const qint64 n : dayHits)
        total += n;
    const Counts byEvent = toCounts(minuteRollupEventsByName(sql, projects, window));
    const qint64 uniques = countDayUsers(sql, projects, firstDay, firstDay + days).users.value(QString());
    const QMap<int, qint64> perHourOfDay = usersPerHourOfDay(sql, projects, window);
    for (auto it = perHourOfDay.cbegin(); it != perHourOfDay.cend(); ++it)
        hourlyVisitors[size_t(it.key())] = it.value();

    // Breakdowns, OS per day, and places: hits, and visitors per country and continent.
    DimensionDayCounts dims = dimensionCountsPerDay(sql, projects, window, {OsDim, AppVersionDim, HostVersionDim, CountryDim});
    Counts byOs, byExt, byVscode, countryHits, continentHits;
    QMap<QString, std::vector<qint64>> osPerDay;
    const auto sumDays = [&](int dim, Counts &out, const std::function<QString(const QString &)> &key) {
        for (auto it = dims[dim].cbegin(); it != dims[dim].cend(); ++it) {
            for (auto day = it->cbegin(); day != it->cend(); ++day)
                out[key(it.key())] += day.value();
        }
    };
    sumDays(OsDim, byOs, shown);
    sumDays(AppVersionDim, byExt, shown);
    sumDays(HostVersionDim, byVscode, shown);
    for (auto it = dims[OsDim].cbegin(); it != dims[OsDim].cend(); ++it) {
        auto &series = osPerDay[shown(it.key())];
        series.resize(size_t(days), 0);
        for (auto day = it->cbegin(); day != it->cend(); ++day)
            series[dayIndex(day.key())] += day.value();
    }
    QHash<QString, QString> countryOf, continentOf;
    for (const QString &country : dims[CountryDim].keys()) {
        countryOf.insert(country, country.isEmpty() ? QStringLiteral("unknown") : country.toUpper());
        continentOf.insert(country, continents().value(country.toUpper(), QStringLiteral("unknown")));
    }
    sumDays(CountryDim, countryHits, [&](const QString &c) { return countryOf.value(c); });
    sumDays(CountryDim, continentHits, [&](const QString &c) { return continentOf.value(c); });
    const auto geo = [&](const Counts &hits, const QHash<QString, QString> &groupOf) {
        const PeriodUsers visitors = countDayUsersByCountryGroup(sql, projects, firstDay, firstDay + days, groupOf);
        QJsonObject out;
        for (auto it = hits.cbegin(); it != hits.cend(); ++it)
            out.insert(it.key(), QJsonObject{{QStringLiteral("hits"), it.value()},
                                             {QStringLiteral("visitors"), visitors.users.value(it.key())}});
        return out;
    };
    const QJsonObject byCountry = geo(countryHits, countryOf), byContinent = geo(continentHits, continentOf);

    // Runs of minigem's Java extension and their metrics, with minigem's type rules: a flag is true,
    // or false when false, null or absent; a phase other than "compile" (or none) is a runtime error.
    const QString Completed = QStringLiteral("java.run.completed"), Failed = QStringLiteral("java.run.error");
    Counts exitCodes, outputBuckets, exceptions;
    QMap<QString, Counts> exitsPerDay;
    qint64 interactive = 0, interactiveOf = 0, truncated = 0, truncatedOf = 0, compileErrors = 0, runtimeErrors = 0;
    const auto absent = [](const PropertyValueCount &c) { return c.type.isEmpty() || c.type == u"null"; };
    const auto flag = [&](const PropertyValueCount &c, qint64 &yes, qint64 &of) {
        if (c.type == u"true" || c.type == u"false" || absent(c)) {
            of += c.events;
            yes += c.type == u"true" ? c.events : 0;
        }
    };
    for (const PropertyValueCount &c : propertyValueCounts(sql, projects, window, Completed,
                                                           {QStringLiteral("exit"), QStringLiteral("cumulativeBytesBucket"),
                                                            QStringLiteral("scannerUsage"), QStringLiteral("truncatedOutput")},
                                                           true)) {
        if (c.key == u"exit" && c.type == u"integer") {
            exitCodes[c.value] += c.events;
            exitsPerDay[QDate(1970, 1, 1).addDays(c.day).toString(Qt::ISODate)][c.value] += c.events;
        } else if (c.key == u"cumulativeBytesBucket" && (absent(c) || c.type == u"text")) {
            outputBuckets[c.value.isEmpty() ? QStringLiteral("-") : c.value] += c.events;
        } else if (c.key == u"scannerUsage") {
            flag(c, interactive, interactiveOf);
        } else if (c.key == u"truncatedOutput") {
            flag(c, truncated, truncatedOf);
        }
    }
    for (const PropertyValueCount &c :
         propertyValueCounts(sql, projects, window, Failed, {QStringLiteral("phase"), QStringLiteral("exceptionHash")})) {
        if (c.key == u"phase" && (absent(c) || c.type == u"text"))
            (c.value == u"compile" ? compileErrors : runtimeErrors) += c.events;
        else if (c.key == u"exceptionHash" && c.type == u"text" && !c.value.isEmpty())
            exceptions[c.value] += c.events;
    }
    QJsonObject dailyLearningOutcomes;
    for (auto it = exitsPerDay.begin(); it != exitsPerDay.end(); ++it)
        dailyLearningOutcomes.insert(it.key(), toObject(it.value()));
    Counts topExceptions;
    for (const auto &[key, n] : ranked(exceptions, 50))
        topExceptions.insert(key, n);
    // Durations: percentiles by nearest rank (minigem's percentile_disc) and a histogram.
    static const QList<double> Edges{0, 500, 1000, 3000, 10000, 30000, 60000, 120000};
    const NumericStats durations = numericPropertyStats(sql, projects, window, Completed, QStringLiteral("durationMs"),
                                                        {50, 90}, Edges, 0);
    const double avgWait = numericPropertyStats(sql, projects, window, Completed, QStringLiteral("waitMsTotal"), {}, {}, 0).average();
    QJsonArray histLabels, histValues;
    for (qsizetype i = 0; i < Edges.size(); ++i) {
        histLabels.append(i + 1 == Edges.size() ? QStringLiteral("≥%1ms").arg(Edges[i])
                                                : QStringLiteral("%1-%2ms").arg(Edges[i]).arg(Edges[i + 1]));
        histValues.append(durations.histogram[i]);
    }

    // Sessions: the 100 last active ones, and the best and most frustrating completed runs.
    const auto duration = [](double ms) { return std::max(0.0, ms); }; // a negative duration is none
    QJsonArray sessionsRecent;
    for (const SessionActivity &s : latestSessions(sql, projects, window, 100,
                                                   {QStringLiteral("exit"), QStringLiteral("durationMs"),
                                                    QStringLiteral("scannerUsage")},
                                                   {Completed, Failed})) {
        sessionsRecent.append(QJsonObject{
            {QStringLiteral("id"), s.id},
            {QStringLiteral("student"), maskUserHash(s.userHash)},
            {QStringLiteral("startedAt"), iso(s.firstMs)},
            {QStringLiteral("lastAt"), iso(s.lastMs)},
            {QStringLiteral("completed"), s.eventsByName.contains(Completed)},
            {QStringLiteral("exit"), qint64(s.greatest.value(QStringLiteral("exit"), -1))},
            {QStringLiteral("durationMs"), duration(s.greatest.value(QStringLiteral("durationMs")))},
            {QStringLiteral("interactive"), s.greatest.value(QStringLiteral("scannerUsage")) == 1},
        });
    }
    const auto topRuns = [&](int exitCode, bool descending) {
        QJsonArray out;
        for (const EventProperties &run :
             eventsByProperties(sql, projects, window, Completed, QStringLiteral("exit"), exitCode,
                                {{QStringLiteral("scannerUsage"), descending, 0}, {QStringLiteral("durationMs"), descending}}, 20)) {
            const QJsonValue dur = run.props.value(QStringLiteral("durationMs"));
            const QString bucket = run.props.value(QStringLiteral("cumulativeBytesBucket")).toString();
            QJsonObject shown{{QStringLiteral("student"), maskUserHash(run.userHash)},
                              {QStringLiteral("ts"), iso(run.timeMs)},
                              {QStringLiteral("durationMs"), duration(dur.toDouble())},
                              {QStringLiteral("interactive"), run.props.value(QStringLiteral("scannerUsage")).toBool()},
                              {QStringLiteral("exit"), exitCode}};
            if (!bucket.isEmpty() && bucket != u'-')
                shown.insert(QStringLiteral("outputBucket"), bucket);
            out.append(shown);
        }
        return out;
    };
    const QJsonObject sessions{{QStringLiteral("successTop"), topRuns(0, true)},
                               {QStringLiteral("frustratedTop"), topRuns(130, false)}}; // 130: ended with Ctrl+C

    // Not bound to the range, as in minigem: activity in the last 10 minutes (and up to the 10 minutes
    // ahead that ingest accepts for clock skew), and lifetime installs.
    if (nowMs <= 0)
        nowMs = QDateTime::currentMSecsSinceEpoch();
    qint64 activeSessions = 0;
    for (const SessionActivity &s : latestSessions(sql, projects, {nowMs - 10 * MinuteMs, nowMs + 10 * MinuteMs + 1}, -1))
        activeSessions += s.eventsByName.contains(Completed) ? 0 : 1;
    const qint64 installsTotal = minuteRollupEventsByName(sql, projects,
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
    const qint64 started = byEvent.value(QStringLiteral("java.run.started")), completed = byEvent.value(Completed);
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
        {QStringLiteral("durations"), QJsonObject{{QStringLiteral("count"), durations.count},
                                                  {QStringLiteral("median"), durations.percentiles[0]},
                                                  {QStringLiteral("p90"), durations.percentiles[1]},
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
    EventFilter filter;
    filter.projectId = projectId;
    const auto page = fetchEventPage(db, filter, EventCursor{}, limit, ScanBudget::unlimited());
    if (!page)
        return Error{page.error()};
    QJsonArray rows;
    for (const EventRow &e : page->rows) {
        const auto text = [](const QString &value) { return value.isEmpty() ? QJsonValue() : QJsonValue(value); };
        const QJsonDocument props = QJsonDocument::fromJson(e.props.toUtf8());
        const QJsonObject m = props.object();
        // minigem's metric columns: the value when it has the expected type, else null.
        const auto metric = [&m](const char *key, QJsonValue::Type type, bool integral = false) {
            const QJsonValue v = m.value(QLatin1String(key));
            const bool fits = v.type() == type && (!integral || v.toDouble() == double(v.toInteger()));
            return fits ? v : QJsonValue();
        };
        rows.append(QJsonObject{
            {QStringLiteral("id"), e.id},
            {QStringLiteral("t"), iso(e.timeMs)},
            {QStringLiteral("ts"), e.timeMs},
            {QStringLiteral("received_ms"), e.receivedMs},
            {QStringLiteral("evt"), e.name},
            {QStringLiteral("anon"), maskUserHash(e.userHash)},
            {QStringLiteral("session_id"), text(e.sessionId)},
            {QStringLiteral("os"), text(e.os)},
            {QStringLiteral("ext"), text(e.appVersion)},
            {QStringLiteral("vscode"), text(e.hostVersion)},
            {QStringLiteral("country"), text(e.country)},
            {QStringLiteral("region"), text(e.region)},
            {QStringLiteral("city"), text(e.city)},
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
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("rows"), rows}}).toJson(QJsonDocument::Compact);
}

Result<QByteArray> hourlyCountsJson(const QSqlDatabase &db, qint64 projectId, int hours, qint64 nowMs)
{
    if (hours < 1 || hours > 720)
        return Error{QStringLiteral("hours: expected 1..720")};
    const qint64 firstHour = floorTo(nowMs, HourMs) - qint64(hours - 1) * HourMs;
    // The minute rollup answers this without touching raw events.
    const TimeRange range{firstHour, firstHour + hours * HourMs};
    SqlStatements sql(db, true);
    sql.bind(QStringLiteral(":project"), projectId);
    const QString projects = projectCondition(sql.dialect(), projectId);
    std::vector<qint64> counts(size_t(hours), 0);
    qint64 total = 0;
    const QMap<qint64, qint64> perHour = minuteRollupEventsPerPeriod(sql, projects, range, HourMs);
    for (auto it = perHour.cbegin(); it != perHour.cend(); ++it) {
        counts[size_t((it.key() - firstHour) / HourMs)] = it.value();
        total += it.value();
    }
    const Counts byEvent = toCounts(minuteRollupEventsByName(sql, projects, range));
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
