// Sends one event to a Telemetry Desk collector: telemetrydesk-hello URL [PUBLIC_KEY]

#include <telemetrydesk/client.h>

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(QStringLiteral("1.0.0"));
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    if (args.size() < 2 || args[1] == QLatin1String("--help")) {
        out << "usage: telemetrydesk-hello URL [PUBLIC_KEY]   e.g. http://127.0.0.1:8088\n";
        return args.size() < 2 ? 2 : 0;
    }

    TelemetryDesk::ClientConfig config(QUrl(args[1]), args.value(2));
    TelemetryDesk::Client telemetry(config);
    if (!telemetry.isValid()) {
        out << telemetry.errorString() << '\n';
        return 2;
    }
    telemetry.track(QStringLiteral("example.hello"), {{QStringLiteral("greeting"), QStringLiteral("hello")}});

    // An app would just go on; the example waits, to say whether the event arrived.
    const bool sent = telemetry.flush(5000);
    out << (sent ? "sent\n" : "not sent yet: queued on disk, sent by the next run\n");
    return sent ? 0 : 1;
}
