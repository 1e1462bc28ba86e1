#include "query/readjson.h"

#include <cmath>

namespace tdesk {
namespace {

// JSON numbers are doubles: counts and times stay exact below 2^53, far beyond what they reach.
QJsonValue number(qint64 value)
{
    return QJsonValue(double(value));
}

QJsonArray pairs(const Series &series)
{
    QJsonArray out;
    for (const auto &[key, value] : series)
        out.append(QJsonArray{number(key), number(value)});
    return out;
}

// [{"key","count"}…]; "" is the events without the field.
QJsonArray breakdownToJson(const Breakdown &breakdown, const char *keyName)
{
    QJsonArray out;
    for (const ValueCount &v : breakdown.top)
        out.append(QJsonObject{{QLatin1String(keyName), v.value}, {QStringLiteral("count"), number(v.events)}});
    return out;
}

QJsonObject totalsToJson(const PeriodTotals &totals, const TimeRange &range)
{
    return {{QStringLiteral("from"), number(range.fromMs)},
            {QStringLiteral("to"), number(range.toMs)},
            {QStringLiteral("events"), number(totals.events)},
            {QStringLiteral("users"), number(totals.users)},
            {QStringLiteral("users_estimated"), totals.usersEstimated},
            {QStringLiteral("countries"), number(totals.countries)}};
}

QJsonValue coordinate(double value)
{
    return std::isnan(value) ? QJsonValue() : QJsonValue(value);
}

} // namespace

QJsonArray seriesToJson(const Series &series)
{
    return pairs(series);
}

QJsonObject overviewToJson(const OverviewData &overview)
{
    QJsonObject out = totalsToJson(overview.totals, overview.range);
    out.insert(QStringLiteral("previous"), totalsToJson(overview.previous, overview.previousRange));
    out.insert(QStringLiteral("bucket_ms"), number(overview.bucketMs));
    out.insert(QStringLiteral("series"), pairs(overview.series));
    out.insert(QStringLiteral("previous_series"), pairs(overview.previousSeries));
    QJsonArray topEvents;
    for (const ValueCount &v : overview.topEvents.top)
        topEvents.append(QJsonObject{{QStringLiteral("event"), v.value}, {QStringLiteral("count"), number(v.events)}});
    out.insert(QStringLiteral("top_events"), topEvents);
    out.insert(QStringLiteral("by_os"), breakdownToJson(overview.os, "key"));
    out.insert(QStringLiteral("by_version"), breakdownToJson(overview.appVersions, "key"));
    out.insert(QStringLiteral("by_host_version"), breakdownToJson(overview.hostVersions, "key"));
    out.insert(QStringLiteral("by_country"), breakdownToJson(overview.countries, "key"));
    // What each list leaves out: the events of every value not in it.
    out.insert(QStringLiteral("other"), QJsonObject{{QStringLiteral("top_events"), number(overview.topEvents.other)},
                                                    {QStringLiteral("by_os"), number(overview.os.other)},
                                                    {QStringLiteral("by_version"), number(overview.appVersions.other)},
                                                    {QStringLiteral("by_host_version"), number(overview.hostVersions.other)},
                                                    {QStringLiteral("by_country"), number(overview.countries.other)}});
    return out;
}

QJsonObject geoToJson(const GeoSummary &geo)
{
    QJsonArray countries;
    for (const GeoCountry &c : geo.countries)
        countries.append(QJsonObject{{QStringLiteral("code"), c.country},
                                     {QStringLiteral("count"), number(c.events)},
                                     {QStringLiteral("users"), number(c.users)}});
    QJsonArray cities;
    for (const GeoPlace &p : geo.places)
        cities.append(QJsonObject{{QStringLiteral("name"), p.city},
                                  {QStringLiteral("country"), p.country},
                                  {QStringLiteral("lat"), p.lat},
                                  {QStringLiteral("lon"), p.lon},
                                  {QStringLiteral("count"), number(p.events)}});
    return {{QStringLiteral("countries"), countries},
            {QStringLiteral("cities"), cities},
            {QStringLiteral("events"), number(geo.events)},
            {QStringLiteral("users"), number(geo.users)},
            {QStringLiteral("users_estimated"), geo.usersEstimated}};
}

QJsonObject eventRowToJson(const EventRow &row)
{
    return {{QStringLiteral("id"), number(row.id)},
            {QStringLiteral("project_id"), number(row.projectId)},
            {QStringLiteral("ts"), number(row.timeMs)},
            {QStringLiteral("received_ms"), number(row.receivedMs)},
            {QStringLiteral("event_id"), row.eventId},
            {QStringLiteral("user_hash"), row.userHash},
            {QStringLiteral("session_id"), row.sessionId},
            {QStringLiteral("event"), row.name},
            {QStringLiteral("os"), row.os},
            {QStringLiteral("ext"), row.appVersion},
            {QStringLiteral("vscode"), row.hostVersion},
            {QStringLiteral("country"), row.country},
            {QStringLiteral("region"), row.region},
            {QStringLiteral("city"), row.city},
            {QStringLiteral("lat"), coordinate(row.latitude)},
            {QStringLiteral("lon"), coordinate(row.longitude)},
            // The properties as the JSON text they were stored as: a client sees them byte for byte.
            {QStringLiteral("props"), row.props}};
}

QJsonObject collectorStatusToJson(const CollectorStatus &status)
{
    QJsonObject rejects;
    for (auto it = status.rejectsByReason.begin(); it != status.rejectsByReason.end(); ++it)
        rejects.insert(it.key(), number(qint64(it.value())));
    return {{QStringLiteral("running"), status.running},
            {QStringLiteral("address"), status.address},
            {QStringLiteral("database"), status.databaseLocation},
            {QStringLiteral("database_bytes"), number(status.databaseBytes)},
            {QStringLiteral("events_per_second"), status.eventsPerSecond},
            {QStringLiteral("queued_events"), number(status.queuedEvents)},
            {QStringLiteral("spooled_events"), number(status.spooledEvents)},
            {QStringLiteral("spool_oldest_ms"), number(status.spoolOldestMs)},
            {QStringLiteral("events_accepted"), number(qint64(status.eventsAccepted))},
            {QStringLiteral("demo_events_accepted"), number(qint64(status.demoEventsAccepted))},
            {QStringLiteral("requests"), number(qint64(status.requests))},
            {QStringLiteral("rejects"), rejects},
            {QStringLiteral("storage_error"), status.storageError},
            {QStringLiteral("default_rate_limit"), status.defaultRateLimit},
            {QStringLiteral("rate_window_ms"), number(status.rateWindowMs)}};
}

QJsonObject storeInfoToJson(const StoreInfo &info)
{
    return {{QStringLiteral("backend"), info.backend},
            {QStringLiteral("engine_version"), info.engineVersion},
            {QStringLiteral("location"), info.location},
            {QStringLiteral("has_events"), info.hasEvents},
            {QStringLiteral("replica_delay_ms"), number(info.replicaDelayMs)}};
}

QJsonObject projectToJson(const Project &project)
{
    return {{QStringLiteral("id"), number(project.id)},
            {QStringLiteral("name"), project.name},
            {QStringLiteral("created_ms"), number(project.createdMs)},
            {QStringLiteral("rate_limit"), project.rateLimit},
            {QStringLiteral("retention_days"), project.retentionDays},
            {QStringLiteral("sample_rate"), project.sampleRate},
            {QStringLiteral("allowed_origins"), project.allowedOrigins},
            {QStringLiteral("require_key"), project.requireKey}};
}

QJsonObject keyToJson(const KeyInfo &key)
{
    // Never the hash: the prefix names a key, and only its holder has the rest.
    return {{QStringLiteral("prefix"), key.prefix},
            {QStringLiteral("project"), key.projectName},
            {QStringLiteral("kind"), keyKindName(key.kind)},
            {QStringLiteral("label"), key.label},
            {QStringLiteral("created_ms"), number(key.createdMs)},
            {QStringLiteral("revoked_ms"), number(key.revokedMs)},
            {QStringLiteral("last_used_ms"), number(key.lastUsedMs)},
            {QStringLiteral("events_accepted"), number(key.eventsAccepted)}};
}

QString cursorToText(const EventCursor &cursor)
{
    return QStringLiteral("%1_%2").arg(cursor.timeMs).arg(cursor.id);
}

std::optional<EventCursor> cursorFromText(const QString &text)
{
    const qsizetype split = text.indexOf(QLatin1Char('_'));
    if (split <= 0 || text.size() > 41)
        return std::nullopt;
    bool timeOk = false, idOk = false;
    const EventCursor cursor{text.left(split).toLongLong(&timeOk), text.mid(split + 1).toLongLong(&idOk)};
    if (!timeOk || !idOk || cursorToText(cursor) != text) // one spelling per cursor: no "+1", " 1", "01"
        return std::nullopt;
    return cursor;
}

} // namespace tdesk
