#pragma once

#include <QSharedData>
#include <QString>
#include <QUrl>

namespace TelemetryDesk {

class ClientConfigData : public QSharedData
{
public:
    QUrl url;
    QString key;
    QString queuePath;
    QString appVersion;
    QString hostVersion;
    QString userId;
    int batchSize = 200;
    int flushIntervalMs = 1000;
    int maxQueue = 100000;
    int maxBackoffMs = 60000;
    int timeoutMs = 10000;
    int shutdownTimeoutMs = 3000;
};

} // namespace TelemetryDesk
