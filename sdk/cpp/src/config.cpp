#include <telemetrydesk/client.h>

#include "clientconfigdata.h"

namespace TelemetryDesk {

ClientConfig::ClientConfig(const QUrl &url, const QString &key)
    : d(new ClientConfigData)
{
    d->url = url;
    d->key = key;
}
ClientConfig::ClientConfig(const ClientConfig &other) = default;
ClientConfig &ClientConfig::operator=(const ClientConfig &other) = default;
ClientConfig::~ClientConfig() = default;

QUrl ClientConfig::url() const { return d->url; }
void ClientConfig::setUrl(const QUrl &url) { d->url = url; }
QString ClientConfig::key() const { return d->key; }
void ClientConfig::setKey(const QString &key) { d->key = key; }
QString ClientConfig::queuePath() const { return d->queuePath; }
void ClientConfig::setQueuePath(const QString &path) { d->queuePath = path; }
QString ClientConfig::appVersion() const { return d->appVersion; }
void ClientConfig::setAppVersion(const QString &version) { d->appVersion = version; }
QString ClientConfig::hostVersion() const { return d->hostVersion; }
void ClientConfig::setHostVersion(const QString &version) { d->hostVersion = version; }
QString ClientConfig::userId() const { return d->userId; }
void ClientConfig::setUserId(const QString &id) { d->userId = id; }
int ClientConfig::batchSize() const { return d->batchSize; }
void ClientConfig::setBatchSize(int events) { d->batchSize = events; }
int ClientConfig::flushIntervalMs() const { return d->flushIntervalMs; }
void ClientConfig::setFlushIntervalMs(int ms) { d->flushIntervalMs = ms; }
int ClientConfig::maxQueue() const { return d->maxQueue; }
void ClientConfig::setMaxQueue(int events) { d->maxQueue = events; }
int ClientConfig::maxBackoffMs() const { return d->maxBackoffMs; }
void ClientConfig::setMaxBackoffMs(int ms) { d->maxBackoffMs = ms; }
int ClientConfig::timeoutMs() const { return d->timeoutMs; }
void ClientConfig::setTimeoutMs(int ms) { d->timeoutMs = ms; }
int ClientConfig::shutdownTimeoutMs() const { return d->shutdownTimeoutMs; }
void ClientConfig::setShutdownTimeoutMs(int ms) { d->shutdownTimeoutMs = ms; }

} // namespace TelemetryDesk
