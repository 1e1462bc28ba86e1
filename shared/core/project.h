#pragma once

#include "auth/apikey.h"

#include <QByteArray>
#include <QString>

namespace tdesk {

// Project names: a letter or digit, then letters, digits, '.', '_' or '-'; at most 64 characters.
bool isValidProjectName(const QString &name);
// The project that events without a key go to; it always exists.
inline QString defaultProjectName() { return QStringLiteral("default"); }

struct Project
{
    qint64 id = 0;
    QString name;
    qint64 createdMs = 0;
    int rateLimit = 0;          // requests per rate window; 0: the collector's default
    int retentionDays = 0;      // 0: keep forever
    double sampleRate = 1.0;    // share of users whose events are kept
    QString allowedOrigins = QStringLiteral("*"); // CORS: "*" or origins separated by spaces or commas
    bool requireKey = false;    // refuse keyless ingest into this project
};

struct KeyInfo
{
    qint64 id = 0;
    qint64 projectId = 0;       // 0 for admin keys
    QString projectName;
    KeyKind kind = KeyKind::Public;
    QString prefix;             // the key's ID: its visible beginning, what `keys revoke` takes
    QByteArray hash;
    qint64 createdMs = 0;
    qint64 revokedMs = 0;       // 0: active
    QString label;              // what the key is for, in the user's words; may be empty
    qint64 lastUsedMs = 0;      // last request the collector took with it; 0: never
    qint64 eventsAccepted = 0;  // events stored from requests with it
};

// Labels are one line of at most this many characters.
constexpr int MaxKeyLabelLength = 100;

} // namespace tdesk
