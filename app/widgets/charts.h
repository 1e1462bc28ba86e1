#pragma once

#include <QFrame>
#include <QList>
#include <QPair>
#include <QStringList>

class QLabel;

namespace tdesk {

// Our own small chart widgets: views use these, never Qt Charts directly, so that the charting
// library can change (Qt Charts is deprecated from Qt 6.10 in favour of Qt Graphs).

// Round tick positions for a time axis from fromMs to toMs in the system's local zone, at most
// maxTicks of them: every 1–30 minutes, 1–12 hours or 1–7 days. Labels are "13:40", the date
// ("Tue 1 Dec") at midnight, and dates only when the ticks are days apart.
QList<QPair<qint64, QString>> timeTicks(qint64 fromMs, qint64 toMs, int maxTicks);
// A round step (1, 2 or 5 × 10^n) that divides 0…highest into at most maxTicks steps.
qint64 niceStep(qint64 highest, int maxTicks);

// Buckets of a chart that hold only part of their time, drawn dashed so that they do not read as a drop.
struct PartialBuckets
{
    bool first = false; // the range starts within it
    bool last = false;  // still filling
};

// Events over time as a filled line in a card with a header, a time axis in the local zone and a
// count axis at round numbers; cheap to update every second. Optionally a faded line of the
// previous period and a last bucket still filling (drawn dashed, "so far" in its tooltip).
class TimeSeriesChart : public QFrame
{
    Q_OBJECT

public:
    explicit TimeSeriesChart(QWidget *parent = nullptr);
    ~TimeSeriesChart() override;

    // (bucket start in epoch ms, count) in time order; bucketMs is each point's width.
    void setPoints(const QList<QPair<qint64, qint64>> &points, qint64 bucketMs, PartialBuckets partial = {});
    const QList<QPair<qint64, qint64>> &points() const { return m_points; }
    // The same buckets in the previous period, keyed like points(); empty hides the line and the legend.
    void setPreviousPoints(const QList<QPair<qint64, qint64>> &points);
    const QList<QPair<qint64, qint64>> &previousPoints() const { return m_previous; }
    // Legend names of the current and previous lines (the legend shows only with a previous line).
    void setSeriesNames(const QString &current, const QString &previous);
    QStringList legendNames() const;

    void setTitle(const QString &title);
    QString title() const;
    // A line beside the title, e.g. the latest figure.
    void setNote(const QString &note);
    QString note() const;
    void setValueAxisTitle(const QString &title);
    QString valueAxisTitle() const;
    QString timeAxisTitle() const;
    // What the time axis reads, left to right.
    QStringList timeLabels() const;
    QList<qint64> timeTickPositions() const;
    // Shown instead of the chart while it has nothing to show; empty shows the chart.
    void setEmptyText(const QString &text);
    QString emptyText() const;
    // What hovering bucket `index` of points() says.
    QString pointToolTip(int index) const;
    // "time,events[,previous]" lines with a header, times in UTC ISO 8601.
    QByteArray toCsv() const;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyTheme();
    void updateAxes();
    void updateLegend();

    struct Parts;
    std::unique_ptr<Parts> m_parts;
    QList<QPair<qint64, qint64>> m_points;
    QList<QPair<qint64, qint64>> m_previous;
    qint64 m_bucketMs = 60000;
    PartialBuckets m_partial;
};

// A ranked list in a card: each row a label, its count and share of all events, and a thin bar
// under it in proportion to the largest; for top events, OS, versions, countries.
class BreakdownList : public QFrame
{
    Q_OBJECT

public:
    explicit BreakdownList(const QString &title, QWidget *parent = nullptr);

    // total: what the percentages are of (all events in the range). toolTips: per row, shown
    // with the row's full label, count and share when hovered.
    void setItems(const QList<QPair<QString, qint64>> &items, qint64 total, const QStringList &toolTips = {});
    const QList<QPair<QString, qint64>> &items() const { return m_items; }
    QString title() const { return m_title; }
    // "32 %" for row; of the total given to setItems.
    QString percentText(int row) const;
    QString rowToolTip(int row) const;
    // What a click on a row does, for its tooltip; empty: rows are not clickable.
    void setActivationHint(const QString &hint);
    void setEmptyText(const QString &text);
    QString emptyText() const { return m_emptyText; }
    QByteArray toCsv() const;
    // Where a row is drawn (what a click there activates).
    QRect rowRect(int row) const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void itemActivated(int row);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    int rowAt(int y) const;
    int rowHeight() const;
    int headerHeight() const;
    int countWidth() const;

    QString m_title;
    QList<QPair<QString, qint64>> m_items;
    QStringList m_toolTips;
    QString m_activationHint;
    QString m_emptyText;
    qint64 m_total = 0;
    int m_hovered = -1;
};

// One key figure in a card: a caption, a large number, and a line of context (the change against
// the previous period); the tooltip says more.
class KpiTile : public QFrame
{
    Q_OBJECT

public:
    explicit KpiTile(const QString &caption, QWidget *parent = nullptr);
    void setValue(const QString &value, const QString &detail = {}, const QString &toolTip = {});
    QString caption() const;
    QString value() const;
    QString detail() const;

private:
    QLabel *m_caption;
    QLabel *m_value;
    QLabel *m_detail;
};

// Saves a widget as PNG or SVG, by the file's suffix. Returns an error message, empty on success.
QString saveWidgetImage(QWidget *widget, const QString &path);

// Asks where to save a chart's data (CSV) or picture (PNG/SVG) and saves it; false if cancelled.
bool exportChart(QWidget *parent, QWidget *chart, const QString &baseName, const QByteArray &csv);

} // namespace tdesk
