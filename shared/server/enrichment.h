#pragma once

#include "core/event.h"
#include "geo/geoip.h"
#include "storage/catalog.h"

#include <vector>

namespace tdesk {

struct EnrichedEvents
{
    std::vector<Event> kept;      // ready for storage, in request order
    std::vector<int> sampledOut;  // batch indexes of the events the project's sampling dropped
};

// What the collector adds to parsed events before storage, the same for HTTP and demo traffic:
// project, receive time, pseudonymous user (the raw anon goes no further), place, and the
// project's sampling (a user's events are kept or dropped together). `eventIndexes` are the
// events' indexes in the request's batch. Enriches in place: no copy or allocation per event.
EnrichedEvents enrichEvents(std::vector<Event> events, const std::vector<int> &eventIndexes, const Project &project,
                            const QByteArray &salt, const GeoLocation &place, qint64 nowMs);

} // namespace tdesk
