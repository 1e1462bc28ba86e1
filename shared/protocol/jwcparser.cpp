#include "protocol/jwcparser.h"

#include "core/json.h"

#include <QDateTime>
#include <QString>

#include <simdjson.h>

#include <charconv>
#include <optional>
#include <cmath>
#include <string_view>
#include <utility>

namespace tdesk {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// Number of Unicode code points in valid UTF-8 (simdjson has validated it).
qsizetype utf8Length(std::string_view s)
{
    qsizetype n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

std::string_view trimmed(std::string_view s)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

bool isEventNameChar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == ':' || c == '-' || c == '/' || c == '$' || c == ' ';
}

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

// Epoch ms from a JSON number: below 1e12 it is seconds (converted once, never twice).
bool msFromNumber(double value, qint64 *ms)
{
    if (!std::isfinite(value) || std::fabs(value) > 1e16)
        return false;
    *ms = std::llround(std::fabs(value) < 1e12 ? value * 1000.0 : value);
    return true;
}

int containerDepth(element e)
{
    int deepest = 0;
    switch (e.type()) {
    case element_type::OBJECT: {
        const object members = e.get_object().value_unsafe();
        for (auto member : members)
            deepest = std::max(deepest, containerDepth(member.value));
        return deepest + 1;
    }
    case element_type::ARRAY: {
        const simdjson::dom::array children = e.get_array().value_unsafe();
        for (element child : children)
            deepest = std::max(deepest, containerDepth(child));
        return deepest + 1;
    }
    default:
        return 0;
    }
}

// Appends e as compact JSON. simdjson::minify() would do, but grows its string a byte at a time.
void appendCompact(QByteArray &out, element e)
{
    const auto appendNumber = [&out](auto value) {
        char text[32];
        const auto written = std::to_chars(text, text + sizeof text, value); // shortest exact form
        out.append(text, qsizetype(written.ptr - text));
    };
    switch (e.type()) {
    case element_type::OBJECT: {
        out += '{';
        bool first = true;
        const object members = e.get_object().value_unsafe(); // a copy: the result is a temporary
        for (auto member : members) {
            if (!std::exchange(first, false))
                out += ',';
            appendJsonString(out, QByteArrayView(member.key.data(), qsizetype(member.key.size())));
            out += ':';
            appendCompact(out, member.value);
        }
        out += '}';
        return;
    }
    case element_type::ARRAY: {
        out += '[';
        bool first = true;
        const simdjson::dom::array children = e.get_array().value_unsafe();
        for (element child : children) {
            if (!std::exchange(first, false))
                out += ',';
            appendCompact(out, child);
        }
        out += ']';
        return;
    }
    case element_type::STRING: {
        const std::string_view text = e.get_string().value_unsafe();
        appendJsonString(out, QByteArrayView(text.data(), qsizetype(text.size())));
        return;
    }
    case element_type::INT64: appendNumber(e.get_int64().value_unsafe()); return;
    case element_type::UINT64: appendNumber(e.get_uint64().value_unsafe()); return;
    case element_type::DOUBLE: {
        const qsizetype start = out.size();
        appendNumber(e.get_double().value_unsafe());
        // Keep it a fraction: 2e20 written as 200000000000000000000 would read back as an integer
        // too wide for 64 bits.
        if (QByteArrayView(out).sliced(start).indexOf('.') < 0 && QByteArrayView(out).sliced(start).indexOf('e') < 0)
            out += ".0";
        return;
    }
    case element_type::BOOL: out += e.get_bool().value_unsafe() ? "true" : "false"; return;
    case element_type::NULL_VALUE: out += "null"; return;
    }
}

// The envelope fields that fill in batch items lacking them.
// A field that is absent or JSON null counts as missing.
using Field = std::optional<element>;

struct EnvelopeDefaults
{
    Field anon, os, ext, vscode, sessionId;
};

Field field(object o, std::string_view key)
{
    element e;
    if (o.at_key(key).get(e) != simdjson::SUCCESS || e.is_null())
        return std::nullopt;
    return e;
}

bool present(const Field &e)
{
    return e.has_value();
}

// An optional string field no longer than maxChars: fills *out, or returns the reason it is invalid.
const char *optionalString(const Field &e, qsizetype maxChars, QByteArray *out)
{
    if (!present(e))
        return nullptr;
    std::string_view s;
    if (e->get_string().get(s) != simdjson::SUCCESS)
        return "bad_type";
    if (utf8Length(s) > maxChars)
        return "too_long";
    *out = bytes(s);
    return nullptr;
}

// Validates one event object into *event; returns nullptr when valid, else the reason code.
const char *readEvent(object item, const EnvelopeDefaults &defaults, const ParserLimits &limits, Event *event)
{
    Field anon = field(item, "anon");
    if (!present(anon))
        anon = defaults.anon;
    if (!present(anon))
        return "missing_anon";
    std::string_view anonText;
    if (anon->get_string().get(anonText) != simdjson::SUCCESS)
        return "bad_type";
    anonText = trimmed(anonText);
    if (anonText.empty())
        return "missing_anon";
    if (utf8Length(anonText) > jwc::MaxAnonChars)
        return "too_long";

    const Field evt = field(item, "evt");
    if (!present(evt))
        return "missing_evt";
    std::string_view name;
    if (evt->get_string().get(name) != simdjson::SUCCESS)
        return "bad_type";
    if (name.empty())
        return "missing_evt";
    if (utf8Length(name) > jwc::MaxNameChars)
        return "too_long";
    for (unsigned char c : name) {
        if (!isEventNameChar(c))
            return "bad_name";
    }

    const Field t = field(item, "t");
    if (!present(t))
        return "missing_t";
    qint64 timeMs = 0;
    if (t->is_number()) {
        double value = 0;
        if (t->get_double().get(value) != simdjson::SUCCESS || !msFromNumber(value, &timeMs))
            return "t_out_of_range";
    } else if (t->is_string()) {
        switch (parseTimestampText(std::string_view(t->get_string().value_unsafe()), &timeMs)) {
        case TimestampText::Valid:
            break;
        case TimestampText::NotATimestamp:
            return "bad_type";
        case TimestampText::OutOfRange:
            return "t_out_of_range";
        }
    } else {
        return "bad_type";
    }
    if (timeMs < jwc::MinTimeMs || timeMs > limits.nowMs + jwc::MaxFutureMs)
        return "t_out_of_range";

    Event e;
    e.anon = bytes(anonText);
    e.name = bytes(name);
    e.timeMs = timeMs;

    const auto orDefault = [](const Field &own, const Field &fallback) { return present(own) ? own : fallback; };
    if (const char *r = optionalString(orDefault(field(item, "os"), defaults.os), jwc::MaxShortFieldChars, &e.os))
        return r;
    if (const char *r = optionalString(orDefault(field(item, "ext"), defaults.ext), jwc::MaxShortFieldChars, &e.ext))
        return r;
    if (const char *r = optionalString(orDefault(field(item, "vscode"), defaults.vscode), jwc::MaxShortFieldChars, &e.vscode))
        return r;
    if (const char *r = optionalString(field(item, "id"), jwc::MaxIdChars, &e.id))
        return r;
    if (present(field(item, "id")) && e.id.isEmpty())
        return "bad_type";

    Field session = field(item, "sessionId");
    const Field m = field(item, "m");
    if (present(m)) {
        object props;
        if (m->get_object().get(props) != simdjson::SUCCESS)
            return "bad_type";
        if (containerDepth(*m) > jwc::MaxPropsDepth)
            return "m_too_deep";
        e.props.reserve(256);
        appendCompact(e.props, *m);
        if (e.props.size() > jwc::MaxPropsBytes)
            return "m_too_large";
        if (!present(session)) {
            const Field inner = field(props, "sessionId");
            if (inner && inner->is_string()) // a wrong type inside m only loses the session, never the event
                session = inner;
        }
    }
    if (!present(session))
        session = defaults.sessionId;
    if (const char *r = optionalString(session, jwc::MaxSessionChars, &e.sessionId))
        return r;

    *event = std::move(e);
    return nullptr;
}

// simdjson refuses integers outside [-2^63, 2^64) with NUMBER_ERROR, yet they are valid JSON. This copy
// of the body writes each integer of 19 digits or more with an exponent ("…e0"), which simdjson reads as
// a double: the request is accepted and such a number in `m` keeps its magnitude, not all its digits.
std::string withLongIntegersAsDoubles(const char *data, qsizetype size)
{
    std::string out;
    out.reserve(size_t(size) + 64);
    bool inString = false;
    for (qsizetype i = 0; i < size; ++i) {
        const char c = data[i];
        out += c;
        if (inString) {
            if (c == '\\' && i + 1 < size)
                out += data[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            continue;
        }
        const bool startsNumber = (c >= '0' && c <= '9') || c == '-';
        if (!startsNumber)
            continue;
        qsizetype end = i + 1;
        while (end < size && data[end] >= '0' && data[end] <= '9')
            ++end;
        out.append(data + i + 1, size_t(end - i - 1));
        const qsizetype digits = end - i - (c == '-' ? 1 : 0);
        const bool fractionFollows = end < size && (data[end] == '.' || data[end] == 'e' || data[end] == 'E');
        if (digits >= 19 && !fractionFollows)
            out += "e0";
        while (end < size && std::string_view("0123456789.eE+-").find(data[end]) != std::string_view::npos)
            out += data[end++]; // the rest of a number with a fraction or exponent, as it is
        i = end - 1;
    }
    return out;
}

simdjson::dom::parser &threadParser()
{
    thread_local simdjson::dom::parser parser = [] {
        simdjson::dom::parser p;
        // The depth limit makes simdjson itself refuse documents nested deeper than 32.
        if (p.allocate(64 * 1024, jwc::MaxJsonDepth) != simdjson::SUCCESS)
            qFatal("out of memory for the JSON parser");
        return p;
    }();
    return parser;
}

} // namespace

TimestampText parseTimestampText(std::string_view text, qint64 *ms)
{
    text = trimmed(text);
    if (text.empty())
        return TimestampText::NotATimestamp;
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (end == text.data() + text.size()) {
        if (ec == std::errc::result_out_of_range)
            return TimestampText::OutOfRange;
        if (ec == std::errc() && std::isfinite(value)) // "inf" and "nan" are words, not times
            return msFromNumber(value, ms) ? TimestampText::Valid : TimestampText::OutOfRange;
    }

    // ISO-8601 with an explicit offset (Z or ±hh:mm); a local time without offset is ambiguous.
    const QString iso = QString::fromUtf8(text.data(), qsizetype(text.size()));
    const QDateTime when = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!when.isValid() || when.timeSpec() == Qt::LocalTime)
        return TimestampText::NotATimestamp;
    *ms = when.toMSecsSinceEpoch();
    return TimestampText::Valid;
}

ParsedRequest parseJwcRequest(const char *data, qsizetype size, const ParserLimits &limits)
{
    ParsedRequest result;
    element root;
    simdjson::error_code parsed = threadParser().parse(data, size_t(size)).get(root);
    std::string widened; // must outlive `root` when used
    if (parsed == simdjson::NUMBER_ERROR) {
        widened = withLongIntegersAsDoubles(data, size);
        parsed = threadParser().parse(widened).get(root);
    }
    if (parsed != simdjson::SUCCESS) {
        result.error = RequestError::BadJson;
        return result;
    }
    object envelope;
    if (root.get_object().get(envelope) != simdjson::SUCCESS) {
        result.error = RequestError::BadJson;
        return result;
    }

    std::string_view schema;
    const Field schemaField = field(envelope, "schema");
    if (!schemaField || schemaField->get_string().get(schema) != simdjson::SUCCESS) {
        result.error = RequestError::SchemaUnsupported;
        return result;
    }
    schema = trimmed(schema);
    constexpr std::string_view expected = "jwc.v1";
    const bool schemaOk = schema.size() == expected.size()
        && std::equal(schema.begin(), schema.end(), expected.begin(),
                      [](char a, char b) { return (a >= 'A' && a <= 'Z' ? char(a - 'A' + 'a') : a) == b; });
    if (!schemaOk) {
        result.error = RequestError::SchemaUnsupported;
        return result;
    }

    const Field batch = field(envelope, "batch");
    if (!present(batch)) {
        Event event;
        if (const char *reason = readEvent(envelope, EnvelopeDefaults{}, limits, &event)) {
            result.skipped.push_back({0, reason});
        } else {
            result.events.push_back(std::move(event));
            result.eventIndexes.push_back(0);
        }
        return result;
    }

    simdjson::dom::array items;
    if (batch->get_array().get(items) != simdjson::SUCCESS) {
        result.skipped.push_back({0, "bad_type"});
        return result;
    }
    if (items.size() > size_t(limits.maxBatch)) {
        result.error = RequestError::BatchTooLarge;
        return result;
    }
    const EnvelopeDefaults defaults{field(envelope, "anon"), field(envelope, "os"), field(envelope, "ext"),
                                    field(envelope, "vscode"), field(envelope, "sessionId")};
    result.events.reserve(items.size());
    int index = 0;
    for (element item : items) {
        object itemObject;
        Event event;
        const char *reason = item.get_object().get(itemObject) != simdjson::SUCCESS
            ? "bad_type"
            : readEvent(itemObject, defaults, limits, &event);
        if (reason) {
            result.skipped.push_back({index, reason});
        } else {
            result.events.push_back(std::move(event));
            result.eventIndexes.push_back(index);
        }
        ++index;
    }
    return result;
}

} // namespace tdesk
