#include "map/worldmapwidget.h"

#include "map/worldshapes.h"
#include "widgets/countrynames.h"

#include <QApplication>
#include <QBuffer>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace tdesk {
namespace {

constexpr qreal MinZoom = 1;
constexpr qreal MaxZoom = 40;
constexpr qreal KeyZoomStep = 1.5;
constexpr qreal ClusterClickZoom = 3;
constexpr qreal Margin = 8;            // around the whole world at zoom 1, in pixels
constexpr qreal MinPlaceRadius = 3;
constexpr qreal MaxPlaceRadius = 12;   // the place with the most
constexpr qreal MaxClusterRadius = 20; // clusters of many places grow no further
constexpr qreal DotGap = 1;            // dots closer than this, edge to edge, become one cluster
constexpr int ColorSteps = 5;
constexpr qreal LegendPadding = 10;
constexpr qreal LegendMargin = 10;
constexpr qreal LegendStepHeight = 10;
constexpr qreal LegendSwatch = 10;
constexpr int ClusterToolTipPlaces = 5;

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t), float(a.alphaF() + (b.alphaF() - a.alphaF()) * t));
}

QColor withAlpha(QColor color, qreal alpha)
{
    color.setAlphaF(float(alpha));
    return color;
}

// 2 significant digits: a legend value that reads as a round number.
double roundToTwoDigits(double value)
{
    if (value <= 0)
        return value;
    const double step = std::pow(10.0, std::floor(std::log10(value)) - 1);
    return std::round(value / step) * step;
}

// The largest of 1, 2, 5, 10, 20, 50 … not above a value: reference values for dot sizes.
double roundDownToOneTwoFive(double value)
{
    if (value <= 0)
        return 0;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double factor : {5.0, 2.0, 1.0}) {
        if (factor * power <= value * (1 + 1e-9))
            return factor * power;
    }
    return power;
}

} // namespace

// Every colour the map uses, derived from the palette so that light and dark themes both read well.
// The steps run at one hue from a pale, greyish tint of the highlight colour to a deep (light theme)
// or bright (dark theme) saturated one, evenly in lightness, so that neighbouring steps stay apart;
// borders are lines of the base colour in light themes and a light grey in dark ones, where the base
// would vanish against dark land and sea.
struct WorldMapWidget::Colors
{
    QColor background, sea, graticule, noData, border, hover, place, placeOutline, card, cardFrame, text, mutedText;
    QList<QColor> steps;
};

WorldMapWidget::Colors WorldMapWidget::colors() const
{
    const QPalette &p = palette();
    const QColor base = p.color(QPalette::Base);
    const QColor text = p.color(QPalette::Text);
    const QColor accent = p.color(QPalette::Highlight);
    const bool dark = base.lightnessF() < 0.5;

    Colors c;
    c.background = base;
    c.sea = mix(base, accent, dark ? 0.12 : 0.08);
    c.graticule = mix(c.sea, text, dark ? 0.10 : 0.07);
    c.noData = mix(base, text, dark ? 0.17 : 0.13);
    c.border = dark ? mix(base, text, 0.45) : base;
    const float hue = std::max(accent.hslHueF(), 0.0f);
    const float saturation = std::max(accent.hslSaturationF(), 0.6f);
    for (int i = 0; i < ColorSteps; ++i) {
        const float t = float(i) / (ColorSteps - 1);
        const float lightness = dark ? 0.30f + 0.46f * t : 0.85f - 0.55f * t;
        c.steps.append(QColor::fromHslF(hue, saturation * (0.55f + 0.45f * t), lightness));
    }
    c.hover = text;
    // Places in the colour opposite the highlight on the colour wheel, so they stand out on the steps;
    // translucent so that the shading shows through, outlined so that each dot keeps its edge.
    const float placeHue = std::fmod(hue + 0.5f, 1.0f);
    const QColor place = QColor::fromHslF(placeHue, 0.85f, dark ? 0.6f : 0.5f);
    c.place = withAlpha(place, 0.62);
    c.placeOutline = mix(place, text, 0.35);
    c.card = withAlpha(p.color(QPalette::Window), 0.94);
    c.cardFrame = mix(p.color(QPalette::Window), text, 0.15);
    c.text = text;
    c.mutedText = mix(base, text, 0.7);
    return c;
}

WorldMapWidget::WorldMapWidget(QWidget *parent) : WorldMapWidget(WorldShapes::builtIn(), parent) {}

WorldMapWidget::WorldMapWidget(const WorldShapes &shapes, QWidget *parent)
    : QWidget(parent), m_shapes(shapes), m_center(shapes.bounds().center())
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("World map"));
}

WorldMapWidget::~WorldMapWidget() = default;

QSize WorldMapWidget::sizeHint() const
{
    return {960, 480};
}

int WorldMapWidget::heightForWidth(int width) const
{
    const QRectF world = m_shapes.bounds();
    if (world.isEmpty())
        return width / 2;
    return qCeil((width - 2 * Margin) * world.height() / world.width() + 2 * Margin + legendReserve());
}

QSize WorldMapWidget::minimumSizeHint() const
{
    return {320, 180};
}

void WorldMapWidget::setCountryValues(const QHash<QString, double> &values, const QString &metricName)
{
    m_values = values;
    m_metricName = metricName;
    const auto [min, max] = std::minmax_element(values.cbegin(), values.cend());
    m_min = values.isEmpty() ? 0 : *min;
    m_max = values.isEmpty() ? 0 : *max;
    m_logScale = m_min >= 0;
    // Round breaks between the steps, evenly spaced on the scale; whole numbers for counts.
    const bool counts = std::all_of(values.cbegin(), values.cend(), [](double v) { return v == std::floor(v); });
    m_breaks.clear();
    if (m_max > m_min) {
        for (int i = 1; i < ColorSteps; ++i) {
            double limit = roundToTwoDigits(scaleValue(double(i) / ColorSteps));
            if (counts)
                limit = std::ceil(limit);
            if (limit > m_min && limit <= m_max && (m_breaks.isEmpty() || limit > m_breaks.last()))
                m_breaks.append(limit);
        }
    }
    invalidate();
}

void WorldMapWidget::setPlaces(const QList<MapPlace> &places, const QString &metricName)
{
    m_places = places;
    std::stable_sort(m_places.begin(), m_places.end(), [](const MapPlace &a, const MapPlace &b) { return a.value > b.value; });
    m_placeMetricName = metricName;
    m_placeMax = m_places.isEmpty() ? 0 : std::max(m_places.first().value, 0.0);
    m_clusterScale = 0;
    invalidate();
}

void WorldMapWidget::setHighlightedCountry(const QString &alpha2)
{
    const WorldShapes::Country *country = alpha2.isEmpty() ? nullptr : m_shapes.country(alpha2);
    const int index = country ? int(country - m_shapes.countries().constData()) : -1;
    if (index != m_highlight) {
        m_highlight = index;
        update();
    }
}

QString WorldMapWidget::highlightedCountry() const
{
    return m_highlight < 0 ? QString() : m_shapes.countries().at(m_highlight).code;
}

// ---- view ----

// Where the whole world is fitted: the widget, less as much of a strip at the bottom for the legend as
// the widget has height to spare, so that the legend covers as little of the world as it can.
QRectF WorldMapWidget::mapArea(const QSizeF &size) const
{
    const QRectF world = m_shapes.bounds();
    if (world.isEmpty())
        return QRectF(QPointF(), size);
    const qreal widthLimited = std::max((size.width() - 2 * Margin) / world.width(), 1e-3);
    const qreal needed = widthLimited * world.height() + 2 * Margin;
    const qreal height = std::max(size.height() - legendReserve(), std::min(size.height(), needed));
    return QRectF(0, 0, size.width(), height);
}

qreal WorldMapWidget::fitScale(const QSizeF &size) const
{
    const QRectF world = m_shapes.bounds();
    if (world.isEmpty())
        return 1;
    const QSizeF area = mapArea(size).size();
    return std::max(std::min((area.width() - 2 * Margin) / world.width(), (area.height() - 2 * Margin) / world.height()), 1e-3);
}

// Keeps the world filling the view: no panning past its edges, centred along an axis it does not fill.
QPointF WorldMapWidget::clampedCenter(QPointF center, const QSizeF &size, qreal scale) const
{
    const QRectF world = m_shapes.bounds();
    const auto clampAxis = [](qreal value, qreal low, qreal high, qreal half) {
        return high - low <= 2 * half ? (low + high) / 2 : std::clamp(value, low + half, high - half);
    };
    return {clampAxis(center.x(), world.left(), world.right(), size.width() / 2 / scale),
            clampAxis(center.y(), world.top(), world.bottom(), size.height() / 2 / scale)};
}

QTransform WorldMapWidget::viewTransform(const QSizeF &size) const
{
    const qreal scale = fitScale(size) * m_zoom;
    const QRectF area = mapArea(size);
    const QPointF center = clampedCenter(m_center, area.size(), scale);
    QTransform view;
    view.translate(area.center().x(), area.center().y());
    view.scale(scale, scale);
    view.translate(-center.x(), -center.y());
    return view;
}

void WorldMapWidget::setCenter(QPointF center)
{
    const QPointF clamped = clampedCenter(center, mapArea(size()).size(), fitScale(size()) * m_zoom);
    if (clamped != m_center) {
        m_center = clamped;
        invalidate();
    }
}

// Zooms keeping the point under `anchor` (widget coordinates) where it is.
void WorldMapWidget::zoomBy(qreal factor, QPointF anchor)
{
    const QPointF anchored = viewTransform(size()).inverted().map(anchor);
    const qreal zoom = std::clamp(m_zoom * factor, MinZoom, MaxZoom);
    if (qFuzzyCompare(zoom, m_zoom))
        return;
    m_zoom = zoom;
    const qreal scale = fitScale(size()) * m_zoom;
    const QRectF area = mapArea(size());
    const QPointF fromMiddle = anchor - area.center();
    m_center = clampedCenter(anchored - fromMiddle / scale, area.size(), scale);
    invalidate();
}

void WorldMapWidget::zoomIn()
{
    zoomBy(KeyZoomStep, rect().center());
}

void WorldMapWidget::zoomOut()
{
    zoomBy(1 / KeyZoomStep, rect().center());
}

void WorldMapWidget::resetView()
{
    m_zoom = 1;
    m_center = m_shapes.bounds().center();
    invalidate();
}

void WorldMapWidget::invalidate()
{
    m_layer = QPixmap();
    m_hover = {};
    update();
}

QPointF WorldMapWidget::positionOf(double lon, double lat) const
{
    return viewTransform(size()).map(WorldShapes::project(lon, lat));
}

QString WorldMapWidget::countryAt(const QPointF &position) const
{
    return m_shapes.countryAt(viewTransform(size()).inverted().map(position));
}

// ---- values ----

// Where a value falls on the scale, 0..1.
double WorldMapWidget::scalePosition(double value) const
{
    if (m_max <= m_min)
        return 1;
    const double t = m_logScale ? (std::log1p(value) - std::log1p(m_min)) / (std::log1p(m_max) - std::log1p(m_min))
                                : (value - m_min) / (m_max - m_min);
    return std::clamp(t, 0.0, 1.0);
}

// The value at a position on the scale, 0..1.
double WorldMapWidget::scaleValue(double position) const
{
    return m_logScale ? std::expm1(std::log1p(m_min) + position * (std::log1p(m_max) - std::log1p(m_min)))
                      : m_min + position * (m_max - m_min);
}

// The colour step of a value: 0 below the first break, and so on.
int WorldMapWidget::stepOf(double value) const
{
    return int(std::upper_bound(m_breaks.cbegin(), m_breaks.cend(), value) - m_breaks.cbegin());
}

// Fewer breaks than steps (few distinct values) still span the whole ramp, so that the most is deep.
QColor WorldMapWidget::colorFor(double value, const Colors &colors) const
{
    const int classes = int(m_breaks.size()) + 1;
    const int step = classes == 1 ? ColorSteps - 1 : int(std::lround(double(stepOf(value)) * (ColorSteps - 1) / (classes - 1)));
    return colors.steps.at(step);
}

// Dot area proportional to the value, up to a maximum that keeps clusters from covering a continent.
qreal WorldMapWidget::placeRadius(double value) const
{
    if (m_placeMax <= 0)
        return MinPlaceRadius;
    return std::clamp(MaxPlaceRadius * std::sqrt(std::max(value, 0.0) / m_placeMax), MinPlaceRadius, MaxClusterRadius);
}

QString WorldMapWidget::formatValue(double value) const
{
    if (std::abs(value) < 1e15 && value == std::floor(value))
        return locale().toString(qint64(value));
    return locale().toString(value, 'f', std::abs(value) < 10 ? 2 : 1);
}

QString WorldMapWidget::placeMetricName() const
{
    return m_placeMetricName.isEmpty() ? m_metricName : m_placeMetricName;
}

// Greedy, largest first: a place joins the first cluster its dot would overlap, else starts one; as
// clusters grow they may come to overlap, so those merge until none do. In pixels of this scale.
const QList<MapCluster> &WorldMapWidget::projectedClusters(qreal scale) const
{
    if (scale == m_clusterScale)
        return m_clusters;
    const auto overlap = [this](const MapCluster &a, const MapCluster &b) {
        return QLineF(a.position, b.position).length() < placeRadius(a.value) + placeRadius(b.value) + DotGap;
    };
    const auto absorb = [this](MapCluster &into, const MapCluster &other) {
        const double weight = std::max(into.value, 1e-9);
        const double otherWeight = std::max(other.value, 1e-9);
        into.position = (into.position * weight + other.position * otherWeight) / (weight + otherWeight);
        into.value += other.value;
        into.places += other.places;
    };
    QList<MapCluster> clusters;
    for (qsizetype i = 0; i < m_places.size(); ++i) {
        const MapPlace &place = m_places.at(i);
        const MapCluster single{WorldShapes::project(place.lon, place.lat) * scale, place.value, {int(i)}};
        const auto into = std::find_if(clusters.begin(), clusters.end(), [&](const MapCluster &c) { return overlap(c, single); });
        if (into == clusters.end())
            clusters.append(single);
        else
            absorb(*into, single);
    }
    for (bool merged = true; merged;) {
        merged = false;
        for (qsizetype a = 0; a < clusters.size(); ++a) {
            for (qsizetype b = a + 1; b < clusters.size(); ++b) {
                if (overlap(clusters.at(a), clusters.at(b))) {
                    absorb(clusters[a], clusters.at(b));
                    clusters.removeAt(b--);
                    merged = true;
                }
            }
        }
    }
    for (MapCluster &cluster : clusters) {
        cluster.position /= scale;
        std::sort(cluster.places.begin(), cluster.places.end()); // m_places is sorted largest first
    }
    std::stable_sort(clusters.begin(), clusters.end(), [](const MapCluster &a, const MapCluster &b) { return a.value > b.value; });
    m_clusters = clusters;
    m_clusterScale = scale;
    return m_clusters;
}

QList<MapCluster> WorldMapWidget::clusters() const
{
    const QTransform view = viewTransform(size());
    QList<MapCluster> shown = projectedClusters(fitScale(size()) * m_zoom);
    for (MapCluster &cluster : shown)
        cluster.position = view.map(cluster.position);
    return shown;
}

// Round values of 1, 2, 5 × 10ⁿ, the largest no more than the largest dot now drawn, each a
// quarter or so of the one before, none but the first below the smallest place.
QList<double> WorldMapWidget::sizeLegendValues() const
{
    return referenceValues(fitScale(size()) * m_zoom);
}

QList<double> WorldMapWidget::referenceValues(qreal scale) const
{
    const QList<MapCluster> &shown = projectedClusters(scale);
    if (shown.isEmpty() || m_placeMax <= 0)
        return {};
    const double capped = m_placeMax * std::pow(MaxClusterRadius / MaxPlaceRadius, 2);
    const double smallest = std::max(m_places.last().value, 1e-9);
    QList<double> values;
    for (double value = roundDownToOneTwoFive(std::min(shown.first().value, capped)); values.size() < 3 && value > 0 && (values.isEmpty() || value >= smallest);
         value = roundDownToOneTwoFive(value / 4)) {
        values.append(value);
    }
    return values;
}

// ---- hover, tooltips ----

WorldMapWidget::Hit WorldMapWidget::hitAt(const QPointF &position) const
{
    const QTransform view = viewTransform(size());
    const QList<MapCluster> &shown = projectedClusters(fitScale(size()) * m_zoom);
    Hit hit;
    // The topmost dot first: they are drawn largest first.
    for (qsizetype i = shown.size() - 1; i >= 0; --i) {
        const QPointF delta = view.map(shown.at(i).position) - position;
        const qreal reach = placeRadius(shown.at(i).value) + 1;
        if (QPointF::dotProduct(delta, delta) <= reach * reach) {
            hit.cluster = int(i);
            return hit;
        }
    }
    hit.country = m_shapes.indexAt(view.inverted().map(position));
    return hit;
}

QString WorldMapWidget::toolTipAt(const QPointF &position) const
{
    const Hit hit = hitAt(position);
    const auto line = [this](const QString &metric, double value) -> QString {
        return tr("%1: %2").arg(metric.toHtmlEscaped(), formatValue(value));
    };
    const auto bold = [](const QString &text) -> QString { return QStringLiteral("<b>") + text.toHtmlEscaped() + QStringLiteral("</b>"); };
    if (hit.cluster >= 0) {
        const MapCluster &cluster = projectedClusters(fitScale(size()) * m_zoom).at(hit.cluster);
        if (cluster.places.size() == 1)
            return bold(m_places.at(cluster.places.first()).label) + QStringLiteral("<br>") + line(placeMetricName(), cluster.value);
        // A cluster: its total, then its largest places.
        QString text = bold(tr("%n place(s)", nullptr, int(cluster.places.size()))) + QStringLiteral("<br>")
            + line(placeMetricName(), cluster.value);
        for (qsizetype i = 0; i < std::min<qsizetype>(cluster.places.size(), ClusterToolTipPlaces); ++i) {
            const MapPlace &place = m_places.at(cluster.places.at(i));
            text += QStringLiteral("<br>") + tr("%1: %2").arg(place.label.toHtmlEscaped(), formatValue(place.value));
        }
        if (cluster.places.size() > ClusterToolTipPlaces)
            text += QStringLiteral("<br>") + tr("and %n more", nullptr, int(cluster.places.size() - ClusterToolTipPlaces));
        return text + QStringLiteral("<br><i>") + tr("Click to zoom in") + QStringLiteral("</i>");
    }
    if (hit.country < 0)
        return {};
    const WorldShapes::Country &country = m_shapes.countries().at(hit.country);
    // The name every other view uses for the code; the map's own where Qt does not know the code.
    const QString name = country.code.isEmpty() || countryName(country.code) == country.code ? country.name
                                                                                            : countryName(country.code);
    if (country.code.isEmpty() || m_metricName.isEmpty())
        return bold(name);
    const auto value = m_values.constFind(country.code);
    return bold(name) + QStringLiteral("<br>") + (value == m_values.cend() ? tr("No data") : line(m_metricName, *value));
}

void WorldMapWidget::updateHover(const QPointF &position)
{
    const Hit hit = hitAt(position);
    if (hit == m_hover)
        return;
    m_hover = hit;
    update();
    // A tooltip already showing follows the pointer from one country to the next.
    if (QToolTip::isVisible()) {
        const QString text = toolTipAt(position);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(mapToGlobal(position.toPoint()), text, this);
    }
}

bool WorldMapWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = m_dragging ? QString() : toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

// ---- input ----

void WorldMapWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressed = true;
    m_dragging = false;
    m_pressPosition = event->position().toPoint();
    m_pressCenter = m_center;
}

void WorldMapWidget::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint position = event->position().toPoint();
    if (!m_pressed) {
        updateHover(event->position());
        return;
    }
    if (!m_dragging && (position - m_pressPosition).manhattanLength() >= QApplication::startDragDistance()) {
        m_dragging = true;
        setCursor(Qt::ClosedHandCursor);
        QToolTip::hideText();
    }
    if (m_dragging)
        setCenter(m_pressCenter - QPointF(position - m_pressPosition) / (fitScale(size()) * m_zoom));
}

void WorldMapWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed)
        return QWidget::mouseReleaseEvent(event);
    const bool wasDrag = m_dragging;
    m_pressed = false;
    m_dragging = false;
    unsetCursor();
    if (wasDrag) {
        invalidate(); // the full detail again
        updateHover(event->position());
        return;
    }
    // A cluster opens up when zoomed into; a single place is no target of its own: its country is.
    const Hit hit = hitAt(event->position());
    if (hit.cluster >= 0 && clusters().at(hit.cluster).places.size() > 1) {
        zoomBy(ClusterClickZoom, event->position());
        return;
    }
    const QString code = countryAt(event->position());
    if (!code.isEmpty())
        Q_EMIT countryClicked(code);
}

void WorldMapWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        resetView();
}

void WorldMapWidget::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y(); // 120 per notch: about 19% zoom a notch
    if (steps == 0)
        return QWidget::wheelEvent(event);
    zoomBy(std::pow(2.0, steps / 480.0), event->position());
    event->accept();
}

void WorldMapWidget::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_Home:
        resetView();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void WorldMapWidget::leaveEvent(QEvent *event)
{
    if (m_hover != Hit()) {
        m_hover = {};
        update();
    }
    QWidget::leaveEvent(event);
}

void WorldMapWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_center = clampedCenter(m_center, mapArea(size()).size(), fitScale(size()) * m_zoom);
    invalidate();
}

void WorldMapWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::StyleChange || event->type() == QEvent::LocaleChange)
        invalidate();
    QWidget::changeEvent(event);
}

// ---- painting ----

void WorldMapWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const Colors c = colors();
    if (m_shapes.countries().isEmpty()) {
        painter.fillRect(rect(), c.background);
        painter.setPen(c.mutedText);
        painter.drawText(rect(), Qt::AlignCenter, tr("The world map could not be loaded."));
        return;
    }
    const qreal ratio = devicePixelRatioF();
    if (m_layer.isNull() || m_layer.size() != size() * ratio) {
        m_layer = QPixmap(size() * ratio);
        m_layer.setDevicePixelRatio(ratio);
        m_layer.fill(c.background);
        QPainter layerPainter(&m_layer);
        // While dragging, borders are left out: stroking them costs twice what filling does.
        paintMap(layerPainter, size(), c, m_dragging ? MapDetail::Draft : MapDetail::Full);
    }
    painter.drawPixmap(0, 0, m_layer);
    painter.setRenderHint(QPainter::Antialiasing);
    paintHover(painter, c);
    paintLegend(painter, rect(), c, fitScale(size()) * m_zoom);
}

void WorldMapWidget::paintScene(QPainter &painter, const QSizeF &size) const
{
    const Colors c = colors();
    painter.fillRect(QRectF(QPointF(), size), c.background);
    paintMap(painter, size, c, MapDetail::Full);
    paintLegend(painter, QRectF(QPointF(), size), c, fitScale(size) * m_zoom);
}

void WorldMapWidget::paintMap(QPainter &painter, const QSizeF &size, const Colors &c, MapDetail detail) const
{
    const QTransform view = viewTransform(size);
    const QRectF visible = view.inverted().mapRect(QRectF(QPointF(), size));
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setTransform(view, true);
    painter.setPen(Qt::NoPen);
    painter.setBrush(c.sea);
    painter.drawPath(m_shapes.outline());
    QPen thin(c.graticule, 0.8);
    thin.setCosmetic(true);
    painter.setPen(thin);
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(m_shapes.graticule());
    QPen border(c.border, 0.8);
    border.setCosmetic(true); // hairlines between countries at any zoom
    border.setJoinStyle(Qt::RoundJoin);
    painter.setPen(detail == MapDetail::Full ? border : QPen(Qt::NoPen));
    for (const WorldShapes::Country &country : m_shapes.countries()) {
        if (!country.bounds.intersects(visible))
            continue;
        const auto value = country.code.isEmpty() ? m_values.cend() : m_values.constFind(country.code);
        painter.setBrush(value == m_values.cend() ? c.noData : colorFor(*value, c));
        painter.drawPath(country.path);
    }
    painter.restore();

    // Largest first, so that small dots are drawn on top.
    const qreal scale = fitScale(size) * m_zoom;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(c.placeOutline, 1));
    painter.setBrush(c.place);
    for (const MapCluster &cluster : projectedClusters(scale)) {
        const qreal radius = placeRadius(cluster.value);
        const QPointF centre = view.map(cluster.position);
        painter.drawEllipse(centre, radius, radius);
        if (cluster.places.size() > 1) // an inner ring tells a cluster from a single place
            painter.drawEllipse(centre, radius * 0.55, radius * 0.55);
    }
    painter.restore();
}

void WorldMapWidget::paintCountryOutline(QPainter &painter, int country, const Colors &c) const
{
    QPen outline(c.hover, 1.5);
    outline.setCosmetic(true);
    outline.setJoinStyle(Qt::RoundJoin);
    painter.save();
    painter.setTransform(viewTransform(size()), true);
    painter.setPen(outline);
    painter.setBrush(withAlpha(c.hover, 0.12));
    painter.drawPath(m_shapes.countries().at(country).path);
    painter.restore();
}

void WorldMapWidget::paintHover(QPainter &painter, const Colors &c) const
{
    if (m_highlight >= 0 && m_highlight != m_hover.country)
        paintCountryOutline(painter, m_highlight, c);
    if (m_hover.cluster >= 0) {
        const MapCluster &cluster = projectedClusters(fitScale(size()) * m_zoom).at(m_hover.cluster);
        const qreal radius = placeRadius(cluster.value) + 1.5;
        painter.save();
        painter.setPen(QPen(c.hover, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(viewTransform(size()).map(cluster.position), radius, radius);
        painter.restore();
    } else if (m_hover.country >= 0) {
        paintCountryOutline(painter, m_hover.country, c);
    }
}

QFont WorldMapWidget::legendFont(bool bold) const
{
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    small.setBold(bold);
    return small;
}

// The most height the legend takes at the bottom: its card with the largest dot, and a margin.
qreal WorldMapWidget::legendReserve() const
{
    if ((m_values.isEmpty() || m_metricName.isEmpty()) && m_places.isEmpty())
        return 0;
    const qreal line = QFontMetricsF(legendFont(false)).height();
    const qreal title = QFontMetricsF(legendFont(true)).height() + 6;
    const qreal colours = LegendStepHeight + 3 + line + 6 + line;
    const qreal dots = m_places.isEmpty() ? 0 : 2 * MaxClusterRadius + 3 + line;
    return title + std::max(colours, dots) + 2 * LegendPadding + 2 * LegendMargin;
}

// A card at the bottom, over the southern ocean (the map has no Antarctica): the countries' metric
// with its colour steps and their limits and the no-data colour, and beside it reference dots.
void WorldMapWidget::paintLegend(QPainter &painter, const QRectF &area, const Colors &c, qreal scale) const
{
    const bool hasValues = !m_values.isEmpty() && !m_metricName.isEmpty();
    const QList<MapCluster> &shown = projectedClusters(scale);
    if (!hasValues && shown.isEmpty())
        return;

    const QFont small = legendFont(false);
    const QFont bold = legendFont(true);
    const QFontMetricsF smallMetrics(small);
    const QFontMetricsF boldMetrics(bold);
    const qreal gap = 24; // between the colour steps and the dots
    const qreal line = smallMetrics.height();
    const qreal title = boldMetrics.height() + 6;
    const qreal stepWidth = 46;

    // Colour steps: as many as there are classes, the limits under the edges between them.
    const int classes = int(m_breaks.size()) + 1;
    QList<double> limits{m_min};
    limits += m_breaks;
    limits.append(m_max);
    const qreal rampWidth = classes * stepWidth;
    const qreal colourWidth = hasValues ? std::max(rampWidth + stepWidth / 2, boldMetrics.horizontalAdvance(m_metricName)) : 0;
    const qreal colourHeight = hasValues ? title + LegendStepHeight + 3 + line + 6 + line : 0;

    // Reference dots, for values the largest dot reaches, side by side on one baseline.
    const QList<double> references = referenceValues(scale);
    const QString dotsTitle = tr("Dot size: %1").arg(placeMetricName());
    qreal dotsWidth = 0;
    QList<qreal> dotSlots;
    for (const double value : std::as_const(references)) {
        dotSlots.append(std::max(2 * placeRadius(value), smallMetrics.horizontalAdvance(formatValue(value))) + 10);
        dotsWidth += dotSlots.last();
    }
    const qreal largestDot = references.isEmpty() ? 0 : 2 * placeRadius(references.first());
    if (!references.isEmpty())
        dotsWidth = std::max(dotsWidth, boldMetrics.horizontalAdvance(dotsTitle));
    const qreal dotsHeight = references.isEmpty() ? 0 : title + largestDot + 3 + line;

    const qreal width = colourWidth + dotsWidth + (hasValues && !references.isEmpty() ? gap : 0);
    const qreal height = std::max(colourHeight, dotsHeight);
    const QRectF card(area.left() + (area.width() - width) / 2 - LegendPadding, area.bottom() - LegendMargin - height - 2 * LegendPadding,
                      width + 2 * LegendPadding, height + 2 * LegendPadding);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(c.cardFrame, 1));
    painter.setBrush(c.card);
    painter.drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);

    const qreal top = card.top() + LegendPadding;
    qreal x = card.left() + LegendPadding;
    if (hasValues) {
        painter.setFont(bold);
        painter.setPen(c.text);
        painter.drawText(QRectF(x, top, colourWidth, boldMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter, m_metricName);
        qreal y = top + title;
        const qreal rampLeft = x + stepWidth / 4; // room for the first limit's label
        painter.setPen(Qt::NoPen);
        for (int i = 0; i < classes; ++i) {
            const double value = i == 0 ? m_min : m_breaks.at(i - 1);
            painter.setBrush(colorFor(value, c));
            painter.drawRect(QRectF(rampLeft + i * stepWidth, y, stepWidth, LegendStepHeight));
        }
        y += LegendStepHeight + 3;
        painter.setFont(small);
        painter.setPen(c.mutedText);
        for (qsizetype i = 0; i < limits.size(); ++i) {
            if (i == limits.size() - 1 && m_max <= m_min)
                break; // one value: one label
            const qreal edge = rampLeft + i * stepWidth;
            painter.drawText(QRectF(edge - stepWidth / 2, y, stepWidth, line), Qt::AlignCenter, formatValue(limits.at(i)));
        }
        y += line + 6;
        painter.setPen(Qt::NoPen);
        painter.setBrush(c.noData);
        painter.drawRect(QRectF(rampLeft, y + (line - LegendSwatch) / 2, LegendSwatch, LegendSwatch));
        painter.setPen(c.mutedText);
        painter.drawText(QRectF(rampLeft + LegendSwatch + 6, y, colourWidth, line), Qt::AlignLeft | Qt::AlignVCenter, tr("No data"));
        x += colourWidth + gap;
    }
    if (!references.isEmpty()) {
        painter.setFont(bold);
        painter.setPen(c.text);
        painter.drawText(QRectF(x, top, dotsWidth, boldMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter, dotsTitle);
        const qreal baseline = top + title + largestDot;
        painter.setFont(small);
        for (qsizetype i = 0; i < references.size(); ++i) {
            const qreal radius = placeRadius(references.at(i));
            const QPointF centre(x + dotSlots.at(i) / 2, baseline - radius);
            painter.setPen(QPen(c.placeOutline, 1));
            painter.setBrush(c.place);
            painter.drawEllipse(centre, radius, radius);
            painter.setPen(c.mutedText);
            painter.drawText(QRectF(x, baseline + 3, dotSlots.at(i), line), Qt::AlignCenter, formatValue(references.at(i)));
            x += dotSlots.at(i);
        }
    }
    painter.restore();
}

// ---- export ----

QImage WorldMapWidget::renderToImage(const QSize &size, qreal devicePixelRatio) const
{
    QImage image(size * devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatio);
    QPainter painter(&image);
    paintScene(painter, size);
    return image;
}

QByteArray WorldMapWidget::renderToSvg(const QSize &size) const
{
    QByteArray svg;
    QBuffer buffer(&svg);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(), size));
    generator.setTitle(tr("World map"));
    generator.setDescription(m_metricName);
    QPainter painter(&generator);
    paintScene(painter, size);
    painter.end();
    return svg;
}

} // namespace tdesk
