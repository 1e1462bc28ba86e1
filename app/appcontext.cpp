#include "appcontext.h"

#include "core/timeunits.h"
#include "query/inprocessreader.h"
#include "remote/httpreader.h"
#include "server/config.h"
#include "storage/databaseurl.h"
#include "storage/readconnection.h"
#include "storage/storefactory.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QStandardPaths>
#include <QCryptographicHash>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#ifdef TDESK_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace tdesk {

AppContext::AppContext(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_collector(std::make_unique<EmbeddedCollector>())
{
    if (options.dataDir.isEmpty()) {
        m_dataDir = QFileInfo(Collector::defaultDatabasePath()).absolutePath();
        m_settings = std::make_unique<QSettings>();
    } else {
        m_dataDir = QDir(options.dataDir).absolutePath();
        m_settings = std::make_unique<QSettings>(QDir(m_dataDir).filePath(QStringLiteral("settings.ini")),
                                                 QSettings::IniFormat);
    }
    m_databaseUrl = !options.databaseUrl.isEmpty()
        ? options.databaseUrl
        : m_settings->value(QStringLiteral("database/url"), QDir(m_dataDir).filePath(QStringLiteral("telemetry.db"))).toString();
    m_readDatabaseUrl = !options.readDatabaseUrl.isEmpty() ? options.readDatabaseUrl
                                                           : m_settings->value(QStringLiteral("database/readUrl")).toString();
    m_listen = !options.listen.isEmpty() ? options.listen
                                         : m_settings->value(QStringLiteral("collector/listen"),
                                                             QStringLiteral("127.0.0.1:8088")).toString();
    m_geoDbPath = !options.geoDbPath.isEmpty() ? options.geoDbPath
                                               : m_settings->value(QStringLiteral("collector/geoDb")).toString();
    m_projectId = m_settings->value(QStringLiteral("view/project"), AllProjects).toLongLong();
    m_preset = RangePreset(std::clamp(m_settings->value(QStringLiteral("view/range"), int(RangePreset::Last24Hours)).toInt(),
                                      0, int(RangePreset::Last30Days)));

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &AppContext::tick);
    connect(&m_tick, &QTimer::timeout, this, &AppContext::askCollectorStatus);
    connect(&m_tick, &QTimer::timeout, this, &AppContext::askEventsLastMinute);
    connect(&m_tick, &QTimer::timeout, this, &AppContext::askReplicaDelay);
    m_tick.start();
    connect(&m_replicaQuery, &QFutureWatcherBase::finished, this, [this] {
        const auto info = m_replicaQuery.result();
        m_replicaDelayMs = info ? info->replicaDelayMs : -1;
    });
    connect(m_collector.get(), &EmbeddedCollector::runningChanged, this, &AppContext::askCollectorStatus);
    connect(&m_statusQuery, &QFutureWatcherBase::finished, this, [this] {
        const auto status = m_statusQuery.result();
        if (status)
            Q_EMIT collectorStatusChanged(status.value());
        if (const QString problem = status ? QString() : status.error(); isRemote() && problem != m_remoteProblem) {
            m_remoteProblem = problem;
            Q_EMIT remoteProblemChanged(problem);
        }
    });
    connect(&m_lastMinuteQuery, &QFutureWatcherBase::finished, this, [this] {
        const auto minutes = m_lastMinuteQuery.result();
        if (!minutes)
            return; // asked again next second
        qint64 events = 0;
        for (const auto &[minuteMs, count] : minutes.value())
            events += count;
        const bool changed = events != m_eventsLastMinute || m_askedMinute != m_lastFullMinute;
        m_lastFullMinute = m_askedMinute;
        m_eventsLastMinute = events;
        if (changed)
            Q_EMIT eventsLastMinuteChanged(events);
    });
}

void AppContext::askCollectorStatus()
{
    if (m_reader && !m_statusQuery.isRunning())
        m_statusQuery.setFuture(m_reader->collectorStatus());
}

TimeRange AppContext::lastFullMinuteAt(qint64 nowMs)
{
    const qint64 start = nowMs - nowMs % MinuteMs - MinuteMs;
    return {start, start + MinuteMs};
}

void AppContext::askReplicaDelay()
{
    if (!m_reader || !readsFromReplica() || m_replicaQuery.isRunning() || m_replicaAsks++ % 5 != 0)
        return;
    m_replicaQuery.setFuture(m_reader->storeInfo());
}

void AppContext::askEventsLastMinute()
{
    if (!m_reader || m_lastMinuteQuery.isRunning())
        return;
    m_askedMinute = lastFullMinuteAt(QDateTime::currentMSecsSinceEpoch());
    m_lastMinuteQuery.setFuture(m_reader->eventsPerMinute(AllProjects, m_askedMinute));
}

AppContext::~AppContext()
{
    m_statusQuery.waitForFinished();
    m_lastMinuteQuery.waitForFinished();
    m_replicaQuery.waitForFinished();
    m_reader.reset(); // waits for its calls, which may ask the collector
    m_collector.reset(); // drains before the settings go
}

QString AppContext::databaseLocation() const
{
    if (isRemote())
        return QUrl(m_options.connectUrl).adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString();
    const auto url = parseDatabaseUrl(m_databaseUrl);
    return url ? displayLocation(*url) : m_databaseUrl;
}

QString AppContext::checkDatabase(const QString &text)
{
    const auto url = parseDatabaseUrl(text);
    if (!url)
        return url.error();
    if (url->kind == DatabaseUrl::Kind::Sqlite) {
        const QFileInfo folder(QFileInfo(url->sqlitePath).absolutePath());
        return folder.isDir() && !folder.isWritable() ? tr("The folder %1 cannot be written to.").arg(folder.filePath()) : QString();
    }
    const QString name = QStringLiteral("check-") + QString::number(quintptr(QThread::currentThreadId()));
    QString problem;
    {
        const auto db = addSqlConnection(*url, name, true);
        problem = db ? QString() : db.error();
    }
    QSqlDatabase::removeDatabase(name);
    return problem;
}

void AppContext::rememberDatabase(const QString &location)
{
    m_settings->setValue(QStringLiteral("database/url"), location);
}

namespace {

constexpr auto KeychainService = "Telemetry Desk database";
constexpr auto CollectorKeyService = "Telemetry Desk collector key";

#ifdef TDESK_HAVE_KEYCHAIN
// Runs a keychain job to its end (they answer within a D-Bus round trip, or fail).
bool finished(QKeychain::Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.setInsecureFallback(false); // never the settings file
    job.start();
    loop.exec();
    return job.error() == QKeychain::NoError;
}
#endif

} // namespace

bool AppContext::keychainAvailable()
{
#ifdef TDESK_HAVE_KEYCHAIN
    return true;
#else
    return false;
#endif
}

namespace {

bool storeSecret(const char *service, const QString &name, const QString &secret)
{
#ifdef TDESK_HAVE_KEYCHAIN
    QKeychain::WritePasswordJob job{QLatin1String(service)};
    job.setKey(name);
    job.setTextData(secret);
    if (finished(job))
        return true;
    qWarning("the keychain did not keep the secret: %s", qPrintable(job.errorString()));
#else
    Q_UNUSED(service)
    Q_UNUSED(name)
    Q_UNUSED(secret)
#endif
    return false;
}

QString storedSecret(const char *service, const QString &name)
{
#ifdef TDESK_HAVE_KEYCHAIN
    QKeychain::ReadPasswordJob job{QLatin1String(service)};
    job.setKey(name);
    if (finished(job))
        return job.textData();
#else
    Q_UNUSED(service)
    Q_UNUSED(name)
#endif
    return {};
}

} // namespace

bool AppContext::storePassword(const QString &location, const QString &password)
{
    return storeSecret(KeychainService, location, password);
}

QString AppContext::storedPassword(const QString &location)
{
    return storedSecret(KeychainService, location);
}

bool AppContext::storeCollectorKey(const QString &url, const QByteArray &key)
{
    return storeSecret(CollectorKeyService, url, QString::fromLatin1(key));
}

QByteArray AppContext::storedCollectorKey(const QString &url)
{
    return storedSecret(CollectorKeyService, url).toLatin1();
}

QStringList AppContext::rememberedConnections() const
{
    QStringList urls;
    const int count = m_settings->beginReadArray(QStringLiteral("remote"));
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        urls.append(m_settings->value(QStringLiteral("url")).toString());
    }
    m_settings->endArray();
    return urls;
}

QList<QByteArray> AppContext::acceptedCertificates(const QString &url) const
{
    QList<QByteArray> digests;
    const int count = m_settings->beginReadArray(QStringLiteral("remote"));
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        if (m_settings->value(QStringLiteral("url")).toString() != url)
            continue;
        for (const QString &hex : m_settings->value(QStringLiteral("acceptedCertificates")).toStringList())
            digests.append(QByteArray::fromHex(hex.toLatin1()));
    }
    m_settings->endArray();
    return digests;
}

void AppContext::rememberConnection(const QString &url, const QList<QByteArray> &accepted)
{
    QList<QPair<QString, QStringList>> all;
    for (const QString &known : rememberedConnections()) {
        if (known == url)
            continue;
        QStringList hex;
        for (const QByteArray &digest : acceptedCertificates(known))
            hex.append(QString::fromLatin1(digest.toHex()));
        all.append({known, hex});
    }
    QStringList hex;
    for (const QByteArray &digest : accepted)
        hex.append(QString::fromLatin1(digest.toHex()));
    all.prepend({url, hex}); // the latest first
    m_settings->beginWriteArray(QStringLiteral("remote"), int(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("url"), all[i].first);
        m_settings->setValue(QStringLiteral("acceptedCertificates"), all[i].second);
    }
    m_settings->endArray();
}

QFuture<ConnectionCheck> AppContext::checkCollector(const QString &url, const QByteArray &key,
                                                    const QList<QByteArray> &acceptedCertificates, const QString &caFile)
{
    RemoteOptions options;
    options.url = QUrl(url);
    options.key = key;
    options.acceptedFingerprints = acceptedCertificates;
    options.timeoutMs = 10000;
    if (!caFile.isEmpty())
        options.caCertificates = QSslCertificate::fromPath(caFile);
    if (!options.url.isValid() || options.url.host().isEmpty()
        || (options.url.scheme() != QLatin1String("https") && options.url.scheme() != QLatin1String("http")))
        return QtFuture::makeReadyFuture(ConnectionCheck{false, tr("Write the address as https://host:port."), {}, {}});
    if (key.isEmpty())
        return QtFuture::makeReadyFuture(ConnectionCheck{false, tr("Paste a private key (tds_…) or an admin key (tda_…)."), {}, {}});
    auto reader = std::make_shared<HttpReader>(options);
    // Continued on a pool thread: the reader ends there, not on its own thread.
    return reader->collectorStatus().then(QtFuture::Launch::Async, [reader](const Result<CollectorStatus> &status) {
        ConnectionCheck check;
        if (!status) {
            check.message = status.error();
            if (const QSslCertificate untrusted = reader->untrustedCertificate(); !untrusted.isNull()) {
                check.untrustedDigest = untrusted.digest(QCryptographicHash::Sha256);
                check.untrustedFingerprint = HttpReader::fingerprint(untrusted);
            }
            return check;
        }
        const auto projects = reader->projects().result();
        check.ok = true;
        check.message = tr("Connected: the collector listening on %1 stores into %2; this key reads %n project(s).", nullptr,
                           projects ? int(projects->size()) : 0)
                            .arg(status->address, status->databaseLocation);
        return check;
    });
}

// A remembered server's password comes from the keychain, unless libpq has one (PGPASSWORD).
QString AppContext::withStoredPassword(const QString &text) const
{
    const auto url = parseDatabaseUrl(text);
    if (!url || url->kind != DatabaseUrl::Kind::Postgresql || !QUrl(text).password().isEmpty()
        || !qEnvironmentVariableIsEmpty("PGPASSWORD"))
        return text;
    const QString password = storedPassword(text);
    if (password.isEmpty())
        return text;
    QUrl withPassword(text);
    withPassword.setPassword(password);
    return withPassword.toString();
}

qint64 AppContext::remoteBusyMs() const
{
    return m_httpReader ? m_httpReader->busyForMs() : 0;
}

Result<void> AppContext::openRemote()
{
    RemoteOptions remote;
    remote.url = QUrl(m_options.connectUrl.trimmed());
    if (!remote.url.isValid() || (remote.url.scheme() != QLatin1String("https") && remote.url.scheme() != QLatin1String("http"))
        || remote.url.host().isEmpty())
        return Error{tr("“%1” is not a collector's address: write it as https://host:port.").arg(m_options.connectUrl)};
    remote.key = !m_options.connectKey.isEmpty() ? m_options.connectKey : qgetenv("TDESK_KEY");
    if (remote.key.isEmpty())
        remote.key = storedCollectorKey(m_options.connectUrl);
    if (remote.key.isEmpty())
        return Error{tr("Connecting to a collector needs its private or admin key: set TDESK_KEY.")};
    remote.acceptedFingerprints = acceptedCertificates(m_options.connectUrl);
    const QString caFile = !m_options.caFile.isEmpty() ? m_options.caFile : qEnvironmentVariable("TDESK_CA_FILE");
    if (!caFile.isEmpty()) {
        remote.caCertificates = QSslCertificate::fromPath(caFile);
        if (remote.caCertificates.isEmpty())
            return Error{tr("%1 holds no PEM certificate to trust.").arg(caFile)};
    }
    auto reader = std::make_unique<HttpReader>(remote);
    m_httpReader = reader.get();
    m_reader = std::move(reader);
    return {};
}

Result<void> AppContext::openDatabase()
{
    if (isRemote())
        return openRemote();
    m_databaseUrl = withStoredPassword(m_databaseUrl);
    const auto url = parseDatabaseUrl(m_databaseUrl);
    if (!url)
        return Error{url.error()};
    std::optional<DatabaseUrl> readUrl;
    if (!m_readDatabaseUrl.isEmpty()) {
        m_readDatabaseUrl = withStoredPassword(m_readDatabaseUrl);
        const auto replica = parseDatabaseUrl(m_readDatabaseUrl);
        if (!replica)
            return Error{replica.error()};
        if (replica->kind != DatabaseUrl::Kind::Postgresql || url->kind != DatabaseUrl::Kind::Postgresql)
            return Error{tr("A database to read from (--read-db) must be a PostgreSQL replica of a PostgreSQL database.")};
        readUrl = replica.value();
    }
    if (url->kind == DatabaseUrl::Kind::Sqlite) {
        m_databaseUrl = url->sqlitePath;
        if (!QDir().mkpath(QFileInfo(m_databaseUrl).absolutePath()))
            return Error{tr("Cannot create the folder of %1.").arg(m_databaseUrl)};
    }
    // Views read before the collector runs, and without it.
    if (auto migrated = migrateDatabase(*url); !migrated)
        return migrated;
    m_reader = std::make_unique<InProcessReader>(*url, [collector = m_collector.get()] { return collector->status(); }, readUrl);
    return {};
}

bool AppContext::startCollector(Collector::StartError *error)
{
    if (isRemote()) {
        *error = {Collector::Failure::Config, tr("This window watches the collector at %1; it runs none of its own.").arg(databaseLocation())};
        return false;
    }
    CollectorConfig config;
    if (!parseListen(m_listen, &config.listenAddress, &config.listenPort)) {
        *error = {Collector::Failure::Config, tr("“%1” is not an address and port.").arg(m_listen)};
        return false;
    }
    config.databaseUrl = m_databaseUrl;
    config.readDatabaseUrl = m_readDatabaseUrl;
    // The apps on a developer's machine send as fast as they like; limits are per project here.
    config.rateLimitMax = 0;
    config.geoDbPath = m_geoDbPath;
    // On PostgreSQL, the outage spool lives with the app's data.
    if (const auto url = parseDatabaseUrl(m_databaseUrl); url && url->kind == DatabaseUrl::Kind::Postgresql)
        config.spoolFile = QDir(m_dataDir).filePath(Collector::spoolFileName(*url));
    if (!m_collector->start(config, error))
        return false;
    return true;
}

void AppContext::stopCollector()
{
    m_collector->stop();
}

void AppContext::setListen(const QString &hostPort)
{
    m_listen = hostPort;
    m_settings->setValue(QStringLiteral("collector/listen"), hostPort);
}

void AppContext::setGeoDbPath(const QString &path)
{
    m_geoDbPath = path;
    m_settings->setValue(QStringLiteral("collector/geoDb"), path);
}

void AppContext::notifyCatalogChanged()
{
    m_collector->reloadAccess();
    Q_EMIT catalogChanged();
}

void AppContext::setProjectId(qint64 id)
{
    if (id == m_projectId)
        return;
    m_projectId = id;
    m_settings->setValue(QStringLiteral("view/project"), id);
    Q_EMIT selectionChanged();
}

TimeRange AppContext::range() const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // The end is the next full minute, so "now" includes the minute in progress.
    const qint64 end = now - now % MinuteMs + MinuteMs;
    switch (m_preset) {
    case RangePreset::Last15Minutes: return {end - 15 * MinuteMs, end};
    case RangePreset::LastHour: return {end - HourMs, end};
    case RangePreset::Last24Hours: return {end - DayMs, end};
    case RangePreset::Last7Days: return {end - 7 * DayMs, end};
    case RangePreset::Last30Days: return {end - 30 * DayMs, end};
    case RangePreset::Custom: return m_custom;
    }
    return {end - DayMs, end};
}

void AppContext::setRange(RangePreset preset, std::optional<TimeRange> custom)
{
    m_preset = preset;
    if (custom)
        m_custom = *custom;
    if (preset != RangePreset::Custom)
        m_settings->setValue(QStringLiteral("view/range"), int(preset));
    Q_EMIT selectionChanged();
}

QString AppContext::presetName(RangePreset preset)
{
    switch (preset) {
    case RangePreset::Last15Minutes: return tr("Last 15 minutes");
    case RangePreset::LastHour: return tr("Last hour");
    case RangePreset::Last24Hours: return tr("Last 24 hours");
    case RangePreset::Last7Days: return tr("Last 7 days");
    case RangePreset::Last30Days: return tr("Last 30 days");
    case RangePreset::Custom: return tr("Custom…");
    }
    return {};
}

} // namespace tdesk
