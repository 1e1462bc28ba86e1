#include "demo/demogenerator.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string_view>
#include <vector>

namespace tdesk {
namespace {

using Weighted = DemoGenerator::Weighted;

// The desktop app: an IDE extension, as minigem's clients are. Event names with a long tail, as real
// products have: a few very common, many rare. "app.started" is not drawn here: it opens every session.
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

// The web app: pages and a sign-up funnel; the host version is the browser.
constexpr Weighted WebEventNames[] = {
    {"page.viewed", 45}, {"button.clicked", 16}, {"search.performed", 7}, {"video.played", 5}, {"cart.added", 5},
    {"signup.started", 4}, {"signup.completed", 2}, {"checkout.completed", 2}, {"error.raised", 1}};
constexpr Weighted WebSystems[] = {{"Windows", 34}, {"Android", 24}, {"iOS", 20}, {"macOS", 15}, {"Linux", 4},
                                   {"ChromeOS", 3}};
constexpr Weighted WebAppVersions[] = {{"2026.11.4", 45}, {"2026.11.3", 25}, {"2026.10.28", 20}, {"2026.10.14", 10}};
constexpr Weighted Browsers[] = {{"Chrome 131", 45}, {"Safari 18.1", 22}, {"Edge 131", 12}, {"Firefox 133", 8},
                                 {"Samsung Internet 26", 6}, {"Chrome 130", 7}};
constexpr Weighted Pages[] = {{"/", 10}, {"/pricing", 5}, {"/docs", 6}, {"/blog", 4}, {"/signup", 3}, {"/dashboard", 8},
                              {"/settings", 2}};
constexpr Weighted Referrers[] = {{"direct", 10}, {"google", 12}, {"newsletter", 3}, {"github", 4}, {"x.com", 2}};
constexpr Weighted Buttons[] = {{"signup", 4}, {"try-free", 3}, {"contact-sales", 1}, {"download", 2}, {"menu", 5}};
constexpr Weighted Plans[] = {{"free", 6}, {"pro", 3}, {"team", 1}};

// The command-line tool: commands as events, run by developers in a terminal and, more often, by CI;
// the host version is where it runs.
constexpr Weighted CliEventNames[] = {
    {"build", 26}, {"test", 24}, {"cache.hit", 14}, {"lint", 12}, {"cache.miss", 7}, {"deploy", 6},
    {"plugin.loaded", 5}, {"update.checked", 2}, {"init", 2}, {"error.raised", 2}};
constexpr Weighted CliSystems[] = {{"linux", 72}, {"darwin", 24}, {"win32", 4}};
constexpr Weighted CliVersions[] = {{"3.2.0", 50}, {"3.1.4", 30}, {"3.0.9", 15}, {"2.8.1", 5}};
constexpr Weighted CliHosts[] = {{"GitHub Actions", 38}, {"GitLab CI", 14}, {"zsh 5.9", 26}, {"bash 5.2", 18},
                                 {"PowerShell 7.4", 4}};
constexpr Weighted Targets[] = {{"x86_64-linux", 6}, {"aarch64-darwin", 3}, {"aarch64-linux", 2}, {"x86_64-windows", 1}};

// Public addresses in several regions (the ranges MaxMind's test databases cover too), so that a GeoIP
// database puts the demo traffic on the map.
constexpr const char *AddressPrefixes[] = {"81.2.69.", "89.160.20.", "216.160.83.", "2.125.160.", "175.16.199.",
                                           "67.43.156.", "202.196.224.", "111.235.160.", "149.101.100.", "212.47.235."};

constexpr qint64 SessionIdleMs = 30 * 60 * 1000;

QRandomGenerator64 seeded(quint64 seed)
{
    const quint32 words[2] = {quint32(seed), quint32(seed >> 32)};
    return QRandomGenerator64(words, 2);
}

} // namespace

std::optional<EventIds> parseEventIds(QStringView text)
{
    if (text == u"v7")
        return EventIds::TimeOrdered;
    if (text == u"v4")
        return EventIds::Random;
    if (text == u"none")
        return EventIds::None;
    return std::nullopt;
}

const DemoGenerator::Profile &DemoGenerator::profileOf(DemoKind kind)
{
    // Desktop sessions last minutes to hours; web visits are a handful of pages seconds apart; a CLI
    // run is a burst of commands.
    static const Profile Desktop{EventNames, Systems, AppVersions, HostVersions, "app.started", 400, 10, 30, 10000, 240000};
    static const Profile Web{WebEventNames, WebSystems, WebAppVersions, Browsers, "session.started", 30000, 2, 8, 3000, 45000};
    static const Profile Cli{CliEventNames, CliSystems, CliVersions, CliHosts, "cli.started", 40, 3, 25, 50, 3000};
    switch (kind) {
    case DemoKind::Desktop: return Desktop;
    case DemoKind::Web: return Web;
    case DemoKind::Cli: return Cli;
    }
    return Desktop;
}

DemoGenerator::DemoGenerator(quint64 seed, int users, DemoKind kind)
    : m_kind(kind)
    , m_profile(profileOf(kind))
    , m_random(seeded(seed))
{
    if (users <= 0)
        users = m_profile.users;
    m_users.reserve(users);
    for (int i = 0; i < users; ++i) {
        User u{{}, pick(m_profile.systems), pick(m_profile.appVersions), pick(m_profile.hostVersions), {}, 0};
        appendHex(u.anon, 32);
        m_users.append(u);
    }
}

const char *DemoGenerator::pick(std::span<const Weighted> items)
{
    int total = 0;
    for (const Weighted &w : items)
        total += w.weight;
    int r = int(m_random.bounded(total));
    for (const Weighted &w : items) {
        if ((r -= w.weight) < 0)
            return w.value;
    }
    return items[0].value;
}

int DemoGenerator::nextStretchSize()
{
    return m_profile.minStretch + int(m_random.bounded(m_profile.maxStretch - m_profile.minStretch + 1));
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
    if (m_newUserEachEvent) {
        User &fresh = m_users[qsizetype(m_random.bounded(m_users.size()))]; // a slot's systems, a new person
        fresh.anon.clear();
        appendHex(fresh.anon, 32);
        fresh.session.clear();
        fresh.lastSeenMs = 0;
        return fresh;
    }
    // Heavy users send more: squaring the uniform draw skews towards the first users. A web app's
    // visitors mostly come once or twice.
    const double u = m_random.generateDouble();
    return m_users[qsizetype((m_kind == DemoKind::Web ? u : u * u) * double(m_users.size()))];
}

void DemoGenerator::appendFields(QByteArray &out, User &user, qint64 t, EventIds ids)
{
    const char *name = pick(m_profile.names);
    // A new session after idle time; a desktop user seen for the first time is mostly in the middle
    // of one already, or the load generator's short runs would be all "app.started".
    const bool midSession = user.lastSeenMs == 0 && m_kind == DemoKind::Desktop;
    if (user.session.isEmpty() || t - user.lastSeenMs > SessionIdleMs) {
        user.session.clear();
        appendHex(user.session, 16);
        if (!midSession || m_random.bounded(4) == 0)
            name = m_profile.sessionStart;
    }
    user.lastSeenMs = t;

    out += "\"anon\":\"" + user.anon + "\",\"evt\":\"" + name + "\",\"t\":" + QByteArray::number(t) + ",\"os\":\""
        + user.os + "\",\"ext\":\"" + user.ext + "\",\"vscode\":\"" + user.vscode + "\",\"sessionId\":\"" + user.session
        + '"';
    appendId(out, t, ids);
    out += ",\"m\":{";
    appendProperties(out, user, name);
    out += '}';
}

void DemoGenerator::appendId(QByteArray &out, qint64 t, EventIds ids)
{
    if (ids == EventIds::None)
        return;
    // UUIDv7: the time first, so that an index on ids grows at its end; UUIDv4: random throughout.
    const bool timeOrdered = ids == EventIds::TimeOrdered;
    out += ",\"id\":\"";
    if (timeOrdered) {
        const QByteArray time = QByteArray::number(t, 16).rightJustified(12, '0');
        out += time.left(8) + '-' + time.mid(8, 4);
    } else {
        appendHex(out, 8);
        out += '-';
        appendHex(out, 4);
    }
    out += timeOrdered ? "-7" : "-4";
    appendHex(out, 3);
    out += '-';
    out += "89ab"[m_random.bounded(4)];
    appendHex(out, 3);
    out += '-';
    appendHex(out, 12);
    out += '"';
}

void DemoGenerator::appendProperties(QByteArray &out, User &user, const char *name)
{
    const std::string_view n(name);
    const auto flag = [this](int oneIn) { return m_random.bounded(oneIn) == 0 ? "true" : "false"; };
    const auto errorFields = [&] {
        out += "\"phase\":\"" + QByteArray(pick(Phases)) + "\",\"exceptionHash\":\"";
        appendHex(out, 8);
        out += '"';
    };
    switch (m_kind) {
    case DemoKind::Desktop:
        if (n == "java.run.completed") {
            const int duration = int(std::exp(m_random.generateDouble() * 9.0)) + 20; // log-normal-ish, 20 ms .. 8 s
            out += "\"durationMs\":" + QByteArray::number(duration) + ",\"waitMsTotal\":" + QByteArray::number(m_random.bounded(200))
                + ",\"exit\":" + (m_random.bounded(10) == 0 ? "1" : "0") + ",\"cumulativeBytesBucket\":\""
                + pick(Buckets) + "\",\"scannerUsage\":" + flag(4);
        } else if (n == "java.run.error" || n == "error.raised" || n == "crash.report") {
            errorFields();
        } else if (n == "app.exited") {
            out += "\"durationMs\":" + QByteArray::number(m_random.bounded(4 * 3600 * 1000)) + ",\"exit\":"
                + (m_random.bounded(20) == 0 ? "1" : "0");
            user.session.clear(); // the next event starts a new session
        } else {
            out += "\"feature\":\"" + QByteArray(pick(Features)) + "\",\"durationMs\":"
                + QByteArray::number(m_random.bounded(1500));
        }
        return;
    case DemoKind::Web:
        if (n == "session.started") {
            out += "\"referrer\":\"" + QByteArray(pick(Referrers)) + "\",\"landingPage\":\"" + pick(Pages) + '"';
        } else if (n == "page.viewed") {
            out += "\"path\":\"" + QByteArray(pick(Pages)) + "\",\"loadMs\":"
                + QByteArray::number(int(std::exp(m_random.generateDouble() * 3.5)) * 40 + 80);
        } else if (n == "button.clicked") {
            out += "\"button\":\"" + QByteArray(pick(Buttons)) + "\",\"path\":\"" + pick(Pages) + '"';
        } else if (n == "signup.completed" || n == "checkout.completed") {
            const char *plan = pick(Plans);
            out += "\"plan\":\"" + QByteArray(plan) + '"';
            if (n == "checkout.completed")
                out += ",\"amountCents\":" + QByteArray(std::string_view(plan) == "team" ? "9900" : "1900");
        } else if (n == "video.played") {
            out += "\"videoSeconds\":" + QByteArray::number(5 + m_random.bounded(600));
        } else if (n == "error.raised") {
            errorFields();
        } else {
            out += "\"path\":\"" + QByteArray(pick(Pages)) + '"';
        }
        return;
    case DemoKind::Cli:
        if (n == "cli.started") {
            const bool ci = std::string_view(user.vscode).starts_with("Git"); // GitHub Actions, GitLab CI
            out += "\"ci\":" + QByteArray(ci ? "true" : "false") + ",\"args\":" + QByteArray::number(1 + m_random.bounded(6));
        } else if (n == "error.raised") {
            errorFields();
        } else if (n == "build" || n == "test" || n == "lint" || n == "deploy" || n == "init") {
            // Seconds to minutes, log-normal-ish; a test run fails more often than a build.
            const int duration = int(std::exp(m_random.generateDouble() * 8.0)) * 60 + 150;
            out += "\"durationMs\":" + QByteArray::number(duration) + ",\"exit\":"
                + (m_random.bounded(n == "test" ? 6 : 15) == 0 ? "1" : "0") + ",\"target\":\"" + pick(Targets)
                + "\",\"cached\":" + flag(3);
        } else if (n == "cache.hit" || n == "cache.miss") {
            out += "\"bytes\":" + QByteArray::number(1024 * (1 + m_random.bounded(50000)));
        } else {
            out += "\"durationMs\":" + QByteArray::number(m_random.bounded(400));
        }
        return;
    }
}

QByteArray DemoGenerator::nextSingleBody(qint64 nowMs, EventIds ids)
{
    QByteArray out;
    out.reserve(400);
    out += "{\"schema\":\"jwc.v1\",";
    appendFields(out, pickUser(), nowMs - m_random.bounded(20), ids); // sent as it happens, give or take
    out += '}';
    return out;
}

QByteArray DemoGenerator::nextBatchBody(int n, qint64 nowMs, EventIds ids)
{
    QByteArray out;
    out.reserve(32 + qsizetype(n) * 380);
    out += "{\"schema\":\"jwc.v1\",\"batch\":[";
    // One client's buffer, flushed now: its events in the order they happened, about 10 ms apart.
    User *user = &pickUser();
    qint64 t = nowMs - qint64(n) * 10;
    for (int i = 0; i < n; ++i) {
        t = std::min(nowMs, t + qint64(m_random.bounded(20)));
        out += i ? ",{" : "{";
        if (i > 0 && m_newUserEachEvent)
            user = &pickUser();
        appendFields(out, *user, t, ids);
        out += '}';
    }
    out += "]}";
    return out;
}

QByteArray DemoGenerator::nextStretchBody(int n, qint64 endMs, EventIds ids)
{
    QByteArray out;
    out.reserve(32 + qsizetype(n) * 380);
    out += "{\"schema\":\"jwc.v1\",\"batch\":[";
    User &user = pickUser();
    std::vector<qint64> times(size_t(std::max(n, 0)));
    qint64 t = endMs;
    for (auto it = times.rbegin(); it != times.rend(); ++it) { // from the end back, so the last is at endMs
        *it = t;
        t -= m_profile.minGapMs + qint64(m_random.bounded(m_profile.maxGapMs - m_profile.minGapMs + 1));
    }
    for (int i = 0; i < n; ++i) {
        out += i ? ",{" : "{";
        appendFields(out, user, times[size_t(i)], ids);
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace tdesk
