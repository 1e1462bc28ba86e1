#include "remote/httpreader.h"

#include "query/insightjson.h"
#include "query/readjson.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPromise>
#include <QSaveFile>
#include <QSslConfiguration>
#include <QUrlQuery>

#include <memory>

namespace tdesk {

// The translation context of this file's messages.
struct Remote
{
    Q_DECLARE_TR_FUNCTIONS(tdesk::Remote)
};

namespace {

// A failed request in words a user can act on; `sslErrors` those the handshake met.
QString describeFailure(QNetworkReply *reply, const QList<QSslError> &sslErrors, const QByteArray &body)
{
    const QUrl url = reply->url();
    const QString host = url.host();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString said = QJsonDocument::fromJson(body).object().value(QStringLiteral("message")).toString().left(300);
    if (status == 401)
        return Remote::tr("The collector refused the key: it is unknown or has been revoked.");
    if (status == 403)
        return said.isEmpty() ? Remote::tr("The collector does not allow this with this key.") : said;
    if (status == 404 && url.path().startsWith(QLatin1String("/api/v1/")) && said.isEmpty())
        return Remote::tr("%1 has no Query API (/api/v1/): is it a Telemetry Desk collector of version 0.2 or later?").arg(host);
    if (status >= 400)
        return said.isEmpty() ? Remote::tr("The collector answered %1 %2.").arg(status).arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                              : said;
    if (!sslErrors.isEmpty()) {
        const QSslCertificate certificate = sslErrors.front().certificate();
        return Remote::tr("The certificate of %1 is not trusted: %2. Its SHA-256 fingerprint is %3.")
            .arg(host, sslErrors.front().errorString(),
                 certificate.isNull() ? Remote::tr("(none)") : HttpReader::fingerprint(certificate));
    }
    switch (reply->error()) {
    case QNetworkReply::HostNotFoundError:
        return Remote::tr("Cannot find %1: check the name (DNS).").arg(host);
    case QNetworkReply::ConnectionRefusedError:
        return Remote::tr("%1 refused the connection on port %2: is the collector running and listening there?")
            .arg(host)
            .arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return Remote::tr("%1 did not answer in time.").arg(host);
    case QNetworkReply::RemoteHostClosedError:
        return url.scheme() == QLatin1String("http")
            ? Remote::tr("%1 closed the connection: if the collector uses HTTPS, connect with https://.").arg(host)
            : Remote::tr("%1 closed the connection.").arg(host);
    case QNetworkReply::SslHandshakeFailedError:
        return Remote::tr("The TLS handshake with %1 failed (%2): does the collector speak HTTPS on that port?")
            .arg(host, reply->errorString());
    default:
        return Remote::tr("Cannot reach %1: %2").arg(host, reply->errorString());
    }
}

} // namespace

// One request as the reader makes it.
struct HttpReader::Call
{
    QByteArray method = "GET";
    QString path;           // after /api/v1/
    QUrlQuery query;
    QJsonObject body;       // sent when not empty
    int timeoutMs = 0;      // 0: RemoteOptions::timeoutMs
};

// Lives in the reader's thread: the network access manager and every reply.
class HttpReader::Worker : public QObject
{
public:
    using Done = std::function<void(Result<QJsonObject>)>;

    Worker(const RemoteOptions &options, std::function<void(const QSslCertificate &)> untrusted,
           std::shared_ptr<std::atomic<qint64>> busySinceMs)
        : m_options(options)
        , m_untrusted(std::move(untrusted))
        , m_busySinceMs(std::move(busySinceMs))
    {
    }

    // Counts a reply in flight until it finishes (for HttpReader::busyForMs()).
    void track(QNetworkReply *reply)
    {
        if (m_inFlight++ == 0)
            *m_busySinceMs = QDateTime::currentMSecsSinceEpoch();
        connect(reply, &QNetworkReply::finished, this, [this] {
            if (--m_inFlight == 0)
                *m_busySinceMs = 0;
        });
    }

    QNetworkRequest request(const QString &path, const QUrlQuery &query, int timeoutMs = 0) const
    {
        QUrl url = m_options.url;
        url.setPath(QStringLiteral("/api/v1/") + path);
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + m_options.key);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setTransferTimeout(timeoutMs > 0 ? timeoutMs : m_options.timeoutMs);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy); // the key goes nowhere else
        if (!m_options.caCertificates.isEmpty()) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.addCaCertificates(m_options.caCertificates);
            request.setSslConfiguration(tls);
        }
        return request;
    }

    // Accepts exactly the certificates the user accepted; records the errors of any other.
    void watchTls(QNetworkReply *reply, std::shared_ptr<QList<QSslError>> errors)
    {
        connect(reply, &QNetworkReply::sslErrors, reply, [this, reply, errors](const QList<QSslError> &list) {
            const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
            const QByteArray print = QCryptographicHash::hash(peer.toDer(), QCryptographicHash::Sha256);
            if (!peer.isNull() && m_options.acceptedFingerprints.contains(print)) {
                reply->ignoreSslErrors(list);
            } else {
                *errors = list;
                m_untrusted(peer);
            }
        });
    }

    void send(const Call &call, const Done &done)
    {
        const QNetworkRequest request = this->request(call.path, call.query, call.timeoutMs);
        const QByteArray body = call.body.isEmpty() ? QByteArray() : QJsonDocument(call.body).toJson(QJsonDocument::Compact);
        QNetworkReply *reply = call.method == "GET" ? m_network.get(request) : m_network.sendCustomRequest(request, call.method, body);
        auto sslErrors = std::make_shared<QList<QSslError>>();
        watchTls(reply, sslErrors);
        track(reply);
        connect(reply, &QNetworkReply::finished, this, [reply, sslErrors, done] {
            reply->deleteLater();
            const QByteArray bytes = reply->isOpen() ? reply->readAll() : QByteArray(); // closed when it timed out
            if (reply->error() != QNetworkReply::NoError)
                return done(Error{describeFailure(reply, *sslErrors, bytes)});
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
            if (!document.isObject())
                return done(Error{Remote::tr("The collector's answer is not JSON: is %1 a Telemetry Desk collector?").arg(reply->url().host())});
            const QJsonObject answer = document.object();
            if (answer.value(QStringLiteral("api")).toInt() > ApiVersion)
                return done(Error{Remote::tr("The collector speaks a newer API (version %1) than this app (version %2): update Telemetry Desk.")
                                      .arg(answer.value(QStringLiteral("api")).toInt())
                                      .arg(ApiVersion)});
            done(answer);
        });
    }

    // GET export.csv into a file as it arrives; the file replaces filePath only when the body is
    // complete (the collector ends a chunked body with an empty chunk; a cut connection is an error).
    void download(const QUrlQuery &query, const QString &filePath, const CsvExportOptions &options,
                  std::function<void(Result<qint64>)> done)
    {
        auto file = std::make_shared<QSaveFile>(filePath);
        if (!file->open(QIODevice::WriteOnly))
            return done(Error{Remote::tr("Cannot write %1: %2").arg(filePath, file->errorString())});
        QNetworkRequest request = this->request(QStringLiteral("export.csv"), query);
        request.setTransferTimeout(0); // a long export is not a stalled one: the collector paces it
        QNetworkReply *reply = m_network.get(request);
        auto sslErrors = std::make_shared<QList<QSslError>>();
        watchTls(reply, sslErrors);
        struct Progress
        {
            qint64 rows = -1; // the header is not a row
            QByteArray partialLine;
            QString writeError;
        };
        auto progress = std::make_shared<Progress>();
        connect(reply, &QNetworkReply::readyRead, this, [reply, file, progress, options] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                return; // an error's body: read at the end
            if (options.cancel && options.cancel->load())
                return reply->abort();
            const QByteArray bytes = reply->readAll();
            if (file->write(bytes) != bytes.size()) {
                progress->writeError = file->errorString();
                return reply->abort();
            }
            progress->rows += bytes.count('\n');
            const qsizetype lastLine = bytes.lastIndexOf('\n', bytes.size() - 2);
            const QByteArray line = lastLine >= 0 ? bytes.mid(lastLine + 1, 24) : QByteArray();
            if (options.progress && progress->rows > 0) {
                const QDateTime at = QDateTime::fromString(QString::fromLatin1(line), Qt::ISODateWithMs);
                options.progress(progress->rows, at.isValid() ? at.toMSecsSinceEpoch() : 0);
            }
        });
        connect(reply, &QNetworkReply::finished, this, [reply, file, progress, sslErrors, options, filePath, done] {
            reply->deleteLater();
            if (!progress->writeError.isEmpty())
                return done(Error{Remote::tr("Cannot write %1: %2").arg(filePath, progress->writeError)});
            if (options.cancel && options.cancel->load())
                return done(Error{Remote::tr("The export was cancelled.")});
            if (reply->error() != QNetworkReply::NoError)
                return done(Error{Remote::tr("The export stopped before its end, and no file was written: %1")
                                      .arg(describeFailure(reply, *sslErrors, reply->isOpen() ? reply->readAll() : QByteArray()))});
            if (!file->commit())
                return done(Error{Remote::tr("Cannot write %1: %2").arg(filePath, file->errorString())});
            done(std::max<qint64>(progress->rows, 0));
        });
    }

private:
    RemoteOptions m_options;
    std::function<void(const QSslCertificate &)> m_untrusted;
    std::shared_ptr<std::atomic<qint64>> m_busySinceMs;
    int m_inFlight = 0;
    QNetworkAccessManager m_network{this};
};

HttpReader::HttpReader(const RemoteOptions &options)
    : m_options(options)
    , m_worker(new Worker(options, [this](const QSslCertificate &certificate) {
        QMutexLocker lock(&m_namesMutex);
        m_untrusted = certificate;
    }, m_busySinceMs))
{
    m_thread.setObjectName(QStringLiteral("remote-reader"));
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

HttpReader::~HttpReader()
{
    m_thread.quit();
    m_thread.wait();
}

qint64 HttpReader::busyForMs() const
{
    const qint64 since = *m_busySinceMs;
    return since == 0 ? 0 : std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - since);
}

QSslCertificate HttpReader::untrustedCertificate() const
{
    QMutexLocker lock(&m_namesMutex);
    return m_untrusted;
}

QString HttpReader::fingerprint(const QSslCertificate &certificate)
{
    const QByteArray hex = QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (qsizetype i = 0; i < hex.size(); i += 2)
        pairs.append(QString::fromLatin1(hex.mid(i, 2)));
    return pairs.join(QLatin1Char(':'));
}

template<typename T, typename Parse>
QFuture<Result<T>> HttpReader::call(Call request, Parse parse)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    QFuture<Result<T>> future = promise->future();
    // Made and read on the reader's thread; a reader going away ends the promise with an error.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request, parse, promise] {
        worker->send(request, [promise, parse](const Result<QJsonObject> &answer) {
            promise->addResult(answer ? parse(answer.value()) : Result<T>(Error{answer.error()}));
            promise->finish();
        });
    });
    return future;
}

QString HttpReader::projectName(qint64 projectId) const
{
    QMutexLocker lock(&m_namesMutex);
    return projectId == AllProjects ? QString() : m_projectNames.value(projectId, QStringLiteral("#%1").arg(projectId));
}

namespace {

void addRange(QUrlQuery &query, const TimeRange &range)
{
    if (range != EventFilter::AllTime) {
        query.addQueryItem(QStringLiteral("from"), QString::number(std::max<qint64>(0, range.fromMs)));
        query.addQueryItem(QStringLiteral("to"), QString::number(std::clamp<qint64>(range.toMs, 0, 253402300799999)));
    } else {
        query.addQueryItem(QStringLiteral("from"), QStringLiteral("0"));
        query.addQueryItem(QStringLiteral("to"), QStringLiteral("253402300799999"));
    }
}

void addProject(QUrlQuery &query, const QString &name)
{
    if (!name.isEmpty())
        query.addQueryItem(QStringLiteral("project"), name);
}

// Values in a query string: QUrlQuery leaves '+' and '&' alone in values otherwise.
QString queryValue(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

QUrlQuery filterQuery(const EventFilter &filter, const QString &project)
{
    QUrlQuery query;
    addProject(query, project);
    addRange(query, filter.range);
    for (const auto &[name, value] : {std::pair{"event", &filter.name}, {"user", &filter.user}, {"os", &filter.os},
                                      {"ext", &filter.version}, {"country", &filter.country}, {"q", &filter.text}}) {
        if (!value->isEmpty())
            query.addQueryItem(QString::fromLatin1(name), queryValue(*value));
    }
    return query;
}

// An insight's range, zone and filters as the Query API takes them.
QUrlQuery insightQuery(const InsightFilter &filter, const QString &project)
{
    QUrlQuery query;
    addProject(query, project);
    addRange(query, filter.range);
    query.addQueryItem(QStringLiteral("tz"), queryValue(filter.timeZone));
    for (const auto &[name, value] : {std::pair{"os", &filter.os}, {"ext", &filter.version}, {"vscode", &filter.hostVersion},
                                      {"country", &filter.country}}) {
        if (!value->isEmpty())
            query.addQueryItem(QString::fromLatin1(name), queryValue(*value));
    }
    for (const auto &[key, value] : filter.properties)
        query.addQueryItem(queryValue(QStringLiteral("m.") + key), queryValue(value));
    return query;
}

// A scan's time per call. In process, views ask in steps of a few milliseconds, so that each step's
// rows show at once; over a network every step costs a round trip, so a remote step scans longer
// (it still ends as soon as the page is full).
constexpr int RemoteScanStepMs = 250;

void addBudget(QUrlQuery &query, const ScanBudget &budget)
{
    const int ms = budget.milliseconds > 0 ? std::clamp(budget.milliseconds, RemoteScanStepMs, 10000) : 10000;
    query.addQueryItem(QStringLiteral("budget_ms"), QString::number(ms));
}

template<typename T>
Result<QList<T>> listOf(const QJsonObject &answer, const char *name, Result<T> (*parse)(const QJsonObject &))
{
    QList<T> out;
    for (const QJsonValue &value : answer.value(QLatin1String(name)).toArray()) {
        auto item = parse(value.toObject());
        if (!item)
            return Error{item.error()};
        out.append(item.value());
    }
    return out;
}

} // namespace

QFuture<Result<OverviewData>> HttpReader::overview(qint64 projectId, const TimeRange &range)
{
    Call c{"GET", QStringLiteral("overview"), {}, {}};
    addProject(c.query, projectName(projectId));
    addRange(c.query, range);
    c.query.addQueryItem(QStringLiteral("extras"), QStringLiteral("false"));
    return call<OverviewData>(c, [](const QJsonObject &a) { return overviewFromJson(a); });
}

QFuture<Result<Series>> HttpReader::eventsPerMinute(qint64 projectId, const TimeRange &range)
{
    Call c{"GET", QStringLiteral("minutes"), {}, {}};
    addProject(c.query, projectName(projectId));
    addRange(c.query, range);
    return call<Series>(c, [](const QJsonObject &a) { return seriesFromJson(a.value(QStringLiteral("minutes"))); });
}

QFuture<Result<GeoSummary>> HttpReader::geo(qint64 projectId, const TimeRange &range)
{
    Call c{"GET", QStringLiteral("geo"), {}, {}};
    addProject(c.query, projectName(projectId));
    addRange(c.query, range);
    return call<GeoSummary>(c, [](const QJsonObject &a) { return geoFromJson(a); });
}

QFuture<Result<EventPage>> HttpReader::eventPage(const EventFilter &filter, const EventCursor &after, int limit,
                                                 const ScanBudget &budget)
{
    Call c{"GET", QStringLiteral("events"), filterQuery(filter, projectName(filter.projectId)), {}};
    if (after != EventCursor{})
        c.query.addQueryItem(QStringLiteral("before"), cursorToText(after));
    c.query.addQueryItem(QStringLiteral("limit"), QString::number(std::clamp(limit, 1, 1000)));
    addBudget(c.query, budget);
    return call<EventPage>(c, [](const QJsonObject &a) { return eventPageFromJson(a); });
}

QFuture<Result<EventTail>> HttpReader::eventsStoredAfter(const EventFilter &filter, qint64 afterId, int limit,
                                                         const ScanBudget &budget)
{
    Call c{"GET", QStringLiteral("events/tail"), filterQuery(filter, projectName(filter.projectId)), {}};
    c.query.addQueryItem(QStringLiteral("after_id"), QString::number(std::max<qint64>(0, afterId)));
    c.query.addQueryItem(QStringLiteral("limit"), QString::number(std::clamp(limit, 1, 1000)));
    addBudget(c.query, budget);
    return call<EventTail>(c, [](const QJsonObject &a) { return eventTailFromJson(a); });
}

QFuture<Result<qint64>> HttpReader::exportCsv(const EventFilter &filter, const QString &filePath,
                                              const CsvExportOptions &options)
{
    QUrlQuery query = filterQuery(filter, projectName(filter.projectId));
    query.addQueryItem(QStringLiteral("bom"), options.byteOrderMark ? QStringLiteral("true") : QStringLiteral("false"));
    auto promise = std::make_shared<QPromise<Result<qint64>>>();
    promise->start();
    QFuture<Result<qint64>> future = promise->future();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, query, filePath, options, promise] {
        worker->download(query, filePath, options, [promise](const Result<qint64> &rows) {
            promise->addResult(rows);
            promise->finish();
        });
    });
    return future;
}

QFuture<Result<EventCount>> HttpReader::countEvents(const EventFilter &filter, qint64 throughId, const EventCursor &after,
                                                    const ScanBudget &budget)
{
    Call c{"GET", QStringLiteral("events/count"), filterQuery(filter, projectName(filter.projectId)), {}};
    c.query.addQueryItem(QStringLiteral("through_id"), QString::number(std::max<qint64>(0, throughId)));
    if (after != EventCursor{})
        c.query.addQueryItem(QStringLiteral("before"), cursorToText(after));
    addBudget(c.query, budget);
    return call<EventCount>(c, [](const QJsonObject &a) { return eventCountFromJson(a); });
}

QFuture<Result<QStringList>> HttpReader::suggestValues(qint64 projectId, const TimeRange &range, EventField field,
                                                       const QString &prefix, int limit)
{
    static const char *const Fields[] = {"event", "os", "ext", "vscode", "country"};
    Call c{"GET", QStringLiteral("values"), {}, {}};
    addProject(c.query, projectName(projectId));
    addRange(c.query, range);
    c.query.addQueryItem(QStringLiteral("field"), QString::fromLatin1(Fields[int(field)]));
    if (!prefix.isEmpty())
        c.query.addQueryItem(QStringLiteral("prefix"), queryValue(prefix.left(200)));
    c.query.addQueryItem(QStringLiteral("limit"), QString::number(std::clamp(limit, 1, 100)));
    return call<QStringList>(c, [](const QJsonObject &a) -> Result<QStringList> {
        QStringList values;
        for (const QJsonValue &v : a.value(QStringLiteral("values")).toArray())
            values.append(v.toString());
        return values;
    });
}

QFuture<Result<TrendResult>> HttpReader::trend(const TrendQuery &query)
{
    Call c{"GET", QStringLiteral("trends"), insightQuery(query.filter, projectName(query.filter.projectId)), {}};
    c.query.addQueryItem(QStringLiteral("interval"), intervalName(query.interval));
    c.query.addQueryItem(QStringLiteral("metric"), trendMetricName(query.metric));
    if (!query.event.isEmpty())
        c.query.addQueryItem(QStringLiteral("event"), queryValue(query.event));
    if (query.metric != TrendMetric::Count && query.metric != TrendMetric::Users)
        c.query.addQueryItem(QStringLiteral("property"), queryValue(QStringLiteral("m.") + query.property));
    if (!query.breakdown.isEmpty())
        c.query.addQueryItem(QStringLiteral("breakdown"), queryValue(query.breakdown));
    if (query.comparePrevious)
        c.query.addQueryItem(QStringLiteral("compare"), QStringLiteral("previous"));
    return call<TrendResult>(c, [](const QJsonObject &a) { return trendFromJson(a); });
}

QFuture<Result<ActiveUsersResult>> HttpReader::activeUsers(const InsightFilter &filter)
{
    return call<ActiveUsersResult>(Call{"GET", QStringLiteral("active-users"), insightQuery(filter, projectName(filter.projectId)), {}},
                                   [](const QJsonObject &a) { return activeUsersFromJson(a); });
}

QFuture<Result<SessionsResult>> HttpReader::sessions(const SessionsQuery &query)
{
    Call c{"GET", QStringLiteral("sessions"), insightQuery(query.filter, projectName(query.filter.projectId)), {}};
    c.query.addQueryItem(QStringLiteral("interval"), intervalName(query.interval));
    return call<SessionsResult>(c, [](const QJsonObject &a) { return sessionsFromJson(a); });
}

QFuture<Result<RetentionResult>> HttpReader::retention(const RetentionQuery &query)
{
    Call c{"GET", QStringLiteral("retention"), insightQuery(query.filter, projectName(query.filter.projectId)), {}};
    c.query.addQueryItem(QStringLiteral("window"), intervalName(query.window));
    c.query.addQueryItem(QStringLiteral("windows"), QString::number(query.windows));
    if (!query.event.isEmpty())
        c.query.addQueryItem(QStringLiteral("event"), queryValue(query.event));
    if (!query.returnEvent.isEmpty())
        c.query.addQueryItem(QStringLiteral("return_event"), queryValue(query.returnEvent));
    return call<RetentionResult>(c, [](const QJsonObject &a) { return retentionFromJson(a); });
}

namespace {

// A funnel as the body of POST funnels and funnels/users.
QJsonObject funnelBody(const FunnelQuery &query)
{
    const InsightFilter &f = query.filter;
    QJsonObject body{{QStringLiteral("steps"), QJsonArray::fromStringList(query.steps)},
                     {QStringLiteral("window_seconds"), double(std::max<qint64>(1, query.windowMs / 1000))},
                     {QStringLiteral("strict"), query.strict},
                     {QStringLiteral("from"), double(f.range.fromMs)},
                     {QStringLiteral("to"), double(f.range.toMs)},
                     {QStringLiteral("tz"), f.timeZone}};
    for (const auto &[name, value] : {std::pair{"breakdown", &query.breakdown}, {"os", &f.os}, {"ext", &f.version},
                                      {"vscode", &f.hostVersion}, {"country", &f.country}}) {
        if (!value->isEmpty())
            body.insert(QLatin1String(name), *value);
    }
    QJsonObject properties;
    for (const auto &[key, value] : f.properties)
        properties.insert(key, value);
    if (!properties.isEmpty())
        body.insert(QStringLiteral("properties"), properties);
    return body;
}

} // namespace

QFuture<Result<FunnelResult>> HttpReader::funnel(const FunnelQuery &query)
{
    QUrlQuery project;
    addProject(project, projectName(query.filter.projectId));
    return call<FunnelResult>(Call{"POST", QStringLiteral("funnels"), project, funnelBody(query)},
                              [](const QJsonObject &a) { return funnelFromJson(a); });
}

QFuture<Result<FunnelUsers>> HttpReader::funnelUsers(const FunnelQuery &query, int step)
{
    QUrlQuery project;
    addProject(project, projectName(query.filter.projectId));
    project.addQueryItem(QStringLiteral("step"), QString::number(step));
    return call<FunnelUsers>(Call{"POST", QStringLiteral("funnels/users"), project, funnelBody(query)},
                             [](const QJsonObject &a) { return funnelUsersFromJson(a); });
}

QFuture<Result<PropertiesResult>> HttpReader::properties(qint64 projectId, const TimeRange &range, const QString &event)
{
    Call c{"GET", QStringLiteral("properties"), {}, {}};
    addProject(c.query, projectName(projectId));
    addRange(c.query, range);
    if (!event.isEmpty())
        c.query.addQueryItem(QStringLiteral("event"), queryValue(event));
    return call<PropertiesResult>(c, [](const QJsonObject &a) { return propertiesFromJson(a); });
}

QFuture<Result<StoreInfo>> HttpReader::storeInfo()
{
    return call<StoreInfo>(Call{"GET", QStringLiteral("store"), {}, {}}, [](const QJsonObject &a) { return storeInfoFromJson(a); });
}

QFuture<Result<CollectorStatus>> HttpReader::collectorStatus()
{
    // Asked every second: a collector that has not answered in 3 s is shown as not answering.
    return call<CollectorStatus>(Call{"GET", QStringLiteral("status"), {}, {}, 3000},
                                 [](const QJsonObject &a) { return collectorStatusFromJson(a); });
}

QFuture<Result<QList<Project>>> HttpReader::projects()
{
    return call<QList<Project>>(Call{"GET", QStringLiteral("projects"), {}, {}}, [this](const QJsonObject &a) {
        auto projects = listOf<Project>(a, "projects", projectFromJson);
        if (projects) {
            QMutexLocker lock(&m_namesMutex);
            for (const Project &p : projects.value())
                m_projectNames.insert(p.id, p.name);
        }
        return projects;
    });
}

QFuture<Result<QList<KeyInfo>>> HttpReader::keys(const QString &projectName)
{
    const QString path = projectName.isEmpty() ? QStringLiteral("keys") : QStringLiteral("projects/%1/keys").arg(queryValue(projectName));
    return call<QList<KeyInfo>>(Call{"GET", path, {}, {}}, [](const QJsonObject &a) { return listOf<KeyInfo>(a, "keys", keyFromJson); });
}

QFuture<Result<Project>> HttpReader::createProject(const QString &name)
{
    return call<Project>(Call{"POST", QStringLiteral("projects"), {}, {{QStringLiteral("name"), name}}},
                         [](const QJsonObject &a) { return projectFromJson(a.value(QStringLiteral("project")).toObject()); });
}

QFuture<Result<void>> HttpReader::renameProject(const QString &from, const QString &to)
{
    return call<void>(Call{"PATCH", QStringLiteral("projects/") + queryValue(from), {}, {{QStringLiteral("name"), to}}},
                      [](const QJsonObject &) { return Result<void>(); });
}

QFuture<Result<void>> HttpReader::deleteProject(const QString &name)
{
    return call<void>(Call{"DELETE", QStringLiteral("projects/") + queryValue(name), {}, {}}, [](const QJsonObject &) { return Result<void>(); });
}

QFuture<Result<void>> HttpReader::updateProject(const Project &project)
{
    const QJsonObject settings{{QStringLiteral("rate_limit"), project.rateLimit},
                               {QStringLiteral("retention_days"), project.retentionDays},
                               {QStringLiteral("sample_rate"), project.sampleRate},
                               {QStringLiteral("allowed_origins"), project.allowedOrigins},
                               {QStringLiteral("require_key"), project.requireKey}};
    return call<void>(Call{"PATCH", QStringLiteral("projects/") + queryValue(project.name), {}, settings},
                      [](const QJsonObject &) { return Result<void>(); });
}

QFuture<Result<QString>> HttpReader::createKey(const QString &projectName, KeyKind kind, const QString &label)
{
    // Admin keys belong to no project; the path still names one, the default.
    const QString project = projectName.isEmpty() ? QStringLiteral("default") : projectName;
    return call<QString>(Call{"POST", QStringLiteral("projects/%1/keys").arg(queryValue(project)), {},
                              {{QStringLiteral("kind"), keyKindName(kind)}, {QStringLiteral("label"), label}}},
                         [](const QJsonObject &a) -> Result<QString> {
                             const QString key = a.value(QStringLiteral("key")).toString();
                             if (key.isEmpty())
                                 return Error{Remote::tr("The collector's answer holds no key.")};
                             return key;
                         });
}

QFuture<Result<KeyInfo>> HttpReader::revokeKey(const QString &prefix)
{
    return call<KeyInfo>(Call{"DELETE", QStringLiteral("keys/") + queryValue(prefix), {}, {}},
                         [](const QJsonObject &a) { return keyFromJson(a.value(QStringLiteral("key")).toObject()); });
}

QFuture<Result<KeyInfo>> HttpReader::setKeyLabel(const QString &prefix, const QString &label)
{
    return call<KeyInfo>(Call{"PATCH", QStringLiteral("keys/") + queryValue(prefix), {}, {{QStringLiteral("label"), label}}},
                         [](const QJsonObject &a) { return keyFromJson(a.value(QStringLiteral("key")).toObject()); });
}

} // namespace tdesk
