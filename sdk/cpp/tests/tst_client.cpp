// Unit tests of what the conformance suite does not reach: ids, bad input, bad options, opt-out.

#include <telemetrydesk/client.h>

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using TelemetryDesk::Client;
using TelemetryDesk::ClientConfig;

class tst_Client : public QObject
{
    Q_OBJECT

private:
    // A queue of each test's own, unless it names one to share.
    ClientConfig config(QString name = {})
    {
        if (name.isEmpty())
            name = QLatin1String(QTest::currentTestFunction()) + u'-' + QLatin1String(QTest::currentDataTag());
        // Port 9 on loopback: nothing listens there, and nothing here waits for it.
        ClientConfig c(QUrl(QStringLiteral("http://127.0.0.1:9")));
        c.setQueuePath(m_dir.filePath(name));
        c.setShutdownTimeoutMs(0);
        return c;
    }
    QTemporaryDir m_dir;

private Q_SLOTS:
    void idsAreUuidv7InTimeOrder()
    {
        Client client(config());
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        static const QRegularExpression form(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QSet<QString> ids;
        for (int i = 0; i < 1000; ++i) {
            const QString id = client.track(QStringLiteral("ok"));
            QVERIFY2(form.match(id).hasMatch(), qPrintable(id));
            const qint64 ms = QStringView(id).left(8).toLongLong(nullptr, 16) << 16 | QStringView(id).mid(9, 4).toLongLong(nullptr, 16);
            QVERIFY(ms >= before && ms <= QDateTime::currentMSecsSinceEpoch());
            ids.insert(id);
        }
        QCOMPARE(ids.size(), 1000);
    }

    void badInputIsRefusedAndQueuesNothing_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QVariantMap>("props");
        QTest::newRow("empty name") << QString() << QVariantMap();
        QTest::newRow("long name") << QString(201, u'x') << QVariantMap();
        QTest::newRow("newline") << QStringLiteral("bad\nname") << QVariantMap();
        QTest::newRow("umlaut") << QStringLiteral("ümlaut") << QVariantMap();
        QTest::newRow("quote") << QStringLiteral("a\"b") << QVariantMap();
        QTest::newRow("props over 32 KiB") << QStringLiteral("ok") << QVariantMap{{QStringLiteral("big"), QString(33 * 1024, u'x')}};
    }
    void badInputIsRefusedAndQueuesNothing()
    {
        QFETCH(QString, event);
        QFETCH(QVariantMap, props);
        Client client(config());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not tracked")));
        QVERIFY(client.track(event, props).isEmpty());
        QCOMPARE(client.stats().queued, 0);
    }

    void badOptionsMakeAnInvalidClient_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("batch");
        QTest::addColumn<QString>("queue");
        QTest::newRow("ftp") << QStringLiteral("ftp://h") << 10 << QStringLiteral("q");
        QTest::newRow("no host") << QStringLiteral("http://") << 10 << QStringLiteral("q");
        QTest::newRow("batch 0") << QStringLiteral("http://h") << 0 << QStringLiteral("q");
        QTest::newRow("batch 1001") << QStringLiteral("http://h") << 1001 << QStringLiteral("q");
        QTest::newRow("unwritable queue") << QStringLiteral("http://h") << 10 << QStringLiteral("/proc/none/q");
    }
    void badOptionsMakeAnInvalidClient()
    {
        QFETCH(QString, url);
        QFETCH(int, batch);
        QFETCH(QString, queue);
        ClientConfig c = config();
        c.setUrl(QUrl(url));
        c.setBatchSize(batch);
        if (queue.startsWith(u'/'))
            c.setQueuePath(queue);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("telemetry is off")));
        Client client(c);
        QVERIFY(!client.isValid());
        QVERIFY(!client.errorString().isEmpty());
        QVERIFY(client.track(QStringLiteral("ok")).isEmpty());
    }

    void optOutDeletesTheQueueOnDisk()
    {
        {
            Client client(config(QStringLiteral("optout")));
            for (int i = 0; i < 50; ++i)
                client.track(QStringLiteral("ok"));
            QTRY_COMPARE(client.stats().buffered, 0); // on disk now
            QCOMPARE(client.stats().queued, 50);
            client.setEnabled(false);
            QCOMPARE(client.stats().queued, 0);
            QVERIFY(client.track(QStringLiteral("ok")).isEmpty());
        }
        Client again(config(QStringLiteral("optout")));
        QCOMPARE(again.stats().queued, 0);
    }

    void queueSurvivesARestartWithTheSameUser()
    {
        QString session;
        {
            Client client(config(QStringLiteral("restart")));
            session = client.sessionId();
            for (int i = 0; i < 10; ++i)
                client.track(QStringLiteral("ok"));
        } // the destructor writes what is buffered to disk
        Client again(config(QStringLiteral("restart")));
        QCOMPARE(again.stats().queued, 10);
        QVERIFY(again.sessionId() != session);
    }
};

QTEST_GUILESS_MAIN(tst_Client)
#include "tst_client.moc"
