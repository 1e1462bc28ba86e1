// libFuzzer target for the jwc.v1 parser (POST /t bodies come from anyone on the network).
// Beyond "no crash, no sanitizer report" it checks what the collector relies on: every batch item is either
// an event or a skipped entry, indexes are batch positions in order, and every accepted event obeys
// PROTOCOL.md's field rules. A broken invariant aborts with a message, which libFuzzer reports as a crash.

#include "protocol/jwcparser.h"

#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

using namespace tdesk;

namespace {

constexpr qint64 NowMs = 1700003600000; // fixed, so every run is reproducible
constexpr int MaxBatch = 100;           // small enough that the fuzzer reaches batch_too_large

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_jwcparser: invariant broken: %s\n", what);
    std::abort();
}

#define CHECK(condition)                                                                                           \
    do {                                                                                                           \
        if (!(condition))                                                                                          \
            fail(#condition);                                                                                      \
    } while (false)

qsizetype codePoints(const QByteArray &s)
{
    qsizetype n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || std::strchr("._:-/$ ", c) != nullptr;
}

bool isReasonCode(const char *reason)
{
    static const char *const codes[] = {"missing_anon", "missing_evt", "missing_t",  "bad_type",    "too_long",
                                        "bad_name",     "t_out_of_range", "m_too_large", "m_too_deep"};
    if (!reason)
        return false;
    for (const char *code : codes) {
        if (std::strcmp(reason, code) == 0)
            return true;
    }
    return false;
}

int depth(simdjson::dom::element e)
{
    int deepest = 0;
    simdjson::dom::object members;
    if (e.get_object().get(members) == simdjson::SUCCESS) {
        for (auto member : members)
            deepest = std::max(deepest, depth(member.value));
        return deepest + 1;
    }
    simdjson::dom::array children;
    if (e.get_array().get(children) == simdjson::SUCCESS) {
        for (auto child : children)
            deepest = std::max(deepest, depth(child));
        return deepest + 1;
    }
    return 0;
}

// The body with every long run of digits outside strings cut to "1": a valid JSON text of the same shape
// with no integer beyond 64 bits, which simdjson refuses and the parser accepts.
std::string withShortNumbers(const uint8_t *data, size_t size)
{
    std::string out;
    bool inString = false;
    for (size_t i = 0; i < size; ++i) {
        const char c = char(data[i]);
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < size)
                out += char(data[++i]);
            else if (c == '"')
                inString = false;
        } else if (c >= '0' && c <= '9') {
            size_t end = i;
            while (end < size && data[end] >= '0' && data[end] <= '9')
                ++end;
            out.append(end - i > 15 ? std::string_view("1") : std::string_view(reinterpret_cast<const char *>(data) + i, end - i));
            i = end - 1;
        } else {
            out += c;
            inString = c == '"';
        }
    }
    return out;
}

// How many items the request has: the length of the first `batch` when it is an array, else 1 (single
// event, or a `batch` that is not an array and is reported as item 0). simdjson, like the parser, takes
// the first of duplicate keys.
size_t itemCount(const uint8_t *data, size_t size)
{
    static simdjson::dom::parser parser;
    simdjson::dom::element root;
    auto parsed = parser.parse(reinterpret_cast<const char *>(data), size).get(root);
    std::string shortened; // must outlive `root` when used
    if (parsed == simdjson::NUMBER_ERROR) {
        shortened = withShortNumbers(data, size);
        parsed = parser.parse(shortened).get(root);
    }
    if (parsed != simdjson::SUCCESS)
        fail("the parser accepted a body simdjson cannot parse");
    simdjson::dom::array items;
    if (root["batch"].get_array().get(items) == simdjson::SUCCESS)
        return items.size();
    return 1;
}

void checkEvent(const Event &e)
{
    CHECK(!e.anon.isEmpty());
    CHECK(codePoints(e.anon) <= jwc::MaxAnonChars);
    CHECK(!isAsciiSpace(e.anon.front()) && !isAsciiSpace(e.anon.back()));
    CHECK(!e.name.isEmpty());
    CHECK(codePoints(e.name) <= jwc::MaxNameChars);
    for (char c : e.name)
        CHECK(isNameChar(c));
    CHECK(e.timeMs >= jwc::MinTimeMs);
    CHECK(e.timeMs <= NowMs + jwc::MaxFutureMs);
    CHECK(codePoints(e.os) <= jwc::MaxShortFieldChars);
    CHECK(codePoints(e.ext) <= jwc::MaxShortFieldChars);
    CHECK(codePoints(e.vscode) <= jwc::MaxShortFieldChars);
    CHECK(codePoints(e.sessionId) <= jwc::MaxSessionChars);
    CHECK(codePoints(e.id) <= jwc::MaxIdChars);
    if (!e.props.isEmpty()) {
        CHECK(e.props.size() <= jwc::MaxPropsBytes);
        static simdjson::dom::parser parser;
        simdjson::dom::element props;
        if (parser.parse(e.props.constData(), size_t(e.props.size())).get(props) != simdjson::SUCCESS)
            fail("stored m is not JSON");
        CHECK(props.is_object());
        CHECK(depth(props) <= jwc::MaxPropsDepth);
        // Stored compact: no whitespace outside strings.
        bool inString = false;
        for (qsizetype i = 0; i < e.props.size(); ++i) {
            const char c = e.props[i];
            if (inString && c == '\\')
                ++i;
            else if (c == '"')
                inString = !inString;
            else if (!inString)
                CHECK(c != ' ' && c != '\n' && c != '\r' && c != '\t');
        }
    }
}

bool sameEvent(const Event &a, const Event &b)
{
    return a.id == b.id && a.anon == b.anon && a.name == b.name && a.timeMs == b.timeMs && a.os == b.os
        && a.ext == b.ext && a.vscode == b.vscode && a.sessionId == b.sessionId && a.props == b.props;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ParserLimits limits{MaxBatch, NowMs};
    const ParsedRequest r = parseJwcRequest(reinterpret_cast<const char *>(data), qsizetype(size), limits);

    CHECK(r.events.size() == r.eventIndexes.size());
    if (r.error != RequestError::None) {
        CHECK(r.events.empty());
        CHECK(r.skipped.empty());
    } else {
        const size_t items = itemCount(data, size);
        CHECK(items <= size_t(MaxBatch));
        CHECK(r.events.size() + r.skipped.size() == items);
        // Indexes: each within the batch, strictly increasing, and events and skipped items never share one.
        std::vector<bool> seen(items, false);
        int previous = -1;
        for (int index : r.eventIndexes) {
            CHECK(index >= 0 && size_t(index) < items);
            CHECK(index > previous);
            previous = index;
            seen[size_t(index)] = true;
        }
        previous = -1;
        for (const SkippedItem &s : r.skipped) {
            CHECK(s.index >= 0 && size_t(s.index) < items);
            CHECK(s.index > previous);
            CHECK(!seen[size_t(s.index)]);
            CHECK(isReasonCode(s.reason));
            previous = s.index;
        }
        for (const Event &e : r.events)
            checkEvent(e);
    }

    // The per-thread parser buffers carry nothing from one request to the next.
    const ParsedRequest again = parseJwcRequest(reinterpret_cast<const char *>(data), qsizetype(size), limits);
    CHECK(again.error == r.error);
    CHECK(again.events.size() == r.events.size() && again.skipped.size() == r.skipped.size());
    for (size_t i = 0; i < r.events.size(); ++i)
        CHECK(sameEvent(again.events[i], r.events[i]) && again.eventIndexes[i] == r.eventIndexes[i]);
    for (size_t i = 0; i < r.skipped.size(); ++i)
        CHECK(again.skipped[i].index == r.skipped[i].index && std::strcmp(again.skipped[i].reason, r.skipped[i].reason) == 0);

    // `t` given as text goes through parseTimestampText: feed it the raw input too.
    qint64 ms = 0;
    if (size <= 256)
        (void)parseTimestampText(std::string_view(reinterpret_cast<const char *>(data), size), &ms);
    return 0;
}
