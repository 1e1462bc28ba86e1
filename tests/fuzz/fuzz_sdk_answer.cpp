// libFuzzer target for what the C++ SDK reads of the collector's answer (sdk/cpp/src/answer.h): the
// first line is a Retry-After value, the rest a 200 answer's body.
// Properties: no crash; the wait is 0..an hour, and exactly the seconds asked for when they are
// plain digits within it; each count is 0..the events sent.
#define FUZZ_TARGET_NAME "fuzz_sdk_answer"
#include "fuzzcheck.h"
#include "../../sdk/cpp/src/answer.h"

#include <algorithm>
#include <cstdint>

using namespace TelemetryDesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray retryAfter = newline < 0 ? input : input.left(newline);
    const QByteArray body = newline < 0 ? QByteArray() : input.mid(newline + 1);

    const QDateTime now = QDateTime::fromMSecsSinceEpoch(1796300000000, Qt::UTC);
    const qint64 wait = retryAfterMs(retryAfter, now);
    FUZZ_CHECK(wait >= 0 && wait <= MaxRetryAfterMs);
    const QByteArray trimmed = retryAfter.trimmed();
    if (!trimmed.isEmpty() && trimmed.size() <= 4 && std::all_of(trimmed.begin(), trimmed.end(), [](char c) {
            return c >= '0' && c <= '9';
        }))
        FUZZ_CHECK(wait == std::min<qint64>(trimmed.toLongLong() * 1000, MaxRetryAfterMs));

    const qint64 events = 1 + qint64(size % 1000);
    const AnswerCounts counts = parseAnswer(body, events);
    for (const qint64 n : {counts.accepted, counts.duplicates, counts.skipped})
        FUZZ_CHECK(n >= 0 && n <= events);
    return 0;
}
