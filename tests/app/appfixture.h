#pragma once

// For app tests: an AppContext on a data directory with its embedded collector listening on a free
// loopback port, and a plain way to post to it.

#include "appcontext.h"
#include "mainwindow.h"
#include "views/overviewview.h"
#include "widgets/charts.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

namespace tdesk::test {

// Null (after a test failure message) when the database or the collector does not start. The
// database: telemetry.db in dataDir, unless a URL is given.
inline std::unique_ptr<AppContext> startedApp(const QString &dataDir, const QString &databaseUrl = {},
                                              const QString &readDatabaseUrl = {})
{
    AppContext::Options options;
    options.dataDir = dataDir;
    options.databaseUrl = databaseUrl;
    options.readDatabaseUrl = readDatabaseUrl;
    options.listen = QStringLiteral("127.0.0.1:0");
    auto context = std::make_unique<AppContext>(options);
    if (const auto opened = context->openDatabase(); !opened) {
        qWarning("database: %s", qPrintable(opened.error()));
        return nullptr;
    }
    Collector::StartError error;
    if (!context->startCollector(&error)) {
        qWarning("collector: %s", qPrintable(error.message));
        return nullptr;
    }
    return context;
}

// POSTs body to the collector's /t (with a key when given); returns the HTTP status, 0 for none,
// and the answer's headers when asked.
inline int postToCollector(const AppContext &context, const QByteArray &body, const QString &key = {},
                           QHash<QByteArray, QByteArray> *headers = nullptr)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/t").arg(context.collector()->port())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key.toLatin1());
    QNetworkReply *reply = network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(10000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (headers) {
        headers->clear();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            headers->insert(name.toLower(), value);
    }
    reply->deleteLater();
    return status;
}

// What the Overview's tile of that caption shows.
inline QString tileValue(MainWindow &window, const QString &caption)
{
    for (KpiTile *t : window.overviewView()->findChildren<KpiTile *>()) {
        if (t->caption() == caption)
            return t->value();
    }
    return {};
}

} // namespace tdesk::test
