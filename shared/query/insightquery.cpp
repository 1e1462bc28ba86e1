#include "query/insightquery.h"

#include "core/timeunits.h"
#include "query/periodusers.h"
#include "query/readtypes.h"
#include "query/rollupplan.h"
#include "query/sqlstatements.h"
#include "query/timebuckets.h"
#include "storage/metakeys.h"
#include "storage/rollups.h"
#include "storage/useractivity.h"
#include "storage/userrollup.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

#include <algorithm>
#include <map>
#include <vector>

namespace tdesk {
namespace {

constexpr qsizetype MaxTextLength = 200;
// How many of the newest events of the range the property sample walks at most to find those of
// one name: a rare name costs a bounded scan, never the whole range.
constexpr int PropertyScanEvents = 200000;
// Up to this many whole hours (a quarter of a year), a trend names the rollup hours it reads.
constexpr qint64 MaxListedHours = 24 * 92;

// Text ordered as both databases order it byte by byte (UTF-8), so ties break alike everywhere.
bool byteLess(const QString &a, const QString &b)
{
    return a.toUtf8() < b.toUtf8();
}

// Nearest rank: the smallest value with at least p % of the values at or below it.
template<typename T>
T percentile(std::vector<T> &sorted, int p)
{
    if (sorted.empty())
        return T{};
    const size_t rank = (size_t(p) * sorted.size() + 99) / 100;
    return sorted[std::max<size_t>(rank, 1) - 1];
}

QString userKey(const QSqlQuery &q, int projectColumn)
{
    return q.value(projectColumn).toString() + u':' + q.value(projectColumn + 1).toString();
}

// A property's value as text on both backends (SQLite's json_extract gives numbers as numbers, which
// equal no text).
QString propertyText(SqlStatements &sql, const QString &key)
{
    return QStringLiteral("CAST(%1 AS TEXT)").arg(sql.jsonText(sql.propsJson(), sql.jsonKey(key)));
}

// The WHERE condition of an insight's events (but their names and times), its values bound to `sql`.
QString eventCondition(SqlStatements &sql, const InsightFilter &filter)
{
    QString condition = projectCondition(sql.dialect(), filter.projectId);
    if (filter.projectId != AllProjects)
        sql.bind(QStringLiteral(":project"), filter.projectId);
    const auto equals = [&](const char *column, const char *param, const QString &value) {
        if (value.isEmpty())
            return;
        condition += QStringLiteral(" AND %1 = %2").arg(QLatin1String(column), QLatin1String(param));
        sql.bind(QLatin1String(param), value);
    };
    equals("os", ":filterOs", filter.os);
    equals("ext", ":filterExt", filter.version);
    equals("vscode", ":filterVscode", filter.hostVersion);
    equals("country", ":filterCountry", filter.country.toUpper());
    for (qsizetype i = 0; i < filter.properties.size(); ++i) {
        const QString param = QStringLiteral(":filterProperty_%1_").arg(i);
        condition += QStringLiteral(" AND ") + propertyText(sql, filter.properties[i].first) + QStringLiteral(" = ") + param;
        sql.bind(param, filter.properties[i].second);
    }
    return condition;
}

// A condition on the event's name, bound as `param`; none for "" (every event).
QString nameCondition(SqlStatements &sql, const QString &param, const QString &name)
{
    if (name.isEmpty())
        return {};
    sql.bind(param, name);
    return QStringLiteral(" AND name = ") + param;
}

// The SQL of a breakdown's value ('' for an event without one).
QString breakdownSql(SqlStatements &sql, const QString &breakdown)
{
    if (breakdown.isEmpty())
        return QStringLiteral("''");
    if (breakdown.startsWith(QLatin1String("m.")))
        return QStringLiteral("coalesce(%1, '')").arg(propertyText(sql, breakdown.mid(2)));
    return QStringLiteral("coalesce(%1, '')").arg(breakdown); // a column: isBreakdown() allows only those
}

// The top values of a breakdown as its SQL maps them: themselves, or NULL for "other".
struct BreakdownKeys
{
    QStringList top;
    bool other = false;

    QString mappedSql(SqlStatements &sql, const QString &value) const
    {
        if (top.isEmpty())
            return value;
        QStringList params;
        for (qsizetype i = 0; i < top.size(); ++i) {
            params << QStringLiteral(":breakdown_%1_").arg(i);
            sql.bind(params.constLast(), top[i]);
        }
        return QStringLiteral("CASE WHEN %1 IN (%2) THEN %1 END").arg(value, params.join(u','));
    }
};

// The values with the most of `measure` first (ties by value); the rest are "other".
BreakdownKeys topKeys(QList<QPair<QString, qint64>> counts)
{
    std::sort(counts.begin(), counts.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : byteLess(a.first, b.first);
    });
    BreakdownKeys keys;
    for (const auto &[value, n] : std::as_const(counts)) {
        if (keys.top.size() == InsightBreakdownTop) {
            keys.other = true;
            break;
        }
        keys.top << value;
    }
    return keys;
}

const QRegularExpression &propertyKeyPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[\\p{L}\\p{N}_.$:@/ -]{1,100}$"));
    return pattern;
}

std::optional<InsightProblem> problem(const char *param, const QString &message)
{
    return InsightProblem{QLatin1String(param), message};
}

// Whether an insight's filter narrows its events beyond the project and the range.
bool narrows(const InsightFilter &f)
{
    return !f.os.isEmpty() || !f.version.isEmpty() || !f.hostVersion.isEmpty() || !f.country.isEmpty() || !f.properties.isEmpty();
}

// The whole hours of a count trend that the hourly rollups answer (counted at commit, exact on both
// backends and with several writers): for a trend without filters, by nothing, OS, versions or
// country (or one event's count without a breakdown), whose buckets start on whole UTC hours (zones
// at whole hours from UTC). The range's partial hours at either end are read by addEdgeCounts().
struct RollupSpan
{
    TimeRange whole;
    int dim;
};

std::optional<RollupSpan> rollupSpan(const TrendQuery &q, const TimeRange &range)
{
    const InsightFilter &f = q.filter;
    if (q.metric != TrendMetric::Count || q.interval == Interval::Minute || narrows(f))
        return std::nullopt;
    static const QHash<QString, int> dims{{QString(), EventNameDim},
                                          {QStringLiteral("os"), OsDim},
                                          {QStringLiteral("ext"), AppVersionDim},
                                          {QStringLiteral("vscode"), HostVersionDim},
                                          {QStringLiteral("country"), CountryDim}};
    if (!dims.contains(q.breakdown) || (!q.event.isEmpty() && !q.breakdown.isEmpty()))
        return std::nullopt;
    const auto buckets = TimeBuckets::make(f.timeZone, q.interval, range);
    if (!buckets)
        return std::nullopt;
    for (qsizetype i = 1; i < buckets->size(); ++i) {
        if (buckets->starts()[i] % HourMs != 0)
            return std::nullopt;
    }
    const TimeRange whole{ceilTo(range.fromMs, HourMs), floorTo(range.toMs, HourMs)};
    if (whole.toMs <= whole.fromMs)
        return std::nullopt;
    return RollupSpan{whole, dims.value(q.breakdown)};
}

// A users trend of every event, unfiltered, whose buckets and ends fall on whole UTC days (or
// hours) is counted from the user rollups of those periods: the same distinct users as the raw
// events give, unless a period kept only a sample of its users (then the raw events are read).
struct UserRollupSpan
{
    QString table;  // day_users or hour_users
    QString period; // its period column
    qint64 unit;    // ms per unit of the period column: a day for day numbers, 1 for hour_ms
    int kind; // UserPeriodKind
};

std::optional<UserRollupSpan> userRollupSpan(SqlStatements &sql, const TrendQuery &q, const TimeRange &range, const TimeBuckets &buckets)
{
    const InsightFilter &f = q.filter;
    if (q.metric != TrendMetric::Users || !q.event.isEmpty() || !q.breakdown.isEmpty() || narrows(f))
        return std::nullopt;
    const auto onGrid = [&](qint64 periodMs) {
        if (range.fromMs % periodMs != 0 || range.toMs % periodMs != 0)
            return false;
        return std::all_of(buckets.starts().cbegin(), buckets.starts().cend(), [&](qint64 start) {
            return start < range.fromMs || start % periodMs == 0;
        });
    };
    std::optional<UserRollupSpan> span;
    if (onGrid(DayMs))
        span = UserRollupSpan{QStringLiteral("day_users"), QStringLiteral("day"), DayMs, DayUsers};
    else if (onGrid(HourMs))
        span = UserRollupSpan{QStringLiteral("hour_users"), QStringLiteral("hour_ms"), 1, HourUsers};
    if (!span)
        return std::nullopt;
    const qint64 unit = span->unit;
    if (userSample(sql, projectCondition(sql.dialect(), f.projectId), span->kind, range.fromMs / unit, range.toMs / unit).estimated())
        return std::nullopt;
    return span;
}

// The partial hours at the range's ends, around the span's whole hours.
QList<TimeRange> rawSlices(const TimeRange &range, const std::optional<RollupSpan> &span)
{
    if (!span)
        return {range};
    QList<TimeRange> slices;
    for (const TimeRange &slice : {TimeRange{range.fromMs, span->whole.fromMs}, TimeRange{span->whole.toMs, range.toMs}}) {
        if (slice.toMs > slice.fromMs)
            slices.append(slice);
    }
    return slices;
}

// The rollup rows of the span, `value` mapped as the caller asks, `bucket` the SQL of hour_ms's bucket.
QString rollupSelect(SqlStatements &sql, const TrendQuery &q, const RollupSpan &span, const QString &bucket, const QString &value)
{
    QString condition = projectCondition(sql.dialect(), q.filter.projectId) + QStringLiteral(" AND dim = %1").arg(span.dim);
    if (span.dim == EventNameDim && !q.event.isEmpty())
        condition += QStringLiteral(" AND value = :event");
    // The hours listed rather than a range: the key is (project, hour, dim, value), so each hour is a
    // seek to its rows of this dimension instead of a walk over every dimension's rows.
    QString hours;
    if (span.whole.lengthMs() <= MaxListedHours * HourMs) {
        QStringList list;
        for (qint64 h = span.whole.fromMs; h < span.whole.toMs; h += HourMs)
            list << QString::number(h);
        hours = QStringLiteral(" AND hour_ms IN (") + list.join(u',') + u')';
    } else {
        hours = QStringLiteral(" AND hour_ms >= :wholeFrom AND hour_ms < :wholeTo");
    }
    return QStringLiteral("SELECT %1, %2, sum(events) FROM rollup_hour WHERE %3%4 GROUP BY 1, 2").arg(bucket, value, condition, hours);
}

// The span's dimension counted over the range's partial hours at either end, read as the Overview
// reads a range (query/rollupplan: rollup_recent's whole minutes where exact, raw events for the
// rest): `add` gets each end's start, a value, and its events. For one event's count (dimension 0
// with an event), only that event's value.
void addEdgeCounts(SqlStatements &sql, const TrendQuery &q, const TimeRange &range, const RollupSpan &span,
                   const std::function<void(qint64, const QString &, qint64)> &add)
{
    static const char *const columns[] = {"name", "os", "ext", "vscode", "country"};
    const QString column = QLatin1String(columns[span.dim]);
    const QString rawValue = span.dim == EventNameDim ? column : QStringLiteral("coalesce(%1, '')").arg(column);
    const QString projects = projectCondition(sql.dialect(), q.filter.projectId);
    for (const TimeRange &slice : rawSlices(range, span)) {
        const QList<RangePart> plan = planRangeRead(sql, projects, slice);
        sql.each(dimensionCountsSql(sql.dialect(), plan, projects, {{span.dim, rawValue, {}}}, column), [&](const QSqlQuery &r) {
            const QString value = r.value(1).toString();
            if (r.value(2).toLongLong() > 0 && (span.dim != EventNameDim || q.event.isEmpty() || value == q.event))
                add(slice.fromMs, value, r.value(2).toLongLong());
        });
    }
}

// The series of a trend over `range`, with the breakdown's keys already chosen.
Result<QList<TrendSeries>> trendSeries(SqlStatements &sql, const TrendQuery &query, const QString &condition,
                                       const TimeRange &range, const BreakdownKeys &keys)
{
    auto buckets = TimeBuckets::make(query.filter.timeZone, query.interval, range);
    if (!buckets)
        return Error{buckets.error()};
    const qsizetype n = buckets->size();
    const QString key = keys.mappedSql(sql, breakdownSql(sql, query.breakdown));
    const QString number = query.property.isEmpty() ? QStringLiteral("NULL")
                                                    : sql.jsonNumber(sql.propsJson(), sql.jsonKey(query.property));
    const std::optional<RollupSpan> span = rollupSpan(query, range);
    const QString from = QStringLiteral(" FROM events WHERE ") + condition + QStringLiteral(" AND ts >= :from AND ts < :to");
    const std::initializer_list<std::pair<const char *, qint64>> times{{":from", range.fromMs}, {":to", range.toMs}};
    const std::initializer_list<std::pair<const char *, qint64>> whole{{":wholeFrom", span ? span->whole.fromMs : 0},
                                                                        {":wholeTo", span ? span->whole.toMs : 0}};

    // Per series (a top key, or "other" as the empty optional): a value per bucket.
    std::map<std::optional<QString>, std::vector<std::optional<double>>> values;
    const auto seriesOf = [&](const QVariant &k) -> std::vector<std::optional<double>> & {
        auto &v = values[k.isNull() && !keys.top.isEmpty() ? std::nullopt : std::optional(k.toString())];
        if (v.empty())
            v.resize(size_t(n));
        return v;
    };
    switch (query.metric) {
    case TrendMetric::Count:
    case TrendMetric::Users:
    case TrendMetric::Sum:
    case TrendMetric::Average: {
        const QString measure = query.metric == TrendMetric::Count ? QStringLiteral("count(*), 0")
            : query.metric == TrendMetric::Users                   ? QStringLiteral("count(DISTINCT user_hash), 0")
                                                                   : QStringLiteral("sum(%1), count(%1)").arg(number);
        if (span) { // counts: the rollups' whole hours, and the ends as the Overview reads them
            const QString value = span->dim == EventNameDim && query.breakdown.isEmpty() ? QStringLiteral("''")
                                                                                          : keys.mappedSql(sql, QStringLiteral("value"));
            const auto add = [&](qsizetype b, const QVariant &k, double events) {
                if (b >= 0 && b < n) {
                    std::optional<double> &v = seriesOf(k)[size_t(b)];
                    v = v.value_or(0.0) + events;
                }
            };
            sql.each(rollupSelect(sql, query, *span, buckets->indexSql(QStringLiteral("hour_ms")), value), whole,
                     [&](const QSqlQuery &q) { add(q.value(0).toLongLong(), q.value(1), q.value(2).toDouble()); });
            addEdgeCounts(sql, query, range, *span, [&](qint64 at, const QString &v, qint64 events) {
                if (query.breakdown.isEmpty())
                    add(buckets->indexOf(at), QString(), double(events));
                else
                    add(buckets->indexOf(at), keys.top.isEmpty() || keys.top.contains(v) ? QVariant(v) : QVariant(), double(events));
            });
            break;
        }
        if (const auto users = userRollupSpan(sql, query, range, *buckets)) {
            const qint64 unit = users->unit;
            const QString start = unit == 1 ? users->period : QStringLiteral("%1 * %2").arg(users->period).arg(unit);
            sql.each(QStringLiteral("SELECT %1, count(DISTINCT user_hash) FROM %2 WHERE %3 AND %4 >= :periodFrom AND %4 < :periodTo GROUP BY 1")
                         .arg(buckets->indexSql(start), users->table, projectCondition(sql.dialect(), query.filter.projectId), users->period),
                     {{":periodFrom", range.fromMs / unit}, {":periodTo", range.toMs / unit}}, [&](const QSqlQuery &q) {
                         const qsizetype b = q.value(0).toLongLong();
                         if (b >= 0 && b < n)
                             seriesOf(QString())[size_t(b)] = q.value(1).toDouble();
                     });
            break;
        }
        sql.each(QStringLiteral("SELECT %1, %2, %3").arg(buckets->indexSql(QStringLiteral("ts")), key, measure) + from
                     + QStringLiteral(" GROUP BY 1, 2"),
                 times, [&](const QSqlQuery &q) {
                     const qsizetype b = q.value(0).toLongLong();
                     if (b < 0 || b >= n)
                         return;
                     std::optional<double> &v = seriesOf(q.value(1))[size_t(b)];
                     if (query.metric != TrendMetric::Average)
                         v = q.value(2).toDouble();
                     else if (q.value(3).toLongLong() > 0)
                         v = q.value(2).toDouble() / q.value(3).toDouble();
                 });
        break;
    }
    case TrendMetric::P50:
    case TrendMetric::P95: {
        std::map<std::pair<std::optional<QString>, qsizetype>, std::vector<double>> samples;
        sql.each(QStringLiteral("SELECT %1, %2, %3").arg(buckets->indexSql(QStringLiteral("ts")), key, number) + from
                     + QStringLiteral(" AND %1 IS NOT NULL").arg(number),
                 times, [&](const QSqlQuery &q) {
                     const qsizetype b = q.value(0).toLongLong();
                     if (b < 0 || b >= n)
                         return;
                     seriesOf(q.value(1));
                     const QVariant k = q.value(1);
                     samples[{k.isNull() && !keys.top.isEmpty() ? std::nullopt : std::optional(k.toString()), b}].push_back(
                         q.value(2).toDouble());
                 });
        for (auto &[at, sample] : samples) {
            std::sort(sample.begin(), sample.end());
            values[at.first][size_t(at.second)] = percentile(sample, query.metric == TrendMetric::P50 ? 50 : 95);
        }
        break;
    }
    }
    if (!sql.error().isEmpty())
        return Error{sql.error()};

    const bool additive = query.metric == TrendMetric::Count || query.metric == TrendMetric::Users
        || query.metric == TrendMetric::Sum;
    const auto series = [&](const std::optional<QString> &k) {
        TrendSeries s{k.value_or(QString()), !k.has_value(), {}};
        const auto found = values.find(k);
        for (qsizetype b = 0; b < n; ++b) {
            std::optional<double> v = found == values.end() ? std::nullopt : found->second[size_t(b)];
            s.points.append({buckets->starts()[b], additive ? std::optional(v.value_or(0.0)) : v});
        }
        return s;
    };
    QList<TrendSeries> out;
    if (query.breakdown.isEmpty())
        out << series(QString());
    for (const QString &k : keys.top)
        out << series(k);
    if (keys.other)
        out << series(std::nullopt);
    return out;
}

// A user's funnel: how far their events (in time order) went, and the shortest time from step 1
// to each step reached.
struct FunnelProgress
{
    int reached = 0;
    std::vector<qint64> shortestMs; // per step; step 0 unused
};

class FunnelWalk
{
public:
    explicit FunnelWalk(const FunnelQuery &query)
        : m_query(query)
    {
        m_latestStart.resize(size_t(query.steps.size()));
        m_progress.shortestMs.assign(size_t(query.steps.size()), -1);
    }

    // m_latestStart[k]: of the sequences that matched steps 0..k so far within the window, the latest
    // start (the time of its step 0): the one with the most time left for the next step.
    void add(const QString &name, qint64 ts)
    {
        const qsizetype steps = m_query.steps.size();
        std::vector<std::optional<qint64>> next = m_query.strict ? std::vector<std::optional<qint64>>(size_t(steps))
                                                                 : m_latestStart;
        for (qsizetype k = steps - 1; k >= 0; --k) { // downwards: one event advances one step at most
            if (m_query.steps[k] != name)
                continue;
            if (k == 0) {
                next[0] = ts;
            } else if (const std::optional<qint64> start = m_latestStart[size_t(k - 1)];
                       start && ts - *start <= m_query.windowMs) {
                next[size_t(k)] = std::max(next[size_t(k)].value_or(*start), *start);
                m_progress.reached = std::max(m_progress.reached, int(k) + 1);
                qint64 &shortest = m_progress.shortestMs[size_t(k)];
                if (shortest < 0 || ts - *start < shortest)
                    shortest = ts - *start;
            }
            if (k == 0)
                m_progress.reached = std::max(m_progress.reached, 1);
        }
        m_latestStart = std::move(next);
    }
    const FunnelProgress &progress() const { return m_progress; }

private:
    const FunnelQuery &m_query;
    std::vector<std::optional<qint64>> m_latestStart;
    FunnelProgress m_progress;
};

} // namespace

bool isPropertyKey(const QString &key)
{
    return propertyKeyPattern().match(key).hasMatch();
}

bool isBreakdown(const QString &breakdown)
{
    static const QStringList columns{QStringLiteral("os"), QStringLiteral("ext"), QStringLiteral("vscode"), QStringLiteral("country")};
    return columns.contains(breakdown) || (breakdown.startsWith(QLatin1String("m.")) && isPropertyKey(breakdown.mid(2)));
}

std::optional<InsightProblem> checkInsightFilter(const InsightFilter &filter)
{
    if (!insightZone(filter.timeZone).isValid())
        return problem("tz", QStringLiteral("unknown time zone: an IANA name such as Europe/Berlin is expected"));
    if (filter.range.toMs <= filter.range.fromMs)
        return problem("to", QStringLiteral("the range ends before it starts"));
    for (const QString *text : {&filter.os, &filter.version, &filter.hostVersion, &filter.country}) {
        if (text->size() > MaxTextLength)
            return problem(text == &filter.os ? "os" : text == &filter.version ? "ext" : text == &filter.hostVersion ? "vscode" : "country",
                           QStringLiteral("longer than %1 characters").arg(MaxTextLength));
    }
    for (const auto &[key, value] : filter.properties) {
        if (!isPropertyKey(key))
            return InsightProblem{QStringLiteral("m.") + key.left(100),
                                  QStringLiteral("a property key is 1 to 100 letters, digits, spaces or _ . $ : @ / -")};
        if (value.size() > MaxTextLength)
            return InsightProblem{QStringLiteral("m.") + key, QStringLiteral("longer than %1 characters").arg(MaxTextLength)};
    }
    return std::nullopt;
}

std::optional<InsightProblem> checkTrend(const TrendQuery &query)
{
    if (auto bad = checkInsightFilter(query.filter))
        return bad;
    if (query.event.size() > MaxTextLength)
        return problem("event", QStringLiteral("longer than %1 characters").arg(MaxTextLength));
    if (!query.breakdown.isEmpty() && !isBreakdown(query.breakdown))
        return problem("breakdown", QStringLiteral("os, ext, vscode, country or m.KEY (a property key) is expected"));
    const bool numeric = query.metric != TrendMetric::Count && query.metric != TrendMetric::Users;
    if (numeric && !isPropertyKey(query.property))
        return problem("property", QStringLiteral("sum, avg and percentiles need property=m.KEY, a numeric property"));
    if (auto buckets = TimeBuckets::make(query.filter.timeZone, query.interval, query.filter.range); !buckets)
        return problem("interval", buckets.error());
    return std::nullopt;
}

std::optional<InsightProblem> checkSessions(const SessionsQuery &query)
{
    if (auto bad = checkInsightFilter(query.filter))
        return bad;
    if (auto buckets = TimeBuckets::make(query.filter.timeZone, query.interval, query.filter.range); !buckets)
        return problem("interval", buckets.error());
    return std::nullopt;
}

std::optional<InsightProblem> checkRetention(const RetentionQuery &query)
{
    if (auto bad = checkInsightFilter(query.filter))
        return bad;
    if (query.window != Interval::Day && query.window != Interval::Week)
        return problem("window", QStringLiteral("day or week is expected"));
    if (query.windows < 1 || query.windows > 100)
        return problem("windows", QStringLiteral("1 to 100 windows"));
    if (query.event.size() > MaxTextLength)
        return problem("event", QStringLiteral("longer than %1 characters").arg(MaxTextLength));
    if (query.returnEvent.size() > MaxTextLength)
        return problem("return_event", QStringLiteral("longer than %1 characters").arg(MaxTextLength));
    if (auto buckets = TimeBuckets::make(query.filter.timeZone, query.window, query.filter.range); !buckets)
        return problem("from", buckets.error());
    return std::nullopt;
}

std::optional<InsightProblem> checkFunnel(const FunnelQuery &query)
{
    if (auto bad = checkInsightFilter(query.filter))
        return bad;
    if (query.steps.size() < FunnelMinSteps || query.steps.size() > FunnelMaxSteps)
        return problem("steps", QStringLiteral("a funnel has %1 to %2 steps").arg(FunnelMinSteps).arg(FunnelMaxSteps));
    for (const QString &step : query.steps) {
        if (step.isEmpty() || step.size() > MaxTextLength)
            return problem("steps", QStringLiteral("each step is an event name of 1 to %1 characters").arg(MaxTextLength));
    }
    if (query.windowMs <= 0 || query.windowMs > 366 * DayMs)
        return problem("window_seconds", QStringLiteral("a conversion window of 1 second to 366 days"));
    if (!query.breakdown.isEmpty() && !isBreakdown(query.breakdown))
        return problem("breakdown", QStringLiteral("os, ext, vscode, country or m.KEY (a property key) is expected"));
    return std::nullopt;
}

Result<TrendResult> loadTrend(const QSqlDatabase &db, const TrendQuery &query)
{
    if (auto bad = checkTrend(query))
        return Error{bad->message};
    SqlStatements sql(db, true);
    const QString condition = eventCondition(sql, query.filter) + nameCondition(sql, QStringLiteral(":event"), query.event);
    const TimeRange range = query.filter.range;

    BreakdownKeys keys;
    if (!query.breakdown.isEmpty()) {
        QHash<QString, qint64> counted;
        const std::optional<RollupSpan> span = rollupSpan(query, range);
        if (span) { // the rollups' hours as one bucket (0, value, events), and the ends
            sql.each(rollupSelect(sql, query, *span, QStringLiteral("0"), QStringLiteral("value")),
                     {{":wholeFrom", span->whole.fromMs}, {":wholeTo", span->whole.toMs}},
                     [&](const QSqlQuery &q) { counted[q.value(1).toString()] += q.value(2).toLongLong(); });
            addEdgeCounts(sql, query, range, *span, [&](qint64, const QString &value, qint64 events) { counted[value] += events; });
        } else {
            sql.each(QStringLiteral("SELECT %1, count(*) FROM events WHERE ").arg(breakdownSql(sql, query.breakdown)) + condition
                         + QStringLiteral(" AND ts >= :from AND ts < :to GROUP BY 1"),
                     {{":from", range.fromMs}, {":to", range.toMs}},
                     [&](const QSqlQuery &q) { counted[q.value(0).toString()] += q.value(1).toLongLong(); });
        }
        QList<QPair<QString, qint64>> counts;
        for (auto it = counted.cbegin(); it != counted.cend(); ++it)
            counts.append({it.key(), it.value()});
        keys = topKeys(counts);
    }
    TrendResult result;
    auto series = trendSeries(sql, query, condition, range, keys);
    if (!series)
        return Error{series.error()};
    result.series = std::move(*series);
    if (query.comparePrevious) {
        result.previousRange = {range.fromMs - range.lengthMs(), range.fromMs};
        auto previous = trendSeries(sql, query, condition, result.previousRange, keys);
        if (!previous)
            return Error{previous.error()};
        result.previous = std::move(*previous);
    }
    if (!sql.error().isEmpty())
        return Error{sql.error()};
    return result;
}

namespace {

// Where rollup_user_activity holds every user's activity: the events before this time (epoch ms,
// storage/useractivity.h); none on PostgreSQL, or before the writer has started it.
std::optional<qint64> userActivityThrough(SqlStatements &sql)
{
    if (sql.dialect() != SqlDialect::Sqlite)
        return std::nullopt;
    std::optional<qint64> through;
    sql.each(QStringLiteral("SELECT CAST(value AS INTEGER) FROM meta WHERE key = '%1'").arg(QLatin1String(MetaKey::UserActivityThrough)), {},
             [&](const QSqlQuery &q) { through = q.value(0).toLongLong(); });
    return through;
}

// How a range's users are read: the bits of the hours [firstHour, endHour), the later whole hours
// from hour_users (`hourUsers`, unless one of them kept only a sample of its users), and the
// events of the rest (`raw`): the part hours at the ends. A last part hour counts whole where no
// later event is in it.
struct ActivitySplit
{
    qint64 firstHour = 0, endHour = 0;
    TimeRange hourUsers;
    QList<TimeRange> raw;
};

ActivitySplit splitByActivity(SqlStatements &sql, qint64 projectId, const QString &condition, qint64 through, const TimeRange &range)
{
    const qint64 from = ceilTo(range.fromMs, HourMs);
    qint64 end = floorTo(range.toMs, HourMs);
    QList<TimeRange> tail{{end, range.toMs}};
    if (range.toMs % HourMs != 0
        && sql.number(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM events WHERE ") + condition
                          + QStringLiteral(" AND ts >= :afterFrom AND ts < :afterTo LIMIT 1) one"),
                      {{":afterFrom", range.toMs}, {":afterTo", ceilTo(range.toMs, HourMs)}})
            == 0) {
        end = ceilTo(range.toMs, HourMs);
        tail.clear();
    }
    if (end <= from)
        return {0, 0, {}, {range}};
    const qint64 bitsEnd = std::clamp(floorTo(through, HourMs), from, end);
    ActivitySplit split{from / HourMs, bitsEnd / HourMs, {}, {{range.fromMs, from}}};
    if (const TimeRange later{bitsEnd, end}; later.toMs > later.fromMs) {
        if (userSample(sql, projectCondition(sql.dialect(), projectId), HourUsers, later.fromMs, later.toMs).estimated())
            split.raw.append(later);
        else
            split.hourUsers = later;
    }
    split.raw += tail;
    return split;
}

// Each row of rollup_user_activity over the hours [firstHour, endHour): its user (userKey), the
// block's first hour, and its bits.
void eachActivityRow(SqlStatements &sql, qint64 projectId, qint64 firstHour, qint64 endHour,
                     const std::function<void(const QString &, qint64, const QByteArray &)> &row)
{
    sql.each(QStringLiteral("SELECT project_id, user_hash, block, hours FROM rollup_user_activity WHERE ")
                 + projectCondition(sql.dialect(), projectId) + QStringLiteral(" AND block >= :firstBlock AND block <= :lastBlock"),
             {{":firstBlock", activityBlock(firstHour)}, {":lastBlock", activityBlock(endHour - 1)}}, [&](const QSqlQuery &q) {
                 row(userKey(q, 0), q.value(2).toLongLong() * UserActivityBlockHours, q.value(3).toByteArray());
             });
}

// Each user's active buckets (by userKey): from rollup_user_activity for the hours it holds, where
// every bucket starts on a whole hour and nothing narrows the events, else (and for the rest) from
// the events. `condition` is eventCondition()'s.
QHash<QString, std::vector<bool>> activeBuckets(SqlStatements &sql, const InsightFilter &filter, const QString &condition,
                                                const TimeBuckets &buckets, const TimeRange &range)
{
    const qsizetype n = buckets.size();
    QHash<QString, std::vector<bool>> active;
    const auto mark = [&](const QString &user, qint64 b) {
        if (b < 0 || b >= n)
            return;
        std::vector<bool> &of = active[user];
        if (of.empty())
            of.resize(size_t(n));
        of[size_t(b)] = true;
    };
    const bool hourly = std::all_of(buckets.starts().cbegin(), buckets.starts().cend(), [](qint64 s) { return s % HourMs == 0; });
    const std::optional<qint64> through = hourly && !narrows(filter) ? userActivityThrough(sql) : std::nullopt;
    const ActivitySplit split = through ? splitByActivity(sql, filter.projectId, condition, *through, range) : ActivitySplit{0, 0, {}, {range}};
    if (split.endHour > split.firstHour) {
        // Each bucket's hours, clipped to those the bits hold.
        std::vector<std::pair<qint64, qint64>> hoursOf(static_cast<size_t>(n));
        for (qsizetype b = 0; b < n; ++b) {
            const qint64 to = b + 1 < n ? buckets.starts()[b + 1] / HourMs : split.endHour;
            hoursOf[size_t(b)] = {std::max(buckets.starts()[b] / HourMs, split.firstHour), std::min(to, split.endHour)};
        }
        eachActivityRow(sql, filter.projectId, split.firstHour, split.endHour, [&](const QString &user, qint64 base, const QByteArray &bits) {
            for (qsizetype b = 0; b < n; ++b) {
                const qint64 from = std::max(hoursOf[size_t(b)].first, base);
                const qint64 to = std::min(hoursOf[size_t(b)].second, base + UserActivityBlockHours);
                if (from < to && anyActivity(bits, int(from - base), int(to - base)))
                    mark(user, b);
            }
        });
    }
    if (split.hourUsers.toMs > split.hourUsers.fromMs) {
        sql.each(QStringLiteral("SELECT hour_ms, project_id, user_hash FROM hour_users WHERE ") + projectCondition(sql.dialect(), filter.projectId)
                     + QStringLiteral(" AND hour_ms >= :hoursFrom AND hour_ms < :hoursTo"),
                 {{":hoursFrom", split.hourUsers.fromMs}, {":hoursTo", split.hourUsers.toMs}},
                 [&](const QSqlQuery &q) { mark(userKey(q, 1), buckets.indexOf(q.value(0).toLongLong())); });
    }
    for (const TimeRange &slice : split.raw) {
        if (slice.toMs > slice.fromMs)
            sql.each(QStringLiteral("SELECT DISTINCT %1, project_id, user_hash FROM events WHERE ").arg(buckets.indexSql(QStringLiteral("ts")))
                         + condition + QStringLiteral(" AND ts >= :rawFrom AND ts < :rawTo"),
                     {{":rawFrom", slice.fromMs}, {":rawTo", slice.toMs}}, [&](const QSqlQuery &q) { mark(userKey(q, 1), q.value(0).toLongLong()); });
    }
    return active;
}

} // namespace

Result<ActiveUsersResult> loadActiveUsers(const QSqlDatabase &db, const InsightFilter &filter)
{
    if (auto bad = checkInsightFilter(filter))
        return Error{bad->message};
    const QTimeZone zone = insightZone(filter.timeZone);
    // The monthly window of the range's first day reaches 29 days before it.
    const qint64 firstDay = TimeBuckets::startOf(filter.range.fromMs, zone, Interval::Day);
    const qint64 earliest = QDateTime(QDateTime::fromMSecsSinceEpoch(firstDay, zone).date().addDays(-29), QTime(0, 0), zone)
                                .toMSecsSinceEpoch();
    auto days = TimeBuckets::make(filter.timeZone, Interval::Day, {earliest, filter.range.toMs});
    if (!days)
        return Error{days.error()};
    SqlStatements sql(db, true);
    const QString condition = eventCondition(sql, filter);
    const QHash<QString, std::vector<bool>> active = activeBuckets(sql, filter, condition, *days, {earliest, filter.range.toMs});
    if (!sql.error().isEmpty())
        return Error{sql.error()};

    // Per day: users active that day, and in the 7 and 30 days ending with it. Each user adds one to
    // the days each active day covers, never twice to one day (differences, summed up below).
    const qsizetype n = days->size();
    std::vector<qint64> daily(static_cast<size_t>(n)), weekly(static_cast<size_t>(n) + 1), monthly(static_cast<size_t>(n) + 1);
    for (const std::vector<bool> &of : active) {
        qint64 weekCovered = -1, monthCovered = -1;
        for (qsizetype d = 0; d < n; ++d) {
            if (!of[size_t(d)])
                continue;
            ++daily[size_t(d)];
            for (auto [length, covered, counts] : {std::tuple{7, &weekCovered, &weekly}, std::tuple{30, &monthCovered, &monthly}}) {
                const qint64 from = std::max<qint64>(d, *covered + 1), to = std::min<qint64>(d + length - 1, n - 1);
                if (from <= to) {
                    ++(*counts)[size_t(from)];
                    --(*counts)[size_t(to + 1)];
                    *covered = to;
                }
            }
        }
    }
    ActiveUsersResult result;
    double ratios = 0;
    int daysWithUsers = 0;
    qint64 week = 0, month = 0;
    for (qsizetype d = 0; d < n; ++d) {
        week += weekly[size_t(d)];
        month += monthly[size_t(d)];
        if (days->starts()[d] < firstDay)
            continue;
        const ActiveUsersPoint point{days->starts()[d], daily[size_t(d)], week, month};
        result.points.append(point);
        if (point.monthly > 0) {
            ratios += double(point.daily) / double(point.monthly);
            ++daysWithUsers;
        }
    }
    result.stickiness = daysWithUsers ? ratios / daysWithUsers : 0.0;
    return result;
}

Result<SessionsResult> loadSessions(const QSqlDatabase &db, const SessionsQuery &query)
{
    if (auto bad = checkSessions(query))
        return Error{bad->message};
    auto buckets = TimeBuckets::make(query.filter.timeZone, query.interval, query.filter.range);
    if (!buckets)
        return Error{buckets.error()};
    SqlStatements sql(db, true);
    const QString condition = eventCondition(sql, query.filter);
    // Without a sessionId, an event opens a session unless its user's previous one is under the gap
    // before it (window functions: one pass, in the database, per user in time order).
    const QString statement = QStringLiteral(
        "WITH e AS (SELECT project_id, user_hash, session_id, ts FROM events WHERE %1 AND ts >= :from AND ts < :to),"
        " opened AS (SELECT project_id, user_hash, ts, CASE WHEN ts - lag(ts) OVER (PARTITION BY project_id, user_hash ORDER BY ts)"
        "   < :gap THEN 0 ELSE 1 END AS opens FROM e WHERE session_id IS NULL OR session_id = ''),"
        " numbered AS (SELECT project_id, user_hash, ts, sum(opens) OVER (PARTITION BY project_id, user_hash ORDER BY ts"
        "   ROWS UNBOUNDED PRECEDING) AS n FROM opened),"
        " s AS (SELECT min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS events FROM numbered GROUP BY project_id, user_hash, n"
        "   UNION ALL SELECT min(ts), max(ts), count(*) FROM e WHERE session_id <> '' GROUP BY project_id, session_id)"
        " SELECT %2, last_ts - first_ts, events FROM s")
        .arg(condition, buckets->indexSql(QStringLiteral("first_ts")));
    SessionsResult result;
    std::vector<qint64> durations;
    std::vector<qint64> perBucket(size_t(buckets->size()));
    sql.each(statement, {{":from", query.filter.range.fromMs}, {":to", query.filter.range.toMs}, {":gap", SessionGapMs}},
             [&](const QSqlQuery &q) {
                 const qint64 b = q.value(0).toLongLong();
                 if (b >= 0 && b < qint64(perBucket.size()))
                     ++perBucket[size_t(b)];
                 durations.push_back(q.value(1).toLongLong());
                 result.events += q.value(2).toLongLong();
             });
    if (!sql.error().isEmpty())
        return Error{sql.error()};
    result.sessions = qint64(durations.size());
    std::sort(durations.begin(), durations.end());
    result.p50Ms = percentile(durations, 50);
    result.p90Ms = percentile(durations, 90);
    result.p99Ms = percentile(durations, 99);
    for (qsizetype b = 0; b < buckets->size(); ++b)
        result.points.append({buckets->starts()[b], perBucket[size_t(b)]});
    return result;
}

Result<RetentionResult> loadRetention(const QSqlDatabase &db, const RetentionQuery &query)
{
    if (auto bad = checkRetention(query))
        return Error{bad->message};
    auto windows = TimeBuckets::make(query.filter.timeZone, query.window, query.filter.range);
    if (!windows)
        return Error{windows.error()};
    const qsizetype cohorts = std::min<qsizetype>(query.windows, windows->size());
    if (cohorts == 0)
        return RetentionResult{};
    const qint64 cohortsEnd = cohorts < windows->size() ? windows->starts()[cohorts] : query.filter.range.toMs;

    SqlStatements sql(db, true);
    const QString condition = eventCondition(sql, query.filter);
    std::vector<std::vector<qint64>> retained(static_cast<size_t>(cohorts));
    for (qsizetype c = 0; c < cohorts; ++c)
        retained[size_t(c)].resize(size_t(std::min<qsizetype>(query.windows, windows->size() - c)));
    const auto result = [&]() -> Result<RetentionResult> {
        if (!sql.error().isEmpty())
            return Error{sql.error()};
        RetentionResult out;
        for (qsizetype c = 0; c < cohorts; ++c) {
            const std::vector<qint64> &row = retained[size_t(c)];
            out.cohorts.append({windows->starts()[c], row[0], QList<qint64>(row.cbegin(), row.cend())});
        }
        return out;
    };
    // Any event to any event, unfiltered: each user's active windows, from rollup_user_activity where
    // it serves (activeBuckets), and whether they were active before the range.
    const qint64 from = query.filter.range.fromMs;
    const std::optional<qint64> through = query.event.isEmpty() && query.returnEvent.isEmpty() && !narrows(query.filter)
        ? userActivityThrough(sql)
        : std::nullopt;
    if (through) {
        QSet<QString> seenBefore;
        const ActivitySplit before = splitByActivity(sql, query.filter.projectId, condition, *through,
                                                     {floorTo(std::numeric_limits<qint64>::min() / 2, HourMs), from});
        if (before.endHour > before.firstHour) {
            eachActivityRow(sql, query.filter.projectId, before.firstHour, before.endHour, [&](const QString &user, qint64 base, const QByteArray &bits) {
                const qint64 to = std::min(before.endHour - base, UserActivityBlockHours);
                if (to > 0 && anyActivity(bits, 0, int(to)))
                    seenBefore.insert(user);
            });
        }
        if (before.hourUsers.toMs > before.hourUsers.fromMs) {
            sql.each(QStringLiteral("SELECT DISTINCT project_id, user_hash FROM hour_users WHERE ")
                         + projectCondition(sql.dialect(), query.filter.projectId) + QStringLiteral(" AND hour_ms >= :hoursFrom AND hour_ms < :hoursTo"),
                     {{":hoursFrom", before.hourUsers.fromMs}, {":hoursTo", before.hourUsers.toMs}},
                     [&](const QSqlQuery &q) { seenBefore.insert(userKey(q, 0)); });
        }
        for (const TimeRange &slice : before.raw) {
            if (slice.toMs > slice.fromMs)
                sql.each(QStringLiteral("SELECT DISTINCT project_id, user_hash FROM events WHERE ") + condition
                             + QStringLiteral(" AND ts >= :beforeFrom AND ts < :beforeTo"),
                         {{":beforeFrom", slice.fromMs}, {":beforeTo", slice.toMs}}, [&](const QSqlQuery &q) { seenBefore.insert(userKey(q, 0)); });
        }
        const auto active = activeBuckets(sql, query.filter, condition, *windows, query.filter.range);
        for (auto it = active.cbegin(); it != active.cend(); ++it) {
            const std::vector<bool> &of = it.value();
            const auto first = std::find(of.cbegin(), of.cend(), true);
            const qsizetype c = first - of.cbegin();
            if (c >= cohorts || seenBefore.contains(it.key()))
                continue;
            std::vector<qint64> &row = retained[size_t(c)];
            for (qsizetype j = 0; j < qsizetype(row.size()); ++j)
                row[size_t(j)] += of[size_t(c + j)] ? 1 : 0;
        }
        return result();
    }

    // Each user's first ever cohort event, where it falls in one of the cohort windows.
    QHash<QString, qsizetype> cohortOf;
    sql.each(QStringLiteral("SELECT %1, project_id, user_hash FROM (SELECT project_id, user_hash, min(ts) AS first_ts FROM events WHERE ")
                     .arg(windows->indexSql(QStringLiteral("first_ts")))
                 + condition + nameCondition(sql, QStringLiteral(":cohortEvent"), query.event)
                 + QStringLiteral(" AND ts < :cohortsEnd GROUP BY project_id, user_hash) firsts WHERE first_ts >= :from"),
             {{":from", query.filter.range.fromMs}, {":cohortsEnd", cohortsEnd}},
             [&](const QSqlQuery &q) { cohortOf.insert(userKey(q, 1), q.value(0).toLongLong()); });
    for (const qsizetype c : std::as_const(cohortOf))
        ++retained[size_t(c)][0];
    sql.each(QStringLiteral("SELECT DISTINCT %1, project_id, user_hash FROM events WHERE ").arg(windows->indexSql(QStringLiteral("ts")))
                 + condition + nameCondition(sql, QStringLiteral(":returnEvent"), query.returnEvent)
                 + QStringLiteral(" AND ts >= :from AND ts < :to"),
             {{":from", query.filter.range.fromMs}, {":to", query.filter.range.toMs}}, [&](const QSqlQuery &q) {
                 const auto found = cohortOf.constFind(userKey(q, 1));
                 if (found == cohortOf.cend())
                     return;
                 const qint64 j = q.value(0).toLongLong() - *found;
                 std::vector<qint64> &row = retained[size_t(*found)];
                 if (j > 0 && j < qint64(row.size()))
                     ++row[size_t(j)];
             });
    return result();
}

namespace {

// How far each user who did step 1 went: their events in time order, walked one user at a time.
struct UserOutcome
{
    QString userHash;
    QString breakdown;
    FunnelProgress progress;
};

std::optional<QList<UserOutcome>> walkFunnel(SqlStatements &sql, const FunnelQuery &query)
{
    QString condition = eventCondition(sql, query.filter);
    if (!query.strict) { // a strict funnel sees every event of the user: any other one breaks it
        QStringList params;
        for (qsizetype i = 0; i < query.steps.size(); ++i) {
            params << QStringLiteral(":step_%1_").arg(i);
            sql.bind(params.constLast(), query.steps[i]);
        }
        condition += QStringLiteral(" AND name IN (") + params.join(u',') + u')';
    }
    QList<UserOutcome> outcomes;
    QString currentUser, currentHash;
    std::optional<FunnelWalk> walk;
    std::optional<QString> breakdown;
    const auto finishUser = [&] {
        if (walk && walk->progress().reached > 0)
            outcomes.append({currentHash, breakdown.value_or(QString()), walk->progress()});
        walk.reset();
        breakdown.reset();
    };
    sql.each(QStringLiteral("SELECT project_id, user_hash, ts, name, %1 FROM events WHERE ").arg(breakdownSql(sql, query.breakdown))
                 + condition + QStringLiteral(" AND ts >= :from AND ts < :to ORDER BY project_id, user_hash, ts, id"),
             {{":from", query.filter.range.fromMs}, {":to", query.filter.range.toMs}}, [&](const QSqlQuery &q) {
                 const QString user = userKey(q, 0);
                 if (user != currentUser || !walk) {
                     finishUser();
                     currentUser = user;
                     currentHash = q.value(1).toString();
                     walk.emplace(query);
                 }
                 const QString name = q.value(3).toString();
                 if (!breakdown && name == query.steps.constFirst())
                     breakdown = q.value(4).toString();
                 walk->add(name, q.value(2).toLongLong());
             });
    finishUser();
    if (!sql.error().isEmpty())
        return std::nullopt;
    return outcomes;
}

} // namespace

Result<FunnelUsers> loadFunnelUsers(const QSqlDatabase &db, const FunnelQuery &query, int step)
{
    if (auto bad = checkFunnel(query))
        return Error{bad->message};
    if (step < 0 || step >= query.steps.size())
        return Error{QStringLiteral("step: not a step of the funnel")};
    SqlStatements sql(db, true);
    const auto outcomes = walkFunnel(sql, query);
    if (!outcomes)
        return Error{sql.error()};
    FunnelUsers result;
    QStringList reached;
    for (const UserOutcome &user : *outcomes) {
        if (user.progress.reached > step)
            reached.append(user.userHash);
    }
    std::sort(reached.begin(), reached.end(), byteLess);
    reached.erase(std::unique(reached.begin(), reached.end()), reached.end()); // one user of two projects
    result.total = reached.size();
    result.users = reached.mid(0, MaxFilterUsers);
    return result;
}

Result<FunnelResult> loadFunnel(const QSqlDatabase &db, const FunnelQuery &query)
{
    if (auto bad = checkFunnel(query))
        return Error{bad->message};
    SqlStatements sql(db, true);
    const qsizetype steps = query.steps.size();
    const auto outcomes = walkFunnel(sql, query);
    if (!outcomes)
        return Error{sql.error()};

    FunnelResult result;
    std::vector<std::vector<qint64>> times(static_cast<size_t>(steps));
    QHash<QString, std::vector<qint64>> byKey;
    for (const UserOutcome &user : *outcomes) {
        std::vector<qint64> &counts = byKey[user.breakdown];
        counts.resize(size_t(steps));
        for (int k = 0; k < user.progress.reached; ++k) {
            ++counts[size_t(k)];
            if (k > 0)
                times[size_t(k)].push_back(user.progress.shortestMs[size_t(k)]);
        }
    }
    for (qsizetype k = 0; k < steps; ++k) {
        FunnelStep step{query.steps[k], qint64(times[size_t(k)].size()), std::nullopt, std::nullopt};
        std::vector<qint64> &t = times[size_t(k)];
        if (k == 0) {
            step.users = 0;
            for (const auto &counts : std::as_const(byKey))
                step.users += counts[0];
        } else if (!t.empty()) {
            std::sort(t.begin(), t.end());
            step.medianMs = percentile(t, 50);
            double sum = 0;
            for (const qint64 v : t)
                sum += double(v);
            step.averageMs = sum / double(t.size());
        }
        result.steps.append(step);
    }
    if (!query.breakdown.isEmpty()) {
        QList<QPair<QString, qint64>> firstStep;
        for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
            firstStep.append({it.key(), it.value()[0]});
        const BreakdownKeys keys = topKeys(firstStep);
        for (const QString &key : keys.top) {
            const std::vector<qint64> &counts = byKey[key];
            result.breakdown.append({key, false, QList<qint64>(counts.cbegin(), counts.cend())});
        }
        if (keys.other) {
            FunnelBreakdown other{QString(), true, QList<qint64>(steps, 0)};
            for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
                if (keys.top.contains(it.key()))
                    continue;
                for (qsizetype k = 0; k < steps; ++k)
                    other.users[k] += it.value()[size_t(k)];
            }
            result.breakdown.append(other);
        }
    }
    return result;
}

Result<PropertiesResult> loadProperties(const QSqlDatabase &db, qint64 projectId, const TimeRange &range, const QString &event)
{
    if (range.toMs <= range.fromMs)
        return Error{QStringLiteral("the range ends before it starts")};
    SqlStatements sql(db, true);
    InsightFilter filter;
    filter.projectId = projectId;
    const QString condition = eventCondition(sql, filter);
    PropertiesResult result;
    sql.each(QStringLiteral("SELECT value, sum(events) FROM rollup_hour WHERE ") + condition
                 + QStringLiteral(" AND dim = 0 AND hour_ms >= :from AND hour_ms < :to GROUP BY value"),
             {{":from", floorTo(range.fromMs, HourMs)}, {":to", range.toMs}},
             [&](const QSqlQuery &q) { result.events.append({q.value(0).toString(), q.value(1).toLongLong()}); });
    std::sort(result.events.begin(), result.events.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : byteLess(a.first, b.first);
    });

    // The latest events: counted per key and value here, not in SQL, so both backends read JSON alike.
    QList<QString> order;
    QHash<QString, QHash<QString, qint64>> values;
    QHash<QString, qint64> seen;
    const auto count = [&](const QString &key, const QString &value) {
        if (!seen.contains(key))
            order.append(key);
        ++seen[key];
        ++values[key][value];
    };
    const QString latest = QStringLiteral("SELECT os, ext, vscode, country, props, name FROM events WHERE ") + condition
        + QStringLiteral(" AND ts >= :from AND ts < :to ORDER BY ts DESC LIMIT %1").arg(PropertyScanEvents);
    sql.each(QStringLiteral("SELECT os, ext, vscode, country, props FROM (") + latest + QStringLiteral(") newest WHERE 1 = 1")
                 + nameCondition(sql, QStringLiteral(":event"), event) + QStringLiteral(" LIMIT %1").arg(PropertySampleEvents),
             {{":from", range.fromMs}, {":to", range.toMs}}, [&](const QSqlQuery &q) {
                 ++result.sampled;
                 static const QString columns[] = {QStringLiteral("os"), QStringLiteral("ext"), QStringLiteral("vscode"),
                                                   QStringLiteral("country")};
                 for (int i = 0; i < 4; ++i) {
                     if (const QString v = q.value(i).toString(); !v.isEmpty())
                         count(columns[i], v);
                 }
                 const QJsonObject props = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
                 for (auto it = props.begin(); it != props.end(); ++it) {
                     const QJsonValue v = it.value();
                     if (!isPropertyKey(it.key()) || v.isNull() || v.isObject() || v.isArray())
                         continue;
                     const double d = v.toDouble();
                     const QString text = v.isString() ? v.toString()
                         : v.isBool()                  ? QString::number(int(v.toBool()))
                         : d == std::floor(d) && std::abs(d) < 9e15 ? QString::number(qint64(d))
                                                       : QString::number(d, 'g', 17);
                     count(QStringLiteral("m.") + it.key(), text.left(MaxTextLength));
                 }
             });
    if (!sql.error().isEmpty())
        return Error{sql.error()};
    std::stable_sort(order.begin(), order.end(), [&](const QString &a, const QString &b) { return seen[a] > seen[b]; });
    for (const QString &key : std::as_const(order)) {
        QList<QPair<QString, qint64>> top;
        for (auto it = values[key].cbegin(); it != values[key].cend(); ++it)
            top.append({it.key(), it.value()});
        std::sort(top.begin(), top.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second : byteLess(a.first, b.first);
        });
        result.keys.append({key, top.mid(0, InsightBreakdownTop)});
    }
    return result;
}

} // namespace tdesk
