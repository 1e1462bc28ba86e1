// The Overview over a real embedded collector: what is posted shows up in the tiles, the charts and
// the breakdowns, and a click on a value asks for its events. Over a fake reader: every figure the
// reader gives is the one on screen.

#include "appfixture.h"
#include "fakereader.h"
#include "views/overviewview.h"
#include "widgets/charts.h"

#include "core/timeunits.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTextDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

// The last 24 hours in 10-minute buckets, as the query keys them, with `perBucket` events each.
Series dayOfBuckets(const TimeRange &range, qint64 perBucket)
{
    Series series;
    for (qint64 t = floorTo(range.fromMs, 10 * MinuteMs); t < range.toMs; t += 10 * MinuteMs)
        series.append({t, perBucket});
    return series;
}

} // namespace

class TestOverviewView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppContext> m_context;

    // A context over a fake reader, its range the last 24 hours.
    std::unique_ptr<AppContext> fakeContext(std::unique_ptr<test::FakeReader> fake)
    {
        AppContext::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("fake"));
        auto context = std::make_unique<AppContext>(options);
        context->setRange(RangePreset::Last24Hours);
        context->setReader(std::move(fake));
        return context;
    }

    static KpiTile *tile(OverviewView &view, const QString &caption)
    {
        for (KpiTile *tile : view.findChildren<KpiTile *>()) {
            if (tile->caption() == caption)
                return tile;
        }
        return nullptr;
    }

    BreakdownList *breakdown(OverviewView &view, const QString &title)
    {
        const auto lists = view.findChildren<BreakdownList *>();
        for (BreakdownList *list : lists) {
            if (list->title() == title)
                return list;
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        m_context = test::startedApp(m_dir.path());
        QVERIFY(m_context);
        m_context->setRange(RangePreset::LastHour);

        // 6 × "build.done" on linux, 3 × "test.run" on darwin, from 4 users.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QByteArray batch = "{\"schema\":\"jwc.v1\",\"batch\":[";
        for (int i = 0; i < 9; ++i) {
            batch += i ? "," : "";
            batch += "{\"anon\":\"u" + QByteArray::number(i % 4) + "\",\"evt\":\"" + (i < 6 ? "build.done" : "test.run")
                + "\",\"t\":" + QByteArray::number(now - i * 1000) + ",\"os\":\"" + (i < 6 ? "linux" : "darwin") + "\"}";
        }
        batch += "]}";
        QCOMPARE(test::postToCollector(*m_context, batch), 200);
    }

    void cleanupTestCase() { m_context.reset(); }

    void showsWhatWasStored()
    {
        OverviewView view(m_context.get());
        view.show();
        QTRY_COMPARE(view.data().totals.events, 9);
        QCOMPARE(view.data().totals.users, 4);
        QVERIFY(!view.findChildren<KpiTile *>().isEmpty());
        QCOMPARE(view.findChildren<KpiTile *>().first()->value(), QLocale().toString(9));

        BreakdownList *events = breakdown(view, QStringLiteral("Top events"));
        QVERIFY(events);
        QCOMPARE(events->items().value(0), (QPair<QString, qint64>{QStringLiteral("build.done"), 6}));
        QCOMPARE(events->items().value(1), (QPair<QString, qint64>{QStringLiteral("test.run"), 3}));

        // The live chart holds the events of the last minutes.
        auto *live = view.findChild<TimeSeriesChart *>(QStringLiteral("live"));
        QVERIFY(live);
        QTRY_VERIFY(std::accumulate(live->points().begin(), live->points().end(), qint64(0),
                                    [](qint64 sum, const auto &p) { return sum + p.second; }) == 9);
    }

    void showsWhatTheReaderSays()
    {
        auto fake = std::make_unique<test::FakeReader>();
        fake->overviewData.totals.events = 1234567;
        fake->overviewData.totals.users = 4321;
        fake->overviewData.totals.usersEstimated = true;
        fake->overviewData.topEvents.top = {{QStringLiteral("app.start"), 1000000}, {QStringLiteral("app.stop"), 234567}};
        fake->overviewData.os.top = {{QStringLiteral("linux"), 1200000}, {QString(), 30000}};
        fake->overviewData.os.other = 4567;
        fake->overviewData.totals.countries = 12;
        const auto context = fakeContext(std::move(fake));

        OverviewView view(context.get());
        view.show();
        QTRY_COMPARE(view.data().totals.events, 1234567);
        const auto tiles = view.findChildren<KpiTile *>();
        QCOMPARE(tiles.size(), 4);
        const QLocale locale;
        QCOMPARE(tiles[0]->value(), locale.toString(1234567));
        QCOMPARE(tiles[1]->value(), QStringLiteral("≈ ") + locale.toString(4321));
        QCOMPARE(tiles[2]->value(), QStringLiteral("≈ ") + locale.toString(1234567.0 / 4321, 'f', 1));
        QCOMPARE(tiles[3]->value(), QStringLiteral("12"));
        BreakdownList *top = breakdown(view, QStringLiteral("Top events"));
        QVERIFY(top);
        QCOMPARE(top->items(), (QList<QPair<QString, qint64>>{{QStringLiteral("app.start"), 1000000},
                                                             {QStringLiteral("app.stop"), 234567}}));
        BreakdownList *os = breakdown(view, QStringLiteral("Operating systems"));
        QVERIFY(os);
        QCOMPARE(os->items(), (QList<QPair<QString, qint64>>{{QStringLiteral("linux"), 1200000},
                                                            {QStringLiteral("unknown"), 30000},
                                                            {QStringLiteral("other"), 4567}}));
    }

    void clickOnAValueAsksForItsEvents()
    {
        OverviewView view(m_context.get());
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(view.data().totals.events, 9);
        BreakdownList *os = breakdown(view, QStringLiteral("Operating systems"));
        QVERIFY(os);
        QTRY_COMPARE(os->items().size(), 2);
        QSignalSpy requested(&view, &OverviewView::filterRequested);
        QTest::mouseClick(os, Qt::LeftButton, {}, os->rowRect(1).center());
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().at(0).toString(), QStringLiteral("os"));
        QCOMPARE(requested.first().at(1).toString(), QStringLiteral("darwin"));
    }

    void tilesCompareWithThePreviousPeriod()
    {
        auto fake = std::make_unique<test::FakeReader>();
        OverviewData &data = fake->overviewData;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        data.range = {now - DayMs, now};
        data.previousRange = {now - 2 * DayMs, now - DayMs};
        data.totals = {1200, 300, true, 5};
        data.previous = {1000, 0, false, 5};
        const auto context = fakeContext(std::move(fake));

        OverviewView view(context.get());
        view.show();
        QTRY_COMPARE(view.data().totals.events, 1200);
        const QLocale locale;
        KpiTile *events = tile(view, QStringLiteral("Events"));
        QVERIFY(events);
        QCOMPARE(events->value(), locale.toString(1200));
        QCOMPARE(events->detail(), QStringLiteral("▲ 20 % vs previous 24 hours"));
        // The tooltip has the previous figure and the dates it was counted over.
        QVERIFY2(events->toolTip().contains(QStringLiteral("Previous 24 hours")), qPrintable(events->toolTip()));
        QVERIFY(events->toolTip().contains(locale.toString(1000)));
        QVERIFY(events->toolTip().contains(locale.toString(QDateTime::fromMSecsSinceEpoch(data.previousRange.fromMs),
                                                           QStringLiteral("ddd d MMM HH:mm"))));

        KpiTile *users = tile(view, QStringLiteral("Users"));
        QVERIFY(users);
        QCOMPARE(users->value(), QStringLiteral("≈ 300"));
        QVERIFY2(users->detail().startsWith(QStringLiteral("new")), qPrintable(users->detail())); // none before
        KpiTile *perUser = tile(view, QStringLiteral("Events per user"));
        QVERIFY(perUser);
        QCOMPARE(perUser->value(), QStringLiteral("≈ ") + locale.toString(4.0, 'f', 1));
        KpiTile *countries = tile(view, QStringLiteral("Countries"));
        QVERIFY(countries);
        QCOMPARE(countries->value(), QStringLiteral("5"));
        QCOMPARE(countries->detail(), QStringLiteral("no change vs previous 24 hours"));
    }

    void tilesShowAFallAsADownArrow()
    {
        auto fake = std::make_unique<test::FakeReader>();
        fake->overviewData.totals = {800, 40, false, 3};
        fake->overviewData.previous = {1000, 40, false, 4};
        const auto context = fakeContext(std::move(fake));

        OverviewView view(context.get());
        view.show();
        QTRY_COMPARE(view.data().totals.events, 800);
        QCOMPARE(tile(view, QStringLiteral("Events"))->detail(), QStringLiteral("▼ 20 % vs previous 24 hours"));
        QCOMPARE(tile(view, QStringLiteral("Users"))->value(), QStringLiteral("40"));
        QCOMPARE(tile(view, QStringLiteral("Events per user"))->value(), QLocale().toString(20.0, 'f', 1));
        QCOMPARE(tile(view, QStringLiteral("Events per user"))->detail(), QStringLiteral("▼ 20 % vs previous 24 hours"));
        QCOMPARE(tile(view, QStringLiteral("Countries"))->detail(), QStringLiteral("▼ 25 % vs previous 24 hours"));
    }

    void liveHeaderShowsTheLastFullMinute()
    {
        // Not across a minute's turn: the view must ask in the minute the series was made for.
        if (QDateTime::currentMSecsSinceEpoch() % MinuteMs > 50 * SecondMs)
            QTest::qWait(int(MinuteMs - QDateTime::currentMSecsSinceEpoch() % MinuteMs) + 100);
        auto fake = std::make_unique<test::FakeReader>();
        const qint64 minute = floorTo(QDateTime::currentMSecsSinceEpoch(), MinuteMs);
        for (qint64 t = minute - 59 * MinuteMs; t <= minute; t += MinuteMs)
            fake->perMinute.append({t, t == minute - MinuteMs ? 70 : t == minute ? 12 : 30});
        const auto context = fakeContext(std::move(fake));

        OverviewView view(context.get());
        view.show();
        auto *live = view.findChild<TimeSeriesChart *>(QStringLiteral("live"));
        QVERIFY(live);
        QTRY_COMPARE(live->points().size(), 60);
        QCOMPARE(live->note(), QStringLiteral("Now: 70 in the last full minute"));
        QCOMPARE(live->points()[58].second, 70);
        // The minute in progress says it is not over, so that 12 does not read as a drop.
        QVERIFY2(live->pointToolTip(59).contains(QStringLiteral("so far: 12")), qPrintable(live->pointToolTip(59)));
        QVERIFY(!live->pointToolTip(58).contains(QStringLiteral("so far")));
        QCOMPARE(live->valueAxisTitle(), QStringLiteral("Events per minute"));
        QVERIFY(live->timeAxisTitle().startsWith(QStringLiteral("Time (")));
        QVERIFY(live->emptyText().isEmpty());
    }

    void rangeChartHasRoundTicksAndThePreviousPeriod()
    {
        auto fake = std::make_unique<test::FakeReader>();
        OverviewData &data = fake->overviewData;
        // Ending mid-afternoon, so that midnight is well inside (near an edge its label would not fit).
        const qint64 now = QDateTime(QDate::currentDate(), QTime(14, 30)).toMSecsSinceEpoch();
        data.range = {now - DayMs, now};
        data.previousRange = {now - 2 * DayMs, now - DayMs};
        data.bucketMs = 10 * MinuteMs;
        data.totals.events = 1440;
        data.series = dayOfBuckets(data.range, 10);
        data.previousSeries = dayOfBuckets(data.range, 7);
        const auto context = fakeContext(std::move(fake));

        OverviewView view(context.get());
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *chart = view.findChild<TimeSeriesChart *>(QStringLiteral("range"));
        QVERIFY(chart);
        QTRY_COMPARE(chart->points().size(), data.series.size());
        QCoreApplication::processEvents(); // the chart's layout, then ticks for its width
        QCOMPARE(chart->valueAxisTitle(), QStringLiteral("Events per 10 minutes"));
        QVERIFY(chart->timeAxisTitle().startsWith(QStringLiteral("Time (")));

        // Ticks at round local hours, 3 or 6 apart, with the date at midnight.
        const QStringList labels = chart->timeLabels();
        const QList<qint64> ticks = chart->timeTickPositions();
        QVERIFY2(labels.size() >= 3 && labels.size() <= 9, qPrintable(labels.join(u' ')));
        bool dated = false;
        for (int i = 0; i < ticks.size(); ++i) {
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(ticks[i]);
            QCOMPARE(time.time().minute(), 0);
            QCOMPARE(time.time().hour() % 3, 0);
            const QString label = QString(labels[i]).remove(QChar(0x200B));
            if (time.time() == QTime(0, 0)) {
                QCOMPARE(label, QLocale().toString(time.date(), QStringLiteral("ddd d MMM")));
                dated = true;
            } else {
                QCOMPARE(label, time.toString(QStringLiteral("HH:mm")));
            }
        }
        QVERIFY2(dated, qPrintable(labels.join(u' ')));

        QCOMPARE(chart->previousPoints(), data.previousSeries);
        QCOMPARE(chart->legendNames(), (QStringList{QStringLiteral("Last 24 hours"), QStringLiteral("Previous 24 hours")}));
        QVERIFY(chart->pointToolTip(0).contains(QStringLiteral("Previous 24 hours: 7")));
    }

    void listsShowSharesOfAllEvents()
    {
        auto fake = std::make_unique<test::FakeReader>();
        OverviewData &data = fake->overviewData;
        data.totals.events = 1000;
        data.topEvents.top = {{QStringLiteral("app.start"), 600}, {QStringLiteral("app.stop"), 200}};
        data.topEvents.other = 200;
        data.os.top = {{QStringLiteral("linux"), 996}, {QStringLiteral("haiku"), 4}};
        data.countries.top = {{QStringLiteral("DE"), 700}, {QString(), 300}};
        const auto context = fakeContext(std::move(fake));

        OverviewView view(context.get());
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(view.data().totals.events, 1000);
        BreakdownList *top = breakdown(view, QStringLiteral("Top events"));
        QVERIFY(top);
        QCOMPARE(top->items(), (QList<QPair<QString, qint64>>{{QStringLiteral("app.start"), 600},
                                                             {QStringLiteral("app.stop"), 200},
                                                             {QStringLiteral("other"), 200}}));
        QCOMPARE(top->percentText(0), QStringLiteral("60 %"));
        QCOMPARE(top->percentText(2), QStringLiteral("20 %"));
        BreakdownList *os = breakdown(view, QStringLiteral("Operating systems"));
        QCOMPARE(os->percentText(1), QStringLiteral("<1 %"));
        QVERIFY(os->rowToolTip(1).contains(QStringLiteral("Events: 4 (<1 % of all events")));

        // Countries by name; the code in the tooltip, and a click filters by the code.
        BreakdownList *countries = breakdown(view, QStringLiteral("Countries"));
        QVERIFY(countries);
        QCOMPARE(countries->items().value(0).first, QStringLiteral("Germany"));
        QCOMPARE(countries->items().value(1).first, QStringLiteral("unknown"));
        QCOMPARE(countries->percentText(0), QStringLiteral("70 %"));
        QVERIFY2(countries->rowToolTip(0).contains(QStringLiteral("DE")), qPrintable(countries->rowToolTip(0)));
        QSignalSpy requested(&view, &OverviewView::filterRequested);
        QTest::mouseClick(countries, Qt::LeftButton, {}, countries->rowRect(0).center());
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().at(0).toString(), QStringLiteral("country"));
        QCOMPARE(requested.first().at(1).toString(), QStringLiteral("DE"));
    }

    // An acknowledged event shows on the tiles within two of the app's one-second ticks (counted in
    // ticks, not milliseconds: a loaded machine delays the clock, not the promise).
    void followsAcknowledgedEventsWithinTwoTicks()
    {
        QTemporaryDir dir;
        const auto context = test::startedApp(dir.path());
        QVERIFY(context);
        context->setRange(RangePreset::LastHour);
        OverviewView view(context.get());
        view.show();
        QTRY_COMPARE(tile(view, QStringLiteral("Events"))->value(), QStringLiteral("0"));
        QSignalSpy ticks(context.get(), &AppContext::tick);
        const QByteArray event = "{\"schema\":\"jwc.v1\",\"anon\":\"u1\",\"evt\":\"app.start\",\"t\":"
            + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "}";
        QCOMPARE(test::postToCollector(*context, event), 200);
        ticks.clear();
        QTRY_COMPARE_WITH_TIMEOUT(tile(view, QStringLiteral("Events"))->value(), QStringLiteral("1"), 10000);
        QCOMPARE(tile(view, QStringLiteral("Users"))->value(), QStringLiteral("1"));
        QVERIFY2(ticks.count() <= 2, qPrintable(QStringLiteral("%1 ticks").arg(ticks.count())));
    }

    void noTextIsCutAtTheUsualWindowSizes()
    {
        auto fake = std::make_unique<test::FakeReader>();
        OverviewData &data = fake->overviewData;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        data.range = {now - DayMs, now};
        data.previousRange = {now - 2 * DayMs, now - DayMs};
        data.bucketMs = 10 * MinuteMs;
        data.totals = {1234567, 45678, true, 123};
        data.previous = {1000000, 40000, true, 120};
        data.series = dayOfBuckets(data.range, 123456);
        data.previousSeries = dayOfBuckets(data.range, 100000);
        data.topEvents.top = {{QStringLiteral("extension.command.executed.with.a.very.long.identifier"), 1000000}};
        data.topEvents.other = 234567;
        const auto context = fakeContext(std::move(fake));

        OverviewView view(context.get());
        for (const QSize size : {QSize(1090, 740), QSize(1410, 930)}) { // 1280×800 and 1600×1000 less the sidebar
            view.resize(size);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            QTRY_COMPARE(view.data().totals.events, 1234567);
            QCoreApplication::processEvents();
            for (QLabel *label : view.findChildren<QLabel *>()) {
                if (!label->isVisibleTo(&view) || label->text().isEmpty())
                    continue;
                int needed = 0;
                if (label->textFormat() == Qt::RichText) {
                    QTextDocument document;
                    document.setDefaultFont(label->font());
                    document.setDocumentMargin(0);
                    document.setHtml(label->text());
                    needed = int(document.idealWidth());
                } else if (label->wordWrap()) {
                    QVERIFY2(label->heightForWidth(label->width()) <= label->height(), qPrintable(label->text()));
                    continue;
                } else {
                    needed = label->fontMetrics().horizontalAdvance(label->text());
                }
                QVERIFY2(needed <= label->contentsRect().width(),
                         qPrintable(QStringLiteral("%1: %2 > %3").arg(label->text()).arg(needed).arg(label->contentsRect().width())));
            }
        }
    }

    void emptyRangeSaysSoInWords()
    {
        const auto context = fakeContext(std::make_unique<test::FakeReader>());
        OverviewView view(context.get());
        view.show();
        QTRY_VERIFY(!view.isLoading());
        auto *chart = view.findChild<TimeSeriesChart *>(QStringLiteral("range"));
        QTRY_COMPARE(chart->emptyText(), QStringLiteral("No events in the last 24 hours"));
        QCOMPARE(view.findChild<TimeSeriesChart *>(QStringLiteral("live"))->emptyText(), QStringLiteral("No events in the last hour"));
        for (BreakdownList *list : view.findChildren<BreakdownList *>()) {
            QVERIFY(list->items().isEmpty());
            QCOMPARE(list->emptyText(), QStringLiteral("No events in the last 24 hours"));
        }
        QCOMPARE(tile(view, QStringLiteral("Events"))->value(), QStringLiteral("0"));
        QCOMPARE(tile(view, QStringLiteral("Events"))->detail(), QStringLiteral("no change vs previous 24 hours"));
    }
};

QTEST_MAIN(TestOverviewView)
#include "tst_overviewview.moc"
