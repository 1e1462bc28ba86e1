// libFuzzer target for the connection guard's header scan (server/requesthead.h): the request line,
// Content-Length, Transfer-Encoding, Expect and Connection of every request on the collector's port,
// seen before Qt HttpServer parses a byte. Properties: no crash; a refusal is one of the guard's three
// (400, 411, 413) with its error code; an accepted head declares a body within 0..maxBody, equal to
// its last Content-Length when that is plain digits; 100-continue only when asked for; never a
// chunked body; HTTP/1.x only; no bare LF, which Qt's parser would read as a line end.
#define FUZZ_TARGET_NAME "fuzz_requesthead"
#include "fuzzcheck.h"
#include "server/requesthead.h"

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <cstring>

using namespace tdesk;

namespace {

QByteArray trimmed(QByteArray v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove(0, 1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

bool plainDigits(const QByteArray &v)
{
    if (v.isEmpty() || v.size() > 18)
        return false;
    for (char c : v) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const qint64 maxBodies[] = {0, 1, 1024, 1024 * 1024, (qint64(1) << 62)};
    const qint64 maxBody = maxBodies[data[0] % (sizeof maxBodies / sizeof maxBodies[0])];
    // What the guard hands over: the bytes up to and including the first empty line.
    QByteArray head(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end >= 0)
        head.truncate(end + 4);
    else
        head.append("\r\n\r\n");

    const RequestHead r = scanRequestHead(head, maxBody);

    const RequestHead again = scanRequestHead(head, maxBody);
    FUZZ_CHECK(again.status == r.status && again.contentLength == r.contentLength && again.close == r.close
               && again.expectContinue == r.expectContinue);

    if (r.status != 0) {
        FUZZ_CHECK(r.error != nullptr);
        FUZZ_CHECK((r.status == 400 && std::strcmp(r.error, "bad_request") == 0)
                   || (r.status == 411 && std::strcmp(r.error, "length_required") == 0)
                   || (r.status == 413 && std::strcmp(r.error, "payload_too_large") == 0));
        return 0;
    }
    FUZZ_CHECK(r.error == nullptr);
    FUZZ_CHECK(r.contentLength >= 0 && r.contentLength <= maxBody);

    // Qt HttpServer's parser also ends a line at a bare LF: a head the guard accepts has none, or the
    // two would frame the request differently (a Content-Length only Qt sees).
    for (qsizetype i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1))
        FUZZ_CHECK(i > 0 && head[i - 1] == '\r');

    QList<QByteArray> lines;
    for (qsizetype start = 0, next; start < head.size() - 4; start = next + 2) {
        next = head.indexOf("\r\n", start);
        lines.append(head.mid(start, next - start));
    }
    const QByteArray requestLine = lines.front();
    FUZZ_CHECK(requestLine.indexOf(' ') > 0);
    FUZZ_CHECK(requestLine.mid(requestLine.lastIndexOf(' ') + 1).startsWith("HTTP/1."));

    QByteArray lastLength;
    bool askedContinue = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines[i].left(colon).toLower();
        const QByteArray value = trimmed(lines[i].mid(colon + 1));
        if (name == "transfer-encoding")
            FUZZ_CHECK(!value.toLower().contains("chunked"));
        else if (name == "content-length")
            lastLength = value;
        else if (name == "expect" && value.toLower() == "100-continue")
            askedContinue = true;
    }
    if (plainDigits(lastLength))
        FUZZ_CHECK(r.contentLength == lastLength.toLongLong());
    else if (lastLength.isNull())
        FUZZ_CHECK(r.contentLength == 0);
    if (r.expectContinue)
        FUZZ_CHECK(askedContinue);
    return 0;
}
