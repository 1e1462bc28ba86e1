// "Send demo data" as a newcomer relies on it: every hour of the days asked for gets its traffic,
// also while the store's queue is full and refuses some of it.

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
        DemoFeeder feeder(store->get(), 1);
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
};

QTEST_GUILESS_MAIN(TestDemoFeeder)
#include "tst_demofeeder.moc"
