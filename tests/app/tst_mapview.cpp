// The Map view over a fake reader: the header says what the reader counted, formatted as the
// Overview formats it; the countries beside the map are ranked by events with their names and
// shares, "unknown" last; a row filters the Events view like a click on the map, and hovering it
// outlines its country.

#include "appcontext.h"
#include "fakereader.h"
#include "map/worldmapwidget.h"
#include "views/mapview.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace tdesk;

class TestMapView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppContext> m_context;
    test::FakeReader *m_reader = nullptr;

    QStringList column(QTreeWidget *list, int column)
    {
        QStringList texts;
        for (int row = 0; row < list->topLevelItemCount(); ++row)
            texts << list->topLevelItem(row)->text(column);
        return texts;
    }

private slots:
    void initTestCase()
    {
        // German number formatting, so that the header's "8.071" can only come from the locale.
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        AppContext::Options options;
        options.dataDir = m_dir.path();
        options.listen = QStringLiteral("127.0.0.1:0");
        m_context = std::make_unique<AppContext>(options);
        auto reader = std::make_unique<test::FakeReader>();
        m_reader = reader.get();
        // 8,071 events: 971 without a country, more than Japan's, and a country with users on the
        // range's days but no event in the range.
        m_reader->geoData.events = 8071;
        m_reader->geoData.users = 160;
        m_reader->geoData.countries = {{QStringLiteral("US"), 5000, 100}, {QStringLiteral("DE"), 2000, 40},
                                       {QString(), 971, 12},           {QStringLiteral("JP"), 100, 8},
                                       {QStringLiteral("FR"), 0, 2}};
        m_reader->geoData.places = {{QStringLiteral("US"), QStringLiteral("New York"), 40.71, -74.01, 3000},
                                    {QStringLiteral("DE"), QStringLiteral("Berlin"), 52.52, 13.40, 1500},
                                    {QStringLiteral("DE"), QStringLiteral("Potsdam"), 52.40, 13.06, 500}};
        m_context->setReader(std::move(reader));
        m_context->setRange(RangePreset::Last24Hours);
    }

    void cleanupTestCase()
    {
        m_context.reset();
        QLocale::setDefault(QLocale::c());
    }

    void headerSaysWhatIsShown()
    {
        MapView view(m_context.get());
        view.show();
        QTRY_COMPARE(view.summary().events, qint64(8071));
        const QString header = view.header()->text();
        // The Overview's "Events" tile formats its count with QLocale() too: the same text.
        QVERIFY2(header.startsWith(QLocale().toString(qint64(8071)) + QLatin1Char(' ')), qPrintable(header));
        QVERIFY2(header.contains(QLatin1String("8.071")), qPrintable(header));
        QVERIFY2(header.contains(QLatin1String(" 3 ")), qPrintable(header)); // countries with events
        QVERIFY2(header.endsWith(AppContext::presetName(RangePreset::Last24Hours)), qPrintable(header));
    }

    void countriesAreRankedWithNamesAndShares()
    {
        MapView view(m_context.get());
        view.show();
        QTRY_COMPARE(view.summary().events, qint64(8071));
        QTreeWidget *list = view.countryList();
        QCOMPARE(column(list, 0), (QStringList{QStringLiteral("United States"), QStringLiteral("Germany"),
                                               QStringLiteral("Japan"), QStringLiteral("unknown")}));
        const QLocale locale;
        QCOMPARE(column(list, 1), (QStringList{locale.toString(5000), locale.toString(2000), locale.toString(100),
                                               locale.toString(971)}));
        QCOMPARE(column(list, 2), (QStringList{QStringLiteral("100"), QStringLiteral("40"), QStringLiteral("8"),
                                               QStringLiteral("12")}));
        // Shares of all events in the range, "unknown" included: they add up to 100%.
        QCOMPARE(list->topLevelItem(0)->text(3), locale.toString(100.0 * 5000 / 8071, 'f', 1) + QLatin1Char('%'));
        QCOMPARE(list->topLevelItem(3)->text(3), locale.toString(100.0 * 971 / 8071, 'f', 1) + QLatin1Char('%'));

        // The map names the country the same way and shows its count.
        const QString tip = view.map()->toolTipAt(view.map()->positionOf(10.45, 51.16));
        QVERIFY2(tip.contains(QLatin1String("Germany")) && tip.contains(locale.toString(2000)), qPrintable(tip));

        // The cities, most events first, with their countries' names.
        QCOMPARE(column(view.cityList(), 0), (QStringList{QStringLiteral("New York"), QStringLiteral("Berlin"),
                                                          QStringLiteral("Potsdam")}));
        QCOMPARE(view.cityList()->topLevelItem(1)->text(1), QStringLiteral("Germany"));
    }

    void rowClickFiltersAndHoverHighlights()
    {
        MapView view(m_context.get());
        view.resize(1200, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(view.countryList()->topLevelItemCount(), 4);
        QTreeWidget *list = view.countryList();
        QSignalSpy filter(&view, &MapView::filterRequested);

        const QRect germany = list->visualItemRect(list->topLevelItem(1));
        QTest::mouseMove(list->viewport(), germany.center());
        QTRY_COMPARE(view.map()->highlightedCountry(), QStringLiteral("DE"));

        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, germany.center());
        QCOMPARE(filter.size(), 1);
        QCOMPARE(filter.first(), (QVariantList{QStringLiteral("country"), QStringLiteral("DE")}));

        // The map's own click asks for the same.
        QTest::mouseClick(view.map(), Qt::LeftButton, {}, view.map()->positionOf(2.35, 46.5).toPoint()); // France
        QCOMPARE(filter.size(), 2);
        QCOMPARE(filter.last(), (QVariantList{QStringLiteral("country"), QStringLiteral("FR")}));

        // "unknown" is no country to filter by.
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->topLevelItem(3)).center());
        QCOMPARE(filter.size(), 2);
    }

    void noEventsSaysSo()
    {
        test::FakeReader *reader = m_reader;
        const GeoSummary saved = reader->geoData;
        reader->geoData = GeoSummary();
        MapView view(m_context.get());
        view.show();
        QTRY_VERIFY(view.header()->text().startsWith(QLatin1String("No events")));
        QCOMPARE(view.countryList()->topLevelItemCount(), 0);
        reader->geoData = saved;
    }
};

QTEST_MAIN(TestMapView)
#include "tst_mapview.moc"
