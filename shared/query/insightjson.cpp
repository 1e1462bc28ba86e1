#include "query/insightjson.h"

#include "query/jsonfields.h"

#include <QJsonArray>

namespace tdesk {
namespace {

QJsonValue optional(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonArray pairsToJson(const QList<QPair<qint64, qint64>> &points)
{
    QJsonArray out;
    for (const auto &[at, n] : points)
        out.append(QJsonArray{double(at), double(n)});
    return out;
}

QJsonArray seriesToJson(const QList<TrendSeries> &series)
{
    QJsonArray out;
    for (const TrendSeries &s : series) {
        QJsonArray points;
        for (const auto &[at, v] : s.points)
            points.append(QJsonArray{double(at), optional(v)});
        out.append(QJsonObject{{QStringLiteral("key"), s.key}, {QStringLiteral("other"), s.other}, {QStringLiteral("points"), points}});
    }
    return out;
}

QString at(const QString &where, qsizetype i)
{
    return QStringLiteral("%1[%2]").arg(where).arg(i);
}

// A [time, value] pair: the time whole; the value a number, or null where `nullable`.
bool readPoint(const QJsonValue &value, bool nullable, qint64 *time, std::optional<double> *number)
{
    const QJsonArray point = value.toArray();
    if (!value.isArray() || point.size() != 2 || !point[0].isDouble() || point[0].toDouble() != std::floor(point[0].toDouble())
        || std::abs(point[0].toDouble()) > MaxExact)
        return false;
    *time = qint64(point[0].toDouble());
    if (point[1].isNull() && nullable) {
        number->reset();
        return true;
    }
    if (!point[1].isDouble() || !std::isfinite(point[1].toDouble()))
        return false;
    *number = point[1].toDouble();
    return true;
}

void readSeries(JsonFields &f, const char *name, QList<TrendSeries> *out, QString *error)
{
    const QJsonArray array = f.array(name);
    for (qsizetype i = 0; i < array.size() && error->isEmpty(); ++i) {
        JsonFields s(array[i].toObject(), at(f.where(name), i), error);
        TrendSeries series{s.text("key"), s.boolean("other"), {}};
        const QJsonArray points = s.array("points");
        for (qsizetype p = 0; p < points.size() && error->isEmpty(); ++p) {
            qint64 time = 0;
            std::optional<double> value;
            if (!readPoint(points[p], true, &time, &value))
                *error = QStringLiteral("the collector's answer is not as expected: %1 is not a [time, value] pair")
                             .arg(at(s.where("points"), p));
            series.points.append({time, value});
        }
        out->append(series);
    }
}

void readCounts(JsonFields &f, const char *name, QList<QPair<qint64, qint64>> *out, QString *error)
{
    const QJsonArray array = f.array(name);
    for (qsizetype i = 0; i < array.size() && error->isEmpty(); ++i) {
        qint64 time = 0;
        std::optional<double> n;
        if (!readPoint(array[i], false, &time, &n) || *n < 0 || *n != std::floor(*n))
            *error = QStringLiteral("the collector's answer is not as expected: %1 is not a [time, count] pair").arg(at(f.where(name), i));
        else
            out->append({time, qint64(*n)});
    }
}

QList<qint64> readIntegers(JsonFields &f, const char *name, QString *error)
{
    QList<qint64> out;
    const QJsonArray array = f.array(name);
    for (qsizetype i = 0; i < array.size() && error->isEmpty(); ++i) {
        const double n = array[i].toDouble(-1);
        if (n < 0 || n != std::floor(n) || n > MaxExact)
            *error = QStringLiteral("the collector's answer is not as expected: %1 is not a count").arg(at(f.where(name), i));
        out.append(qint64(n));
    }
    return out;
}

} // namespace

const QStringList &intervalNames()
{
    static const QStringList names{QStringLiteral("minute"), QStringLiteral("hour"), QStringLiteral("day"), QStringLiteral("week"),
                                   QStringLiteral("month")};
    return names;
}

const QStringList &trendMetricNames()
{
    static const QStringList names{QStringLiteral("count"), QStringLiteral("users"), QStringLiteral("sum"),
                                   QStringLiteral("avg"),   QStringLiteral("p50"),   QStringLiteral("p95")};
    return names;
}

QJsonObject trendToJson(const TrendResult &trend)
{
    QJsonObject out{{QStringLiteral("series"), seriesToJson(trend.series)}};
    if (trend.previousRange.toMs > trend.previousRange.fromMs)
        out.insert(QStringLiteral("previous"), QJsonObject{{QStringLiteral("from"), double(trend.previousRange.fromMs)},
                                                           {QStringLiteral("to"), double(trend.previousRange.toMs)},
                                                           {QStringLiteral("series"), seriesToJson(trend.previous)}});
    return out;
}

QJsonObject activeUsersToJson(const ActiveUsersResult &active, Interval interval)
{
    QJsonArray points, days;
    for (const ActiveUsersPoint &p : active.points) {
        const qint64 n = interval == Interval::Week ? p.weekly : interval == Interval::Month ? p.monthly : p.daily;
        points.append(QJsonArray{double(p.dayStartMs), double(n)});
        days.append(QJsonObject{{QStringLiteral("start"), double(p.dayStartMs)},
                                {QStringLiteral("dau"), double(p.daily)},
                                {QStringLiteral("wau"), double(p.weekly)},
                                {QStringLiteral("mau"), double(p.monthly)}});
    }
    return {{QStringLiteral("points"), points}, {QStringLiteral("days"), days}, {QStringLiteral("stickiness"), active.stickiness}};
}

QJsonObject sessionsToJson(const SessionsResult &sessions)
{
    return {{QStringLiteral("sessions"), double(sessions.sessions)},
            {QStringLiteral("events"), double(sessions.events)},
            {QStringLiteral("duration_ms"), QJsonObject{{QStringLiteral("p50"), double(sessions.p50Ms)},
                                                        {QStringLiteral("p90"), double(sessions.p90Ms)},
                                                        {QStringLiteral("p99"), double(sessions.p99Ms)}}},
            {QStringLiteral("events_per_session"), sessions.eventsPerSession()},
            {QStringLiteral("points"), pairsToJson(sessions.points)}};
}

QJsonObject retentionToJson(const RetentionResult &retention)
{
    QJsonArray cohorts;
    for (const RetentionCohort &c : retention.cohorts) {
        QJsonArray retained;
        for (const qint64 n : c.retained)
            retained.append(double(n));
        cohorts.append(QJsonObject{{QStringLiteral("start"), double(c.startMs)},
                                   {QStringLiteral("size"), double(c.size)},
                                   {QStringLiteral("retained"), retained}});
    }
    return {{QStringLiteral("cohorts"), cohorts}};
}

QJsonObject funnelToJson(const FunnelResult &funnel)
{
    QJsonArray steps, breakdown;
    for (const FunnelStep &s : funnel.steps)
        steps.append(QJsonObject{{QStringLiteral("event"), s.event},
                                 {QStringLiteral("users"), double(s.users)},
                                 {QStringLiteral("median_ms"), s.medianMs ? QJsonValue(double(*s.medianMs)) : QJsonValue()},
                                 {QStringLiteral("average_ms"), optional(s.averageMs)}});
    for (const FunnelBreakdown &b : funnel.breakdown) {
        QJsonArray users;
        for (const qint64 n : b.users)
            users.append(double(n));
        breakdown.append(QJsonObject{{QStringLiteral("key"), b.key}, {QStringLiteral("other"), b.other}, {QStringLiteral("users"), users}});
    }
    return {{QStringLiteral("steps"), steps}, {QStringLiteral("breakdown"), breakdown}};
}

QJsonObject funnelUsersToJson(const FunnelUsers &users)
{
    return {{QStringLiteral("users"), QJsonArray::fromStringList(users.users)}, {QStringLiteral("total"), double(users.total)}};
}

QJsonObject propertiesToJson(const PropertiesResult &properties)
{
    QJsonArray names, counts, keys;
    for (const auto &[name, n] : properties.events) {
        names.append(name);
        counts.append(QJsonArray{name, double(n)});
    }
    for (const PropertyValues &key : properties.keys) {
        QJsonArray top;
        for (const auto &[value, n] : key.top)
            top.append(QJsonArray{value, double(n)});
        keys.append(QJsonObject{{QStringLiteral("key"), key.key}, {QStringLiteral("top"), top}});
    }
    return {{QStringLiteral("events"), names},
            {QStringLiteral("event_counts"), counts},
            {QStringLiteral("keys"), keys},
            {QStringLiteral("sampled"), double(properties.sampled)}};
}

Result<TrendResult> trendFromJson(const QJsonObject &object)
{
    QString error;
    TrendResult trend;
    JsonFields f(object, QStringLiteral("trends"), &error);
    readSeries(f, "series", &trend.series, &error);
    if (f.has("previous")) {
        JsonFields previous(f.object("previous"), f.where("previous"), &error);
        trend.previousRange = {previous.integer("from"), previous.integer("to")};
        readSeries(previous, "series", &trend.previous, &error);
    }
    return checkedAnswer(error, trend);
}

Result<ActiveUsersResult> activeUsersFromJson(const QJsonObject &object)
{
    QString error;
    ActiveUsersResult active;
    JsonFields f(object, QStringLiteral("active-users"), &error);
    const QJsonArray days = f.array("days");
    for (qsizetype i = 0; i < days.size() && error.isEmpty(); ++i) {
        JsonFields d(days[i].toObject(), at(f.where("days"), i), &error);
        active.points.append({d.integer("start"), d.count("dau"), d.count("wau"), d.count("mau")});
    }
    active.stickiness = f.number("stickiness");
    return checkedAnswer(error, active);
}

Result<SessionsResult> sessionsFromJson(const QJsonObject &object)
{
    QString error;
    SessionsResult sessions;
    JsonFields f(object, QStringLiteral("sessions"), &error);
    sessions.sessions = f.count("sessions");
    sessions.events = f.count("events");
    JsonFields durations(f.object("duration_ms"), f.where("duration_ms"), &error);
    sessions.p50Ms = durations.count("p50");
    sessions.p90Ms = durations.count("p90");
    sessions.p99Ms = durations.count("p99");
    readCounts(f, "points", &sessions.points, &error);
    return checkedAnswer(error, sessions);
}

Result<RetentionResult> retentionFromJson(const QJsonObject &object)
{
    QString error;
    RetentionResult retention;
    JsonFields f(object, QStringLiteral("retention"), &error);
    const QJsonArray cohorts = f.array("cohorts");
    for (qsizetype i = 0; i < cohorts.size() && error.isEmpty(); ++i) {
        JsonFields c(cohorts[i].toObject(), at(f.where("cohorts"), i), &error);
        RetentionCohort cohort{c.integer("start"), c.count("size"), {}};
        cohort.retained = readIntegers(c, "retained", &error);
        retention.cohorts.append(cohort);
    }
    return checkedAnswer(error, retention);
}

Result<FunnelResult> funnelFromJson(const QJsonObject &object)
{
    QString error;
    FunnelResult funnel;
    JsonFields f(object, QStringLiteral("funnels"), &error);
    const QJsonArray steps = f.array("steps");
    for (qsizetype i = 0; i < steps.size() && error.isEmpty(); ++i) {
        JsonFields s(steps[i].toObject(), at(f.where("steps"), i), &error);
        FunnelStep step{s.text("event"), s.count("users"), std::nullopt, std::nullopt};
        if (const double median = s.nullableNumber("median_ms"); !std::isnan(median))
            step.medianMs = qint64(median);
        if (const double average = s.nullableNumber("average_ms"); !std::isnan(average))
            step.averageMs = average;
        funnel.steps.append(step);
    }
    const QJsonArray breakdown = f.array("breakdown");
    for (qsizetype i = 0; i < breakdown.size() && error.isEmpty(); ++i) {
        JsonFields b(breakdown[i].toObject(), at(f.where("breakdown"), i), &error);
        FunnelBreakdown row{b.text("key"), b.boolean("other"), {}};
        row.users = readIntegers(b, "users", &error);
        funnel.breakdown.append(row);
    }
    return checkedAnswer(error, funnel);
}

Result<FunnelUsers> funnelUsersFromJson(const QJsonObject &object)
{
    QString error;
    FunnelUsers users;
    JsonFields f(object, QStringLiteral("funnels/users"), &error);
    const QJsonArray list = f.array("users");
    for (qsizetype i = 0; i < list.size() && error.isEmpty(); ++i) {
        if (!list[i].isString())
            error = QStringLiteral("%1 is not text").arg(at(f.where("users"), i));
        users.users.append(list[i].toString());
    }
    users.total = f.count("total");
    return checkedAnswer(error, users);
}

Result<PropertiesResult> propertiesFromJson(const QJsonObject &object)
{
    QString error;
    PropertiesResult properties;
    JsonFields f(object, QStringLiteral("properties"), &error);
    const auto pairs = [&](const QJsonArray &array, const QString &where, QList<QPair<QString, qint64>> *out) {
        for (qsizetype i = 0; i < array.size() && error.isEmpty(); ++i) {
            const QJsonArray pair = array[i].toArray();
            const double n = pair.at(1).toDouble(-1);
            if (pair.size() != 2 || !pair.at(0).isString() || n < 0 || n != std::floor(n) || n > MaxExact)
                error = QStringLiteral("the collector's answer is not as expected: %1 is not a [value, count] pair").arg(at(where, i));
            else
                out->append({pair.at(0).toString(), qint64(n)});
        }
    };
    pairs(f.array("event_counts"), f.where("event_counts"), &properties.events);
    const QJsonArray keys = f.array("keys");
    for (qsizetype i = 0; i < keys.size() && error.isEmpty(); ++i) {
        JsonFields k(keys[i].toObject(), at(f.where("keys"), i), &error);
        PropertyValues key{k.text("key"), {}};
        pairs(k.array("top"), k.where("top"), &key.top);
        properties.keys.append(key);
    }
    properties.sampled = f.count("sampled");
    return checkedAnswer(error, properties);
}

} // namespace tdesk
