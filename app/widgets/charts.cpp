#include "widgets/charts.h"

#include <QChart>
#include <QChartView>
#include <QAreaSeries>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFileDialog>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace tdesk {
namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor accent(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x6e, 0xa8, 0xff) : QColor(0x2f, 0x6f, 0xed);
}

QByteArray csvField(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        return '"' + bytes.replace('"', "\"\"") + '"';
    return bytes;
}

} // namespace

struct TimeSeriesChart::Parts
{
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QLineSeries *line = nullptr;
    QLineSeries *baseline = nullptr;
    QAreaSeries *area = nullptr;
    QDateTimeAxis *time = nullptr;
    QValueAxis *count = nullptr;
};

TimeSeriesChart::TimeSeriesChart(QWidget *parent)
    : QWidget(parent)
    , m_parts(std::make_unique<Parts>())
{
    Parts &p = *m_parts;
    p.chart = new QChart;
    p.chart->legend()->hide();
    p.chart->setMargins(QMargins(4, 4, 4, 4));
    p.chart->setAnimationOptions(QChart::NoAnimation); // it moves every second; animation only blurs that
    p.line = new QLineSeries(p.chart);
    p.baseline = new QLineSeries(p.chart);
    p.area = new QAreaSeries(p.line, p.baseline);
    p.chart->addSeries(p.area);
    p.time = new QDateTimeAxis(p.chart);
    p.count = new QValueAxis(p.chart);
    p.count->setLabelFormat(QStringLiteral("%.0f"));
    p.chart->addAxis(p.time, Qt::AlignBottom);
    p.chart->addAxis(p.count, Qt::AlignLeft);
    p.area->attachAxis(p.time);
    p.area->attachAxis(p.count);
    p.view = new QChartView(p.chart, this);
    p.view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(p.view);
    setMinimumHeight(200);
    applyTheme();
}

TimeSeriesChart::~TimeSeriesChart() = default;

void TimeSeriesChart::setTitle(const QString &title)
{
    m_parts->chart->setTitle(title);
}

void TimeSeriesChart::setPoints(const QList<QPair<qint64, qint64>> &points, qint64 bucketMs)
{
    m_points = points;
    m_bucketMs = bucketMs;
    Parts &p = *m_parts;
    QList<QPointF> line, base;
    line.reserve(points.size());
    base.reserve(points.size());
    qint64 highest = 0;
    for (const auto &[t, n] : points) {
        line.append(QPointF(double(t), double(n)));
        base.append(QPointF(double(t), 0));
        highest = std::max(highest, n);
    }
    // replace(), never append() point by point: one repaint instead of one per point.
    p.line->replace(line);
    p.baseline->replace(base);
    if (!points.isEmpty()) {
        p.time->setRange(QDateTime::fromMSecsSinceEpoch(points.first().first),
                         QDateTime::fromMSecsSinceEpoch(points.last().first));
        const qint64 span = points.last().first - points.first().first;
        p.time->setFormat(span <= 2 * 86400000LL ? QStringLiteral("HH:mm") : QStringLiteral("d MMM"));
    }
    p.count->setRange(0, std::max<double>(4, double(highest) * 1.1));
    p.count->applyNiceNumbers();
}

QByteArray TimeSeriesChart::toCsv() const
{
    QByteArray csv = "time,events\r\n";
    for (const auto &[t, n] : m_points)
        csv += QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate).toLatin1() + ','
            + QByteArray::number(n) + "\r\n";
    return csv;
}

void TimeSeriesChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    QWidget::changeEvent(event);
}

void TimeSeriesChart::applyTheme()
{
    Parts &p = *m_parts;
    const QPalette pal = palette();
    p.chart->setTheme(isDark(pal) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    p.chart->setBackgroundBrush(pal.color(QPalette::Base));
    p.chart->setBackgroundRoundness(0);
    p.chart->setTitleBrush(pal.color(QPalette::Text));
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(p.time), static_cast<QAbstractAxis *>(p.count)}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        QColor grid = pal.color(QPalette::Text);
        grid.setAlphaF(0.12f);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    QColor fill = accent(pal);
    p.area->setPen(QPen(fill, 2));
    fill.setAlphaF(0.25f);
    p.area->setBrush(fill);
}

BreakdownList::BreakdownList(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_Hover);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void BreakdownList::setItems(const QList<QPair<QString, qint64>> &items)
{
    m_items = items;
    m_hovered = -1;
    updateGeometry();
    update();
}

QByteArray BreakdownList::toCsv() const
{
    QByteArray csv = csvField(m_title) + ",events\r\n";
    for (const auto &[label, n] : m_items)
        csv += csvField(label) + ',' + QByteArray::number(n) + "\r\n";
    return csv;
}

int BreakdownList::rowHeight() const
{
    return fontMetrics().height() + 10;
}

int BreakdownList::headerHeight() const
{
    return fontMetrics().height() + 14;
}

QSize BreakdownList::sizeHint() const
{
    return QSize(320, headerHeight() + rowHeight() * std::max<int>(5, int(m_items.size())) + 6);
}

QSize BreakdownList::minimumSizeHint() const
{
    return QSize(200, headerHeight() + rowHeight() * 3);
}

QRect BreakdownList::rowRect(int row) const
{
    return QRect(6, headerHeight() + row * rowHeight(), width() - 12, rowHeight() - 2);
}

int BreakdownList::rowAt(int y) const
{
    const int row = (y - headerHeight()) / rowHeight();
    return y >= headerHeight() && row < m_items.size() ? row : -1;
}

void BreakdownList::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRect(10, 0, width() - 20, headerHeight()), Qt::AlignVCenter | Qt::AlignLeft, m_title);
    painter.setFont(font());
    if (m_items.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(QRect(10, headerHeight(), width() - 20, rowHeight()), Qt::AlignVCenter, tr("No events in this range"));
        return;
    }
    qint64 total = 0, highest = 1;
    for (const auto &item : m_items) {
        total += item.second;
        highest = std::max(highest, item.second);
    }
    const QLocale locale;
    const int countWidth = fontMetrics().horizontalAdvance(QStringLiteral("000,000,000  100 %"));
    QColor bar = accent(pal);
    for (int i = 0; i < m_items.size(); ++i) {
        const QRect row = rowRect(i);
        const auto &[label, n] = m_items[i];
        const int barWidth = int(double(row.width() - countWidth) * double(n) / double(highest));
        bar.setAlphaF(i == m_hovered ? 0.45f : 0.25f);
        painter.setPen(Qt::NoPen);
        painter.setBrush(bar);
        painter.drawRoundedRect(QRect(row.left(), row.top(), std::max(barWidth, 2), row.height()), 4, 4);
        painter.setPen(pal.color(QPalette::Text));
        const QString shown = label.isEmpty() ? tr("(none)") : label;
        painter.drawText(row.adjusted(6, 0, -countWidth, 0), Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(shown, Qt::ElideRight, row.width() - countWidth - 12));
        painter.drawText(row.adjusted(0, 0, -4, 0), Qt::AlignVCenter | Qt::AlignRight,
                         QStringLiteral("%1  %2 %").arg(locale.toString(n))
                             .arg(total > 0 ? QString::number(100.0 * double(n) / double(total), 'f', 0) : QStringLiteral("0"), 3));
    }
}

void BreakdownList::mouseMoveEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint().y());
    if (row != m_hovered) {
        m_hovered = row;
        setCursor(row >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
}

void BreakdownList::mouseReleaseEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint().y());
    if (event->button() == Qt::LeftButton && row >= 0)
        Q_EMIT itemActivated(row);
}

void BreakdownList::leaveEvent(QEvent *)
{
    m_hovered = -1;
    update();
}

KpiTile::KpiTile(const QString &caption, QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(caption, this);
    title->setForegroundRole(QPalette::PlaceholderText);
    m_value = new QLabel(QStringLiteral("–"), this);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    m_value->setFont(big);
    m_value->setAccessibleName(caption);
    m_detail = new QLabel(this);
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(title);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
}

void KpiTile::setValue(const QString &value, const QString &detail)
{
    m_value->setText(value);
    m_detail->setText(detail);
}

QString KpiTile::value() const
{
    return m_value->text();
}

QString saveWidgetImage(QWidget *widget, const QString &path)
{
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(widget->size());
        svg.setViewBox(widget->rect());
        svg.setTitle(widget->windowTitle());
        QPainter painter;
        if (!painter.begin(&svg))
            return QObject::tr("Cannot write %1.").arg(path);
        widget->render(&painter);
        painter.end();
        return {};
    }
    const QPixmap picture = widget->grab();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !picture.save(&file, "PNG") || !file.commit())
        return QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

bool exportChart(QWidget *parent, QWidget *chart, const QString &baseName, const QByteArray &csv)
{
    QString selectedFilter;
    const QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export chart"), baseName + QStringLiteral(".csv"),
        QObject::tr("Data as CSV (*.csv);;Picture as PNG (*.png);;Picture as SVG (*.svg)"), &selectedFilter);
    if (path.isEmpty())
        return false;
    QString error;
    if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit())
            error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    } else {
        error = saveWidgetImage(chart, path);
    }
    if (!error.isEmpty())
        QMessageBox::warning(parent, QObject::tr("Export chart"), error);
    return error.isEmpty();
}

} // namespace tdesk
