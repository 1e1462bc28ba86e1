// bench-sqlite-baseline: the storage ceiling the ingest benchmark compares against. Raw prepared
// SQLite inserts of the rows the collector would store for the load generator's traffic (parsed by
// the same parser, user ids hashed the same way), into the events table alone, WAL, 100 rows a
// transaction; nothing else. Only the inserts are timed: rows are made in untimed chunks.

#include "auth/apikey.h"
#include "demo/demogenerator.h"
#include "protocol/jwcparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <sqlite3.h>

using namespace tdesk;

namespace {

constexpr const char *Schema = R"SQL(
CREATE TABLE events(id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, ts INTEGER NOT NULL, received_ms INTEGER NOT NULL, event_id TEXT, user_hash TEXT NOT NULL, session_id TEXT, name TEXT NOT NULL, os TEXT, ext TEXT, vscode TEXT, country TEXT, region TEXT, city TEXT, lat REAL, lon REAL, props TEXT);
CREATE UNIQUE INDEX events_project_event_id ON events(project_id, event_id) WHERE event_id IS NOT NULL;
CREATE INDEX events_project_ts ON events(project_id, ts);
)SQL";

constexpr qsizetype ChunkRows = 20000;

int fail(sqlite3 *db, const char *what)
{
    QTextStream(stderr) << "bench-sqlite-baseline: " << what << ": " << (db ? sqlite3_errmsg(db) : "out of memory") << '\n';
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Raw prepared SQLite inserts of collector rows: the ingest benchmark's storage ceiling."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database file, replaced (default: a temporary file)."), QStringLiteral("FILE"));
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Rows to insert (default 1000000)."), QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption txnOption(QStringLiteral("per-transaction"), QStringLiteral("Rows per transaction (default 100)."), QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption syncOption(QStringLiteral("sync"), QStringLiteral("normal (default) or full."), QStringLiteral("MODE"), QStringLiteral("normal"));
    const QCommandLineOption idsOption(QStringLiteral("id-kind"), QStringLiteral("Event ids: v7 (default), v4 or none, as telemetry-loadgen's."),
                                       QStringLiteral("KIND"), QStringLiteral("v7"));
    const QCommandLineOption usersOption(QStringLiteral("users"), QStringLiteral("A pool of N users or 'new', as telemetry-loadgen's (default 2000)."),
                                         QStringLiteral("N|new"), QStringLiteral("2000"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({dbOption, rowsOption, txnOption, syncOption, idsOption, usersOption, jsonOption});
    parser.process(app);

    bool rowsOk = false, txnOk = false;
    const qsizetype rows = parser.value(rowsOption).toLongLong(&rowsOk);
    const int perTxn = parser.value(txnOption).toInt(&txnOk);
    const QString sync = parser.value(syncOption);
    const std::optional<EventIds> ids = parseEventIds(parser.value(idsOption));
    const bool newUsers = parser.value(usersOption) == QLatin1String("new");
    bool usersOk = newUsers;
    const int users = newUsers ? 2000 : parser.value(usersOption).toInt(&usersOk);
    if (!rowsOk || rows < 1 || !txnOk || perTxn < 1 || (sync != QLatin1String("normal") && sync != QLatin1String("full"))
        || !ids || !usersOk || users < 1) {
        QTextStream(stderr) << "bench-sqlite-baseline: --rows and --per-transaction must be positive, --sync normal or full,"
                               " --id-kind v7, v4 or none, --users a positive number or 'new'\n";
        return 2;
    }
    const bool temporary = !parser.isSet(dbOption);
    const QString path = temporary ? QDir::temp().filePath(QStringLiteral("bench-sqlite-baseline-%1.db").arg(QCoreApplication::applicationPid()))
                                   : parser.value(dbOption);
    const auto removeFiles = [&path] {
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(path + QLatin1String(suffix));
    };
    removeFiles();

    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return fail(db, "open");
    // The collector writer's settings.
    const QByteArray pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + sync.toUpper().toLatin1() + "; PRAGMA cache_size=-32768;";
    if (sqlite3_exec(db, pragmas.constData(), nullptr, nullptr, nullptr) != SQLITE_OK || sqlite3_exec(db, Schema, nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(db, "schema");
    sqlite3_stmt *insert = nullptr;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO events(project_id, ts, received_ms, event_id, user_hash, session_id, name, os, ext,"
                           " vscode, country, region, city, lat, lon, props) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                           " NULL, NULL, NULL, NULL, NULL, ?11)",
                           -1, &insert, nullptr) != SQLITE_OK)
        return fail(db, "prepare");
    const auto text = [insert](int index, const QByteArray &value) {
        if (value.isEmpty())
            sqlite3_bind_null(insert, index);
        else
            sqlite3_bind_text(insert, index, value.constData(), int(value.size()), SQLITE_STATIC);
    };

    DemoGenerator generator(1, users);
    generator.setNewUserEachEvent(newUsers);
    const QByteArray salt = "bench-salt";
    std::vector<Event> chunk;
    chunk.reserve(size_t(ChunkRows));
    qint64 insertNs = 0;
    qsizetype done = 0;
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
    while (done < rows) {
        chunk.clear();
        while (qsizetype(chunk.size()) < std::min(ChunkRows, rows - done)) {
            // The clock the load generator would see sending 100k events/s: times and ids move on as
            // in the collector's run, so the indexes see the same order of keys.
            const qint64 now = startMs + (done + qsizetype(chunk.size())) / 100;
            ParsedRequest parsed = parseJwcRequest(generator.nextBatchBody(100, now, *ids), ParserLimits{1000, now});
            for (Event &e : parsed.events) {
                e.projectId = 1;
                e.receivedMs = now;
                e.userHash = userHash(salt, 1, e.anon);
                chunk.push_back(std::move(e));
            }
        }
        chunk.resize(size_t(std::min(ChunkRows, rows - done)));

        QElapsedTimer timer;
        timer.start();
        for (size_t i = 0; i < chunk.size(); ++i, ++done) {
            if (done % perTxn == 0)
                sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
            const Event &e = chunk[i];
            sqlite3_bind_int64(insert, 1, e.projectId);
            sqlite3_bind_int64(insert, 2, e.timeMs);
            sqlite3_bind_int64(insert, 3, e.receivedMs);
            text(4, e.id);
            text(5, e.userHash);
            text(6, e.sessionId);
            text(7, e.name);
            text(8, e.os);
            text(9, e.ext);
            text(10, e.vscode);
            text(11, e.props);
            if (sqlite3_step(insert) != SQLITE_DONE)
                return fail(db, "insert");
            sqlite3_reset(insert);
            if ((done + 1) % perTxn == 0 || done + 1 == rows) {
                if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
                    return fail(db, "commit");
            }
        }
        insertNs += timer.nsecsElapsed();
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    if (temporary)
        removeFiles();

    const double seconds = double(insertNs) / 1e9;
    const double perSec = double(rows) / seconds;
    QTextStream out(stdout);
    if (parser.isSet(jsonOption))
        out << "{\"rows\":" << rows << ",\"per_transaction\":" << perTxn << ",\"seconds\":" << seconds
            << ",\"rows_per_sec\":" << qint64(perSec) << "}\n";
    else
        out << rows << " rows, " << perTxn << " a transaction, synchronous=" << sync << ": " << seconds << " s, "
            << qint64(perSec) << " rows/s\n";
    return 0;
}
