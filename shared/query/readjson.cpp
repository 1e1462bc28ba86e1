#include "query/readjson.h"

#include "query/jsonfields.h"

#include <cmath>
#include <limits>

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

namespace {

using Fields = JsonFields;

void readSeries(const QJsonArray &array, const QString &where, Series *out, QString *error)
{
    for (qsizetype i = 0; i < array.size() && error->isEmpty(); ++i) {
        const QJsonArray point = array[i].toArray();
        const double key = point.at(0).toDouble(), value = point.at(1).toDouble();
        if (point.size() != 2 || !point.at(0).isDouble() || !point.at(1).isDouble() || key != std::floor(key)
            || value != std::floor(value) || std::abs(key) > MaxExact || std::abs(value) > MaxExact)
            *error = QStringLiteral("the collector's answer is not as expected: %1[%2] is not a [time, count] pair").arg(where).arg(i);
        else
            out->append({qint64(key), qint64(value)});
    }
}

void readBreakdown(Fields &f, const char *name, const char *keyName, qint64 other, Breakdown *out, QString *error)
{
    const QJsonArray array = f.array(name);
    for (qsizetype i = 0; i < array.size() && error->isEmpty(); ++i) {
        Fields entry(array[i].toObject(), QStringLiteral("%1[%2]").arg(f.where(name)).arg(i), error);
        const QString value = entry.text(keyName);
        out->top.append(ValueCount{value, entry.count("count")});
    }
    out->other = other;
}

void readTotals(Fields &f, PeriodTotals *totals, TimeRange *range)
{
    range->fromMs = f.integer("from");
    range->toMs = f.integer("to");
    totals->events = f.count("events");
    totals->users = f.count("users");
    totals->usersEstimated = f.boolean("users_estimated");
    totals->countries = f.count("countries");
}

} // namespace

Result<Series> seriesFromJson(const QJsonValue &value)
{
    QString error;
    Series series;
    if (!value.isArray())
        return Error{QStringLiteral("the collector's answer is not as expected: the series is not a list")};
    readSeries(value.toArray(), QStringLiteral("series"), &series, &error);
    return checkedAnswer(error, series);
}

Result<OverviewData> overviewFromJson(const QJsonObject &object)
{
    QString error;
    OverviewData data;
    Fields f(object, QStringLiteral("overview"), &error);
    readTotals(f, &data.totals, &data.range);
    Fields previous(f.object("previous"), f.where("previous"), &error);
    readTotals(previous, &data.previous, &data.previousRange);
    data.bucketMs = f.count("bucket_ms");
    readSeries(f.array("series"), f.where("series"), &data.series, &error);
    readSeries(f.array("previous_series"), f.where("previous_series"), &data.previousSeries, &error);
    Fields other(f.object("other"), f.where("other"), &error);
    readBreakdown(f, "top_events", "event", other.count("top_events"), &data.topEvents, &error);
    readBreakdown(f, "by_os", "key", other.count("by_os"), &data.os, &error);
    readBreakdown(f, "by_version", "key", other.count("by_version"), &data.appVersions, &error);
    readBreakdown(f, "by_host_version", "key", other.count("by_host_version"), &data.hostVersions, &error);
    readBreakdown(f, "by_country", "key", other.count("by_country"), &data.countries, &error);
    return checkedAnswer(error, data);
}

Result<GeoSummary> geoFromJson(const QJsonObject &object)
{
    QString error;
    GeoSummary geo;
    Fields f(object, QStringLiteral("geo"), &error);
    const QJsonArray countries = f.array("countries");
    for (qsizetype i = 0; i < countries.size() && error.isEmpty(); ++i) {
        Fields c(countries[i].toObject(), QStringLiteral("geo.countries[%1]").arg(i), &error);
        geo.countries.append(GeoCountry{c.text("code"), c.count("count"), c.count("users")});
    }
    const QJsonArray cities = f.array("cities");
    for (qsizetype i = 0; i < cities.size() && error.isEmpty(); ++i) {
        Fields c(cities[i].toObject(), QStringLiteral("geo.cities[%1]").arg(i), &error);
        GeoPlace place;
        place.city = c.text("name");
        place.country = c.text("country");
        place.lat = c.number("lat");
        place.lon = c.number("lon");
        place.events = c.count("count");
        geo.places.append(place);
    }
    geo.events = f.count("events");
    geo.users = f.count("users");
    geo.usersEstimated = f.boolean("users_estimated");
    return checkedAnswer(error, geo);
}

namespace {

EventRow readEventRow(Fields &f)
{
    EventRow row;
    row.id = f.count("id");
    row.projectId = f.count("project_id");
    row.timeMs = f.integer("ts");
    row.receivedMs = f.integer("received_ms");
    row.eventId = f.text("event_id");
    row.userHash = f.text("user_hash");
    row.sessionId = f.text("session_id");
    row.name = f.text("event");
    row.os = f.text("os");
    row.appVersion = f.text("ext");
    row.hostVersion = f.text("vscode");
    row.country = f.text("country");
    row.region = f.text("region");
    row.city = f.text("city");
    row.latitude = f.nullableNumber("lat");
    row.longitude = f.nullableNumber("lon");
    row.props = f.text("props");
    return row;
}

QList<EventRow> readEventRows(Fields &f, QString *error)
{
    QList<EventRow> rows;
    const QJsonArray array = f.array("events");
    for (qsizetype i = 0; i < array.size() && error->isEmpty(); ++i) {
        Fields row(array[i].toObject(), QStringLiteral("%1[%2]").arg(f.where("events")).arg(i), error);
        rows.append(readEventRow(row));
    }
    return rows;
}

// A `next` cursor: null when the walk is complete.
std::optional<EventCursor> readNext(Fields &f, const QJsonObject &object, QString *error)
{
    const QJsonValue next = object.value(QStringLiteral("next"));
    if (next.isNull())
        return std::nullopt;
    const auto cursor = cursorFromText(next.toString());
    if (!cursor && error->isEmpty())
        f.wrong("next", "a cursor or null");
    return cursor.value_or(EventCursor{});
}

} // namespace

Result<EventRow> eventRowFromJson(const QJsonObject &object)
{
    QString error;
    Fields f(object, QStringLiteral("event"), &error);
    const EventRow row = readEventRow(f);
    return checkedAnswer(error, row);
}

Result<EventPage> eventPageFromJson(const QJsonObject &object)
{
    QString error;
    EventPage page;
    Fields f(object, QStringLiteral("events"), &error);
    page.rows = readEventRows(f, &error);
    const auto next = readNext(f, object, &error);
    page.reachedRangeStart = !next;
    page.next = next.value_or(page.rows.isEmpty() ? EventCursor{} : page.rows.back().cursor());
    page.rowsFound = page.rows.size();
    page.rowsExamined = f.count("rows_examined");
    page.newestStoredId = f.count("newest_stored_id");
    return checkedAnswer(error, page);
}

Result<EventTail> eventTailFromJson(const QJsonObject &object)
{
    QString error;
    EventTail tail;
    Fields f(object, QStringLiteral("tail"), &error);
    tail.rows = readEventRows(f, &error);
    tail.lastId = f.count("last_id");
    tail.caughtUp = f.boolean("caught_up");
    return checkedAnswer(error, tail);
}

Result<EventCount> eventCountFromJson(const QJsonObject &object)
{
    QString error;
    EventCount count;
    Fields f(object, QStringLiteral("count"), &error);
    count.events = f.count("count");
    count.complete = f.boolean("complete");
    const auto next = readNext(f, object, &error);
    if (next)
        count.next = *next;
    if (count.complete == bool(next) && error.isEmpty())
        f.wrong("next", "null exactly when the count is complete");
    return checkedAnswer(error, count);
}

Result<CollectorStatus> collectorStatusFromJson(const QJsonObject &object)
{
    QString error;
    CollectorStatus s;
    Fields f(object, QStringLiteral("status"), &error);
    s.running = f.boolean("running");
    s.address = f.text("address");
    s.databaseLocation = f.text("database");
    s.databaseBytes = f.count("database_bytes");
    s.eventsPerSecond = f.number("events_per_second");
    s.queuedEvents = f.count("queued_events");
    s.spooledEvents = f.count("spooled_events");
    s.spoolOldestMs = f.count("spool_oldest_ms");
    s.eventsAccepted = quint64(f.count("events_accepted"));
    s.demoEventsAccepted = quint64(f.count("demo_events_accepted"));
    s.requests = quint64(f.count("requests"));
    const QJsonObject rejects = f.object("rejects");
    for (auto it = rejects.begin(); it != rejects.end() && error.isEmpty(); ++it) {
        const double n = it.value().toDouble();
        if (!it.value().isDouble() || n < 0 || n > MaxExact || n != std::floor(n))
            f.wrong("rejects", "counts by reason");
        else
            s.rejectsByReason.insert(it.key(), quint64(n));
    }
    s.storageError = f.text("storage_error");
    s.defaultRateLimit = int(f.integer("default_rate_limit", 0, std::numeric_limits<int>::max()));
    s.rateWindowMs = f.count("rate_window_ms");
    return checkedAnswer(error, s);
}

Result<StoreInfo> storeInfoFromJson(const QJsonObject &object)
{
    QString error;
    StoreInfo info;
    Fields f(object, QStringLiteral("store"), &error);
    info.backend = f.text("backend");
    info.engineVersion = f.text("engine_version");
    info.location = f.text("location");
    info.hasEvents = f.boolean("has_events");
    info.replicaDelayMs = f.integer("replica_delay_ms");
    return checkedAnswer(error, info);
}

Result<Project> projectFromJson(const QJsonObject &object)
{
    QString error;
    Project p;
    Fields f(object, QStringLiteral("project"), &error);
    p.id = f.count("id");
    p.name = f.text("name");
    p.createdMs = f.integer("created_ms");
    p.rateLimit = int(f.integer("rate_limit", 0, std::numeric_limits<int>::max()));
    p.retentionDays = int(f.integer("retention_days", 0, std::numeric_limits<int>::max()));
    p.sampleRate = f.number("sample_rate");
    p.allowedOrigins = f.text("allowed_origins");
    p.requireKey = f.boolean("require_key");
    if (error.isEmpty() && !(p.sampleRate >= 0.0 && p.sampleRate <= 1.0))
        f.wrong("sample_rate", "a share from 0 to 1");
    return checkedAnswer(error, p);
}

Result<KeyInfo> keyFromJson(const QJsonObject &object)
{
    QString error;
    KeyInfo k;
    Fields f(object, QStringLiteral("key"), &error);
    k.prefix = f.text("prefix");
    k.projectName = f.text("project");
    if (!keyKindFromName(f.text("kind"), &k.kind) && error.isEmpty())
        f.wrong("kind", "public, private or admin");
    k.label = f.text("label");
    k.createdMs = f.integer("created_ms");
    k.revokedMs = f.integer("revoked_ms");
    k.lastUsedMs = f.integer("last_used_ms");
    k.eventsAccepted = f.count("events_accepted");
    return checkedAnswer(error, k);
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
