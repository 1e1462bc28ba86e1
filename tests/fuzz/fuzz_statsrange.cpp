// libFuzzer target for /stats date parameters (`from`, `to`, STATS_WINDOW_DAYS; server/minigemstats.h
// parseStatsRange). Input: 4 bytes window days, 2 bytes today (days after 2000-01-01), then
// `from`, a newline, `to`. Properties: no crash; a range is valid, ordered, at most 366 days, and
// its ends are exactly the dates given; without dates it is the window ending today; an error names
// its parameter ("from: …" / "to: …", a "to" message never mentions "from").
#define FUZZ_TARGET_NAME "fuzz_statsrange"
#include "fuzzcheck.h"
#include "server/minigemstats.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

using namespace tdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 6)
        return 0;
    int32_t windowDays = 0;
    std::memcpy(&windowDays, data, 4);
    const QDate today = QDate(2000, 1, 1).addDays(data[4] | (data[5] << 8));
    const QString rest = QString::fromUtf8(reinterpret_cast<const char *>(data + 6), qsizetype(size - 6));
    const qsizetype newline = rest.indexOf(QLatin1Char('\n'));
    const QString from = newline < 0 ? rest : rest.left(newline);
    const QString to = newline < 0 ? QString() : rest.mid(newline + 1);

    const Result<StatsRange> range = parseStatsRange(from, to, windowDays, today);
    if (!range) {
        const QString &message = range.error();
        FUZZ_CHECK(message.startsWith(QLatin1String("from: ")) || message.startsWith(QLatin1String("to: ")));
        if (message.startsWith(QLatin1String("to: ")))
            FUZZ_CHECK(!message.contains(QLatin1String("from")));
        return 0;
    }
    FUZZ_CHECK(range->from.isValid() && range->to.isValid());
    FUZZ_CHECK(range->from <= range->to);
    FUZZ_CHECK(range->from.daysTo(range->to) < 366);
    if (!from.isEmpty())
        FUZZ_CHECK(range->from.toString(Qt::ISODate) == from);
    if (!to.isEmpty())
        FUZZ_CHECK(range->to.toString(Qt::ISODate) == to);
    if (from.isEmpty() && to.isEmpty()) {
        FUZZ_CHECK(range->to == today);
        FUZZ_CHECK(range->from.daysTo(range->to) == std::clamp(windowDays, 1, 366) - 1);
    }
    return 0;
}
