#pragma once

#include "embeddedcollector.h"
#include "widgets/connectdialog.h"
#include "query/reader.h"

#include <QFutureWatcher>
#include <QObject>
#include <QSettings>
#include <QTimer>

#include <memory>
#include <optional>

namespace tdesk {

// The ranges the toolbar offers. All but Custom end "now" and move with the clock.
enum class RangePreset { Last15Minutes, LastHour, Last24Hours, Last7Days, Last30Days, Custom };

// What the whole window shares: the data directory and settings, the embedded collector, the
// reader every view reads through (projects and keys included), and the selection every view
// shows (project and time range).
class AppContext : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dataDir;      // empty: the user's standard locations
        QString listen;       // "HOST:PORT"; empty: the saved one, else 127.0.0.1:8088
        QString databaseUrl;  // empty: the one chosen with File → Database…, else telemetry.db in the data directory
        QString readDatabaseUrl; // a PostgreSQL replica the views read from; empty: the setting database/readUrl, if any
        QString geoDbPath;    // empty: the saved one, if any
        // Watch a collector on another machine through its Query API instead of embedding one: its
        // URL (https://host:port), a private or admin key (empty: TDESK_KEY), and a CA or
        // self-signed certificate to trust (empty: TDESK_CA_FILE, if set).
        QString connectUrl;
        QByteArray connectKey;
        QString caFile;
    };

    explicit AppContext(const Options &options, QObject *parent = nullptr);
    ~AppContext() override;

    QSettings &settings() { return *m_settings; }
    QString dataDir() const { return m_dataDir; }
    // The database as given (a file path or a PostgreSQL URL, perhaps with its password), and where it
    // is for people: the file's path, or the URL without its password.
    QString databaseUrl() const { return m_databaseUrl; }
    QString databaseLocation() const;
    // What is wrong with opening the database at `url` ("" when it can be opened): for the Database
    // dialog's "Test connection".
    static QString checkDatabase(const QString &url);
    // Remembers the database to open from the next start on: a file path, or a PostgreSQL URL
    // without its password (which is never written to the settings).
    void rememberDatabase(const QString &location);
    // A PostgreSQL password in the platform keychain, keyed by the URL without it. False (and nothing
    // stored anywhere) where the app was built without a keychain or none answers.
    static bool keychainAvailable();
    static bool storePassword(const QString &location, const QString &password);
    static QString storedPassword(const QString &location);
    // A remote collector's key, in the keychain under its URL; the same terms as passwords.
    static bool storeCollectorKey(const QString &url, const QByteArray &key);
    static QByteArray storedCollectorKey(const QString &url);
    // Remote collectors connected to before, and the certificates the user accepted for each (their
    // SHA-256), kept in the settings (no key there).
    QStringList rememberedConnections() const;
    QList<QByteArray> acceptedCertificates(const QString &url) const;
    void rememberConnection(const QString &url, const QList<QByteArray> &acceptedCertificates);
    // "Test connection": asks the collector at url for its status with that key.
    static QFuture<ConnectionCheck> checkCollector(const QString &url, const QByteArray &key,
                                                   const QList<QByteArray> &acceptedCertificates, const QString &caFile = {});
    QString geoDbPath() const { return m_geoDbPath; }
    // Watching a remote collector (Options::connectUrl): no embedded collector runs.
    bool isRemote() const { return !m_options.connectUrl.isEmpty(); }
    // Remote: why the collector did not answer at the last look (every second), "" while it does.
    // The views keep what they last read and say it is stale.
    QString remoteProblem() const { return m_remoteProblem; }
    // Remote: how long the collector has kept the window waiting (0: it has not).
    qint64 remoteBusyMs() const;
    // Opens (creating and migrating) the database for reading, even with no collector running.
    Result<void> openDatabase();
    // What every view reads through; null until openDatabase() succeeded.
    Reader *reader() const { return m_reader.get(); }
    // For tests: read through another reader (a fake one, say).
    void setReader(std::unique_ptr<Reader> reader) { m_reader = std::move(reader); }

    EmbeddedCollector *collector() const { return m_collector.get(); }
    QString listen() const { return m_listen; }
    // Starts the embedded collector on listen(); on failure says why (a taken port, say).
    bool startCollector(Collector::StartError *error);
    void stopCollector();
    // Remembers a new address; restart the collector to use it.
    void setListen(const QString &hostPort);
    void setGeoDbPath(const QString &path);
    // Projects or keys were changed from the window.
    void notifyCatalogChanged();

    qint64 projectId() const { return m_projectId; }
    void setProjectId(qint64 id);
    RangePreset rangePreset() const { return m_preset; }
    // The selected range as of now.
    TimeRange range() const;
    void setRange(RangePreset preset, std::optional<TimeRange> custom = {});
    static QString presetName(RangePreset preset);

    // "Now", as every view says it: the events stored (all projects) in the last full minute, read
    // every second with the collector's status. -1 until first read.
    qint64 eventsLastMinute() const { return m_eventsLastMinute; }
    // With a replica to read from: how far its data was behind at the last look (every 5 s), in ms;
    // -1 when the replica did not answer, -2 before the first answer.
    bool readsFromReplica() const { return !m_readDatabaseUrl.isEmpty(); }
    qint64 replicaDelayMs() const { return m_replicaDelayMs; }
    // That minute: [start, start + 1 min).
    TimeRange lastFullMinute() const { return m_lastFullMinute; }
    // The last full minute before nowMs.
    static TimeRange lastFullMinuteAt(qint64 nowMs);

Q_SIGNALS:
    void selectionChanged();       // project or range
    void catalogChanged();
    void storeChanged();           // many events arrived at once (demo data): read everything again
    void tick();                   // once a second, for live views
    // The collector's status, asked of the reader every second.
    void collectorStatusChanged(const tdesk::CollectorStatus &status);
    void eventsLastMinuteChanged(qint64 events);
    // Remote: the collector stopped or started answering (see remoteProblem()).
    void remoteProblemChanged(const QString &problem);

private:
    Result<void> openRemote();
    void askCollectorStatus();
    void askEventsLastMinute();
    void askReplicaDelay();
    QString withStoredPassword(const QString &url) const;

    Options m_options;
    QString m_dataDir;
    QString m_databaseUrl;
    QString m_readDatabaseUrl;
    qint64 m_replicaDelayMs = -2;
    int m_replicaAsks = 0;
    QFutureWatcher<Result<StoreInfo>> m_replicaQuery;
    QString m_geoDbPath;
    QString m_remoteProblem;
    class HttpReader *m_httpReader = nullptr; // m_reader, when it is remote
    QString m_listen;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<Reader> m_reader;
    QFutureWatcher<Result<CollectorStatus>> m_statusQuery;
    QFutureWatcher<Result<Series>> m_lastMinuteQuery;
    TimeRange m_askedMinute;
    TimeRange m_lastFullMinute;
    qint64 m_eventsLastMinute = -1;
    std::unique_ptr<EmbeddedCollector> m_collector;
    qint64 m_projectId = AllProjects;
    RangePreset m_preset = RangePreset::Last24Hours;
    TimeRange m_custom;
    QTimer m_tick;
};

} // namespace tdesk
