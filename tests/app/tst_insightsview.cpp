// The Insights view as a user reads it: events sent to the embedded collector, then what the
// charts, the funnel, the retention table and the lines under them say, hand-worked; the same
// numbers on a dashboard card; a click on a point showing exactly its events; saved insights kept.

#include "appfixture.h"
#include "models/eventtablemodel.h"
#include "views/eventsview.h"
#include "views/insightsview.h"

#include <QAction>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace tdesk;

namespace {

QByteArray item(const char *anon, const char *evt, qint64 t, const char *extra)
{
    return QByteArray(R"({"anon":")") + anon + R"(","evt":")" + evt + R"(","t":)" + QByteArray::number(t) + extra + '}';
}

// The column of a chart's table with that header; its cells as numbers.
qint64 columnTotal(const QTableWidget *table, const QString &header)
{
    for (int c = 0; c < table->columnCount(); ++c) {
        if (table->horizontalHeaderItem(c)->text() != header)
            continue;
        qint64 total = 0;
        for (int r = 0; r < table->rowCount(); ++r)
            total += QLocale().toLongLong(table->item(r, c)->text());
        return total;
    }
    return -1;
}

} // namespace

class TestInsightsView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;
    qint64 m_t0 = 0;

    InsightsView *view() const { return m_window->insightsView(); }
    static qint64 hour() { return 3600 * 1000; }
    InsightPanel *panel() const { return view()->panel(); }

    // Builds `spec` in the view and waits for what it shows.
    bool show(const InsightSpec &spec)
    {
        view()->loadSpec(spec);
        return QTest::qWaitFor([this] { return !panel()->isLoading(); }, 10000);
    }

private slots:
    void initTestCase()
    {
        m_context = test::startedApp(m_dir.filePath(QStringLiteral("insights")));
        QVERIFY(m_context);
        // a: three "open" in session s1 on darwin; b: "open" then two "save" 10 and 50 minutes
        // later on win32 (the 40-minute gap starts a second session); c: one "save" on linux.
        // All within one clock hour that is over: [hh:05, hh:55).
        const qint64 hour = 3600 * 1000;
        m_t0 = (QDateTime::currentMSecsSinceEpoch() - 2 * hour) / hour * hour + 5 * 60 * 1000;
        const qint64 minute = 60 * 1000;
        const QByteArray body = "{\"schema\":\"jwc.v1\",\"batch\":["
            + QList<QByteArray>{item("a", "open", m_t0, R"(,"sessionId":"s1","os":"darwin","m":{"durationMs":30})"),
                                item("a", "open", m_t0 + minute, R"(,"sessionId":"s1","os":"darwin","m":{"durationMs":10})"),
                                item("a", "open", m_t0 + 2 * minute, R"(,"sessionId":"s1","os":"darwin")"),
                                item("b", "open", m_t0, R"(,"os":"win32","m":{"durationMs":20})"),
                                item("b", "save", m_t0 + 10 * minute, R"(,"os":"win32")"),
                                item("b", "save", m_t0 + 50 * minute, R"(,"os":"win32")"),
                                item("c", "save", m_t0 + 5 * minute, R"(,"os":"linux")")}
                  .join(',')
            + "]}";
        QCOMPARE(test::postToCollector(*m_context, body), 200);
        m_context->setRange(RangePreset::Last24Hours);
        m_window = std::make_unique<MainWindow>(m_context.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void sixthViewOnCtrl6()
    {
        QCOMPARE(m_window->viewIndex(view()), 5);
        QCOMPARE(view()->title(), QStringLiteral("Insights"));
        QAction *show = nullptr;
        for (QAction *action : m_window->findChildren<QAction *>()) {
            if (action->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_6))
                show = action;
        }
        QVERIFY(show);
        show->trigger();
        QCOMPARE(m_window->currentViewIndex(), 5);
    }

    void trendByOsAsTheTableReads()
    {
        m_window->showView(5);
        InsightSpec spec;
        spec.event = QStringLiteral("open");
        spec.interval = Interval::Hour;
        spec.breakdown = QStringLiteral("os");
        spec.style = MultiSeriesChart::Style::Table;
        QVERIFY(show(spec));
        QCOMPARE(panel()->problem(), QString());
        QCOMPARE(panel()->summary(), QStringLiteral("4 events in the range"));
        const QTableWidget *table = panel()->chart()->table();
        QCOMPARE(table->rowCount(), 25); // every hour of the last 24, the one in progress too
        QCOMPARE(columnTotal(table, QStringLiteral("darwin")), 3);
        QCOMPARE(columnTotal(table, QStringLiteral("win32")), 1);
        QCOMPARE(columnTotal(table, QStringLiteral("linux")), -1); // c never opened

        // The average duration, where one was sent: (30 + 10 + 20) / 3.
        spec.breakdown.clear();
        spec.metric = TrendMetric::Average;
        spec.property = QStringLiteral("durationMs");
        spec.interval = Interval::Day;
        QVERIFY(show(spec));
        QString averages;
        for (int r = 0; r < panel()->chart()->table()->rowCount(); ++r)
            averages += panel()->chart()->table()->item(r, 1)->text() + u' ';
        QVERIFY2(averages.contains(QStringLiteral("20 ")), qPrintable(averages));
    }

    void comparedWithThePreviousPeriod()
    {
        InsightSpec spec;
        spec.interval = Interval::Hour;
        spec.comparePrevious = true;
        QVERIFY(show(spec));
        QCOMPARE(panel()->summary(), QStringLiteral("7 events in the range · nothing in the previous period"));
        QCOMPARE(panel()->chart()->previous().size(), 1);
        QCOMPARE(panel()->chart()->table()->horizontalHeaderItem(2)->text(), QStringLiteral("All events (previous)"));
    }

    void sessionsFunnelAndRetention()
    {
        InsightSpec sessions;
        sessions.kind = InsightKind::Sessions;
        sessions.interval = Interval::Hour;
        QVERIFY(show(sessions));
        // s1 (2 minutes), b's first run (10 minutes), b's second and c's (one event each).
        QVERIFY2(panel()->summary().startsWith(QStringLiteral("4 sessions · median 0 ms · 90 % under 10 min · 1.8 events per session")),
                 qPrintable(panel()->summary()));

        InsightSpec funnel;
        funnel.kind = InsightKind::Funnel;
        funnel.steps = {QStringLiteral("open"), QStringLiteral("save")};
        funnel.windowMs = 60 * 60 * 1000;
        funnel.breakdown = QStringLiteral("os");
        QVERIFY(show(funnel));
        QCOMPARE(panel()->summary(), QStringLiteral("50.0 % converted: 1 of 2 users"));
        QCOMPARE(panel()->funnel()->conversionText(1), QStringLiteral("50.0 %"));
        QVERIFY2(panel()->funnel()->stepText(1).contains(QStringLiteral("median time from step 1: 10 min")),
                 qPrintable(panel()->funnel()->stepText(1)));
        const QTableWidget *byOs = panel()->funnelBreakdown();
        QCOMPARE(byOs->rowCount(), 2);
        QCOMPARE(byOs->item(0, 0)->text(), QStringLiteral("darwin"));
        QCOMPARE(byOs->item(0, 3)->text(), QStringLiteral("0.0 %"));
        QCOMPARE(byOs->item(1, 0)->text(), QStringLiteral("win32"));
        QCOMPARE(byOs->item(1, 3)->text(), QStringLiteral("100.0 %"));

        InsightSpec retention;
        retention.kind = InsightKind::Retention;
        retention.windows = 3;
        QVERIFY(show(retention));
        // All three users are new within the last three days.
        qint64 users = 0;
        const QTableWidget *grid = panel()->retention()->table();
        for (int r = 0; r < grid->rowCount(); ++r)
            users += grid->item(r, 1)->text().toLongLong();
        QCOMPARE(users, 3);
        QCOMPARE(grid->rowCount(), 3);
    }

    void activeUsersAsTheReaderCounts()
    {
        InsightSpec spec;
        spec.kind = InsightKind::ActiveUsers;
        QVERIFY(show(spec));
        InsightFilter filter;
        filter.projectId = m_context->projectId();
        filter.range = m_context->range();
        filter.timeZone = InsightPanel::timeZone();
        auto future = m_context->reader()->activeUsers(filter);
        future.waitForFinished();
        const auto expected = future.result();
        QVERIFY2(expected, qPrintable(expected.error()));
        QVERIFY(panel()->summary().startsWith(QStringLiteral("Today %1 · last 7 days 3 · last 30 days 3").arg(expected->points.constLast().daily)));
    }

    void wrongFiltersAreSaid()
    {
        InsightSpec spec;
        spec.filters = QStringLiteral("os=darwin plan");
        QVERIFY(show(spec));
        QVERIFY2(panel()->problem().contains(QStringLiteral("“plan” is not a filter")), qPrintable(panel()->problem()));
        spec.filters = QStringLiteral("os=darwin");
        spec.interval = Interval::Hour;
        QVERIFY(show(spec));
        QCOMPARE(panel()->summary(), QStringLiteral("3 events in the range"));
    }

    // A click on a point: the Events view, filtered to the point's event, OS and hour.
    void aPointOpensItsEvents()
    {
        InsightSpec spec;
        spec.event = QStringLiteral("open");
        spec.interval = Interval::Hour;
        spec.breakdown = QStringLiteral("os");
        QVERIFY(show(spec));
        const MultiSeriesChart *chart = panel()->chart();
        QCOMPARE(chart->series().constFirst().name, QStringLiteral("darwin"));
        int point = -1;
        for (int i = 0; i < chart->series().constFirst().points.size(); ++i) {
            if (chart->series().constFirst().points[i].second.value_or(0) == 3)
                point = i;
        }
        QVERIFY(point >= 0);
        Q_EMIT panel()->chart()->pointActivated(0, point);
        QCOMPARE(m_window->currentViewIndex(), m_window->viewIndex(m_window->eventsView()));
        const EventFilter filter = m_window->eventsView()->currentFilter();
        QCOMPARE(filter.name, QStringLiteral("open"));
        QCOMPARE(filter.os, QStringLiteral("darwin"));
        QCOMPARE(m_context->rangePreset(), RangePreset::Custom);
        QVERIFY(m_context->range().contains(m_t0) && m_context->range().lengthMs() <= hour());
        QTRY_COMPARE(m_window->eventsView()->model()->rowCount(), 3);
        m_context->setRange(RangePreset::Last24Hours);
        m_window->showView(5);
    }

    // A click on a funnel step: the Events view, filtered to the users who reached it.
    void aFunnelStepOpensItsUsersEvents()
    {
        InsightSpec funnel;
        funnel.kind = InsightKind::Funnel;
        funnel.steps = {QStringLiteral("open"), QStringLiteral("save")};
        funnel.windowMs = 60 * 60 * 1000;
        QVERIFY(show(funnel));
        const TimeRange asked = m_context->range();
        Q_EMIT panel()->funnel()->stepActivated(1);
        QTRY_COMPARE(m_window->currentViewIndex(), m_window->viewIndex(m_window->eventsView()));
        const EventFilter filter = m_window->eventsView()->currentFilter();
        QVERIFY(filter.name.isEmpty());
        QCOMPARE(filterUsers(filter).size(), 1);
        QCOMPARE(m_context->range(), asked);
        // b opened and saved twice: all three of b's events, and nobody else's.
        QTRY_COMPARE(m_window->eventsView()->model()->rowCount(), 3);
        QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("The events of the one user who reached “save”."));
        m_context->setRange(RangePreset::Last24Hours);
        m_window->showView(5);
    }

    void savedAndPinnedOnTheDashboard()
    {
        InsightSpec spec;
        spec.name = QStringLiteral("Opens by OS");
        spec.event = QStringLiteral("open");
        spec.breakdown = QStringLiteral("os");
        spec.pinned = true;
        view()->saveInsight(spec);
        InsightSpec funnel;
        funnel.name = QStringLiteral("Open to save");
        funnel.kind = InsightKind::Funnel;
        funnel.steps = {QStringLiteral("open"), QStringLiteral("save")};
        funnel.windowMs = 60 * 60 * 1000;
        view()->saveInsight(funnel); // saved, not pinned
        view()->showPage(InsightsView::Dashboard);
        QCOMPARE(view()->dashboardPanels().size(), 1);
        InsightPanel *card = view()->dashboardPanels().constFirst();
        QTRY_COMPARE(card->summary(), QStringLiteral("4 events in the range"));

        // Kept in the settings, per project: a new window finds them.
        MainWindow again(m_context.get());
        const QList<InsightSpec> saved = again.insightsView()->savedInsights();
        QCOMPARE(saved.size(), 2);
        QCOMPARE(saved[0], spec);
        QCOMPARE(saved[1].steps, funnel.steps);
        again.insightsView()->removeInsight(QStringLiteral("Open to save"));
        QCOMPARE(view()->savedInsights().size(), 1);
    }
};

QTEST_MAIN(TestInsightsView)
#include "tst_insightsview.moc"
