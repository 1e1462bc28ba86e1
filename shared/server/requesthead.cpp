#include "server/requesthead.h"

#include <QByteArray>

namespace tdesk {
namespace {

QByteArrayView trimmedView(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

RequestHead refused(int status, const char *error)
{
    RequestHead r;
    r.status = status;
    r.error = error;
    return r;
}

} // namespace

RequestHead scanRequestHead(QByteArrayView head, qint64 maxBody)
{
    // Qt HttpServer's parser also takes a bare LF as a line end, where this scan sees none: a
    // Content-Length after one would frame the body for Qt only, past the guard's limits.
    for (qsizetype i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1)) {
        if (i == 0 || head[i - 1] != '\r')
            return refused(400, "bad_request");
    }
    qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = head.first(lineEnd);
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !version.startsWith("HTTP/1."))
        return refused(400, "bad_request");
    bool close = version == "HTTP/1.0";
    bool expectContinue = false;
    qint64 length = 0;
    const auto named = [](QByteArrayView name, const char *wanted) {
        return name.compare(QByteArrayView(wanted), Qt::CaseInsensitive) == 0;
    };
    for (qsizetype start = lineEnd + 2; start < head.size() - 2; start = lineEnd + 2) {
        lineEnd = head.indexOf("\r\n", start);
        const QByteArrayView line = head.sliced(start, lineEnd - start);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmedView(line.sliced(colon + 1));
        if (named(name, "content-length")) {
            bool ok = false;
            length = value.toLongLong(&ok);
            if (!ok || length < 0)
                return refused(400, "bad_request");
        } else if (named(name, "transfer-encoding") && value.toByteArray().toLower().contains("chunked")) {
            // Without a declared length the limit could only be enforced after buffering.
            return refused(411, "length_required");
        } else if (named(name, "expect")) {
            expectContinue = named(value, "100-continue");
        } else if (named(name, "connection")) {
            const QByteArray v = value.toByteArray().toLower();
            close = v.contains("close") || (close && !v.contains("keep-alive"));
        }
    }
    if (length > maxBody)
        return refused(413, "payload_too_large"); // before a byte of the body is held
    RequestHead r;
    r.contentLength = length;
    r.close = close;
    r.expectContinue = expectContinue;
    return r;
}

} // namespace tdesk
