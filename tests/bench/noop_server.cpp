// bench-noop-server: the HTTP ceiling the ingest benchmark compares against. A plain Qt HttpServer
// POST /t route that parses the body with QJsonDocument, as a Qt developer would, counts the events
// and answers in the collector's shape, storing nothing.
// Usage: bench-noop-server [--listen 127.0.0.1:PORT]; port 0 (the default) takes a free port. Prints
// one line, "listening on HOST:PORT", and nothing else.

#include <QCoreApplication>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--listen"));
    const QString listen = at >= 0 ? args.value(at + 1) : QStringLiteral("127.0.0.1:0");
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    const QHostAddress host(listen.left(colon));
    bool portOk = false;
    const uint wanted = listen.mid(colon + 1).toUInt(&portOk);
    if (colon < 0 || host.isNull() || !portOk || wanted > 65535) {
        QTextStream(stderr) << "usage: bench-noop-server [--listen 127.0.0.1:PORT]\n";
        return 2;
    }

    QHttpServer server;
    server.route(QStringLiteral("/t"), QHttpServerRequest::Method::Post, [](const QHttpServerRequest &request) {
        const QJsonDocument document = QJsonDocument::fromJson(request.body());
        if (!document.isObject())
            return QHttpServerResponse(QByteArray("application/json"), QByteArray(R"({"ok":false,"error":"bad_json"})"),
                                       QHttpServerResponse::StatusCode::BadRequest);
        const QJsonValue batch = document.object().value(QLatin1String("batch"));
        const qsizetype events = batch.isArray() ? batch.toArray().size() : 1;
        return QHttpServerResponse(QByteArray("application/json"),
                                   R"({"ok":true,"accepted":)" + QByteArray::number(events)
                                       + R"(,"skipped":0,"duplicates":0,"errors":[]})");
    });
    const quint16 port = server.listen(host, quint16(wanted));
    if (port == 0) {
        QTextStream(stderr) << "bench-noop-server: cannot listen on " << listen << '\n';
        return 1;
    }
    QTextStream(stdout) << "listening on " << host.toString() << ':' << port << Qt::endl;
    return app.exec();
}
