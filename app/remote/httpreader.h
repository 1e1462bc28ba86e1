#pragma once

#include "query/reader.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QSslCertificate>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <memory>

namespace tdesk {

// Where a remote collector is and how to talk to it.
struct RemoteOptions
{
    QUrl url;                              // the collector's base URL: https://host:port
    QByteArray key;                        // a private or admin key
    QList<QSslCertificate> caCertificates; // trusted besides the system's (--ca-file: a private CA or a self-signed certificate)
    QList<QByteArray> acceptedFingerprints; // SHA-256 of certificates the user looked at and accepted
    int timeoutMs = 30000;
};

// The Reader over a remote collector's Query API (docs/API.md). Every call is made, read and parsed
// on the reader's own thread (one QNetworkAccessManager), never on the caller's. A failure says
// what is wrong in words a user can act on: the name not found, the connection refused, the
// certificate not trusted (with its fingerprint), the key refused, an API newer than this app.
class HttpReader final : public Reader
{
public:
    explicit HttpReader(const RemoteOptions &options);
    ~HttpReader() override; // ends the requests still running: their futures end with an error

    QFuture<Result<OverviewData>> overview(qint64 projectId, const TimeRange &range) override;
    QFuture<Result<Series>> eventsPerMinute(qint64 projectId, const TimeRange &range) override;
    QFuture<Result<GeoSummary>> geo(qint64 projectId, const TimeRange &range) override;
    QFuture<Result<EventPage>> eventPage(const EventFilter &filter, const EventCursor &after, int limit,
                                         const ScanBudget &budget) override;
    QFuture<Result<EventTail>> eventsStoredAfter(const EventFilter &filter, qint64 afterId, int limit,
                                                 const ScanBudget &budget) override;
    QFuture<Result<qint64>> exportCsv(const EventFilter &filter, const QString &filePath,
                                      const CsvExportOptions &options) override;
    QFuture<Result<EventCount>> countEvents(const EventFilter &filter, qint64 throughId, const EventCursor &after,
                                            const ScanBudget &budget) override;
    QFuture<Result<QStringList>> suggestValues(qint64 projectId, const TimeRange &range, EventField field,
                                               const QString &prefix, int limit) override;
    QFuture<Result<TrendResult>> trend(const TrendQuery &query) override;
    QFuture<Result<ActiveUsersResult>> activeUsers(const InsightFilter &filter) override;
    QFuture<Result<SessionsResult>> sessions(const SessionsQuery &query) override;
    QFuture<Result<RetentionResult>> retention(const RetentionQuery &query) override;
    QFuture<Result<FunnelResult>> funnel(const FunnelQuery &query) override;
    QFuture<Result<FunnelUsers>> funnelUsers(const FunnelQuery &query, int step) override;
    QFuture<Result<PropertiesResult>> properties(qint64 projectId, const TimeRange &range, const QString &event) override;
    QFuture<Result<StoreInfo>> storeInfo() override;
    QFuture<Result<CollectorStatus>> collectorStatus() override;

    QFuture<Result<QList<Project>>> projects() override;
    QFuture<Result<QList<KeyInfo>>> keys(const QString &projectName) override;
    QFuture<Result<Project>> createProject(const QString &name) override;
    QFuture<Result<void>> renameProject(const QString &from, const QString &to) override;
    QFuture<Result<void>> deleteProject(const QString &name) override;
    QFuture<Result<void>> updateProject(const Project &project) override;
    QFuture<Result<QString>> createKey(const QString &projectName, KeyKind kind, const QString &label) override;
    QFuture<Result<KeyInfo>> revokeKey(const QString &prefix) override;
    QFuture<Result<KeyInfo>> setKeyLabel(const QString &prefix, const QString &label) override;

    // The SHA-256 fingerprint of a certificate as people compare them: "AB:CD:…".
    static QString fingerprint(const QSslCertificate &certificate);
    // How long requests have been in flight without a pause (0: none is): a slow collector or
    // network, for the window to show it is waiting rather than frozen.
    qint64 busyForMs() const;
    // The last certificate this reader refused because nobody said to trust it (null: none), for
    // the user to look at.
    QSslCertificate untrustedCertificate() const;

    class Worker;

private:
    struct Call;
    template<typename T, typename Parse>
    QFuture<Result<T>> call(Call request, Parse parse);
    // The `project` parameter of a project's reads: its name ("" for every project).
    QString projectName(qint64 projectId) const;

    RemoteOptions m_options;
    std::shared_ptr<std::atomic<qint64>> m_busySinceMs = std::make_shared<std::atomic<qint64>>(0); // 0: idle; before m_worker, which shares it
    QThread m_thread;
    Worker *m_worker = nullptr;
    mutable QMutex m_namesMutex; // and m_untrusted
    QSslCertificate m_untrusted;
    QHash<qint64, QString> m_projectNames; // learnt from projects()
};

} // namespace tdesk
