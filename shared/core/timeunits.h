#pragma once

#include <QtGlobal>

namespace tdesk {

constexpr qint64 SecondMs = 1000;
constexpr qint64 MinuteMs = 60 * SecondMs;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs; // a UTC day: epoch milliseconds know no leap seconds

// Rounds down to a multiple of `unitMs`, also before 1970 (where `ms - ms % unitMs` rounds up).
constexpr qint64 floorTo(qint64 ms, qint64 unitMs)
{
    return ms - ((ms % unitMs) + unitMs) % unitMs;
}

constexpr qint64 ceilTo(qint64 ms, qint64 unitMs)
{
    return floorTo(ms + unitMs - 1, unitMs);
}

static_assert(floorTo(-1, MinuteMs) == -MinuteMs && floorTo(MinuteMs, MinuteMs) == MinuteMs);
static_assert(ceilTo(1, MinuteMs) == MinuteMs && ceilTo(-1, MinuteMs) == 0);

} // namespace tdesk
