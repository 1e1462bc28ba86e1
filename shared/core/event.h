#pragma once

#include <QByteArray>
#include <QMetaType>

#include <cmath>
#include <limits>

namespace tdesk {

// One event as it travels from the parser to storage. Text fields are UTF-8; an empty
// (null) optional field is stored as SQL NULL and shown as "unknown".
struct Event
{
    // As the client sent it (validated by the jwc.v1 parser).
    QByteArray id;        // client-chosen idempotency id; empty when the client sent none
    QByteArray anon;      // raw user id: only hashed, never stored
    QByteArray name;      // `evt`
    qint64 timeMs = 0;    // `t`, normalised to epoch milliseconds
    QByteArray os;
    QByteArray ext;
    QByteArray vscode;
    QByteArray sessionId;
    QByteArray props;     // `m` as compact JSON; empty when absent

    // Filled in by the collector before storage.
    qint64 projectId = 0;
    qint64 receivedMs = 0;
    QByteArray userHash;  // 32 hex chars, HMAC of (project, anon)
    QByteArray country;   // ISO 3166-1 alpha-2
    QByteArray region;    // first subdivision ISO code
    QByteArray city;      // English name
    double latitude = std::numeric_limits<double>::quiet_NaN();
    double longitude = std::numeric_limits<double>::quiet_NaN();

    bool hasLocation() const { return !std::isnan(latitude) && !std::isnan(longitude); }
};

} // namespace tdesk
