// What the window relies on before any view: the data directory, the database, the embedded
// collector and its failures, and the remembered selection.

#include "appcontext.h"
#include "fakereader.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

class TestAppContext : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    AppContext::Options options(const QString &name) const
    {
        AppContext::Options o;
        o.dataDir = m_dir.filePath(name);
        o.listen = QStringLiteral("127.0.0.1:0");
        return o;
    }

private slots:
    void dataDirHoldsDatabaseAndSettings()
    {
        AppContext context(options(QStringLiteral("isolated")));
        QVERIFY(context.openDatabase());
        QCOMPARE(context.databaseUrl(), m_dir.filePath(QStringLiteral("isolated/telemetry.db")));
        QVERIFY(QFile::exists(context.databaseUrl()));
        context.settings().setValue(QStringLiteral("x"), 1);
        context.settings().sync();
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("isolated/settings.ini"))));
    }

    void unusableDatabaseIsAClearError()
    {
        const QString garbage = m_dir.filePath(QStringLiteral("garbage.db"));
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        AppContext::Options o = options(QStringLiteral("bad"));
        o.databaseUrl = garbage;
        AppContext context(o);
        const auto opened = context.openDatabase();
        QVERIFY(!opened);
        QVERIFY2(opened.error().contains(QLatin1String("not a database")), qPrintable(opened.error()));
        QCOMPARE(QFile(garbage).size(), 8192); // untouched
    }

    void takenPortIsReportedAsSuch()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        AppContext::Options o = options(QStringLiteral("port"));
        o.listen = QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort());
        AppContext context(o);
        QVERIFY(context.openDatabase());
        Collector::StartError error;
        QVERIFY(!context.startCollector(&error));
        QCOMPARE(error.failure, Collector::Failure::Listen);
        QVERIFY(!context.collector()->isRunning());
        // Another port works, in the same session.
        context.setListen(QStringLiteral("127.0.0.1:0"));
        QVERIFY2(context.startCollector(&error), qPrintable(error.message));
        QVERIFY(context.collector()->port() != squatter.serverPort());
    }

    void corruptGeoDatabaseIsAClearError()
    {
        const QString broken = m_dir.filePath(QStringLiteral("broken.mmdb"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a MaxMind database");
        file.close();
        AppContext::Options o = options(QStringLiteral("geo"));
        o.geoDbPath = broken;
        AppContext context(o);
        QVERIFY(context.openDatabase());
        Collector::StartError error;
        QVERIFY(!context.startCollector(&error));
        QCOMPARE(error.failure, Collector::Failure::Config);
        QVERIFY2(error.message.contains(QLatin1String("GeoIP")), qPrintable(error.message));
        context.setGeoDbPath(QString());
        QVERIFY2(context.startCollector(&error), qPrintable(error.message));
    }

    void rangesEndNowAndHaveTheirLength()
    {
        AppContext context(options(QStringLiteral("ranges")));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const std::pair<RangePreset, qint64> lengths[] = {
            {RangePreset::Last15Minutes, 15 * 60000LL}, {RangePreset::LastHour, 3600000LL},
            {RangePreset::Last24Hours, 86400000LL},     {RangePreset::Last7Days, 7 * 86400000LL},
            {RangePreset::Last30Days, 30 * 86400000LL}};
        for (const auto &[preset, length] : lengths) {
            context.setRange(preset);
            const TimeRange range = context.range();
            QCOMPARE(range.lengthMs(), length);
            QVERIFY(range.contains(now)); // the minute in progress is included
        }
        context.setRange(RangePreset::Custom, TimeRange{1000, 2000});
        QCOMPARE(context.range(), (TimeRange{1000, 2000}));
    }

    // "Now" is read each second as the last full minute, all projects, and kept for every view.
    void keepsTheLastFullMinute()
    {
        AppContext context(options(QStringLiteral("minute")));
        auto fake = std::make_unique<test::FakeReader>();
        test::FakeReader *reader = fake.get();
        const TimeRange minute = AppContext::lastFullMinuteAt(QDateTime::currentMSecsSinceEpoch());
        reader->perMinute = {{minute.fromMs, 42}};
        context.setReader(std::move(fake));
        QCOMPARE(context.eventsLastMinute(), -1); // not read yet
        QSignalSpy changed(&context, &AppContext::eventsLastMinuteChanged);
        QVERIFY(changed.wait(3000));
        QCOMPARE(changed.first().first().toLongLong(), 42);
        QCOMPARE(context.eventsLastMinute(), 42);
        const TimeRange asked = reader->perMinuteRanges.first();
        QCOMPARE(asked.lengthMs(), 60000);
        QCOMPARE(asked.fromMs % 60000, 0);
        QVERIFY(asked.toMs <= QDateTime::currentMSecsSinceEpoch()); // a full minute, not the one in progress
        QCOMPARE(context.lastFullMinute(), asked);
    }

    void selectionIsRemembered()
    {
        {
            AppContext context(options(QStringLiteral("remember")));
            QVERIFY(context.openDatabase());
            context.setProjectId(42);
            context.setRange(RangePreset::Last7Days);
        }
        AppContext context(options(QStringLiteral("remember")));
        QCOMPARE(context.projectId(), 42);
        QCOMPARE(context.rangePreset(), RangePreset::Last7Days);
    }
};

QTEST_MAIN(TestAppContext)
#include "tst_appcontext.moc"
