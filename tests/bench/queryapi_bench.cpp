// bench-queryapi: the Query API over loopback against the same reads in process, on a database that
// bench-overview filled (scripts/bench-queryapi.sh). Starts a real telemetry-collector on the
// database, then prints, measured in the same run: the Overview of every preset range over HTTP
// against in process (ratio), Events pages over HTTP (first and deep pages, with and without
// filters: median and worst), and the CSV export over HTTP in rows/s with the collector's peak RSS
// during it, against the export to a file in process. A benchmark, not a test.

#include "core/timeunits.h"
#include "query/csvexport.h"
#include "query/overviewquery.h"
#include "storage/databaseurl.h"
#include "storage/readconnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

using namespace tdesk;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

double median(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.empty() ? 0 : samples[samples.size() / 2];
}

qint64 rssKb(qint64 pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(strlen(field))).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// One keep-alive HTTP/1.1 connection; answers with Content-Length.
class Client
{
public:
    Client(quint16 port, QByteArray key)
        : m_port(port)
        , m_key(std::move(key))
    {
    }

    // The body of GET path, or an empty array on failure.
    QByteArray get(const QByteArray &path)
    {
        if (m_socket.state() != QAbstractSocket::ConnectedState) {
            m_socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
            if (!m_socket.waitForConnected(5000))
                return {};
        }
        m_socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_key + "\r\n\r\n");
        QByteArray buffer;
        qsizetype headerEnd = -1;
        qint64 length = -1;
        while (m_socket.waitForReadyRead(60000)) {
            buffer += m_socket.readAll();
            if (headerEnd < 0 && (headerEnd = buffer.indexOf("\r\n\r\n")) >= 0) {
                const auto match = QRegularExpression(QStringLiteral("(?i)content-length: *(\\d+)")).match(QString::fromLatin1(buffer.left(headerEnd)));
                length = match.hasMatch() ? match.captured(1).toLongLong() : 0;
            }
            if (headerEnd >= 0 && buffer.size() >= headerEnd + 4 + length)
                return buffer.mid(headerEnd + 4, length);
        }
        return {};
    }

private:
    quint16 m_port;
    QByteArray m_key;
    QTcpSocket m_socket;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The Query API over loopback against the same reads in process."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("db"), QStringLiteral("A database bench-overview filled (SQLite file or PostgreSQL URL)."));
    const QCommandLineOption collectorOption(QStringLiteral("collector"), QStringLiteral("telemetry-collector to run."), QStringLiteral("PATH"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Timed runs each (default 7)."), QStringLiteral("N"), QStringLiteral("7"));
    parser.addOptions({collectorOption, runsOption});
    parser.process(app);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(collectorOption))
        parser.showHelp(2);
    const QString path = parser.positionalArguments().constFirst();
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const auto url = parseDatabaseUrl(path);
    if (!url) {
        out() << "bench-queryapi: " << url.error() << Qt::endl;
        return 2;
    }

    // An admin key (every project, as the app's "All projects"), then the collector.
    QProcess admin;
    admin.start(parser.value(collectorOption), {QStringLiteral("--db"), path, QStringLiteral("keys"), QStringLiteral("create"),
                                                QStringLiteral("--kind"), QStringLiteral("admin")});
    admin.waitForFinished(30000);
    const QByteArray key = admin.readAllStandardOutput().trimmed().split('\n').last().trimmed();
    if (!key.startsWith("tda_")) {
        out() << "bench-queryapi: cannot create a key: " << admin.readAllStandardError() << Qt::endl;
        return 1;
    }
    QTemporaryDir spool;
    QProcess collector;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SPOOL_FILE"), spool.filePath(QStringLiteral("spool.db")));
    collector.setProcessEnvironment(env);
    collector.start(parser.value(collectorOption), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"), path});
    QByteArray started;
    quint16 port = 0;
    for (int i = 0; i < 100 && port == 0; ++i) {
        collector.waitForReadyRead(200);
        started += collector.readAllStandardOutput();
        const auto match = QRegularExpression(QStringLiteral("listening on [^ ]+:(\\d+)")).match(QString::fromUtf8(started));
        if (match.hasMatch())
            port = quint16(match.captured(1).toUInt());
    }
    if (port == 0) {
        out() << "bench-queryapi: the collector did not start: " << collector.readAllStandardError() << Qt::endl;
        return 1;
    }
    const qint64 pid = collector.processId();
    Client client(port, key);

    QSqlDatabase db = readConnection(*url);
    QSqlQuery newest(db);
    newest.exec(QStringLiteral("SELECT max(ts), count(*) FROM events"));
    newest.next();
    const qint64 end = newest.value(0).toLongLong() + 7 * 1000;
    out() << "bench-queryapi: " << newest.value(1).toLongLong() << " events in " << displayLocation(*url) << ", " << runs
          << " runs each, collector pid " << pid << Qt::endl;

    // The Overview: what the app's remote reader asks (extras=false: the figures and the last hour's
    // minutes) against the same two reads in process.
    out() << "Overview, all projects: in process / over HTTP (median ms), ratio (target <= 1.3)" << Qt::endl;
    const struct
    {
        const char *name;
        qint64 lengthMs;
    } presets[] = {{"15 min", 15 * MinuteMs}, {"1 h", HourMs}, {"24 h", DayMs}, {"7 d", 7 * DayMs}, {"30 d", 30 * DayMs}};
    for (const auto &[name, length] : presets) {
        const TimeRange range{end - length, end};
        std::vector<double> local, remote;
        const QByteArray query = "/api/v1/overview?extras=false&from=" + QByteArray::number(range.fromMs) + "&to=" + QByteArray::number(range.toMs);
        for (int i = 0; i < runs; ++i) { // alternated, so that both see the same machine
            QElapsedTimer clock;
            clock.start();
            const auto overview = loadOverview(db, AllProjects, range);
            const auto minutes = loadEventsPerMinute(db, AllProjects, {floorTo(end, MinuteMs) - 59 * MinuteMs, end});
            local.push_back(double(clock.nsecsElapsed()) / 1e6);
            clock.restart();
            const QJsonObject answer = QJsonDocument::fromJson(client.get(query)).object();
            remote.push_back(double(clock.nsecsElapsed()) / 1e6);
            if (!overview || !minutes || answer.value(QStringLiteral("events")).toInteger() != overview->totals.events) {
                out() << "  " << name << ": the answers differ or failed" << Qt::endl;
                return 1;
            }
        }
        out() << "  " << qSetFieldWidth(8) << name << qSetFieldWidth(0) << "  " << median(local) << " / " << median(remote)
              << " ms, ratio " << median(remote) / std::max(0.001, median(local)) << Qt::endl;
    }

    // Events pages over HTTP (target <= 25 ms).
    out() << "Events pages of 100 over HTTP, all projects, 30 d: median / worst ms (target <= 25)" << Qt::endl;
    const QByteArray range30 = "from=" + QByteArray::number(end - 30 * DayMs) + "&to=" + QByteArray::number(end);
    // bench-overview's traffic: names event.1 (18 % of events) to event.N (rarer), places by user.
    for (const char *filter : {"", "&event=event.3", "&country=DE", "&os=linux&event=event.7", "&q=search", "&event=event.30", "&event=no.such.event&budget_ms=8"}) {
        std::vector<double> first, deep;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer clock;
            clock.start();
            QJsonObject page = QJsonDocument::fromJson(client.get("/api/v1/events?limit=100&" + range30 + filter)).object();
            first.push_back(double(clock.nsecsElapsed()) / 1e6);
            // Ten pages further down, each from the previous one's cursor: the walk a scrolling user makes.
            for (int p = 0; p < 10 && page.value(QStringLiteral("next")).isString(); ++p) {
                clock.restart();
                page = QJsonDocument::fromJson(client.get("/api/v1/events?limit=100&" + range30 + filter + "&before="
                                                          + QUrl::toPercentEncoding(page.value(QStringLiteral("next")).toString())))
                           .object();
                deep.push_back(double(clock.nsecsElapsed()) / 1e6);
            }
        }
        out() << "  " << (*filter ? filter + 1 : "no filter") << ": first page " << median(first) << " / "
              << *std::max_element(first.begin(), first.end()) << " ms; next pages " << median(deep) << " / "
              << (deep.empty() ? 0 : *std::max_element(deep.begin(), deep.end())) << " ms" << Qt::endl;
    }

    // The CSV export: over HTTP (streamed) against to a file in process.
    out() << "CSV export of 30 d, all projects (target >= 150,000 rows/s over HTTP, collector RSS <= 100 MB)" << Qt::endl;
    {
        QElapsedTimer clock;
        clock.start();
        EventFilter filter;
        filter.range = {end - 30 * DayMs, end};
        QTemporaryDir dir;
        const auto rows = exportEventsCsv(db, filter, dir.filePath(QStringLiteral("events.csv")));
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        if (!rows) {
            out() << "  in process: " << rows.error() << Qt::endl;
            return 1;
        }
        out() << "  in process to a file: " << rows.value() << " rows in " << seconds << " s = " << qint64(double(rows.value()) / seconds)
              << " rows/s" << Qt::endl;
    }
    {
        const qint64 rssBefore = rssKb(pid, "VmRSS:");
        std::atomic<bool> exporting = true;
        std::atomic<qint64> peakKb = 0;
        std::thread sampler([&] {
            while (exporting) {
                peakKb = std::max(peakKb.load(), rssKb(pid, "VmRSS:"));
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        socket.waitForConnected(5000);
        QElapsedTimer clock;
        clock.start();
        socket.write("GET /api/v1/export.csv?" + range30 + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n\r\n");
        // The chunked body, unframed as it arrives: records are counted by their line ends.
        qint64 lines = 0, bytes = 0, chunkLeft = 0;
        bool complete = false;
        QByteArray pending;
        while (!complete && socket.waitForReadyRead(60000)) {
            pending += socket.readAll();
            qsizetype at = 0;
            if (bytes == 0) { // the head
                const qsizetype headEnd = pending.indexOf("\r\n\r\n");
                if (headEnd < 0)
                    continue;
                at = headEnd + 4;
                bytes = 1;
            }
            while (at < pending.size()) {
                if (chunkLeft > 0) {
                    const qsizetype take = std::min<qsizetype>(chunkLeft, pending.size() - at);
                    lines += QByteArrayView(pending).sliced(at, take).count('\n');
                    bytes += take;
                    chunkLeft -= take;
                    at += take;
                    if (chunkLeft == 0)
                        chunkLeft = -2; // the CRLF after the data
                    continue;
                }
                if (chunkLeft < 0) {
                    const qsizetype skip = std::min<qsizetype>(-chunkLeft, pending.size() - at);
                    chunkLeft += skip;
                    at += skip;
                    continue;
                }
                const qsizetype lineEnd = pending.indexOf("\r\n", at);
                if (lineEnd < 0)
                    break;
                chunkLeft = pending.mid(at, lineEnd - at).toLongLong(nullptr, 16);
                at = lineEnd + 2;
                if (chunkLeft == 0) {
                    complete = true;
                    break;
                }
            }
            pending.remove(0, at);
        }
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        exporting = false;
        sampler.join();
        const qint64 rows = lines - 1; // the header
        out() << "  over HTTP: " << rows << " rows" << (complete ? "" : " (INCOMPLETE)") << " in " << seconds << " s = "
              << qint64(double(rows) / seconds) << " rows/s, " << bytes / 1024 / 1024 << " MB" << Qt::endl;
        out() << "  collector RSS " << rssBefore / 1024
              << " MB before, peak " << peakKb / 1024 << " MB during, VmHWM " << rssKb(pid, "VmHWM:") / 1024 << " MB" << Qt::endl;
    }
    collector.terminate();
    collector.waitForFinished(30000);
    return 0;
}
