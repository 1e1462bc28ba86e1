#pragma once

#include "core/timeunits.h"

#include <QByteArray>

namespace tdesk {

// rollup_user_activity (SQLite, schema 6): each user's active hours as bits, a row per project,
// block of UserActivityBlockHours hours and user. Bit i of a block (byte i / 8, bit i % 8) is the
// hour block * UserActivityBlockHours + i since the epoch. Every hour before the meta mark
// MetaKey::UserActivityThrough (epoch ms, a whole hour) is in it, exactly: the writer folds an hour
// in once it is over (its users from hour_users, or its events where that kept a sample), and sets
// the bits of events stored later into such hours itself. Readers take the hours before the mark
// from it, the later whole hours from hour_users, and the rest from the events: active users over
// weeks read a short row per user instead of every event.
inline constexpr qint64 UserActivityBlockHours = 2048;
inline constexpr int UserActivityBlockBytes = int(UserActivityBlockHours / 8);

inline qint64 activityBlock(qint64 hour) { return hour >= 0 ? hour / UserActivityBlockHours : (hour + 1) / UserActivityBlockHours - 1; }
inline int activityBit(qint64 hour) { return int(hour - activityBlock(hour) * UserActivityBlockHours); }

// A block's bits with only `bit` set.
inline QByteArray activityBits(int bit)
{
    QByteArray bits(UserActivityBlockBytes, '\0');
    bits[bit / 8] = char(1 << (bit % 8));
    return bits;
}

// Whether any hour of [fromBit, toBit) is set in a block's bits: a masked byte at each end, whole
// bytes between.
inline bool anyActivity(const QByteArray &bits, int fromBit, int toBit)
{
    if (bits.size() != UserActivityBlockBytes || fromBit >= toBit)
        return false;
    const auto *bytes = reinterpret_cast<const uchar *>(bits.constData());
    const int first = fromBit / 8, last = (toBit - 1) / 8;
    const auto mask = [](int from, int to) { return uchar(((1u << (to - from)) - 1u) << from); }; // bits [from, to) of a byte
    if (first == last)
        return bytes[first] & mask(fromBit % 8, (toBit - 1) % 8 + 1);
    if (bytes[first] & mask(fromBit % 8, 8))
        return true;
    for (int i = first + 1; i < last; ++i) {
        if (bytes[i])
            return true;
    }
    return bytes[last] & mask(0, (toBit - 1) % 8 + 1);
}

} // namespace tdesk
