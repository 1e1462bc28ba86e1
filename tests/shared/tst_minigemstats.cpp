// /stats, /debug/recent and /debug/counts: exact values, written by hand, on known events stored
// through the collector's own writer (SqliteStore), so that the rollups read are the ones ingest
// writes: days the writer had built before the events came (rollup_day takes them at commit) and a
// day it has not built yet (rollup_hour).

#include "server/minigemstats.h"
#include "storage/catalog.h"
#include "storage/sqlitestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

constexpr char U1[] = "a1a1a1000000000000000000000000a1";
constexpr char U2[] = "b2b2b2000000000000000000000000b2";
constexpr char U3[] = "c3c3c3000000000000000000000000c3";
constexpr char U4[] = "d4d4d4000000000000000000000000d4";
constexpr char U5[] = "e5e5e5000000000000000000000000e5";

struct Row
{
    int project; // 1: the default project, 2: another one
    const char *when, *name, *user, *os, *ext, *vscode, *country, *session, *props;
};

// 2026-03-02 is a Monday, 2026-03-04 a Wednesday; nothing of project 1 happens on the 3rd.
constexpr Row Events[] = {
    {1, "2026-03-02T08:05:00Z", "java.run.started", U1, "linux", "1.0.0", "1.95.0", "SE", "s1", nullptr},
    {1, "2026-03-02T08:06:00Z", "java.run.completed", U1, "linux", "1.0.0", "1.95.0", "SE", "s1",
     R"({"durationMs":400,"waitMsTotal":10,"exit":0,"cumulativeBytesBucket":"<1KB","scannerUsage":true,"truncatedOutput":false})"},
    {1, "2026-03-02T09:30:00Z", "java.run.started", U2, nullptr, nullptr, nullptr, "US", "s2", nullptr},
    {1, "2026-03-02T09:31:00Z", "java.run.completed", U2, nullptr, nullptr, nullptr, "US", "s2",
     R"({"durationMs":"slow","waitMsTotal":30,"exit":1,"truncatedOutput":true,"scannerUsage":"yes"})"},
    {1, "2026-03-04T10:00:00Z", "java.run.completed", U2, "win32", "1.0.0", "1.95.0", "US", "s3",
     R"({"durationMs":5000,"exit":"bad","cumulativeBytesBucket":7,"waitMsTotal":null})"},
    {1, "2026-03-04T10:20:00Z", "java.run.completed", U3, "darwin", "1.1.0", "1.95.0", "DE", nullptr,
     R"({"durationMs":1500.5,"waitMsTotal":20,"exit":130,"cumulativeBytesBucket":"1-10KB","scannerUsage":false})"},
    {1, "2026-03-04T11:00:00Z", "java.run.error", U3, "darwin", "1.1.0", "1.95.0", "DE", "s5",
     R"({"phase":"compile","exceptionHash":"e1"})"},
    {1, "2026-03-04T11:01:00Z", "java.run.error", U3, "darwin", "1.1.0", "1.95.0", "DE", nullptr,
     R"({"phase":42,"exceptionHash":"e1"})"},
    {1, "2026-03-04T11:02:00Z", "java.run.error", U3, "darwin", "1.1.0", "1.95.0", "FR", nullptr, R"({"exceptionHash":"e2"})"},
    {1, "2026-03-04T11:03:00Z", "java.run.error", U3, "darwin", "1.1.0", "1.95.0", "FR", nullptr,
     R"({"phase":"runtime","exceptionHash":["x"]})"},
    {1, "2026-03-04T12:00:00Z", "java.run.completed", U1, "linux", "1.0.0", "1.95.0", "SE", nullptr, R"({"durationMs":)"},
    {1, "2026-03-04T12:30:00Z", "java.run.completed", U1, "linux", "1.0.0", "1.95.0", "at", "s1",
     R"({"durationMs":-5,"exit":0,"waitMsTotal":"x","scannerUsage":true,"truncatedOutput":"no"})"},
    {1, "2026-03-04T23:59:59.999Z", "install.created", U4, "linux", "", "1.95.0", nullptr, nullptr, nullptr},
    // Just outside 2026-03-02..04.
    {1, "2026-03-01T23:59:59.999Z", "install.created", U4, "linux", "1.0.0", "1.95.0", nullptr, nullptr, nullptr},
    {1, "2026-03-05T00:00:00.000Z", "outside.after", U4, "linux", "1.0.0", "1.95.0", nullptr, nullptr, nullptr},
    // Another project, inside the range: never counted for project 1.
    {2, "2026-03-03T12:00:00Z", "java.run.completed", U5, "linux", "9.9.9", "1.0.0", "FR", "p2s",
     R"({"durationMs":99999,"exit":0,"waitMsTotal":5000,"scannerUsage":true})"},
    {2, "2026-03-04T11:00:00Z", "install.created", U5, "linux", "9.9.9", "1.0.0", "FR", "p2s", nullptr},
    {2, "2026-03-04T11:30:00Z", "other.project", U5, "mac", "9.9.9", "1.0.0", "JP", nullptr, nullptr},
};
constexpr int Project1Events = 15;

qint64 msAt(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QVariant text(const char *value)
{
    return value ? QVariant(QString::fromUtf8(value)) : QVariant(QMetaType::fromType<QString>());
}

// The writer's clock: 2026-03-02 and 03 are over (built into rollup_day), 03-04 is today.
const qint64 StoreNowMs = QDateTime(QDate(2026, 3, 4), QTime(13, 0), Qt::UTC).toMSecsSinceEpoch();

// The value at a path of keys and indexes separated by '/' (event names contain dots).
QJsonValue at(const QJsonValue &root, const QString &path)
{
    QJsonValue v = root;
    for (const QString &part : path.split(u'/'))
        v = v.isArray() ? v.toArray().at(part.toInt()) : v.toObject().value(part);
    return v;
}

// JSON text of one value, key order and number spelling normalised, for readable comparisons.
QByteArray compact(const QJsonValue &v)
{
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
}

QByteArray normalised(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]", &error);
    return error.error == QJsonParseError::NoError ? doc.toJson(QJsonDocument::Compact) : "bad expectation: " + json;
}

QJsonObject parsed(const Result<QByteArray> &json)
{
    if (!json)
        qWarning("query failed: %s", qPrintable(json.error()));
    return json ? QJsonDocument::fromJson(json.value()).object() : QJsonObject();
}

} // namespace

class TestMinigemStats : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<SqliteStore> m_store;
    QSqlDatabase m_db;
    QByteArray m_statsJson; // project 1, 2026-03-02..04, now 2026-03-04T11:05Z
    QJsonObject m_stats;
    qint64 m_project[3] = {0, 0, 0}; // the projects of Row::project 1 and 2
    quint64 m_ticket = 0;
    int m_nextProject = 0; // projects of the focused tests below, one each

    qint64 newProject()
    {
        auto catalog = Catalog::open(parseDatabaseUrl(m_path).value());
        const auto project = catalog ? catalog->createProject(QStringLiteral("p%1").arg(++m_nextProject)) : Error{catalog.error()};
        if (!project)
            qWarning("%s", qPrintable(project.error()));
        return project ? project->id : -1;
    }

    // Stores the events as ingest does, and returns once they are committed.
    void store(std::vector<Event> events)
    {
        const quint64 expected = m_store->stats().committedEvents + events.size();
        QVERIFY(m_store->submit(++m_ticket, std::move(events)));
        m_store->commitSoon();
        QTRY_COMPARE(m_store->stats().committedEvents, expected);
    }

    void insertRun(qint64 project, qint64 ts, const char *name, const QVariant &props)
    {
        Event e;
        e.projectId = project;
        e.timeMs = e.receivedMs = ts;
        e.userHash = U1;
        e.name = name;
        e.props = props.toString().toUtf8();
        store({e});
    }

    QJsonObject stats(qint64 project, QDate from, QDate to)
    {
        return parsed(computeMinigemStats(m_db, project, StatsRange{from, to}, msAt("2026-03-04T11:05:00Z")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("stats.db"));
        SqliteOptions options(m_path);
        options.clock = [] { return StoreNowMs; };
        auto opened = SqliteStore::open(options);
        QVERIFY2(opened, qPrintable(opened.error()));
        m_store = std::move(opened.value());
        {
            auto catalog = Catalog::open(parseDatabaseUrl(m_path).value());
            QVERIFY2(catalog, qPrintable(catalog.error()));
            m_project[1] = catalog->project(QStringLiteral("default"))->id;
            m_project[2] = catalog->createProject(QStringLiteral("other"))->id;
        }
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst_minigemstats"));
        m_db.setDatabaseName(m_path);
        QVERIFY(m_db.open());
        // The writer has built the days before today: the fixture's events of those days are late ones.
        const qint64 today = StoreNowMs / 86400000;
        const auto dayThrough = [this] {
            QSqlQuery q(QStringLiteral("SELECT value FROM meta WHERE key = 'rollup_day_through'"), m_db);
            return q.next() ? q.value(0).toLongLong() : 0; // the query ends here: no snapshot held open
        };
        QTRY_COMPARE(dayThrough(), today);
        std::vector<Event> events;
        for (const Row &r : Events) {
            Event e;
            e.projectId = m_project[r.project];
            e.timeMs = msAt(r.when);
            e.receivedMs = e.timeMs + 5;
            e.name = r.name;
            e.userHash = r.user;
            e.os = r.os;
            e.ext = r.ext;
            e.vscode = r.vscode;
            e.country = r.country;
            e.sessionId = r.session;
            e.props = r.props;
            events.push_back(e);
        }
        store(std::move(events)); // one request: row ids in the order above
        QCOMPARE(m_project[1], 1);
        const auto json = computeMinigemStats(m_db, m_project[1], StatsRange{QDate(2026, 3, 2), QDate(2026, 3, 4)},
                                              msAt("2026-03-04T11:05:00Z"));
        QVERIFY2(json, qPrintable(json.error())); // wrong-typed and malformed metrics never fail it
        m_statsJson = json.value();
        m_stats = QJsonDocument::fromJson(m_statsJson).object();
    }

    void cleanupTestCase()
    {
        if (m_store)
            m_store->drainAndStop();
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("tst_minigemstats"));
    }

    void hasMinigemKeys()
    {
        QStringList expected{
            QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("windowDays"), QStringLiteral("total"),
            QStringLiteral("uniques"), QStringLiteral("osTypes"), QStringLiteral("extTypes"), QStringLiteral("vscodeTypes"),
            QStringLiteral("daily"), QStringLiteral("dailyOs"), QStringLiteral("byEvent"), QStringLiteral("byOs"),
            QStringLiteral("byExt"), QStringLiteral("byVscode"), QStringLiteral("hourly"), QStringLiteral("hourlyVisitors"),
            QStringLiteral("dow"), QStringLiteral("runs"), QStringLiteral("errors"), QStringLiteral("durations"),
            QStringLiteral("exitCodes"), QStringLiteral("outputBuckets"), QStringLiteral("interactiveRate"),
            QStringLiteral("truncationRate"), QStringLiteral("topExceptions"), QStringLiteral("geo"),
            QStringLiteral("activeSessions"), QStringLiteral("installsTotal"), QStringLiteral("installsWindow"),
            QStringLiteral("sessionsRecent"), QStringLiteral("dailyLearningOutcomes"), QStringLiteral("sessions"),
            QStringLiteral("tables")};
        expected.sort();
        QCOMPARE(m_stats.keys(), expected);
        QCOMPARE(at(m_stats, QStringLiteral("tables")).toObject().keys(),
                 QStringList({QStringLiteral("eventsTop"), QStringLiteral("exceptionsTop"), QStringLiteral("exitTop"),
                              QStringLiteral("extTop"), QStringLiteral("vscodeTop")}));
    }

    void values_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("expected");
        const auto row = [](const char *path, const char *json) {
            QTest::newRow(path) << QString::fromLatin1(path) << QByteArray(json);
        };
        row("from", R"("2026-03-02")");
        row("to", R"("2026-03-04")");
        row("windowDays", "3");
        row("total", "13");
        row("uniques", "4");
        row("osTypes", "4");
        row("extTypes", "3");
        row("vscodeTypes", "2");
        row("daily", R"({"dates":["2026-03-02","2026-03-03","2026-03-04"],"hits":[4,0,9],"uniques":[2,0,4]})");
        row("dailyOs", R"({"labels":["2026-03-02","2026-03-03","2026-03-04"],"series":[{"key":"darwin","data":[0,0,5]},
            {"key":"linux","data":[2,0,3]},{"key":"unknown","data":[2,0,0]},{"key":"win32","data":[0,0,1]}]})");
        row("byEvent", R"({"install.created":1,"java.run.completed":6,"java.run.error":4,"java.run.started":2})");
        row("byOs", R"({"darwin":5,"linux":5,"unknown":2,"win32":1})");
        row("byExt", R"({"1.0.0":5,"1.1.0":5,"unknown":3})");
        row("byVscode", R"({"1.95.0":11,"unknown":2})");
        row("hourly", "[0,0,0,0,0,0,0,0,2,2,2,4,2,0,0,0,0,0,0,0,0,0,0,1]");
        row("hourlyVisitors", "[0,0,0,0,0,0,0,0,1,1,2,1,1,0,0,0,0,0,0,0,0,0,0,1]");
        row("dow", "[0,4,0,9,0,0,0]");
        row("runs", R"({"started":2,"completed":6})");
        // Phase 42 counts nowhere; a missing phase is runtime, as in minigem. Rates are per started run.
        row("errors", R"({"compile":1,"runtime":2,"compileRate":0.5,"runtimeRate":1})");
        // Valid durations 400, 1500.5, 5000 ("slow", -5 and malformed JSON drop out); waits 10, 30, 20.
        row("durations", R"({"count":3,"median":1500.5,"p90":5000,"avgWaitMs":20,"hist":{"labels":["0-500ms","500-1000ms",
            "1000-3000ms","3000-10000ms","10000-30000ms","30000-60000ms","60000-120000ms","≥120000ms"],
            "values":[1,0,1,1,0,0,0,0]}})");
        row("exitCodes", R"({"0":2,"1":1,"130":1})");
        row("outputBuckets", R"({"-":3,"1-10KB":1,"<1KB":1})");
        row("interactiveRate", "0.4"); // true, true of 5 ("yes" left out)
        row("truncationRate", "0.2");  // true of 5 ("no" left out)
        row("topExceptions", R"({"e1":2,"e2":1})");
        row("geo/byCountry", R"({"AT":{"hits":1,"visitors":1},"DE":{"hits":3,"visitors":1},"FR":{"hits":2,"visitors":1},
            "SE":{"hits":3,"visitors":1},"US":{"hits":3,"visitors":1},"unknown":{"hits":1,"visitors":1}})");
        // Two users in Europe, though one of them shows up in two countries.
        row("geo/byContinent", R"({"EU":{"hits":9,"visitors":2},"NA":{"hits":3,"visitors":1},"unknown":{"hits":1,"visitors":1}})");
        row("activeSessions", "1"); // s5 since 10:55; project 2's p2s does not count
        row("installsTotal", "2");
        row("installsWindow", "1");
        // Ordered by last activity: s1 started first but was active last.
        row("sessionsRecent", R"([
            {"id":"s1","student":"a1a1a1…","startedAt":"2026-03-02T08:05:00.000Z","lastAt":"2026-03-04T12:30:00.000Z",
             "completed":true,"exit":0,"durationMs":400,"interactive":true},
            {"id":"s5","student":"c3c3c3…","startedAt":"2026-03-04T11:00:00.000Z","lastAt":"2026-03-04T11:00:00.000Z",
             "completed":false,"exit":-1,"durationMs":0,"interactive":false},
            {"id":"s3","student":"b2b2b2…","startedAt":"2026-03-04T10:00:00.000Z","lastAt":"2026-03-04T10:00:00.000Z",
             "completed":true,"exit":-1,"durationMs":5000,"interactive":false},
            {"id":"s2","student":"b2b2b2…","startedAt":"2026-03-02T09:30:00.000Z","lastAt":"2026-03-02T09:31:00.000Z",
             "completed":true,"exit":1,"durationMs":0,"interactive":false}])");
        row("dailyLearningOutcomes", R"({"2026-03-02":{"0":1,"1":1},"2026-03-04":{"0":1,"130":1}})");
        row("sessions/successTop", R"([
            {"student":"a1a1a1…","ts":"2026-03-02T08:06:00.000Z","durationMs":400,"interactive":true,"exit":0,"outputBucket":"<1KB"},
            {"student":"a1a1a1…","ts":"2026-03-04T12:30:00.000Z","durationMs":0,"interactive":true,"exit":0}])");
        row("sessions/frustratedTop", R"([{"student":"c3c3c3…","ts":"2026-03-04T10:20:00.000Z","durationMs":1500.5,
            "interactive":false,"exit":130,"outputBucket":"1-10KB"}])");
        row("tables/exitTop", R"([{"key":"0","code":"0","count":2,"pct":0.5,"percent":50},
            {"key":"1","code":"1","count":1,"pct":0.25,"percent":25},{"key":"130","code":"130","count":1,"pct":0.25,"percent":25}])");
    }

    void values()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, expected);
        QCOMPARE(compact(at(m_stats, path)), normalised(expected));
    }

    void tables_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("pct");
        QTest::addColumn<double>("percent");
        const auto row = [](const char *name, const char *table, int size, int index, const char *label, const char *key,
                            int count, double pct, double percent) {
            QTest::newRow(name) << QString::fromLatin1(table) << size << index << QString::fromLatin1(label)
                                << QString::fromLatin1(key) << count << pct << percent;
        };
        row("events first", "eventsTop", 4, 0, "event", "java.run.completed", 6, 6.0 / 13, 46.2);
        row("events last", "eventsTop", 4, 3, "event", "install.created", 1, 1.0 / 13, 7.7);
        row("ext tie by key", "extTop", 3, 0, "version", "1.0.0", 5, 5.0 / 13, 38.5);
        row("ext unknown", "extTop", 3, 2, "version", "unknown", 3, 3.0 / 13, 23.1);
        row("vscode", "vscodeTop", 2, 0, "version", "1.95.0", 11, 11.0 / 13, 84.6);
        row("exceptions", "exceptionsTop", 2, 0, "exceptionHash", "e1", 2, 2.0 / 3, 66.7);
    }

    void tables()
    {
        QFETCH(QString, table);
        QFETCH(int, size);
        QFETCH(int, index);
        QFETCH(QString, label);
        QFETCH(QString, key);
        QFETCH(int, count);
        QFETCH(double, pct);
        QFETCH(double, percent);
        const QJsonArray rows = at(m_stats, QStringLiteral("tables/") + table).toArray();
        QCOMPARE(rows.size(), size);
        const QJsonObject r = rows.at(index).toObject();
        QCOMPARE(r.value(QStringLiteral("key")).toString(), key);
        QCOMPARE(r.value(label).toString(), key);
        QCOMPARE(r.value(QStringLiteral("count")).toInt(), count);
        QCOMPARE(r.value(QStringLiteral("pct")).toDouble(), pct);
        QCOMPARE(r.value(QStringLiteral("percent")).toDouble(), percent);
    }

    void userIdsMasked()
    {
        QCOMPARE(maskUserHash(QString::fromLatin1(U1)), QStringLiteral("a1a1a1…"));
        const QByteArray recent = recentEventsJson(m_db, 1, 1000).value();
        for (const char *user : {U1, U2, U3, U4}) {
            QVERIFY2(!m_statsJson.contains(QByteArray(user).left(7)), user);
            QVERIFY2(!recent.contains(QByteArray(user).left(7)), user);
        }
    }

    void otherProjectStaysApart()
    {
        const QJsonObject s = stats(m_project[2], QDate(2026, 3, 2), QDate(2026, 3, 4));
        QCOMPARE(compact(at(s, QStringLiteral("byEvent"))),
                 normalised(R"({"install.created":1,"java.run.completed":1,"other.project":1})"));
        QCOMPARE(compact(at(s, QStringLiteral("daily/hits"))), normalised("[0,1,2]"));
        QCOMPARE(at(s, QStringLiteral("uniques")).toInt(), 1);
        QCOMPARE(at(s, QStringLiteral("durations/median")).toDouble(), 99999.0);
        QCOMPARE(at(s, QStringLiteral("durations/avgWaitMs")).toDouble(), 5000.0);
        QCOMPARE(at(s, QStringLiteral("installsTotal")).toInt(), 1);
        QCOMPARE(at(s, QStringLiteral("activeSessions")).toInt(), 1); // p2s, no run completed since 10:55
        QCOMPARE(compact(at(s, QStringLiteral("geo/byContinent"))),
                 normalised(R"({"AS":{"hits":1,"visitors":1},"EU":{"hits":2,"visitors":1}})"));
    }

    void emptyRangeHasEveryDayAndZeros()
    {
        const QJsonObject s = stats(1, QDate(2025, 12, 30), QDate(2026, 1, 2));
        QCOMPARE(compact(at(s, QStringLiteral("daily"))),
                 normalised(R"({"dates":["2025-12-30","2025-12-31","2026-01-01","2026-01-02"],"hits":[0,0,0,0],"uniques":[0,0,0,0]})"));
        QCOMPARE(at(s, QStringLiteral("total")).toInt(), 0);
        QCOMPARE(compact(at(s, QStringLiteral("hourly"))), compact(QJsonArray{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                                               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        QCOMPARE(compact(at(s, QStringLiteral("durations/hist/values"))), normalised("[0,0,0,0,0,0,0,0]"));
        QCOMPARE(at(s, QStringLiteral("durations/median")).toDouble(), 0.0);
        QCOMPARE(at(s, QStringLiteral("byEvent")).toObject().size(), 0);
        QCOMPARE(at(s, QStringLiteral("tables/eventsTop")).toArray().size(), 0);
        QCOMPARE(at(s, QStringLiteral("errors/compileRate")).toDouble(), 0.0);
        QCOMPARE(at(s, QStringLiteral("installsTotal")).toInt(), 2); // lifetime, not the range
    }

    void activeSessions_data()
    {
        QTest::addColumn<QString>("now");
        QTest::addColumn<int>("active");
        QTest::newRow("s5 open") << QStringLiteral("2026-03-04T11:05:00Z") << 1;
        QTest::newRow("s5 quiet for 35 minutes") << QStringLiteral("2026-03-04T11:35:00Z") << 0;
        QTest::newRow("s5 within the clock tolerance") << QStringLiteral("2026-03-04T10:52:00Z") << 1;
        QTest::newRow("s5 too far ahead") << QStringLiteral("2026-03-04T10:44:00Z") << 0;
        QTest::newRow("s1 completed") << QStringLiteral("2026-03-02T08:07:00Z") << 0;
    }

    void activeSessions()
    {
        QFETCH(QString, now);
        QFETCH(int, active);
        const QJsonObject s = parsed(computeMinigemStats(m_db, 1, StatsRange{QDate(2026, 3, 2), QDate(2026, 3, 4)},
                                                         msAt(qPrintable(now))));
        QCOMPARE(s.value(QStringLiteral("activeSessions")).toInt(), active);
    }

    // Nearest rank, as minigem's percentile_disc: the smallest value with at least p% at or below it.
    void percentiles_data()
    {
        QTest::addColumn<int>("runs"); // durations 100, 200, … runs × 100, stored in descending order
        QTest::addColumn<double>("median");
        QTest::addColumn<double>("p90");
        QTest::addColumn<QByteArray>("hist");
        QTest::newRow("1") << 1 << 100.0 << 100.0 << QByteArray("[1,0,0,0,0,0,0,0]");
        QTest::newRow("2") << 2 << 100.0 << 200.0 << QByteArray("[2,0,0,0,0,0,0,0]");
        QTest::newRow("4") << 4 << 200.0 << 400.0 << QByteArray("[4,0,0,0,0,0,0,0]");
        QTest::newRow("10") << 10 << 500.0 << 900.0 << QByteArray("[4,5,1,0,0,0,0,0]");
        QTest::newRow("11") << 11 << 600.0 << 1000.0 << QByteArray("[4,5,2,0,0,0,0,0]");
    }

    void percentiles()
    {
        QFETCH(int, runs);
        QFETCH(double, median);
        QFETCH(double, p90);
        QFETCH(QByteArray, hist);
        const qint64 project = newProject();
        for (int i = runs; i >= 1; --i)
            insertRun(project, msAt("2026-03-03T12:00:00Z") + i, "java.run.completed",
                      QStringLiteral("{\"durationMs\":%1}").arg(i * 100));
        const QJsonObject s = stats(project, QDate(2026, 3, 3), QDate(2026, 3, 3));
        QCOMPARE(at(s, QStringLiteral("durations/count")).toInt(), runs);
        QCOMPARE(at(s, QStringLiteral("durations/median")).toDouble(), median);
        QCOMPARE(at(s, QStringLiteral("durations/p90")).toDouble(), p90);
        QCOMPARE(compact(at(s, QStringLiteral("durations/hist/values"))), normalised(hist));
    }

    // One event in a project of its own: each metric's type rule, and that a wrong type never fails /stats.
    void metricTypes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QVariant>("props");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("expected");
        const auto row = [](const char *tag, const char *name, const char *props, const char *path, const char *expected) {
            QTest::newRow(tag) << QString::fromLatin1(name) << text(props) << QString::fromLatin1(path) << QByteArray(expected);
        };
        const char *done = "java.run.completed";
        const char *error = "java.run.error";
        row("duration integer", done, R"({"durationMs":120})", "durations/median", "120");
        row("duration real", done, R"({"durationMs":1e3})", "durations/median", "1000");
        row("duration as text", done, R"({"durationMs":"120"})", "durations/count", "0");
        row("duration negative", done, R"({"durationMs":-1})", "durations/count", "0");
        row("wait as bool", done, R"({"waitMsTotal":true})", "durations/avgWaitMs", "0");
        row("exit integer", done, R"({"exit":2})", "exitCodes", R"({"2":1})");
        row("exit fraction", done, R"({"exit":1.5})", "exitCodes", "{}");
        row("exit missing", done, R"({})", "exitCodes", "{}");
        row("bucket empty", done, R"({"cumulativeBytesBucket":""})", "outputBuckets", R"({"-":1})");
        row("bucket object", done, R"({"cumulativeBytesBucket":{}})", "outputBuckets", "{}");
        row("scanner null is absent", done, R"({"scannerUsage":null})", "interactiveRate", "0");
        row("scanner true", done, R"({"scannerUsage":true})", "interactiveRate", "1");
        row("truncated as number", done, R"({"truncatedOutput":1})", "truncationRate", "0");
        row("phase compile", error, R"({"phase":"compile"})", "errors", R"({"compile":1,"runtime":0,"compileRate":0,"runtimeRate":0})");
        row("phase other text", error, R"({"phase":"link"})", "errors", R"({"compile":0,"runtime":1,"compileRate":0,"runtimeRate":0})");
        row("phase as bool", error, R"({"phase":true})", "errors", R"({"compile":0,"runtime":0,"compileRate":0,"runtimeRate":0})");
        row("exception empty", error, R"({"exceptionHash":""})", "topExceptions", "{}");
        row("exception number", error, R"({"exceptionHash":7})", "topExceptions", "{}");
        row("exception text", error, R"({"exceptionHash":"x1"})", "topExceptions", R"({"x1":1})");
        row("m an array", done, "[1,2]", "outputBuckets", R"({"-":1})");
        row("m a string", done, R"("text")", "durations/count", "0");
        row("m malformed", done, R"({"exit":)", "exitCodes", "{}");
        row("metrics on another event", "java.run.started", R"({"durationMs":5,"exit":0})", "exitCodes", "{}");
    }

    void metricTypes()
    {
        QFETCH(QString, name);
        QFETCH(QVariant, props);
        QFETCH(QString, path);
        QFETCH(QByteArray, expected);
        const qint64 project = newProject();
        insertRun(project, msAt("2026-03-03T12:00:00Z"), qPrintable(name), props);
        const auto json = computeMinigemStats(m_db, project, StatsRange{QDate(2026, 3, 3), QDate(2026, 3, 3)});
        QVERIFY2(json, qPrintable(json.error()));
        QCOMPARE(compact(at(QJsonDocument::fromJson(json.value()).object(), path)), normalised(expected));
    }

    // Best runs: interactive first, then longest; frustrated (exit 130): not interactive first, then shortest.
    void topRunsOrder()
    {
        const qint64 project = newProject();
        const qint64 t = msAt("2026-03-03T12:00:00Z");
        int i = 0;
        for (const char *props : {R"({"exit":0,"scannerUsage":true,"durationMs":100})",
                                  R"({"exit":0,"scannerUsage":true,"durationMs":300})",
                                  R"({"exit":0,"scannerUsage":false,"durationMs":5000})", R"({"exit":0})",
                                  R"({"exit":130,"scannerUsage":false,"durationMs":200})",
                                  R"({"exit":130,"scannerUsage":true,"durationMs":50})",
                                  R"({"exit":130,"scannerUsage":false,"durationMs":100})", R"({"exit":1,"durationMs":7})"})
            insertRun(project, t + i++, "java.run.completed", text(props));
        const QJsonObject s = stats(project, QDate(2026, 3, 3), QDate(2026, 3, 3));
        const auto column = [&s](const char *list, const char *key) {
            QJsonArray out;
            for (const QJsonValue &run : at(s, QStringLiteral("sessions/") + QLatin1String(list)).toArray())
                out.append(run.toObject().value(QLatin1String(key)));
            return compact(out);
        };
        QCOMPARE(column("successTop", "durationMs"), normalised("[300,100,5000,0]"));
        QCOMPARE(column("successTop", "interactive"), normalised("[true,true,false,false]"));
        QCOMPARE(column("frustratedTop", "durationMs"), normalised("[100,200,50]"));
        QCOMPARE(column("frustratedTop", "exit"), normalised("[130,130,130]"));
    }

    void statsRejectsABadRange()
    {
        QVERIFY(!computeMinigemStats(m_db, 1, StatsRange{QDate(2026, 3, 4), QDate(2026, 3, 2)}));
        QVERIFY(!computeMinigemStats(m_db, 1, StatsRange{}));
    }

    void ranges_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("expected"); // "FROM..TO", or the parameter an error must name
        const auto row = [](const char *name, const char *from, const char *to, int window, const char *expected) {
            QTest::newRow(name) << QString::fromLatin1(from) << QString::fromLatin1(to) << window << QString::fromLatin1(expected);
        };
        // Today is 2026-03-10.
        row("default window", "", "", 7, "2026-03-04..2026-03-10");
        row("window of one day", "", "", 1, "2026-03-10..2026-03-10");
        row("explicit", "2026-03-01", "2026-03-02", 7, "2026-03-01..2026-03-02");
        row("one day", "2026-03-05", "2026-03-05", 7, "2026-03-05..2026-03-05");
        row("from only", "2026-02-01", "", 7, "2026-02-01..2026-03-10");
        row("from only, in the future", "2026-03-20", "", 7, "2026-03-20..2026-03-20");
        row("to only", "", "2026-03-07", 7, "2026-03-01..2026-03-07");
        row("366 days", "2025-03-11", "2026-03-11", 7, "2025-03-11..2026-03-11");
        row("367 days", "2025-03-10", "2026-03-11", 7, "from");
        row("bad month", "2026-13-01", "", 7, "from");
        row("no zero padding", "2026-3-1", "", 7, "from");
        row("time after the date", "2026-03-01T00:00", "2026-03-02", 7, "from");
        row("bad to", "", "yesterday", 7, "to");
        row("bad to with from", "2026-03-01", "2026-02-30", 7, "to");
        row("reversed", "2026-03-05", "2026-03-01", 7, "from");
    }

    void ranges()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, window);
        QFETCH(QString, expected);
        const auto range = parseStatsRange(from, to, window, QDate(2026, 3, 10));
        if (!expected.contains(u'.')) {
            QVERIFY(!range);
            QVERIFY2(range.error().startsWith(expected + u':'), qPrintable(range.error()));
            // The collector names the bad parameter by looking for "from" in the message.
            QCOMPARE(range.error().contains(QLatin1String("from")), expected == QLatin1String("from"));
            return;
        }
        QVERIFY2(range, qPrintable(range.error()));
        QCOMPARE(range->from.toString(Qt::ISODate) + QStringLiteral("..") + range->to.toString(Qt::ISODate), expected);
    }

    void recent_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("rows");
        QTest::addColumn<QString>("first");
        QTest::newRow("one") << 1 << 1 << QStringLiteral("outside.after");
        QTest::newRow("three") << 3 << 3 << QStringLiteral("outside.after");
        QTest::newRow("all of the project") << 1000 << Project1Events << QStringLiteral("outside.after");
        QTest::newRow("zero") << 0 << -1 << QString();
        QTest::newRow("over 1000") << 1001 << -1 << QString();
    }

    void recent()
    {
        QFETCH(int, limit);
        QFETCH(int, rows);
        QFETCH(QString, first);
        const auto json = recentEventsJson(m_db, 1, limit);
        if (rows < 0) {
            QVERIFY(!json);
            QVERIFY(json.error().startsWith(QLatin1String("limit:")));
            return;
        }
        const QJsonArray list = parsed(json).value(QStringLiteral("rows")).toArray();
        QCOMPARE(list.size(), rows);
        QCOMPARE(at(list, QStringLiteral("0/evt")).toString(), first);
        for (const QJsonValue &r : list)
            QVERIFY(!r.toObject().value(QStringLiteral("anon")).toString().startsWith(QLatin1String("e5e5e5")));
    }

    void recentRowShape()
    {
        const QJsonArray list = parsed(recentEventsJson(m_db, 1, 4)).value(QStringLiteral("rows")).toArray();
        QCOMPARE(list.size(), 4);
        const QJsonObject newest = list.at(0).toObject();
        QCOMPARE(newest.keys(), QStringList({QStringLiteral("anon"), QStringLiteral("city"), QStringLiteral("country"),
                                             QStringLiteral("duration_ms"), QStringLiteral("error_phase"),
                                             QStringLiteral("evt"), QStringLiteral("exception_hash"), QStringLiteral("exit_code"),
                                             QStringLiteral("ext"), QStringLiteral("id"), QStringLiteral("m"), QStringLiteral("os"),
                                             QStringLiteral("out_bytes_bucket"), QStringLiteral("received_ms"),
                                             QStringLiteral("region"), QStringLiteral("scanner_usage"), QStringLiteral("session_id"),
                                             QStringLiteral("t"), QStringLiteral("truncated_output"), QStringLiteral("ts"),
                                             QStringLiteral("vscode"), QStringLiteral("wait_ms_total")}));
        QCOMPARE(newest.value(QStringLiteral("t")).toString(), QStringLiteral("2026-03-05T00:00:00.000Z"));
        QCOMPARE(qint64(newest.value(QStringLiteral("ts")).toDouble()), msAt("2026-03-05T00:00:00.000Z"));
        QCOMPARE(newest.value(QStringLiteral("anon")).toString(), QStringLiteral("d4d4d4…"));
        QVERIFY(newest.value(QStringLiteral("country")).isNull());
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("evt")).toString(), QStringLiteral("install.created"));
        // The metric columns hold a value of the right type, else null; `m` is the stored object.
        QCOMPARE(compact(list.at(2)), normalised(R"({"id":12,"t":"2026-03-04T12:30:00.000Z","ts":1772627400000,
            "received_ms":1772627400005,"evt":"java.run.completed","anon":"a1a1a1…","session_id":"s1","os":"linux",
            "ext":"1.0.0","vscode":"1.95.0","country":"at","region":null,"city":null,"duration_ms":-5,"wait_ms_total":null,
            "exit_code":0,"out_bytes_bucket":null,"scanner_usage":true,"truncated_output":null,"error_phase":null,
            "exception_hash":null,"m":{"durationMs":-5,"exit":0,"waitMsTotal":"x","scannerUsage":true,"truncatedOutput":"no"}})"));
        const QJsonObject malformed = list.at(3).toObject();
        QVERIFY(malformed.value(QStringLiteral("m")).isNull());
        QVERIFY(malformed.value(QStringLiteral("duration_ms")).isNull());
    }

    void counts_data()
    {
        QTest::addColumn<int>("hours");
        QTest::addColumn<QString>("now");
        QTest::addColumn<QString>("since"); // empty: rejected
        QTest::addColumn<QByteArray>("hourly");
        QTest::addColumn<int>("total");
        QTest::newRow("three hours") << 3 << QStringLiteral("2026-03-04T12:30:00Z") << QStringLiteral("2026-03-04T10:00:00.000Z")
                                     << QByteArray("[[1772618400000,2],[1772622000000,4],[1772625600000,2]]") << 8;
        QTest::newRow("one hour, its last ms") << 1 << QStringLiteral("2026-03-04T11:59:59.999Z")
                                               << QStringLiteral("2026-03-04T11:00:00.000Z")
                                               << QByteArray("[[1772622000000,4]]") << 4;
        QTest::newRow("a day") << 24 << QStringLiteral("2026-03-04T12:30:00Z") << QStringLiteral("2026-03-03T13:00:00.000Z")
                               << QByteArray() << 8;
        QTest::newRow("30 days") << 720 << QStringLiteral("2026-03-04T12:30:00Z") << QStringLiteral("2026-02-02T13:00:00.000Z")
                                 << QByteArray() << 13;
        QTest::newRow("zero") << 0 << QStringLiteral("2026-03-04T12:30:00Z") << QString() << QByteArray() << 0;
        QTest::newRow("over 720") << 721 << QStringLiteral("2026-03-04T12:30:00Z") << QString() << QByteArray() << 0;
    }

    void counts()
    {
        QFETCH(int, hours);
        QFETCH(QString, now);
        QFETCH(QString, since);
        QFETCH(QByteArray, hourly);
        QFETCH(int, total);
        const auto json = hourlyCountsJson(m_db, 1, hours, msAt(qPrintable(now)));
        if (since.isEmpty()) {
            QVERIFY(!json);
            QVERIFY(json.error().startsWith(QLatin1String("hours:")));
            return;
        }
        const QJsonObject c = parsed(json);
        QCOMPARE(c.keys(), QStringList({QStringLiteral("byEvent"), QStringLiteral("hourly"), QStringLiteral("hours"),
                                        QStringLiteral("since"), QStringLiteral("total")}));
        QCOMPARE(c.value(QStringLiteral("since")).toString(), since);
        QCOMPARE(c.value(QStringLiteral("hours")).toInt(), hours);
        QCOMPARE(c.value(QStringLiteral("total")).toInt(), total);
        const QJsonArray buckets = c.value(QStringLiteral("hourly")).toArray();
        QCOMPARE(buckets.size(), hours);
        qint64 sum = 0, byEventSum = 0;
        for (int i = 0; i < buckets.size(); ++i) {
            QCOMPARE(qint64(at(buckets, QStringLiteral("%1/0").arg(i)).toDouble()), msAt(qPrintable(since)) + i * 3600000LL);
            sum += at(buckets, QStringLiteral("%1/1").arg(i)).toInteger();
        }
        for (const QJsonValue &n : c.value(QStringLiteral("byEvent")).toObject())
            byEventSum += n.toInteger();
        QCOMPARE(sum, qint64(total));
        QCOMPARE(byEventSum, qint64(total));
        if (!hourly.isEmpty())
            QCOMPARE(compact(buckets), normalised(hourly));
    }

    void countsByEvent()
    {
        const QJsonObject c = parsed(hourlyCountsJson(m_db, 1, 3, msAt("2026-03-04T12:30:00Z")));
        QCOMPARE(compact(c.value(QStringLiteral("byEvent"))), normalised(R"({"java.run.completed":4,"java.run.error":4})"));
    }
};

QTEST_GUILESS_MAIN(TestMinigemStats)
#include "tst_minigemstats.moc"
