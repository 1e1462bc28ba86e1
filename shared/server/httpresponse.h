#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace tdesk {

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpResponse json(int status, QByteArray body) { return HttpResponse{status, "application/json", std::move(body), {}}; }
    // {"ok":false,"error":CODE}
    static HttpResponse error(int status, const char *code)
    {
        return json(status, QByteArray("{\"ok\":false,\"error\":\"") + code + "\"}");
    }
    HttpResponse &&withHeader(QByteArray name, QByteArray value) &&
    {
        headers.append({std::move(name), std::move(value)});
        return std::move(*this);
    }

    // The complete HTTP/1.1 message, as written to the socket.
    QByteArray serialize(bool closeConnection) const;
    // The status line and headers of an answer whose body follows in chunks (Transfer-Encoding:
    // chunked): a client can tell a body cut short from a complete one.
    QByteArray serializeChunkedHead(bool closeConnection) const;
};

const char *httpReasonPhrase(int status);

} // namespace tdesk
