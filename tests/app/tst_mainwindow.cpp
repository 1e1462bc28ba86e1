// The window as a user meets it: views reachable by click and shortcut, the last view and the
// geometry remembered, the project list following the catalog, the status bar showing the collector.

#include "appcontext.h"
#include "appfixture.h"
#include "fakereader.h"
#include "mainwindow.h"
#include "textfit.h"
#include "map/worldmapwidget.h"
#include "views/collectorview.h"
#include "views/eventsview.h"
#include "views/mapview.h"
#include "views/overviewview.h"
#include "views/view.h"

#include <QComboBox>
#include <QDateTime>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
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
        // The live chart's reads; the window's own each second, of the last full minute, are not a view's.
        const auto liveChartReads = [reader] {
            return std::count_if(reader->perMinuteRanges.cbegin(), reader->perMinuteRanges.cend(),
                                 [](const TimeRange &r) { return r.lengthMs() > 60000; });
        };
        const auto lives = liveChartReads();
        const int maps = reader->callsOf("geo");

        context.setRange(RangePreset::LastHour);
        Q_EMIT context.storeChanged();
        for (int i = 0; i < 12; ++i)
            Q_EMIT context.tick();
        QCoreApplication::processEvents();
        QCOMPARE(reader->callsOf("overview"), overviews);
        QCOMPARE(liveChartReads(), lives);
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

    // "Now" is one figure: the status bar, the tray and the Collector view show the events stored in
    // the last full minute, as the reader counts them for that minute.
    void lastMinuteIsOneFigureEverywhere()
    {
        auto context = test::startedApp(m_dir.filePath(QStringLiteral("last-minute")));
        QVERIFY(context);
        MainWindow window(context.get());
        // Not in the last seconds of a minute: the minute must not turn while the test posts.
        while (QDateTime::currentMSecsSinceEpoch() % 60000 > 45000)
            QTest::qWait(500);
        const TimeRange minute = AppContext::lastFullMinuteAt(QDateTime::currentMSecsSinceEpoch());
        const auto eventAt = [](int user, qint64 t) -> QByteArray {
            return "{\"anon\":\"u" + QByteArray::number(user) + "\",\"evt\":\"app.started\",\"t\":" + QByteArray::number(t) + '}';
        };
        QByteArray batch = "{\"schema\":\"jwc.v1\",\"batch\":[";
        for (int i = 0; i < 7; ++i)
            batch += (i ? "," : "") + eventAt(i, minute.fromMs + 1000 + i * 5000);
        batch += "," + eventAt(90, minute.fromMs - 1000) + "," + eventAt(91, minute.toMs + 500); // either side: not counted
        batch += "]}";
        QCOMPARE(test::postToCollector(*context, batch), 200);

        QTRY_VERIFY_WITH_TIMEOUT(context->lastFullMinute() == minute && context->eventsLastMinute() == 7, 5000);
        const auto read = context->reader()->eventsPerMinute(AllProjects, minute).result();
        QVERIFY(read);
        QCOMPARE(read->size(), 1);
        QCOMPARE(read->first().second, 7);
        const auto labels = window.statusBar()->findChildren<QLabel *>();
        const auto statusText = [&] {
            QStringList texts;
            for (QLabel *l : labels)
                texts.append(l->text());
            return texts.join(QLatin1Char('|'));
        };
        QTRY_VERIFY2(statusText().contains(QStringLiteral(" · 7 event")) && statusText().contains(QLatin1String("in the last minute")),
                     qPrintable(statusText()));
        for (QLabel *l : labels)
            QVERIFY2(!l->text().contains(QLatin1String("/s")), qPrintable(l->text())); // no second figure for "now"
        auto *collectorLine = window.collectorView()->findChild<QLabel *>(QStringLiteral("lastMinute"));
        QVERIFY(collectorLine);
        QTRY_VERIFY2(collectorLine->text().startsWith(QLatin1String("7 event")), qPrintable(collectorLine->text()));
    }

    // Until something is stored, a banner above the views offers demo data; it goes by itself
    // within two seconds of the first acknowledged event, with no click.
    void firstRunBannerGoesOnceSomethingIsStored()
    {
        AppContext::Options o = options();
        o.dataDir = m_dir.filePath(QStringLiteral("first-run"));
        AppContext context(o);
        QVERIFY(context.openDatabase());
        MainWindow window(&context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.startUp({});
        QWidget *banner = window.firstRunBanner();
        QTRY_VERIFY(banner->isVisible());
        QVERIFY(window.findChildren<QMessageBox *>().isEmpty()); // nothing modal in the way
        QVERIFY(banner->geometry().bottom() <= window.view(window.currentViewIndex())->mapTo(&window, QPoint(0, 0)).y()
                || banner->mapTo(&window, QPoint(0, 0)).y() < window.view(window.currentViewIndex())->mapTo(&window, QPoint(0, 0)).y());
        const auto buttons = banner->findChildren<QAbstractButton *>();
        QVERIFY(std::any_of(buttons.begin(), buttons.end(), [](QAbstractButton *b) { return b->text() == QLatin1String("Send demo data"); }));
        QVERIFY(std::any_of(buttons.begin(), buttons.end(), [](QAbstractButton *b) { return b->text().startsWith(QLatin1String("Don")); }));

        const QByteArray event = R"({"schema":"jwc.v1","anon":"u1","evt":"app.started","t":)"
            + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "}";
        QCOMPARE(test::postToCollector(context, event), 200);
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 2000);
    }

    // The rejects list says so when nothing was rejected, and lists reasons in words (code in the
    // tooltip) with counts aligned right once something was.
    void rejectsShowAnEmptyStateThenReasonsInWords()
    {
        auto context = test::startedApp(m_dir.filePath(QStringLiteral("rejects")));
        QVERIFY(context);
        MainWindow window(context.get());
        window.show();
        window.showView(window.viewIndex(window.collectorView()));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *empty = window.collectorView()->findChild<QLabel *>(QStringLiteral("noRejects"));
        auto *table = window.collectorView()->findChild<QTreeWidget *>(QStringLiteral("rejects"));
        QVERIFY(empty && table);
        QTRY_VERIFY(empty->isVisible());
        QCOMPARE(empty->text(), QStringLiteral("Nothing rejected since the collector started."));
        QVERIFY(!table->isVisible());
        QVERIFY2(test::clippedTexts(window.collectorView()).isEmpty(), qPrintable(test::clippedTexts(window.collectorView()).join(u'\n')));

        const QByteArray batch = R"({"schema":"jwc.v1","batch":[{"evt":"x","t":)" + QByteArray::number(QDateTime::currentMSecsSinceEpoch())
            + R"(},{"evt":"y","t":1},{"anon":"u","evt":"z","t":)" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "}]}";
        QCOMPARE(test::postToCollector(*context, batch), 200);
        QTRY_VERIFY(table->isVisible());
        QVERIFY(!empty->isVisible());
        QCOMPARE(table->topLevelItemCount(), 1);
        QTreeWidgetItem *row = table->topLevelItem(0);
        QCOMPARE(row->text(0), QStringLiteral("Event without a user id"));
        QVERIFY(row->toolTip(0).contains(QLatin1String("missing_anon")));
        QCOMPARE(row->text(1), QStringLiteral("2"));
        QCOMPARE(Qt::Alignment(row->textAlignment(1)) & Qt::AlignHorizontal_Mask, Qt::AlignRight);
        const auto labels = window.statusBar()->findChildren<QLabel *>();
        QTRY_VERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text().endsWith(QLatin1String("2 rejected")); }));
        QVERIFY2(test::clippedTexts(window.collectorView()).isEmpty(), qPrintable(test::clippedTexts(window.collectorView()).join(u'\n')));
    }

    // Demo data: the button cannot be pressed again while it is on its way, the view says what is
    // going on, the live feed can be stopped; the accepted count includes demo events, and the
    // demo fills three projects.
    void demoDataIsCountedAndCannotBeSentTwice()
    {
        auto context = test::startedApp(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(context);
        MainWindow window(context.get());
        window.show();
        window.showView(window.viewIndex(window.collectorView()));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        CollectorView *view = window.collectorView();
        auto *send = view->findChild<QPushButton *>(QStringLiteral("sendDemo"));
        auto *stop = view->findChild<QPushButton *>(QStringLiteral("stopDemo"));
        auto *accepted = view->findChild<QLabel *>(QStringLiteral("accepted"));
        auto *line = view->findChild<QLabel *>(QStringLiteral("demoStatus"));
        QVERIFY(send && stop && accepted && line);
        QVERIFY(send->isEnabled());

        QSignalSpy sent(view, &CollectorView::demoDataSent);
        send->click();
        QVERIFY(!send->isEnabled());
        send->click(); // ignored
        view->sendDemoData(); // the menu's way: ignored too
        QVERIFY(sent.wait(120000));
        QCOMPARE(sent.count(), 1);
        QTRY_VERIFY(stop->isVisibleTo(view));
        QVERIFY(!send->isEnabled());
        QVERIFY2(line->text().contains(QLatin1String("Sending live demo events for")), qPrintable(line->text()));
        QVERIFY2(test::clippedTexts(view).isEmpty(), qPrintable(test::clippedTexts(view).join(u'\n')));

        // Accepted since start: every demo event, none sent over HTTP.
        const auto status = context->reader()->collectorStatus().result();
        QVERIFY(status);
        QVERIFY(status->demoEventsAccepted >= 119000);
        QCOMPARE(status->eventsAccepted, status->demoEventsAccepted);
        QTRY_VERIFY2(accepted->text().contains(QLatin1String(" demo)")), qPrintable(accepted->text()));
        QVERIFY(!accepted->text().startsWith(QLatin1String("0 ")));

        const auto projects = context->reader()->projects().result();
        QVERIFY(projects);
        QStringList names;
        for (const Project &p : projects.value())
            names.append(p.name);
        for (const char *demo : {"desk-demo", "web-demo", "cli-demo"})
            QVERIFY2(names.contains(QLatin1String(demo)), qPrintable(names.join(QLatin1Char(','))));

        stop->click();
        QTRY_VERIFY(send->isEnabled());
        QVERIFY(!stop->isVisibleTo(view));
        QVERIFY(!line->text().contains(QLatin1String("Sending")));
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
