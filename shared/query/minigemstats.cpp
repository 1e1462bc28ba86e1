#include "query/minigemstats.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <map>

namespace tdesk {
namespace {

constexpr qint64 HourMs = 3600 * 1000;
constexpr qint64 DayMs = 24 * HourMs;

// The continents minigem's dashboard knows; others are "UN".
constexpr std::pair<const char *, const char *> Continents[] = {
    {"US", "NA"}, {"CA", "NA"}, {"MX", "NA"}, {"BR", "SA"}, {"AR", "SA"}, {"CL", "SA"}, {"CO", "SA"}, {"GB", "EU"},
    {"DE", "EU"}, {"FR", "EU"}, {"ES", "EU"}, {"IT", "EU"}, {"NL", "EU"}, {"SE", "EU"}, {"PL", "EU"}, {"IE", "EU"},
    {"PT", "EU"}, {"CZ", "EU"}, {"RO", "EU"}, {"HU", "EU"}, {"RU", "EU"}, {"UA", "EU"}, {"TR", "AS"}, {"CN", "AS"},
    {"JP", "AS"}, {"KR", "AS"}, {"IN", "AS"}, {"SG", "AS"}, {"HK", "AS"}, {"TW", "AS"}, {"ID", "AS"}, {"PH", "AS"},
    {"TH", "AS"}, {"VN", "AS"}, {"MY", "AS"}, {"PK", "AS"}, {"BD", "AS"}, {"AU", "OC"}, {"NZ", "OC"}, {"ZA", "AF"},
    {"NG", "AF"}, {"EG", "AF"}, {"MA", "AF"}, {"KE", "AF"}, {"ET", "AF"}, {"DZ", "AF"}, {"GH", "AF"}, {"TZ", "AF"},
    {"CI", "AF"}, {"SN", "AF"}};

QString continentCase()
{
    QString sql = QStringLiteral("CASE country");
    for (const auto &[country, continent] : Continents)
        sql += QStringLiteral(" WHEN '%1' THEN '%2'").arg(QLatin1String(country), QLatin1String(continent));
    return sql + QStringLiteral(" ELSE 'UN' END");
}

// Runs one query over the project's events in [fromMs, toMs); `%W` in sql is that condition.
class Scan
{
public:
    Scan(const QSqlDatabase &db, qint64 project, qint64 fromMs, qint64 toMs)
        : m_db(db), m_project(project), m_from(fromMs), m_to(toMs)
    {
    }

    bool run(const QString &sql, const std::function<void(const QSqlQuery &)> &row)
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        QString text = sql;
        text.replace(QLatin1String("%W"), QLatin1String("project_id = :p AND ts >= :from AND ts < :to"));
        if (!q.prepare(text)) {
            m_error = q.lastError().text();
            return false;
        }
        q.bindValue(QStringLiteral(":p"), m_project);
        q.bindValue(QStringLiteral(":from"), m_from);
        q.bindValue(QStringLiteral(":to"), m_to);
        if (!q.exec()) {
            m_error = q.lastError().text();
            return false;
        }
        while (q.next())
            row(q);
        return true;
    }
    QString error() const { return m_error; }

private:
    QSqlDatabase m_db;
    qint64 m_project, m_from, m_to;
    QString m_error;
};

QJsonArray topRows(const QJsonObject &counts, qint64 total, int limit = 20)
{
    std::vector<std::pair<QString, qint64>> rows;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        rows.emplace_back(it.key(), it.value().toInteger());
    std::stable_sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QJsonArray out;
    for (size_t i = 0; i < rows.size() && int(i) < limit; ++i)
        out.append(QJsonObject{{QStringLiteral("key"), rows[i].first}, {QStringLiteral("count"), rows[i].second},
                               {QStringLiteral("pct"), total ? double(rows[i].second) / double(total) : 0.0}});
    return out;
}

// A metric of `m` only when it has the type minigem expects.
QString numeric(const char *key)
{
    return QStringLiteral("CASE WHEN json_type(props, '$.%1') IN ('integer', 'real') THEN json_extract(props, '$.%1') END")
        .arg(QLatin1String(key));
}

} // namespace

QString maskUserHash(const QString &hash)
{
    return hash.left(6) + QStringLiteral("…");
}

Result<StatsRange> parseStatsRange(const QString &from, const QString &to, int windowDays, QDate today)
{
    StatsRange range{today.addDays(-(windowDays - 1)), today};
    if (!from.isEmpty()) {
        range.from = QDate::fromString(from, Qt::ISODate);
        if (!range.from.isValid() || from.size() != 10)
            return Error{QStringLiteral("from: expected YYYY-MM-DD")};
        if (to.isEmpty())
            range.to = std::max(range.from, today);
    }
    if (!to.isEmpty()) {
        range.to = QDate::fromString(to, Qt::ISODate);
        if (!range.to.isValid() || to.size() != 10)
            return Error{QStringLiteral("to: expected YYYY-MM-DD")};
        if (from.isEmpty())
            range.from = range.to.addDays(-(windowDays - 1));
    }
    if (range.from > range.to)
        return Error{QStringLiteral("from: after to")};
    if (range.from.daysTo(range.to) >= 366)
        return Error{QStringLiteral("from: the range may span at most 366 days")};
    return range;
}

Result<QByteArray> computeMinigemStats(const QSqlDatabase &db, qint64 projectId, const StatsRange &range)
{
    const qint64 fromMs = QDateTime(range.from, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 toMs = QDateTime(range.to.addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const int days = int(range.from.daysTo(range.to)) + 1;
    const qint64 firstDay = fromMs / DayMs;
    Scan scan(db, projectId, fromMs, toMs);

    qint64 total = 0, uniques = 0;
    bool ok = scan.run(QStringLiteral("SELECT count(*), count(DISTINCT user_hash) FROM events WHERE %W"), [&](const QSqlQuery &q) {
        total = q.value(0).toLongLong();
        uniques = q.value(1).toLongLong();
    });

    // Daily hits and visitors, every day present.
    QJsonArray dates, hits, dayUniques;
    std::vector<qint64> dayHits(size_t(days), 0), dayUsers(size_t(days), 0);
    ok = ok && scan.run(QStringLiteral("SELECT ts / 86400000, count(*), count(DISTINCT user_hash) FROM events WHERE %W GROUP BY 1"),
                        [&](const QSqlQuery &q) {
                            const qint64 i = q.value(0).toLongLong() - firstDay;
                            if (i >= 0 && i < days) {
                                dayHits[size_t(i)] = q.value(1).toLongLong();
                                dayUsers[size_t(i)] = q.value(2).toLongLong();
                            }
                        });
    for (int i = 0; i < days; ++i) {
        dates.append(range.from.addDays(i).toString(Qt::ISODate));
        hits.append(dayHits[size_t(i)]);
        dayUniques.append(dayUsers[size_t(i)]);
    }

    // Breakdowns: a missing value is shown as "unknown".
    const auto countBy = [&](const char *column, QJsonObject *out) {
        return scan.run(QStringLiteral("SELECT coalesce(%1, 'unknown'), count(*) FROM events WHERE %W GROUP BY 1")
                            .arg(QLatin1String(column)),
                        [out](const QSqlQuery &q) { out->insert(q.value(0).toString(), q.value(1).toLongLong()); });
    };
    QJsonObject byEvent, byOs, byExt, byVscode;
    ok = ok && countBy("name", &byEvent) && countBy("os", &byOs) && countBy("ext", &byExt) && countBy("vscode", &byVscode);

    std::map<QString, std::vector<qint64>> osPerDay;
    ok = ok && scan.run(QStringLiteral("SELECT coalesce(os, 'unknown'), ts / 86400000, count(*) FROM events WHERE %W GROUP BY 1, 2"),
                        [&](const QSqlQuery &q) {
                            auto &series = osPerDay[q.value(0).toString()];
                            series.resize(size_t(days), 0);
                            const qint64 i = q.value(1).toLongLong() - firstDay;
                            if (i >= 0 && i < days)
                                series[size_t(i)] = q.value(2).toLongLong();
                        });
    QJsonArray dailyOsSeries;
    for (const auto &[os, data] : osPerDay) {
        QJsonArray values;
        for (qint64 v : data)
            values.append(v);
        dailyOsSeries.append(QJsonObject{{QStringLiteral("key"), os}, {QStringLiteral("data"), values}});
    }

    // Hour of day and day of week (0 = Sunday; 1970-01-01 was a Thursday), UTC.
    std::vector<qint64> hourly(24, 0), hourlyVisitors(24, 0), dow(7, 0);
    ok = ok && scan.run(QStringLiteral("SELECT (ts / 3600000) % 24, count(*), count(DISTINCT user_hash) FROM events WHERE %W GROUP BY 1"),
                        [&](const QSqlQuery &q) {
                            const int h = q.value(0).toInt();
                            hourly[size_t(h)] = q.value(1).toLongLong();
                            hourlyVisitors[size_t(h)] = q.value(2).toLongLong();
                        });
    ok = ok && scan.run(QStringLiteral("SELECT (ts / 86400000 + 4) % 7, count(*) FROM events WHERE %W GROUP BY 1"),
                        [&](const QSqlQuery &q) { dow[size_t(q.value(0).toInt())] = q.value(1).toLongLong(); });

    // Runs of minigem's Java extension, with their metrics.
    qint64 started = 0, completed = 0, compileErrors = 0, runtimeErrors = 0, interactive = 0, truncated = 0;
    double waitSum = 0;
    ok = ok && scan.run(QStringLiteral("SELECT sum(name = 'java.run.started'), sum(name = 'java.run.completed'),"
                                       " sum(name = 'java.run.error' AND json_extract(props, '$.phase') IS 'compile'"
                                       "     AND json_type(props, '$.phase') = 'text'),"
                                       " sum(name = 'java.run.error' AND NOT (json_extract(props, '$.phase') IS 'compile'"
                                       "     AND json_type(props, '$.phase') = 'text')),"
                                       " sum(name = 'java.run.completed' AND json_type(props, '$.scannerUsage') = 'true'),"
                                       " sum(name = 'java.run.completed' AND json_type(props, '$.truncatedOutput') = 'true'),"
                                       " total(CASE WHEN name = 'java.run.completed' THEN %1 END)"
                                       " FROM events WHERE %W")
                            .arg(numeric("waitMsTotal")),
                        [&](const QSqlQuery &q) {
                            started = q.value(0).toLongLong();
                            completed = q.value(1).toLongLong();
                            compileErrors = q.value(2).toLongLong();
                            runtimeErrors = q.value(3).toLongLong();
                            interactive = q.value(4).toLongLong();
                            truncated = q.value(5).toLongLong();
                            waitSum = q.value(6).toDouble();
                        });

    std::vector<double> durations;
    ok = ok && scan.run(QStringLiteral("SELECT d FROM (SELECT %1 AS d FROM events WHERE %W AND name = 'java.run.completed')"
                                       " WHERE d > 0 ORDER BY d")
                            .arg(numeric("durationMs")),
                        [&](const QSqlQuery &q) { durations.push_back(q.value(0).toDouble()); });
    const auto percentile = [&durations](double p) -> double {
        if (durations.empty())
            return 0;
        const auto index = qint64(std::ceil(p / 100.0 * double(durations.size()))) - 1;
        return durations[size_t(std::clamp<qint64>(index, 0, qint64(durations.size()) - 1))];
    };
    static constexpr int Edges[] = {0, 500, 1000, 3000, 10000, 30000, 60000, 120000};
    QJsonArray histLabels, histValues;
    std::vector<qint64> histogram(std::size(Edges), 0);
    for (double d : durations) {
        size_t i = std::size(Edges) - 1;
        while (i > 0 && d < Edges[i])
            --i;
        ++histogram[i];
    }
    for (size_t i = 0; i < std::size(Edges); ++i) {
        histLabels.append(i + 1 < std::size(Edges) ? QStringLiteral("%1-%2ms").arg(Edges[i]).arg(Edges[i + 1])
                                                   : QStringLiteral("≥%1ms").arg(Edges[i]));
        histValues.append(histogram[i]);
    }

    QJsonObject exitCodes, outputBuckets, topExceptions;
    ok = ok && scan.run(QStringLiteral("SELECT CASE WHEN json_type(props, '$.exit') IS NULL THEN '0'"
                                       " ELSE CAST(json_extract(props, '$.exit') AS TEXT) END, count(*)"
                                       " FROM events WHERE %W AND name = 'java.run.completed'"
                                       " AND coalesce(json_type(props, '$.exit'), 'integer') = 'integer' GROUP BY 1"),
                        [&](const QSqlQuery &q) { exitCodes.insert(q.value(0).toString(), q.value(1).toLongLong()); });
    ok = ok && scan.run(QStringLiteral("SELECT coalesce(json_extract(props, '$.cumulativeBytesBucket'), '-'), count(*)"
                                       " FROM events WHERE %W AND name = 'java.run.completed'"
                                       " AND coalesce(json_type(props, '$.cumulativeBytesBucket'), 'text') = 'text' GROUP BY 1"),
                        [&](const QSqlQuery &q) { outputBuckets.insert(q.value(0).toString(), q.value(1).toLongLong()); });
    ok = ok && scan.run(QStringLiteral("SELECT json_extract(props, '$.exceptionHash'), count(*) FROM events WHERE %W"
                                       " AND name = 'java.run.error' AND json_type(props, '$.exceptionHash') = 'text'"
                                       " AND json_extract(props, '$.exceptionHash') <> '' GROUP BY 1"),
                        [&](const QSqlQuery &q) { topExceptions.insert(q.value(0).toString(), q.value(1).toLongLong()); });

    QJsonObject byCountry, byContinent;
    const auto geoBy = [&](const QString &key, QJsonObject *out) {
        return scan.run(QStringLiteral("SELECT %1, count(*), count(DISTINCT user_hash) FROM events WHERE %W GROUP BY 1").arg(key),
                        [out](const QSqlQuery &q) {
                            out->insert(q.value(0).toString(), QJsonObject{{QStringLiteral("hits"), q.value(1).toLongLong()},
                                                                           {QStringLiteral("visitors"), q.value(2).toLongLong()}});
                        });
    };
    ok = ok && geoBy(QStringLiteral("coalesce(country, '-')"), &byCountry) && geoBy(continentCase(), &byContinent);
    if (!ok)
        return Error{scan.error()};

    const auto array = [](const std::vector<qint64> &values) {
        QJsonArray out;
        for (qint64 v : values)
            out.append(v);
        return out;
    };
    const double runs = double(std::max<qint64>(1, started));
    const QJsonObject answer{
        {QStringLiteral("from"), range.from.toString(Qt::ISODate)},
        {QStringLiteral("to"), range.to.toString(Qt::ISODate)},
        {QStringLiteral("windowDays"), days},
        {QStringLiteral("total"), total},
        {QStringLiteral("uniques"), uniques},
        {QStringLiteral("osTypes"), byOs.size()},
        {QStringLiteral("extTypes"), byExt.size()},
        {QStringLiteral("vscodeTypes"), byVscode.size()},
        {QStringLiteral("daily"), QJsonObject{{QStringLiteral("dates"), dates}, {QStringLiteral("hits"), hits},
                                              {QStringLiteral("uniques"), dayUniques}}},
        {QStringLiteral("dailyOs"), QJsonObject{{QStringLiteral("labels"), dates}, {QStringLiteral("series"), dailyOsSeries}}},
        {QStringLiteral("byEvent"), byEvent},
        {QStringLiteral("byOs"), byOs},
        {QStringLiteral("byExt"), byExt},
        {QStringLiteral("byVscode"), byVscode},
        {QStringLiteral("hourly"), array(hourly)},
        {QStringLiteral("dow"), array(dow)},
        {QStringLiteral("runs"), QJsonObject{{QStringLiteral("started"), started}, {QStringLiteral("completed"), completed}}},
        {QStringLiteral("errors"), QJsonObject{{QStringLiteral("compile"), compileErrors},
                                               {QStringLiteral("runtime"), runtimeErrors},
                                               {QStringLiteral("compileRate"), double(compileErrors) / runs},
                                               {QStringLiteral("runtimeRate"), double(runtimeErrors) / runs}}},
        {QStringLiteral("durations"), QJsonObject{{QStringLiteral("count"), qint64(durations.size())},
                                                  {QStringLiteral("median"), percentile(50)},
                                                  {QStringLiteral("p90"), percentile(90)},
                                                  {QStringLiteral("hist"), QJsonObject{{QStringLiteral("labels"), histLabels},
                                                                                       {QStringLiteral("values"), histValues}}},
                                                  {QStringLiteral("avgWaitMs"), completed ? waitSum / double(completed) : 0.0}}},
        {QStringLiteral("exitCodes"), exitCodes},
        {QStringLiteral("outputBuckets"), outputBuckets},
        {QStringLiteral("interactiveRate"), completed ? double(interactive) / double(completed) : 0.0},
        {QStringLiteral("truncationRate"), completed ? double(truncated) / double(completed) : 0.0},
        {QStringLiteral("topExceptions"), topExceptions},
        {QStringLiteral("geo"), QJsonObject{{QStringLiteral("byContinent"), byContinent}, {QStringLiteral("byCountry"), byCountry}}},
        {QStringLiteral("hourlyVisitors"), array(hourlyVisitors)},
        {QStringLiteral("tables"), QJsonObject{{QStringLiteral("eventsTop"), topRows(byEvent, total)},
                                               {QStringLiteral("extTop"), topRows(byExt, total)},
                                               {QStringLiteral("vscodeTop"), topRows(byVscode, total)},
                                               {QStringLiteral("exitTop"), topRows(exitCodes, total)},
                                               {QStringLiteral("exceptionsTop"), topRows(topExceptions, total)}}},
    };
    return QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

Result<QByteArray> recentEventsJson(const QSqlDatabase &db, qint64 projectId, int limit)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ts, received_ms, name, user_hash, event_id, session_id, os, ext, vscode, country, region,"
                             " city, props FROM events WHERE project_id = ? ORDER BY id DESC LIMIT ?"));
    q.addBindValue(projectId);
    q.addBindValue(limit);
    if (!q.exec())
        return Error{q.lastError().text()};
    QJsonArray events;
    static const char *const Optional[] = {"id", "sessionId", "os", "ext", "vscode", "country", "region", "city"};
    while (q.next()) {
        QJsonObject e{{QStringLiteral("t"), q.value(0).toLongLong()},
                      {QStringLiteral("received"), q.value(1).toLongLong()},
                      {QStringLiteral("evt"), q.value(2).toString()},
                      {QStringLiteral("user"), maskUserHash(q.value(3).toString())}};
        for (int i = 0; i < int(std::size(Optional)); ++i) {
            if (!q.value(4 + i).isNull())
                e.insert(QLatin1String(Optional[i]), q.value(4 + i).toString());
        }
        if (!q.value(12).isNull())
            e.insert(QStringLiteral("m"), QJsonDocument::fromJson(q.value(12).toByteArray()).object());
        events.append(e);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("limit"), limit}, {QStringLiteral("events"), events}})
        .toJson(QJsonDocument::Compact);
}

Result<QByteArray> hourlyCountsJson(const QSqlDatabase &db, qint64 projectId, int hours, qint64 nowMs)
{
    const qint64 lastHour = nowMs - nowMs % HourMs;
    const qint64 firstHour = lastHour - qint64(hours - 1) * HourMs;
    // The per-minute rollup answers this without touching raw events.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT minute_ms / 3600000 * 3600000, sum(events) FROM rollup_minute"
                             " WHERE project_id = ? AND minute_ms >= ? AND minute_ms < ? GROUP BY 1"));
    q.addBindValue(projectId);
    q.addBindValue(firstHour);
    q.addBindValue(lastHour + HourMs);
    if (!q.exec())
        return Error{q.lastError().text()};
    std::vector<qint64> counts(size_t(hours), 0);
    while (q.next()) {
        const qint64 i = (q.value(0).toLongLong() - firstHour) / HourMs;
        if (i >= 0 && i < hours)
            counts[size_t(i)] = q.value(1).toLongLong();
    }
    QJsonArray rows;
    for (int i = 0; i < hours; ++i)
        rows.append(QJsonArray{firstHour + i * HourMs, counts[size_t(i)]});
    return QJsonDocument(QJsonObject{{QStringLiteral("hours"), hours}, {QStringLiteral("counts"), rows}})
        .toJson(QJsonDocument::Compact);
}

} // namespace tdesk
