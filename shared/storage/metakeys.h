#pragma once

#include "core/timeunits.h"

namespace tdesk {

// Keys of the `meta` table (key TEXT, value TEXT): what the writer keeps there and readers read.
namespace MetaKey {
// The secret of the user hash, made once with the database.
inline constexpr char UserHashSalt[] = "user_hash_salt";
// rollup_day holds every UTC day (number) before this one; no row: none.
inline constexpr char RollupDayThrough[] = "rollup_day_through";
// rollup_recent is exact for the minutes in [from, through) (epoch ms).
inline constexpr char RollupRecentFrom[] = "rollup_recent_from";
inline constexpr char RollupRecentThrough[] = "rollup_recent_through";
// How far back rollup_recent reaches: older minutes are pruned (and `from` moves on).
inline constexpr qint64 RollupRecentKeepMs = 2 * DayMs;
// The writer that keeps rollup_recent, or "shared" while several write and none can.
inline constexpr char RollupWriter[] = "rollup_writer";
// rollup_user_activity holds every hour before this one (epoch ms); no row: not started yet.
inline constexpr char UserActivityThrough[] = "user_activity_through";
} // namespace MetaKey

} // namespace tdesk
