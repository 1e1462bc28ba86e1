#include "map/worldmapwidget.h"

#include "map/worldshapes.h"

#include <QApplication>
#include <QBuffer>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLinearGradient>
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
constexpr qreal Margin = 8;          // around the whole world at zoom 1, in pixels
constexpr qreal MinPlaceRadius = 2.5;
constexpr qreal MaxPlaceRadius = 13;

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

// 2 significant digits: a legend tick that reads as a round number.
double roundToTwoDigits(double value)
{
    if (value <= 0)
        return value;
    const double step = std::pow(10.0, std::floor(std::log10(value)) - 1);
    return std::round(value / step) * step;
}

} // namespace

// Every colour the map uses, derived from the palette so that light and dark themes both read well:
// the ramp runs from a pale tint of the highlight colour through it towards the text colour, which
// is darker than the highlight in light themes and lighter in dark ones.
struct WorldMapWidget::Colors
{
    QColor background, sea, noData, border, low, mid, high, hover, place, placeOutline, card, cardFrame, text, mutedText;
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
    c.sea = mix(base, accent, dark ? 0.07 : 0.06);
    c.noData = mix(base, text, dark ? 0.16 : 0.12);
    c.border = c.sea;
    c.low = mix(base, accent, dark ? 0.45 : 0.3);
    c.mid = accent;
    c.high = mix(accent, text, 0.5);
    c.hover = text;
    // Places in the colour opposite the highlight on the colour wheel, so they stand out on the ramp.
    const float hue = std::fmod(std::max(accent.hslHueF(), 0.0f) + 0.5f, 1.0f);
    c.place = QColor::fromHslF(hue, 0.8f, dark ? 0.62f : 0.5f, 0.8f);
    c.placeOutline = withAlpha(base, 0.9);
    c.card = withAlpha(p.color(QPalette::Window), 0.92);
    c.cardFrame = mix(p.color(QPalette::Window), text, 0.15);
    c.text = text;
    c.mutedText = mix(base, text, 0.65);
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
    invalidate();
}

void WorldMapWidget::setPlaces(const QList<MapPlace> &places, const QString &metricName)
{
    m_places = places;
    std::stable_sort(m_places.begin(), m_places.end(), [](const MapPlace &a, const MapPlace &b) { return a.value > b.value; });
    m_placeMetricName = metricName;
    m_placeMax = m_places.isEmpty() ? 0 : std::max(m_places.first().value, 0.0);
    invalidate();
}

// ---- view ----

qreal WorldMapWidget::fitScale(const QSizeF &size) const
{
    const QRectF world = m_shapes.bounds();
    if (world.isEmpty())
        return 1;
    return std::max(std::min((size.width() - 2 * Margin) / world.width(), (size.height() - 2 * Margin) / world.height()), 1e-3);
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
    const QPointF center = clampedCenter(m_center, size, scale);
    QTransform view;
    view.translate(size.width() / 2, size.height() / 2);
    view.scale(scale, scale);
    view.translate(-center.x(), -center.y());
    return view;
}

void WorldMapWidget::setCenter(QPointF center)
{
    const QPointF clamped = clampedCenter(center, size(), fitScale(size()) * m_zoom);
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
    const QPointF fromMiddle = anchor - QPointF(width() / 2.0, height() / 2.0);
    m_center = clampedCenter(anchored - fromMiddle / scale, size(), scale);
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

// Where a value falls on the colour ramp, 0..1.
double WorldMapWidget::scalePosition(double value) const
{
    if (m_max <= m_min)
        return 1;
    const double t = m_logScale ? (std::log1p(value) - std::log1p(m_min)) / (std::log1p(m_max) - std::log1p(m_min))
                                : (value - m_min) / (m_max - m_min);
    return std::clamp(t, 0.0, 1.0);
}

QColor WorldMapWidget::colorFor(double value, const Colors &colors) const
{
    const double t = scalePosition(value);
    return t < 0.5 ? mix(colors.low, colors.mid, t * 2) : mix(colors.mid, colors.high, (t - 0.5) * 2);
}

// Dot area proportional to the value; dots grow a little when zoomed in.
qreal WorldMapWidget::placeRadius(double value) const
{
    const double share = m_placeMax > 0 ? std::sqrt(std::max(value, 0.0) / m_placeMax) : 0;
    return (MinPlaceRadius + (MaxPlaceRadius - MinPlaceRadius) * share) * std::pow(m_zoom, 0.25);
}

QString WorldMapWidget::formatValue(double value) const
{
    if (std::abs(value) < 1e15 && value == std::floor(value))
        return locale().toString(qint64(value));
    return locale().toString(value, 'f', std::abs(value) < 10 ? 2 : 1);
}

// ---- hover, tooltips ----

WorldMapWidget::Hit WorldMapWidget::hitAt(const QPointF &position) const
{
    const QTransform view = viewTransform(size());
    Hit hit;
    // The topmost dot first: they are drawn largest first.
    for (qsizetype i = m_places.size() - 1; i >= 0; --i) {
        const MapPlace &place = m_places.at(i);
        const QPointF delta = view.map(WorldShapes::project(place.lon, place.lat)) - position;
        const qreal reach = placeRadius(place.value) + 1;
        if (QPointF::dotProduct(delta, delta) <= reach * reach) {
            hit.place = int(i);
            return hit;
        }
    }
    hit.country = m_shapes.indexAt(view.inverted().map(position));
    return hit;
}

QString WorldMapWidget::toolTipAt(const QPointF &position) const
{
    const Hit hit = hitAt(position);
    const auto line = [this](const QString &metric, double value) {
        return tr("%1: %2").arg(metric.toHtmlEscaped(), formatValue(value));
    };
    if (hit.place >= 0) {
        const MapPlace &place = m_places.at(hit.place);
        const QString metric = m_placeMetricName.isEmpty() ? m_metricName : m_placeMetricName;
        return QStringLiteral("<b>") + place.label.toHtmlEscaped() + QStringLiteral("</b><br>") + line(metric, place.value);
    }
    if (hit.country < 0)
        return {};
    const WorldShapes::Country &country = m_shapes.countries().at(hit.country);
    const QString title = QStringLiteral("<b>") + country.name.toHtmlEscaped() + QStringLiteral("</b>");
    if (country.code.isEmpty() || m_metricName.isEmpty())
        return title;
    const auto value = m_values.constFind(country.code);
    return title + QStringLiteral("<br>") + (value == m_values.cend() ? tr("No data") : line(m_metricName, *value));
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
    m_center = clampedCenter(m_center, size(), fitScale(size()) * m_zoom);
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
    paintLegend(painter, rect(), c);
}

void WorldMapWidget::paintScene(QPainter &painter, const QSizeF &size) const
{
    const Colors c = colors();
    painter.fillRect(QRectF(QPointF(), size), c.background);
    paintMap(painter, size, c, MapDetail::Full);
    paintLegend(painter, QRectF(QPointF(), size), c);
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
    QPen border(c.border, 0.7);
    border.setCosmetic(true); // hairline gaps between countries at any zoom
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

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(c.placeOutline, 1));
    painter.setBrush(c.place);
    for (const MapPlace &place : m_places) {
        const qreal radius = placeRadius(place.value);
        painter.drawEllipse(view.map(WorldShapes::project(place.lon, place.lat)), radius, radius);
    }
    painter.restore();
}

void WorldMapWidget::paintHover(QPainter &painter, const Colors &c) const
{
    const QTransform view = viewTransform(size());
    painter.save();
    if (m_hover.place >= 0) {
        const MapPlace &place = m_places.at(m_hover.place);
        const qreal radius = placeRadius(place.value) + 1.5;
        painter.setPen(QPen(c.hover, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(view.map(WorldShapes::project(place.lon, place.lat)), radius, radius);
    } else if (m_hover.country >= 0) {
        QPen outline(c.hover, 1.5);
        outline.setCosmetic(true);
        outline.setJoinStyle(Qt::RoundJoin);
        painter.setTransform(view, true);
        painter.setPen(outline);
        painter.setBrush(withAlpha(c.hover, 0.12));
        painter.drawPath(m_shapes.countries().at(m_hover.country).path);
    }
    painter.restore();
}

// A card in the bottom-left corner: the metric, its colour ramp with min, a round middle value and
// max, the no-data colour, and what the dots measure.
void WorldMapWidget::paintLegend(QPainter &painter, const QRectF &area, const Colors &c) const
{
    const bool hasValues = !m_values.isEmpty() && !m_metricName.isEmpty();
    const bool hasPlaces = !m_places.isEmpty();
    if (!hasValues && !hasPlaces)
        return;

    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    QFont bold = small;
    bold.setBold(true);
    const QFontMetricsF smallMetrics(small);
    const QFontMetricsF boldMetrics(bold);
    const qreal padding = 10;
    const qreal line = smallMetrics.height();
    const qreal rampWidth = 180;
    const qreal rampHeight = 8;
    const qreal swatch = 10;
    const QString noData = tr("No data");
    const QString placeMetric = m_placeMetricName.isEmpty() ? m_metricName : m_placeMetricName;

    qreal width = 0;
    qreal height = 0;
    if (hasValues) {
        width = std::max({rampWidth, boldMetrics.horizontalAdvance(m_metricName)});
        height += boldMetrics.height() + 6 + rampHeight + 4 + line + 6 + line;
    }
    if (hasPlaces) {
        width = std::max(width, swatch + 6 + smallMetrics.horizontalAdvance(placeMetric));
        height += (hasValues ? 4 : 0) + line;
    }
    QRectF card(area.left() + 12, area.bottom() - 12 - height - 2 * padding, width + 2 * padding, height + 2 * padding);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(c.cardFrame, 1));
    painter.setBrush(c.card);
    painter.drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);

    qreal y = card.top() + padding;
    const qreal x = card.left() + padding;
    if (hasValues) {
        painter.setFont(bold);
        painter.setPen(c.text);
        painter.drawText(QRectF(x, y, width, boldMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter, m_metricName);
        y += boldMetrics.height() + 6;

        const QRectF ramp(x, y, rampWidth, rampHeight);
        QLinearGradient gradient(ramp.topLeft(), ramp.topRight());
        gradient.setColorAt(0, c.low);
        gradient.setColorAt(0.5, c.mid);
        gradient.setColorAt(1, c.high);
        painter.setPen(Qt::NoPen);
        painter.setBrush(gradient);
        painter.drawRoundedRect(ramp, rampHeight / 2, rampHeight / 2);
        y += rampHeight + 4;

        painter.setFont(small);
        painter.setPen(c.mutedText);
        const QRectF labels(x, y, rampWidth, line);
        painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, formatValue(m_min));
        if (m_max > m_min) {
            painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, formatValue(m_max));
            // A middle tick where a round value really falls on the (possibly logarithmic) ramp.
            const double middle = roundToTwoDigits(m_logScale ? std::expm1((std::log1p(m_min) + std::log1p(m_max)) / 2)
                                                              : (m_min + m_max) / 2);
            const QString text = formatValue(middle);
            const qreal tickX = x + rampWidth * scalePosition(middle);
            const qreal textWidth = smallMetrics.horizontalAdvance(text);
            const qreal endsWidth = smallMetrics.horizontalAdvance(formatValue(m_min)) + smallMetrics.horizontalAdvance(formatValue(m_max));
            if (middle > m_min && middle < m_max && textWidth + endsWidth + 16 < rampWidth)
                painter.drawText(QRectF(tickX - textWidth / 2, y, textWidth, line), Qt::AlignCenter, text);
        }
        y += line + 6;

        painter.setPen(Qt::NoPen);
        painter.setBrush(c.noData);
        painter.drawRoundedRect(QRectF(x, y + (line - swatch) / 2, swatch, swatch), 2, 2);
        painter.setPen(c.mutedText);
        painter.drawText(QRectF(x + swatch + 6, y, width, line), Qt::AlignLeft | Qt::AlignVCenter, noData);
        y += line + (hasPlaces ? 4 : 0);
    }
    if (hasPlaces) {
        painter.setFont(small);
        painter.setPen(QPen(c.placeOutline, 1));
        painter.setBrush(c.place);
        painter.drawEllipse(QPointF(x + swatch / 2, y + line / 2), swatch / 2, swatch / 2);
        painter.setPen(c.mutedText);
        painter.drawText(QRectF(x + swatch + 6, y, width, line), Qt::AlignLeft | Qt::AlignVCenter, placeMetric);
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
