// The chart widgets' scales: time ticks at round local times with dates where the day changes,
// count ticks at round numbers; and what a tile and a list show.

#include "core/timeunits.h"
#include "widgets/charts.h"

#include <QDateTime>
#include <QLabel>
#include <QTest>

using namespace tdesk;

class TestCharts : public QObject
{
    Q_OBJECT

    static qint64 at(int day, int hour, int minute)
    {
        return QDateTime(QDate(2026, 11, day), QTime(hour, minute)).toMSecsSinceEpoch();
    }

    static QStringList strings(std::initializer_list<const char *> texts)
    {
        QStringList list;
        for (const char *text : texts)
            list << QString::fromUtf8(text);
        return list;
    }

    static QStringList labels(const QList<QPair<qint64, QString>> &ticks)
    {
        QStringList labels;
        for (const auto &tick : ticks)
            labels << tick.second;
        return labels;
    }

private slots:
    void anHourTicksEveryTenOrFifteenMinutes()
    {
        // The old axis read 12:38, 12:52, …
        const auto ticks = timeTicks(at(30, 12, 38), at(30, 13, 37), 6);
        QCOMPARE(labels(ticks), strings({"12:40", "12:50", "13:00", "13:10", "13:20", "13:30"}));
        QCOMPARE(labels(timeTicks(at(30, 12, 38), at(30, 13, 37), 4)), strings({"12:45", "13:00", "13:15", "13:30"}));
    }

    void aDayTicksEveryFewHoursWithTheDateAtMidnight()
    {
        const auto ticks = timeTicks(at(29, 13, 30), at(30, 13, 30), 8);
        const QString monday = QLocale().toString(QDate(2026, 11, 30), QStringLiteral("ddd d MMM"));
        QCOMPARE(labels(ticks), strings({"15:00", "18:00", "21:00"}) << monday << strings({"03:00", "06:00", "09:00", "12:00"}));
        QCOMPARE(ticks[3].first, at(30, 0, 0));
        QCOMPARE(labels(timeTicks(at(29, 13, 30), at(30, 13, 30), 4)), strings({"18:00"}) << monday << strings({"06:00", "12:00"}));
    }

    void weeksAndMonthsTickByDays()
    {
        const auto week = timeTicks(at(23, 13, 30), at(30, 13, 30), 8);
        QCOMPARE(week.size(), 7);
        for (const auto &[t, label] : week) {
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(t);
            QCOMPARE(time.time(), QTime(0, 0));
            QCOMPARE(label, QLocale().toString(time.date(), QStringLiteral("ddd d MMM")));
        }
        const auto month = timeTicks(at(1, 13, 30), at(30, 13, 30), 6);
        QVERIFY(month.size() >= 4 && month.size() <= 6);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(month[1].first).date().toJulianDay()
                     - QDateTime::fromMSecsSinceEpoch(month[0].first).date().toJulianDay(),
                 7);
    }

    // From an empty range to a busy one (0–1 events a minute, then two million): Qt Charts made an
    // item per tick of the new range at the old interval, and the window froze for minutes. Without
    // the fix this test does not end.
    void aBusyRangeAfterAnEmptyOneDrawsAtOnce()
    {
        TimeSeriesChart chart;
        chart.resize(800, 300);
        chart.show();
        const qint64 t0 = at(2, 10, 0);
        chart.setPoints({{t0, 0}, {t0 + 60000, 1}}, 60000);
        chart.setPoints({{t0, 0}, {t0 + 60000, 2000000}}, 60000);
        chart.setPoints({{t0, 0}, {t0 + 60000, 3}}, 60000);
        QCOMPARE(chart.points().last().second, 3);
    }

    void countsTickAtRoundNumbers()
    {
        QCOMPARE(niceStep(7974, 5), 2000);
        QCOMPARE(niceStep(150, 4), 50);
        QCOMPARE(niceStep(70, 6), 20);
        QCOMPARE(niceStep(4, 4), 1);
        QCOMPARE(niceStep(1, 4), 1);
    }

    void tileShowsValueChangeAndTooltip()
    {
        KpiTile tile(QStringLiteral("Events"));
        tile.setValue(QStringLiteral("1,200"), QStringLiteral("▲ 20 % vs previous 24 hours"), QStringLiteral("Previous: 1,000"));
        QCOMPARE(tile.caption(), QStringLiteral("Events"));
        QCOMPARE(tile.value(), QStringLiteral("1,200"));
        QCOMPARE(tile.detail(), QStringLiteral("▲ 20 % vs previous 24 hours"));
        QCOMPARE(tile.toolTip(), QStringLiteral("Previous: 1,000"));
        // Sized to its text: nothing cut in a narrow column, the change on two lines.
        tile.resize(tile.minimumSizeHint().width(), tile.heightForWidth(tile.minimumSizeHint().width()));
        tile.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tile));
        for (QLabel *label : tile.findChildren<QLabel *>()) {
            if (label->wordWrap()) // the change wraps rather than widen the grid
                QVERIFY2(label->heightForWidth(label->width()) <= label->height(), qPrintable(label->text()));
            else
                QVERIFY2(label->fontMetrics().horizontalAdvance(label->text()) <= label->contentsRect().width(), qPrintable(label->text()));
        }
    }

    void listElidesOnlyWithTheWholeLabelInItsTooltip()
    {
        BreakdownList list(QStringLiteral("Top events"));
        const QString longName = QStringLiteral("extension.command.executed.with.a.very.long.identifier.indeed");
        list.setItems({{longName, 30}, {QStringLiteral("other"), 70}}, 100);
        QCOMPARE(list.percentText(0), QStringLiteral("30 %"));
        QVERIFY(list.rowToolTip(0).startsWith(longName));
        QVERIFY(list.rowToolTip(0).contains(QStringLiteral("Events: 30 (30 %")));
        // Every row fits in its smallest size.
        QVERIFY(list.minimumSizeHint().height() >= list.rowRect(1).bottom());
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
