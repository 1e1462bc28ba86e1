#include "server/queryapi.h"

#include "auth/apikey.h"
#include "core/timeunits.h"
#include "query/inprocessreader.h"
#include "query/insightjson.h"
#include "query/insightquery.h"
#include "query/timebuckets.h"
#include "query/readjson.h"
#include "server/apiparams.h"
#include "server/httpstream.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcApi, "tdesk.api", QtWarningMsg)

namespace tdesk {
namespace {

const QString Root = QStringLiteral("/api/v1/");

HttpResponse apiJson(int status, QJsonObject body)
{
    body.insert(QStringLiteral("api"), ApiVersion);
    return HttpResponse::json(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse badParams(const ApiParams &params)
{
    return apiError(400, "bad_param", QStringLiteral("%1: %2").arg(params.badParam(), params.why()), params.badParam());
}

HttpResponse badInsight(const InsightProblem &problem)
{
    return apiError(400, "bad_param", QStringLiteral("%1: %2").arg(problem.param, problem.message), problem.param);
}

const QStringList InsightEndpoints = {QStringLiteral("trends"), QStringLiteral("active-users"), QStringLiteral("sessions"),
                                      QStringLiteral("retention"), QStringLiteral("properties")};

// The reader failed: the database is unreachable or broken, not the request.
HttpResponse unavailable(const QString &why)
{
    qCWarning(lcApi, "query failed: %s", qPrintable(why));
    return apiError(503, "unavailable", why).withHeader("Retry-After", "5");
}

QJsonArray rowsToJson(const QList<EventRow> &rows)
{
    QJsonArray out;
    for (const EventRow &row : rows)
        out.append(eventRowToJson(row));
    return out;
}

QJsonValue nextCursor(const EventCursor &next, bool complete)
{
    return complete ? QJsonValue() : QJsonValue(cursorToText(next));
}

QJsonObject keysToJson(const QList<KeyInfo> &keys)
{
    QJsonArray out;
    for (const KeyInfo &key : keys)
        out.append(keyToJson(key));
    return {{QStringLiteral("keys"), out}};
}

bool isValidKeyLabel(const QString &label)
{
    return label.size() <= MaxKeyLabelLength && !label.contains(QLatin1Char('\n'));
}

// A request body that must be a JSON object; nullopt (and *refusal) when it is not.
std::optional<QJsonObject> jsonBody(const QHttpServerRequest &request, HttpResponse *refusal)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        *refusal = apiError(400, "bad_body", QStringLiteral("the body must be a JSON object"));
        return std::nullopt;
    }
    return document.object();
}

} // namespace

bool keysMayTravel(bool secure, const QHostAddress &client, bool allowInsecureKeys)
{
    bool mapped = false;
    const QHostAddress v4(client.toIPv4Address(&mapped)); // ::ffff:127.0.0.1 is 127.0.0.1
    return secure || allowInsecureKeys || client.isLoopback() || (mapped && v4.isLoopback());
}

HttpResponse apiError(int status, const char *code, const QString &message, const QString &param)
{
    QJsonObject body{{QStringLiteral("ok"), false},
                     {QStringLiteral("error"), QString::fromLatin1(code)},
                     {QStringLiteral("message"), message}};
    if (!param.isEmpty())
        body.insert(QStringLiteral("param"), param);
    return apiJson(status, body);
}

QueryApi::QueryApi(InProcessReader *reader, Hooks hooks, bool allowInsecureKeys, QObject *parent)
    : QObject(parent)
    , m_reader(reader)
    , m_hooks(std::move(hooks))
    , m_allowInsecureKeys(allowInsecureKeys)
{
}

void QueryApi::cancelStreams()
{
    for (HttpStream *stream : findChildren<HttpStream *>(Qt::FindDirectChildrenOnly))
        stream->cancel();
}

bool QueryApi::handles(const QString &path)
{
    return path.startsWith(Root) || path == QLatin1String("/api/v1");
}

HttpResponse QueryApi::handle(const QHttpServerRequest &request, const QHostAddress &client, bool secure,
                              ReplyTo &reply, const Finish &finish, bool *deferred)
{
    const QByteArray authorization = request.value("authorization");
    if (authorization.size() <= 7 || authorization.left(7).toLower() != "bearer ")
        return apiError(401, "unauthorized", QStringLiteral("send a private or admin key: Authorization: Bearer KEY"))
            .withHeader("WWW-Authenticate", "Bearer");
    // Keys are looked up by their SHA-256: no comparison of the secret itself, so no timing to measure.
    const KeyInfo *key = m_hooks.findKey(hashApiKey(authorization.mid(7).trimmed()));
    if (!key || key->revokedMs != 0)
        return apiError(401, "unauthorized", QStringLiteral("unknown or revoked key")).withHeader("WWW-Authenticate", "Bearer");
    if (key->kind == KeyKind::Public)
        return apiError(403, "forbidden", QStringLiteral("a public key only sends events; read with a private or admin key"));
    if (!keysMayTravel(secure, client, m_allowInsecureKeys))
        return apiError(403, "insecure_transport",
                         QStringLiteral("private and admin keys are taken only over HTTPS from another machine: start the"
                                        " collector with --tls-cert and --tls-key (or behind a TLS proxy), or allow it"
                                        " with --allow-insecure-keys"));
    ApiParams params(QUrlQuery(request.url()), QDateTime::currentMSecsSinceEpoch());
    Call call{request, params, Caller{key->kind, key->projectId}, reply, finish, deferred};
    return route(call, request.url().path().mid(Root.size()));
}

HttpResponse QueryApi::route(Call &call, const QString &path)
{
    const auto method = call.request.method();
    const bool get = method == QHttpServerRequest::Method::Get || method == QHttpServerRequest::Method::Head;
    static const QStringList ProjectScoped = {QStringLiteral("overview"),     QStringLiteral("geo"),
                                              QStringLiteral("events"),       QStringLiteral("events/tail"),
                                              QStringLiteral("events/count"), QStringLiteral("values"),
                                              QStringLiteral("export.csv"),   QStringLiteral("minutes")};
    if (path == QLatin1String("funnels") || path == QLatin1String("funnels/users")) {
        if (method != QHttpServerRequest::Method::Post)
            return apiError(405, "method_not_allowed", QStringLiteral("use POST with the funnel as JSON")).withHeader("Allow", "POST");
        return funnels(call, path == QLatin1String("funnels/users"));
    }
    if (ProjectScoped.contains(path) || InsightEndpoints.contains(path) || path == QLatin1String("status") || path == QLatin1String("store")) {
        if (!get)
            return apiError(405, "method_not_allowed", QStringLiteral("use GET")).withHeader("Allow", "GET, HEAD");
        if (path == QLatin1String("status")) {
            if (!call.params.allRead())
                return badParams(call.params);
            return apiJson(200, collectorStatusToJson(m_hooks.status()));
        }
        if (path == QLatin1String("store")) {
            if (!call.params.allRead())
                return badParams(call.params);
            return later(call, m_reader->storeInfo(), storeInfoToJson);
        }
        return projectScoped(call, path);
    }
    const QStringList parts = path.split(QLatin1Char('/'));
    if (parts.front() == QLatin1String("projects") || parts.front() == QLatin1String("keys"))
        return administration(call, parts);
    return apiError(404, "not_found", QStringLiteral("no endpoint /api/v1/%1 (see docs/API.md)").arg(path.left(100)));
}

std::optional<qint64> QueryApi::readableProject(Call &call, HttpResponse *refusal)
{
    const QString name = call.params.text("project", 64);
    if (!call.params.ok()) {
        *refusal = badParams(call.params);
        return std::nullopt;
    }
    const AccessTable &access = m_hooks.access();
    if (call.caller.kind == KeyKind::Private) {
        // Its own project only; naming another gives the same answer whether it exists or not.
        if (!name.isEmpty() && access.projectIds.value(name, -1) != call.caller.projectId) {
            *refusal = apiError(403, "forbidden", QStringLiteral("this key reads only its own project"));
            return std::nullopt;
        }
        return call.caller.projectId;
    }
    if (name.isEmpty())
        return AllProjects;
    if (!access.projectIds.contains(name)) {
        *refusal = apiError(400, "bad_param", QStringLiteral("project: no project named '%1'").arg(name), QStringLiteral("project"));
        return std::nullopt;
    }
    return access.projectIds.value(name);
}

template<typename T, typename ToJson>
HttpResponse QueryApi::later(Call &call, QFuture<Result<T>> future, ToJson toJson)
{
    *call.deferred = true;
    future.then(this, [reply = call.reply, finish = call.finish, toJson](const Result<T> &result) mutable {
        finish(reply, result ? apiJson(200, toJson(result.value())) : unavailable(result.error()));
    });
    return {};
}

HttpResponse QueryApi::projectScoped(Call &call, const QString &endpoint)
{
    HttpResponse refusal;
    const auto project = readableProject(call, &refusal);
    if (!project)
        return refusal;
    ApiParams &p = call.params;
    if (InsightEndpoints.contains(endpoint))
        return insight(call, *project, endpoint);

    if (endpoint == QLatin1String("overview")) {
        const TimeRange range = p.range();
        const bool extras = p.boolean("extras", true);
        if (!p.allRead())
            return badParams(p);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const TimeRange lastHour{floorTo(now, MinuteMs) - 59 * MinuteMs, now};
        *call.deferred = true;
        // The Overview's figures, the last hour's minutes, then (unless extras=false) what only raw events tell.
        auto perMinute = m_reader->eventsPerMinute(*project, lastHour);
        m_reader->overview(*project, range).then(this, [this, reply = call.reply, finish = call.finish, perMinute, extras,
                                                        projectId = *project, range](const Result<OverviewData> &data) mutable {
            if (!data)
                return finish(reply, unavailable(data.error()));
            QStringList names;
            for (const ValueCount &v : data->topEvents.top)
                names.append(v.value);
            auto more = extras ? m_reader->overviewExtras(projectId, range, names)
                               : QtFuture::makeReadyFuture(Result<OverviewExtras>(OverviewExtras{}));
            more.then(this, [this, reply, finish, perMinute, extras, data = data.value()](const Result<OverviewExtras> &extra) mutable {
                if (!extra)
                    return finish(reply, unavailable(extra.error()));
                perMinute.then(this, [reply, finish, extras, data, extra = extra.value()](
                                                                                const Result<Series> &minutes) mutable {
                    if (!minutes)
                        return finish(reply, unavailable(minutes.error()));
                    QJsonObject out = overviewToJson(data);
                    out.insert(QStringLiteral("per_minute"), seriesToJson(minutes.value()));
                    if (extras) {
                        out.insert(QStringLiteral("sessions"), double(extra.sessions));
                        QJsonArray top = out.value(QStringLiteral("top_events")).toArray();
                        for (QJsonValueRef entry : top) {
                            QJsonObject o = entry.toObject();
                            o.insert(QStringLiteral("users"), double(extra.usersByEvent.value(o.value(QStringLiteral("event")).toString())));
                            entry = o;
                        }
                        out.insert(QStringLiteral("top_events"), top);
                    }
                    finish(reply, apiJson(200, out));
                });
            });
        });
        return {};
    }
    if (endpoint == QLatin1String("minutes")) {
        const TimeRange range = p.range();
        if (!p.allRead())
            return badParams(p);
        if (range.lengthMs() > 7 * DayMs)
            return apiError(400, "bad_param", QStringLiteral("to: at most 7 days of minutes at once"), QStringLiteral("to"));
        return later(call, m_reader->eventsPerMinute(*project, range),
                     [](const Series &minutes) { return QJsonObject{{QStringLiteral("minutes"), seriesToJson(minutes)}}; });
    }
    if (endpoint == QLatin1String("geo")) {
        const TimeRange range = p.range();
        if (!p.allRead())
            return badParams(p);
        return later(call, m_reader->geo(*project, range), geoToJson);
    }
    if (endpoint == QLatin1String("values")) {
        static const QStringList Fields = {QStringLiteral("event"), QStringLiteral("os"), QStringLiteral("ext"),
                                           QStringLiteral("vscode"), QStringLiteral("country")};
        const TimeRange range = p.range();
        const auto field = EventField(Fields.indexOf(p.choice("field", Fields)));
        const QString prefix = p.text("prefix");
        const int limit = int(p.integer("limit", 20, 1, 100));
        if (!p.allRead())
            return badParams(p);
        return later(call, m_reader->suggestValues(*project, range, field, prefix, limit),
                     [](const QStringList &values) { return QJsonObject{{QStringLiteral("values"), QJsonArray::fromStringList(values)}}; });
    }

    // The Events view's endpoints and the export share its filters.
    const EventFilter filter = p.filter(*project);
    if (endpoint == QLatin1String("export.csv")) {
        const bool byteOrderMark = p.boolean("bom", false);
        if (!p.allRead())
            return badParams(p);
        return exportCsv(call, filter, byteOrderMark);
    }
    // A call scans for at most budget_ms, then answers with what it found and where to go on.
    const ScanBudget budget{int(p.integer("budget_ms", 1000, 1, 10000)), 0};
    if (endpoint == QLatin1String("events")) {
        const EventCursor before = p.cursor("before");
        const int limit = int(p.integer("limit", 100, 1, 1000));
        if (!p.allRead())
            return badParams(p);
        return later(call, m_reader->eventPage(filter, before, limit, budget), [](const EventPage &page) {
            return QJsonObject{{QStringLiteral("events"), rowsToJson(page.rows)},
                               {QStringLiteral("next"), nextCursor(page.next, page.reachedRangeStart)},
                               {QStringLiteral("rows_examined"), double(page.rowsExamined)},
                               {QStringLiteral("newest_stored_id"), double(page.newestStoredId)}};
        });
    }
    if (endpoint == QLatin1String("events/tail")) {
        const qint64 afterId = p.integer("after_id", 0, 0, std::numeric_limits<qint64>::max());
        const int limit = int(p.integer("limit", 100, 1, 1000));
        if (!p.allRead())
            return badParams(p);
        return later(call, m_reader->eventsStoredAfter(filter, afterId, limit, budget), [](const EventTail &tail) {
            return QJsonObject{{QStringLiteral("events"), rowsToJson(tail.rows)},
                               {QStringLiteral("last_id"), double(tail.lastId)},
                               {QStringLiteral("caught_up"), tail.caughtUp}};
        });
    }
    // events/count
    const qint64 throughId = p.integer("through_id", std::numeric_limits<qint64>::max(), 0, std::numeric_limits<qint64>::max());
    const EventCursor before = p.cursor("before");
    if (!p.allRead())
        return badParams(p);
    return later(call, m_reader->countEvents(filter, throughId, before, budget), [](const EventCount &count) {
        return QJsonObject{{QStringLiteral("count"), double(count.events)},
                           {QStringLiteral("complete"), count.complete},
                           {QStringLiteral("next"), nextCursor(count.next, count.complete)}};
    });
}

HttpResponse QueryApi::insight(Call &call, qint64 projectId, const QString &endpoint)
{
    ApiParams &p = call.params;
    if (endpoint == QLatin1String("retention")) {
        RetentionQuery q;
        const bool week = p.choice("window", {QStringLiteral("day"), QStringLiteral("week")}) == QLatin1String("week");
        q.window = week ? Interval::Week : Interval::Day;
        q.windows = int(p.integer("windows", 8, 1, 100));
        // Without `from`: as many windows back as asked for.
        TimeRange range = p.range();
        q.filter = p.insightFilter(projectId, range);
        if (!p.has("from") && p.ok()) {
            if (const QTimeZone zone = insightZone(q.filter.timeZone); zone.isValid()) {
                qint64 start = TimeBuckets::startOf(range.toMs - 1, zone, q.window);
                for (int i = 1; i < q.windows; ++i)
                    start = TimeBuckets::startOf(start - 1, zone, q.window);
                q.filter.range.fromMs = start;
            }
        }
        q.event = p.text("event");
        q.returnEvent = p.text("return_event");
        if (!p.allRead())
            return badParams(p);
        if (const auto bad = checkRetention(q))
            return badInsight(*bad);
        return later(call, m_reader->retention(q), retentionToJson);
    }
    const TimeRange range = p.range();
    if (endpoint == QLatin1String("properties")) {
        const QString event = p.text("event");
        if (!p.allRead())
            return badParams(p);
        return later(call, m_reader->properties(projectId, range, event), propertiesToJson);
    }
    const InsightFilter filter = p.insightFilter(projectId, range);
    if (endpoint == QLatin1String("active-users")) {
        const QString choice = p.choice("interval", {QStringLiteral("day"), QStringLiteral("week"), QStringLiteral("month")});
        const Interval interval = Interval(intervalNames().indexOf(choice));
        if (!p.allRead())
            return badParams(p);
        if (const auto bad = checkInsightFilter(filter))
            return badInsight(*bad);
        return later(call, m_reader->activeUsers(filter),
                     [interval](const ActiveUsersResult &active) { return activeUsersToJson(active, interval); });
    }
    const Interval interval = p.interval("interval", defaultInterval(range));
    if (endpoint == QLatin1String("sessions")) {
        if (!p.allRead())
            return badParams(p);
        const SessionsQuery q{filter, interval};
        if (const auto bad = checkSessions(q))
            return badInsight(*bad);
        return later(call, m_reader->sessions(q), sessionsToJson);
    }
    // trends
    TrendQuery q;
    q.filter = filter;
    q.interval = interval;
    q.event = p.text("event");
    q.metric = TrendMetric(trendMetricNames().indexOf(p.choice("metric", trendMetricNames())));
    const QString property = p.text("property");
    q.breakdown = p.text("breakdown");
    q.comparePrevious = p.choice("compare", {QStringLiteral("none"), QStringLiteral("previous")}) == QLatin1String("previous");
    if (!p.allRead())
        return badParams(p);
    if (!property.isEmpty() && !property.startsWith(QLatin1String("m.")))
        return apiError(400, "bad_param", QStringLiteral("property: m.KEY, a numeric property"), QStringLiteral("property"));
    q.property = property.mid(2);
    if (const auto bad = checkTrend(q))
        return badInsight(*bad);
    return later(call, m_reader->trend(q), trendToJson);
}

HttpResponse QueryApi::funnels(Call &call, bool usersOfStep)
{
    HttpResponse refusal;
    const auto project = readableProject(call, &refusal);
    if (!project)
        return refusal;
    const qint64 step = usersOfStep ? call.params.integer("step", -1, 0, FunnelMaxSteps - 1) : 0;
    if (!call.params.allRead())
        return badParams(call.params);
    const auto body = jsonBody(call.request, &refusal);
    if (!body)
        return refusal;
    FunnelQuery q;
    q.filter.projectId = *project;
    if (const auto bad = funnelFromBody(*body, QDateTime::currentMSecsSinceEpoch(), &q))
        return apiError(400, "bad_param", QStringLiteral("%1: %2").arg(bad->param, bad->why), bad->param);
    if (const auto bad = checkFunnel(q))
        return badInsight(*bad);
    if (!usersOfStep)
        return later(call, m_reader->funnel(q), funnelToJson);
    if (step < 0 || step >= q.steps.size())
        return apiError(400, "bad_param", QStringLiteral("step: give the step, 0 to %1").arg(q.steps.size() - 1), QStringLiteral("step"));
    return later(call, m_reader->funnelUsers(q, int(step)), funnelUsersToJson);
}

HttpResponse QueryApi::exportCsv(Call &call, const EventFilter &filter, bool byteOrderMark)
{
    *call.deferred = true;
    auto *stream = new HttpStream(call.reply, this);
    call.reply.startStream(HttpResponse{200, "text/csv; charset=utf-8", {}, {}}
                               .withHeader("Content-Disposition", "attachment; filename=\"events.csv\""));
    CsvExportOptions options;
    options.byteOrderMark = byteOrderMark;
    const std::shared_ptr<HttpStream::Channel> channel = stream->channel(); // the export holds it, not the stream
    options.cancel = channel->cancelFlag();
    m_reader->exportCsv(filter, [channel](const QByteArray &bytes) { return channel->push(bytes); }, options)
        .then(this, [stream](const Result<qint64> &rows) {
            if (!rows)
                qCWarning(lcApi, "CSV export ended early: %s", qPrintable(rows.error()));
            stream->close(bool(rows)); // a failed export ends without the last chunk: the client knows
        });
    return {};
}

HttpResponse QueryApi::administration(Call &call, const QStringList &parts)
{
    const auto method = call.request.method();
    using Method = QHttpServerRequest::Method;
    const bool get = method == Method::Get || method == Method::Head;
    ApiParams &p = call.params;
    if (!p.allRead())
        return badParams(p);
    const AccessTable &access = m_hooks.access();
    const bool admin = call.caller.kind == KeyKind::Admin;

    // GET projects: an admin key sees every project, a private key its own.
    if (parts.size() == 1 && parts[0] == QLatin1String("projects") && get) {
        QJsonArray projects;
        for (const Project &project : access.projects) {
            if (admin || project.id == call.caller.projectId)
                projects.append(projectToJson(project));
        }
        return apiJson(200, {{QStringLiteral("projects"), projects}});
    }
    if (!admin)
        return apiError(403, "forbidden", QStringLiteral("administration needs an admin key"));

    const auto changed = [this, &call](auto future, auto toJson, int status = 200) {
        *call.deferred = true;
        using Answer = std::decay_t<decltype(future.result())>;
        future.then(this, [this, reply = call.reply, finish = call.finish, toJson, status](const Answer &result) mutable {
            if (!result) // the catalog's words: a name taken, a key prefix matching nothing
                return finish(reply, apiError(400, "refused", result.error()));
            m_hooks.accessChanged();
            finish(reply, apiJson(status, toJson(result)));
        });
        return HttpResponse{};
    };
    const auto unknownProject = [](const QString &name) {
        return apiError(404, "unknown_project", QStringLiteral("no project named '%1'").arg(name.left(64)));
    };
    HttpResponse refusal;

    if (parts.size() == 1 && parts[0] == QLatin1String("keys") && get)
        return later(call, m_reader->keys(QString()), keysToJson);
    if (parts.size() == 1 && parts[0] == QLatin1String("projects") && method == Method::Post) {
        const auto body = jsonBody(call.request, &refusal);
        if (!body)
            return refusal;
        const QString name = body->value(QStringLiteral("name")).toString();
        if (!isValidProjectName(name))
            return apiError(400, "bad_param", QStringLiteral("name: 1-64 letters, digits, '.', '_' or '-'"), QStringLiteral("name"));
        return changed(m_reader->createProject(name), [](const Result<Project> &r) {
            return QJsonObject{{QStringLiteral("project"), projectToJson(r.value())}};
        }, 201);
    }
    if (parts.size() >= 2 && parts[0] == QLatin1String("projects")) {
        const QString name = parts[1];
        if (!access.projectIds.contains(name))
            return unknownProject(name);
        Project project = access.projects.value(access.projectIds.value(name));
        if (parts.size() == 2 && get)
            return apiJson(200, {{QStringLiteral("project"), projectToJson(project)}});
        if (parts.size() == 2 && method == Method::Delete)
            return changed(m_reader->deleteProject(name), [](const Result<void> &) { return QJsonObject{{QStringLiteral("ok"), true}}; });
        if (parts.size() == 2 && method == Method::Patch) {
            const auto body = jsonBody(call.request, &refusal);
            if (!body)
                return refusal;
            QString newName;
            if (const auto bad = applyProjectSettings(*body, &project, &newName))
                return apiError(400, "bad_param", bad->param + QStringLiteral(": ") + bad->why, bad->param);
            *call.deferred = true;
            // The settings, then the new name: a rename that fails leaves the settings applied and says so.
            m_reader->updateProject(project).then(this, [this, reply = call.reply, finish = call.finish, name, newName,
                                                         project](const Result<void> &updated) mutable {
                if (!updated)
                    return finish(reply, apiError(400, "refused", updated.error()));
                m_hooks.accessChanged();
                if (newName.isEmpty() || newName == name)
                    return finish(reply, apiJson(200, {{QStringLiteral("project"), projectToJson(project)}}));
                m_reader->renameProject(name, newName).then(this, [this, reply, finish, project, newName](const Result<void> &renamed) mutable {
                    if (!renamed)
                        return finish(reply, apiError(400, "refused", renamed.error()));
                    m_hooks.accessChanged();
                    project.name = newName;
                    finish(reply, apiJson(200, {{QStringLiteral("project"), projectToJson(project)}}));
                });
            });
            return {};
        }
        if (parts.size() == 3 && parts[2] == QLatin1String("keys") && get)
            return later(call, m_reader->keys(name), keysToJson);
        if (parts.size() == 3 && parts[2] == QLatin1String("keys") && method == Method::Post) {
            const auto body = jsonBody(call.request, &refusal);
            if (!body)
                return refusal;
            KeyKind kind;
            if (!keyKindFromName(body->value(QStringLiteral("kind")).toString(), &kind))
                return apiError(400, "bad_param", QStringLiteral("kind: public, private or admin"), QStringLiteral("kind"));
            const QString label = body->value(QStringLiteral("label")).toString();
            if (!isValidKeyLabel(label))
                return apiError(400, "bad_param", QStringLiteral("label: one line of at most %1 characters").arg(MaxKeyLabelLength),
                                QStringLiteral("label"));
            // The key's text is in this answer only: it is stored as its hash.
            return changed(m_reader->createKey(name, kind, label), [](const Result<QString> &r) {
                return QJsonObject{{QStringLiteral("key"), r.value()}, {QStringLiteral("prefix"), apiKeyPrefix(r.value())}};
            }, 201);
        }
    }
    if (parts.size() == 2 && parts[0] == QLatin1String("keys")) {
        const QString prefix = parts[1];
        if (prefix.size() < 8 || prefix.size() > 64)
            return apiError(400, "bad_param", QStringLiteral("key: the key's ID, at least 8 characters"), QStringLiteral("key"));
        if (method == Method::Delete)
            return changed(m_reader->revokeKey(prefix), [](const Result<KeyInfo> &r) { return QJsonObject{{QStringLiteral("key"), keyToJson(r.value())}}; });
        if (method == Method::Patch) {
            const auto body = jsonBody(call.request, &refusal);
            if (!body)
                return refusal;
            const QString label = body->value(QStringLiteral("label")).toString();
            if (!isValidKeyLabel(label))
                return apiError(400, "bad_param", QStringLiteral("label: one line of at most %1 characters").arg(MaxKeyLabelLength),
                                QStringLiteral("label"));
            return changed(m_reader->setKeyLabel(prefix, label), [](const Result<KeyInfo> &r) { return QJsonObject{{QStringLiteral("key"), keyToJson(r.value())}}; });
        }
    }
    return apiError(404, "not_found", QStringLiteral("no such administration endpoint (see docs/API.md)"));
}

} // namespace tdesk
