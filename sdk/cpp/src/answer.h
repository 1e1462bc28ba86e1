#pragma once

// The collector's answer to POST /t as the client reads it: outside input, fuzzed by
// tests/fuzz/fuzz_sdk_answer.

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QStringList>

namespace TelemetryDesk {

constexpr qint64 MaxRetryAfterMs = 3600 * 1000; // a longer Retry-After is taken as an hour

// The wait a Retry-After value asks for (delta-seconds or an HTTP date), 0..MaxRetryAfterMs;
// 0 when it cannot be read.
qint64 retryAfterMs(QByteArrayView value, const QDateTime &now);

struct AnswerCounts
{
    qint64 accepted = 0;
    qint64 duplicates = 0;
    qint64 skipped = 0;
    QStringList reasons; // of the events it skipped
};

// What a 200 answer's JSON says, each count 0..events; zeros for anything unreadable.
AnswerCounts parseAnswer(const QByteArray &body, qint64 events);

} // namespace TelemetryDesk
