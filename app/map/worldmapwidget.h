#pragma once

#include <QHash>
#include <QImage>
#include <QList>
#include <QPixmap>
#include <QWidget>

namespace tdesk {

class WorldShapes;

// A point of interest on the map (a city), drawn as a dot whose area grows with its value.
struct MapPlace
{
    double lat = 0;
    double lon = 0;
    QString label;
    double value = 0;
};

// Places whose dots would overlap at the current zoom, drawn as one dot for the sum of their values.
struct MapCluster
{
    QPointF position;      // in widget coordinates: the value-weighted middle of its places
    double value = 0;      // the sum of its places' values
    QList<int> places;     // indices into the places as set, largest value first
};

// The world as a choropleth: countries coloured by a value in a few distinct steps (logarithmic for
// non-negative values such as counts, linear otherwise), countries without a value in a neutral
// colour, places as translucent dots clustered where they would overlap, and a legend of both. Hover
// for a tooltip, wheel or +/- to zoom, drag to pan, double-click or Home to reset; a click (not a
// drag) on a country emits countryClicked, on a cluster zooms into it. Colours come from the palette.
class WorldMapWidget : public QWidget
{
    Q_OBJECT

public:
    explicit WorldMapWidget(QWidget *parent = nullptr); // the map compiled into the app
    explicit WorldMapWidget(const WorldShapes &shapes, QWidget *parent = nullptr);
    ~WorldMapWidget() override;

    // Values by ISO 3166-1 alpha-2 code, and what they measure ("Events"), for the legend and tooltips.
    void setCountryValues(const QHash<QString, double> &values, const QString &metricName);
    // Places and what their values measure; an empty name takes the countries' metric name.
    void setPlaces(const QList<MapPlace> &places, const QString &metricName = QString());

    // The current view with legend, without hover, at another size: for export as PNG and SVG.
    QImage renderToImage(const QSize &size, qreal devicePixelRatio = 1.0) const;
    QByteArray renderToSvg(const QSize &size) const;

    // A country to outline as if hovered (from a list beside the map, say); empty for none.
    void setHighlightedCountry(const QString &alpha2);
    QString highlightedCountry() const;

    // The places as drawn now: clustered for the current zoom, largest first.
    QList<MapCluster> clusters() const;
    // The values of the reference circles in the legend, largest first; empty without places.
    QList<double> sizeLegendValues() const;
    // Where the colour steps change, lowest first: a value at or above breaks()[i] has step i + 1.
    const QList<double> &colorBreaks() const { return m_breaks; }

    qreal zoom() const { return m_zoom; }
    // Where a longitude/latitude is drawn now, in widget coordinates.
    QPointF positionOf(double lon, double lat) const;
    // The country code at a widget position; empty over the sea.
    QString countryAt(const QPointF &position) const;
    // The tooltip shown at a widget position (rich text); empty where there is none.
    QString toolTipAt(const QPointF &position) const;

    // The height that shows the whole world at this width, with room for the legend below it.
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void resetView();

Q_SIGNALS:
    void countryClicked(const QString &alpha2);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct Colors;
    enum class MapDetail { Full, Draft };
    struct Hit
    {
        int country = -1;
        int cluster = -1;
        bool operator==(const Hit &) const = default;
    };

    Colors colors() const;
    QRectF mapArea(const QSizeF &size) const;
    qreal fitScale(const QSizeF &size) const;
    QPointF clampedCenter(QPointF center, const QSizeF &size, qreal scale) const;
    QTransform viewTransform(const QSizeF &size) const;
    void setCenter(QPointF center);
    void zoomBy(qreal factor, QPointF anchor);
    void invalidate();

    double scalePosition(double value) const;
    double scaleValue(double position) const;
    int stepOf(double value) const;
    QColor colorFor(double value, const Colors &colors) const;
    qreal placeRadius(double value) const;
    QString formatValue(double value) const;
    QString placeMetricName() const;
    // Clusters for a scale (pixels per projected unit), positions in the projected plane.
    const QList<MapCluster> &projectedClusters(qreal scale) const;
    QList<double> referenceValues(qreal scale) const;

    Hit hitAt(const QPointF &position) const;
    void updateHover(const QPointF &position);

    void paintScene(QPainter &painter, const QSizeF &size) const;
    void paintMap(QPainter &painter, const QSizeF &size, const Colors &colors, MapDetail detail) const;
    void paintHover(QPainter &painter, const Colors &colors) const;
    void paintLegend(QPainter &painter, const QRectF &area, const Colors &colors, qreal scale) const;
    QFont legendFont(bool bold) const;
    qreal legendReserve() const;
    void paintCountryOutline(QPainter &painter, int country, const Colors &colors) const;

    const WorldShapes &m_shapes;

    QHash<QString, double> m_values;
    QString m_metricName;
    double m_min = 0;
    double m_max = 0;
    bool m_logScale = true;
    QList<double> m_breaks;

    QList<MapPlace> m_places; // largest first, so that small dots are drawn on top
    QString m_placeMetricName;
    double m_placeMax = 0;
    mutable QList<MapCluster> m_clusters; // for m_clusterScale; recomputed when the scale changes
    mutable qreal m_clusterScale = 0;
    int m_highlight = -1; // a country index, see setHighlightedCountry

    qreal m_zoom = 1;
    QPointF m_center; // projected point shown at the middle of the widget

    QPixmap m_layer; // sea, countries and places for the current view: repainted only on change
    Hit m_hover;
    bool m_pressed = false;
    bool m_dragging = false;
    QPoint m_pressPosition;
    QPointF m_pressCenter;
};

} // namespace tdesk
