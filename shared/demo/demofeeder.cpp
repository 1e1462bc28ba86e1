#include "demo/demofeeder.h"

#include "auth/apikey.h"
#include "core/timeunits.h"
#include "protocol/jwcparser.h"
#include "server/enrichment.h"
#include "storage/eventstore.h"

#include <QDateTime>
#include <QHash>

#include <cmath>
#include <span>

namespace tdesk {
namespace {

struct City
{
    const char *country;
    const char *region;
    const char *name;
    double latitude, longitude;
    int weight;
};

// Where demo users are. Coordinates are the cities' well-known positions, rounded. The web app's
// visitors come from everywhere.
constexpr City WebCities[] = {
    {"US", "California", "San Francisco", 37.77, -122.42, 9}, {"US", "New York", "New York", 40.71, -74.01, 8},
    {"US", "Washington", "Seattle", 47.61, -122.33, 5},      {"US", "Texas", "Austin", 30.27, -97.74, 4},
    {"US", "Illinois", "Chicago", 41.88, -87.63, 3},         {"DE", "Berlin", "Berlin", 52.52, 13.40, 8},
    {"DE", "Bavaria", "Munich", 48.14, 11.58, 5},            {"GB", "England", "London", 51.51, -0.13, 7},
    {"FR", "Île-de-France", "Paris", 48.86, 2.35, 6},        {"NL", "North Holland", "Amsterdam", 52.37, 4.90, 4},
    {"SE", "Stockholm", "Stockholm", 59.33, 18.07, 3},       {"ES", "Madrid", "Madrid", 40.42, -3.70, 3},
    {"IT", "Lombardy", "Milan", 45.46, 9.19, 3},             {"PL", "Masovia", "Warsaw", 52.23, 21.01, 3},
    {"CH", "Zurich", "Zurich", 47.38, 8.54, 2},              {"AT", "Vienna", "Vienna", 48.21, 16.37, 2},
    {"PT", "Lisbon", "Lisbon", 38.72, -9.14, 2},             {"IE", "Leinster", "Dublin", 53.35, -6.26, 2},
    {"FI", "Uusimaa", "Helsinki", 60.17, 24.94, 1},          {"CZ", "Prague", "Prague", 50.08, 14.44, 2},
    {"UA", "Kyiv", "Kyiv", 50.45, 30.52, 2},                 {"TR", "Istanbul", "Istanbul", 41.01, 28.98, 2},
    {"CA", "Ontario", "Toronto", 43.65, -79.38, 4},          {"CA", "Quebec", "Montreal", 45.50, -73.57, 2},
    {"MX", "Mexico City", "Mexico City", 19.43, -99.13, 2},  {"BR", "São Paulo", "São Paulo", -23.55, -46.63, 4},
    {"AR", "Buenos Aires", "Buenos Aires", -34.60, -58.38, 2}, {"CO", "Bogotá", "Bogotá", 4.71, -74.07, 1},
    {"CL", "Santiago", "Santiago", -33.45, -70.67, 1},       {"IN", "Karnataka", "Bengaluru", 12.97, 77.59, 6},
    {"IN", "Maharashtra", "Mumbai", 19.08, 72.88, 3},        {"JP", "Tokyo", "Tokyo", 35.68, 139.69, 5},
    {"KR", "Seoul", "Seoul", 37.57, 126.98, 3},              {"CN", "Shanghai", "Shanghai", 31.23, 121.47, 3},
    {"SG", "Singapore", "Singapore", 1.35, 103.82, 2},       {"ID", "Jakarta", "Jakarta", -6.21, 106.85, 2},
    {"AU", "New South Wales", "Sydney", -33.87, 151.21, 3},  {"NZ", "Auckland", "Auckland", -36.85, 174.76, 1},
    {"ZA", "Western Cape", "Cape Town", -33.92, 18.42, 1},   {"NG", "Lagos", "Lagos", 6.52, 3.38, 1},
    {"KE", "Nairobi", "Nairobi", -1.29, 36.82, 1},           {"EG", "Cairo", "Cairo", 30.04, 31.24, 1},
    {"IL", "Tel Aviv", "Tel Aviv", 32.09, 34.78, 2},         {"AE", "Dubai", "Dubai", 25.20, 55.27, 1},
};

// The desktop app's users are in a few countries.
constexpr City DesktopCities[] = {
    {"US", "California", "San Francisco", 37.77, -122.42, 6}, {"US", "New York", "New York", 40.71, -74.01, 5},
    {"US", "Washington", "Seattle", 47.61, -122.33, 3},      {"DE", "Berlin", "Berlin", 52.52, 13.40, 6},
    {"DE", "Bavaria", "Munich", 48.14, 11.58, 3},            {"GB", "England", "London", 51.51, -0.13, 5},
    {"FR", "Île-de-France", "Paris", 48.86, 2.35, 3},        {"IN", "Karnataka", "Bengaluru", 12.97, 77.59, 4},
    {"JP", "Tokyo", "Tokyo", 35.68, 139.69, 3},              {"BR", "São Paulo", "São Paulo", -23.55, -46.63, 2},
};

// The command-line tool runs mostly on CI machines in cloud regions, and on a few laptops.
constexpr City CliCities[] = {
    {"US", "Virginia", "Ashburn", 39.04, -77.49, 10},       {"US", "Oregon", "Boardman", 45.84, -119.70, 4},
    {"US", "Ohio", "Columbus", 39.96, -83.00, 3},           {"US", "Iowa", "Council Bluffs", 41.26, -95.86, 2},
    {"IE", "Leinster", "Dublin", 53.35, -6.26, 4},          {"DE", "Hesse", "Frankfurt", 50.11, 8.68, 4},
    {"SG", "Singapore", "Singapore", 1.35, 103.82, 2},      {"DE", "Berlin", "Berlin", 52.52, 13.40, 2},
    {"US", "California", "San Francisco", 37.77, -122.42, 2}, {"NL", "North Holland", "Amsterdam", 52.37, 4.90, 1},
};

std::span<const City> citiesOf(DemoKind kind)
{
    switch (kind) {
    case DemoKind::Desktop: return DesktopCities;
    case DemoKind::Web: return WebCities;
    case DemoKind::Cli: return CliCities;
    }
    return WebCities;
}

// Each demo user lives in one city, chosen by weight from its id.
const City &cityOf(const QByteArray &anon, std::span<const City> cities)
{
    int totalWeight = 0;
    for (const City &c : cities)
        totalWeight += c.weight;
    int r = int(qHash(anon, 7) % uint(totalWeight));
    for (const City &c : cities) {
        if ((r -= c.weight) < 0)
            return c;
    }
    return cities.front();
}

// Each kind's share of the traffic: the web app sends most of it in many short visits, the CLI least.
int shareOf(DemoKind kind)
{
    switch (kind) {
    case DemoKind::Desktop: return 45;
    case DemoKind::Web: return 40;
    case DemoKind::Cli: return 15;
    }
    return 1;
}

} // namespace

QString demoProjectName(DemoKind kind)
{
    switch (kind) {
    case DemoKind::Desktop: return QStringLiteral("desk-demo");
    case DemoKind::Web: return QStringLiteral("web-demo");
    case DemoKind::Cli: return QStringLiteral("cli-demo");
    }
    return {};
}

struct DemoFeeder::Stream
{
    DemoProject project;
    DemoGenerator generator;
    std::span<const City> cities;
};

DemoFeeder::DemoFeeder(EventStore *store, const QList<DemoProject> &projects, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_salt(store->userHashSalt())
    , m_random(quint32(QDateTime::currentMSecsSinceEpoch()))
{
    const auto seed = quint64(QDateTime::currentMSecsSinceEpoch());
    for (const DemoProject &p : projects)
        m_streams.push_back(std::make_unique<Stream>(Stream{p, DemoGenerator(seed + quint64(p.kind), 0, p.kind), citiesOf(p.kind)}));
    Q_ASSERT(!m_streams.empty());
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &DemoFeeder::sendLiveSlice);
}

DemoFeeder::~DemoFeeder() = default;

DemoFeeder::Stream &DemoFeeder::pickStream()
{
    int total = 0;
    for (const auto &s : m_streams)
        total += shareOf(s->project.kind);
    int r = int(m_random.bounded(total));
    for (const auto &s : m_streams) {
        if ((r -= shareOf(s->project.kind)) < 0)
            return *s;
    }
    return *m_streams.front();
}

qint64 DemoFeeder::submitBody(const Stream &stream, const QByteArray &body, qint64 nowMs)
{
    ParsedRequest parsed = parseJwcRequest(body, ParserLimits{1000, nowMs});
    if (parsed.events.empty())
        return 0;
    // A body is one client's, as over HTTP; the client's place is its user's city.
    const City &city = cityOf(parsed.events.front().anon, stream.cities);
    GeoLocation place;
    place.country = city.country;
    place.region = city.region;
    place.city = city.name;
    place.latitude = city.latitude;
    place.longitude = city.longitude;
    Project project; // sampling off: demo data is there to fill the views
    project.id = stream.project.projectId;
    std::vector<Event> events =
        enrichEvents(std::move(parsed.events), parsed.eventIndexes, project, m_salt, place, nowMs).kept;
    const auto count = qint64(events.size());
    // Ticket 0 is never an HTTP request's: the collector answers nobody for these.
    if (count > 0 && !m_store->submit(0, std::move(events)))
        return -1;
    if (count > 0)
        Q_EMIT eventsQueued(count);
    return count;
}

void DemoFeeder::startBackfill(qint64 nowMs, int days, int events)
{
    // Hour by hour: more traffic in the recent days and in (UTC) daytime.
    const int hours = days * 24;
    std::vector<double> weight;
    double total = 0;
    for (int h = hours - 1; h >= 0; --h) { // oldest first
        const qint64 hourStart = nowMs - qint64(h + 1) * HourMs;
        const int hourOfDay = int((hourStart / HourMs) % 24);
        const double daytime = 0.35 + 0.65 * std::pow(std::sin(M_PI * (hourOfDay - 4) / 24.0), 2);
        const double growth = std::exp(-double(h) / (hours * 0.6));
        weight.push_back(daytime * growth);
        total += weight.back();
    }
    m_eventsPerHour.clear();
    for (const double w : weight)
        m_eventsPerHour.push_back(int(std::lround(events * w / total)));
    m_backfillNowMs = nowMs;
    m_nextHour = 0;
    m_hourSent = 0;
    m_backfilled = 0;
    m_pendingBody.clear();
    m_backfillTimer.setInterval(0);
    connect(&m_backfillTimer, &QTimer::timeout, this, &DemoFeeder::backfillNextHour, Qt::UniqueConnection);
    m_backfillTimer.start();
}

void DemoFeeder::backfillNextHour()
{
    if (!m_pendingBody.isEmpty()) {
        const qint64 sent = submitBody(*m_pendingStream, m_pendingBody, m_backfillNowMs);
        if (sent < 0) {
            m_backfillTimer.setInterval(20); // the writer is catching up
            return;
        }
        m_backfilled += sent;
        m_pendingBody.clear();
        m_backfillTimer.setInterval(0);
    }
    if (m_nextHour >= m_eventsPerHour.size()) {
        m_store->commitSoon();
        if (m_store->stats().queuedEvents > 0) {
            m_backfillTimer.setInterval(20); // done once it is all committed, so readers see it all
            return;
        }
        m_backfillTimer.stop();
        Q_EMIT backfilled(m_backfilled);
        return;
    }
    const int inHour = m_eventsPerHour[m_nextHour];
    const qint64 hourEnd = m_backfillNowMs - qint64(m_eventsPerHour.size() - 1 - m_nextHour) * HourMs;
    while (m_hourSent < inHour) {
        Stream &stream = pickStream();
        const int n = std::min(inHour - m_hourSent, stream.generator.nextStretchSize()); // one client's flush
        const qint64 at = hourEnd - qint64(double(inHour - m_hourSent) / inHour * HourMs);
        const QByteArray body = stream.generator.nextStretchBody(n, at, EventIds::TimeOrdered);
        m_hourSent += n;
        const qint64 sent = submitBody(stream, body, m_backfillNowMs);
        if (sent < 0) {
            m_pendingBody = body; // sent again first, then the hour goes on
            m_pendingStream = &stream;
            m_backfillTimer.setInterval(20);
            m_store->commitSoon();
            return;
        }
        m_backfilled += sent;
    }
    ++m_nextHour;
    m_hourSent = 0;
    m_store->commitSoon();
}

void DemoFeeder::startLive(int eventsPerSecond, int seconds)
{
    m_eventsPerSecond = eventsPerSecond;
    m_liveUntilMs = seconds > 0 ? QDateTime::currentMSecsSinceEpoch() + qint64(seconds) * 1000 : 0;
    m_owed = 0;
    m_timer.start();
}

void DemoFeeder::stop()
{
    if (!m_timer.isActive() && !m_backfillTimer.isActive())
        return;
    m_timer.stop();
    m_backfillTimer.stop();
    Q_EMIT liveFinished();
}

void DemoFeeder::sendLiveSlice()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_liveUntilMs > 0 && now >= m_liveUntilMs) {
        stop();
        return;
    }
    m_owed += m_eventsPerSecond * m_timer.interval() / 1000.0;
    while (m_owed >= 1) {
        m_owed -= 1;
        Stream &stream = pickStream();
        if (submitBody(stream, stream.generator.nextSingleBody(now, EventIds::TimeOrdered), now) < 0)
            break; // the store is busy: this slice is dropped
    }
    m_store->commitSoon();
}

} // namespace tdesk
