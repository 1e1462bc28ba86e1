#pragma once

#include <QByteArray>
#include <QString>

namespace tdesk {

enum class KeyKind { Public, Private, Admin };

// Key text forms: public `tdp_…` (ingest), private `tds_…` (read), admin `tda_…`; 32 random bytes, base62.
QString keyKindName(KeyKind kind);                  // "public" | "private" | "admin"
bool keyKindFromName(const QString &name, KeyKind *kind);
QString generateApiKey(KeyKind kind);
QByteArray hashApiKey(const QByteArray &key);       // SHA-256, the only form that is stored
QString apiKeyPrefix(const QString &key);           // enough to name a key in lists, never enough to use it

// HMAC-SHA-256(salt, project ‖ anon), 16 bytes, as 32 hex chars: the stored user id.
QByteArray userHash(const QByteArray &salt, qint64 projectId, const QByteArray &anon);

// Compares secrets without leaking where they differ through timing.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace tdesk
