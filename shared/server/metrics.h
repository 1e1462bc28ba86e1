#pragma once

#include <QByteArray>
#include <QMap>

#include <initializer_list>
#include <vector>

namespace tdesk {

struct StoreStats;

// A Prometheus histogram with fixed buckets (seconds, or counts for batch sizes).
class Histogram
{
public:
    explicit Histogram(std::initializer_list<double> bounds);
    void observe(double value);
    void render(QByteArray &out, const char *name, const char *help) const;

private:
    std::vector<double> m_bounds;
    std::vector<quint64> m_counts;   // per bucket, not cumulative
    double m_sum = 0;
    quint64 m_count = 0;
};

// The collector's counters, owned by the HTTP thread (the only writer), rendered for /metrics.
struct CollectorMetrics
{
    quint64 requests = 0;
    quint64 eventsReceived = 0;
    quint64 eventsAccepted = 0;
    quint64 duplicates = 0;
    quint64 rateLimited = 0;
    quint64 unavailable = 0;
    QMap<QByteArray, quint64> skippedByReason;
    QMap<int, quint64> responsesByStatus;
    Histogram requestSeconds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    Histogram commitSeconds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
    Histogram batchEvents{1, 2, 5, 10, 50, 100, 250, 500, 1000};

    QByteArray render(const StoreStats &store, qint64 connections) const;
};

} // namespace tdesk
