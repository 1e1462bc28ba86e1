#include "widgets/charts.h"

#include "widgets/chartstyle.h"

#include "core/timeunits.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTimeZone>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace tdesk {
namespace {

QString dateLabel(const QDateTime &time)
{
    return QLocale().toString(time.date(), QStringLiteral("ddd d MMM"));
}

QString tickLabel(qint64 ms, bool days)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
    return days || time.time() == QTime(0, 0) ? dateLabel(time) : time.toString(QStringLiteral("HH:mm"));
}

// Ticks every `step` from the first round one at or after fromMs, in local time.
QList<qint64> ticksEvery(qint64 fromMs, qint64 toMs, qint64 step, int limit)
{
    QList<qint64> ticks;
    if (step >= DayMs) {
        QDate day = QDateTime::fromMSecsSinceEpoch(fromMs).date();
        if (QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch() < fromMs)
            day = day.addDays(1);
        const int days = int(step / DayMs);
        if (days == 7) // weeks start on the locale's first day
            day = day.addDays((int(QLocale().firstDayOfWeek()) - day.dayOfWeek() + 7) % 7);
        for (; ticks.size() <= limit; day = day.addDays(days)) {
            const qint64 ms = QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch();
            if (ms > toMs)
                break;
            ticks.append(ms);
        }
        return ticks;
    }
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(fromMs).offsetFromUtc()) * 1000;
    for (qint64 t = ceilTo(fromMs + offset, step) - offset; t <= toMs && ticks.size() <= limit; t += step)
        ticks.append(t);
    return ticks;
}

} // namespace

QList<QPair<qint64, QString>> timeTicks(qint64 fromMs, qint64 toMs, int maxTicks)
{
    static const qint64 steps[] = {MinuteMs, 2 * MinuteMs, 5 * MinuteMs, 10 * MinuteMs, 15 * MinuteMs, 30 * MinuteMs,
                                   HourMs, 2 * HourMs, 3 * HourMs, 6 * HourMs, 12 * HourMs,
                                   DayMs, 2 * DayMs, 7 * DayMs, 14 * DayMs};
    maxTicks = std::max(maxTicks, 2);
    QList<qint64> ticks;
    qint64 chosen = 0;
    for (const qint64 step : steps) {
        chosen = step;
        ticks = ticksEvery(fromMs, toMs, step, maxTicks);
        if (ticks.size() <= maxTicks)
            break;
    }
    QList<QPair<qint64, QString>> labelled;
    for (const qint64 t : ticks)
        labelled.append({t, tickLabel(t, chosen >= DayMs)});
    return labelled;
}

qint64 niceStep(qint64 highest, int maxTicks)
{
    maxTicks = std::max(maxTicks, 1);
    for (qint64 magnitude = 1;; magnitude *= 10) {
        for (const qint64 factor : {1, 2, 5}) {
            const qint64 step = factor * magnitude;
            if ((highest + step - 1) / step <= maxTicks)
                return step;
        }
    }
}

struct TimeSeriesChart::Parts
{
    QLabel *title = nullptr;
    QLabel *note = nullptr;
    QLabel *legend = nullptr; // in the header: Qt's legend would take the plot's height
    QLabel *empty = nullptr;
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QLineSeries *line = nullptr;
    QLineSeries *baseline = nullptr;
    QAreaSeries *area = nullptr;
    QLineSeries *inProgress = nullptr; // from the last full bucket to the one still filling
    QLineSeries *partStart = nullptr;  // from a first bucket partly outside the range to the next
    QLineSeries *previous = nullptr;
    QCategoryAxis *time = nullptr;
    QValueAxis *count = nullptr;
};

TimeSeriesChart::TimeSeriesChart(QWidget *parent)
    : QFrame(parent)
    , m_parts(std::make_unique<Parts>())
{
    makeCard(this);
    Parts &p = *m_parts;
    p.title = makeTitle(this);
    p.note = new QLabel(this);
    p.note->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    p.legend = new QLabel(this);
    p.legend->setTextFormat(Qt::RichText);
    p.legend->hide();
    p.empty = new QLabel(this);
    p.empty->setAlignment(Qt::AlignCenter);
    p.empty->setForegroundRole(QPalette::PlaceholderText);
    p.empty->hide();

    p.chart = new QChart;
    p.chart->legend()->hide();
    p.chart->setMargins(QMargins(0, 0, 0, 0));
    p.chart->layout()->setContentsMargins(0, 0, 0, 0);
    p.chart->setAnimationOptions(QChart::NoAnimation); // it moves every second; animation only blurs that
    p.chart->setLocalizeNumbers(true); // thousands separators on the count axis
    p.line = new QLineSeries(p.chart);
    p.baseline = new QLineSeries(p.chart);
    p.area = new QAreaSeries(p.line, p.baseline);
    p.inProgress = new QLineSeries(p.chart);
    p.partStart = new QLineSeries(p.chart);
    p.previous = new QLineSeries(p.chart);
    p.chart->addSeries(p.area);
    p.chart->addSeries(p.previous); // thin and faded: it reads over the area's fill
    p.chart->addSeries(p.inProgress);
    p.chart->addSeries(p.partStart);
    p.time = new QCategoryAxis(p.chart);
    p.time->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    p.time->setTitleText(tr("Time (%1)").arg(QTimeZone::systemTimeZone().abbreviation(QDateTime::currentDateTime())));
    p.count = new QValueAxis(p.chart);
    p.count->setLabelFormat(QStringLiteral("%.0f"));
    p.count->setTickType(QValueAxis::TicksDynamic);
    p.count->setTickAnchor(0);
    p.count->setMinorTickCount(0);
    p.chart->addAxis(p.time, Qt::AlignBottom);
    p.chart->addAxis(p.count, Qt::AlignLeft);
    for (QAbstractSeries *series : p.chart->series()) {
        series->attachAxis(p.time);
        series->attachAxis(p.count);
    }
    p.view = new QChartView(p.chart, this);
    p.view->setRenderHint(QPainter::Antialiasing);
    p.view->setFrameShape(QFrame::NoFrame);
    p.view->viewport()->installEventFilter(this);

    auto *header = new QHBoxLayout;
    header->addWidget(p.title);
    header->addStretch(1);
    header->addWidget(p.legend);
    header->addWidget(p.note);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(p.view, 1);
    layout->addWidget(p.empty, 1);
    setMinimumHeight(260);
    applyTheme();
}

TimeSeriesChart::~TimeSeriesChart() = default;

void TimeSeriesChart::setTitle(const QString &title)
{
    m_parts->title->setText(title);
}

QString TimeSeriesChart::title() const
{
    return m_parts->title->text();
}

void TimeSeriesChart::setNote(const QString &note)
{
    m_parts->note->setText(note);
}

QString TimeSeriesChart::note() const
{
    return m_parts->note->text();
}

void TimeSeriesChart::setValueAxisTitle(const QString &title)
{
    m_parts->count->setTitleText(title);
}

QString TimeSeriesChart::valueAxisTitle() const
{
    return m_parts->count->titleText();
}

QString TimeSeriesChart::timeAxisTitle() const
{
    return m_parts->time->titleText();
}

QStringList TimeSeriesChart::timeLabels() const
{
    return m_parts->time->categoriesLabels();
}

QList<qint64> TimeSeriesChart::timeTickPositions() const
{
    QList<qint64> ticks;
    for (const QString &label : m_parts->time->categoriesLabels())
        ticks.append(qint64(m_parts->time->endValue(label)));
    return ticks;
}

void TimeSeriesChart::setEmptyText(const QString &text)
{
    Parts &p = *m_parts;
    p.empty->setText(text);
    p.empty->setVisible(!text.isEmpty());
    p.view->setVisible(text.isEmpty());
}

QString TimeSeriesChart::emptyText() const
{
    return m_parts->empty->text();
}

void TimeSeriesChart::setSeriesNames(const QString &current, const QString &previous)
{
    m_parts->area->setName(current);
    m_parts->previous->setName(previous);
    updateLegend();
}

QStringList TimeSeriesChart::legendNames() const
{
    if (m_parts->legend->isHidden())
        return {};
    return {m_parts->area->name(), m_parts->previous->name()};
}

void TimeSeriesChart::updateLegend()
{
    Parts &p = *m_parts;
    p.legend->setVisible(!m_previous.isEmpty());
    // A short stroke in each line's colour before its name.
    const auto entry = [](const QColor &color, const QString &name) {
        return QStringLiteral("<span style=\"color:%1\">\u2501\u2501</span>&nbsp;%2")
            .arg(color.name(), name.toHtmlEscaped());
    };
    p.legend->setText(entry(p.area->pen().color(), p.area->name()) + QStringLiteral("&nbsp;&nbsp;&nbsp;")
                      + entry(p.previous->pen().color(), p.previous->name()));
}

void TimeSeriesChart::setPoints(const QList<QPair<qint64, qint64>> &points, qint64 bucketMs, PartialBuckets partial)
{
    m_points = points;
    m_bucketMs = bucketMs;
    // Only with a full bucket between the partial ends to draw solid.
    m_partial = {partial.first && points.size() >= 3, partial.last && points.size() >= 3};
    QList<QPointF> line, base, inProgress, partStart;
    line.reserve(points.size());
    base.reserve(points.size());
    for (const auto &[t, n] : points) {
        line.append(QPointF(double(t), double(n)));
        base.append(QPointF(double(t), 0));
    }
    if (m_partial.last) {
        inProgress = {line[line.size() - 2], line.last()};
        line.removeLast();
        base.removeLast();
    }
    if (m_partial.first) {
        partStart = {line[0], line[1]};
        line.removeFirst();
        base.removeFirst();
    }
    // replace(), never append() point by point: one repaint instead of one per point.
    Parts &p = *m_parts;
    p.line->replace(line);
    p.baseline->replace(base);
    p.inProgress->replace(inProgress);
    p.partStart->replace(partStart);
    updateAxes();
}

void TimeSeriesChart::setPreviousPoints(const QList<QPair<qint64, qint64>> &points)
{
    m_previous = points;
    QList<QPointF> line;
    line.reserve(points.size());
    for (const auto &[t, n] : points)
        line.append(QPointF(double(t), double(n)));
    Parts &p = *m_parts;
    p.previous->replace(line);
    updateLegend();
    updateAxes();
}

void TimeSeriesChart::updateAxes()
{
    Parts &p = *m_parts;
    if (m_points.isEmpty())
        return;
    qint64 highest = 0;
    for (const auto &point : m_points)
        highest = std::max(highest, point.second);
    for (const auto &point : m_previous)
        highest = std::max(highest, point.second);
    const QFontMetrics metrics(p.count->labelsFont());
    const QRectF plot = p.chart->plotArea();
    const int plotHeight = plot.height() > 40 ? int(plot.height()) : std::max(height() - 120, 80);
    const qint64 step = niceStep(std::max<qint64>(highest, 1), std::clamp(plotHeight / (metrics.height() * 2), 2, 6));
    const double top = double((std::max<qint64>(highest, 1) + step - 1) / step * step);
    // One setter at a time passes through a state of the new range with the old interval (or the
    // other way round): from 0–1 to 0–600,000 that is a tick per unit, and Qt Charts makes an item
    // for each. Widen the interval first, so that no state has more than a few ticks.
    p.count->setTickInterval(std::max(top, p.count->max()));
    p.count->setRange(0, top);
    p.count->setTickInterval(double(step));

    // As many round time ticks as fit without their labels touching.
    const qint64 from = m_points.first().first, to = m_points.last().first;
    const double width = plot.width() > 40 ? plot.width() : std::max(this->width() - 100, 100);
    const double pxPerMs = width / double(std::max<qint64>(to - from, 1));
    QList<QPair<qint64, QString>> ticks;
    for (int maxTicks = int(width / (metrics.horizontalAdvance(QStringLiteral("00:00")) + 24)); maxTicks >= 2; --maxTicks) {
        ticks = timeTicks(from, to, maxTicks);
        bool fits = true;
        for (int i = 1; i < ticks.size() && fits; ++i) {
            const double needed = (metrics.horizontalAdvance(ticks[i - 1].second) + metrics.horizontalAdvance(ticks[i].second)) / 2.0 + 12;
            fits = double(ticks[i].first - ticks[i - 1].first) * pxPerMs >= needed;
        }
        if (fits)
            break;
    }
    // Not a label half past the plot's end.
    ticks.removeIf([&](const QPair<qint64, QString> &tick) {
        const double half = metrics.horizontalAdvance(tick.second) / 2.0;
        return double(tick.first - from) * pxPerMs < half - 24 || double(to - tick.first) * pxPerMs < half - 4;
    });
    for (const QString &label : p.time->categoriesLabels())
        p.time->remove(label);
    p.time->setStartValue(double(from));
    for (const auto &[t, label] : ticks) {
        QString unique = label; // a category axis needs distinct labels: the same hour on two days
        while (p.time->categoriesLabels().contains(unique))
            unique += QChar(0x200B);
        p.time->append(unique, double(t));
    }
    p.time->setRange(double(from), double(to));
}

QString TimeSeriesChart::pointToolTip(int index) const
{
    if (index < 0 || index >= m_points.size())
        return {};
    const auto &[t, n] = m_points[index];
    const QLocale locale;
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(t), end = QDateTime::fromMSecsSinceEpoch(t + m_bucketMs);
    const QString when = m_bucketMs >= DayMs
        ? dateLabel(start)
        : QStringLiteral("%1 %2–%3").arg(dateLabel(start), start.toString(QStringLiteral("HH:mm")), end.toString(QStringLiteral("HH:mm")));
    QStringList lines{when};
    // No plurals: every figure reads "Events: 1" alike, in every language.
    if (m_partial.last && index == m_points.size() - 1)
        lines << tr("Events so far: %L1 (still in progress)").arg(n);
    else if (m_partial.first && index == 0)
        lines << tr("Events: %L1 (the range starts within this time)").arg(n);
    else
        lines << tr("Events: %L1").arg(n);
    if (index < m_previous.size() && !m_parts->previous->name().isEmpty())
        lines << tr("%1: %L2").arg(m_parts->previous->name()).arg(m_previous[index].second);
    return lines.join(u'\n');
}

bool TimeSeriesChart::eventFilter(QObject *watched, QEvent *event)
{
    Parts &p = *m_parts;
    if (watched == p.view->viewport() && event->type() == QEvent::ToolTip && !m_points.isEmpty()) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPointF at = p.chart->mapFromScene(p.view->mapToScene(help->pos()));
        if (!p.chart->plotArea().contains(at)) {
            QToolTip::hideText();
            return true;
        }
        const double t = p.chart->mapToValue(at, p.area).x();
        int nearest = 0;
        for (int i = 1; i < m_points.size(); ++i) {
            if (std::abs(double(m_points[i].first) - t) < std::abs(double(m_points[nearest].first) - t))
                nearest = i;
        }
        QToolTip::showText(help->globalPos(), pointToolTip(nearest), p.view);
        return true;
    }
    return QFrame::eventFilter(watched, event);
}

QByteArray TimeSeriesChart::toCsv() const
{
    const bool previous = !m_previous.isEmpty();
    QByteArray csv = previous ? "time,events,previous_period_events\r\n" : "time,events\r\n";
    for (int i = 0; i < m_points.size(); ++i) {
        const auto &[t, n] = m_points[i];
        csv += QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate).toLatin1() + ',' + QByteArray::number(n);
        if (previous)
            csv += ',' + QByteArray::number(m_previous.value(i).second);
        csv += "\r\n";
    }
    return csv;
}

void TimeSeriesChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    QFrame::changeEvent(event);
}

void TimeSeriesChart::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    updateAxes(); // as many ticks as the new width holds
}

void TimeSeriesChart::applyTheme()
{
    Parts &p = *m_parts;
    if (!p.chart)
        return; // a palette change while the constructor makes the card
    const QPalette pal = palette();
    p.chart->setTheme(isDark(pal) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    p.chart->setBackgroundBrush(pal.color(QPalette::Base));
    p.chart->setBackgroundRoundness(0);
    p.view->setBackgroundBrush(pal.color(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(p.time), static_cast<QAbstractAxis *>(p.count)}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(faded(text, 0.75f));
        QFont font = axis->titleFont();
        font.setBold(false);
        font.setPointSizeF(p.title->font().pointSizeF());
        axis->setTitleFont(font);
        axis->setGridLineColor(faded(text, 0.12f));
        axis->setLinePenColor(faded(text, 0.12f));
    }
    const QColor line = accent(pal);
    p.area->setPen(QPen(line, 2));
    p.area->setBrush(faded(line, 0.25f));
    p.inProgress->setPen(QPen(line, 2, Qt::DashLine));
    p.partStart->setPen(QPen(line, 2, Qt::DashLine));
    // Lighter and thinner than the current line, but seen on both themes.
    const QColor previous = isDark(pal) ? QColor(0x9a, 0x9a, 0x9a) : QColor(0xa8, 0xa8, 0xa8);
    p.previous->setPen(QPen(previous, 1.5));
    updateLegend();
}

BreakdownList::BreakdownList(const QString &title, QWidget *parent)
    : QFrame(parent)
    , m_title(title)
    , m_emptyText(tr("No events in this range"))
{
    makeCard(this);
    setMouseTracking(true);
    setAttribute(Qt::WA_Hover);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void BreakdownList::setItems(const QList<QPair<QString, qint64>> &items, qint64 total, const QStringList &toolTips)
{
    m_items = items;
    m_total = total;
    m_toolTips = toolTips;
    m_hovered = -1;
    updateGeometry();
    update();
}

void BreakdownList::setActivationHint(const QString &hint)
{
    m_activationHint = hint;
}

void BreakdownList::setEmptyText(const QString &text)
{
    m_emptyText = text;
    update();
}

QString BreakdownList::percentText(int row) const
{
    const qint64 n = m_items.value(row).second;
    if (m_total <= 0)
        return {};
    const double percent = 100.0 * double(n) / double(m_total);
    if (n > 0 && percent < 0.5)
        return tr("<1 %");
    return tr("%1 %").arg(QLocale().toString(qRound(percent)));
}

QString BreakdownList::rowToolTip(int row) const
{
    if (row < 0 || row >= m_items.size())
        return {};
    const auto &[label, n] = m_items[row];
    QStringList lines{label.isEmpty() ? tr("(none)") : label};
    if (!m_toolTips.value(row).isEmpty())
        lines << m_toolTips[row];
    lines << tr("Events: %L1 (%2 of all events in the range)").arg(n).arg(percentText(row));
    if (!m_activationHint.isEmpty())
        lines << m_activationHint;
    return lines.join(u'\n');
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
    return fontMetrics().height() + 12; // the text, then the bar under it
}

int BreakdownList::headerHeight() const
{
    return fontMetrics().height() + 18;
}

int BreakdownList::countWidth() const
{
    // Counts and percentages in two right-aligned columns, as wide as the widest of each.
    const QLocale locale;
    int counts = 0;
    for (const auto &item : m_items)
        counts = std::max(counts, fontMetrics().horizontalAdvance(locale.toString(item.second)));
    return counts + fontMetrics().horizontalAdvance(QStringLiteral("  100 %"));
}

QSize BreakdownList::sizeHint() const
{
    return QSize(countWidth() + 200, headerHeight() + rowHeight() * std::max<int>(3, int(m_items.size())) + 8);
}

QSize BreakdownList::minimumSizeHint() const
{
    // Every row in sight; long labels are elided (their tooltip has them whole).
    return QSize(countWidth() + 100, headerHeight() + rowHeight() * std::max<int>(1, int(m_items.size())) + 8);
}

QRect BreakdownList::rowRect(int row) const
{
    return QRect(10, headerHeight() + row * rowHeight(), width() - 20, rowHeight());
}

int BreakdownList::rowAt(int y) const
{
    const int row = (y - headerHeight()) / rowHeight();
    return y >= headerHeight() && row < m_items.size() ? row : -1;
}

bool BreakdownList::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos().y());
        if (row >= 0) {
            QToolTip::showText(help->globalPos(), rowToolTip(row), this, rowRect(row));
            return true;
        }
    }
    return QFrame::event(event);
}

void BreakdownList::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event); // the card's frame
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRect(10, 4, width() - 20, headerHeight() - 4), Qt::AlignVCenter | Qt::AlignLeft, m_title);
    painter.setFont(font());
    if (m_items.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(QRect(10, headerHeight(), width() - 20, rowHeight()), Qt::AlignVCenter, m_emptyText);
        return;
    }
    qint64 highest = 1;
    for (const auto &item : m_items)
        highest = std::max(highest, item.second);
    const QLocale locale;
    const int percentWidth = fontMetrics().horizontalAdvance(QStringLiteral("100 %"));
    const int numbers = countWidth();
    const QColor bar = accent(pal);
    const int textHeight = fontMetrics().height() + 4;
    for (int i = 0; i < m_items.size(); ++i) {
        const QRect row = rowRect(i);
        const auto &[label, n] = m_items[i];
        if (i == m_hovered)
            painter.fillRect(row, faded(bar, 0.10f));
        // The bar runs under the text, never behind it: every character on the same background.
        const QRect track(row.left() + 2, row.top() + textHeight + 1, row.width() - 4, 4);
        painter.setPen(Qt::NoPen);
        painter.setBrush(faded(pal.color(QPalette::Text), 0.08f));
        painter.drawRoundedRect(track, 2, 2);
        painter.setBrush(faded(bar, i == m_hovered ? 1.0f : 0.8f));
        painter.drawRoundedRect(QRect(track.left(), track.top(), std::max(int(double(track.width()) * double(n) / double(highest)), 2),
                                      track.height()), 2, 2);
        painter.setPen(pal.color(QPalette::Text));
        const QRect text(row.left() + 2, row.top(), row.width() - 4, textHeight);
        const QString shown = label.isEmpty() ? tr("(none)") : label;
        painter.drawText(text.adjusted(0, 0, -numbers - 8, 0), Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(shown, Qt::ElideRight, text.width() - numbers - 8));
        painter.drawText(text.adjusted(0, 0, -percentWidth - fontMetrics().horizontalAdvance(QStringLiteral("  ")), 0),
                         Qt::AlignVCenter | Qt::AlignRight, locale.toString(n));
        painter.setPen(faded(pal.color(QPalette::Text), 0.7f));
        painter.drawText(text, Qt::AlignVCenter | Qt::AlignRight, percentText(i));
    }
}

void BreakdownList::mouseMoveEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint().y());
    if (row != m_hovered) {
        m_hovered = row;
        setCursor(row >= 0 && !m_activationHint.isEmpty() ? Qt::PointingHandCursor : Qt::ArrowCursor);
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
    makeCard(this);
    auto *layout = new QVBoxLayout(this);
    m_caption = new QLabel(caption, this);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    m_value = new QLabel(QStringLiteral("–"), this);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    m_value->setFont(big);
    m_value->setAccessibleName(caption);
    m_detail = new QLabel(this);
    m_detail->setForegroundRole(QPalette::Text); // neutral: a change is not good or bad in itself
    m_detail->setWordWrap(true); // a long translation takes a second line rather than widening the grid
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
    layout->addStretch(1);
}

void KpiTile::setValue(const QString &value, const QString &detail, const QString &toolTip)
{
    m_value->setText(value);
    m_detail->setText(detail);
    setToolTip(toolTip);
}

QString KpiTile::caption() const
{
    return m_caption->text();
}

QString KpiTile::value() const
{
    return m_value->text();
}

QString KpiTile::detail() const
{
    return m_detail->text();
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
