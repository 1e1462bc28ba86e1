#pragma once

#include "core/event.h"
#include "storage/userrollup.h"

#include <QByteArray>
#include <QHashFunctions>

#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace tdesk {

// Where the rollups stood in the database when a transaction began: they decide which rollups an
// event is added to at commit besides rollup_minute and rollup_hour.
struct RollupMarks
{
    qint64 dayThrough = 0;      // rollup_day holds every UTC day before this day number (0: none)
    bool recentKept = false;    // this writer keeps rollup_recent (not while another writer shares the database)
    qint64 recentFromMs = 0;    // rollup_recent is exact for the minutes in [recentFromMs, recentThroughMs);
    qint64 recentThroughMs = 0; // the minutes from recentThroughMs on are open: counted in memory until over
    qint64 nowMs = 0;           // the writer's clock: which hours and days are over (see UserRollup)
};

// Rows to add to rollup_minute: the events of one name in one minute.
struct MinuteRow
{
    qint64 projectId;
    qint64 minuteMs;
    QByteArray name;
    qint64 events;
    bool operator==(const MinuteRow &) const = default;
};

// Rows to add to rollup_hour (period: the hour's start, ms), rollup_day (the UTC day's number) or
// rollup_recent (the minute's start, ms). `value` is empty (maybe null) for an event without it.
struct DimensionRow
{
    qint64 projectId;
    qint64 period;
    int dim; // RollupDimension
    QByteArray value;
    qint64 events;
    bool operator==(const DimensionRow &) const = default;
};

// What one transaction adds to the rollups, each in key order.
struct RollupRows
{
    std::vector<MinuteRow> minutes;            // rollup_minute: add the events
    std::vector<DimensionRow> hours;           // rollup_hour: add the events
    std::vector<DimensionRow> days;            // rollup_day: add (late events of days already built)
    std::vector<DimensionRow> recentMinutes;   // rollup_recent: add (late events of minutes already written)
    UserRollupRows users;                      // the users of each hour, day, and day and country
};

// What is counted at commit, apart from how a backend writes it. Per transaction: begin() with the
// marks read in it, add() each event it newly inserted (not the duplicates), write rows(), then
// tell committed() or failed(). Between transactions it keeps what makes commits cheap: the users
// of the open periods (UserRollup), and rollup_recent's open minutes, summed in memory until the
// writer writes them. Not thread-safe: one writer thread owns it.
class RollupCounter
{
public:
    // Without a UserRollup (nullopt), rows() has no users: the backend counts them its own way.
    explicit RollupCounter(std::optional<UserRollup> users = UserRollup());

    void begin(const RollupMarks &marks);
    void add(const Event &event);
    RollupRows rows() const;
    // The transaction's rows are stored: remember its users, and add its events of open minutes.
    void committed();
    // Nothing of the transaction is stored: forget its counts, caches unchanged.
    void failed();

    // rollup_recent's open minutes. A new writer reads back `events` stored events like `like` of
    // the minutes it will write (only the fields the rollups count matter).
    void seedOpenMinutes(const Event &like, qint64 events);
    // The rows of the open minutes before `throughMs`, to write once those minutes are over...
    std::vector<DimensionRow> openMinuteRowsBefore(qint64 throughMs) const;
    // ...and, once they are written, to drop.
    void forgetOpenMinutesBefore(qint64 throughMs);
    // Another writer shares the database: rollup_recent is given up.
    void clearOpenMinutes();

    // Retention deleted a project's days before `firstDay`: its users there are no longer stored,
    // and a late event of such a day must write them again.
    void forgetUsersBefore(qint64 projectId, qint64 firstDay)
    {
        if (m_users)
            m_users->forgetBefore(projectId, firstDay);
    }

private:
    // What the dimension rollups count of one event, in one project and minute. Summed per
    // transaction, then split into a row per dimension: a transaction's events share few such
    // profiles, so each event costs one hash lookup instead of one per dimension.
    struct Profile
    {
        qint64 projectId;
        qint64 minuteMs;
        QByteArray name, os, ext, vscode, country, city;
        bool hasLocation;
        double latitude, longitude; // 0 without a location, so that profiles compare equal
        bool operator==(const Profile &) const = default;
    };
    struct Hash
    {
        size_t operator()(const Profile &p) const noexcept;
    };
    using Profiles = std::unordered_map<Profile, qint64, Hash>;
    // (project, period, dim, value) → events, in key order.
    using DimensionCounts = std::map<std::tuple<qint64, qint64, int, QByteArray>, qint64>;

    static Profile profileOf(const Event &event);
    static void countDimensions(const Profile &p, qint64 period, qint64 events, DimensionCounts &counts);
    static std::vector<DimensionRow> toRows(const DimensionCounts &counts);
    void clearTransaction();

    RollupMarks m_marks;
    std::optional<UserRollup> m_users;
    // The transaction's counts.
    std::map<std::tuple<qint64, qint64, QByteArray>, qint64> m_minutes;
    Profiles m_profiles;
    // Between transactions.
    Profiles m_openMinutes;
};

} // namespace tdesk
