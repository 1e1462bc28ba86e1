// The world map: the shipped country shapes, the projection, and the widget a user hovers, clicks,
// zooms, drags and exports, in light and dark palettes.

#include "map/worldmapwidget.h"
#include "map/worldshapes.h"

#include <QApplication>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace tdesk;

namespace {

struct Place
{
    double lon, lat;
};
constexpr Place Berlin{13.40, 52.52};
constexpr Place Brasilia{-47.88, -15.79};
constexpr Place Madrid{-3.70, 40.42};
constexpr Place Paris{2.35, 48.86};
constexpr Place MidAtlantic{-40.0, 30.0};

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xf4, 0xf5, 0xf7));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, QColor(0x1d, 0x1f, 0x23));
    p.setColor(QPalette::WindowText, QColor(0x1d, 0x1f, 0x23));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x80, 0xed));
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x25, 0x27, 0x2b));
    p.setColor(QPalette::Base, QColor(0x1b, 0x1d, 0x20));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe8, 0xeb));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe8, 0xeb));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xf0));
    return p;
}

// How far apart two colours are (0..765), to tell "clearly different" from "about the same".
int distance(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b));
}

void sendMouse(QWidget *widget, QEvent::Type type, QPointF position, Qt::MouseButtons buttons)
{
    QMouseEvent event(type, position, widget->mapToGlobal(position), type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton,
                      buttons, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

void sendWheel(QWidget *widget, QPointF position, int delta)
{
    QWheelEvent event(position, widget->mapToGlobal(position), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class TestWorldMap : public QObject
{
    Q_OBJECT

private:
    const WorldShapes &shapes() { return WorldShapes::builtIn(); }

    // A shown 1000×500 map with values for Germany (the most), the US and Brazil, none for France.
    std::unique_ptr<WorldMapWidget> makeMap()
    {
        auto map = std::make_unique<WorldMapWidget>();
        map->resize(1000, 500);
        map->setCountryValues({{QStringLiteral("DE"), 1234}, {QStringLiteral("US"), 99}, {QStringLiteral("BR"), 7}},
                              QStringLiteral("Events"));
        map->show();
        if (!QTest::qWaitForWindowExposed(map.get()))
            qWarning("the map window was not exposed");
        return map;
    }

    QPointF at(const WorldMapWidget &map, Place place) { return map.positionOf(place.lon, place.lat); }

private Q_SLOTS:
    void projectionIsEqualEarth()
    {
        // The published extent of Equal Earth: x reaches 2.7066 at ±180°, y 1.3174 at the poles.
        QCOMPARE(WorldShapes::project(0, 0), QPointF(0, 0));
        QVERIFY(qAbs(WorldShapes::project(180, 0).x() - 2.70663) < 1e-4);
        QVERIFY(qAbs(WorldShapes::project(0, 90).y() + 1.31736) < 1e-4); // north is up: negative y
        QVERIFY(qAbs(WorldShapes::project(0, 90).x()) < 1e-12);
        // Symmetric about both axes; meridians bend inwards towards the poles.
        QCOMPARE(WorldShapes::project(-120, -40), -WorldShapes::project(120, 40));
        QVERIFY(WorldShapes::project(180, 60).x() < WorldShapes::project(180, 0).x());
    }

    void shapesLoad()
    {
        const WorldShapes &world = shapes();
        QVERIFY2(world.countries().size() >= 170, qPrintable(QString::number(world.countries().size())));
        for (const char *code : {"DE", "US", "BR", "JP", "AU"})
            QVERIFY2(world.country(QString::fromLatin1(code)), code);
        QCOMPARE(world.name(QStringLiteral("DE")), QStringLiteral("Germany"));
        QCOMPARE(world.name(QStringLiteral("XK")), QStringLiteral("Kosovo"));
        QVERIFY(world.name(QStringLiteral("ZZ")).isEmpty());

        QCOMPARE(world.countryAt(WorldShapes::project(Berlin.lon, Berlin.lat)), QStringLiteral("DE"));
        QCOMPARE(world.countryAt(WorldShapes::project(Brasilia.lon, Brasilia.lat)), QStringLiteral("BR"));
        QCOMPARE(world.countryAt(WorldShapes::project(139.69, 35.68)), QStringLiteral("JP"));   // Tokyo
        QCOMPARE(world.countryAt(WorldShapes::project(149.13, -35.28)), QStringLiteral("AU"));  // Canberra
        QCOMPARE(world.countryAt(WorldShapes::project(-77.04, 38.90)), QStringLiteral("US"));   // Washington
        QCOMPARE(world.indexAt(WorldShapes::project(MidAtlantic.lon, MidAtlantic.lat)), -1);
        // Lesotho is a hole in South Africa: the point there is Lesotho's alone.
        QCOMPARE(world.countryAt(WorldShapes::project(27.48, -29.31)), QStringLiteral("LS"));

        const QRectF bounds = world.bounds();
        QVERIFY(bounds.contains(WorldShapes::project(Berlin.lon, Berlin.lat)));
        QVERIFY(bounds.width() > 5.3 && bounds.width() < 5.42); // the whole width, ±180°
    }

    void shapesLoadFromAFile()
    {
        const Result<WorldShapes> fromFile =
            WorldShapes::load(QStringLiteral(TDESK_SOURCE_DIR "/resources/map/countries.json"));
        QVERIFY2(fromFile, qPrintable(fromFile.error()));
        QCOMPARE(fromFile->countries().size(), shapes().countries().size());

        QTemporaryDir dir;
        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"unit":0.01,"countries":[{"code":"XX","name":"X","rings":[[0,0,100]]}]})");
        file.close();
        QVERIFY(!WorldShapes::load(broken));
        QVERIFY(!WorldShapes::load(dir.filePath(QStringLiteral("missing.json"))));
    }

    void tooltipsName()
    {
        const auto map = makeMap();
        const QString germany = map->toolTipAt(at(*map, Berlin));
        QVERIFY2(germany.contains(QLatin1String("Germany")), qPrintable(germany));
        QVERIFY2(germany.contains(QStringLiteral("Events: ") + map->locale().toString(1234)), qPrintable(germany));
        const QString france = map->toolTipAt(at(*map, Paris));
        QVERIFY2(france.contains(QLatin1String("France")) && france.contains(QLatin1String("No data")), qPrintable(france));
        QVERIFY(map->toolTipAt(at(*map, MidAtlantic)).isEmpty());

        // What the user sees: the tooltip event over Germany shows that text.
        const QPoint position = at(*map, Berlin).toPoint();
        QHelpEvent help(QEvent::ToolTip, position, map->mapToGlobal(position));
        QApplication::sendEvent(map.get(), &help);
        QTRY_COMPARE(QToolTip::text(), germany);
        QToolTip::hideText();
    }

    void placesAreDotsWithTooltips()
    {
        const auto map = makeMap();
        map->setPlaces({{Berlin.lat, Berlin.lon, QStringLiteral("Berlin"), 40}, {Madrid.lat, Madrid.lon, QStringLiteral("Madrid"), 2}},
                       QStringLiteral("Events by city"));
        const QString berlin = map->toolTipAt(at(*map, Berlin));
        QVERIFY2(berlin.contains(QLatin1String("Berlin")) && berlin.contains(QLatin1String("Events by city: 40")),
                 qPrintable(berlin));
        // The bigger value has the bigger dot: a few pixels off-centre still hits Berlin, not Madrid's.
        const QPointF nearBerlin = at(*map, Berlin) + QPointF(6, 0);
        QVERIFY2(map->toolTipAt(nearBerlin).contains(QLatin1String("Berlin")), qPrintable(map->toolTipAt(nearBerlin)));
        const QPointF nearMadrid = at(*map, Madrid) + QPointF(6, 0);
        QVERIFY(!map->toolTipAt(nearMadrid).contains(QLatin1String("Madrid")));

        // The dot is drawn: its pixel differs from the same pixel without places.
        const QImage with = map->renderToImage(map->size());
        map->setPlaces({});
        const QImage without = map->renderToImage(map->size());
        const QPoint p = at(*map, Berlin).toPoint();
        QVERIFY(distance(with.pixel(p), without.pixel(p)) > 60);
    }

    void clickEmitsTheCountry()
    {
        const auto map = makeMap();
        QSignalSpy clicked(map.get(), &WorldMapWidget::countryClicked);
        QTest::mouseClick(map.get(), Qt::LeftButton, {}, at(*map, Berlin).toPoint());
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.first().first().toString(), QStringLiteral("DE"));
        QTest::mouseClick(map.get(), Qt::LeftButton, {}, at(*map, MidAtlantic).toPoint());
        QCOMPARE(clicked.size(), 1); // the sea is no country
    }

    void dragPansAndIsNoClick()
    {
        const auto map = makeMap();
        QSignalSpy clicked(map.get(), &WorldMapWidget::countryClicked);
        map->zoomIn(); // at zoom 1 the whole world fits and there is nothing to pan
        const QPointF start = at(*map, Berlin);
        const QPointF end = start + QPointF(-60, 25);
        sendMouse(map.get(), QEvent::MouseButtonPress, start, Qt::LeftButton);
        sendMouse(map.get(), QEvent::MouseMove, (start + end) / 2, Qt::LeftButton);
        sendMouse(map.get(), QEvent::MouseMove, end, Qt::LeftButton);
        sendMouse(map.get(), QEvent::MouseButtonRelease, end, Qt::NoButton);
        QCOMPARE(clicked.size(), 0);
        // Berlin followed the pointer.
        QVERIFY2(QLineF(at(*map, Berlin), end).length() < 1.0, qPrintable(QStringLiteral("%1,%2").arg(at(*map, Berlin).x()).arg(at(*map, Berlin).y())));
    }

    void wheelZoomsAroundThePointerAndResetRestores()
    {
        const auto map = makeMap();
        const QPoint madrid = at(*map, Madrid).toPoint();
        const QPointF berlin = at(*map, Berlin);
        QCOMPARE(map->countryAt(madrid), QStringLiteral("ES"));

        sendWheel(map.get(), berlin, 3 * 120);
        QVERIFY(map->zoom() > 1.5);
        QVERIFY(QLineF(at(*map, Berlin), berlin).length() < 1.0); // the point under the pointer stays
        QVERIFY2(map->countryAt(madrid) != QStringLiteral("ES"), qPrintable(map->countryAt(madrid)));

        QTest::keyClick(map.get(), Qt::Key_Home);
        QCOMPARE(map->zoom(), 1.0);
        QCOMPARE(map->countryAt(madrid), QStringLiteral("ES"));

        sendWheel(map.get(), berlin, 3 * 120);
        QVERIFY(map->countryAt(madrid) != QStringLiteral("ES"));
        QTest::mouseDClick(map.get(), Qt::LeftButton, {}, at(*map, MidAtlantic).toPoint());
        QCOMPARE(map->countryAt(madrid), QStringLiteral("ES"));

        // Keys zoom about the middle; zooming out never goes past the whole world.
        QTest::keyClick(map.get(), Qt::Key_Plus);
        const qreal zoomed = map->zoom();
        QVERIFY(zoomed > 1);
        QTest::keyClick(map.get(), Qt::Key_Minus);
        QVERIFY(map->zoom() < zoomed);
        QTest::keyClick(map.get(), Qt::Key_Minus);
        QCOMPARE(map->zoom(), 1.0);
    }

    void readableInLightAndDarkPalettes()
    {
        const auto map = makeMap();
        const QPoint sea = at(*map, MidAtlantic).toPoint();
        const QPoint germany = at(*map, {10.45, 51.16}).toPoint(); // the middle of Germany
        const QPoint france = at(*map, Paris).toPoint() + QPoint(-3, 6);
        QRgb seaColour[2];
        int i = 0;
        for (const QPalette &palette : {lightPalette(), darkPalette()}) {
            map->setPalette(palette);
            const QImage shown = map->grab().toImage();
            const QImage exported = map->renderToImage(map->size());
            for (const QImage &image : {shown, exported}) {
                // Sea, a country without data and the country with the most are clearly apart.
                QVERIFY(distance(image.pixel(sea), image.pixel(france)) > 20);
                QVERIFY(distance(image.pixel(germany), image.pixel(france)) > 120);
                QVERIFY(distance(image.pixel(germany), image.pixel(sea)) > 120);
            }
            seaColour[i++] = exported.pixel(sea);
        }
        QVERIFY2(qGray(seaColour[0]) > 200, qPrintable(QString::number(qGray(seaColour[0]))));
        QVERIFY2(qGray(seaColour[1]) < 60, qPrintable(QString::number(qGray(seaColour[1]))));
    }

    // The whole globe, pole to pole, inside the widget: the outline's proportions are Equal Earth's
    // own (not cut where the land ends), and it fills the widget's width or height but for a margin.
    void wholeWorldIsDrawn()
    {
        const QRectF world = shapes().bounds();
        const QPointF corner = WorldShapes::project(180, 90);
        const qreal projectionRatio = WorldShapes::project(0, 90).y() / WorldShapes::project(180, 0).x();
        QVERIFY(qAbs(world.height() / world.width() + projectionRatio) < 1e-3); // y is negative to the north
        QVERIFY(corner.x() < world.right()); // the poles are shorter than the equator

        for (const QSize size : {QSize(1000, 500), QSize(700, 600), QSize(1400, 400)}) {
            const auto map = makeMap();
            map->resize(size);
            const QPointF west = map->positionOf(-180, 0), east = map->positionOf(180, 0);
            const QPointF north = map->positionOf(0, 90), south = map->positionOf(0, -90);
            const QRectF drawn(QPointF(west.x(), north.y()), QPointF(east.x(), south.y()));
            QVERIFY2(QRectF(map->rect()).contains(drawn), qPrintable(QStringLiteral("%1x%2").arg(size.width()).arg(size.height())));
            QVERIFY(qAbs(drawn.height() / drawn.width() + projectionRatio) < 1e-3);
            QVERIFY(drawn.width() >= size.width() - 20 || drawn.height() >= size.height() - 20 - 200);
            // The sea reaches the south pole: the globe is not cut off where the land ends.
            const QImage image = map->renderToImage(map->size());
            const QPoint polar = map->positionOf(-100, -85).toPoint();
            QVERIFY(distance(image.pixel(polar), image.pixel(map->positionOf(-100, -70).toPoint())) < 20);
            QVERIFY(distance(image.pixel(polar), image.pixel(1, 1)) > 4);
        }
        // With room below the world, the world is at the top and the legend below it.
        const auto map = makeMap();
        map->resize(1000, map->heightForWidth(1000));
        QVERIFY(map->positionOf(0, 90).y() < 20);
        QVERIFY(map->heightForWidth(1000) > 500);
    }

    // Places whose dots would overlap at this zoom are one dot for their sum; zoomed in they part.
    void overlappingPlacesCluster()
    {
        const auto map = makeMap();
        const MapPlace berlin{Berlin.lat, Berlin.lon, QStringLiteral("Berlin"), 40};
        const MapPlace potsdam{52.40, 13.06, QStringLiteral("Potsdam"), 10};
        const MapPlace brasilia{Brasilia.lat, Brasilia.lon, QStringLiteral("Brasília"), 5};
        map->setPlaces({potsdam, brasilia, berlin}, QStringLiteral("Events"));
        QVERIFY(QLineF(map->positionOf(berlin.lon, berlin.lat), map->positionOf(potsdam.lon, potsdam.lat)).length() < 1.5);

        QList<MapCluster> clusters = map->clusters();
        QCOMPARE(clusters.size(), 2);
        QCOMPARE(clusters.at(0).value, 50.0);
        QCOMPARE(clusters.at(0).places.size(), 2);
        QCOMPARE(clusters.at(1).value, 5.0);
        QVERIFY(QLineF(clusters.at(1).position, at(*map, Brasilia)).length() < 0.5);
        // Its tooltip: the sum, then the places, largest first.
        const QString tip = map->toolTipAt(clusters.at(0).position);
        QVERIFY2(tip.contains(QLatin1String("Events: 50")), qPrintable(tip));
        QVERIFY2(tip.indexOf(QLatin1String("Berlin: 40")) < tip.indexOf(QLatin1String("Potsdam: 10"))
                     && tip.indexOf(QLatin1String("Berlin")) > 0,
                 qPrintable(tip));

        // A click on the cluster zooms into it instead of filtering by a country.
        QSignalSpy clicked(map.get(), &WorldMapWidget::countryClicked);
        QTest::mouseClick(map.get(), Qt::LeftButton, {}, clusters.at(0).position.toPoint());
        QCOMPARE(clicked.size(), 0);
        QVERIFY(map->zoom() > 1);

        // Close enough in: two dots, each with its own value, where the places are.
        sendWheel(map.get(), at(*map, Berlin), 40 * 120);
        clusters = map->clusters();
        QCOMPARE(clusters.size(), 3);
        QCOMPARE(clusters.at(0).value, 40.0);
        QVERIFY(QLineF(clusters.at(0).position, at(*map, Berlin)).length() < 0.5);
        QVERIFY(map->toolTipAt(at(*map, {13.06, 52.40})).contains(QLatin1String("Potsdam")));
    }

    // The size legend shows round values the dots now drawn reach, and is part of the picture.
    void sizeLegendHasReferenceDots()
    {
        const auto map = makeMap();
        QVERIFY(map->sizeLegendValues().isEmpty());
        map->setPlaces({{Berlin.lat, Berlin.lon, QStringLiteral("Berlin"), 1234},
                        {Brasilia.lat, Brasilia.lon, QStringLiteral("Brasília"), 300},
                        {35.68, 139.69, QStringLiteral("Tokyo"), 50}},
                       QStringLiteral("Events"));
        QCOMPARE(map->sizeLegendValues(), (QList<double>{1000, 200, 50}));
        const QByteArray svg = map->renderToSvg(map->size());
        QVERIFY(svg.contains("Dot size: Events"));
        QVERIFY(svg.contains(QByteArray(">" + map->locale().toString(1000).toUtf8() + "<")));
        map->setPlaces({{Berlin.lat, Berlin.lon, QStringLiteral("Berlin"), 3}}, QStringLiteral("Events"));
        QCOMPARE(map->sizeLegendValues(), (QList<double>{2}));
    }

    // Five countries a step apart each: every step is clearly another shade, deeper for more, and
    // the least is still apart from "no data", in light and dark palettes.
    void colourStepsAreDistinct()
    {
        const auto map = makeMap();
        map->setCountryValues({{QStringLiteral("BR"), 1}, {QStringLiteral("AU"), 10}, {QStringLiteral("US"), 100},
                               {QStringLiteral("IN"), 1000}, {QStringLiteral("RU"), 10000}},
                              QStringLiteral("Events"));
        QCOMPARE(map->colorBreaks().size(), 4);
        const Place inside[] = {{-50, -10}, {134, -24}, {-98, 39}, {79, 22}, {100, 62}}; // BR, AU, US, IN, RU
        for (const QPalette &palette : {lightPalette(), darkPalette()}) {
            map->setPalette(palette);
            const QImage image = map->renderToImage(map->size());
            const bool dark = palette.color(QPalette::Base).lightness() < 128;
            for (int i = 1; i < 5; ++i) {
                const QRgb lower = image.pixel(at(*map, inside[i - 1]).toPoint());
                const QRgb higher = image.pixel(at(*map, inside[i]).toPoint());
                QVERIFY2(distance(lower, higher) > 45, qPrintable(QStringLiteral("step %1: %2").arg(i).arg(distance(lower, higher))));
                QVERIFY(dark ? qGray(higher) > qGray(lower) : qGray(higher) < qGray(lower));
            }
            const QRgb none = image.pixel(at(*map, Paris).toPoint() + QPoint(-3, 6));
            QVERIFY(distance(none, image.pixel(at(*map, inside[0]).toPoint())) > 40);
        }
    }

    // A row beside the map outlines its country, as hovering it would.
    void highlightOutlinesACountry()
    {
        const auto map = makeMap();
        map->setCountryValues({{QStringLiteral("FR"), 5}}, QStringLiteral("Events"));
        const QPoint france = at(*map, Paris).toPoint() + QPoint(-3, 6);
        const QRgb before = map->grab().toImage().pixel(france);
        map->setHighlightedCountry(QStringLiteral("FR"));
        QCOMPARE(map->highlightedCountry(), QStringLiteral("FR"));
        QVERIFY(distance(map->grab().toImage().pixel(france), before) > 10);
        map->setHighlightedCountry(QString());
        QVERIFY(map->highlightedCountry().isEmpty());
        QCOMPARE(map->grab().toImage().pixel(france), before);
    }

    void exportsSvg()
    {
        const auto map = makeMap();
        const QByteArray svg = map->renderToSvg(QSize(800, 400));
        QVERIFY(svg.startsWith("<?xml"));
        QVERIFY(svg.contains("<svg"));
        QVERIFY(svg.contains("viewBox=\"0 0 800 400\""));
        QVERIFY(svg.count("<path") > 150); // the countries
        QVERIFY(svg.contains(">Events<")); // the legend's title
        const QImage png = map->renderToImage(QSize(800, 400), 2);
        QCOMPARE(png.size(), QSize(1600, 800));
    }

    void noMapFileStillPaints()
    {
        const WorldShapes none;
        WorldMapWidget map(none);
        map.resize(400, 200);
        QVERIFY(!map.grab().isNull());
        QVERIFY(map.countryAt(QPointF(200, 100)).isEmpty());
    }
};

QTEST_MAIN(TestWorldMap)
#include "tst_worldmap.moc"
