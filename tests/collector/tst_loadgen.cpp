// telemetry-loadgen against a real collector: the traffic it claims to send is what gets stored,
// and it looks like a real user base (many users, sessions, names, platforms).

#include "../common/collectorprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tdesk::test;

class TestLoadgen : public QObject
{
    Q_OBJECT

    static QJsonObject runLoadgen(quint16 port, const QStringList &args)
    {
        QProcess loadgen;
        loadgen.start(QStringLiteral(TDESK_LOADGEN_BIN),
                      QStringList{QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1/t").arg(port),
                                  QStringLiteral("--json")}
                          + args);
        if (!loadgen.waitForFinished(60000) || loadgen.exitCode() != 0) {
            qWarning() << "loadgen failed:" << loadgen.readAllStandardError();
            return {};
        }
        return QJsonDocument::fromJson(loadgen.readAllStandardOutput()).object();
    }

private slots:
    void everyAcknowledgedEventIsStored_data()
    {
        QTest::addColumn<int>("batch");
        QTest::newRow("single events") << 1;
        QTest::newRow("batches of 25") << 25;
    }

    void everyAcknowledgedEventIsStored()
    {
        QFETCH(int, batch);
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(c.start());
        const QJsonObject result = runLoadgen(c.port(), {QStringLiteral("--events"), QStringLiteral("2000"),
                                                         QStringLiteral("--batch"), QString::number(batch),
                                                         QStringLiteral("--connections"), QStringLiteral("4"),
                                                         QStringLiteral("--ids"), QStringLiteral("--xff")});
        QCOMPARE(result.value(QLatin1String("events_ok")).toInt(), 2000);
        QCOMPARE(result.value(QLatin1String("errors")).toInt(), 0);
        QCOMPARE(result.value(QLatin1String("requests")).toInt(), 2000 / batch);
        QCOMPARE(result.value(QLatin1String("status")).toObject().value(QLatin1String("200")).toInt(), 2000 / batch);
        QVERIFY(result.value(QLatin1String("p99_ms")).toDouble() > 0);

        Db db(c.databasePath());
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 2000);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(DISTINCT event_id) FROM events")).toInt(), 2000);
        QVERIFY(db.scalar(QStringLiteral("SELECT count(DISTINCT user_hash) FROM events")).toInt() > 40);
        QVERIFY(db.scalar(QStringLiteral("SELECT count(DISTINCT session_id) FROM events")).toInt() > 40);
        QVERIFY(db.scalar(QStringLiteral("SELECT count(DISTINCT name) FROM events")).toInt() >= 10);
        QVERIFY(db.scalar(QStringLiteral("SELECT count(DISTINCT os) FROM events")).toInt() >= 3);
        QVERIFY(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE props IS NOT NULL")).toInt() > 0);
        // UUIDv7 ids: the version nibble is 7.
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE substr(event_id, 15, 1) <> '7'")).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLoadgen)
#include "tst_loadgen.moc"
