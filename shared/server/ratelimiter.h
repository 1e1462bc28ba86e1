#pragma once

#include <QByteArray>
#include <QHash>

namespace tdesk {

// Fixed-window request counting per bucket (a client address, a key), as minigem's
// @fastify/rate-limit does: `limit` requests per window, the window starting at a bucket's
// first request.
class RateLimiter
{
public:
    struct Decision
    {
        bool allowed = true;
        int limit = 0;
        int remaining = 0;
        qint64 resetMs = 0;   // when the bucket's window ends (epoch ms)
    };

    Decision take(const QByteArray &bucket, int limit, qint64 windowMs, qint64 nowMs);
    // Forgets windows that ended; call now and then so idle buckets do not pile up.
    void prune(qint64 nowMs);
    qsizetype bucketCount() const { return m_windows.size(); }

private:
    struct Window
    {
        qint64 endMs = 0;
        int used = 0;
    };
    QHash<QByteArray, Window> m_windows;
};

} // namespace tdesk
