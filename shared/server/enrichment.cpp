#include "server/enrichment.h"

#include "auth/apikey.h"

namespace tdesk {
namespace {

// Where a user falls in [0, 1): the same for all of a user's events, so sampling keeps whole users.
double userSamplePoint(const QByteArray &userHash)
{
    return double(userHash.left(8).toULongLong(nullptr, 16)) / 4294967296.0;
}

} // namespace

EnrichedEvents enrichEvents(std::vector<Event> events, const std::vector<int> &eventIndexes, const Project &project,
                            const QByteArray &salt, const GeoLocation &place, qint64 nowMs)
{
    EnrichedEvents out;
    const bool sampling = project.sampleRate < 1.0;
    size_t kept = 0;
    for (size_t i = 0; i < events.size(); ++i) {
        Event &e = events[i];
        e.projectId = project.id;
        e.receivedMs = nowMs;
        e.userHash = userHash(salt, project.id, e.anon);
        e.anon.clear();
        if (sampling && userSamplePoint(e.userHash) >= project.sampleRate) {
            out.sampledOut.push_back(eventIndexes[i]);
            continue;
        }
        e.country = place.country; // shared, not copied
        e.region = place.region;
        e.city = place.city;
        e.latitude = place.latitude;
        e.longitude = place.longitude;
        if (kept != i)
            events[kept] = std::move(e);
        ++kept;
    }
    events.erase(events.begin() + qsizetype(kept), events.end());
    out.kept = std::move(events);
    return out;
}

} // namespace tdesk
