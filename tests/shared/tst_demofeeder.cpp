// "Send demo data" as a newcomer relies on it: every hour of the days asked for gets its traffic,
// also while the store's queue is full and refuses some of it; and three projects of different
// character, so that every view has something different to show for each.

#include "core/timeunits.h"
#include "demo/demofeeder.h"
#include "storage/readconnection.h"
#include "storage/sqlitestore.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

class TestDemoFeeder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backfillSendsEveryHourThroughAFullQueue()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SqliteOptions options;
        options.path = dir.filePath(QStringLiteral("demo.db"));
        options.maxQueuedEvents = 200; // a few of the feeder's 20-event bodies: it is refused often
        auto store = SqliteStore::open(options);
        QVERIFY2(store, qPrintable(store.error()));
        DemoFeeder feeder(store->get(), {{1, DemoKind::Desktop}});
        QSignalSpy done(&feeder, &DemoFeeder::backfilled);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        feeder.startBackfill(now, 2, 20000);
        QVERIFY(done.wait(120000));
        const qint64 sent = done.first().first().toLongLong();
        QVERIFY2(qAbs(sent - 20000) <= 48, qPrintable(QString::number(sent))); // the hours' shares, rounded
        QCOMPARE(qint64((*store)->stats().committedEvents), sent);

        QSqlQuery hours(sqliteReadConnection(options.path));
        // Hours back from now; a body's events lie a little before its time, so the oldest reach hour 48.
        QVERIFY(hours.exec(QStringLiteral("SELECT DISTINCT (%1 - ts - 1) / %2 FROM events").arg(now).arg(HourMs)));
        int hoursWithEvents = 0;
        while (hours.next())
            hoursWithEvents += hours.value(0).toInt() >= 0 && hours.value(0).toInt() < 48;
        QCOMPARE(hoursWithEvents, 48);
    }

    void threeProjectsOfTheirOwnCharacter()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SqliteOptions options;
        options.path = dir.filePath(QStringLiteral("three.db"));
        auto store = SqliteStore::open(options);
        QVERIFY2(store, qPrintable(store.error()));
        enum : qint64 { Desk = 11, Web = 12, Cli = 13 };
        DemoFeeder feeder(store->get(), {{Desk, DemoKind::Desktop}, {Web, DemoKind::Web}, {Cli, DemoKind::Cli}});
        QSignalSpy done(&feeder, &DemoFeeder::backfilled);
        qint64 queued = 0;
        connect(&feeder, &DemoFeeder::eventsQueued, this, [&](qint64 n) { queued += n; });
        feeder.startBackfill(QDateTime::currentMSecsSinceEpoch(), 7, 30000);
        QVERIFY(done.wait(120000));
        QCOMPARE(queued, done.first().first().toLongLong()); // what the collector counts as accepted

        QSqlQuery q(sqliteReadConnection(options.path));
        const auto value = [&](const QString &sql, qint64 project) {
            q.prepare(sql);
            q.addBindValue(project);
            if (!q.exec() || !q.next())
                qFatal("%s", qPrintable(sql));
            return q.value(0);
        };
        const auto count = [&](const char *what, qint64 project) {
            return value(QStringLiteral("SELECT %1 FROM events WHERE project_id = ?").arg(QLatin1String(what)), project).toLongLong();
        };
        const auto share = [&](const char *condition, qint64 project) {
            return double(count(qPrintable(QStringLiteral("sum(%1)").arg(QLatin1String(condition))), project))
                / double(count("count(*)", project));
        };
        const auto hasEvent = [&](const char *name, qint64 project) {
            return value(QStringLiteral("SELECT count(*) FROM events WHERE project_id = ? AND name = '%1'").arg(QLatin1String(name)),
                         project).toLongLong() > 0;
        };
        // The average session's length in minutes.
        const auto sessionMinutes = [&](qint64 project) {
            return value(QStringLiteral("SELECT avg(span) / 60000.0 FROM (SELECT max(ts) - min(ts) AS span FROM events "
                                        "WHERE project_id = ? GROUP BY session_id)"), project).toDouble();
        };
        const qint64 total = count("count(*)", Desk) + count("count(*)", Web) + count("count(*)", Cli);
        QCOMPARE(total, queued);

        // Each its own share of the traffic and its own events.
        QVERIFY(count("count(*)", Desk) > total / 3 && count("count(*)", Cli) < total / 4 && count("count(*)", Cli) > 0);
        QVERIFY(hasEvent("app.started", Desk) && hasEvent("java.run.completed", Desk) && !hasEvent("page.viewed", Desk));
        QVERIFY(hasEvent("page.viewed", Web) && hasEvent("signup.completed", Web) && !hasEvent("build", Web));
        QVERIFY(hasEvent("build", Cli) && hasEvent("test", Cli) && !hasEvent("page.viewed", Cli) && !hasEvent("command.run", Cli));

        // Users: many on the web, a few dozen for the CLI.
        const qint64 webUsers = count("count(DISTINCT user_hash)", Web), deskUsers = count("count(DISTINCT user_hash)", Desk),
                     cliUsers = count("count(DISTINCT user_hash)", Cli);
        QVERIFY2(webUsers > 2 * deskUsers && deskUsers > 5 * cliUsers && cliUsers <= 40,
                 qPrintable(QStringLiteral("%1 %2 %3").arg(webUsers).arg(deskUsers).arg(cliUsers)));

        // Places: the web app's from everywhere, the desktop app's from a few countries, the CLI's mostly CI regions.
        QVERIFY(count("count(DISTINCT country)", Web) >= 25);
        QVERIFY(count("count(DISTINCT country)", Desk) <= 8 && count("count(DISTINCT country)", Desk) >= 4);
        QVERIFY(count("count(DISTINCT city)", Web) > count("count(DISTINCT city)", Desk));
        QVERIFY(share("city IN ('Ashburn', 'Boardman', 'Columbus', 'Council Bluffs', 'Dublin', 'Frankfurt', 'Singapore')", Cli) > 0.5);

        // Systems: browser-ish names on the web, mostly Linux for the CLI, the three desktop ones for the app.
        QVERIFY(share("os IN ('iOS', 'Android')", Web) > 0.2);
        // (by users: a few heavy users send most of the CLI's events, and the seed is the clock's)
        QVERIFY(double(count("count(DISTINCT CASE WHEN os = 'linux' THEN user_hash END)", Cli))
                > 0.5 * double(count("count(DISTINCT user_hash)", Cli)));
        QCOMPARE(count("count(DISTINCT os)", Desk), 3);

        // Sessions: minutes to hours on the desktop, much shorter on the web; CLI commands carry durations.
        QVERIFY2(sessionMinutes(Desk) > 10 && sessionMinutes(Web) < sessionMinutes(Desk) / 2,
                 qPrintable(QStringLiteral("%1 %2").arg(sessionMinutes(Desk)).arg(sessionMinutes(Web))));
        QVERIFY(share("name IN ('build', 'test') AND json_extract(props, '$.durationMs') > 0", Cli) > 0.3);
    }
};

QTEST_GUILESS_MAIN(TestDemoFeeder)
#include "tst_demofeeder.moc"
