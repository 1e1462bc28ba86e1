// Every view as a user reads it, with demo data in a real embedded collector: the same figure
// reads the same in every view that shows it (docs/FIGURES.md), and no text is cut, in the light
// and the dark theme, at the screenshot size and at a small laptop's.

#include "appcontext.h"
#include "appfixture.h"
#include "core/timeunits.h"
#include "mainwindow.h"
#include "textfit.h"
#include "views/collectorview.h"
#include "views/eventsview.h"
#include "views/mapview.h"
#include "views/overviewview.h"
#include "views/view.h"
#include "widgets/charts.h"
#include "widgets/theme.h"

#include <QDateTime>
#include <QLabel>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

// The first number in a text as the locale writes it ("8,081 events from 36 countries" → 8081).
qint64 numberIn(const QString &text, int which = 0)
{
    static const QRegularExpression number(QStringLiteral("\\d[\\d,.\\x{a0}\\x{202f}]*"));
    auto matches = number.globalMatch(text);
    for (int i = 0; matches.hasNext(); ++i) {
        const QString digits = matches.next().captured().remove(QRegularExpression(QStringLiteral("\\D")));
        if (i == which)
            return digits.toLongLong();
    }
    return -1;
}

KpiTile *tile(const OverviewView *view, const QString &caption)
{
    for (KpiTile *t : view->findChildren<KpiTile *>()) {
        if (t->caption() == caption)
            return t;
    }
    return nullptr;
}

} // namespace

class TestScreens : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;

    // Shows a view and waits until it has read the current selection.
    void showAndWait(View *view)
    {
        m_window->showView(m_window->viewIndex(view));
        QTest::qWait(1500); // a refresh is asked on show and answers within the frame budget
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        m_context = test::startedApp(m_dir.path());
        QVERIFY(m_context);
        m_window = std::make_unique<MainWindow>(m_context.get());
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy sent(m_window->collectorView(), &CollectorView::demoDataSent);
        m_window->collectorView()->sendDemoData();
        QVERIFY(sent.wait(300000)); // 120,000 events; minutes under the sanitizers
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_context.reset();
    }

    // A range that ends before the live demo feed began: its figures hold still while the views
    // are read one after the other.
    void sameFiguresInEveryView_data()
    {
        QTest::addColumn<QString>("project");
        QTest::addColumn<qint64>("lengthMs");
        QTest::newRow("all projects, 24 h") << QString() << DayMs;
        QTest::newRow("all projects, 7 d") << QString() << 7 * DayMs;
        QTest::newRow("web-demo, 24 h") << QStringLiteral("web-demo") << DayMs;
        QTest::newRow("cli-demo, 30 d") << QStringLiteral("cli-demo") << 30 * DayMs;
    }

    void sameFiguresInEveryView()
    {
        QFETCH(QString, project);
        QFETCH(qint64, lengthMs);
        qint64 projectId = AllProjects;
        if (!project.isEmpty()) {
            const auto projects = m_context->reader()->projects().result();
            QVERIFY(projects);
            for (const Project &p : projects.value())
                projectId = p.name == project ? p.id : projectId;
            QVERIFY(projectId != AllProjects);
        }
        const qint64 end = floorTo(QDateTime::currentMSecsSinceEpoch(), MinuteMs) - 10 * MinuteMs;
        m_context->setProjectId(projectId);
        m_context->setRange(RangePreset::Custom, TimeRange{end - lengthMs, end});

        OverviewView *overview = m_window->overviewView();
        showAndWait(overview);
        QTRY_VERIFY_WITH_TIMEOUT(overview->data().range == m_context->range(), 30000); // this range's answer
        KpiTile *eventsTile = tile(overview, QStringLiteral("Events"));
        KpiTile *countriesTile = tile(overview, QStringLiteral("Countries"));
        KpiTile *usersTile = tile(overview, QStringLiteral("Users"));
        QVERIFY(eventsTile && countriesTile && usersTile);
        const qint64 events = numberIn(eventsTile->value());
        const qint64 countries = numberIn(countriesTile->value());
        QVERIFY2(events > 0, qPrintable(eventsTile->value()));

        showAndWait(m_window->mapView());
        auto *header = m_window->mapView()->findChild<QLabel *>(QStringLiteral("mapHeader"));
        QVERIFY(header);
        QTRY_COMPARE_WITH_TIMEOUT(numberIn(header->text(), 0), events, 30000);
        QCOMPARE(numberIn(header->text(), 1), countries);
        // The map's users are the Overview's users.
        QCOMPARE(m_window->mapView()->summary().users, numberIn(usersTile->value()));

        showAndWait(m_window->eventsView());
        auto *count = m_window->eventsView()->findChild<QLabel *>(QStringLiteral("eventCount"));
        QVERIFY(count);
        QTRY_COMPARE_WITH_TIMEOUT(numberIn(count->text()), events, 30000);
    }

    // "Now" is one figure: the status bar, the Collector view and the live chart (all projects)
    // say the same number for the last full minute.
    void nowIsOneFigure()
    {
        m_context->setProjectId(AllProjects);
        m_context->setRange(RangePreset::LastHour);
        showAndWait(m_window->overviewView());
        auto *live = m_window->overviewView()->findChild<TimeSeriesChart *>(QStringLiteral("live"));
        auto *state = m_window->findChild<QLabel *>(QStringLiteral("collectorState"));
        auto *collectorLine = m_window->collectorView()->findChild<QLabel *>(QStringLiteral("lastMinute"));
        QVERIFY(live && state && collectorLine);
        // Read together, away from a minute's turn (the figures move on at the turn, a second apart).
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTime().time().second() >= 5
                                     && QDateTime::currentDateTime().time().second() < 50
                                     && numberIn(live->note()) >= 0
                                     && numberIn(live->note()) == numberIn(state->text().section(QStringLiteral(" · "), 1))
                                     && numberIn(live->note()) == numberIn(collectorLine->text()),
                                 70000); // up to 15 s to leave a minute's turn, then the views' refresh on a busy machine
    }

    void noTextIsCut_data()
    {
        QTest::addColumn<QString>("theme");
        QTest::addColumn<QSize>("size");
        QTest::newRow("light, 1280×800") << QStringLiteral("light") << QSize(1280, 800);
        QTest::newRow("dark, 1280×800") << QStringLiteral("dark") << QSize(1280, 800);
        QTest::newRow("light, 1600×1000") << QStringLiteral("light") << QSize(1600, 1000);
        QTest::newRow("dark, 1600×1000") << QStringLiteral("dark") << QSize(1600, 1000);
    }

    void noTextIsCut()
    {
        QFETCH(QString, theme);
        QFETCH(QSize, size);
        QVERIFY(applyTheme(theme));
        m_context->setProjectId(AllProjects);
        m_context->setRange(RangePreset::Last24Hours);
        m_window->resize(size);
        QStringList clipped;
        for (int i = 0; i < m_window->viewCount(); ++i) {
            showAndWait(m_window->view(i));
            for (const QString &text : test::clippedTexts(m_window->view(i)))
                clipped << m_window->view(i)->objectName() + u' ' + text;
        }
        QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(u'\n')));
    }
};

QTEST_MAIN(TestScreens)
#include "tst_screens.moc"
