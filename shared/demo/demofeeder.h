#pragma once

#include "demo/demogenerator.h"

#include <QObject>
#include <QTimer>

namespace tdesk {

class EventStore;

// "Send demo data": fills a store with the load generator's traffic, in-process, so that a newcomer
// sees every view filled in seconds. Events go through the same parser as HTTP traffic and get the
// same pseudonymous user hash; their places come from a short list of cities (the demo has no
// client addresses to look up). Lives in the store's submitting thread.
class DemoFeeder : public QObject
{
    Q_OBJECT

public:
    DemoFeeder(EventStore *store, qint64 projectId, QObject *parent = nullptr);

    // The past `days` days, about `events` events, denser towards now and by daytime: an hour at a
    // time from the event loop, waiting whenever the store's queue is full. Ends with backfilled(),
    // once everything is committed.
    void startBackfill(qint64 nowMs, int days, int events);
    // Then a live trickle of about eventsPerSecond, for `seconds` seconds (0: until stop()).
    void startLive(int eventsPerSecond, int seconds);
    void stop();
    bool isLive() const { return m_timer.isActive(); }

Q_SIGNALS:
    void backfilled(qint64 events);
    void liveFinished();

private:
    // Parses and enriches a jwc.v1 body and queues its events; returns how many were queued, or
    // -1 when the queue is full.
    qint64 submitBody(const QByteArray &body, qint64 nowMs);
    void backfillNextHour();
    void sendLiveSlice();

    EventStore *m_store;
    qint64 m_projectId;
    QByteArray m_salt;
    DemoGenerator m_generator;
    QTimer m_timer;
    QTimer m_backfillTimer;
    qint64 m_backfillNowMs = 0;
    std::vector<int> m_eventsPerHour; // oldest hour first; consumed from the front
    size_t m_nextHour = 0;
    int m_hourSent = 0;               // events of that hour sent so far
    qint64 m_backfilled = 0;
    QByteArray m_pendingBody;         // refused by a full queue: sent again first
    int m_eventsPerSecond = 0;
    qint64 m_liveUntilMs = 0;
    double m_owed = 0;
};

} // namespace tdesk
