#include "server/collectorserver.h"
#include "server/gunzip.h"

#include "auth/apikey.h"
#include "core/json.h"
#include "geo/geoip.h"
#include "protocol/jwcparser.h"
#include "query/inprocessreader.h"
#include "server/enrichment.h"
#include "server/minigemstats.h"
#include "server/queryapi.h"
#include "storage/readconnection.h"

#include <QAbstractEventDispatcher>
#include <QDateTime>
#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThreadPool>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

Q_LOGGING_CATEGORY(lcHttp, "tdesk.http", QtWarningMsg)

namespace tdesk {
namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

HttpResponse unavailable()
{
    return HttpResponse::error(503, "unavailable").withHeader("Retry-After", "1");
}

HttpResponse badParam(const char *name)
{
    return HttpResponse::json(400, QByteArray("{\"ok\":false,\"error\":\"bad_param\",\"param\":\"") + name + "\"}");
}

QHostAddress unmapped(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

// Where /stats and /debug/* read: the replica the configuration names (Collector::start checked
// it), else the database written to.
DatabaseUrl readDatabaseOf(const CollectorConfig &config, const DatabaseUrl &written)
{
    const auto replica = parseDatabaseUrl(config.readDatabaseUrl);
    return !config.readDatabaseUrl.isEmpty() && replica ? replica.value() : written;
}

} // namespace

// The certificate chain (PEM, the server's first) and its private key (PEM or DER; RSA or EC),
// each checked, for --tls-cert and --tls-key.
Result<QSslConfiguration> loadTlsConfiguration(const QString &certFile, const QString &keyFile)
{
    if (!QSslSocket::supportsSsl())
        return Error{QStringLiteral("TLS is not available: this build of Qt found no TLS library (OpenSSL)")};
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certFile, QSsl::Pem);
    if (chain.isEmpty())
        return Error{QStringLiteral("--tls-cert %1: no PEM certificate in it (or it cannot be read)").arg(certFile)};
    if (chain.front().expiryDate() < QDateTime::currentDateTimeUtc())
        qCWarning(lcHttp, "the TLS certificate %s expired on %s: clients will refuse it", qPrintable(certFile),
                  qPrintable(chain.front().expiryDate().toString(Qt::ISODate)));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("--tls-key %1: %2").arg(keyFile, file.errorString())};
    const QByteArray keyBytes = file.readAll();
    QSslKey key;
    for (const auto algorithm : {QSsl::Rsa, QSsl::Ec}) {
        for (const auto format : {QSsl::Pem, QSsl::Der}) {
            if (key.isNull())
                key = QSslKey(keyBytes, algorithm, format);
        }
    }
    if (key.isNull())
        return Error{QStringLiteral("--tls-key %1: not an unencrypted PEM or DER private key (RSA or EC)").arg(keyFile)};
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with keys, not certificates
    return configuration;
}

CollectorServer::CollectorServer(const CollectorConfig &config, EventStore *store, Catalog *catalog, const GeoIp *geo,
                                 const DatabaseUrl &databaseUrl, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_config(config)
    , m_store(store)
    , m_catalog(catalog)
    , m_geo(geo)
    , m_databaseUrl(databaseUrl)
    , m_readUrl(readDatabaseOf(config, databaseUrl))
    , m_salt(config.yearlySalt.isEmpty() ? store->userHashSalt() : config.yearlySalt)
{
    connect(store, &EventStore::committed, this, &CollectorServer::onCommitted);
    // When the event loop is about to sleep, every request it could read has been handed to the
    // writer: that is the moment to commit them together (group commit without a fixed delay).
    connect(QAbstractEventDispatcher::instance(), &QAbstractEventDispatcher::aboutToBlock, this, [this] {
        if (std::exchange(m_submittedSinceBlock, false))
            m_store->commitSoon();
    });
    m_readPool.setMaxThreadCount(2);
    m_readPool.setExpiryTimeout(-1); // keep threads, and with them their read connections
    m_keyUsePool.setMaxThreadCount(1); // one write at a time, in order
    m_housekeeping.setInterval(2000);
    connect(&m_housekeeping, &QTimer::timeout, this, [this] {
        // Revocations and project changes made by `telemetry-collector …` in another process apply
        // within 2 s; new keys apply at once (findKey).
        if (auto reloaded = reloadAccess(); !reloaded)
            qCWarning(lcHttp, "cannot reload projects and keys: %s", qPrintable(reloaded.error()));
        m_rateLimiter.prune(nowMs());
        writeKeyUse();
        probeReadDatabase();
    });
    m_housekeeping.start();

    m_reader = std::make_unique<InProcessReader>(m_databaseUrl, InProcessReader::StatusSource{}, m_readUrl);
    QueryApi::Hooks hooks;
    hooks.findKey = [this](const QByteArray &hash) { return findKey(hash); };
    hooks.access = [this]() -> const AccessTable & { return m_access; };
    hooks.status = [this] { return m_status ? m_status() : CollectorStatus{}; };
    hooks.accessChanged = [this] {
        if (auto reloaded = reloadAccess(); !reloaded)
            qCWarning(lcHttp, "cannot reload projects and keys: %s", qPrintable(reloaded.error()));
    };
    m_api = new QueryApi(m_reader.get(), std::move(hooks), config.allowInsecureKeys, this);
}

CollectorServer::~CollectorServer()
{
    m_api->cancelStreams();
    m_reader.reset(); // every read ends, its answer going nowhere (the API's continuations need it alive till then)
    delete m_api;
    m_readPool.waitForDone();
    m_keyUsePool.waitForDone();
    // The last counts, here: the writer has stopped (Collector::shutdown), nothing waits for the lock.
    if (auto written = m_catalog->addKeyUse(m_keyUse); !written)
        qCWarning(lcHttp, "cannot record the keys' use: %s", qPrintable(written.error()));
}

void CollectorServer::probeReadDatabase()
{
    if (m_config.readDatabaseUrl.isEmpty() || std::exchange(m_probingReadDb, true))
        return;
    QtConcurrent::run(&m_readPool, [url = m_readUrl] {
        QSqlDatabase db = readConnection(url);
        auto delay = replicaDelayMs(db);
        if (!delay && reopenIfBroken(db))
            delay = replicaDelayMs(db);
        return delay;
    }).then(this, [this](const Result<qint64> &delay) {
        m_probingReadDb = false;
        if (!delay && m_readBehindMs)
            qCWarning(lcHttp, "the read database does not answer: %s", qPrintable(delay.error()));
        m_readBehindMs = delay ? std::optional<qint64>(delay.value()) : std::nullopt;
    });
}

void CollectorServer::writeKeyUse()
{
    if (m_keyUse.isEmpty() || m_writingKeyUse)
        return;
    m_writingKeyUse = true;
    QtConcurrent::run(&m_keyUsePool, [url = m_databaseUrl, use = std::exchange(m_keyUse, {})]() -> QHash<qint64, KeyUse> {
        auto catalog = Catalog::open(url);
        const auto written = catalog ? catalog->addKeyUse(use) : Result<void>(Error{catalog.error()});
        if (written)
            return {};
        qCWarning(lcHttp, "cannot record the keys' use, will try again: %s", qPrintable(written.error()));
        return use;
    }).then(this, [this](const QHash<qint64, KeyUse> &unwritten) {
        m_writingKeyUse = false;
        for (auto it = unwritten.cbegin(); it != unwritten.cend(); ++it) {
            KeyUse &use = m_keyUse[it.key()];
            use.events += it->events;
            use.lastUsedMs = std::max(use.lastUsedMs, it->lastUsedMs);
        }
    });
}

Result<quint16> CollectorServer::start()
{
    if (auto loaded = reloadAccess(); !loaded)
        return Error{loaded.error()};
    ConnectionLimits limits;
    limits.maxBody = m_config.maxBody;
    limits.maxConnections = m_config.maxConnections;
    limits.headerTimeoutMs = m_config.headerTimeoutMs;
    limits.requestTimeoutMs = m_config.requestTimeoutMs;
    limits.idleTimeoutMs = m_config.idleTimeoutMs;
    std::optional<QSslConfiguration> tls;
    if (!m_config.tlsCertFile.isEmpty()) {
        auto loaded = loadTlsConfiguration(m_config.tlsCertFile, m_config.tlsKeyFile);
        if (!loaded)
            return Error{loaded.error()};
        tls = loaded.value();
    }
    const auto listen = [&](const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &with) -> Result<quint16> {
        auto *listener = new GuardedTcpServer(limits, with, this);
        // Qt's default backlog of 50 drops connection bursts, and a dropped SYN costs the client a 1 s retry.
        listener->setListenBacklogSize(1024);
        if (!listener->listen(address, port)) {
            const QString message = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(listener->errorString());
            delete listener;
            return Error{message};
        }
        bind(listener);
        return listener->serverPort();
    };
    const auto port = listen(m_config.listenAddress, m_config.listenPort, tls);
    if (!port)
        return port;
    if (tls)
        m_tlsPort = port.value();
    if (m_config.httpListen) {
        const auto plain = listen(m_config.httpListen->first, m_config.httpListen->second, std::nullopt);
        if (!plain)
            return plain;
        m_plainPort = plain.value();
    }
    return port;
}

void CollectorServer::stopAccepting()
{
    m_accepting = false;
    for (QTcpServer *listener : servers())
        listener->close();
}

Result<void> CollectorServer::reloadAccess()
{
    const auto projects = m_catalog->projects();
    if (!projects)
        return Error{projects.error()};
    const auto keys = m_catalog->keys();
    if (!keys)
        return Error{keys.error()};
    AccessTable table;
    for (const Project &p : projects.value()) {
        table.projects.insert(p.id, p);
        table.projectIds.insert(p.name, p.id);
        if (p.name == defaultProjectName())
            table.defaultProjectId = p.id;
    }
    for (const KeyInfo &k : keys.value())
        table.keysByHash.insert(k.hash, k);
    m_access = std::move(table);
    m_unknownKeys.clear(); // the negative cache lives one reload interval
    return {};
}

const KeyInfo *CollectorServer::findKey(const QByteArray &keyHash)
{
    if (const auto it = m_access.keysByHash.constFind(keyHash); it != m_access.keysByHash.cend())
        return &*it;
    // Not in the table: perhaps created since the last reload. One indexed lookup by hash (api_keys.hash
    // is unique); a miss is remembered until the next reload, and at most MaxUnknownKeys misses are
    // looked up per reload interval, so a flood of bad keys costs the database little.
    constexpr qsizetype MaxUnknownKeys = 1024;
    if (m_unknownKeys.contains(keyHash) || m_unknownKeys.size() >= MaxUnknownKeys)
        return nullptr;
    const auto found = m_catalog->keyByHash(keyHash);
    if (!found) {
        qCWarning(lcHttp, "cannot look up a key: %s", qPrintable(found.error()));
        return nullptr;
    }
    if (!found.value()) {
        m_unknownKeys.insert(keyHash);
        return nullptr;
    }
    const KeyInfo &key = *found.value();
    if (key.projectId != 0 && !m_access.projects.contains(key.projectId)) {
        // A key of a project made since the last reload: take both from the catalog now.
        if (auto reloaded = reloadAccess(); !reloaded)
            qCWarning(lcHttp, "cannot reload projects and keys: %s", qPrintable(reloaded.error()));
        const auto it = m_access.keysByHash.constFind(keyHash);
        return it == m_access.keysByHash.cend() ? nullptr : &*it;
    }
    return &*m_access.keysByHash.insert(keyHash, key);
}

bool CollectorServer::handleRequest(const QHttpServerRequest &request,
#if TDESK_QT_HTTP_RESPONDER_API
                                    QHttpServerResponder &responder)
#else
                                    QTcpSocket *socket)
#endif
{
    QElapsedTimer started;
    started.start();
    ReplyTo reply = TDESK_MAKE_REPLY_TO();
    bool deferred = false;
    const HttpResponse response = route(request, reply, started, &deferred);
    if (!deferred)
        finish(reply, response, started);
    return true;
}

void CollectorServer::missingHandler([[maybe_unused]] const QHttpServerRequest &request,
#if TDESK_QT_HTTP_RESPONDER_API
                                     QHttpServerResponder &&responder)
#else
                                     QTcpSocket *socket)
#endif
{
    ReplyTo reply = TDESK_MAKE_REPLY_TO();
    reply.send(HttpResponse::error(404, "not_found"));
}

HttpResponse CollectorServer::route(const QHttpServerRequest &request, ReplyTo &reply, const QElapsedTimer &started,
                                    bool *deferred)
{
    ++m_metrics.requests;
    const QString path = request.url().path();
    const auto method = request.method();
    const bool get = method == QHttpServerRequest::Method::Get || method == QHttpServerRequest::Method::Head;
    if (path == QLatin1String("/t")) {
        if (method == QHttpServerRequest::Method::Post)
            return ingest(request, reply, started, deferred);
        if (method == QHttpServerRequest::Method::Options)
            return preflight(request);
        return HttpResponse::error(405, "method_not_allowed").withHeader("Allow", "POST, OPTIONS");
    }
    if (QueryApi::handles(path)) {
        // Behind a trusted proxy that took the TLS connection, X-Forwarded-Proto says so.
        const QHostAddress peer = unmapped(request.remoteAddress());
        const bool viaTlsProxy = request.value("x-forwarded-proto").toLower() == "https"
            && std::any_of(m_config.trustedProxies.begin(), m_config.trustedProxies.end(),
                           [&peer](const auto &subnet) { return peer.isInSubnet(subnet); });
        const bool overTls = m_tlsPort != 0 && reply.localPort() == m_tlsPort;
        return m_api->handle(request, peer, overTls || viaTlsProxy, reply,
                             [this, started](ReplyTo &to, const HttpResponse &response) { finish(to, response, started); },
                             deferred);
    }
    const bool known = path == QLatin1String("/health") || path == QLatin1String("/dbhealth")
        || path == QLatin1String("/metrics") || path == QLatin1String("/stats")
        || path == QLatin1String("/debug/recent") || path == QLatin1String("/debug/counts");
    if (!known)
        return HttpResponse::error(404, "not_found");
    if (!get)
        return HttpResponse::error(405, "method_not_allowed").withHeader("Allow", "GET, HEAD");
    if (path == QLatin1String("/health"))
        return HttpResponse::json(200, "{\"ok\":true,\"ts\":" + QByteArray::number(nowMs()) + '}');
    if (path == QLatin1String("/dbhealth"))
        return dbHealth(request);
    if (path == QLatin1String("/metrics")) {
        HttpResponse r{200, "text/plain; version=0.0.4",
                       m_metrics.render(m_store->stats(), ConnectionGuard::openConnections()), {}};
        return r;
    }
    return readQuery(request, reply, started, deferred);
}

QHostAddress CollectorServer::clientAddress(const QHttpServerRequest &request) const
{
    const QHostAddress peer = unmapped(request.remoteAddress());
    const auto trusted = [this](const QHostAddress &a) {
        return std::any_of(m_config.trustedProxies.begin(), m_config.trustedProxies.end(),
                           [&a](const auto &subnet) { return a.isInSubnet(subnet); });
    };
    if (!trusted(peer))
        return peer; // forwarding headers from anyone else are ignored: they are trivially spoofed
    // The right-most address that is not one of our proxies is the client.
    const QList<QByteArray> hops = request.value("x-forwarded-for").split(',');
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        QHostAddress hop;
        if (hop.setAddress(QString::fromLatin1(it->trimmed())) && !trusted(unmapped(hop)))
            return unmapped(hop);
    }
    for (const char *header : {"x-real-ip", "cf-connecting-ip"}) {
        QHostAddress a;
        if (a.setAddress(QString::fromLatin1(request.value(header).trimmed())))
            return unmapped(a);
    }
    return peer;
}

QList<QPair<QByteArray, QByteArray>> CollectorServer::corsHeaders(const Project &project, const QByteArray &origin) const
{
    const QString allowed = project.allowedOrigins.trimmed();
    if (allowed.isEmpty() || allowed == QLatin1String("*"))
        return {{"Access-Control-Allow-Origin", "*"}};
    const QStringList origins = allowed.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    if (!origin.isEmpty() && origins.contains(QString::fromUtf8(origin)))
        return {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}};
    return {{"Vary", "Origin"}};
}

HttpResponse CollectorServer::preflight(const QHttpServerRequest &request)
{
    qint64 projectId = m_access.defaultProjectId;
    const QByteArray key = QUrlQuery(request.url()).queryItemValue(QStringLiteral("key")).toUtf8();
    if (const KeyInfo *found = key.isEmpty() ? nullptr : findKey(hashApiKey(key)))
        projectId = found->projectId;
    HttpResponse r{204, {}, {}, corsHeaders(m_access.projects.value(projectId), request.value("origin"))};
    return std::move(r)
        .withHeader("Access-Control-Allow-Methods", "POST, OPTIONS")
        .withHeader("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, Authorization, X-Api-Key")
        .withHeader("Access-Control-Max-Age", "86400");
}

CollectorServer::IngestHeaders CollectorServer::ingestHeaders(const QHttpServerRequest &request)
{
    // One pass: QHttpServerRequest::value() scans every header and joins the matches on each call.
    IngestHeaders found;
    const std::pair<const char *, QByteArray *> wanted[] = {
        {"content-type", &found.contentType},         {"authorization", &found.authorization},
        {"x-api-key", &found.apiKey},                 {"origin", &found.origin},
        {"content-encoding", &found.contentEncoding}, {"cf-ipcountry", &found.cfIpCountry}};
    for (const auto &[name, value] : request.headers()) {
        for (const auto &[wantedName, target] : wanted) {
            if (name.compare(wantedName, Qt::CaseInsensitive) == 0) {
                if (!target->isEmpty())
                    *target += ", "; // repeated headers combine, as in value()
                *target += value;
                break;
            }
        }
    }
    return found;
}

HttpResponse CollectorServer::ingest(const QHttpServerRequest &request, ReplyTo &reply, const QElapsedTimer &started,
                                     bool *deferred)
{
    if (!m_accepting)
        return unavailable();

    const IngestHeaders headers = ingestHeaders(request);
    QByteArray mediaType = headers.contentType.toLower();
    if (const qsizetype semicolon = mediaType.indexOf(';'); semicolon >= 0)
        mediaType.truncate(semicolon);
    mediaType = mediaType.trimmed();
    if (mediaType != "application/json" && mediaType != "text/plain") // text/plain: navigator.sendBeacon
        return HttpResponse::error(415, "unsupported_media_type");

    // The key selects the project; no key means the default project.
    QByteArray key;
    if (headers.authorization.size() > 7 && headers.authorization.left(7).toLower() == "bearer ")
        key = headers.authorization.mid(7).trimmed();
    else if (!headers.apiKey.isEmpty())
        key = headers.apiKey.trimmed();
    else if (request.url().hasQuery())
        key = QUrlQuery(request.url()).queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded).toUtf8();
    const QByteArray keyHash = key.isEmpty() ? QByteArray() : hashApiKey(key);
    qint64 projectId = m_access.defaultProjectId;
    qint64 keyId = 0;
    if (!key.isEmpty()) {
        const KeyInfo *found = findKey(keyHash);
        if (!found || found->revokedMs != 0)
            return HttpResponse::error(401, "invalid_key");
        if (found->kind != KeyKind::Public)
            return HttpResponse::error(403, "not_an_ingest_key");
        projectId = found->projectId;
        keyId = found->id;
    }
    const auto projectIt = m_access.projects.constFind(projectId);
    if (projectIt == m_access.projects.cend())
        return HttpResponse::error(401, "invalid_key"); // the key's project was just deleted
    const Project &project = *projectIt;
    if (key.isEmpty() && (m_config.requireKey || project.requireKey))
        return HttpResponse::error(401, "key_required");
    auto cors = corsHeaders(project, headers.origin);

    const QHostAddress client = clientAddress(request);
    const qint64 now = nowMs();
    if (keyId)
        m_keyUse[keyId].lastUsedMs = now; // used, even if the request is refused below
    const int limit = project.rateLimit > 0 ? project.rateLimit : m_config.rateLimitMax;
    if (limit > 0) {
        RateLimiter::Decision decision = m_rateLimiter.take("a:" + client.toString().toLatin1(), limit,
                                                            m_config.rateLimitWindowMs, now);
        if (decision.allowed && !keyHash.isEmpty())
            decision = m_rateLimiter.take("k:" + keyHash, limit, m_config.rateLimitWindowMs, now);
        const QByteArray resetSeconds = QByteArray::number((decision.resetMs - now + 999) / 1000);
        cors.append({"X-RateLimit-Limit", QByteArray::number(decision.limit)});
        cors.append({"X-RateLimit-Remaining", QByteArray::number(decision.remaining)});
        cors.append({"X-RateLimit-Reset", resetSeconds});
        if (!decision.allowed) {
            ++m_metrics.rateLimited;
            HttpResponse r = HttpResponse::json(
                429, "{\"ok\":false,\"error\":\"rate_limited\",\"retry_after\":" + resetSeconds + '}');
            r.headers = cors;
            r.headers.append({"Retry-After", resetSeconds});
            return r;
        }
    }

    QByteArray body = request.body();
    const QByteArray encoding = headers.contentEncoding.trimmed().toLower();
    if (encoding == "gzip") {
        QByteArray inflated;
        switch (gunzip(body, m_config.maxBody, &inflated)) {
        case Inflate::TooLarge: return HttpResponse::error(413, "payload_too_large");
        case Inflate::Corrupt: return HttpResponse::error(400, "bad_encoding");
        case Inflate::Ok: body = std::move(inflated); break;
        }
    } else if (!encoding.isEmpty() && encoding != "identity") {
        return HttpResponse::error(415, "unsupported_encoding");
    }
    if (body.size() > m_config.maxBody)
        return HttpResponse::error(413, "payload_too_large");

    ParsedRequest parsed = parseJwcRequest(body, ParserLimits{m_config.maxBatch, now});
    switch (parsed.error) {
    case RequestError::BadJson: return HttpResponse::error(400, "bad_json");
    case RequestError::SchemaUnsupported:
        return HttpResponse::json(400, "{\"ok\":false,\"error\":\"schema_unsupported\",\"expected\":\"jwc.v1\"}");
    case RequestError::BatchTooLarge: return HttpResponse::error(413, "batch_too_large");
    case RequestError::None: break;
    }

    // Enrich: project, pseudonymous user, place. The raw anon and the address go no further.
    GeoLocation place = m_geo ? m_geo->lookup(client) : GeoLocation{};
    if (place.country.isEmpty() && client != unmapped(request.remoteAddress()))
        place.country = headers.cfIpCountry.left(2).toUpper(); // from a trusted proxy only
    const int received = int(parsed.events.size() + parsed.skipped.size());
    EnrichedEvents enriched = enrichEvents(std::move(parsed.events), parsed.eventIndexes, project, m_salt, place, now);
    std::vector<Event> &events = enriched.kept;
    for (const int index : enriched.sampledOut)
        parsed.skipped.push_back({index, "sampled_out"});
    std::stable_sort(parsed.skipped.begin(), parsed.skipped.end(),
                     [](const SkippedItem &a, const SkippedItem &b) { return a.index < b.index; });
    m_metrics.eventsReceived += quint64(received);
    m_metrics.batchEvents.observe(received);
    for (const SkippedItem &s : parsed.skipped)
        ++m_metrics.skippedByReason[s.reason];

    if (events.empty()) {
        HttpResponse r = HttpResponse::json(200, ingestAnswer(0, 0, parsed.skipped));
        r.headers = cors;
        return r;
    }
    const quint64 ticket = m_nextTicket++;
    if (!m_store->submit(ticket, std::move(events))) {
        HttpResponse r = unavailable();
        r.headers += cors;
        return r;
    }
    m_submittedSinceBlock = true;
    m_pending.insert(ticket, PendingIngest{reply, std::move(cors), std::move(parsed.skipped), started, received, keyId});
    *deferred = true;
    return {};
}

QByteArray CollectorServer::ingestAnswer(int accepted, int duplicates, const std::vector<SkippedItem> &skipped) const
{
    QByteArray out;
    out.reserve(96 + qsizetype(std::min<size_t>(skipped.size(), 100)) * 32);
    out += "{\"ok\":true,\"accepted\":" + QByteArray::number(accepted) + ",\"skipped\":"
        + QByteArray::number(qsizetype(skipped.size())) + ",\"duplicates\":" + QByteArray::number(duplicates)
        + ",\"errors\":[";
    for (size_t i = 0; i < skipped.size() && i < 100; ++i) {
        if (i)
            out += ',';
        out += "{\"i\":" + QByteArray::number(skipped[i].index) + ",\"reason\":\"" + skipped[i].reason + "\"}";
    }
    out += "]}";
    return out;
}

void CollectorServer::onCommitted(const QList<IngestOutcome> &outcomes)
{
    for (const IngestOutcome &outcome : outcomes) {
        auto it = m_pending.find(outcome.ticket);
        if (it == m_pending.end())
            continue;
        PendingIngest pending = std::move(*it);
        m_pending.erase(it);
        m_metrics.commitSeconds.observe(double(pending.started.nsecsElapsed()) / 1e9);
        HttpResponse response = outcome.committed
            ? HttpResponse::json(200, ingestAnswer(outcome.accepted, outcome.duplicates, pending.skipped))
            : unavailable();
        response.headers += pending.corsHeaders;
        if (outcome.committed) {
            m_metrics.eventsAccepted += quint64(outcome.accepted);
            m_metrics.duplicates += quint64(outcome.duplicates);
            if (pending.keyId && outcome.accepted)
                m_keyUse[pending.keyId].events += outcome.accepted;
        }
        finish(pending.reply, response, pending.started);
    }
}

void CollectorServer::finish(ReplyTo &reply, const HttpResponse &response, const QElapsedTimer &started)
{
    ++m_metrics.responsesByStatus[response.status];
    if (response.status == 503)
        ++m_metrics.unavailable;
    m_metrics.requestSeconds.observe(double(started.nsecsElapsed()) / 1e9);
    reply.send(response); // a connection that has gone is skipped
}

bool CollectorServer::statsKeyMatches(const QHttpServerRequest &request) const
{
    QByteArray given = request.value("x-stats-key");
    if (given.isEmpty())
        given = QUrlQuery(request.url()).queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded).toUtf8();
    // Equal-length digests, compared in constant time: the secret's length leaks nothing either.
    return constantTimeEquals(hashApiKey(given), hashApiKey(m_config.statsSecret));
}

HttpResponse CollectorServer::dbHealth(const QHttpServerRequest &request)
{
    QSqlQuery q(readConnection(m_databaseUrl));
    const bool ok = m_store->healthy() && q.exec(databaseVersionSql(m_databaseUrl)) && q.next();
    QByteArray body = "{\"enabled\":true,\"ok\":" + QByteArray(ok ? "true" : "false") + ",\"db\":\""
        + m_store->backendName().toLatin1() + '"';
    if (const StoreStats stats = m_store->stats(); stats.spooledEvents > 0)
        body += ",\"spooled_events\":" + QByteArray::number(stats.spooledEvents); // acknowledged, waiting for the database
    if (!m_config.readDatabaseUrl.isEmpty()) { // where /stats reads, and how stale it may be
        body += ",\"read_db\":{\"ok\":" + QByteArray(m_readBehindMs ? "true" : "false");
        if (m_readBehindMs)
            body += ",\"behind_ms\":" + QByteArray::number(std::max<qint64>(0, *m_readBehindMs));
        body += '}';
    }
    if (ok && !m_config.statsSecret.isEmpty() && statsKeyMatches(request)) {
        body += ",\"version\":";
        appendJsonString(body, q.value(0).toString().toUtf8());
    }
    body += '}';
    return HttpResponse::json(ok ? 200 : 503, body);
}

HttpResponse CollectorServer::readQuery(const QHttpServerRequest &request, ReplyTo &reply, const QElapsedTimer &started,
                                        bool *deferred)
{
    const QString path = request.url().path();
    const QUrlQuery query(request.url());
    const bool debug = path.startsWith(QLatin1String("/debug/"));
    if (debug && m_config.statsSecret.isEmpty())
        return HttpResponse::error(404, "not_found"); // debug endpoints exist only with a secret
    if (!m_config.statsSecret.isEmpty() && !statsKeyMatches(request))
        return HttpResponse::error(401, "unauthorized");

    qint64 projectId = m_access.defaultProjectId;
    if (query.hasQueryItem(QStringLiteral("project"))) {
        const QString name = query.queryItemValue(QStringLiteral("project"), QUrl::FullyDecoded);
        if (!m_access.projectIds.contains(name))
            return badParam("project");
        projectId = m_access.projectIds.value(name);
    }

    std::function<Result<QByteArray>(const QSqlDatabase &)> job;
    if (path == QLatin1String("/stats")) {
        const auto range = parseStatsRange(query.queryItemValue(QStringLiteral("from")),
                                           query.queryItemValue(QStringLiteral("to")), m_config.statsWindowDays,
                                           QDateTime::currentDateTimeUtc().date());
        if (!range)
            return badParam(range.error().contains(QLatin1String("from")) ? "from" : "to");
        job = [projectId, r = range.value()](const QSqlDatabase &db) { return computeMinigemStats(db, projectId, r); };
    } else {
        const bool recent = path == QLatin1String("/debug/recent");
        const char *name = recent ? "limit" : "hours";
        const QString text = query.queryItemValue(QString::fromLatin1(name));
        bool ok = true;
        const int value = text.isEmpty() ? (recent ? 50 : 24) : text.toInt(&ok);
        if (!ok || value < 1 || value > (recent ? 1000 : 720))
            return badParam(name);
        if (recent)
            job = [projectId, value](const QSqlDatabase &db) { return recentEventsJson(db, projectId, value); };
        else
            job = [projectId, value](const QSqlDatabase &db) { return hourlyCountsJson(db, projectId, value, nowMs()); };
    }

    // Analytics can take a while on a big store: off the HTTP thread, answered when ready.
    *deferred = true;
    QtConcurrent::run(&m_readPool, [job, url = m_readUrl] {
        QSqlDatabase db = readConnection(url);
        auto result = job(db);
        if (!result && reopenIfBroken(db)) // the server went away and is back: once more
            result = job(db);
        return result;
    })
        .then(this, [this, reply, started](const Result<QByteArray> &result) mutable {
            if (result)
                finish(reply, HttpResponse::json(200, result.value()), started);
            else
                finish(reply, HttpResponse::error(500, "query_failed"), started);
            if (!result)
                qCWarning(lcHttp, "query failed: %s", qPrintable(result.error()));
        });
    return {};
}

} // namespace tdesk
