// libFuzzer target for the collector's configuration (server/config.h): command-line flags, the
// environment and the config file, merged by loadCollectorConfig, and the rate-window text of
// RATE_LIMIT_TIME_WINDOW. Input: lines; "--name=value" (or "--name") is a flag, "@line" a line of the
// config file, anything else an environment entry NAME=VALUE. Properties: no crash, no undefined
// behaviour (overflow); a loaded configuration respects every lower bound the collector relies on;
// a limit given in the environment as plain digits is that number or an error, never a wrapped
// value; a parsed rate window is positive.
#define FUZZ_TARGET_NAME "fuzz_config"
#include "fuzzcheck.h"
#include "server/config.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QMultiMap>

#include <cstdint>
#include <unistd.h>

using namespace tdesk;

namespace {

// NAME → the field it sets (ints and the like); checked only when the environment decides it.
struct Limit
{
    const char *env;
    const char *flag; // the flag that overrides it, or nullptr
    qint64 (*get)(const CollectorConfig &);
};

const Limit Limits[] = {
    {"MAX_BODY", "max-body", [](const CollectorConfig &c) { return c.maxBody; }},
    {"MAX_BATCH", "max-batch", [](const CollectorConfig &c) { return qint64(c.maxBatch); }},
    {"RATE_LIMIT_MAX", "rate-limit", [](const CollectorConfig &c) { return qint64(c.rateLimitMax); }},
    {"STATS_WINDOW_DAYS", nullptr, [](const CollectorConfig &c) { return qint64(c.statsWindowDays); }},
    {"LOG_RETENTION_DAYS", nullptr, [](const CollectorConfig &c) { return qint64(c.logRetentionDays); }},
    {"MAX_CONNECTIONS", nullptr, [](const CollectorConfig &c) { return qint64(c.maxConnections); }},
    {"HEADER_TIMEOUT_MS", nullptr, [](const CollectorConfig &c) { return qint64(c.headerTimeoutMs); }},
    {"REQUEST_TIMEOUT_MS", nullptr, [](const CollectorConfig &c) { return qint64(c.requestTimeoutMs); }},
    {"IDLE_TIMEOUT_MS", nullptr, [](const CollectorConfig &c) { return qint64(c.idleTimeoutMs); }},
    {"RETENTION_INTERVAL_MS", nullptr, [](const CollectorConfig &c) { return qint64(c.retentionIntervalMs); }},
    {"MAX_QUEUED_EVENTS", nullptr, [](const CollectorConfig &c) { return qint64(c.maxQueuedEvents); }},
};

bool plainDigits(const QString &v)
{
    if (v.isEmpty() || v.size() > 18)
        return false;
    for (QChar c : v) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

QString configPath()
{
    static const QString path = QDir::tempPath() + QStringLiteral("/fuzz_config_%1.conf").arg(qint64(getpid()));
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));

    qint64 windowMs = 0;
    if (parseRateWindow(text, &windowMs))
        FUZZ_CHECK(windowMs > 0);

    QMultiMap<QString, QString> flags;
    QStringList environment;
    QByteArray file;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("--"))) {
            const qsizetype eq = line.indexOf(QLatin1Char('='));
            flags.insert(line.mid(2, eq < 0 ? -1 : eq - 2), eq < 0 ? QString() : line.mid(eq + 1));
        } else if (line.startsWith(QLatin1Char('@'))) {
            file += line.mid(1).toUtf8() + '\n';
        } else {
            environment.append(line);
            qint64 ms = 0;
            if (parseRateWindow(line, &ms))
                FUZZ_CHECK(ms > 0);
        }
    }
    // Only our own file: a path from the input could name /dev/zero, which never ends.
    flags.remove(QStringLiteral("config"));
    environment.removeIf([](const QString &e) { return e.startsWith(QLatin1String("TDESK_CONFIG")); });
    if (!file.isEmpty()) {
        QFile out(configPath());
        FUZZ_CHECK(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        FUZZ_CHECK(out.write(file) == file.size());
        out.close();
        flags.insert(QStringLiteral("config"), configPath());
    }

    const Result<CollectorConfig> loaded = loadCollectorConfig(flags, environment);
    if (!loaded) {
        FUZZ_CHECK(!loaded.error().isEmpty());
        return 0;
    }
    const CollectorConfig &c = loaded.value();
    FUZZ_CHECK(c.maxBody >= 1);
    FUZZ_CHECK(c.maxBatch >= 1);
    FUZZ_CHECK(c.rateLimitMax >= 0);
    FUZZ_CHECK(c.rateLimitWindowMs > 0);
    FUZZ_CHECK(c.statsWindowDays >= 1);
    FUZZ_CHECK(c.logRetentionDays >= 0);
    FUZZ_CHECK(c.maxConnections >= 1 && c.headerTimeoutMs >= 1 && c.requestTimeoutMs >= 1 && c.idleTimeoutMs >= 1);
    FUZZ_CHECK(c.retentionIntervalMs >= 1 && c.maxQueuedEvents >= 1);
    for (const auto &proxy : c.trustedProxies) {
        FUZZ_CHECK(!proxy.first.isNull());
        FUZZ_CHECK(proxy.second >= 0 && proxy.second <= (proxy.first.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32));
    }

    // A limit the environment decides (no flag over it) is exactly the number given.
    QMap<QString, QString> env;
    for (const QString &line : environment) {
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            env.insert(line.left(eq), line.mid(eq + 1));
    }
    for (const Limit &limit : Limits) {
        const QString name = QString::fromLatin1(limit.env);
        if (!env.contains(name) || (limit.flag && flags.contains(QString::fromLatin1(limit.flag))))
            continue;
        if (plainDigits(env.value(name)))
            FUZZ_CHECK(limit.get(c) == env.value(name).toLongLong());
    }
    return 0;
}
