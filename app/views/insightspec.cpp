#include "views/insightspec.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tdesk {
namespace {

const char *const KindNames[] = {"trend", "active-users", "sessions", "retention", "funnel"};
const char *const IntervalNames[] = {"minute", "hour", "day", "week", "month"};
const char *const MetricNames[] = {"count", "users", "sum", "avg", "p50", "p95"};
const char *const StyleNames[] = {"line", "bar", "area", "table"};

template<typename Enum, size_t N>
Enum fromName(const QJsonValue &value, const char *const (&names)[N], Enum fallback)
{
    for (size_t i = 0; i < N; ++i) {
        if (value.toString() == QLatin1String(names[i]))
            return Enum(i);
    }
    return fallback;
}

} // namespace

QJsonObject InsightSpec::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("kind"), QLatin1String(KindNames[int(kind)])},
            {QStringLiteral("pinned"), pinned},
            {QStringLiteral("event"), event},
            {QStringLiteral("metric"), QLatin1String(MetricNames[int(metric)])},
            {QStringLiteral("property"), property},
            {QStringLiteral("interval"), QLatin1String(IntervalNames[int(interval)])},
            {QStringLiteral("breakdown"), breakdown},
            {QStringLiteral("compare"), comparePrevious},
            {QStringLiteral("style"), QLatin1String(StyleNames[int(style)])},
            {QStringLiteral("filters"), filters},
            {QStringLiteral("window"), QLatin1String(IntervalNames[int(window)])},
            {QStringLiteral("windows"), windows},
            {QStringLiteral("return_event"), returnEvent},
            {QStringLiteral("steps"), QJsonArray::fromStringList(steps)},
            {QStringLiteral("window_ms"), double(windowMs)},
            {QStringLiteral("strict"), strict}};
}

InsightSpec InsightSpec::fromJson(const QJsonObject &o)
{
    InsightSpec s;
    s.name = o.value(QStringLiteral("name")).toString();
    s.kind = fromName(o.value(QStringLiteral("kind")), KindNames, InsightKind::Trend);
    s.pinned = o.value(QStringLiteral("pinned")).toBool();
    s.event = o.value(QStringLiteral("event")).toString();
    s.metric = fromName(o.value(QStringLiteral("metric")), MetricNames, TrendMetric::Count);
    s.property = o.value(QStringLiteral("property")).toString();
    s.interval = fromName(o.value(QStringLiteral("interval")), IntervalNames, Interval::Day);
    s.breakdown = o.value(QStringLiteral("breakdown")).toString();
    s.comparePrevious = o.value(QStringLiteral("compare")).toBool();
    s.style = fromName(o.value(QStringLiteral("style")), StyleNames, MultiSeriesChart::Style::Line);
    s.filters = o.value(QStringLiteral("filters")).toString();
    s.window = fromName(o.value(QStringLiteral("window")), IntervalNames, Interval::Day);
    s.windows = std::clamp(o.value(QStringLiteral("windows")).toInt(8), 1, 100);
    s.returnEvent = o.value(QStringLiteral("return_event")).toString();
    for (const QJsonValue step : o.value(QStringLiteral("steps")).toArray())
        s.steps.append(step.toString());
    s.windowMs = std::max<qint64>(1000, qint64(o.value(QStringLiteral("window_ms")).toDouble(86400000)));
    s.strict = o.value(QStringLiteral("strict")).toBool();
    return s;
}

InsightFilter InsightSpec::filter(QString *bad) const
{
    InsightFilter f;
    for (const QString &word : filters.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        const qsizetype equals = word.indexOf(u'=');
        const QString key = word.left(equals), value = word.mid(equals + 1);
        if (equals <= 0) {
            if (bad)
                *bad = word;
        } else if (key == QLatin1String("os")) {
            f.os = value;
        } else if (key == QLatin1String("ext")) {
            f.version = value;
        } else if (key == QLatin1String("vscode")) {
            f.hostVersion = value;
        } else if (key == QLatin1String("country")) {
            f.country = value;
        } else if (key.startsWith(QLatin1String("m.")) && key.size() > 2) {
            f.properties.append({key.mid(2), value});
        } else if (bad) { // a key that is not a filter
            *bad = word;
        }
    }
    return f;
}

QString intervalLabel(Interval interval)
{
    switch (interval) {
    case Interval::Minute: return InsightSpec::tr("per minute");
    case Interval::Hour: return InsightSpec::tr("per hour");
    case Interval::Day: return InsightSpec::tr("per day");
    case Interval::Week: return InsightSpec::tr("per week");
    case Interval::Month: return InsightSpec::tr("per month");
    }
    return {};
}

QString metricLabel(TrendMetric metric)
{
    switch (metric) {
    case TrendMetric::Count: return InsightSpec::tr("Events");
    case TrendMetric::Users: return InsightSpec::tr("Users");
    case TrendMetric::Sum: return InsightSpec::tr("Sum of");
    case TrendMetric::Average: return InsightSpec::tr("Average of");
    case TrendMetric::P50: return InsightSpec::tr("Median of");
    case TrendMetric::P95: return InsightSpec::tr("95th percentile of");
    }
    return {};
}

QString breakdownLabel(const QString &breakdown)
{
    if (breakdown == QLatin1String("os"))
        return InsightSpec::tr("OS");
    if (breakdown == QLatin1String("ext"))
        return InsightSpec::tr("App version");
    if (breakdown == QLatin1String("vscode"))
        return InsightSpec::tr("Host version");
    if (breakdown == QLatin1String("country"))
        return InsightSpec::tr("Country");
    return breakdown;
}

QString InsightSpec::describe() const
{
    const QString what = event.isEmpty() ? tr("all events") : event;
    QString text;
    switch (kind) {
    case InsightKind::Trend:
        text = metric == TrendMetric::Count   ? tr("Events of %1 %2").arg(what, intervalLabel(interval))
            : metric == TrendMetric::Users    ? tr("Users of %1 %2").arg(what, intervalLabel(interval))
                                              : tr("%1 m.%2 of %3 %4").arg(metricLabel(metric), property, what, intervalLabel(interval));
        if (!breakdown.isEmpty())
            text += tr(", by %1").arg(breakdownLabel(breakdown));
        break;
    case InsightKind::ActiveUsers:
        text = tr("Daily, weekly and monthly active users");
        break;
    case InsightKind::Sessions:
        text = tr("Sessions %1").arg(intervalLabel(interval));
        break;
    case InsightKind::Retention:
        text = tr("Retention of %1, back for %2, %3 %4")
                   .arg(what, returnEvent.isEmpty() ? tr("any event") : returnEvent)
                   .arg(windows)
                   .arg(window == Interval::Week ? tr("weeks") : tr("days"));
        break;
    case InsightKind::Funnel:
        text = tr("Funnel %1%2").arg(steps.join(QStringLiteral(" → ")), strict ? tr(" (strict)") : QString());
        break;
    }
    return filters.trimmed().isEmpty() ? text : text + tr(" where %1").arg(filters.simplified());
}

} // namespace tdesk
