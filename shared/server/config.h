#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace tdesk {

// Everything the collector can be told. Highest first: command-line flags, environment
// (minigem's names), config file (`--config FILE`, lines of NAME=VALUE with the environment names).
struct CollectorConfig
{
    QHostAddress listenAddress = QHostAddress::Any;
    quint16 listenPort = 8088;
    QString databaseUrl;                      // empty: tdesk.db in the data directory
    QString readDatabaseUrl;                  // PostgreSQL: a replica for reads; empty: reads from databaseUrl
    QString geoDbPath;
    QString logDir;                           // empty: no JSONL event log
    int logRetentionDays = 14;
    QList<QPair<QHostAddress, int>> trustedProxies;
    qint64 maxBody = 1024 * 1024;
    int maxBatch = 1000;
    bool requireKey = false;
    bool allowInsecureKeys = false;
    // HTTPS on the listen address with this certificate (chain, PEM) and key; empty: plain HTTP.
    QString tlsCertFile, tlsKeyFile;
    // With TLS: plain HTTP here as well (ingest from apps on a private network, say).
    std::optional<QPair<QHostAddress, quint16>> httpListen;           // take private and admin keys over plain HTTP from other machines
    QByteArray statsSecret;
    bool syncFull = false;
    int rateLimitMax = 2000;                  // 0: off
    qint64 rateLimitWindowMs = 60 * 60 * 1000;
    int statsWindowDays = 7;
    QByteArray yearlySalt;                    // empty: the database's own secret
    int maxConnections = 4096;
    int headerTimeoutMs = 10000;              // a request's headers must arrive within this
    int requestTimeoutMs = 30000;             // ... and its body within this
    int idleTimeoutMs = 60000;                // keep-alive connections with nothing to do are closed
    qsizetype maxQueuedEvents = 50000;
    qsizetype rememberedUsers = 1 << 20;      // user fingerprints the writer keeps for open hours and days
    QString spoolFile;                        // PostgreSQL's outage spool; empty: beside the default database
    qint64 maxSpooledEvents = 1000000;        // past this, /t answers 503 while PostgreSQL is unreachable
    int retentionIntervalMs = 60000;          // how often projects' retention days are applied

    QString listenText() const;
};

// Parses `N second(s)|minute(s)|hour(s)|day(s)` or plain milliseconds.
bool parseRateWindow(const QString &text, qint64 *ms);
bool parseListen(const QString &text, QHostAddress *address, quint16 *port);

// Splits telemetry-collector's arguments (without the program name) into flags (name → values,
// "--name value" or "--name=value") and positional words. An option it does not know, or one that
// needs a value and has none, is an error that names it.
Result<void> splitCollectorArguments(const QStringList &args, QMultiMap<QString, QString> *flags, QStringList *words);

// Builds the configuration from flags (already split by the caller into name → values),
// the environment and an optional config file. Unknown or malformed values are errors.
Result<CollectorConfig> loadCollectorConfig(const QMultiMap<QString, QString> &flags, const QStringList &environment,
                                            CollectorConfig defaults = {});

} // namespace tdesk
