// bench-eventquery: the Events view's read path at scale. Fills a database with the collector's
// schema with N realistic events over D days (the demo generator's traffic through the real parser,
// user ids hashed as the collector does, places by user), then times page fetches (the first page,
// and deep pages half-way and near the start of the range) with no filter and with each kind of
// filter, the progressive fill of a rare filter, a live-tail step, and the CSV export in rows/s.

#include "auth/apikey.h"
#include "core/timeunits.h"
#include "demo/demogenerator.h"
#include "protocol/jwcparser.h"
#include "query/csvexport.h"
#include "query/eventquery.h"
#include "storage/readconnection.h"
#include "storage/sqliteschema.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTextStream>

#include <sqlite3.h>

#include <algorithm>
#include <vector>

using namespace tdesk;

namespace {

struct Place
{
    const char *country, *region, *city;
    double lat, lon;
    int weight;
};

// Where users are; one place per user. No place: a user the GeoIP database does not know.
constexpr Place Places[] = {
    {"US", "NY", "New York", 40.71, -74.01, 25}, {"DE", "BE", "Berlin", 52.52, 13.40, 12},
    {"GB", "ENG", "London", 51.51, -0.13, 10},   {"IN", "KA", "Bengaluru", 12.97, 77.59, 10},
    {"FR", "IDF", "Paris", 48.86, 2.35, 8},      {"JP", "13", "Tokyo", 35.68, 139.69, 6},
    {"BR", "SP", "São Paulo", -23.55, -46.63, 6}, {"SE", "AB", "Stockholm", 59.33, 18.07, 5},
    {"CA", "ON", "Toronto", 43.65, -79.38, 5},   {"CN", "BJ", "Beijing", 39.90, 116.41, 5},
    {"AU", "NSW", "Sydney", -33.87, 151.21, 4},  {"NZ", "AUK", "Auckland", -36.85, 174.76, 1},
    {nullptr, nullptr, nullptr, 0, 0, 3},
};

const Place &placeOf(const QByteArray &anon)
{
    int total = 0;
    for (const Place &p : Places)
        total += p.weight;
    int r = int(qHash(anon, 7) % uint(total));
    for (const Place &p : Places) {
        if ((r -= p.weight) < 0)
            return p;
    }
    return Places[0];
}

int fail(sqlite3 *db, const char *what)
{
    QTextStream(stderr) << "bench-eventquery: " << what << ": " << (db ? sqlite3_errmsg(db) : "out of memory") << '\n';
    return 1;
}

// Builds the database; returns the raw id of one user, for the user filter.
int fill(const QString &path, qint64 rows, int days, qint64 endMs, QByteArray *someUser)
{
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return fail(db, "open");
    // A bulk load: no durability needed, big cache. The collector's own writer is measured elsewhere.
    if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;", nullptr,
                     nullptr, nullptr) != SQLITE_OK)
        return fail(db, "pragmas");
    if (auto migrated = migrateSqliteSchema(db); !migrated) {
        QTextStream(stderr) << "bench-eventquery: " << migrated.error() << '\n';
        return 1;
    }
    const QByteArray salt = "bench-eventquery-salt";
    const QByteArray meta = "INSERT INTO meta VALUES ('user_hash_salt', '" + salt + "');"
                            "INSERT INTO projects(name, created_ms) VALUES ('second', 0);";
    if (sqlite3_exec(db, meta.constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(db, "meta");
    sqlite3_stmt *insert = nullptr;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO events(project_id, ts, received_ms, event_id, user_hash, session_id, name, os, ext,"
                           " vscode, country, region, city, lat, lon, props)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                           -1, &insert, nullptr) != SQLITE_OK)
        return fail(db, "prepare");
    const auto text = [insert](int index, const QByteArray &value) {
        if (value.isEmpty())
            sqlite3_bind_null(insert, index);
        else
            sqlite3_bind_text(insert, index, value.constData(), int(value.size()), SQLITE_STATIC);
    };
    const auto cstring = [insert](int index, const char *value) {
        if (value)
            sqlite3_bind_text(insert, index, value, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(insert, index);
    };

    DemoGenerator generator(42);
    const qint64 spanMs = qint64(days) * DayMs;
    const qint64 startMs = endMs - spanMs;
    QElapsedTimer clock;
    clock.start();
    qint64 done = 0;
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    while (done < rows) {
        // One client's buffer of ten events, sent at its place in the D days.
        const qint64 now = startMs + qint64(double(done) / double(rows) * double(spanMs));
        ParsedRequest parsed = parseJwcRequest(generator.nextBatchBody(10, now, EventIds::TimeOrdered), ParserLimits{1000, now});
        for (Event &e : parsed.events) {
            if (done == rows)
                break;
            if (someUser->isEmpty())
                *someUser = e.anon;
            const qint64 project = done % 20 == 19 ? 2 : 1;
            const Place &place = placeOf(e.anon);
            sqlite3_bind_int64(insert, 1, project);
            sqlite3_bind_int64(insert, 2, e.timeMs);
            sqlite3_bind_int64(insert, 3, now + 40);
            text(4, e.id);
            text(5, userHash(salt, project, e.anon));
            text(6, e.sessionId);
            text(7, e.name);
            text(8, e.os);
            text(9, e.ext);
            text(10, e.vscode);
            cstring(11, place.country);
            cstring(12, place.region);
            cstring(13, place.city);
            if (place.country) {
                sqlite3_bind_double(insert, 14, place.lat);
                sqlite3_bind_double(insert, 15, place.lon);
            } else {
                sqlite3_bind_null(insert, 14);
                sqlite3_bind_null(insert, 15);
            }
            text(16, e.props);
            if (sqlite3_step(insert) != SQLITE_DONE)
                return fail(db, "insert");
            sqlite3_reset(insert);
            if (++done % 100000 == 0) {
                sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr);
                if (done % 1000000 == 0)
                    QTextStream(stdout) << "  " << done << " rows, " << clock.elapsed() / 1000 << " s\n" << Qt::flush;
            }
        }
    }
    if (sqlite3_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(db, "commit");
    sqlite3_finalize(insert);
    sqlite3_close(db);
    QTextStream(stdout) << "filled " << rows << " rows in " << clock.elapsed() / 1000.0 << " s\n" << Qt::flush;
    return 0;
}

struct Timing
{
    double medianMs = 0;
    double maxMs = 0;
    qsizetype rows = 0;
    bool reachedStart = false;
    QString error;
};

Timing timePage(const QSqlDatabase &db, const EventFilter &filter, const EventCursor &cursor, int pageSize, int repeat)
{
    Timing timing;
    std::vector<double> samples;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer clock;
        clock.start();
        const auto page = fetchEventPage(db, filter, cursor, pageSize);
        samples.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (!page) {
            timing.error = page.error();
            return timing;
        }
        timing.rows = page->rows.size();
        timing.reachedStart = page->reachedRangeStart;
    }
    std::sort(samples.begin(), samples.end());
    timing.medianMs = samples[samples.size() / 2];
    timing.maxMs = samples.back();
    return timing;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Events view read path: page fetch times and CSV export rate."));
    parser.addHelpOption();
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Events to store (default 10000000)."),
                                        QStringLiteral("N"), QStringLiteral("10000000"));
    const QCommandLineOption daysOption(QStringLiteral("days"), QStringLiteral("Days they span, ending now (default 30)."),
                                        QStringLiteral("D"), QStringLiteral("30"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database file (default: a temporary file)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption reuseOption(QStringLiteral("reuse"), QStringLiteral("Use --db as it is if it exists."));
    const QCommandLineOption pageOption(QStringLiteral("page"), QStringLiteral("Rows a page (default 500)."),
                                        QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption repeatOption(QStringLiteral("repeat"), QStringLiteral("Fetches per measurement (default 15)."),
                                          QStringLiteral("N"), QStringLiteral("15"));
    const QCommandLineOption noExportOption(QStringLiteral("no-export"), QStringLiteral("Skip the CSV export."));
    const QCommandLineOption noPagesOption(QStringLiteral("no-pages"), QStringLiteral("Skip the page fetches."));
    parser.addOptions({rowsOption, daysOption, dbOption, reuseOption, pageOption, repeatOption, noExportOption, noPagesOption});
    parser.process(app);

    const qint64 rows = parser.value(rowsOption).toLongLong();
    const int days = parser.value(daysOption).toInt();
    const int pageSize = parser.value(pageOption).toInt();
    const int repeat = parser.value(repeatOption).toInt();
    if (rows < 1 || days < 1 || pageSize < 1 || repeat < 1) {
        QTextStream(stderr) << "bench-eventquery: --rows, --days, --page and --repeat must be positive\n";
        return 2;
    }
    const bool temporary = !parser.isSet(dbOption);
    const QString path = temporary ? QDir::temp().filePath(
                                         QStringLiteral("bench-eventquery-%1.db").arg(QCoreApplication::applicationPid()))
                                   : parser.value(dbOption);
    QTextStream out(stdout);
    QByteArray someUser;
    if (!(parser.isSet(reuseOption) && QFile::exists(path))) {
        if (const int failed = fill(path, rows, days, QDateTime::currentMSecsSinceEpoch(), &someUser))
            return failed;
    }

    QSqlDatabase db = sqliteReadConnection(path);
    if (!db.isOpen()) {
        QTextStream(stderr) << "bench-eventquery: cannot open " << path << '\n';
        return 1;
    }
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT count(*), min(ts), max(ts) FROM events"));
    q.next();
    const qint64 stored = q.value(0).toLongLong();
    const qint64 oldestMs = q.value(1).toLongLong();
    const qint64 newestMs = q.value(2).toLongLong();
    q.finish();
    if (someUser.isEmpty()) { // reused database: the first event's user, from the demo generator's seed
        DemoGenerator generator(42);
        someUser = parseJwcRequest(generator.nextBatchBody(10, oldestMs, EventIds::TimeOrdered), ParserLimits{1000, oldestMs}).events.at(0).anon;
    }
    out << stored << " events from " << QDateTime::fromMSecsSinceEpoch(oldestMs, Qt::UTC).toString(Qt::ISODate)
        << " to " << QDateTime::fromMSecsSinceEpoch(newestMs, Qt::UTC).toString(Qt::ISODate) << ", pages of "
        << pageSize << ", default budget (10 ms), median and max of " << repeat << " fetches\n\n";

    const struct
    {
        const char *label;
        EventFilter filter;
    } filters[] = {
        {"no filter", {.projectId = 1}},
        {"no filter, all projects", {}},
        {"event command.run (30%)", {.projectId = 1, .name = QStringLiteral("command.run")}},
        {"event crash.report (1%)", {.projectId = 1, .name = QStringLiteral("crash.report")}},
        {"os linux (25%)", {.projectId = 1, .os = QStringLiteral("linux")}},
        {"country JP (6%)", {.projectId = 1, .country = QStringLiteral("JP")}},
        {"country NZ (1%)", {.projectId = 1, .country = QStringLiteral("NZ")}},
        {"text \"refactor\" (10%)", {.projectId = 1, .text = QStringLiteral("refactor")}},
        {"text \"größe\" (none, GLOB)", {.projectId = 1, .text = QStringLiteral("größe")}},
        {"text absent (none)", {.projectId = 1, .text = QStringLiteral("no such text")}},
        {"user by raw id", {.projectId = 1, .user = QString::fromUtf8(someUser)}},
        {"crash.report + NZ (0.01%)", {.projectId = 1, .name = QStringLiteral("crash.report"), .country = QStringLiteral("NZ")}},
    };
    const struct
    {
        const char *label;
        EventCursor cursor;
    } positions[] = {
        {"first page", {}},
        {"deep: half-way", {newestMs - (newestMs - oldestMs) / 2, std::numeric_limits<qint64>::max()}},
        {"deep: 1% from start", {oldestMs + (newestMs - oldestMs) / 100, std::numeric_limits<qint64>::max()}},
    };

    if (!parser.isSet(noPagesOption)) {
    out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
               .arg(QStringLiteral("filter"), -28)
               .arg(QStringLiteral("position"), -20)
               .arg(QStringLiteral("median ms"), 10)
               .arg(QStringLiteral("max ms"), 8)
               .arg(QStringLiteral("rows"), 6)
               .arg(QStringLiteral("at start"), 9);
    for (const auto &[label, filter] : filters) {
        for (const auto &[where, cursor] : positions) {
            const Timing t = timePage(db, filter, cursor, pageSize, repeat);
            if (!t.error.isEmpty()) {
                QTextStream(stderr) << "bench-eventquery: " << t.error << '\n';
                return 1;
            }
            out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                       .arg(QString::fromUtf8(label), -28)
                       .arg(QLatin1StringView(where), -20)
                       .arg(t.medianMs, 10, 'f', 2)
                       .arg(t.maxMs, 8, 'f', 2)
                       .arg(t.rows, 6)
                       .arg(t.reachedStart ? QStringLiteral("yes") : QStringLiteral("no"), 9)
                << Qt::flush;
        }
    }

    // A rare filter fills progressively: fetches (each within the budget) until one page is full.
    out << "\nprogressive fill of one page of " << pageSize << " rows, from the newest:\n";
    for (const auto &[label, filter] : filters) {
        QElapsedTimer clock;
        clock.start();
        EventCursor cursor;
        qsizetype found = 0;
        std::vector<double> fetchMs;
        bool reachedStart = false;
        while (found < pageSize && !reachedStart && clock.elapsed() < 60000) {
            QElapsedTimer one;
            one.start();
            const auto page = fetchEventPage(db, filter, cursor, int(pageSize - found));
            fetchMs.push_back(double(one.nsecsElapsed()) / 1e6);
            if (!page)
                return 1;
            found += page->rows.size();
            cursor = page->next;
            reachedStart = page->reachedRangeStart;
        }
        const qsizetype over16 = std::count_if(fetchMs.begin(), fetchMs.end(), [](double ms) { return ms > 16; });
        std::sort(fetchMs.begin(), fetchMs.end());
        out << QStringLiteral("%1 %2 rows in %3 fetches, %4 ms in all; fetch p99 %5 ms, max %6 ms, %7 over 16 ms%8\n")
                   .arg(QString::fromUtf8(label), -28)
                   .arg(found, 4)
                   .arg(fetchMs.size(), 5)
                   .arg(clock.elapsed(), 6)
                   .arg(fetchMs[std::min(fetchMs.size() - 1, fetchMs.size() * 99 / 100)], 0, 'f', 2)
                   .arg(fetchMs.back(), 0, 'f', 2)
                   .arg(over16)
                   .arg(reachedStart ? QStringLiteral(" (reached the start)") : QString())
            << Qt::flush;
    }

    {
        // A live-tail step over the last 20,000 stored rows.
        q.exec(QStringLiteral("SELECT max(id) FROM events"));
        q.next();
        const qint64 newestId = q.value(0).toLongLong();
        q.finish();
        QElapsedTimer clock;
        clock.start();
        const auto tail = fetchNewerThan(db, {.projectId = 1, .os = QStringLiteral("linux")}, newestId - 20000, 2000);
        out << "\nlive tail, os linux, 20,000 rows arrived: " << (tail ? tail->rows.size() : -1) << " rows in "
            << double(clock.nsecsElapsed()) / 1e6 << " ms, caught up: " << (tail && tail->caughtUp ? "yes" : "no") << '\n';
    }
    }

    if (!parser.isSet(noExportOption)) {
        const QString csvPath = path + QStringLiteral(".csv");
        for (const auto &[label, filter] : {std::pair{"all events", EventFilter{}},
                                            std::pair{"os linux", EventFilter{.projectId = 1, .os = QStringLiteral("linux")}}}) {
            QElapsedTimer clock;
            clock.start();
            const auto written = exportEventsCsv(db, filter, csvPath);
            const double seconds = double(clock.nsecsElapsed()) / 1e9;
            if (!written) {
                QTextStream(stderr) << "bench-eventquery: export: " << written.error() << '\n';
                return 1;
            }
            out << "CSV export, " << label << ": " << *written << " rows, " << QFileInfo(csvPath).size() / 1000000
                << " MB in " << seconds << " s: " << qint64(double(*written) / seconds) << " rows/s\n"
                << Qt::flush;
            QFile::remove(csvPath);
        }
    }

    db = QSqlDatabase();
    if (temporary) {
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(path + QLatin1String(suffix));
    }
    return 0;
}
