// libFuzzer target for the outage spool's batches (storage/eventspool.h), read back from a local file
// that a crash, a full disk or a hand may have damaged.
// Properties: no crash, no allocation beyond the input's size; a batch that decodes encodes to the
// same bytes.
#define FUZZ_TARGET_NAME "fuzz_spoolbatch"
#include "fuzzcheck.h"
#include "storage/eventspool.h"

#include <cmath>
#include <cstdint>

using namespace tdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto events = EventSpool::decode(bytes);
    if (!events)
        return 0;
    FUZZ_CHECK(qsizetype(events->size()) <= bytes.size());
    std::vector<const Event *> pointers;
    for (const Event &e : *events)
        pointers.push_back(&e);
    const auto again = EventSpool::decode(EventSpool::encode(pointers));
    FUZZ_CHECK(again && again->size() == events->size());
    for (size_t i = 0; i < events->size(); ++i) {
        const Event &a = (*events)[i], &b = (*again)[i];
        FUZZ_CHECK(a.id == b.id && a.name == b.name && a.timeMs == b.timeMs && a.props == b.props && a.userHash == b.userHash
                   && a.projectId == b.projectId && a.country == b.country && a.city == b.city);
        FUZZ_CHECK((std::isnan(a.latitude) && std::isnan(b.latitude)) || a.latitude == b.latitude);
    }
    return 0;
}
