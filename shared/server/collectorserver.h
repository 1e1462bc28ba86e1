#pragma once

#include "core/result.h"
#include "protocol/jwcparser.h"
#include "query/readtypes.h"
#include "server/accesstable.h"
#include "server/config.h"
#include "server/httpcompat.h"
#include "server/metrics.h"
#include "server/ratelimiter.h"
#include "storage/catalog.h"
#include "storage/databaseurl.h"
#include "storage/eventstore.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHash>
#include <QSslConfiguration>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QHttpServerRequest;

namespace tdesk {

class GeoIp;
class InProcessReader;
class QueryApi;

// The certificate chain (PEM) and private key of --tls-cert and --tls-key, checked.
Result<QSslConfiguration> loadTlsConfiguration(const QString &certFile, const QString &keyFile);

// The collector's HTTP side: routes, validation, enrichment, rate limits, and answers deferred
// until the storage writer has committed. Lives in one thread (the main thread, headless).
class CollectorServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    CollectorServer(const CollectorConfig &config, EventStore *store, Catalog *catalog, const GeoIp *geo,
                    const DatabaseUrl &databaseUrl, QObject *parent = nullptr);
    ~CollectorServer() override;

    // Starts listening on the configured address; returns the port (useful with port 0).
    Result<quint16> start();
    // Stops accepting connections and refuses new ingest with 503; queued work still completes.
    void stopAccepting();
    Result<void> reloadAccess();
    const CollectorMetrics &metrics() const { return m_metrics; }
    // What the Query API's status endpoint answers (the Collector's status, on this thread).
    void setStatusSource(std::function<CollectorStatus()> status) { m_status = std::move(status); }
    const CollectorConfig &config() const { return m_config; }
    // With --tls-cert: the HTTPS port (start()'s), and the plain HTTP one of --http-listen (0: none).
    quint16 tlsPort() const { return m_tlsPort; }
    quint16 plainPort() const { return m_plainPort; }
    qsizetype pendingAnswers() const { return m_pending.size(); }

protected:
    TDESK_HANDLE_REQUEST_SIGNATURE;
    TDESK_MISSING_HANDLER_SIGNATURE;

private:
    struct PendingIngest
    {
        ReplyTo reply;
        QList<QPair<QByteArray, QByteArray>> corsHeaders;
        std::vector<SkippedItem> skipped;
        QElapsedTimer started;
        int received = 0;
        qint64 keyId = 0;   // the key the request came with; 0: none
    };

    HttpResponse route(const QHttpServerRequest &request, ReplyTo &reply, const QElapsedTimer &started, bool *deferred);
    struct IngestHeaders
    {
        QByteArray contentType, authorization, apiKey, origin, contentEncoding, cfIpCountry;
    };
    static IngestHeaders ingestHeaders(const QHttpServerRequest &request);
    HttpResponse ingest(const QHttpServerRequest &request, ReplyTo &reply, const QElapsedTimer &started,
                        bool *deferred);
    const KeyInfo *findKey(const QByteArray &keyHash);
    HttpResponse preflight(const QHttpServerRequest &request);
    HttpResponse dbHealth(const QHttpServerRequest &request);
    HttpResponse readQuery(const QHttpServerRequest &request, ReplyTo &reply, const QElapsedTimer &started,
                           bool *deferred);
    void onCommitted(const QList<IngestOutcome> &outcomes);
    // Adds the keys' use counted since the last write to the catalog, on m_keyUsePool.
    void writeKeyUse();
    void probeReadDatabase();
    void finish(ReplyTo &reply, const HttpResponse &response, const QElapsedTimer &started);
    QHostAddress clientAddress(const QHttpServerRequest &request) const;
    bool statsKeyMatches(const QHttpServerRequest &request) const;
    QList<QPair<QByteArray, QByteArray>> corsHeaders(const Project &project, const QByteArray &origin) const;
    QByteArray ingestAnswer(int accepted, int duplicates, const std::vector<SkippedItem> &skipped) const;

    CollectorConfig m_config;
    EventStore *m_store;
    Catalog *m_catalog;
    const GeoIp *m_geo;
    DatabaseUrl m_databaseUrl;
    DatabaseUrl m_readUrl; // a replica for /stats and /debug/* (READ_DATABASE_URL), else m_databaseUrl
    // How far behind the replica was at the last probe (every housekeeping tick); nullopt: it did
    // not answer. Only with a replica.
    std::optional<qint64> m_readBehindMs;
    bool m_probingReadDb = false;
    QByteArray m_salt;
    AccessTable m_access;
    // Key hashes the catalog did not know since the last reload. Bounded: when full, unknown keys
    // are refused without asking the catalog until the next reload.
    QSet<QByteArray> m_unknownKeys;
    RateLimiter m_rateLimiter;
    CollectorMetrics m_metrics;
    QHash<quint64, PendingIngest> m_pending;
    quint64 m_nextTicket = 1;
    bool m_accepting = true;
    quint16 m_tlsPort = 0;
    quint16 m_plainPort = 0;
    bool m_submittedSinceBlock = false;
    QTimer m_housekeeping;
    QThreadPool m_readPool;
    std::unique_ptr<InProcessReader> m_reader; // the Query API's
    QueryApi *m_api = nullptr;
    std::function<CollectorStatus()> m_status;
    // Keys' use (events, last request) counted in memory on the request path and written to the
    // catalog by one thread of its own every housekeeping tick and at shutdown: ingest never waits
    // for a catalog write.
    QHash<qint64, KeyUse> m_keyUse;
    QThreadPool m_keyUsePool;
    bool m_writingKeyUse = false;
};

} // namespace tdesk
