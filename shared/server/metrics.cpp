#include "server/metrics.h"

#include "storage/eventstore.h"

#include <QDateTime>

namespace tdesk {

Histogram::Histogram(std::initializer_list<double> bounds)
    : m_bounds(bounds)
    , m_counts(bounds.size() + 1, 0)
{
}

void Histogram::observe(double value)
{
    size_t i = 0;
    while (i < m_bounds.size() && value > m_bounds[i])
        ++i;
    ++m_counts[i];
    m_sum += value;
    ++m_count;
}

void Histogram::render(QByteArray &out, const char *name, const char *help) const
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " histogram\n";
    quint64 cumulative = 0;
    for (size_t i = 0; i < m_bounds.size(); ++i) {
        cumulative += m_counts[i];
        out += QByteArray(name) + "_bucket{le=\"" + QByteArray::number(m_bounds[i], 'g', 6) + "\"} "
            + QByteArray::number(cumulative) + '\n';
    }
    out += QByteArray(name) + "_bucket{le=\"+Inf\"} " + QByteArray::number(m_count) + '\n';
    out += QByteArray(name) + "_sum " + QByteArray::number(m_sum, 'g', 12) + '\n';
    out += QByteArray(name) + "_count " + QByteArray::number(m_count) + '\n';
}

QByteArray CollectorMetrics::render(const StoreStats &store, qint64 connections) const
{
    QByteArray out;
    out.reserve(4096);
    const auto counter = [&out](const char *name, const char *help, quint64 value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " counter\n" + name + ' '
            + QByteArray::number(value) + '\n';
    };
    const auto gauge = [&out](const char *name, const char *help, qint64 value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " gauge\n" + name + ' '
            + QByteArray::number(value) + '\n';
    };
    counter("tdesk_http_requests_total", "HTTP requests answered.", requests);
    counter("tdesk_events_received_total", "Events received in /t requests.", eventsReceived);
    counter("tdesk_events_accepted_total", "Events durably stored.", eventsAccepted);
    counter("tdesk_events_duplicate_total", "Events whose (project, id) was already stored.", duplicates);
    counter("tdesk_requests_rate_limited_total", "Requests refused with 429.", rateLimited);
    counter("tdesk_requests_unavailable_total", "Requests refused with 503.", unavailable);
    out += "# HELP tdesk_events_skipped_total Events skipped, by reason.\n# TYPE tdesk_events_skipped_total counter\n";
    for (auto it = skippedByReason.begin(); it != skippedByReason.end(); ++it)
        out += "tdesk_events_skipped_total{reason=\"" + it.key() + "\"} " + QByteArray::number(it.value()) + '\n';
    out += "# HELP tdesk_http_responses_total Responses by status.\n# TYPE tdesk_http_responses_total counter\n";
    for (auto it = responsesByStatus.begin(); it != responsesByStatus.end(); ++it)
        out += "tdesk_http_responses_total{status=\"" + QByteArray::number(it.key()) + "\"} "
            + QByteArray::number(it.value()) + '\n';
    requestSeconds.render(out, "tdesk_request_duration_seconds", "Time from a request's arrival to its answer.");
    commitSeconds.render(out, "tdesk_commit_duration_seconds", "Time from queueing to COMMIT.");
    batchEvents.render(out, "tdesk_request_events", "Events per /t request.");
    counter("tdesk_transactions_total", "Storage transactions committed (each holds many requests).", store.commits);
    counter("tdesk_transactions_failed_total", "Storage transactions rolled back (their requests got 503).", store.failedCommits);
    counter("tdesk_events_committed_total", "Events written by the storage writer.", store.committedEvents);
    gauge("tdesk_queue_events", "Events waiting for the writer.", store.queuedEvents);
    gauge("tdesk_queue_requests", "Requests waiting for the writer.", store.queuedRequests);
    gauge("tdesk_spool_events", "Events spooled locally while the database is down.", store.spooledEvents);
    gauge("tdesk_spool_oldest_age_seconds", "How long the oldest spooled event has waited for the database.",
          store.spoolOldestMs ? std::max<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - store.spoolOldestMs) / 1000) : 0);
    gauge("tdesk_open_connections", "Open client connections.", connections);
    return out;
}

} // namespace tdesk
