#pragma once

#include <telemetrydesk/telemetrydesk_export.h>

#include <QSharedDataPointer>
#include <QString>
#include <QUrl>
#include <QVariantMap>

#include <memory>

namespace TelemetryDesk {

class ClientConfigData;
class ClientPrivate;

// What a Client sends where, and how. A value type: copy it, change it, hand it to a Client.
class TELEMETRYDESK_EXPORT ClientConfig
{
public:
    // url: the collector (http://127.0.0.1:8088) or its ingest URL (…/t); key: a public key
    // (tdp_…), or empty for the collector's default project.
    explicit ClientConfig(const QUrl &url = {}, const QString &key = {});
    ClientConfig(const ClientConfig &other);
    ClientConfig &operator=(const ClientConfig &other);
    ~ClientConfig();

    QUrl url() const;
    void setUrl(const QUrl &url);
    QString key() const;
    void setKey(const QString &key);
    // The SQLite file of the queue. Default: <AppLocalDataLocation>/telemetrydesk-queue.sqlite3.
    QString queuePath() const;
    void setQueuePath(const QString &path);
    // Sent as `ext`. Default: QCoreApplication::applicationVersion().
    QString appVersion() const;
    void setAppVersion(const QString &version);
    // Sent as `vscode` (the host's version). Default: "Qt <runtime version>".
    QString hostVersion() const;
    void setHostVersion(const QString &version);
    // Sent as `anon`. Default: a random id made once and kept with the queue.
    QString userId() const;
    void setUserId(const QString &id);
    int batchSize() const;          // events per request, 1..1000 (default 200)
    void setBatchSize(int events);
    int flushIntervalMs() const;    // send what is queued at least this often (default 1000)
    void setFlushIntervalMs(int ms);
    int maxQueue() const;           // events kept at most; the oldest go first (default 100000)
    void setMaxQueue(int events);
    int maxBackoffMs() const;       // longest wait between retries (default 60000)
    void setMaxBackoffMs(int ms);
    int timeoutMs() const;          // one request (default 10000)
    void setTimeoutMs(int ms);
    int shutdownTimeoutMs() const;  // how long the destructor flushes (default 3000)
    void setShutdownTimeoutMs(int ms);

private:
    friend class Client;
    QSharedDataPointer<ClientConfigData> d;
};

// What a Client has done since it was made.
struct ClientStats
{
    qint64 queued = 0;     // waiting, in memory and on disk
    qint64 sent = 0;       // answered with 200 (accepted, duplicate or skipped)
    qint64 accepted = 0;
    qint64 duplicates = 0; // sent again after a lost answer; stored once
    qint64 skipped = 0;    // answered 200 but not stored, with a per-event reason (logged)
    qint64 dropped = 0;    // refused as a whole (400, 401, 403, 413 for one event): never retried
    qint64 overflow = 0;   // dropped because the queue was full
    qint64 retries = 0;    // sends that failed and are tried again (429, 5xx, network)
    qint64 buffered = 0;   // tracked, not yet in the queue on disk (a crash now would lose them)
};

// Sends events to a Telemetry Desk collector. track() returns at once, from any thread: a
// thread of the client's own writes events to a queue on disk (a crash or restart of the app
// loses nothing that reached it), sends them in batches, and retries with backoff.
class TELEMETRYDESK_EXPORT Client
{
public:
    explicit Client(const ClientConfig &config);
    // Flushes for at most shutdownTimeoutMs; what is left is sent by the next Client on the queue.
    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    // False when the queue could not be opened (errorString() says why): nothing is tracked.
    bool isValid() const;
    QString errorString() const;

    // Queues an event and returns its id (a UUIDv7), or an empty string when the client is
    // disabled or the input is bad (a warning in the category tdesk.sdk says what). Event names:
    // 1..200 of A-Z a-z 0-9 . _ : - / $ and space; props: at most 32 KiB as JSON.
    QString track(const QString &event, const QVariantMap &props = {});
    // Sends what is queued; true when the queue is empty before the timeout. Blocks the caller.
    bool flush(int timeoutMs);
    // Opting out stops tracking and deletes every queued event, on disk too, before it returns.
    bool isEnabled() const;
    void setEnabled(bool enabled);

    QString sessionId() const;
    ClientStats stats() const;

private:
    std::unique_ptr<ClientPrivate> d;
};

} // namespace TelemetryDesk
