#include "server/config.h"

#include "storage/databaseurl.h"

#include <QFile>
#include <QMultiMap>
#include <QRegularExpression>

#include <limits>

namespace tdesk {

QString CollectorConfig::listenText() const
{
    const QString host = listenAddress.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + listenAddress.toString() + QLatin1Char(']')
        : listenAddress.toString();
    return host + QLatin1Char(':') + QString::number(listenPort);
}

bool parseRateWindow(const QString &text, qint64 *ms)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d+)\\s*(ms|milliseconds?|s|seconds?|m|min|minutes?|h|hours?|d|days?)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    bool ok = false;
    const qint64 n = match.captured(1).toLongLong(&ok);
    if (!ok || n <= 0)
        return false;
    const QString unit = match.captured(2).toLower();
    qint64 factor = 1;
    if (unit.startsWith(QLatin1Char('s')))
        factor = 1000;
    else if (unit == QLatin1String("m") || unit.startsWith(QLatin1String("min")))
        factor = 60 * 1000;
    else if (unit.startsWith(QLatin1Char('h')))
        factor = 3600 * 1000;
    else if (unit.startsWith(QLatin1Char('d')))
        factor = 24 * 3600 * 1000;
    if (n > std::numeric_limits<qint64>::max() / factor)
        return false; // would overflow
    *ms = n * factor;
    return true;
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    QString host = colon < 0 ? text : text.left(colon);
    const QString portText = colon < 0 ? QString() : text.mid(colon + 1);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = true;
    const uint p = portText.isEmpty() ? 8088 : portText.toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    QHostAddress a;
    if (host.isEmpty() || host == QLatin1String("*"))
        a = QHostAddress::Any;
    else if (host == QLatin1String("localhost"))
        a = QHostAddress::LocalHost;
    else if (!a.setAddress(host))
        return false;
    *address = a;
    *port = quint16(p);
    return true;
}

Result<void> splitCollectorArguments(const QStringList &args, QMultiMap<QString, QString> *flags, QStringList *words)
{
    static const QStringList Switches = {QStringLiteral("require-key"), QStringLiteral("allow-insecure-keys"),
                                         QStringLiteral("help"), QStringLiteral("version")};
    // The service's options, then the administration commands' (--project, --kind).
    static const QStringList WithValue = {
        QStringLiteral("listen"),    QStringLiteral("db"),         QStringLiteral("read-db"), QStringLiteral("geo-db"),       QStringLiteral("log-dir"),
        QStringLiteral("trusted-proxy"), QStringLiteral("max-body"), QStringLiteral("max-batch"), QStringLiteral("stats-secret"),
        QStringLiteral("sync"),      QStringLiteral("config"),     QStringLiteral("rate-limit"),   QStringLiteral("rate-window"),
        QStringLiteral("tls-cert"),  QStringLiteral("tls-key"),    QStringLiteral("http-listen"),
        QStringLiteral("project"),   QStringLiteral("kind"),       QStringLiteral("label")};
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (!arg.startsWith(QLatin1String("--"))) { // a word, also "-x" (a key's label may start so)
            words->append(arg);
            continue;
        }
        QString name = arg.mid(2);
        QString value;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        if (eq >= 0) {
            value = name.mid(eq + 1);
            name.truncate(eq);
        }
        if (!Switches.contains(name) && !WithValue.contains(name))
            return Error{QStringLiteral("unknown option %1 (see --help)").arg(arg.section(QLatin1Char('='), 0, 0))};
        if (WithValue.contains(name) && eq < 0) {
            if (i + 1 >= args.size())
                return Error{QStringLiteral("--%1 needs a value").arg(name)};
            value = args[++i];
        }
        flags->insert(name, value);
    }
    return {};
}

Result<CollectorConfig> loadCollectorConfig(const QMultiMap<QString, QString> &flags, const QStringList &environment,
                                            CollectorConfig config)
{
    // Merge the three sources into one table of environment-style names, lowest first.
    QMultiMap<QString, QString> values;
    QMap<QString, QString> env;
    for (const QString &line : environment) {
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            env.insert(line.left(eq), line.mid(eq + 1));
    }
    const QString configFile = flags.contains(QStringLiteral("config")) ? flags.value(QStringLiteral("config"))
                                                                         : env.value(QStringLiteral("TDESK_CONFIG"));
    if (!configFile.isEmpty()) {
        QFile file(configFile);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return Error{QStringLiteral("cannot read config file %1: %2").arg(configFile, file.errorString())};
        int lineNo = 0;
        while (!file.atEnd()) {
            ++lineNo;
            const QString line = QString::fromUtf8(file.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            const qsizetype eq = line.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return Error{QStringLiteral("%1:%2: expected NAME=VALUE").arg(configFile).arg(lineNo)};
            values.replace(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
        }
    }
    static const char *const EnvNames[] = {"PORT", "HOST", "DATABASE_URL", "PG_URL", "READ_DATABASE_URL", "PG_SSL", "GEO_DB", "GEO_MMDB", "LOG_DIR",
                                           "LOG_RETENTION_DAYS", "YEARLY_SALT", "RATE_LIMIT_MAX", "RATE_LIMIT_TIME_WINDOW",
                                           "STATS_SECRET", "STATS_WINDOW_DAYS", "MAX_BODY", "MAX_BATCH", "TRUSTED_PROXIES",
                                           "REQUIRE_KEY", "SYNC", "MAX_CONNECTIONS", "HEADER_TIMEOUT_MS",
                                           "REQUEST_TIMEOUT_MS", "IDLE_TIMEOUT_MS", "MAX_QUEUED_EVENTS",
                                           "REMEMBERED_USERS", "RETENTION_INTERVAL_MS", "SPOOL_FILE",
                                           "SPOOL_MAX_EVENTS", "ALLOW_INSECURE_KEYS",
                                           "TLS_CERT", "TLS_KEY", "HTTP_LISTEN"};
    for (const char *name : EnvNames) {
        const QString key = QString::fromLatin1(name);
        if (env.contains(key))
            values.replace(key, env.value(key));
    }
    // Flags map onto the same names; a repeatable flag keeps every value.
    static const QPair<const char *, const char *> FlagNames[] = {
        {"db", "DATABASE_URL"}, {"read-db", "READ_DATABASE_URL"}, {"geo-db", "GEO_DB"}, {"log-dir", "LOG_DIR"}, {"max-body", "MAX_BODY"},
        {"max-batch", "MAX_BATCH"}, {"stats-secret", "STATS_SECRET"}, {"sync", "SYNC"},
        {"rate-limit", "RATE_LIMIT_MAX"}, {"rate-window", "RATE_LIMIT_TIME_WINDOW"}, {"tls-cert", "TLS_CERT"},
        {"tls-key", "TLS_KEY"}, {"http-listen", "HTTP_LISTEN"}};
    for (const auto &[flag, name] : FlagNames) {
        if (flags.contains(QString::fromLatin1(flag)))
            values.replace(QString::fromLatin1(name), flags.value(QString::fromLatin1(flag)));
    }
    if (flags.contains(QStringLiteral("require-key")))
        values.replace(QStringLiteral("REQUIRE_KEY"), QStringLiteral("1"));
    if (flags.contains(QStringLiteral("allow-insecure-keys")))
        values.replace(QStringLiteral("ALLOW_INSECURE_KEYS"), QStringLiteral("1"));
    if (flags.contains(QStringLiteral("trusted-proxy"))) {
        values.remove(QStringLiteral("TRUSTED_PROXIES"));
        values.insert(QStringLiteral("TRUSTED_PROXIES"), flags.values(QStringLiteral("trusted-proxy")).join(QLatin1Char(',')));
    }

    const auto bad = [](const QString &name, const QString &value) {
        return Error{QStringLiteral("invalid value for %1: '%2'").arg(name, value)};
    };
    const auto positive = [&](const char *name, auto *out) -> bool {
        const QString key = QString::fromLatin1(name);
        if (!values.contains(key))
            return true;
        bool ok = false;
        const qint64 v = values.value(key).toLongLong(&ok);
        using Target = std::remove_pointer_t<decltype(out)>;
        if (!ok || v < 0 || v > qint64(std::numeric_limits<Target>::max()))
            return false; // never a wrapped value (4294967296 as an int is 0: a rate limit turned off)
        *out = std::remove_pointer_t<decltype(out)>(v);
        return true;
    };

    if (values.contains(QStringLiteral("PORT"))) {
        bool ok = false;
        const uint port = values.value(QStringLiteral("PORT")).toUInt(&ok);
        if (!ok || port > 65535)
            return bad(QStringLiteral("PORT"), values.value(QStringLiteral("PORT")));
        config.listenPort = quint16(port);
    }
    if (values.contains(QStringLiteral("HOST")) && !config.listenAddress.setAddress(values.value(QStringLiteral("HOST"))))
        return bad(QStringLiteral("HOST"), values.value(QStringLiteral("HOST")));
    if (flags.contains(QStringLiteral("listen"))
        && !parseListen(flags.value(QStringLiteral("listen")), &config.listenAddress, &config.listenPort))
        return bad(QStringLiteral("--listen"), flags.value(QStringLiteral("listen")));
    config.tlsCertFile = values.value(QStringLiteral("TLS_CERT"));
    config.tlsKeyFile = values.value(QStringLiteral("TLS_KEY"));
    if (config.tlsCertFile.isEmpty() != config.tlsKeyFile.isEmpty())
        return Error{QStringLiteral("--tls-cert and --tls-key go together (TLS_CERT, TLS_KEY)")};
    if (values.contains(QStringLiteral("HTTP_LISTEN"))) {
        if (config.tlsCertFile.isEmpty())
            return Error{QStringLiteral("--http-listen adds plain HTTP beside HTTPS: it needs --tls-cert and --tls-key")};
        QHostAddress address;
        quint16 port = 0;
        if (!parseListen(values.value(QStringLiteral("HTTP_LISTEN")), &address, &port))
            return bad(QStringLiteral("--http-listen"), values.value(QStringLiteral("HTTP_LISTEN")));
        config.httpListen = {address, port};
    }
    for (const char *name : {"DATABASE_URL", "PG_URL"}) {
        if (values.contains(QString::fromLatin1(name)) && config.databaseUrl.isEmpty())
            config.databaseUrl = values.value(QString::fromLatin1(name));
    }
    if (values.contains(QStringLiteral("DATABASE_URL")))
        config.databaseUrl = values.value(QStringLiteral("DATABASE_URL"));
    config.readDatabaseUrl = values.value(QStringLiteral("READ_DATABASE_URL"));
    if (values.contains(QStringLiteral("PG_SSL"))) {
        const QString pgSsl = values.value(QStringLiteral("PG_SSL"));
        const auto url = applyPgSsl(config.databaseUrl, pgSsl);
        if (!url)
            return Error{url.error()};
        config.databaseUrl = url.value();
        if (!config.readDatabaseUrl.isEmpty()) {
            const auto readUrl = applyPgSsl(config.readDatabaseUrl, pgSsl);
            if (!readUrl)
                return Error{readUrl.error()};
            config.readDatabaseUrl = readUrl.value();
        }
    }
    for (const char *name : {"GEO_MMDB", "GEO_DB"}) {
        if (values.contains(QString::fromLatin1(name)))
            config.geoDbPath = values.value(QString::fromLatin1(name));
    }
    config.logDir = values.value(QStringLiteral("LOG_DIR"), config.logDir);
    config.yearlySalt = values.value(QStringLiteral("YEARLY_SALT"), QString::fromUtf8(config.yearlySalt)).toUtf8();
    config.statsSecret = values.value(QStringLiteral("STATS_SECRET"), QString::fromUtf8(config.statsSecret)).toUtf8();
    if (!positive("RATE_LIMIT_MAX", &config.rateLimitMax))
        return bad(QStringLiteral("RATE_LIMIT_MAX"), values.value(QStringLiteral("RATE_LIMIT_MAX")));
    if (!positive("STATS_WINDOW_DAYS", &config.statsWindowDays) || config.statsWindowDays < 1)
        return bad(QStringLiteral("STATS_WINDOW_DAYS"), values.value(QStringLiteral("STATS_WINDOW_DAYS")));
    if (!positive("MAX_BODY", &config.maxBody) || config.maxBody < 1)
        return bad(QStringLiteral("--max-body"), values.value(QStringLiteral("MAX_BODY")));
    if (!positive("MAX_BATCH", &config.maxBatch) || config.maxBatch < 1)
        return bad(QStringLiteral("--max-batch"), values.value(QStringLiteral("MAX_BATCH")));
    if (!positive("LOG_RETENTION_DAYS", &config.logRetentionDays))
        return bad(QStringLiteral("LOG_RETENTION_DAYS"), values.value(QStringLiteral("LOG_RETENTION_DAYS")));
    // Connection and queue limits (environment or config file only: operators rarely need them).
    const std::pair<const char *, int *> limits[] = {{"MAX_CONNECTIONS", &config.maxConnections},
                                                     {"HEADER_TIMEOUT_MS", &config.headerTimeoutMs},
                                                     {"REQUEST_TIMEOUT_MS", &config.requestTimeoutMs},
                                                     {"IDLE_TIMEOUT_MS", &config.idleTimeoutMs},
                                                     {"RETENTION_INTERVAL_MS", &config.retentionIntervalMs}};
    for (const auto &[name, target] : limits) {
        if (!positive(name, target) || *target < 1)
            return bad(QString::fromLatin1(name), values.value(QString::fromLatin1(name)));
    }
    if (!positive("MAX_QUEUED_EVENTS", &config.maxQueuedEvents) || config.maxQueuedEvents < 1)
        return bad(QStringLiteral("MAX_QUEUED_EVENTS"), values.value(QStringLiteral("MAX_QUEUED_EVENTS")));
    config.spoolFile = values.value(QStringLiteral("SPOOL_FILE"), config.spoolFile);
    if (!positive("SPOOL_MAX_EVENTS", &config.maxSpooledEvents))
        return bad(QStringLiteral("SPOOL_MAX_EVENTS"), values.value(QStringLiteral("SPOOL_MAX_EVENTS")));
    if (!positive("REMEMBERED_USERS", &config.rememberedUsers) || config.rememberedUsers < 1)
        return bad(QStringLiteral("REMEMBERED_USERS"), values.value(QStringLiteral("REMEMBERED_USERS")));
    if (values.contains(QStringLiteral("RATE_LIMIT_TIME_WINDOW"))
        && !parseRateWindow(values.value(QStringLiteral("RATE_LIMIT_TIME_WINDOW")), &config.rateLimitWindowMs))
        return bad(QStringLiteral("RATE_LIMIT_TIME_WINDOW"), values.value(QStringLiteral("RATE_LIMIT_TIME_WINDOW")));
    if (values.contains(QStringLiteral("SYNC"))) {
        const QString sync = values.value(QStringLiteral("SYNC")).toLower();
        if (sync != QLatin1String("normal") && sync != QLatin1String("full"))
            return bad(QStringLiteral("--sync"), sync);
        config.syncFull = sync == QLatin1String("full");
    }
    if (values.contains(QStringLiteral("ALLOW_INSECURE_KEYS"))) {
        const QString v = values.value(QStringLiteral("ALLOW_INSECURE_KEYS")).toLower();
        config.allowInsecureKeys = v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("yes");
    }
    if (values.contains(QStringLiteral("REQUIRE_KEY"))) {
        const QString v = values.value(QStringLiteral("REQUIRE_KEY")).toLower();
        config.requireKey = v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("yes");
    }
    if (values.contains(QStringLiteral("TRUSTED_PROXIES"))) {
        config.trustedProxies.clear();
        const auto cidrs = values.value(QStringLiteral("TRUSTED_PROXIES")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &cidr : cidrs) {
            QString text = cidr.trimmed();
            if (!text.contains(QLatin1Char('/')))
                text += text.contains(QLatin1Char(':')) ? QStringLiteral("/128") : QStringLiteral("/32");
            const auto subnet = QHostAddress::parseSubnet(text);
            // Qt 6.4 reads the address only up to a NUL and then takes the IPv6 width for an IPv4
            // address ("10.0.0\0…::1" gives 10.0.0.0/128): refuse both.
            const int width = subnet.first.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
            if (subnet.first.isNull() || text.contains(QChar(u'\0')) || subnet.second < 0 || subnet.second > width)
                return bad(QStringLiteral("--trusted-proxy"), cidr);
            config.trustedProxies.append(subnet);
        }
    }
    return config;
}

} // namespace tdesk
