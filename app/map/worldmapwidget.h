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

// The world as a choropleth: countries coloured by a value (a logarithmic scale for non-negative
// values such as counts, linear otherwise), countries without a value in a neutral colour, places
// as dots, and a legend. Hover for a tooltip, wheel or +/- to zoom, drag to pan, double-click or Home
// to reset; a click (not a drag) on a country emits countryClicked. Colours come from the palette.
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

    qreal zoom() const { return m_zoom; }
    // Where a longitude/latitude is drawn now, in widget coordinates.
    QPointF positionOf(double lon, double lat) const;
    // The country code at a widget position; empty over the sea.
    QString countryAt(const QPointF &position) const;
    // The tooltip shown at a widget position (rich text); empty where there is none.
    QString toolTipAt(const QPointF &position) const;

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
        int place = -1;
        bool operator==(const Hit &) const = default;
    };

    Colors colors() const;
    qreal fitScale(const QSizeF &size) const;
    QPointF clampedCenter(QPointF center, const QSizeF &size, qreal scale) const;
    QTransform viewTransform(const QSizeF &size) const;
    void setCenter(QPointF center);
    void zoomBy(qreal factor, QPointF anchor);
    void invalidate();

    double scalePosition(double value) const;
    QColor colorFor(double value, const Colors &colors) const;
    qreal placeRadius(double value) const;
    QString formatValue(double value) const;

    Hit hitAt(const QPointF &position) const;
    void updateHover(const QPointF &position);

    void paintScene(QPainter &painter, const QSizeF &size) const;
    void paintMap(QPainter &painter, const QSizeF &size, const Colors &colors, MapDetail detail) const;
    void paintHover(QPainter &painter, const Colors &colors) const;
    void paintLegend(QPainter &painter, const QRectF &area, const Colors &colors) const;

    const WorldShapes &m_shapes;

    QHash<QString, double> m_values;
    QString m_metricName;
    double m_min = 0;
    double m_max = 0;
    bool m_logScale = true;

    QList<MapPlace> m_places; // largest first, so that small dots are drawn on top
    QString m_placeMetricName;
    double m_placeMax = 0;

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
