#include "widgets/insightcharts.h"

#include "widgets/chartstyle.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace tdesk {
namespace {

// Distinct on light and dark backgrounds; the accent first.
QColor seriesColor(const QPalette &palette, qsizetype index)
{
    static const QColor light[] = {QColor(0x2f, 0x6f, 0xed), QColor(0xe8, 0x6a, 0x1c), QColor(0x1f, 0x9d, 0x55),
                                   QColor(0xc2, 0x33, 0x6e), QColor(0x7a, 0x4f, 0xd6), QColor(0x0f, 0x93, 0xa8),
                                   QColor(0xb5, 0x8b, 0x00), QColor(0x8c, 0x56, 0x3b), QColor(0x5b, 0x6b, 0x7a),
                                   QColor(0xd6, 0x3c, 0x3c), QColor(0x98, 0x98, 0x98)};
    QColor color = index == 0 ? accent(palette) : light[index % qsizetype(std::size(light))];
    return isDark(palette) && index > 0 ? color.lighter(135) : color;
}

QString numberText(std::optional<double> value)
{
    if (!value)
        return QStringLiteral("–");
    const double v = *value;
    return v == std::floor(v) && std::abs(v) < 1e15 ? QLocale().toString(qint64(v)) : QLocale().toString(v, 'f', 2);
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

QString durationText(qint64 ms)
{
    if (ms < 1000)
        return MultiSeriesChart::tr("%1 ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return MultiSeriesChart::tr("%1 s").arg(s);
    // The larger unit, and the smaller one where it is not nothing.
    const auto two = [](qint64 large, qint64 small, const QString &both, const QString &one) {
        return small ? both.arg(large).arg(small) : one.arg(large);
    };
    if (s < 3600)
        return two(s / 60, s % 60, MultiSeriesChart::tr("%1 min %2 s"), MultiSeriesChart::tr("%1 min"));
    if (s < 86400)
        return two(s / 3600, s % 3600 / 60, MultiSeriesChart::tr("%1 h %2 min"), MultiSeriesChart::tr("%1 h"));
    return two(s / 86400, s % 86400 / 3600, MultiSeriesChart::tr("%1 d %2 h"), MultiSeriesChart::tr("%1 d"));
}

struct MultiSeriesChart::Parts
{
    QLabel *title = nullptr;
    QLabel *note = nullptr;
    QStackedWidget *stack = nullptr;
    QLabel *empty = nullptr;
    QChartView *view = nullptr;
    QTableWidget *table = nullptr;
};

MultiSeriesChart::MultiSeriesChart(QWidget *parent)
    : QFrame(parent)
    , m_parts(std::make_unique<Parts>())
{
    makeCard(this);
    Parts &p = *m_parts;
    p.title = makeTitle(this);
    p.note = new QLabel(this);
    p.note->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *header = new QHBoxLayout;
    header->addWidget(p.title);
    header->addStretch(1);
    header->addWidget(p.note);
    p.stack = new QStackedWidget(this);
    p.empty = new QLabel(this);
    p.empty->setAlignment(Qt::AlignCenter);
    p.empty->setForegroundRole(QPalette::PlaceholderText);
    p.view = new QChartView(new QChart, this);
    p.view->setRenderHint(QPainter::Antialiasing);
    p.view->setMinimumHeight(180);
    p.view->chart()->layout()->setContentsMargins(0, 0, 0, 0);
    p.view->chart()->setBackgroundRoundness(0);
    p.table = new QTableWidget(this);
    p.table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    p.table->verticalHeader()->hide();
    p.table->setSelectionBehavior(QAbstractItemView::SelectItems);
    connect(p.table, &QTableWidget::cellActivated, this, [this](int row, int column) {
        if (column >= 1 && column <= m_series.size())
            Q_EMIT pointActivated(column - 1, row);
    });
    p.stack->addWidget(p.empty);
    p.stack->addWidget(p.view);
    p.stack->addWidget(p.table);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(p.stack, 1);
    setEmptyText(tr("Nothing to show yet"));
}

MultiSeriesChart::~MultiSeriesChart() = default;

void MultiSeriesChart::setTitle(const QString &title) { m_parts->title->setText(title); }
QString MultiSeriesChart::title() const { return m_parts->title->text(); }
void MultiSeriesChart::setNote(const QString &note) { m_parts->note->setText(note); }
QString MultiSeriesChart::note() const { return m_parts->note->text(); }
QTableWidget *MultiSeriesChart::table() const { return m_parts->table; }

void MultiSeriesChart::setEmptyText(const QString &text)
{
    m_parts->empty->setText(text);
    m_parts->stack->setCurrentWidget(text.isEmpty() ? (m_style == Style::Table ? static_cast<QWidget *>(m_parts->table) : m_parts->view)
                                                    : static_cast<QWidget *>(m_parts->empty));
}

QString MultiSeriesChart::emptyText() const
{
    return m_parts->stack->currentWidget() == m_parts->empty ? m_parts->empty->text() : QString();
}

QString MultiSeriesChart::bucketLabel(qint64 ms) const
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), m_timeFormat);
}

void MultiSeriesChart::setData(const QList<Series> &series, const QList<Series> &previous, Style style, const QString &timeFormat)
{
    m_series = series;
    m_previous = previous;
    m_style = style;
    m_timeFormat = timeFormat;
    rebuild();
}

QString MultiSeriesChart::pointText(int series, int point) const
{
    if (series < 0 || series >= m_series.size() || point < 0 || point >= m_series[series].points.size())
        return {};
    const Series &s = m_series[series];
    QString text = QStringLiteral("%1\n%2: %3").arg(bucketLabel(s.points[point].first), s.name, numberText(s.points[point].second));
    if (series < m_previous.size() && point < m_previous[series].points.size())
        text += tr("\nprevious period (%1): %2")
                    .arg(bucketLabel(m_previous[series].points[point].first), numberText(m_previous[series].points[point].second));
    return text;
}

void MultiSeriesChart::rebuild()
{
    Parts &p = *m_parts;
    if (!p.view)
        return; // a palette change while the constructor makes the card
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QChart *chart = p.view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis), delete axis;
    chart->setTheme(isDark(pal) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(pal.color(QPalette::Base));
    p.view->setBackgroundBrush(pal.color(QPalette::Base));
    chart->legend()->setVisible(m_series.size() > 1 || !m_previous.isEmpty());
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(text);

    // The table is always filled: it is the chart's data, and what a screen reader reads.
    QStringList headers{tr("Time")};
    for (const Series &s : std::as_const(m_series))
        headers << s.name;
    for (const Series &s : std::as_const(m_previous))
        headers << tr("%1 (previous)").arg(s.name);
    const qsizetype rows = m_series.isEmpty() ? 0 : m_series.constFirst().points.size();
    p.table->clear();
    p.table->setColumnCount(int(headers.size()));
    p.table->setHorizontalHeaderLabels(headers);
    p.table->setRowCount(int(rows));
    for (qsizetype r = 0; r < rows; ++r) {
        p.table->setItem(int(r), 0, new QTableWidgetItem(bucketLabel(m_series.constFirst().points[r].first)));
        int column = 1;
        for (const QList<Series> *list : {&m_series, &m_previous}) {
            for (const Series &s : *list) {
                auto *item = new QTableWidgetItem(r < s.points.size() ? numberText(s.points[r].second) : QString());
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                p.table->setItem(int(r), column++, item);
            }
        }
    }
    p.table->resizeColumnsToContents();

    double highest = 0;
    for (const QList<Series> *list : {&m_series, &m_previous})
        for (const Series &s : *list)
            for (const auto &point : s.points)
                highest = std::max(highest, point.second.value_or(0.0));
    auto *values = new QValueAxis;
    values->setRange(0, highest > 0 ? highest * 1.08 : 1);
    values->setLabelFormat(highest >= 10 || highest == 0 ? QStringLiteral("%.0f") : QStringLiteral("%.2f"));
    values->setTickCount(5);
    values->applyNiceNumbers();
    values->setLabelsColor(text);
    values->setGridLineColor(faded(text, 0.12f));
    values->setLinePenColor(faded(text, 0.12f));
    chart->addAxis(values, Qt::AlignLeft);

    if (m_style == Style::Bar) {
        auto *bars = new QBarSeries;
        QStringList categories;
        for (qsizetype r = 0; r < rows; ++r)
            categories << bucketLabel(m_series.constFirst().points[r].first);
        for (qsizetype i = 0; i < m_series.size(); ++i) {
            const auto addSet = [&](const Series &s, bool previous) {
                auto *set = new QBarSet(previous ? tr("%1 (previous)").arg(s.name) : s.name);
                for (const auto &point : s.points)
                    *set << point.second.value_or(0.0);
                const QColor color = seriesColor(pal, i);
                set->setColor(previous ? faded(color, 0.35f) : color);
                set->setBorderColor(previous ? color : Qt::transparent);
                bars->append(set);
                if (!previous)
                    connect(set, &QBarSet::clicked, this, [this, i](int index) { Q_EMIT pointActivated(int(i), index); });
                connect(set, &QBarSet::hovered, this, [this, i](bool on, int index) {
                    if (on)
                        QToolTip::showText(QCursor::pos(), pointText(int(i), index), this);
                });
            };
            addSet(m_series[i], false);
            if (i < m_previous.size())
                addSet(m_previous[i], true);
        }
        chart->addSeries(bars);
        auto *axis = new QBarCategoryAxis;
        axis->append(categories);
        axis->setLabelsColor(text);
        axis->setGridLineVisible(false);
        chart->addAxis(axis, Qt::AlignBottom);
        bars->attachAxis(axis);
        bars->attachAxis(values);
    } else {
        auto *time = new QDateTimeAxis;
        time->setFormat(m_timeFormat);
        time->setLabelsColor(text);
        time->setGridLineColor(faded(text, 0.12f));
        time->setLinePenColor(faded(text, 0.12f));
        time->setTickCount(int(std::clamp<qsizetype>(rows, 2, 7)));
        if (rows > 0)
            time->setRange(QDateTime::fromMSecsSinceEpoch(m_series.constFirst().points.constFirst().first),
                           QDateTime::fromMSecsSinceEpoch(m_series.constFirst().points.constLast().first));
        chart->addAxis(time, Qt::AlignBottom);
        for (qsizetype i = 0; i < m_series.size(); ++i) {
            const QColor color = seriesColor(pal, i);
            const auto line = [&](const Series &s, const QList<QPair<qint64, std::optional<double>>> &at) {
                auto *series = new QLineSeries;
                series->setName(s.name);
                QList<QPointF> points;
                for (qsizetype r = 0; r < s.points.size() && r < at.size(); ++r) {
                    if (s.points[r].second) // a bucket without a value leaves a gap, not a zero
                        points.append(QPointF(double(at[r].first), *s.points[r].second));
                }
                series->replace(points); // never point by point (DESIGN.md)
                return series;
            };
            QLineSeries *current = line(m_series[i], m_series[i].points);
            if (m_style == Style::Area) {
                auto *area = new QAreaSeries(current);
                area->setName(m_series[i].name);
                area->setPen(QPen(color, 2));
                area->setBrush(faded(color, m_series.size() > 1 ? 0.18f : 0.28f));
                chart->addSeries(area);
                area->attachAxis(time);
                area->attachAxis(values);
            } else {
                current->setPen(QPen(color, 2));
                current->setPointsVisible(rows <= 40);
                chart->addSeries(current);
                current->attachAxis(time);
                current->attachAxis(values);
            }
            const auto nearest = [this, i](const QPointF &at) {
                const auto &points = m_series[i].points;
                qsizetype best = 0;
                for (qsizetype r = 1; r < points.size(); ++r) {
                    if (std::abs(double(points[r].first) - at.x()) < std::abs(double(points[best].first) - at.x()))
                        best = r;
                }
                return int(best);
            };
            QXYSeries *hoverable = current;
            connect(hoverable, &QXYSeries::clicked, this, [this, i, nearest](const QPointF &at) { Q_EMIT pointActivated(int(i), nearest(at)); });
            connect(hoverable, &QXYSeries::hovered, this, [this, i, nearest](const QPointF &at, bool on) {
                if (on)
                    QToolTip::showText(QCursor::pos(), pointText(int(i), nearest(at)), this);
            });
            if (i < m_previous.size()) { // drawn over the current period's buckets, dashed
                QLineSeries *previous = line(m_previous[i], m_series[i].points);
                previous->setName(tr("%1 (previous)").arg(m_previous[i].name));
                previous->setPen(QPen(color, 1.5, Qt::DashLine));
                chart->addSeries(previous);
                previous->attachAxis(time);
                previous->attachAxis(values);
            }
        }
    }
    for (QLegendMarker *marker : chart->legend()->markers())
        marker->setLabelBrush(text);
    const bool nothing = rows == 0;
    if (!nothing && m_parts->stack->currentWidget() == m_parts->empty && m_parts->empty->text().isEmpty())
        setEmptyText({});
    else if (!nothing)
        m_parts->stack->setCurrentWidget(m_style == Style::Table ? static_cast<QWidget *>(p.table) : p.view);
}

QByteArray MultiSeriesChart::toCsv() const
{
    QByteArray out = "time";
    for (const Series &s : m_series)
        out += ',' + csvField(s.name);
    for (const Series &s : m_previous)
        out += ',' + csvField(tr("%1 (previous)").arg(s.name));
    out += "\r\n";
    const qsizetype rows = m_series.isEmpty() ? 0 : m_series.constFirst().points.size();
    for (qsizetype r = 0; r < rows; ++r) {
        out += isoTime(m_series.constFirst().points[r].first).toUtf8();
        for (const QList<Series> *list : {&m_series, &m_previous}) {
            for (const Series &s : *list) {
                out += ',';
                if (r < s.points.size() && s.points[r].second)
                    out += QByteArray::number(*s.points[r].second, 'g', 15);
            }
        }
        out += "\r\n";
    }
    return out;
}

void MultiSeriesChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        rebuild();
    QFrame::changeEvent(event);
}

RetentionGrid::RetentionGrid(QWidget *parent)
    : QFrame(parent)
{
    makeCard(this);
    m_title = makeTitle(this);
    m_table = new QTableWidget(this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setShowGrid(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_table, 1);
}

void RetentionGrid::setTitle(const QString &title)
{
    m_title->setText(title);
}

void RetentionGrid::setCohorts(const QList<Cohort> &cohorts, const QString &windowName, const QString &timeFormat)
{
    m_cohorts = cohorts;
    qsizetype windows = 0;
    for (const Cohort &c : cohorts)
        windows = std::max(windows, c.retained.size());
    QStringList headers{tr("Cohort"), tr("Users")};
    for (qsizetype w = 0; w < windows; ++w)
        headers << QStringLiteral("%1 %2").arg(windowName).arg(w);
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(cohorts.size()));
    for (qsizetype r = 0; r < cohorts.size(); ++r) {
        const Cohort &c = cohorts[r];
        m_table->setItem(int(r), 0, new QTableWidgetItem(QLocale().toString(QDateTime::fromMSecsSinceEpoch(c.startMs), timeFormat)));
        auto *size = new QTableWidgetItem(QLocale().toString(c.size));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(int(r), 1, size);
        for (qsizetype w = 0; w < c.retained.size(); ++w) {
            auto *cell = new QTableWidgetItem(cellText(int(r), int(w)));
            cell->setTextAlignment(Qt::AlignCenter);
            cell->setToolTip(tr("%L1 of %L2 users came back in %3 %4").arg(c.retained[w]).arg(c.size).arg(windowName.toLower()).arg(w));
            m_table->setItem(int(r), int(2 + w), cell);
        }
    }
    shade();
    m_table->resizeColumnsToContents();
}

QString RetentionGrid::cellText(int cohort, int window) const
{
    if (cohort < 0 || cohort >= m_cohorts.size() || window < 0 || window >= m_cohorts[cohort].retained.size())
        return {};
    const Cohort &c = m_cohorts[cohort];
    return c.size == 0 ? QStringLiteral("–") : QLocale().toString(100.0 * double(c.retained[window]) / double(c.size), 'f', 1) + QStringLiteral(" %");
}

void RetentionGrid::shade()
{
    if (!m_table)
        return; // a palette change while the constructor makes the card
    const QColor base = accent(palette());
    const QColor text = palette().color(QPalette::Text);
    for (qsizetype r = 0; r < m_cohorts.size(); ++r) {
        const Cohort &c = m_cohorts[r];
        for (qsizetype w = 0; w < c.retained.size(); ++w) {
            QTableWidgetItem *cell = m_table->item(int(r), int(2 + w));
            const double share = c.size ? double(c.retained[w]) / double(c.size) : 0.0;
            cell->setBackground(faded(base, float(0.08 + 0.72 * share)));
            cell->setForeground(share > 0.55 ? QColor(Qt::white) : text);
        }
    }
}

QByteArray RetentionGrid::toCsv() const
{
    QByteArray out = "cohort,users";
    qsizetype windows = 0;
    for (const Cohort &c : m_cohorts)
        windows = std::max(windows, c.retained.size());
    for (qsizetype w = 0; w < windows; ++w)
        out += ",window " + QByteArray::number(w);
    out += "\r\n";
    for (const Cohort &c : m_cohorts) {
        out += isoTime(c.startMs).toUtf8() + ',' + QByteArray::number(c.size);
        for (const qint64 n : c.retained)
            out += ',' + QByteArray::number(n);
        out += "\r\n";
    }
    return out;
}

void RetentionGrid::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        shade();
    QFrame::changeEvent(event);
}

FunnelChart::FunnelChart(QWidget *parent)
    : QFrame(parent)
{
    makeCard(this);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void FunnelChart::setSteps(const QList<Step> &steps)
{
    m_steps = steps;
    update();
}

void FunnelChart::setTitle(const QString &title)
{
    m_title = title;
    update();
}

QString FunnelChart::conversionText(int index) const
{
    if (index < 0 || index >= m_steps.size() || m_steps.constFirst().users == 0)
        return QStringLiteral("–");
    return QLocale().toString(100.0 * double(m_steps[index].users) / double(m_steps.constFirst().users), 'f', 1) + QStringLiteral(" %");
}

QString FunnelChart::stepText(int index) const
{
    if (index < 0 || index >= m_steps.size())
        return {};
    const Step &s = m_steps[index];
    QString text = tr("Step %1: %2\n%L3 users, %4 of step 1").arg(index + 1).arg(s.name).arg(s.users).arg(conversionText(index));
    if (index > 0) {
        const qint64 before = m_steps[index - 1].users;
        text += tr("\n%L1 dropped off after step %2 (%3)")
                    .arg(before - s.users)
                    .arg(index)
                    .arg(before ? QLocale().toString(100.0 * double(before - s.users) / double(before), 'f', 1) + QStringLiteral(" %")
                                : QStringLiteral("–"));
        if (s.medianMs)
            text += tr("\nmedian time from step 1: %1").arg(durationText(*s.medianMs));
    }
    return text;
}

QRect FunnelChart::barRect(int index) const
{
    const int top = fontMetrics().height() * 2 + 12;
    const int bottom = height() - fontMetrics().height() * 3 - 10;
    const int n = int(std::max<qsizetype>(1, m_steps.size()));
    const int slot = (width() - 24) / n;
    const qint64 first = m_steps.isEmpty() ? 0 : m_steps.constFirst().users;
    const double share = first > 0 && index < m_steps.size() ? double(m_steps[index].users) / double(first) : 0.0;
    const int full = std::max(1, bottom - top);
    const int h = std::max(2, int(full * share));
    return QRect(12 + index * slot + slot / 6, bottom - h, slot * 2 / 3, h);
}

int FunnelChart::stepAt(const QPoint &at) const
{
    for (int i = 0; i < m_steps.size(); ++i) {
        const QRect bar = barRect(i);
        if (at.x() >= bar.left() && at.x() <= bar.right() && at.y() >= fontMetrics().height() * 2)
            return i;
    }
    return -1;
}

void FunnelChart::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(text);
    painter.drawText(QRect(12, 6, width() - 24, fontMetrics().height()), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    painter.setFont(font());
    if (m_steps.isEmpty())
        return;
    const QColor bar = accent(pal);
    const int line = fontMetrics().height();
    for (int i = 0; i < m_steps.size(); ++i) {
        const QRect r = barRect(i);
        // The full height faded behind: what step 1 had, so the drop-off reads at a glance.
        const QRect whole(r.left(), barRect(0).top(), r.width(), r.bottom() - barRect(0).top());
        painter.fillRect(whole, faded(bar, 0.10f));
        painter.fillRect(r, bar);
        painter.setPen(text);
        painter.drawText(QRect(r.left() - 20, r.top() - line - 2, r.width() + 40, line), Qt::AlignCenter, conversionText(i));
        const int below = r.bottom() + 6;
        const QString name = fontMetrics().elidedText(QStringLiteral("%1. %2").arg(i + 1).arg(m_steps[i].name), Qt::ElideRight, r.width() + 30);
        painter.drawText(QRect(r.left() - 15, below, r.width() + 30, line), Qt::AlignCenter, name);
        painter.setPen(faded(text, 0.7f));
        QString detail = tr("%L1 users").arg(m_steps[i].users);
        painter.drawText(QRect(r.left() - 15, below + line, r.width() + 30, line), Qt::AlignCenter, detail);
        if (i > 0 && m_steps[i].medianMs)
            painter.drawText(QRect(r.left() - 15, below + 2 * line, r.width() + 30, line), Qt::AlignCenter,
                             tr("median %1").arg(durationText(*m_steps[i].medianMs)));
    }
}

bool FunnelChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int step = stepAt(help->pos());
        if (step >= 0)
            QToolTip::showText(help->globalPos(), stepText(step) + tr("\nClick to see its events"), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QFrame::event(event);
}

void FunnelChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (const int step = stepAt(event->position().toPoint()); step >= 0 && event->button() == Qt::LeftButton)
        Q_EMIT stepActivated(step);
    QFrame::mouseReleaseEvent(event);
}

QByteArray FunnelChart::toCsv() const
{
    QByteArray out = "step,event,users,conversion,median_ms_from_step_1\r\n";
    for (int i = 0; i < m_steps.size(); ++i) {
        const Step &s = m_steps[i];
        const double share = m_steps.constFirst().users ? double(s.users) / double(m_steps.constFirst().users) : 0.0;
        out += QByteArray::number(i + 1) + ',' + csvField(s.name) + ',' + QByteArray::number(s.users) + ','
            + QByteArray::number(share, 'f', 4) + ',' + (s.medianMs ? QByteArray::number(*s.medianMs) : QByteArray()) + "\r\n";
    }
    return out;
}

QSize FunnelChart::sizeHint() const
{
    return {640, 320};
}

QSize FunnelChart::minimumSizeHint() const
{
    return {320, fontMetrics().height() * 9};
}

} // namespace tdesk
