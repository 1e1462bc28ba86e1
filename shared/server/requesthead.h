#pragma once

#include <QByteArrayView>

namespace tdesk {

// What the connection guard acts on in one request's header block (request line and headers,
// ending with the empty line). status 0: go on; otherwise refuse with status and error
// (400 bad_request, 411 length_required, 413 payload_too_large).
struct RequestHead
{
    int status = 0;
    const char *error = nullptr;
    qint64 contentLength = 0;    // 0 ≤ contentLength ≤ maxBody when status is 0
    bool close = false;          // HTTP/1.0 without keep-alive, or Connection: close
    bool expectContinue = false; // Expect: 100-continue
};

// A light scan: only what the guard acts on, no copies of the rest. `head` ends with "\r\n\r\n".
RequestHead scanRequestHead(QByteArrayView head, qint64 maxBody);

} // namespace tdesk
