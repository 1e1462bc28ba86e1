// The window as a user meets it: views reachable by click and shortcut, the last view and the
// geometry remembered, the project list following the catalog, the status bar showing the collector.

#include "appcontext.h"
#include "appfixture.h"
#include "fakereader.h"
#include "mainwindow.h"
#include "map/worldmapwidget.h"
#include "views/eventsview.h"
#include "views/mapview.h"
#include "views/overviewview.h"
#include "views/view.h"

#include <QComboBox>
#include <QDateTime>
#include <QListWidget>
#include <QProcess>
#include <QStatusBar>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    AppContext::Options options() const
    {
        AppContext::Options o;
        o.dataDir = m_dir.path();
        o.listen = QStringLiteral("127.0.0.1:0");
        return o;
    }

private slots:
    void shortcutsAndClicksSwitchViews()
    {
        AppContext context(options());
        QVERIFY(context.openDatabase());
        MainWindow window(&context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.viewCount() >= 3);
        for (int i = 0; i < window.viewCount(); ++i) {
            QTest::keyClick(&window, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(window.currentViewIndex(), i);
        }
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(navigation);
        const QRect first = navigation->visualItemRect(navigation->item(0));
        QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, first.center());
        QCOMPARE(window.currentViewIndex(), 0);
    }

    void remembersViewAndGeometry()
    {
        QRect geometry;
        {
            AppContext context(options());
            QVERIFY(context.openDatabase());
            MainWindow window(&context);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1000, 700);
            window.showView(window.viewCount() - 1);
            geometry = window.geometry();
            window.close();
        }
        AppContext context(options());
        QVERIFY(context.openDatabase());
        MainWindow window(&context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentViewIndex(), window.viewCount() - 1);
        QCOMPARE(window.size(), geometry.size());
    }

    void projectListFollowsTheCatalog()
    {
        AppContext context(options());
        QVERIFY(context.openDatabase());
        MainWindow window(&context);
        auto *projects = window.findChild<QComboBox *>(QStringLiteral("project"));
        QVERIFY(projects);
        QTRY_VERIFY(projects->findText(defaultProjectName()) >= 0); // read off the GUI thread
        const int before = projects->count();
        const auto ios = context.reader()->createProject(QStringLiteral("ios")).result();
        QVERIFY(ios);
        context.notifyCatalogChanged();
        QTRY_COMPARE(projects->count(), before + 1);
        QVERIFY(projects->findText(QStringLiteral("ios")) >= 0);

        // Selecting it selects it for every view; deleting it falls back to all projects.
        projects->setCurrentIndex(projects->findText(QStringLiteral("ios")));
        Q_EMIT projects->activated(projects->currentIndex());
        QCOMPARE(context.projectId(), ios->id);
        QVERIFY(context.reader()->deleteProject(QStringLiteral("ios")).result());
        context.notifyCatalogChanged();
        QTRY_COMPARE(context.projectId(), AllProjects);
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("deleted")),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void clickOnACountryShowsItsEvents()
    {
        AppContext context(options());
        QVERIFY(context.openDatabase());
        MainWindow window(&context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showView(window.viewIndex(window.mapView()));
        WorldMapWidget *map = window.mapView()->map();
        const QPoint berlin = map->positionOf(13.40, 52.52).toPoint();
        QTest::mouseClick(map, Qt::LeftButton, {}, berlin);
        QCOMPARE(window.currentViewIndex(), window.viewIndex(window.eventsView()));
        QCOMPARE(window.eventsView()->currentFilter().country, QStringLiteral("DE"));
    }

    // Hidden views do not query; shown again, they show what arrived meanwhile.
    void hiddenViewsCatchUpWhenShown()
    {
        auto context = test::startedApp(m_dir.filePath(QStringLiteral("catch-up")));
        QVERIFY(context);
        MainWindow window(context.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showView(window.viewIndex(window.eventsView()));
        const QByteArray event = R"({"schema":"jwc.v1","batch":[{"anon":"u1","evt":"app.started","t":)"
            + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "}]}";
        QCOMPARE(test::postToCollector(*context, event), 200);
        context->setRange(RangePreset::Last15Minutes);
        window.showView(window.viewIndex(window.mapView()));
        QTRY_COMPARE(window.mapView()->summary().events, qint64(1));
        window.showView(window.viewIndex(window.overviewView()));
        QTRY_COMPARE(window.overviewView()->data().totals.events, qint64(1));
    }

    // Hidden views do not read: while the Events view shows, a range change, new data and a
    // dozen ticks ask nothing for the Overview or the Map; each reads once shown again.
    void hiddenViewsDoNotQuery()
    {
        AppContext::Options o = options();
        o.dataDir = m_dir.filePath(QStringLiteral("hidden"));
        AppContext context(o);
        auto fake = std::make_unique<test::FakeReader>();
        test::FakeReader *reader = fake.get();
        reader->overviewData.totals.events = 1234;
        reader->geoData.events = 77;
        context.setReader(std::move(fake));
        MainWindow window(&context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showView(window.viewIndex(window.eventsView()));
        QCoreApplication::processEvents();
        const int overviews = reader->callsOf("overview");
        const int lives = reader->callsOf("eventsPerMinute");
        const int maps = reader->callsOf("geo");

        context.setRange(RangePreset::LastHour);
        Q_EMIT context.storeChanged();
        for (int i = 0; i < 12; ++i)
            Q_EMIT context.tick();
        QCoreApplication::processEvents();
        QCOMPARE(reader->callsOf("overview"), overviews);
        QCOMPARE(reader->callsOf("eventsPerMinute"), lives);
        QCOMPARE(reader->callsOf("geo"), maps);

        window.showView(window.viewIndex(window.overviewView()));
        QTRY_COMPARE(window.overviewView()->data().totals.events, qint64(1234));
        QVERIFY(reader->callsOf("overview") > overviews);
        QCOMPARE(reader->callsOf("geo"), maps);
        window.showView(window.viewIndex(window.mapView()));
        QTRY_COMPARE(window.mapView()->summary().events, qint64(77));
        QVERIFY(reader->callsOf("geo") > maps);
    }

    // --help and --version answer where there is no display, as --export-csv does.
    void helpAndVersionNeedNoDisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QString::fromLatin1(name));
        for (const QString &option : {QStringLiteral("--help"), QStringLiteral("--version")}) {
            QProcess app;
            app.setProcessEnvironment(env);
            app.start(QStringLiteral(TDESK_DESK_BIN), {option});
            QVERIFY(app.waitForFinished(20000));
            const QString out = QString::fromUtf8(app.readAllStandardOutput());
            QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0,
                     qPrintable(option + QStringLiteral(": ") + QString::fromUtf8(app.readAllStandardError())));
            QVERIFY2(out.contains(option == QLatin1String("--help") ? QStringLiteral("--export-csv")
                                                                     : QStringLiteral(TDESK_VERSION)),
                     qPrintable(out));
        }
    }

    void statusBarShowsTheCollector()
    {
        AppContext context(options());
        QVERIFY(context.openDatabase());
        MainWindow window(&context);
        Collector::StartError error;
        QVERIFY2(context.startCollector(&error), qPrintable(error.message));
        const QString port = QString::number(context.collector()->port());
        const auto labels = window.statusBar()->findChildren<QLabel *>();
        const auto shows = [&](const QString &text) {
            return std::any_of(labels.begin(), labels.end(), [&](QLabel *l) { return l->text().contains(text); });
        };
        QTRY_VERIFY(shows(port));
        context.stopCollector();
        QTRY_VERIFY(!shows(port));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
