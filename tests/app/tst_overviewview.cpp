// The Overview over a real embedded collector: what is posted shows up in the tiles, the charts and
// the breakdowns, and a click on a value asks for its events. Over a fake reader: every figure the
// reader gives is the one on screen.

#include "appfixture.h"
#include "fakereader.h"
#include "views/overviewview.h"
#include "widgets/charts.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

class TestOverviewView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppContext> m_context;

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
        AppContext::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("fake"));
        AppContext context(options);
        auto fake = std::make_unique<test::FakeReader>();
        fake->overviewData.totals.events = 1234567;
        fake->overviewData.totals.users = 4321;
        fake->overviewData.totals.usersEstimated = true;
        fake->overviewData.topEvents.top = {{QStringLiteral("app.start"), 1000000}, {QStringLiteral("app.stop"), 234567}};
        fake->overviewData.os.top = {{QStringLiteral("linux"), 1200000}, {QString(), 30000}};
        fake->overviewData.os.other = 4567;
        fake->status.running = true;
        fake->status.rejectsByReason = {{QStringLiteral("bad_json"), 5}, {QStringLiteral("rate_limited"), 2}};
        context.setReader(std::move(fake));

        OverviewView view(&context);
        view.show();
        QTRY_COMPARE(view.data().totals.events, 1234567);
        const auto tiles = view.findChildren<KpiTile *>();
        QCOMPARE(tiles.size(), 4);
        const QLocale locale;
        QCOMPARE(tiles[0]->value(), locale.toString(1234567));
        QCOMPARE(tiles[1]->value(), QStringLiteral("≈ ") + locale.toString(4321));
        QTRY_COMPARE(tiles[3]->value(), locale.toString(7)); // every reject the collector counted
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
};

QTEST_MAIN(TestOverviewView)
#include "tst_overviewview.moc"
