// telemetry-desk on a PostgreSQL database, as a user meets it: the embedded collector stores there, the
// views show what arrived, the Collector view names the database without its password, and the command
// line exports the same events.

#include "../common/postgres.h"
#include "appcontext.h"
#include "appfixture.h"
#include "mainwindow.h"
#include "views/collectorview.h"
#include "views/eventsview.h"
#include "views/overviewview.h"
#include "widgets/charts.h"
#include "widgets/databasedialog.h"

#include <QApplication>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

class TestPostgresApp : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_url;

private slots:
    void initTestCase()
    {
        // A password in the URL, as a user may give it: it must never be shown.
        // Its own database: CTest may run tst_postgresapp_keychain, the same executable, alongside.
        m_url = test::freshDatabase(test::testPostgres().url,
                                    QStringLiteral("tst_postgresapp_%1").arg(QCoreApplication::applicationPid()));
        m_url.replace(QStringLiteral("postgresql://postgres@"), QStringLiteral("postgresql://postgres:s3cret-pw@"));
    }

    void viewsShowWhatArrived()
    {
        auto context = test::startedApp(m_dir.filePath(QStringLiteral("data")), m_url);
        QVERIFY(context);
        context->setRange(RangePreset::LastHour);
        MainWindow window(context.get());
        window.show();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QByteArray batch = "{\"schema\":\"jwc.v1\",\"batch\":[";
        for (int i = 0; i < 30; ++i) {
            batch += (i ? "," : "") + QByteArray("{\"anon\":\"user") + QByteArray::number(i % 4) + "\",\"evt\":\""
                + (i % 3 ? "file.opened" : "app.started") + "\",\"t\":" + QByteArray::number(now - i * 60000) + ",\"os\":\"linux\"}";
        }
        batch += "]}";
        QCOMPARE(test::postToCollector(*context, batch), 200);

        // The Overview's tiles, as on screen.
        window.showView(window.viewIndex(window.overviewView()));
        const auto tile = [&window](const QString &caption) { return test::tileValue(window, caption); };
        QTRY_COMPARE_WITH_TIMEOUT(tile(QStringLiteral("Events")), QStringLiteral("30"), 10000);
        QCOMPARE(tile(QStringLiteral("Users")), QStringLiteral("4"));

        // The Events view lists them and says how many.
        window.showView(window.viewIndex(window.eventsView()));
        auto *count = window.eventsView()->findChild<QLabel *>(QStringLiteral("eventCount"));
        QVERIFY(count);
        QTRY_VERIFY2_WITH_TIMEOUT(count->text().startsWith(QLatin1String("30 event")), qPrintable(count->text()), 10000);

        // The database is named, its password masked.
        bool named = false;
        for (QLabel *label : window.collectorView()->findChildren<QLabel *>()) {
            QVERIFY2(!label->text().contains(QLatin1String("s3cret-pw")), qPrintable(label->text()));
            named = named || label->text().startsWith(QLatin1String("postgresql://postgres:***@127.0.0.1"));
        }
        QVERIFY(named);
    }

    // --read-db: the views read a streaming replica (pg_basebackup) while the embedded collector writes
    // to the primary. The live chart says how fresh the replica is; with the primary down, the
    // Overview still reads what was replicated.
    void viewsReadFromAReplica()
    {
        test::PrivateCluster primary;
        QVERIFY(primary.ok());
        test::PrivateCluster replica(test::ReplicaOf{primary});
        QVERIFY(replica.ok());
        auto context = test::startedApp(m_dir.filePath(QStringLiteral("replica")), primary.url(), replica.url());
        QVERIFY(context);
        QVERIFY(context->readsFromReplica());
        context->setRange(RangePreset::LastHour);
        MainWindow window(context.get());
        window.show();
        window.showView(window.viewIndex(window.overviewView()));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QByteArray batch = "{\"schema\":\"jwc.v1\",\"batch\":[";
        for (int i = 0; i < 12; ++i)
            batch += (i ? "," : "") + QByteArray("{\"anon\":\"reader") + QByteArray::number(i % 3) + "\",\"evt\":\"seen\",\"t\":"
                + QByteArray::number(now - i * 1000) + '}';
        batch += "]}";
        QCOMPARE(test::postToCollector(*context, batch), 200);
        const auto tile = [&window](const QString &caption) { return test::tileValue(window, caption); };
        QTRY_COMPARE_WITH_TIMEOUT(tile(QStringLiteral("Events")), QStringLiteral("12"), 20000);
        QCOMPARE(tile(QStringLiteral("Users")), QStringLiteral("3"));
        auto *live = window.overviewView()->findChild<TimeSeriesChart *>(QStringLiteral("live"));
        QVERIFY(live);
        QTRY_VERIFY2_WITH_TIMEOUT(live->note().contains(QLatin1String("replica up to date")), qPrintable(live->note()), 15000);

        QVERIFY(primary.pause());
        const auto overview = context->reader()->overview(AllProjects, context->range()).result();
        QVERIFY2(overview, qPrintable(overview.error()));
        QCOMPARE(overview->totals.events, 12);
        QVERIFY(primary.resume());
    }

    // PostgreSQL goes away under the running app: events are still acknowledged, into the local
    // spool, the Collector view says how many wait there, and they reach the database when it is back.
    void collectorViewShowsTheSpoolWhileTheDatabaseIsAway()
    {
        test::PrivateCluster cluster;
        QVERIFY(cluster.ok());
        auto context = test::startedApp(m_dir.filePath(QStringLiteral("spool")), cluster.url());
        QVERIFY(context);
        MainWindow window(context.get());
        window.show();
        window.showView(window.viewIndex(window.collectorView()));
        auto *queue = window.collectorView()->findChild<QLabel *>(QStringLiteral("queue"));
        QVERIFY(queue);
        QTRY_VERIFY(queue->text().contains(QLatin1String("waiting for the database")));
        QVERIFY(!queue->text().contains(QLatin1String("spool")));

        QVERIFY(cluster.pause());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QByteArray batch = "{\"schema\":\"jwc.v1\",\"batch\":[";
        for (int i = 0; i < 5; ++i)
            batch += (i ? "," : "") + QByteArray("{\"anon\":\"u\",\"evt\":\"away\",\"t\":") + QByteArray::number(now - i) + '}';
        batch += "]}";
        QCOMPARE(test::postToCollector(*context, batch), 200);
        QTRY_VERIFY2_WITH_TIMEOUT(queue->text().contains(QRegularExpression(QStringLiteral("· 5 event.* kept in the local spool"))), qPrintable(queue->text()), 20000);

        QVERIFY(cluster.resume());
        QTRY_VERIFY2_WITH_TIMEOUT(!queue->text().contains(QLatin1String("spool")), qPrintable(queue->text()), 30000);
        EventFilter away;
        away.name = QStringLiteral("away");
        const auto page = context->reader()->eventPage(away, {}, 10, ScanBudget::unlimited()).result();
        QVERIFY2(page, qPrintable(page.error()));
        QCOMPARE(page->rows.size(), 5);
        // The collector's own catalog connection came back too: a key made now is taken.
        const auto key = context->reader()->createKey(QStringLiteral("default"), KeyKind::Public).result();
        QVERIFY2(key, qPrintable(key.error()));
        QTRY_COMPARE_WITH_TIMEOUT(test::postToCollector(*context, batch, *key), 200, 10000);
    }

    // File → Database…: "Test connection" says what is wrong, the choice is remembered for the next
    // start, and the password is never written to the settings.
    void databaseDialogRemembersTheChoiceWithoutThePassword()
    {
        AppContext::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("dialog"));
        auto context = std::make_unique<AppContext>(options);
        QVERIFY(context->databaseUrl().endsWith(QLatin1String("telemetry.db")));
        DatabaseDialog dialog(context->databaseUrl(), &AppContext::checkDatabase, AppContext::keychainAvailable());
        const auto buttons = dialog.findChildren<QRadioButton *>();
        QCOMPARE(buttons.size(), 2);
        buttons.at(1)->setChecked(true); // PostgreSQL
        auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("url"));
        auto *password = dialog.findChild<QLineEdit *>(QStringLiteral("password"));
        auto *test = dialog.findChild<QPushButton *>(QStringLiteral("test"));
        auto *result = dialog.findChild<QLabel *>(QStringLiteral("result"));
        QVERIFY(url && password && test && result);
        QUrl withoutPassword(m_url);
        withoutPassword.setPassword(QString());
        QUrl refused = withoutPassword;
        refused.setPort(1);
        url->setText(refused.toString());
        test->click();
        QVERIFY2(result->text().contains(QLatin1String("refused")), qPrintable(result->text()));
        QVERIFY2(result->text().contains(QLatin1String("check the host and port")), qPrintable(result->text()));
        // A wrong password (the test cluster asks this role for one): said so, and what to do.
        auto admin = PgConnection::open(m_url, "tdesk-tests");
        QVERIFY(admin);
        QVERIFY(admin->run("DO $$BEGIN CREATE ROLE tdesk_password LOGIN PASSWORD 'right'; EXCEPTION WHEN duplicate_object THEN NULL; END$$"));
        QUrl asRole = withoutPassword;
        asRole.setUserName(QStringLiteral("tdesk_password"));
        url->setText(asRole.toString());
        password->setText(QStringLiteral("wrong"));
        test->click();
        QVERIFY2(result->text().contains(QLatin1String("password authentication failed")), qPrintable(result->text()));
        QVERIFY2(result->text().contains(QLatin1String("check the password")), qPrintable(result->text()));
        url->setText(withoutPassword.toString());
        password->setText(QStringLiteral("s3cret-pw"));
        test->click();
        QVERIFY2(result->text().startsWith(QLatin1String("Connected")), qPrintable(result->text()));
        QCOMPARE(dialog.location(), withoutPassword.toString());
        QVERIFY(dialog.connectionUrl().contains(QLatin1String("s3cret-pw")));

        context->rememberDatabase(dialog.location());
        context->settings().sync();
        QFile settings(context->settings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray saved = settings.readAll();
        QVERIFY2(saved.contains("127.0.0.1"), saved.constData());
        QVERIFY(!saved.contains("s3cret-pw"));
        context.reset();
        QCOMPARE(AppContext(options).databaseUrl(), withoutPassword.toString()); // the next start opens it
    }

    // With a keychain (the Secret Service of a gnome-keyring started for the test: CTest's
    // tst_postgresapp_keychain), the password chosen is kept there and the next start connects with it.
    void keychainKeepsThePassword()
    {
        if (qEnvironmentVariableIsEmpty("TDESK_TEST_KEYCHAIN"))
            QSKIP("needs a Secret Service: run by tst_postgresapp_keychain");
        QUrl location(m_url);
        location.setPassword(QString());
        QVERIFY(AppContext::storePassword(location.toString(), QStringLiteral("kept-pw")));
        QCOMPARE(AppContext::storedPassword(location.toString()), QStringLiteral("kept-pw"));
        AppContext::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("keychain"));
        options.databaseUrl = location.toString();
        AppContext context(options);
        QVERIFY(context.openDatabase());
        QCOMPARE(QUrl(context.databaseUrl()).password(), QStringLiteral("kept-pw"));
        QVERIFY(!context.databaseLocation().contains(QLatin1String("kept-pw")));
        context.settings().sync();
        QFile settings(context.settings().fileName());
        QVERIFY(!settings.open(QIODevice::ReadOnly) || !settings.readAll().contains("kept-pw"));
    }

    void exportsFromTheCommandLine()
    {
        const QString file = m_dir.filePath(QStringLiteral("export.csv"));
        QProcess desk;
        desk.start(QStringLiteral(TDESK_DESK_BIN), {QStringLiteral("--export-csv"), file, QStringLiteral("--db"), m_url,
                                                    QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("cli")),
                                                    QStringLiteral("--event"), QStringLiteral("app.started")});
        QVERIFY(desk.waitForFinished(60000));
        QVERIFY2(desk.exitCode() == 0, desk.readAllStandardError().constData());
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 10); // the header and every third event
        for (const QByteArray &line : lines.mid(1))
            QVERIFY2(line.contains(",app.started,"), line.constData());
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (const auto pg = tdesk::test::testPostgres(); pg.url.isEmpty()) {
        std::printf("skipped: %s\n", qPrintable(pg.skipReason));
        return tdesk::test::PostgresSkipCode;
    }
    TestPostgresApp test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_postgresapp.moc"
