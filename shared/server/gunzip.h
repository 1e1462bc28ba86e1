#pragma once

#include <QByteArray>

namespace tdesk {

// Inflates a gzip body (`Content-Encoding: gzip` of POST /t); the limit applies to the inflated
// size, so a zip bomb stops early. Ok: `out` holds the whole inflated body, at most `limit` bytes.
enum class Inflate { Ok, TooLarge, Corrupt };
Inflate gunzip(const QByteArray &in, qint64 limit, QByteArray *out);

} // namespace tdesk
