#pragma once

#include <QFrame>
#include <QList>
#include <QPair>

class QLabel;

namespace tdesk {

// Our own small chart widgets: views use these, never Qt Charts directly, so that the charting
// library can change (Qt Charts is deprecated from Qt 6.10 in favour of Qt Graphs).

// Events over time as a filled line, with a time axis; cheap to update every second.
class TimeSeriesChart : public QWidget
{
    Q_OBJECT

public:
    explicit TimeSeriesChart(QWidget *parent = nullptr);
    ~TimeSeriesChart() override;

    // (bucket start in epoch ms, count) in time order; bucketMs is each point's width.
    void setPoints(const QList<QPair<qint64, qint64>> &points, qint64 bucketMs);
    const QList<QPair<qint64, qint64>> &points() const { return m_points; }
    void setTitle(const QString &title);
    // "time,count" lines with a header, times in UTC ISO 8601.
    QByteArray toCsv() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();

    struct Parts;
    std::unique_ptr<Parts> m_parts;
    QList<QPair<qint64, qint64>> m_points;
    qint64 m_bucketMs = 60000;
};

// A ranked list of labels with proportional bars and counts: top events, OS, versions, countries.
class BreakdownList : public QWidget
{
    Q_OBJECT

public:
    explicit BreakdownList(const QString &title, QWidget *parent = nullptr);

    void setItems(const QList<QPair<QString, qint64>> &items);
    const QList<QPair<QString, qint64>> &items() const { return m_items; }
    QString title() const { return m_title; }
    QByteArray toCsv() const;
    // Where a row is drawn (what a click there activates).
    QRect rowRect(int row) const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void itemActivated(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    int rowAt(int y) const;
    int rowHeight() const;
    int headerHeight() const;

    QString m_title;
    QList<QPair<QString, qint64>> m_items;
    int m_hovered = -1;
};

// One key figure: a caption, a large number, and a line of context.
class KpiTile : public QFrame
{
    Q_OBJECT

public:
    explicit KpiTile(const QString &caption, QWidget *parent = nullptr);
    void setValue(const QString &value, const QString &detail = {});
    QString value() const;

private:
    QLabel *m_value;
    QLabel *m_detail;
};

// Saves a widget as PNG or SVG, by the file's suffix. Returns an error message, empty on success.
QString saveWidgetImage(QWidget *widget, const QString &path);

// Asks where to save a chart's data (CSV) or picture (PNG/SVG) and saves it; false if cancelled.
bool exportChart(QWidget *parent, QWidget *chart, const QString &baseName, const QByteArray &csv);

} // namespace tdesk
