// /stats, /debug/recent and /debug/counts computed in SQL: exact values on known events.

#include "query/minigemstats.h"
#include "storage/sqlitestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

qint64 at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

QJsonObject parse(const Result<QByteArray> &json)
{
    return QJsonDocument::fromJson(json.value()).object();
}

QList<int> ints(const QJsonValue &array)
{
    QList<int> out;
    for (const QJsonValue &v : array.toArray())
        out << v.toInt();
    return out;
}

} // namespace

class TestMinigemStats : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;

    void insert(qint64 project, const char *when, const char *name, const char *user, const QVariant &os = {},
                const QVariant &props = {}, const QVariant &country = {})
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO events(project_id, ts, received_ms, user_hash, name, os, ext, vscode, country, props)"
                                 " VALUES (?, ?, 0, ?, ?, ?, '1.0.0', '1.95.0', ?, ?)"));
        q.addBindValue(project);
        q.addBindValue(at(when));
        q.addBindValue(QString::fromLatin1(user));
        q.addBindValue(QString::fromLatin1(name));
        q.addBindValue(os);
        q.addBindValue(country);
        q.addBindValue(props);
        QVERIFY2(q.exec(), qPrintable(q.lastQuery()));
        QSqlQuery rollup(m_db);
        rollup.prepare(QStringLiteral("INSERT INTO rollup_minute VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE SET events = events + 1"));
        rollup.addBindValue(project);
        rollup.addBindValue(at(when) - at(when) % 60000);
        rollup.addBindValue(QString::fromLatin1(name));
        QVERIFY(rollup.exec());
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("t.db"));
        QVERIFY(SqliteStore::open(SqliteOptions{path})); // creates the schema
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"));
        m_db.setDatabaseName(path);
        QVERIFY(m_db.open());
        QSqlQuery(m_db).exec(QStringLiteral("INSERT INTO projects(name, created_ms) VALUES ('other', 0)"));
        // 2026-03-02 is a Monday.
        insert(1, "2026-03-02T10:15:00Z", "java.run.started", "aaaa11112222", QStringLiteral("linux"), {}, QStringLiteral("SE"));
        insert(1, "2026-03-02T10:16:00Z", "java.run.completed", "aaaa11112222", QStringLiteral("linux"),
               QStringLiteral(R"({"durationMs":400,"waitMsTotal":10,"exit":0,"cumulativeBytesBucket":"<1KB","scannerUsage":true})"),
               QStringLiteral("SE"));
        insert(1, "2026-03-02T11:00:00Z", "java.run.started", "bbbb11112222", {}, {}, QStringLiteral("US"));
        insert(1, "2026-03-04T11:30:00Z", "java.run.completed", "bbbb11112222", QStringLiteral("win32"),
               QStringLiteral(R"({"durationMs":"slow","waitMsTotal":30,"exit":1,"truncatedOutput":true})"), QStringLiteral("US"));
        insert(1, "2026-03-04T11:40:00Z", "java.run.completed", "bbbb11112222", QStringLiteral("win32"),
               QStringLiteral(R"({"durationMs":5000,"exit":"bad","cumulativeBytesBucket":7})"), QStringLiteral("US"));
        insert(1, "2026-03-04T12:00:00Z", "java.run.error", "cccc11112222", QStringLiteral("darwin"),
               QStringLiteral(R"({"phase":"compile","exceptionHash":"e1"})"));
        insert(1, "2026-03-04T12:01:00Z", "java.run.error", "cccc11112222", QStringLiteral("darwin"),
               QStringLiteral(R"({"phase":42,"exceptionHash":"e1"})"));
        insert(1, "2026-02-20T12:00:00Z", "outside.range", "dddd11112222");
        insert(2, "2026-03-03T12:00:00Z", "other.project", "eeee11112222", QStringLiteral("linux"));
    }

    void totalsAndBreakdowns()
    {
        const auto json = computeMinigemStats(m_db, 1, StatsRange{QDate(2026, 3, 2), QDate(2026, 3, 4)});
        QVERIFY2(json, qPrintable(json.error()));
        const QJsonObject s = parse(json);
        QCOMPARE(s.value(QStringLiteral("from")).toString(), QStringLiteral("2026-03-02"));
        QCOMPARE(s.value(QStringLiteral("to")).toString(), QStringLiteral("2026-03-04"));
        QCOMPARE(s.value(QStringLiteral("windowDays")).toInt(), 3);
        QCOMPARE(s.value(QStringLiteral("total")).toInt(), 7);
        QCOMPARE(s.value(QStringLiteral("uniques")).toInt(), 3);
        const QJsonObject daily = s.value(QStringLiteral("daily")).toObject();
        QCOMPARE(daily.value(QStringLiteral("dates")).toArray().size(), 3);
        QCOMPARE(ints(daily.value(QStringLiteral("hits"))), QList<int>({3, 0, 4}));
        QCOMPARE(ints(daily.value(QStringLiteral("uniques"))), QList<int>({2, 0, 2}));
        const QJsonObject byOs = s.value(QStringLiteral("byOs")).toObject();
        QCOMPARE(byOs.value(QStringLiteral("linux")).toInt(), 2);
        QCOMPARE(byOs.value(QStringLiteral("unknown")).toInt(), 1);
        QCOMPARE(byOs.value(QStringLiteral("win32")).toInt(), 2);
        QCOMPARE(s.value(QStringLiteral("osTypes")).toInt(), 4);
        QCOMPARE(s.value(QStringLiteral("byEvent")).toObject().value(QStringLiteral("java.run.completed")).toInt(), 3);
        QVERIFY(!s.value(QStringLiteral("byEvent")).toObject().contains(QStringLiteral("other.project")));
        QVERIFY(!s.value(QStringLiteral("byEvent")).toObject().contains(QStringLiteral("outside.range")));
        const QList<int> hourly = ints(s.value(QStringLiteral("hourly")));
        QCOMPARE(hourly.size(), 24);
        QCOMPARE(hourly[10], 2);
        QCOMPARE(hourly[11], 3);
        QCOMPARE(hourly[12], 2);
        QCOMPARE(ints(s.value(QStringLiteral("dow"))), QList<int>({0, 3, 0, 4, 0, 0, 0})); // Monday, Wednesday
        QCOMPARE(ints(s.value(QStringLiteral("hourlyVisitors")))[11], 1);
        const QJsonObject dailyOs = s.value(QStringLiteral("dailyOs")).toObject();
        QCOMPARE(dailyOs.value(QStringLiteral("series")).toArray().size(), 4);
    }

    void runsErrorsAndMetricsOfTheRightType()
    {
        const QJsonObject s = parse(computeMinigemStats(m_db, 1, StatsRange{QDate(2026, 3, 2), QDate(2026, 3, 4)}));
        const QJsonObject runs = s.value(QStringLiteral("runs")).toObject();
        QCOMPARE(runs.value(QStringLiteral("started")).toInt(), 2);
        QCOMPARE(runs.value(QStringLiteral("completed")).toInt(), 3);
        const QJsonObject errors = s.value(QStringLiteral("errors")).toObject();
        QCOMPARE(errors.value(QStringLiteral("compile")).toInt(), 1);
        QCOMPARE(errors.value(QStringLiteral("runtime")).toInt(), 1); // a phase of the wrong type counts as runtime
        QCOMPARE(errors.value(QStringLiteral("compileRate")).toDouble(), 0.5);
        // durationMs "slow" is skipped; the others count.
        const QJsonObject durations = s.value(QStringLiteral("durations")).toObject();
        QCOMPARE(durations.value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(durations.value(QStringLiteral("median")).toDouble(), 400.0);
        QCOMPARE(durations.value(QStringLiteral("p90")).toDouble(), 5000.0);
        QCOMPARE(ints(durations.value(QStringLiteral("hist")).toObject().value(QStringLiteral("values"))),
                 QList<int>({1, 0, 0, 1, 0, 0, 0, 0}));
        QCOMPARE(durations.value(QStringLiteral("avgWaitMs")).toDouble(), 40.0 / 3.0);
        const QJsonObject exits = s.value(QStringLiteral("exitCodes")).toObject();
        QCOMPARE(exits.value(QStringLiteral("0")).toInt(), 1);
        QCOMPARE(exits.value(QStringLiteral("1")).toInt(), 1);
        QCOMPARE(exits.size(), 2); // "bad" is skipped
        const QJsonObject buckets = s.value(QStringLiteral("outputBuckets")).toObject();
        QCOMPARE(buckets.value(QStringLiteral("<1KB")).toInt(), 1);
        QCOMPARE(buckets.value(QStringLiteral("-")).toInt(), 1);
        QCOMPARE(buckets.size(), 2);
        QCOMPARE(s.value(QStringLiteral("interactiveRate")).toDouble(), 1.0 / 3.0);
        QCOMPARE(s.value(QStringLiteral("truncationRate")).toDouble(), 1.0 / 3.0);
        QCOMPARE(s.value(QStringLiteral("topExceptions")).toObject().value(QStringLiteral("e1")).toInt(), 2);
        const QJsonArray eventsTop = s.value(QStringLiteral("tables")).toObject().value(QStringLiteral("eventsTop")).toArray();
        QCOMPARE(eventsTop.first().toObject().value(QStringLiteral("key")).toString(), QStringLiteral("java.run.completed"));
        QCOMPARE(eventsTop.first().toObject().value(QStringLiteral("pct")).toDouble(), 3.0 / 7.0);
    }

    void geo()
    {
        const QJsonObject s = parse(computeMinigemStats(m_db, 1, StatsRange{QDate(2026, 3, 2), QDate(2026, 3, 4)}));
        const QJsonObject geo = s.value(QStringLiteral("geo")).toObject();
        const QJsonObject us = geo.value(QStringLiteral("byCountry")).toObject().value(QStringLiteral("US")).toObject();
        QCOMPARE(us.value(QStringLiteral("hits")).toInt(), 3);
        QCOMPARE(us.value(QStringLiteral("visitors")).toInt(), 1);
        QCOMPARE(geo.value(QStringLiteral("byCountry")).toObject().value(QStringLiteral("-")).toObject().value(QStringLiteral("hits")).toInt(), 2);
        const QJsonObject eu = geo.value(QStringLiteral("byContinent")).toObject().value(QStringLiteral("EU")).toObject();
        QCOMPARE(eu.value(QStringLiteral("hits")).toInt(), 2);
        QCOMPARE(eu.value(QStringLiteral("visitors")).toInt(), 1);
    }

    void otherProjectStaysApart()
    {
        const QJsonObject s = parse(computeMinigemStats(m_db, 2, StatsRange{QDate(2026, 3, 2), QDate(2026, 3, 4)}));
        QCOMPARE(s.value(QStringLiteral("total")).toInt(), 1);
        QCOMPARE(s.value(QStringLiteral("byEvent")).toObject().keys(), QStringList{QStringLiteral("other.project")});
    }

    void ranges_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("expectFrom"); // empty: an error naming expectTo
        QTest::addColumn<QString>("expectTo");
        QTest::newRow("default window") << QString() << QString() << QStringLiteral("2026-03-04") << QStringLiteral("2026-03-10");
        QTest::newRow("explicit") << QStringLiteral("2026-03-01") << QStringLiteral("2026-03-02") << QStringLiteral("2026-03-01")
                                  << QStringLiteral("2026-03-02");
        QTest::newRow("to only") << QString() << QStringLiteral("2026-03-07") << QStringLiteral("2026-03-01") << QStringLiteral("2026-03-07");
        QTest::newRow("bad from") << QStringLiteral("2026-13-01") << QString() << QString() << QStringLiteral("from");
        QTest::newRow("bad to") << QString() << QStringLiteral("yesterday") << QString() << QStringLiteral("to");
        QTest::newRow("reversed") << QStringLiteral("2026-03-05") << QStringLiteral("2026-03-01") << QString() << QStringLiteral("from");
        QTest::newRow("too long") << QStringLiteral("2020-01-01") << QStringLiteral("2026-01-01") << QString() << QStringLiteral("from");
    }

    void ranges()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, expectFrom);
        QFETCH(QString, expectTo);
        const auto range = parseStatsRange(from, to, 7, QDate(2026, 3, 10));
        if (expectFrom.isEmpty()) {
            QVERIFY(!range);
            QVERIFY2(range.error().startsWith(expectTo), qPrintable(range.error()));
            return;
        }
        QVERIFY2(range, qPrintable(range.error()));
        QCOMPARE(range->from.toString(Qt::ISODate), expectFrom);
        QCOMPARE(range->to.toString(Qt::ISODate), expectTo);
    }

    void recentMasksUsers()
    {
        const QJsonObject r = parse(recentEventsJson(m_db, 1, 2));
        const QJsonArray events = r.value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].toObject().value(QStringLiteral("evt")).toString(), QStringLiteral("outside.range")); // newest stored
        QCOMPARE(events[0].toObject().value(QStringLiteral("user")).toString(), QStringLiteral("dddd11…"));
        QCOMPARE(events[1].toObject().value(QStringLiteral("m")).toObject().value(QStringLiteral("exceptionHash")).toString(), QStringLiteral("e1"));
    }

    void hourlyCountsEveryHour()
    {
        const QJsonObject r = parse(hourlyCountsJson(m_db, 1, 3, at("2026-03-04T12:30:00Z")));
        const QJsonArray counts = r.value(QStringLiteral("counts")).toArray();
        QCOMPARE(counts.size(), 3);
        QCOMPARE(qint64(counts[0].toArray()[0].toDouble()), at("2026-03-04T10:00:00Z"));
        QCOMPARE(counts[0].toArray()[1].toInt(), 0);
        QCOMPARE(counts[1].toArray()[1].toInt(), 2);
        QCOMPARE(counts[2].toArray()[1].toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestMinigemStats)
#include "tst_minigemstats.moc"
