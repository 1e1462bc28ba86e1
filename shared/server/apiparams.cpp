#include "server/apiparams.h"

#include "core/timeunits.h"
#include "query/insightjson.h"
#include "query/readjson.h"

#include <QDateTime>
#include <QTimeZone>

#include <cmath>

namespace tdesk {
namespace {

constexpr qint64 LatestMs = 253402300799999; // 9999-12-31T23:59:59.999Z

} // namespace

std::optional<qint64> parseApiTime(const QString &text)
{
    bool isNumber = false;
    const qint64 ms = text.toLongLong(&isNumber);
    if (isNumber)
        return ms >= 0 && ms <= LatestMs ? std::optional(ms) : std::nullopt;
    if (text.size() < 10 || text.size() > 35)
        return std::nullopt;
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    if (time.timeSpec() == Qt::LocalTime) // no offset given: UTC, not this server's zone
        time.setTimeZone(QTimeZone::utc());
    const qint64 at = time.toMSecsSinceEpoch();
    return at >= 0 && at <= LatestMs ? std::optional(at) : std::nullopt;
}

ApiParams::ApiParams(const QUrlQuery &query, qint64 nowMs)
    : m_query(query)
    , m_nowMs(nowMs)
{
}

std::optional<QString> ApiParams::take(const QString &key)
{
    m_read.insert(key);
    if (!m_badParam.isEmpty() || !m_query.hasQueryItem(key))
        return std::nullopt;
    const QStringList values = m_query.allQueryItemValues(key, QUrl::FullyDecoded);
    if (values.size() > 1) {
        bad(key, QStringLiteral("given more than once"));
        return std::nullopt;
    }
    return values.front();
}

void ApiParams::bad(const QString &name, const QString &why)
{
    if (m_badParam.isEmpty()) {
        m_badParam = name.isEmpty() ? QStringLiteral("(unnamed)") : name.left(64);
        m_why = why;
    }
}

TimeRange ApiParams::range()
{
    TimeRange range{m_nowMs - DayMs, m_nowMs};
    const auto from = take("from");
    const auto to = take("to");
    for (const auto &[name, text, end] : {std::tuple{"from", &from, &range.fromMs}, std::tuple{"to", &to, &range.toMs}}) {
        if (!*text)
            continue;
        if (const auto ms = parseApiTime(**text))
            *end = *ms;
        else
            bad(QString::fromLatin1(name), QStringLiteral("not epoch milliseconds or an ISO 8601 time between 1970 and 9999"));
    }
    if (from && !to && range.toMs < range.fromMs) // from in the future, to left to its default
        range.toMs = range.fromMs;
    if (range.toMs < range.fromMs)
        bad(QStringLiteral("to"), QStringLiteral("before from"));
    return range;
}

EventFilter ApiParams::filter(qint64 projectId)
{
    EventFilter filter;
    filter.projectId = projectId;
    filter.range = range();
    filter.name = text("event");
    filter.user = text("user", MaxFilterUsers * 72); // several, comma-separated: a funnel step's users
    filter.os = text("os");
    filter.version = text("ext");
    filter.country = text("country");
    filter.text = text("q");
    return filter;
}

InsightFilter ApiParams::insightFilter(qint64 projectId, const TimeRange &range)
{
    InsightFilter filter;
    filter.projectId = projectId;
    filter.range = range;
    if (const auto zone = take("tz"))
        filter.timeZone = *zone;
    filter.os = text("os");
    filter.version = text("ext");
    filter.hostVersion = text("vscode");
    filter.country = text("country");
    for (const auto &[key, value] : m_query.queryItems(QUrl::FullyDecoded)) {
        if (!key.startsWith(QLatin1String("m.")) || m_read.contains(key))
            continue;
        if (const auto v = take(key); v && v->size() <= MaxTextLength)
            filter.properties.append({key.mid(2), *v});
        else if (v)
            bad(key, QStringLiteral("longer than %1 characters").arg(MaxTextLength));
    }
    return filter;
}

Interval ApiParams::interval(const char *name, Interval fallback)
{
    if (!has(name)) {
        m_read.insert(QString::fromLatin1(name));
        return fallback;
    }
    return Interval(intervalNames().indexOf(choice(name, intervalNames())));
}

EventCursor ApiParams::cursor(const char *name)
{
    const auto value = take(name);
    if (!value)
        return {};
    const auto cursor = cursorFromText(*value);
    if (!cursor) {
        bad(QString::fromLatin1(name), QStringLiteral("not a cursor this API gave"));
        return {};
    }
    return *cursor;
}

qint64 ApiParams::integer(const char *name, qint64 fallback, qint64 min, qint64 max)
{
    const auto value = take(name);
    if (!value)
        return fallback;
    bool ok = false;
    const qint64 number = value->toLongLong(&ok);
    if (!ok || number < min || number > max) {
        bad(QString::fromLatin1(name), QStringLiteral("not a whole number from %1 to %2").arg(min).arg(max));
        return fallback;
    }
    return number;
}

bool ApiParams::boolean(const char *name, bool fallback)
{
    const auto value = take(name);
    if (!value)
        return fallback;
    if (*value == QLatin1String("true") || *value == QLatin1String("1"))
        return true;
    if (*value == QLatin1String("false") || *value == QLatin1String("0"))
        return false;
    bad(QString::fromLatin1(name), QStringLiteral("not true, false, 1 or 0"));
    return fallback;
}

QString ApiParams::text(const char *name, qsizetype maxLength)
{
    const auto value = take(name);
    if (!value)
        return {};
    if (value->size() > maxLength) {
        bad(QString::fromLatin1(name), QStringLiteral("longer than %1 characters").arg(maxLength));
        return {};
    }
    return *value;
}

QString ApiParams::choice(const char *name, const QStringList &choices)
{
    const auto value = take(name);
    if (!value)
        return choices.front();
    if (!choices.contains(*value)) {
        bad(QString::fromLatin1(name), QStringLiteral("not one of ") + choices.join(QLatin1String(", ")));
        return choices.front();
    }
    return *value;
}

bool ApiParams::allRead()
{
    for (const auto &[key, value] : m_query.queryItems(QUrl::FullyDecoded)) {
        if (!m_read.contains(key))
            bad(key, QStringLiteral("not a parameter of this endpoint"));
    }
    return ok();
}

std::optional<ParamError> funnelFromBody(const QJsonObject &body, qint64 nowMs, FunnelQuery *query)
{
    query->filter.range = {nowMs - DayMs, nowMs};
    const auto text = [](const QJsonValue &v, QString *out) {
        if (!v.isString() || v.toString().size() > ApiParams::MaxTextLength)
            return false;
        *out = v.toString();
        return true;
    };
    for (auto it = body.begin(); it != body.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == QLatin1String("steps")) {
            query->steps.clear();
            for (const QJsonValue step : v.toArray()) {
                if (!step.isString())
                    return ParamError{key, QStringLiteral("a list of event names")};
                query->steps.append(step.toString());
            }
            if (!v.isArray())
                return ParamError{key, QStringLiteral("a list of event names")};
        } else if (key == QLatin1String("window_seconds")) {
            if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < 1 || v.toDouble() > 366 * 86400)
                return ParamError{key, QStringLiteral("whole seconds from 1 to 366 days")};
            query->windowMs = qint64(v.toDouble()) * SecondMs;
        } else if (key == QLatin1String("strict")) {
            if (!v.isBool())
                return ParamError{key, QStringLiteral("true or false")};
            query->strict = v.toBool();
        } else if (key == QLatin1String("from") || key == QLatin1String("to")) {
            const auto at = v.isDouble() ? parseApiTime(QString::number(v.toDouble(), 'f', 0)) : parseApiTime(v.toString());
            if (!at || (v.isDouble() && v.toDouble() != std::floor(v.toDouble())))
                return ParamError{key, QStringLiteral("not epoch milliseconds or an ISO 8601 time between 1970 and 9999")};
            (key == QLatin1String("from") ? query->filter.range.fromMs : query->filter.range.toMs) = *at;
        } else if (key == QLatin1String("properties")) {
            if (!v.isObject())
                return ParamError{key, QStringLiteral("an object of property keys and values")};
            const QJsonObject properties = v.toObject();
            for (auto p = properties.begin(); p != properties.end(); ++p) {
                QString value;
                if (!text(p.value(), &value))
                    return ParamError{QStringLiteral("m.") + p.key().left(64), QStringLiteral("text of at most %1 characters").arg(ApiParams::MaxTextLength)};
                query->filter.properties.append({p.key(), value});
            }
        } else {
            QString *field = key == QLatin1String("tz")  ? &query->filter.timeZone
                : key == QLatin1String("breakdown")      ? &query->breakdown
                : key == QLatin1String("os")             ? &query->filter.os
                : key == QLatin1String("ext")            ? &query->filter.version
                : key == QLatin1String("vscode")         ? &query->filter.hostVersion
                : key == QLatin1String("country")        ? &query->filter.country
                                                         : nullptr;
            if (!field)
                return ParamError{key.left(64), QStringLiteral("not a field of a funnel")};
            if (!text(v, field))
                return ParamError{key, QStringLiteral("text of at most %1 characters").arg(ApiParams::MaxTextLength)};
        }
    }
    if (query->filter.range.toMs < query->filter.range.fromMs)
        return ParamError{QStringLiteral("to"), QStringLiteral("before from")};
    return std::nullopt;
}

std::optional<ParamError> applyProjectSettings(const QJsonObject &body, Project *project, QString *newName)
{
    // A whole number in [min, max]: JSON has only doubles, so 2.5 and 1e300 are refused here.
    const auto whole = [](const QJsonValue &v, double min, double max) {
        return v.isDouble() && v.toDouble() >= min && v.toDouble() <= max && v.toDouble() == std::floor(v.toDouble());
    };
    for (auto it = body.begin(); it != body.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == QLatin1String("name")) {
            if (!v.isString() || !isValidProjectName(v.toString()))
                return ParamError{key, QStringLiteral("1-64 letters, digits, '.', '_' or '-'")};
            *newName = v.toString();
        } else if (key == QLatin1String("rate_limit")) {
            if (!whole(v, 0, 1e9))
                return ParamError{key, QStringLiteral("requests per window, 0 for the collector's default")};
            project->rateLimit = v.toInt();
        } else if (key == QLatin1String("retention_days")) {
            if (!whole(v, 0, 36500))
                return ParamError{key, QStringLiteral("days from 0 (keep forever) to 36500")};
            project->retentionDays = v.toInt();
        } else if (key == QLatin1String("sample_rate")) {
            if (!v.isDouble() || !(v.toDouble() > 0.0 && v.toDouble() <= 1.0))
                return ParamError{key, QStringLiteral("the share of users kept, above 0 and at most 1")};
            project->sampleRate = v.toDouble();
        } else if (key == QLatin1String("allowed_origins")) {
            if (!v.isString() || v.toString().size() > 2000)
                return ParamError{key, QStringLiteral("\"*\" or origins separated by spaces or commas, at most 2000 characters")};
            project->allowedOrigins = v.toString();
        } else if (key == QLatin1String("require_key")) {
            if (!v.isBool())
                return ParamError{key, QStringLiteral("true or false")};
            project->requireKey = v.toBool();
        } else {
            return ParamError{key.left(64), QStringLiteral("not a setting of a project")};
        }
    }
    return std::nullopt;
}

} // namespace tdesk
