#pragma once

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>
#include <QStringView>

#include <optional>
#include <span>

namespace tdesk {

// The kinds of product demo data imitates, each with its own users, event names, properties and
// rhythm: a desktop app (an IDE extension: long sessions, win32/darwin/linux), a web app (many short
// visits from many people, browser-ish systems) and a command-line tool (few users, bursts of
// commands with durations, mostly on CI machines).
enum class DemoKind { Desktop, Web, Cli };

// The `id` an event carries: none, a time-ordered UUIDv7 (as our SDKs send) or a random UUIDv4 (as
// many other clients do). The shape decides how an index on ids grows: at its end, or everywhere.
enum class EventIds { None, TimeOrdered, Random };
// "v7", "v4" or "none", as the benchmarks' command lines say it; nullopt for anything else.
std::optional<EventIds> parseEventIds(QStringView text);

// Realistic jwc.v1 traffic, for the load generator and the desktop app's demo data: a population of
// users, each with an OS, app and host version and a session that ends after 30 minutes of silence, a
// skewed spread of event names, property maps, and public client addresses. Deterministic for a seed.
// No networking, no QObject: the app runs it in a worker. Builds JSON by hand, because it has to
// outrun the collector it feeds on the same two cores.
class DemoGenerator
{
public:
    // A value drawn with the given weight among its list's.
    struct Weighted
    {
        const char *value;
        int weight;
    };

    // users: 0 for the kind's usual number.
    explicit DemoGenerator(quint64 seed, int users = 2000, DemoKind kind = DemoKind::Desktop);

    DemoKind kind() const { return m_kind; }
    // Every event from a user never seen before, as a large web audience sends: no pool.
    void setNewUserEachEvent(bool on) { m_newUserEachEvent = on; }
    // How many events one of the kind's clients sends at a time.
    int nextStretchSize();

    // A complete single-event body, the event a few milliseconds before nowMs (pass a past time to
    // back-fill).
    QByteArray nextSingleBody(qint64 nowMs, EventIds ids);
    // {"schema":"jwc.v1","batch":[…n events…]}: one client's buffer, in time order, ending at nowMs
    // (one user's, unless every event is from a new user).
    QByteArray nextBatchBody(int n, qint64 nowMs, EventIds ids);
    // One user's stretch of activity as the kind's users work: n events spaced as they would be
    // (minutes apart in the desktop app, seconds on the web, a burst on the command line), ending at
    // endMs and sent then in one body.
    QByteArray nextStretchBody(int n, qint64 endMs, EventIds ids);
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

    // What sets the kinds apart.
    struct Profile
    {
        std::span<const Weighted> names, systems, appVersions, hostVersions;
        const char *sessionStart;       // the event that opens every session
        int users;                      // the usual number of users
        int minStretch, maxStretch;     // events a client sends at a time
        int minGapMs, maxGapMs;         // between one user's events within a stretch
    };
    static const Profile &profileOf(DemoKind kind);

    User &pickUser();
    const char *pick(std::span<const Weighted> items);
    void appendProperties(QByteArray &out, User &user, const char *name);
    // The fields of the user's next event, at time t, without the surrounding braces.
    void appendFields(QByteArray &out, User &user, qint64 t, EventIds ids);
    void appendId(QByteArray &out, qint64 t, EventIds ids);
    void appendHex(QByteArray &out, int digits);

    DemoKind m_kind;
    const Profile &m_profile;
    QRandomGenerator64 m_random;
    QList<User> m_users;
    bool m_newUserEachEvent = false;
};

} // namespace tdesk
