#pragma once

#include "core/event.h"

#include <QByteArray>

#include <vector>

namespace tdesk {

// Why a whole request is refused (each maps to one HTTP answer in the collector).
enum class RequestError {
    None,
    BadJson,            // 400 bad_json: not JSON, not an object, invalid UTF-8, nested deeper than 32
    SchemaUnsupported,  // 400 schema_unsupported
    BatchTooLarge,      // 413 batch_too_large
};

// One item of a request that was skipped, with its index in `batch` (0 for a single event).
struct SkippedItem
{
    int index = 0;
    const char *reason = ""; // a PROTOCOL.md reason code, e.g. "missing_anon"
};

struct ParsedRequest
{
    RequestError error = RequestError::None;
    std::vector<Event> events;         // the valid items, in request order
    std::vector<int> eventIndexes;     // each valid item's index in `batch`
    std::vector<SkippedItem> skipped;  // the invalid items, in request order
};

struct ParserLimits
{
    int maxBatch = 1000;
    qint64 nowMs = 0;                  // for the "now + 10 min" bound on `t`
};

// Parses and validates a jwc.v1 body (single event or batch), every rule of PROTOCOL.md.
// Thread-safe (each thread keeps its own parser buffers).
ParsedRequest parseJwcRequest(const char *data, qsizetype size, const ParserLimits &limits);
inline ParsedRequest parseJwcRequest(const QByteArray &body, const ParserLimits &limits)
{
    return parseJwcRequest(body.constData(), body.size(), limits);
}

enum class TimestampText { Valid, NotATimestamp, OutOfRange };

// Parses `t` given as text: an integer or decimal number (seconds below 1e12), or ISO-8601 with an
// offset. A number too large to be a time is OutOfRange, not NotATimestamp (it gets t_out_of_range).
TimestampText parseTimestampText(std::string_view text, qint64 *ms);

namespace jwc {
constexpr qint64 MinTimeMs = 946684800000;      // 2000-01-01T00:00:00Z
constexpr qint64 MaxFutureMs = 10 * 60 * 1000;  // now + 10 min
constexpr int MaxAnonChars = 128;
constexpr int MaxNameChars = 200;
constexpr int MaxShortFieldChars = 64;
constexpr int MaxSessionChars = 128;
constexpr int MaxIdChars = 64;
constexpr int MaxPropsBytes = 32 * 1024;
constexpr int MaxPropsDepth = 8;
constexpr int MaxJsonDepth = 32;
} // namespace jwc

} // namespace tdesk
