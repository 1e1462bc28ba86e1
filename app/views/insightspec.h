#pragma once

#include "query/insighttypes.h"
#include "widgets/insightcharts.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace tdesk {

enum class InsightKind { Trend, ActiveUsers, Sessions, Retention, Funnel };

// An insight as the user built it: what to ask (the project and range come from the window's
// selection when it runs) and how to draw it. Saved by name per project, as JSON in the settings.
struct InsightSpec
{
    Q_DECLARE_TR_FUNCTIONS(InsightSpec)

public:
    QString name;
    InsightKind kind = InsightKind::Trend;
    bool pinned = false; // on the dashboard

    // Trends (event and breakdown also serve retention and funnels)
    QString event;
    TrendMetric metric = TrendMetric::Count;
    QString property; // KEY of m.KEY
    Interval interval = Interval::Day;
    QString breakdown;
    bool comparePrevious = false;
    MultiSeriesChart::Style style = MultiSeriesChart::Style::Line;

    // Filters: os, ext, country, m.KEY, as "os=linux m.plan=pro"
    QString filters;

    // Retention
    Interval window = Interval::Day;
    int windows = 8;
    QString returnEvent;

    // Funnels
    QStringList steps;
    qint64 windowMs = 86400000;
    bool strict = false;

    QJsonObject toJson() const;
    static InsightSpec fromJson(const QJsonObject &object);
    // One line that says what it shows: "Users of app.open per day, by OS".
    QString describe() const;
    // The filters as an InsightFilter (project, range and zone left to the caller); a word that is
    // not KEY=VALUE with a known key is returned in *bad.
    InsightFilter filter(QString *bad = nullptr) const;
    bool operator==(const InsightSpec &) const = default;
};

// The names the window shows for intervals, metrics and breakdowns.
QString intervalLabel(Interval interval);
QString metricLabel(TrendMetric metric);
QString breakdownLabel(const QString &breakdown);

} // namespace tdesk
