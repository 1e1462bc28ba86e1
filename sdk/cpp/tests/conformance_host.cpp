// Conformance host for the C++ SDK: an app that tracks what the driver asks for
// (sdk/conformance/README.md describes the protocol).

#include <telemetrydesk/client.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

using TelemetryDesk::Client;
using TelemetryDesk::ClientConfig;

namespace {

void reply(const QJsonObject &object)
{
    std::cout << QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString() << std::endl;
}

qint64 nowNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// This thread's time spent waiting for a CPU (ns): the second field of /proc/thread-self/schedstat,
// which the kernel adds to whenever the thread gets a CPU back.
qint64 runQueueNs()
{
    static const int fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    char text[128];
    const ssize_t n = pread(fd, text, sizeof text - 1, 0);
    if (n <= 0)
        return 0;
    text[n] = 0;
    const char *second = strchr(text, ' ');
    return second ? strtoll(second + 1, nullptr, 10) : 0;
}

// Tracks events tagged for the driver, timing each call on this (the caller's) thread. A call over
// 1 ms is "held" (it counts against the SDK) when, less the time this thread waited for a CPU, it
// still took over 1 ms: it ran or slept (on a lock, the allocator, I/O) that long. Otherwise the OS
// preempted it (the machine was busy): counted apart, not held against the SDK.
QJsonObject track(Client &client, int count, const QString &tag, int pad)
{
    std::vector<qint64> durations;
    durations.reserve(size_t(count));
    int held = 0, preempted = 0;
    qint64 heldMax = 0;
    QJsonArray heldAt;
    const QString filler(pad, u'x');
    for (int seq = 0; seq < count; ++seq) {
        QVariantMap props{{QStringLiteral("tag"), tag}, {QStringLiteral("seq"), seq}};
        if (pad > 0)
            props.insert(QStringLiteral("pad"), filler);
        qint64 queued = runQueueNs();
        const qint64 start = nowNs();
        client.track(QStringLiteral("conformance.event"), props);
        const qint64 elapsed = nowNs() - start;
        queued = runQueueNs() - queued;
        durations.push_back(elapsed);
        if (elapsed > 1000000) {
            const qint64 own = elapsed - std::min(queued, elapsed);
            if (own > 1000000) {
                ++held;
                heldMax = std::max(heldMax, own / 1000);
                if (heldAt.size() < 5)
                    heldAt.append(QJsonArray{seq, elapsed / 1000, own / 1000});
            } else {
                ++preempted;
            }
        }
    }
    std::sort(durations.begin(), durations.end());
    return {{QStringLiteral("tracked"), count},
            {QStringLiteral("max_us"), durations.empty() ? 0.0 : durations.back() / 1000.0},
            {QStringLiteral("p99_us"), durations.empty() ? 0.0 : durations[size_t(count * 0.99)] / 1000.0},
            {QStringLiteral("held"), held},
            {QStringLiteral("held_at"), heldAt},
            {QStringLiteral("held_max_us"), heldMax},
            {QStringLiteral("preempted"), preempted}};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    ClientConfig config;
    config.setAppVersion(QStringLiteral("conformance"));
    for (const QString &arg : app.arguments().mid(1)) {
        const QString name = arg.section(u'=', 0, 0), value = arg.section(u'=', 1);
        if (name == QLatin1String("--url"))
            config.setUrl(QUrl(value));
        else if (name == QLatin1String("--queue"))
            config.setQueuePath(value);
        else if (name == QLatin1String("--batch-size"))
            config.setBatchSize(value.toInt());
        else if (name == QLatin1String("--flush-interval-ms"))
            config.setFlushIntervalMs(value.toInt());
        else if (name == QLatin1String("--max-queue"))
            config.setMaxQueue(value.toInt());
        else if (name == QLatin1String("--max-backoff-ms"))
            config.setMaxBackoffMs(value.toInt());
        else {
            std::cerr << "unknown option " << arg.toStdString() << std::endl;
            return 2;
        }
    }
    auto client = std::make_unique<Client>(config);
    if (!client->isValid()) {
        reply({{QStringLiteral("error"), client->errorString()}});
        return 1;
    }
    reply({{QStringLiteral("ready"), true}, {QStringLiteral("session"), client->sessionId()}});
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream words(line);
        std::string command, tag;
        words >> command;
        if (command == "track") {
            int count = 0, pad = 0;
            words >> count >> tag >> pad;
            reply(track(*client, count, QString::fromStdString(tag), pad));
        } else if (command == "burst") {
            int count = 0;
            words >> count >> tag;
            const QString name = QString::fromStdString(tag);
            const qint64 start = nowNs();
            for (int seq = 0; seq < count; ++seq)
                client->track(QStringLiteral("conformance.event"), {{QStringLiteral("tag"), name}, {QStringLiteral("seq"), seq}});
            reply({{QStringLiteral("tracked"), count}, {QStringLiteral("seconds"), (nowNs() - start) / 1e9}});
        } else if (command == "flush") {
            int ms = 0;
            words >> ms;
            reply({{QStringLiteral("flushed"), client->flush(ms)}});
        } else if (command == "stats") {
            const auto s = client->stats();
            reply({{QStringLiteral("queued"), s.queued}, {QStringLiteral("sent"), s.sent},
                   {QStringLiteral("accepted"), s.accepted}, {QStringLiteral("duplicates"), s.duplicates},
                   {QStringLiteral("skipped"), s.skipped}, {QStringLiteral("dropped"), s.dropped},
                   {QStringLiteral("overflow"), s.overflow}, {QStringLiteral("retries"), s.retries},
                   {QStringLiteral("buffered"), s.buffered}});
        } else if (command == "optout" || command == "optin") {
            client->setEnabled(command == "optin");
            reply({});
        } else if (command == "close") {
            int ms = 0;
            words >> ms;
            const bool empty = client->flush(ms);
            client.reset();
            reply({{QStringLiteral("empty"), empty}});
            return 0;
        } else if (!command.empty()) {
            reply({{QStringLiteral("error"), QStringLiteral("unknown command %1").arg(QString::fromStdString(command))}});
        }
    }
    return 0;
}
