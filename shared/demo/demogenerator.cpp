#include "demo/demogenerator.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string_view>

namespace tdesk {
namespace {

struct Weighted
{
    const char *value;
    int weight;
};

// Event names with a long tail, as real products have: a few very common, many rare. "app.started"
// is not drawn here: it opens every session.
constexpr Weighted EventNames[] = {
    {"command.run", 30}, {"file.opened", 18}, {"search.performed", 9}, {"app.exited", 6}, {"settings.changed", 5},
    {"java.run.started", 5}, {"java.run.completed", 5}, {"error.raised", 3}, {"java.run.error", 2},
    {"feature.export", 2}, {"view:open/panel", 2}, {"feature.share", 1}, {"update.installed", 1},
    {"crash.report", 1}, {"purchase.completed $", 1}};
constexpr Weighted Systems[] = {{"win32", 48}, {"darwin", 27}, {"linux", 25}};
constexpr Weighted AppVersions[] = {{"1.4.2", 40}, {"1.4.1", 25}, {"1.3.7", 20}, {"1.2.0", 10}, {"0.9.3", 5}};
constexpr Weighted HostVersions[] = {{"1.95.0", 35}, {"1.94.2", 25}, {"1.94.0", 20}, {"1.93.1", 12}, {"1.90.0", 8}};
constexpr Weighted Phases[] = {{"compile", 1}, {"runtime", 2}};
constexpr Weighted Buckets[] = {{"<1KB", 5}, {"1-10KB", 3}, {"10-100KB", 2}, {">100KB", 1}};
constexpr Weighted Features[] = {{"search", 4}, {"export", 2}, {"refactor", 2}, {"debug", 3}, {"format", 1}};

// Public addresses in several regions (the ranges MaxMind's test databases cover too), so that a GeoIP
// database puts the demo traffic on the map.
constexpr const char *AddressPrefixes[] = {"81.2.69.", "89.160.20.", "216.160.83.", "2.125.160.", "175.16.199.",
                                           "67.43.156.", "202.196.224.", "111.235.160.", "149.101.100.", "212.47.235."};

constexpr qint64 SessionIdleMs = 30 * 60 * 1000;

template<size_t N>
const char *pick(QRandomGenerator64 &random, const Weighted (&items)[N])
{
    int total = 0;
    for (const Weighted &w : items)
        total += w.weight;
    int r = int(random.bounded(total));
    for (const Weighted &w : items) {
        if ((r -= w.weight) < 0)
            return w.value;
    }
    return items[0].value;
}

QRandomGenerator64 seeded(quint64 seed)
{
    const quint32 words[2] = {quint32(seed), quint32(seed >> 32)};
    return QRandomGenerator64(words, 2);
}

} // namespace

DemoGenerator::DemoGenerator(quint64 seed, int users)
    : m_random(seeded(seed))
{
    m_users.reserve(users);
    for (int i = 0; i < users; ++i) {
        User u{{}, pick(m_random, Systems), pick(m_random, AppVersions), pick(m_random, HostVersions), {}, 0};
        appendHex(u.anon, 32);
        m_users.append(u);
    }
}

void DemoGenerator::appendHex(QByteArray &out, int digits)
{
    static constexpr char Hex[] = "0123456789abcdef";
    quint64 bits = 0;
    for (int i = 0; i < digits; ++i) {
        if (i % 16 == 0)
            bits = m_random.generate64();
        out += Hex[bits & 15];
        bits >>= 4;
    }
}

QByteArray DemoGenerator::nextForwardedFor()
{
    return AddressPrefixes[m_random.bounded(int(std::size(AddressPrefixes)))] + QByteArray::number(1 + m_random.bounded(250));
}

DemoGenerator::User &DemoGenerator::pickUser()
{
    // Heavy users send more: squaring the uniform draw skews towards the first users.
    const double u = m_random.generateDouble();
    return m_users[qsizetype(u * u * double(m_users.size()))];
}

void DemoGenerator::appendFields(QByteArray &out, User &user, qint64 t, bool withId)
{
    const char *name = pick(m_random, EventNames);
    // A new session after idle time; a user seen for the first time is mostly in the middle of one
    // already, or short runs would be all "app.started".
    const bool firstSeen = user.lastSeenMs == 0;
    if (user.session.isEmpty() || t - user.lastSeenMs > SessionIdleMs) {
        user.session.clear();
        appendHex(user.session, 16);
        if (!firstSeen || m_random.bounded(4) == 0)
            name = "app.started";
    }
    user.lastSeenMs = t;

    out += "\"anon\":\"" + user.anon + "\",\"evt\":\"" + name + "\",\"t\":" + QByteArray::number(t) + ",\"os\":\""
        + user.os + "\",\"ext\":\"" + user.ext + "\",\"vscode\":\"" + user.vscode + "\",\"sessionId\":\"" + user.session
        + '"';
    if (withId) {
        // A UUIDv7, as our SDKs send: time-ordered, so the idempotency index grows at its end instead
        // of being rewritten at random places.
        const QByteArray time = QByteArray::number(t, 16).rightJustified(12, '0');
        out += ",\"id\":\"" + time.left(8) + '-' + time.mid(8, 4) + "-7";
        appendHex(out, 3);
        out += '-';
        out += "89ab"[m_random.bounded(4)];
        appendHex(out, 3);
        out += '-';
        appendHex(out, 12);
        out += '"';
    }
    out += ",\"m\":{";
    const std::string_view n(name);
    if (n == "java.run.completed") {
        const int duration = int(std::exp(m_random.generateDouble() * 9.0)) + 20; // log-normal-ish, 20 ms .. 8 s
        out += "\"durationMs\":" + QByteArray::number(duration) + ",\"waitMsTotal\":" + QByteArray::number(m_random.bounded(200))
            + ",\"exit\":" + (m_random.bounded(10) == 0 ? "1" : "0") + ",\"cumulativeBytesBucket\":\""
            + pick(m_random, Buckets) + "\",\"scannerUsage\":" + (m_random.bounded(4) == 0 ? "true" : "false");
    } else if (n == "java.run.error" || n == "error.raised" || n == "crash.report") {
        out += "\"phase\":\"" + QByteArray(pick(m_random, Phases)) + "\",\"exceptionHash\":\"";
        appendHex(out, 8);
        out += '"';
    } else if (n == "app.exited") {
        out += "\"durationMs\":" + QByteArray::number(m_random.bounded(4 * 3600 * 1000)) + ",\"exit\":"
            + (m_random.bounded(20) == 0 ? "1" : "0");
        user.session.clear(); // the next event starts a new session
    } else {
        out += "\"feature\":\"" + QByteArray(pick(m_random, Features)) + "\",\"durationMs\":"
            + QByteArray::number(m_random.bounded(1500));
    }
    out += '}';
}

QByteArray DemoGenerator::nextSingleBody(qint64 nowMs, bool withId)
{
    QByteArray out;
    out.reserve(400);
    out += "{\"schema\":\"jwc.v1\",";
    appendFields(out, pickUser(), nowMs - m_random.bounded(20), withId); // sent as it happens, give or take
    out += '}';
    return out;
}

QByteArray DemoGenerator::nextBatchBody(int n, qint64 nowMs, bool withId)
{
    QByteArray out;
    out.reserve(32 + qsizetype(n) * 380);
    out += "{\"schema\":\"jwc.v1\",\"batch\":[";
    // One client's buffer, flushed now: its events in the order they happened, about 10 ms apart.
    User &user = pickUser();
    qint64 t = nowMs - qint64(n) * 10;
    for (int i = 0; i < n; ++i) {
        t = std::min(nowMs, t + qint64(m_random.bounded(20)));
        out += i ? ",{" : "{";
        appendFields(out, user, t, withId);
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace tdesk
