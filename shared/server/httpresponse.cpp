#include "server/httpresponse.h"

namespace tdesk {

const char *httpReasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
    }
}

namespace {

QByteArray head(const HttpResponse &r, const QByteArray &framing, bool closeConnection)
{
    QByteArray out;
    out.reserve(160 + r.body.size());
    out += "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + httpReasonPhrase(r.status) + "\r\n";
    if (!r.contentType.isEmpty())
        out += "Content-Type: " + r.contentType + "\r\n";
    out += framing + "\r\n";
    for (const auto &[name, value] : r.headers)
        out += name + ": " + value + "\r\n";
    if (closeConnection)
        out += "Connection: close\r\n";
    out += "\r\n";
    return out;
}

} // namespace

QByteArray HttpResponse::serialize(bool closeConnection) const
{
    return head(*this, "Content-Length: " + QByteArray::number(body.size()), closeConnection) + body;
}

QByteArray HttpResponse::serializeChunkedHead(bool closeConnection) const
{
    return head(*this, "Transfer-Encoding: chunked", closeConnection);
}

} // namespace tdesk
