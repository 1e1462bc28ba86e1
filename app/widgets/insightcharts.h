#pragma once

#include <QFrame>
#include <QList>
#include <QPair>
#include <QStringList>

#include <memory>
#include <optional>

class QLabel;
class QTableWidget;

namespace tdesk {

// The Insights view's charts, behind our own widgets like charts.h's (Qt Charts may be replaced).

// Several series over the same time buckets: lines, areas or bars, each optionally with the same
// series over the previous period drawn dashed (by bucket position); or the numbers as a table.
class MultiSeriesChart : public QFrame
{
    Q_OBJECT

public:
    enum class Style { Line, Bar, Area, Table };
    struct Series
    {
        QString name;
        QList<QPair<qint64, std::optional<double>>> points; // (bucket start ms, value; none: nothing to show)
    };

    explicit MultiSeriesChart(QWidget *parent = nullptr);
    ~MultiSeriesChart() override;

    // timeFormat: how a bucket's start reads ("HH:mm", "d MMM", "MMM yyyy"), in the local zone.
    void setData(const QList<Series> &series, const QList<Series> &previous, Style style, const QString &timeFormat);
    const QList<Series> &series() const { return m_series; }
    const QList<Series> &previous() const { return m_previous; }
    Style style() const { return m_style; }
    void setTitle(const QString &title);
    QString title() const;
    void setNote(const QString &note);
    QString note() const;
    // Shown instead of the chart while there is nothing to show; empty shows the chart.
    void setEmptyText(const QString &text);
    QString emptyText() const;
    // The table (Style::Table): a row per bucket, a column per series (and per previous series).
    QTableWidget *table() const;
    // "time,<series>…" with times in UTC ISO 8601; a previous series is named "<series> (previous)".
    QByteArray toCsv() const;
    // What a point's tooltip says.
    QString pointText(int series, int point) const;

Q_SIGNALS:
    // A click on a point, a bar or a table cell of the current period.
    void pointActivated(int series, int point);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    QString bucketLabel(qint64 ms) const;

    struct Parts;
    std::unique_ptr<Parts> m_parts;
    QList<Series> m_series, m_previous;
    Style m_style = Style::Line;
    QString m_timeFormat = QStringLiteral("d MMM");
};

// A retention table as a heat map: a row per cohort (its start and size), a column per window
// after it, each cell the share of the cohort that came back, shaded by that share.
class RetentionGrid : public QFrame
{
    Q_OBJECT

public:
    struct Cohort
    {
        qint64 startMs = 0;
        qint64 size = 0;
        QList<qint64> retained;
    };
    explicit RetentionGrid(QWidget *parent = nullptr);
    // windowName: "Day" or "Week"; timeFormat as MultiSeriesChart's.
    void setCohorts(const QList<Cohort> &cohorts, const QString &windowName, const QString &timeFormat);
    QTableWidget *table() const { return m_table; }
    // The text of the cell of cohort row and window column (0: the cohort's own window).
    QString cellText(int cohort, int window) const;
    void setTitle(const QString &title);
    QByteArray toCsv() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void shade();
    QLabel *m_title = nullptr;
    QTableWidget *m_table = nullptr;
    QList<Cohort> m_cohorts;
};

// A funnel: a bar per step as tall as the share of step 1's users who reached it, with that share,
// the users, the drop-off from the step before and the median time to convert.
class FunnelChart : public QFrame
{
    Q_OBJECT

public:
    struct Step
    {
        QString name;
        qint64 users = 0;
        std::optional<qint64> medianMs; // from step 1
    };
    explicit FunnelChart(QWidget *parent = nullptr);
    void setSteps(const QList<Step> &steps);
    const QList<Step> &steps() const { return m_steps; }
    void setTitle(const QString &title);
    // "62.5 %": the share of step 1's users who reached step `index`.
    QString conversionText(int index) const;
    // What the bar of step `index` says (its tooltip).
    QString stepText(int index) const;
    QRect barRect(int index) const;
    QByteArray toCsv() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void stepActivated(int index);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    int stepAt(const QPoint &at) const;
    QString m_title;
    QList<Step> m_steps;
};

// A duration as people read it: "850 ms", "42 s", "3 min 5 s", "2 h 10 min", "3 d 4 h".
QString durationText(qint64 ms);

} // namespace tdesk
