#pragma once

#include "demo/demogenerator.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace tdesk {

class EventStore;

// The project "Send demo data" fills with traffic of that kind: desk-demo, web-demo, cli-demo.
QString demoProjectName(DemoKind kind);

// A project demo data fills, and the kind of product its traffic imitates.
struct DemoProject
{
    qint64 projectId = 0;
    DemoKind kind = DemoKind::Desktop;
};

// "Send demo data": fills a store with realistic traffic, in-process, so that a newcomer sees every
// view filled in seconds. Events go through the same parser as HTTP traffic and get the same
// pseudonymous user hash; their places come from each kind's list of cities (the demo has no client
// addresses to look up). Lives in the store's submitting thread.
class DemoFeeder : public QObject
{
    Q_OBJECT

public:
    // The traffic is shared among the projects, each with its kind's character and share.
    DemoFeeder(EventStore *store, const QList<DemoProject> &projects, QObject *parent = nullptr);
    ~DemoFeeder() override;

    // The past `days` days, about `events` events, denser towards now and by daytime: an hour at a
    // time from the event loop, waiting whenever the store's queue is full. Ends with backfilled(),
    // once everything is committed.
    void startBackfill(qint64 nowMs, int days, int events);
    // Then a live trickle of about eventsPerSecond, for `seconds` seconds (0: until stop()).
    void startLive(int eventsPerSecond, int seconds);
    // Ends the live trickle, or a backfill in progress, with liveFinished().
    void stop();
    bool isBackfilling() const { return m_backfillTimer.isActive(); }
    bool isLive() const { return m_timer.isActive(); }
    // When the live trickle ends by itself; 0 while it is not running or runs until stop().
    qint64 liveUntilMs() const { return isLive() ? m_liveUntilMs : 0; }

Q_SIGNALS:
    // Events handed to the store (it commits them within moments, as for an acknowledged request).
    void eventsQueued(qint64 events);
    void backfilled(qint64 events);
    void liveFinished();

private:
    // Parses and enriches a jwc.v1 body and queues its events; returns how many were queued, or
    // -1 when the queue is full.
    struct Stream;
    qint64 submitBody(const Stream &stream, const QByteArray &body, qint64 nowMs);
    Stream &pickStream();
    void backfillNextHour();
    void sendLiveSlice();

    EventStore *m_store;
    QByteArray m_salt;
    std::vector<std::unique_ptr<Stream>> m_streams;
    QRandomGenerator m_random;        // which project's client sends next
    QTimer m_timer;
    QTimer m_backfillTimer;
    qint64 m_backfillNowMs = 0;
    std::vector<int> m_eventsPerHour; // oldest hour first; consumed from the front
    size_t m_nextHour = 0;
    int m_hourSent = 0;               // events of that hour sent so far
    qint64 m_backfilled = 0;
    QByteArray m_pendingBody;         // refused by a full queue: sent again first
    Stream *m_pendingStream = nullptr;
    int m_eventsPerSecond = 0;
    qint64 m_liveUntilMs = 0;
    double m_owed = 0;
};

} // namespace tdesk
