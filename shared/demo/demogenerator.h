#pragma once

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>

namespace tdesk {

// Realistic jwc.v1 traffic, for the load generator and the desktop app's demo data: a population of
// users, each with an OS, app and host version and a session that ends after 30 minutes of silence, a
// skewed spread of event names, property maps, and public client addresses. Deterministic for a seed.
// No networking, no QObject: the app runs it in a worker. Builds JSON by hand, because it has to
// outrun the collector it feeds on the same two cores.
class DemoGenerator
{
public:
    explicit DemoGenerator(quint64 seed, int users = 2000);

    // A complete single-event body, the event a few milliseconds before nowMs (pass a past time to
    // back-fill).
    QByteArray nextSingleBody(qint64 nowMs, bool withId);
    // {"schema":"jwc.v1","batch":[…n events…]}: one client's buffer, in time order, ending at nowMs.
    QByteArray nextBatchBody(int n, qint64 nowMs, bool withId);
    // A public IPv4 address from a fixed pool, for X-Forwarded-For.
    QByteArray nextForwardedFor();

private:
    struct User
    {
        QByteArray anon;
        const char *os;
        const char *ext;
        const char *vscode;
        QByteArray session;
        qint64 lastSeenMs = 0;
    };

    User &pickUser();
    // The fields of the user's next event, at time t, without the surrounding braces.
    void appendFields(QByteArray &out, User &user, qint64 t, bool withId);
    void appendHex(QByteArray &out, int digits);

    QRandomGenerator64 m_random;
    QList<User> m_users;
};

} // namespace tdesk
