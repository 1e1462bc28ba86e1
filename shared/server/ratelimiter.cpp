#include "server/ratelimiter.h"

namespace tdesk {

RateLimiter::Decision RateLimiter::take(const QByteArray &bucket, int limit, qint64 windowMs, qint64 nowMs)
{
    Window &w = m_windows[bucket];
    if (w.endMs <= nowMs)
        w = Window{nowMs + windowMs, 0};
    Decision d;
    d.limit = limit;
    d.resetMs = w.endMs;
    if (w.used >= limit) {
        d.allowed = false;
        return d;
    }
    ++w.used;
    d.remaining = limit - w.used;
    return d;
}

void RateLimiter::prune(qint64 nowMs)
{
    for (auto it = m_windows.begin(); it != m_windows.end();) {
        if (it->endMs <= nowMs)
            it = m_windows.erase(it);
        else
            ++it;
    }
}

} // namespace tdesk
