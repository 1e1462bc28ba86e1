// The jwc.v1 parser against every rule of PROTOCOL.md's "POST /t — ingest" section: the envelope, the event
// fields, the reason codes and the request-level errors. Each rule has a row that is accepted at its bound
// and a row that is refused just past it, so removing the rule's code fails a row.

#include "protocol/jwcparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <thread>

using namespace tdesk;

Q_DECLARE_METATYPE(tdesk::RequestError)

namespace tdesk {
// Readable QCOMPARE failures (found by argument-dependent lookup).
char *toString(RequestError error)
{
    switch (error) {
    case RequestError::None: return qstrdup("None");
    case RequestError::BadJson: return qstrdup("BadJson");
    case RequestError::SchemaUnsupported: return qstrdup("SchemaUnsupported");
    case RequestError::BatchTooLarge: return qstrdup("BatchTooLarge");
    }
    return qstrdup("?");
}
} // namespace tdesk

namespace {

// 2023-11-14T23:13:20Z. The base events are an hour older; the future bound is Now + 10 min.
constexpr qint64 Now = 1700003600000;
constexpr qint64 BaseT = 1700000000000; // 2023-11-14T22:13:20Z

const QByteArray Absent = QByteArrayLiteral("<absent>");

const QByteArray E2 = QByteArrayLiteral("\xc3\xa9");         // é, two UTF-8 bytes
const QByteArray E3 = QByteArrayLiteral("\xe2\x82\xac");     // €, three
const QByteArray E4 = QByteArrayLiteral("\xf0\x9f\x98\x80"); // 😀, four

using Fields = QList<std::pair<QByteArray, QByteArray>>;

QByteArray str(const QByteArray &text)
{
    return QByteArray("\"") + text + QByteArray("\"");
}

QByteArray object(const Fields &fields)
{
    QByteArray out("{");
    for (const auto &[key, value] : fields) {
        if (value == Absent)
            continue;
        if (out.size() > 1)
            out += ',';
        out += str(key);
        out += ':';
        out += value;
    }
    out += '}';
    return out;
}

// An event object: the valid base fields anon/evt/t with `changes` replacing them (Absent removes one),
// other fields appended in order.
QByteArray eventJson(const Fields &changes = {})
{
    Fields fields = {{"anon", str("u1")}, {"evt", str("app.started")}, {"t", QByteArray::number(BaseT)}};
    for (const auto &change : changes) {
        const auto it = std::find_if(fields.begin(), fields.end(), [&](const auto &f) { return f.first == change.first; });
        if (it != fields.end())
            it->second = change.second;
        else
            fields.append(change);
    }
    return object(fields);
}

// A single-event body: the event's fields beside `schema`.
QByteArray single(const QByteArray &eventObject, const QByteArray &schema = str("jwc.v1"))
{
    QByteArray out = QByteArray("{\"schema\":") + schema;
    if (eventObject != "{}")
        out += ',' + eventObject.mid(1);
    else
        out += '}';
    return out;
}

// A batch body; `envelope` holds extra envelope members as raw JSON ("\"os\":\"x\"").
QByteArray batch(const QByteArrayList &items, const QByteArray &envelope = {})
{
    QByteArray out("{\"schema\":\"jwc.v1\"");
    if (!envelope.isEmpty())
        out += ',' + envelope;
    out += ",\"batch\":[" + items.join(',') + "]}";
    return out;
}

ParsedRequest parse(const QByteArray &body, int maxBatch = 1000)
{
    return parseJwcRequest(body, ParserLimits{maxBatch, Now});
}

QByteArray fieldOf(const Event &event, const QByteArray &field)
{
    if (field == "anon") return event.anon;
    if (field == "evt") return event.name;
    if (field == "t") return QByteArray::number(event.timeMs);
    if (field == "os") return event.os;
    if (field == "ext") return event.ext;
    if (field == "vscode") return event.vscode;
    if (field == "sessionId") return event.sessionId;
    if (field == "id") return event.id;
    if (field == "m") return event.props;
    qFatal("unknown field");
}

// "index:reason,index:reason" for exact comparisons with readable failures.
QByteArray skippedText(const ParsedRequest &r)
{
    QByteArrayList parts;
    for (const SkippedItem &s : r.skipped)
        parts += QByteArray::number(s.index) + ':' + QByteArray(s.reason);
    return parts.join(',');
}

QList<int> indexes(const ParsedRequest &r)
{
    return QList<int>(r.eventIndexes.begin(), r.eventIndexes.end());
}

QByteArrayList names(const ParsedRequest &r)
{
    QByteArrayList out;
    for (const Event &e : r.events)
        out += e.name;
    return out;
}

// The arrays that make a whole document `depth` deep, the root object being level 1.
QByteArray nestedArrays(int levels)
{
    return QByteArray(levels, '[') + QByteArray(levels, ']');
}

// `m` nested `depth` levels deep (m itself is level 1), all objects.
QByteArray nestedObjects(int depth)
{
    QByteArray out("{}");
    for (int i = 1; i < depth; ++i)
        out = "{\"a\":" + out + '}';
    return out;
}

// `m` = {"k":"xxx…"} serialised to exactly `bytes` bytes; `spaced` adds whitespace the stored form drops.
QByteArray propsOfSize(int bytes, bool spaced = false)
{
    const QByteArray filler(bytes - 8, 'x');
    return spaced ? QByteArray("{ \"k\" : \"" + filler + "\" }") : QByteArray("{\"k\":\"" + filler + "\"}");
}

QByteArray jsonEscapedChar(char c)
{
    if (c == '"' || c == '\\')
        return QByteArray("\\") + c;
    return QByteArray(1, c);
}

} // namespace

class TestJwcParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- envelope: schema ------------------------------------------------------------------------------
    void schema_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<RequestError>("error");
        const QByteArray event = eventJson();
        const auto ok = RequestError::None;
        const auto unsupported = RequestError::SchemaUnsupported;
        QTest::newRow("exact") << single(event, str("jwc.v1")) << ok;
        QTest::newRow("trimmed and lower-cased") << single(event, str(" JWC.V1 ")) << ok;
        QTest::newRow("mixed case") << single(event, str("Jwc.V1")) << ok;
        QTest::newRow("tabs and newlines trimmed") << single(event, str("\\t\\r\\njwc.v1\\n")) << ok;
        QTest::newRow("missing") << eventJson() << unsupported;
        QTest::newRow("null") << single(event, "null") << unsupported;
        QTest::newRow("number") << single(event, "1") << unsupported;
        QTest::newRow("bool") << single(event, "true") << unsupported;
        QTest::newRow("array") << single(event, "[\"jwc.v1\"]") << unsupported;
        QTest::newRow("object") << single(event, "{\"v\":\"jwc.v1\"}") << unsupported;
        QTest::newRow("empty") << single(event, str("")) << unsupported;
        QTest::newRow("spaces") << single(event, str("   ")) << unsupported;
        QTest::newRow("v2") << single(event, str("jwc.v2")) << unsupported;
        QTest::newRow("v10") << single(event, str("jwc.v10")) << unsupported;
        QTest::newRow("prefix only") << single(event, str("jwc.v")) << unsupported;
        QTest::newRow("suffix") << single(event, str("jwc.v1x")) << unsupported;
        QTest::newRow("inner space") << single(event, str("jwc. v1")) << unsupported;
        QTest::newRow("other schema") << single(event, str("minigem")) << unsupported;
        QTest::newRow("batch, missing") << QByteArray("{\"batch\":[" + event + "]}") << unsupported;
        QTest::newRow("batch, other") << QByteArray("{\"schema\":\"jwc.v0\",\"batch\":[" + event + "]}") << unsupported;
        QTest::newRow("batch, upper case") << QByteArray("{\"schema\":\" JWC.V1\",\"batch\":[" + event + "]}") << ok;
    }

    void schema()
    {
        QFETCH(QByteArray, body);
        QFETCH(RequestError, error);
        const ParsedRequest r = parse(body);
        QCOMPARE(r.error, error);
        if (error == RequestError::None) {
            QCOMPARE(names(r), QByteArrayList{"app.started"});
            QCOMPARE(indexes(r), QList<int>{0});
        } else {
            QVERIFY(r.events.empty());
            QVERIFY(r.eventIndexes.empty());
        }
        QCOMPARE(skippedText(r), QByteArray());
    }

    // ---- request-level bad_json ------------------------------------------------------------------------
    void badJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray event = eventJson();
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("whitespace") << QByteArray(" \n ");
        QTest::newRow("not JSON") << QByteArray("schema=jwc.v1&anon=u1");
        QTest::newRow("truncated") << single(event).chopped(1);
        QTest::newRow("trailing comma") << QByteArray("{\"schema\":\"jwc.v1\",\"anon\":\"u1\",}");
        QTest::newRow("single quotes") << QByteArray("{'schema':'jwc.v1'}");
        QTest::newRow("unquoted key") << QByteArray("{schema:\"jwc.v1\"}");
        QTest::newRow("leading zero") << single(eventJson({{"x", "01"}}));
        QTest::newRow("NaN literal") << single(eventJson({{"x", "NaN"}}));
        QTest::newRow("raw control char in string") << single(eventJson({{"anon", "\"u\x01\""}}));
        QTest::newRow("two documents") << QByteArray(single(event) + ' ' + single(event));
        QTest::newRow("top-level array") << QByteArray("[]");
        QTest::newRow("top-level array of an event") << QByteArray("[" + single(event) + "]");
        QTest::newRow("top-level string") << QByteArray("\"jwc.v1\"");
        QTest::newRow("top-level number") << QByteArray("42");
        QTest::newRow("top-level true") << QByteArray("true");
        QTest::newRow("top-level null") << QByteArray("null");
        QTest::newRow("invalid UTF-8 byte in a value") << single(eventJson({{"anon", "\"u\xff\""}}));
        QTest::newRow("invalid UTF-8 in a key") << single(eventJson({{"k\xfe", "1"}}));
        QTest::newRow("overlong encoding") << single(eventJson({{"anon", "\"\xc0\xaf\""}}));
        QTest::newRow("encoded surrogate") << single(eventJson({{"anon", "\"\xed\xa0\x80\""}}));
        QTest::newRow("truncated sequence") << single(eventJson({{"anon", "\"u\xe2\x82\""}}));
        QTest::newRow("bad continuation") << single(eventJson({{"anon", "\"\xc3\x28\""}}));
        QTest::newRow("above U+10FFFF") << single(eventJson({{"anon", "\"\xf4\x90\x80\x80\""}}));
        QTest::newRow("invalid UTF-8 in an unknown key's value") << single(eventJson({{"x", "\"\x80\""}}));
        QTest::newRow("invalid UTF-8 in m") << single(eventJson({{"m", "{\"k\":\"\xff\"}"}}));
        QTest::newRow("invalid UTF-8 in a batch item") << batch({eventJson(), eventJson({{"os", "\"\xff\""}})});
        QTest::newRow("lone surrogate escape") << single(eventJson({{"anon", "\"\\ud800\""}}));
        QTest::newRow("nesting 33 (unknown key)") << single(eventJson({{"x", nestedArrays(32)}}));
        QTest::newRow("nesting 33 (in m)") << single(eventJson({{"m", "{\"a\":" + nestedArrays(31) + "}"}}));
        // envelope 1, batch 2, item 3, x 4..33
        QTest::newRow("nesting 33 (batch item)") << batch({eventJson({{"x", nestedArrays(30)}})});
        QTest::newRow("nesting 33 (body over 64 KiB)")
            << single(eventJson({{"pad", str(QByteArray(100 * 1024, 'p'))}, {"x", nestedArrays(32)}}));
    }

    void badJson()
    {
        QFETCH(QByteArray, body);
        const ParsedRequest r = parse(body);
        QCOMPARE(r.error, RequestError::BadJson);
        QVERIFY(r.events.empty());
        QVERIFY(r.eventIndexes.empty());
        QVERIFY(r.skipped.empty());
    }

    // The counterparts of the nesting rows: 32 deep is allowed.
    void nestingLimit_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("31") << single(eventJson({{"x", nestedArrays(30)}}));
        QTest::newRow("32 (unknown key)") << single(eventJson({{"x", nestedArrays(31)}}));
        QTest::newRow("32 (batch item)") << batch({eventJson({{"x", nestedArrays(29)}})});
        QTest::newRow("32 (body over 64 KiB)")
            << single(eventJson({{"pad", str(QByteArray(100 * 1024, 'p'))}, {"x", nestedArrays(31)}}));
    }

    void nestingLimit()
    {
        QFETCH(QByteArray, body);
        const ParsedRequest r = parse(body);
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(names(r), QByteArrayList{"app.started"});
        QCOMPARE(skippedText(r), QByteArray());
    }

    // Valid JSON that JSON.parse (minigem) accepts must not be bad_json: numbers outside int64/uint64.
    void bigNumbersAreJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("uint64 max in m") << single(eventJson({{"m", "{\"n\":18446744073709551615}"}}));
        QTest::newRow("2^64 in m") << single(eventJson({{"m", "{\"n\":18446744073709551616}"}}));
        QTest::newRow("below int64 min in m") << single(eventJson({{"m", "{\"n\":-9223372036854775809}"}}));
        QTest::newRow("23-digit integer in m") << single(eventJson({{"m", "{\"n\":12345678901234567890123}"}}));
        QTest::newRow("30-digit integer, unknown key") << single(eventJson({{"x", "123456789012345678901234567890"}}));
    }

    void bigNumbersAreJson()
    {
        QFETCH(QByteArray, body);
        const ParsedRequest r = parse(body);
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(names(r), QByteArrayList{"app.started"});
        if (body.contains("\"n\"")) { // kept in m as a JSON number of the same magnitude
            const QJsonObject props = QJsonDocument::fromJson(r.events.front().props).object();
            const QByteArray digits = body.mid(body.indexOf("\"n\":") + 4).split('}').first();
            QVERIFY2(props.value(QLatin1String("n")).isDouble(), r.events.front().props.constData());
            QCOMPARE(props.value(QLatin1String("n")).toDouble(), digits.toDouble());
        }
    }

    // ---- every event-field rule, as a single event and as a batch item ----------------------------------
    void eventRules_data()
    {
        QTest::addColumn<QByteArray>("event");
        QTest::addColumn<QByteArray>("reason"); // empty: accepted
        QTest::addColumn<QByteArray>("field");  // for accepted rows: the stored field to check …
        QTest::addColumn<QByteArray>("value");  // … and its exact value

        const auto accept = [](const char *row, const QByteArray &event, const QByteArray &field, const QByteArray &value) {
            QTest::newRow(row) << event << QByteArray() << field << value;
        };
        const auto refuse = [](const char *row, const QByteArray &event, const char *reason) {
            QTest::newRow(row) << event << QByteArray(reason) << QByteArray() << QByteArray();
        };

        // anon
        accept("anon: plain", eventJson(), "anon", "u1");
        accept("anon: minigem form", eventJson({{"anon", str("0123456789abcdef0123456789abcdef")}}), "anon",
               "0123456789abcdef0123456789abcdef");
        accept("anon: trimmed", eventJson({{"anon", str("  u1 \\t\\n")}}), "anon", "u1");
        accept("anon: inner space kept", eventJson({{"anon", str("a b")}}), "anon", "a b");
        refuse("anon: absent", eventJson({{"anon", Absent}}), "missing_anon");
        refuse("anon: null", eventJson({{"anon", "null"}}), "missing_anon");
        refuse("anon: empty", eventJson({{"anon", str("")}}), "missing_anon");
        refuse("anon: spaces only", eventJson({{"anon", str("   ")}}), "missing_anon");
        refuse("anon: whitespace only", eventJson({{"anon", str("\\t\\r\\n \\f")}}), "missing_anon");
        refuse("anon: number", eventJson({{"anon", "5"}}), "bad_type");
        refuse("anon: bool", eventJson({{"anon", "true"}}), "bad_type");
        refuse("anon: object", eventJson({{"anon", "{}"}}), "bad_type");
        refuse("anon: array", eventJson({{"anon", "[\"u1\"]"}}), "bad_type");
        accept("anon: 128 chars", eventJson({{"anon", str(QByteArray(128, 'a'))}}), "anon", QByteArray(128, 'a'));
        refuse("anon: 129 chars", eventJson({{"anon", str(QByteArray(129, 'a'))}}), "too_long");
        accept("anon: 128 chars after trim", eventJson({{"anon", str("  " + QByteArray(128, 'a') + "  ")}}), "anon",
               QByteArray(128, 'a'));
        accept("anon: 128 two-byte chars", eventJson({{"anon", str(E2.repeated(128))}}), "anon", E2.repeated(128));
        refuse("anon: 129 two-byte chars", eventJson({{"anon", str(E2.repeated(129))}}), "too_long");
        accept("anon: 128 three-byte chars", eventJson({{"anon", str(E3.repeated(128))}}), "anon", E3.repeated(128));
        refuse("anon: 129 three-byte chars", eventJson({{"anon", str(E3.repeated(129))}}), "too_long");
        accept("anon: 128 four-byte chars", eventJson({{"anon", str(E4.repeated(128))}}), "anon", E4.repeated(128));
        refuse("anon: 129 four-byte chars", eventJson({{"anon", str(E4.repeated(129))}}), "too_long");
        accept("anon: 128 \\u escapes", eventJson({{"anon", str(QByteArray("\\u00e9").repeated(128))}}), "anon",
               E2.repeated(128));
        refuse("anon: 129 \\u escapes", eventJson({{"anon", str(QByteArray("\\u00e9").repeated(129))}}), "too_long");
        accept("anon: 127 ASCII + 1 four-byte", eventJson({{"anon", str(QByteArray(127, 'a') + E4)}}), "anon",
               QByteArray(127, 'a') + E4);

        // evt
        accept("evt: plain", eventJson(), "evt", "app.started");
        const QByteArray allAllowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-/$ ";
        accept("evt: every allowed char", eventJson({{"evt", str(allAllowed)}}), "evt", allAllowed);
        for (const char c : QByteArray("._:-/$ ")) {
            const QByteArray name = "a" + QByteArray(1, c) + "b";
            QTest::addRow("evt: allowed '%c'", c) << eventJson({{"evt", str(name)}}) << QByteArray() << QByteArray("evt") << name;
        }
        accept("evt: one char", eventJson({{"evt", str("x")}}), "evt", "x");
        accept("evt: only a space", eventJson({{"evt", str(" ")}}), "evt", " ");
        accept("evt: 200 chars", eventJson({{"evt", str(QByteArray(200, 'e'))}}), "evt", QByteArray(200, 'e'));
        refuse("evt: 201 chars", eventJson({{"evt", str(QByteArray(201, 'e'))}}), "too_long");
        refuse("evt: absent", eventJson({{"evt", Absent}}), "missing_evt");
        refuse("evt: null", eventJson({{"evt", "null"}}), "missing_evt");
        refuse("evt: empty", eventJson({{"evt", str("")}}), "missing_evt");
        refuse("evt: number", eventJson({{"evt", "1"}}), "bad_type");
        refuse("evt: bool", eventJson({{"evt", "false"}}), "bad_type");
        refuse("evt: object", eventJson({{"evt", "{\"n\":\"x\"}"}}), "bad_type");
        refuse("evt: array", eventJson({{"evt", "[\"x\"]"}}), "bad_type");
        for (int c = 0x21; c < 0x7f; ++c) {
            if (std::isalnum(c) || QByteArray("._:-/$").contains(char(c)))
                continue;
            QTest::addRow("evt: disallowed '%c'", c)
                << eventJson({{"evt", str("a" + jsonEscapedChar(char(c)) + "b")}}) << QByteArray("bad_name")
                << QByteArray() << QByteArray();
        }
        refuse("evt: NUL", eventJson({{"evt", str("a\\u0000b")}}), "bad_name");
        refuse("evt: control char", eventJson({{"evt", str("a\\u0001b")}}), "bad_name");
        refuse("evt: tab", eventJson({{"evt", str("a\\tb")}}), "bad_name");
        refuse("evt: newline", eventJson({{"evt", str("a\\nb")}}), "bad_name");
        refuse("evt: carriage return", eventJson({{"evt", str("a\\rb")}}), "bad_name");
        refuse("evt: DEL", eventJson({{"evt", str("a\\u007fb")}}), "bad_name");
        refuse("evt: non-ASCII letter", eventJson({{"evt", str("caf" + E2)}}), "bad_name");
        refuse("evt: euro sign", eventJson({{"evt", str("a" + E3)}}), "bad_name");
        refuse("evt: emoji", eventJson({{"evt", str("a" + E4)}}), "bad_name");
        refuse("evt: no-break space", eventJson({{"evt", str("a\\u00a0b")}}), "bad_name");
        refuse("evt: fullwidth digit", eventJson({{"evt", str("a\xef\xbc\x91")}}), "bad_name");
        refuse("evt: line separator", eventJson({{"evt", str("a\\u2028b")}}), "bad_name");
        refuse("evt: 200 chars, last one bad", eventJson({{"evt", str(QByteArray(199, 'e') + '!')}}), "bad_name");

        // t: forms
        accept("t: ms number", eventJson(), "t", QByteArray::number(BaseT));
        accept("t: seconds number, converted once", eventJson({{"t", "1700000000"}}), "t", "1700000000000");
        accept("t: decimal seconds", eventJson({{"t", "1700000000.5"}}), "t", "1700000000500");
        accept("t: decimal seconds, ms digits", eventJson({{"t", "1700000000.123"}}), "t", "1700000000123");
        accept("t: decimal seconds, .999 kept", eventJson({{"t", "1700000000.999"}}), "t", "1700000000999");
        accept("t: seconds with exponent", eventJson({{"t", "1.7e9"}}), "t", "1700000000000");
        accept("t: ms with exponent", eventJson({{"t", "1.7e12"}}), "t", "1700000000000");
        accept("t: 1e12 is already ms", eventJson({{"t", "1000000000000"}}), "t", "1000000000000");
        refuse("t: just below 1e12 is seconds", eventJson({{"t", "999999999999"}}), "t_out_of_range");
        accept("t: numeric string ms", eventJson({{"t", str("1700000000000")}}), "t", "1700000000000");
        accept("t: numeric string seconds", eventJson({{"t", str("1700000000")}}), "t", "1700000000000");
        accept("t: numeric string decimal seconds", eventJson({{"t", str("1700000000.25")}}), "t", "1700000000250");
        accept("t: ISO Z", eventJson({{"t", str("2023-11-14T22:13:20Z")}}), "t", "1700000000000");
        accept("t: ISO Z with ms", eventJson({{"t", str("2023-11-14T22:13:20.123Z")}}), "t", "1700000000123");
        accept("t: ISO +02:00", eventJson({{"t", str("2023-11-15T00:13:20+02:00")}}), "t", "1700000000000");
        accept("t: ISO +02:00 with ms", eventJson({{"t", str("2023-11-15T00:13:20.123+02:00")}}), "t", "1700000000123");
        accept("t: ISO -05:30", eventJson({{"t", str("2023-11-14T16:43:20-05:30")}}), "t", "1700000000000");
        refuse("t: ISO without offset", eventJson({{"t", str("2023-11-14T22:13:20")}}), "bad_type");
        refuse("t: ISO with ms, without offset", eventJson({{"t", str("2023-11-14T22:13:20.123")}}), "bad_type");
        refuse("t: ISO date only", eventJson({{"t", str("2023-11-14")}}), "bad_type");
        refuse("t: text", eventJson({{"t", str("yesterday")}}), "bad_type");
        refuse("t: absent", eventJson({{"t", Absent}}), "missing_t");
        refuse("t: null", eventJson({{"t", "null"}}), "missing_t");
        refuse("t: bool", eventJson({{"t", "true"}}), "bad_type");
        refuse("t: object", eventJson({{"t", "{\"ms\":1700000000000}"}}), "bad_type");
        refuse("t: array", eventJson({{"t", "[1700000000000]"}}), "bad_type");
        // t: range 2000-01-01 .. now + 10 min, bounds included
        // 2000-01-01 in ms (9.4e11) is below 1e12, so as a number it reads as seconds (year 31970): the lower
        // bound is reachable only in seconds or ISO form.
        refuse("t: 2000-01-01 in ms reads as seconds", eventJson({{"t", "946684800000"}}), "t_out_of_range");
        accept("t: exactly 2000-01-01 (s)", eventJson({{"t", "946684800"}}), "t", "946684800000");
        refuse("t: 1 s before 2000 (s)", eventJson({{"t", "946684799"}}), "t_out_of_range");
        refuse("t: 1 ms before 2000 (s)", eventJson({{"t", "946684799.999"}}), "t_out_of_range");
        accept("t: exactly 2000-01-01 (ISO Z)", eventJson({{"t", str("2000-01-01T00:00:00.000Z")}}), "t", "946684800000");
        refuse("t: 1 ms before 2000 (ISO Z)", eventJson({{"t", str("1999-12-31T23:59:59.999Z")}}), "t_out_of_range");
        accept("t: exactly 2000-01-01 (ISO +01:00)", eventJson({{"t", str("2000-01-01T01:00:00+01:00")}}), "t",
               "946684800000");
        refuse("t: 1 ms before 2000 (ISO +01:00)", eventJson({{"t", str("2000-01-01T00:59:59.999+01:00")}}),
               "t_out_of_range");
        accept("t: exactly 2000-01-01 (numeric string s)", eventJson({{"t", str("946684800")}}), "t", "946684800000");
        refuse("t: 1 s before 2000 (numeric string s)", eventJson({{"t", str("946684799")}}), "t_out_of_range");
        accept("t: exactly now + 10 min (ms)", eventJson({{"t", "1700004200000"}}), "t", "1700004200000");
        refuse("t: now + 10 min + 1 ms (ms)", eventJson({{"t", "1700004200001"}}), "t_out_of_range");
        accept("t: exactly now + 10 min (s)", eventJson({{"t", "1700004200"}}), "t", "1700004200000");
        refuse("t: now + 10 min + 1 s (s)", eventJson({{"t", "1700004201"}}), "t_out_of_range");
        accept("t: exactly now + 10 min (ISO Z)", eventJson({{"t", str("2023-11-14T23:23:20Z")}}), "t", "1700004200000");
        refuse("t: now + 10 min + 1 ms (ISO Z)", eventJson({{"t", str("2023-11-14T23:23:20.001Z")}}), "t_out_of_range");
        accept("t: exactly now + 10 min (ISO +02:00)", eventJson({{"t", str("2023-11-15T01:23:20+02:00")}}), "t",
               "1700004200000");
        refuse("t: now + 10 min + 1 ms (ISO +02:00)", eventJson({{"t", str("2023-11-15T01:23:20.001+02:00")}}),
               "t_out_of_range");
        refuse("t: now + 10 min + 1 ms (numeric string)", eventJson({{"t", str("1700004200001")}}), "t_out_of_range");
        refuse("t: zero", eventJson({{"t", "0"}}), "t_out_of_range");
        refuse("t: negative", eventJson({{"t", "-1700000000000"}}), "t_out_of_range");
        refuse("t: 1e17 number", eventJson({{"t", "1e17"}}), "t_out_of_range");
        refuse("t: 1e300 number", eventJson({{"t", "1e300"}}), "t_out_of_range");
        // "a numeric string as a number": the same answer as the number itself.
        refuse("t: 1e17 numeric string", eventJson({{"t", str("1e17")}}), "t_out_of_range");

        // os, ext, vscode
        for (const char *f : {"os", "ext", "vscode"}) {
            const QByteArray name(f);
            QTest::addRow("%s: string", f) << eventJson({{name, str("Linux 6.1")}}) << QByteArray() << name
                                          << QByteArray("Linux 6.1");
            QTest::addRow("%s: absent, stored NULL", f) << eventJson() << QByteArray() << name << QByteArray();
            QTest::addRow("%s: null, stored NULL", f) << eventJson({{name, "null"}}) << QByteArray() << name << QByteArray();
            QTest::addRow("%s: 64 chars", f) << eventJson({{name, str(QByteArray(64, 'v'))}}) << QByteArray() << name
                                            << QByteArray(64, 'v');
            QTest::addRow("%s: 65 chars", f) << eventJson({{name, str(QByteArray(65, 'v'))}}) << QByteArray("too_long")
                                            << QByteArray() << QByteArray();
            QTest::addRow("%s: 64 two-byte chars", f) << eventJson({{name, str(E2.repeated(64))}}) << QByteArray()
                                                     << name << E2.repeated(64);
            QTest::addRow("%s: 65 two-byte chars", f) << eventJson({{name, str(E2.repeated(65))}})
                                                     << QByteArray("too_long") << QByteArray() << QByteArray();
            QTest::addRow("%s: number", f) << eventJson({{name, "1.74"}}) << QByteArray("bad_type") << QByteArray()
                                          << QByteArray();
            QTest::addRow("%s: bool", f) << eventJson({{name, "false"}}) << QByteArray("bad_type") << QByteArray()
                                        << QByteArray();
            QTest::addRow("%s: object", f) << eventJson({{name, "{}"}}) << QByteArray("bad_type") << QByteArray()
                                          << QByteArray();
            QTest::addRow("%s: array", f) << eventJson({{name, "[\"x\"]"}}) << QByteArray("bad_type") << QByteArray()
                                         << QByteArray();
        }

        // m
        accept("m: absent", eventJson(), "m", QByteArray());
        accept("m: null", eventJson({{"m", "null"}}), "m", QByteArray());
        accept("m: empty object", eventJson({{"m", "{}"}}), "m", "{}");
        accept("m: stored minified",
               eventJson({{"m", "{ \"a\" : 1 ,\n \"b\" : [ 1 , 2 , { \"c\" : \"x y\" } ] , \"d\" : null , \"e\" : true ,"
                                " \"f\" : -2.5 , \"g\" : { } , \"h\" : [ ] }"}}),
               "m", R"({"a":1,"b":[1,2,{"c":"x y"}],"d":null,"e":true,"f":-2.5,"g":{},"h":[]})");
        accept("m: escapes kept", eventJson({{"m", "{\"q\":\"say \\\"hi\\\"\\\\n\", \"n\":\"a\\nb\"}"}}), "m",
               "{\"q\":\"say \\\"hi\\\"\\\\n\",\"n\":\"a\\nb\"}");
        accept("m: \\u escapes stored as UTF-8, control characters escaped",
               eventJson({{"m", R"({"u":"\u00e9\u0001","big":1e300,"small":-1.5e-7,"whole":2.0,"wide":1.2345678901234567e20})"}}), "m",
               "{\"u\":\"\xc3\xa9\\u0001\",\"big\":1e+300,\"small\":-1.5e-07,\"whole\":2.0,\"wide\":123456789012345667584.0}");
        accept("m: minigem metrics", eventJson({{"m", R"({"durationMs":12,"exit":0,"phase":"scan"})"}}), "m",
               R"({"durationMs":12,"exit":0,"phase":"scan"})");
        accept("m: wrong metric type keeps the event", eventJson({{"m", R"({"durationMs":"slow","exit":[1]})"}}), "m",
               R"({"durationMs":"slow","exit":[1]})");
        refuse("m: array", eventJson({{"m", "[1,2]"}}), "bad_type");
        refuse("m: string", eventJson({{"m", str("{}")}}), "bad_type");
        refuse("m: number", eventJson({{"m", "1"}}), "bad_type");
        refuse("m: bool", eventJson({{"m", "true"}}), "bad_type");
        accept("m: depth 8 (objects)", eventJson({{"m", nestedObjects(8)}}), "m", nestedObjects(8));
        refuse("m: depth 9 (objects)", eventJson({{"m", nestedObjects(9)}}), "m_too_deep");
        accept("m: depth 8 (arrays)", eventJson({{"m", "{\"a\":" + nestedArrays(7) + "}"}}), "m",
               "{\"a\":" + nestedArrays(7) + "}");
        refuse("m: depth 9 (arrays)", eventJson({{"m", "{\"a\":" + nestedArrays(8) + "}"}}), "m_too_deep");
        accept("m: depth 8 in the second member", eventJson({{"m", "{\"a\":1,\"b\":" + nestedObjects(7) + "}"}}), "m",
               "{\"a\":1,\"b\":" + nestedObjects(7) + "}");
        refuse("m: depth 9 in the second member", eventJson({{"m", "{\"a\":1,\"b\":" + nestedObjects(8) + "}"}}),
               "m_too_deep");
        accept("m: 32 KiB serialised", eventJson({{"m", propsOfSize(32768)}}), "m", propsOfSize(32768));
        refuse("m: 32 KiB + 1 serialised", eventJson({{"m", propsOfSize(32769)}}), "m_too_large");
        accept("m: 32 KiB once minified (more as sent)", eventJson({{"m", propsOfSize(32768, true)}}), "m",
               propsOfSize(32768));
        refuse("m: 32 KiB + 1 once minified", eventJson({{"m", propsOfSize(32769, true)}}), "m_too_large");
        accept("m: 32 KiB in bytes, not chars", eventJson({{"m", "{\"k\":\"" + E2.repeated(16380) + "\"}"}}), "m",
               "{\"k\":\"" + E2.repeated(16380) + "\"}");
        refuse("m: 32 KiB + 2 in bytes", eventJson({{"m", "{\"k\":\"" + E2.repeated(16381) + "\"}"}}), "m_too_large");

        // sessionId
        accept("sessionId: top level", eventJson({{"sessionId", str("s1")}}), "sessionId", "s1");
        accept("sessionId: absent", eventJson(), "sessionId", QByteArray());
        accept("sessionId: in m", eventJson({{"m", R"({"sessionId":"ms1"})"}}), "sessionId", "ms1");
        accept("sessionId: m keeps it too", eventJson({{"m", R"({"sessionId":"ms1"})"}}), "m", R"({"sessionId":"ms1"})");
        accept("sessionId: top level wins", eventJson({{"sessionId", str("s1")}, {"m", R"({"sessionId":"ms1"})"}}),
               "sessionId", "s1");
        accept("sessionId: top-level null, m used", eventJson({{"sessionId", "null"}, {"m", R"({"sessionId":"ms1"})"}}),
               "sessionId", "ms1");
        accept("sessionId: non-string in m ignored", eventJson({{"m", R"({"sessionId":42})"}}), "sessionId", QByteArray());
        accept("sessionId: object in m ignored", eventJson({{"m", R"({"sessionId":{"id":"x"}})"}}), "sessionId",
               QByteArray());
        accept("sessionId: non-string in m, m still stored", eventJson({{"m", R"({"sessionId":42})"}}), "m",
               R"({"sessionId":42})");
        accept("sessionId: 128 chars", eventJson({{"sessionId", str(QByteArray(128, 's'))}}), "sessionId",
               QByteArray(128, 's'));
        refuse("sessionId: 129 chars", eventJson({{"sessionId", str(QByteArray(129, 's'))}}), "too_long");
        accept("sessionId: 128 chars in m", eventJson({{"m", "{\"sessionId\":" + str(QByteArray(128, 's')) + "}"}}),
               "sessionId", QByteArray(128, 's'));
        refuse("sessionId: number", eventJson({{"sessionId", "7"}}), "bad_type");
        refuse("sessionId: object", eventJson({{"sessionId", "{}"}}), "bad_type");

        // id
        accept("id: absent", eventJson(), "id", QByteArray());
        accept("id: null", eventJson({{"id", "null"}}), "id", QByteArray());
        accept("id: one char", eventJson({{"id", str("x")}}), "id", "x");
        accept("id: UUID", eventJson({{"id", str("0b6a1f0e-8f5e-4c1e-9d7a-2f4b8c6d9e01")}}), "id",
               "0b6a1f0e-8f5e-4c1e-9d7a-2f4b8c6d9e01");
        accept("id: 64 chars", eventJson({{"id", str(QByteArray(64, 'i'))}}), "id", QByteArray(64, 'i'));
        refuse("id: 65 chars", eventJson({{"id", str(QByteArray(65, 'i'))}}), "too_long");
        accept("id: 64 two-byte chars", eventJson({{"id", str(E2.repeated(64))}}), "id", E2.repeated(64));
        refuse("id: 65 two-byte chars", eventJson({{"id", str(E2.repeated(65))}}), "too_long");
        refuse("id: empty", eventJson({{"id", str("")}}), "bad_type");
        refuse("id: number", eventJson({{"id", "12345"}}), "bad_type");
        refuse("id: bool", eventJson({{"id", "true"}}), "bad_type");
        refuse("id: object", eventJson({{"id", "{}"}}), "bad_type");
        refuse("id: array", eventJson({{"id", "[\"x\"]"}}), "bad_type");

        // unknown keys
        accept("unknown keys ignored",
               eventJson({{"foo", "1"}, {"bar", R"({"x":[1,2,{"y":null}]})"}, {"Anon", "5"}, {"EVT", "[]"}, {"T", "{}"},
                          {"props", "\"\""}}),
               "anon", "u1");
        accept("unknown keys ignored, nothing stored from them", eventJson({{"foo", "1"}, {"m2", "{\"a\":1}"}}), "m",
               QByteArray());
    }

    void singleEvent_data() { eventRules_data(); }

    void singleEvent()
    {
        QFETCH(QByteArray, event);
        QFETCH(QByteArray, reason);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, value);
        const ParsedRequest r = parse(single(event));
        QCOMPARE(r.error, RequestError::None);
        if (reason.isEmpty()) {
            QCOMPARE(skippedText(r), QByteArray());
            QCOMPARE(indexes(r), QList<int>{0});
            QCOMPARE(r.events.size(), size_t(1));
            QCOMPARE(fieldOf(r.events[0], field), value);
        } else {
            QCOMPARE(skippedText(r), QByteArray("0:" + reason));
            QVERIFY(r.events.empty());
            QVERIFY(r.eventIndexes.empty());
        }
    }

    void batchItem_data() { eventRules_data(); }

    // The same rules for the middle item of a batch; the valid neighbours must not be affected.
    void batchItem()
    {
        QFETCH(QByteArray, event);
        QFETCH(QByteArray, reason);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, value);
        const QByteArray before = eventJson({{"evt", str("before")}});
        const QByteArray after = eventJson({{"evt", str("after")}});
        const ParsedRequest r = parse(batch({before, event, after}));
        QCOMPARE(r.error, RequestError::None);
        if (reason.isEmpty()) {
            QCOMPARE(skippedText(r), QByteArray());
            QCOMPARE(indexes(r), QList<int>({0, 1, 2}));
            QCOMPARE(r.events.size(), size_t(3));
            QCOMPARE(fieldOf(r.events[1], field), value);
        } else {
            QCOMPARE(skippedText(r), QByteArray("1:" + reason));
            QCOMPARE(indexes(r), QList<int>({0, 2}));
            QCOMPARE(names(r), QByteArrayList({"before", "after"}));
        }
    }

    // Every stored field of one complete event.
    void completeEvent()
    {
        const QByteArray body = R"({"schema":"jwc.v1","id":"evt-1","anon":" 0123456789abcdef0123456789abcdef ",)"
                                R"("evt":"command:run/fast $x","t":"2023-11-15T00:13:20.250+02:00","os":"Windows_NT",)"
                                R"("ext":"1.2.3","vscode":"1.90.0","sessionId":"s-9","m":{ "durationMs": 41, "ok": true },"x":1})";
        const ParsedRequest r = parse(body);
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(skippedText(r), QByteArray());
        QCOMPARE(r.events.size(), size_t(1));
        const Event &e = r.events[0];
        QCOMPARE(e.id, QByteArray("evt-1"));
        QCOMPARE(e.anon, QByteArray("0123456789abcdef0123456789abcdef"));
        QCOMPARE(e.name, QByteArray("command:run/fast $x"));
        QCOMPARE(e.timeMs, qint64(1700000000250));
        QCOMPARE(e.os, QByteArray("Windows_NT"));
        QCOMPARE(e.ext, QByteArray("1.2.3"));
        QCOMPARE(e.vscode, QByteArray("1.90.0"));
        QCOMPARE(e.sessionId, QByteArray("s-9"));
        QCOMPARE(e.props, QByteArray(R"({"durationMs":41,"ok":true})"));
        // Filled in later by the collector, never by the parser.
        QCOMPARE(e.projectId, qint64(0));
        QVERIFY(e.userHash.isEmpty());
        QVERIFY(e.country.isEmpty());
        QVERIFY(!e.hasLocation());
    }

    // `m` is stored as JSON that reads back as the same value.
    void propsRoundTrip()
    {
        const QByteArray m = "{\"s\":\"\\u00e9\\t\\\"\\\\\\/\",\"n\":-12.75,\"i\":9007199254740991,\"a\":[true,false,null,{\"k\":[]}],\"u\":\"\\ud83d\\ude00\"}";
        const ParsedRequest r = parse(single(eventJson({{"m", m}})));
        QCOMPARE(r.events.size(), size_t(1));
        QJsonParseError error;
        const QJsonDocument stored = QJsonDocument::fromJson(r.events[0].props, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(stored, QJsonDocument::fromJson(m));
        QVERIFY(!r.events[0].props.contains(' '));
        QVERIFY(!r.events[0].props.contains('\n'));
    }

    // ---- envelope-level fields of a batch ---------------------------------------------------------------
    void envelopeDefaults_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("envelopeValue");
        QTest::addColumn<QByteArray>("ownValue");
        for (const char *f : {"anon", "os", "ext", "vscode", "sessionId"})
            QTest::newRow(f) << QByteArray(f) << QByteArray(QByteArray("env-") + f) << QByteArray(QByteArray("own-") + f);
    }

    void envelopeDefaults()
    {
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, envelopeValue);
        QFETCH(QByteArray, ownValue);
        const ParsedRequest r = parse(batch(
            {
                eventJson({{field, Absent}, {"evt", str("lacks")}}),
                eventJson({{field, str(ownValue)}, {"evt", str("has")}}),
                eventJson({{field, "null"}, {"evt", str("null")}}),
                eventJson({{field, Absent}, {"evt", str("lacks2")}}),
            },
            str(field) + ':' + str(envelopeValue)));
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(skippedText(r), QByteArray());
        QCOMPARE(names(r), QByteArrayList({"lacks", "has", "null", "lacks2"}));
        QCOMPARE(fieldOf(r.events[0], field), envelopeValue);
        QCOMPARE(fieldOf(r.events[1], field), ownValue); // never overridden
        QCOMPARE(fieldOf(r.events[2], field), envelopeValue);
        QCOMPARE(fieldOf(r.events[3], field), envelopeValue);
    }

    // All five at once, and the envelope's own values do not leak into items that have theirs.
    void envelopeDefaultsTogether()
    {
        const QByteArray envelope = R"("anon":"E","os":"EO","ext":"EE","vscode":"EV","sessionId":"ES")";
        const QByteArray lacking = R"({"evt":"a","t":1700000000000})";
        const QByteArray having =
            R"({"evt":"b","t":1700000000000,"anon":"I","os":"IO","ext":"IE","vscode":"IV","sessionId":"IS"})";
        const ParsedRequest r = parse(batch({lacking, having}, envelope));
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(r.events.size(), size_t(2));
        const Event &a = r.events[0];
        const Event &b = r.events[1];
        QCOMPARE(QByteArrayList({a.anon, a.os, a.ext, a.vscode, a.sessionId}), QByteArrayList({"E", "EO", "EE", "EV", "ES"}));
        QCOMPARE(QByteArrayList({b.anon, b.os, b.ext, b.vscode, b.sessionId}), QByteArrayList({"I", "IO", "IE", "IV", "IS"}));
    }

    // Only anon, os, ext, vscode and sessionId fill in: evt, t, id and m at the envelope are not defaults.
    void envelopeFillsOnlyItsFields()
    {
        const QByteArray envelope = R"("anon":"E","evt":"env.evt","t":1700000000000,"id":"env-id","m":{"k":1})";
        const ParsedRequest r = parse(batch({R"({"t":1700000000000})", R"({"evt":"x"})", R"({"evt":"y","t":1700000000000})"},
                                            envelope));
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(skippedText(r), QByteArray("0:missing_evt,1:missing_t"));
        QCOMPARE(indexes(r), QList<int>{2});
        QCOMPARE(r.events[0].anon, QByteArray("E"));
        QCOMPARE(r.events[0].id, QByteArray());
        QCOMPARE(r.events[0].props, QByteArray());
    }

    // An envelope default is checked like the item's own value, per item that takes it.
    void envelopeDefaultValidated_data()
    {
        QTest::addColumn<QByteArray>("envelope");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("anon number") << QByteArray(R"("anon":5)") << QByteArray("bad_type");
        QTest::newRow("anon spaces") << QByteArray(R"("anon":"   ")") << QByteArray("missing_anon");
        QTest::newRow("anon 129 chars") << QByteArray("\"anon\":" + str(QByteArray(129, 'a'))) << QByteArray("too_long");
        QTest::newRow("os number") << QByteArray(R"("os":5)") << QByteArray("bad_type");
        QTest::newRow("ext 65 chars") << QByteArray("\"ext\":" + str(QByteArray(65, 'x'))) << QByteArray("too_long");
        QTest::newRow("vscode object") << QByteArray(R"("vscode":{})") << QByteArray("bad_type");
        QTest::newRow("sessionId 129 chars") << QByteArray("\"sessionId\":" + str(QByteArray(129, 's'))) << QByteArray("too_long");
        QTest::newRow("sessionId array") << QByteArray(R"("sessionId":[])") << QByteArray("bad_type");
    }

    void envelopeDefaultValidated()
    {
        QFETCH(QByteArray, envelope);
        QFETCH(QByteArray, reason);
        const QByteArray key = envelope.mid(1, envelope.indexOf('"', 1) - 1);
        const QByteArray lacking = eventJson({{key, Absent}, {"evt", str("lacks")}});
        const QByteArray having = eventJson({{key, str("own")}, {"evt", str("has")}});
        const ParsedRequest r = parse(batch({lacking, having, lacking}, envelope));
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(skippedText(r), QByteArray("0:" + reason + ",2:" + reason));
        QCOMPARE(indexes(r), QList<int>{1});
        QCOMPARE(fieldOf(r.events[0], key), QByteArray("own"));
    }

    // The item's own m.sessionId is its session; the envelope's fills only items with neither.
    void envelopeSessionVersusItemM()
    {
        const ParsedRequest r = parse(batch({eventJson({{"m", R"({"sessionId":"item-m"})"}}), eventJson()},
                                            R"("sessionId":"env")"));
        QCOMPARE(r.events.size(), size_t(2));
        QCOMPARE(r.events[0].sessionId, QByteArray("item-m"));
        QCOMPARE(r.events[1].sessionId, QByteArray("env"));
    }

    // ---- batch shape ------------------------------------------------------------------------------------
    void batchSize_data()
    {
        QTest::addColumn<int>("maxBatch");
        QTest::addColumn<int>("items");
        QTest::addColumn<bool>("validItems");
        QTest::addColumn<RequestError>("error");
        QTest::newRow("empty") << 3 << 0 << true << RequestError::None;
        QTest::newRow("one") << 3 << 1 << true << RequestError::None;
        QTest::newRow("exactly max") << 3 << 3 << true << RequestError::None;
        QTest::newRow("max + 1") << 3 << 4 << true << RequestError::BatchTooLarge;
        QTest::newRow("max + 1, all invalid items") << 3 << 4 << false << RequestError::BatchTooLarge;
        QTest::newRow("exactly max, all invalid items") << 3 << 3 << false << RequestError::None;
        QTest::newRow("max 1, two items") << 1 << 2 << true << RequestError::BatchTooLarge;
        QTest::newRow("default: 1000") << 1000 << 1000 << true << RequestError::None;
        QTest::newRow("default: 1001") << 1000 << 1001 << true << RequestError::BatchTooLarge;
        QTest::newRow("default: 5000") << 1000 << 5000 << true << RequestError::BatchTooLarge;
    }

    void batchSize()
    {
        QFETCH(int, maxBatch);
        QFETCH(int, items);
        QFETCH(bool, validItems);
        QFETCH(RequestError, error);
        QByteArrayList list;
        for (int i = 0; i < items; ++i)
            list += validItems ? eventJson({{"evt", str("e" + QByteArray::number(i))}}) : QByteArray("7");
        const ParsedRequest r = parse(batch(list), maxBatch);
        QCOMPARE(r.error, error);
        if (error != RequestError::None) {
            QVERIFY(r.events.empty());
            QVERIFY(r.eventIndexes.empty());
            QVERIFY(r.skipped.empty());
            return;
        }
        QList<int> all;
        QByteArrayList allNames;
        QByteArrayList allSkipped;
        for (int i = 0; i < items; ++i) {
            all += i;
            allNames += QByteArray("e" + QByteArray::number(i));
            allSkipped += QByteArray(QByteArray::number(i) + ":bad_type");
        }
        if (validItems) {
            QCOMPARE(indexes(r), all);
            QCOMPARE(names(r), allNames);
            QCOMPARE(skippedText(r), QByteArray());
        } else {
            QVERIFY(r.events.empty());
            QCOMPARE(skippedText(r), allSkipped.join(','));
        }
    }

    void nonObjectItems()
    {
        const ParsedRequest r = parse(batch({"1", "\"x\"", "null", "true", "[]", "[" + eventJson() + "]", "{}",
                                             eventJson({{"evt", str("ok")}})}));
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(skippedText(r), QByteArray("0:bad_type,1:bad_type,2:bad_type,3:bad_type,4:bad_type,5:bad_type,6:missing_anon"));
        QCOMPARE(indexes(r), QList<int>{7});
        QCOMPARE(names(r), QByteArrayList{"ok"});
    }

    // PROTOCOL.md does not name a code for a `batch` that is not an array; the parser answers bad_type for
    // item 0 (a 200 with nothing accepted), and never reads the envelope as an event.
    void batchNotAnArray_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("object") << QByteArray(eventJson());
        QTest::newRow("string") << QByteArray("\"[]\"");
        QTest::newRow("number") << QByteArray("0");
        QTest::newRow("bool") << QByteArray("true");
    }

    void batchNotAnArray()
    {
        QFETCH(QByteArray, value);
        const ParsedRequest r = parse(single(eventJson({{"batch", value}})));
        QCOMPARE(r.error, RequestError::None);
        QVERIFY(r.events.empty());
        QVERIFY(r.eventIndexes.empty());
        QCOMPARE(skippedText(r), QByteArray("0:bad_type"));
    }

    // `batch: null` counts as absent, like every null field: the body is a single event.
    void batchNullIsSingle()
    {
        const ParsedRequest r = parse(single(eventJson({{"batch", "null"}})));
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(names(r), QByteArrayList{"app.started"});
        QCOMPARE(indexes(r), QList<int>{0});
    }

    // A key given twice (RFC 8259 leaves the meaning open): the first one counts, also when the body has an
    // integer beyond 64 bits that sends it through the parser's second pass.
    void duplicateKeyFirstWins_data()
    {
        QTest::addColumn<QByteArray>("tail");
        QTest::newRow("plain") << QByteArray();
        QTest::newRow("with a long integer") << QByteArray(",\"n\":123456789012345678901234567890");
    }

    void duplicateKeyFirstWins()
    {
        QFETCH(QByteArray, tail);
        const QByteArray body = "{\"schema\":\"jwc.v1\",\"batch\":[" + eventJson({{"evt", str("first")}}) + ","
            + eventJson({{"evt", str("second")}}) + "],\"batch\":[" + eventJson({{"evt", str("other")}}) + "]"
            + tail + "}";
        const ParsedRequest r = parse(body);
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(names(r), (QByteArrayList{"first", "second"}));
    }

    // Indexes are batch positions, skipped items are listed in order.
    void indexesAndOrder()
    {
        const ParsedRequest r = parse(batch({
            eventJson({{"evt", str("e0")}}),
            eventJson({{"evt", str("e1")}, {"anon", Absent}}),
            eventJson({{"evt", str("e2")}}),
            "42",
            eventJson({{"evt", str("e4!")}}),
            eventJson({{"evt", str("e5")}, {"t", "1"}}),
            eventJson({{"evt", str("e6")}, {"m", nestedObjects(9)}}),
            eventJson({{"evt", str("e7")}, {"id", str("dup")}}),
            eventJson({{"evt", str("e8")}, {"m", propsOfSize(40000)}}),
            eventJson({{"evt", str("e9")}, {"id", str("dup")}}), // duplicates are the store's business
        }));
        QCOMPARE(r.error, RequestError::None);
        QCOMPARE(indexes(r), QList<int>({0, 2, 7, 9}));
        QCOMPARE(names(r), QByteArrayList({"e0", "e2", "e7", "e9"}));
        QCOMPARE(skippedText(r), QByteArray("1:missing_anon,3:bad_type,4:bad_name,5:t_out_of_range,6:m_too_deep,8:m_too_large"));
    }

    // ---- parseTimestampText -----------------------------------------------------------------------------
    void timestampText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<TimestampText>("expected");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("ms") << QByteArray("1700000000000") << TimestampText::Valid << qint64(1700000000000);
        QTest::newRow("seconds") << QByteArray("1700000000") << TimestampText::Valid << qint64(1700000000000);
        QTest::newRow("decimal seconds") << QByteArray("1700000000.5") << TimestampText::Valid << qint64(1700000000500);
        QTest::newRow("1e12 is ms") << QByteArray("1000000000000") << TimestampText::Valid << qint64(1000000000000);
        QTest::newRow("ISO Z") << QByteArray("2023-11-14T22:13:20Z") << TimestampText::Valid << qint64(1700000000000);
        QTest::newRow("ISO Z ms") << QByteArray("2023-11-14T22:13:20.123Z") << TimestampText::Valid << qint64(1700000000123);
        QTest::newRow("ISO +02:00") << QByteArray("2023-11-15T00:13:20+02:00") << TimestampText::Valid << qint64(1700000000000);
        QTest::newRow("ISO -05:30") << QByteArray("2023-11-14T16:43:20-05:30") << TimestampText::Valid << qint64(1700000000000);
        QTest::newRow("ISO without offset") << QByteArray("2023-11-14T22:13:20") << TimestampText::NotATimestamp << qint64(0);
        QTest::newRow("date only") << QByteArray("2023-11-14") << TimestampText::NotATimestamp << qint64(0);
        QTest::newRow("empty") << QByteArray("") << TimestampText::NotATimestamp << qint64(0);
        QTest::newRow("text") << QByteArray("now") << TimestampText::NotATimestamp << qint64(0);
        QTest::newRow("1e17: a number, but no time") << QByteArray("1e17") << TimestampText::OutOfRange << qint64(0);
        QTest::newRow("1e400: beyond double") << QByteArray("1e400") << TimestampText::OutOfRange << qint64(0);
        QTest::newRow("inf") << QByteArray("inf") << TimestampText::NotATimestamp << qint64(0);
        QTest::newRow("nan") << QByteArray("nan") << TimestampText::NotATimestamp << qint64(0);
        QTest::newRow("number and text") << QByteArray("1700000000abc") << TimestampText::NotATimestamp << qint64(0);
    }

    void timestampText()
    {
        QFETCH(QByteArray, text);
        QFETCH(TimestampText, expected);
        QFETCH(qint64, ms);
        qint64 out = -1;
        QCOMPARE(parseTimestampText(std::string_view(text.constData(), size_t(text.size())), &out), expected);
        if (expected == TimestampText::Valid)
            QCOMPARE(out, ms);
    }

    // ---- parser state ------------------------------------------------------------------------------------
    // Each thread keeps its own buffers; results do not depend on what was parsed before or elsewhere.
    void stateless()
    {
        const QByteArray big = batch(QByteArrayList(900, eventJson({{"m", propsOfSize(500)}})));
        const QByteArray small = single(eventJson({{"evt", str("small")}}));
        QCOMPARE(parse(big).events.size(), size_t(900));
        QCOMPARE(names(parse(small)), QByteArrayList{"small"});
        QCOMPARE(parse("{").error, RequestError::BadJson);
        QCOMPARE(names(parse(small)), QByteArrayList{"small"});

        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int n = 0; n < 4; ++n) {
            threads.emplace_back([&, n] {
                const QByteArray name = "thread" + QByteArray::number(n);
                const QByteArray mine = single(eventJson({{"evt", str(name)}}));
                for (int i = 0; i < 200; ++i) {
                    const ParsedRequest r = parse(i % 2 ? mine : big);
                    const bool ok = i % 2 ? (r.events.size() == 1 && r.events[0].name == name)
                                          : r.events.size() == 900;
                    if (!ok)
                        ++failures;
                }
            });
        }
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJwcParser)
#include "tst_jwcparser.moc"
