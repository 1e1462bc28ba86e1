#pragma once

#include "core/event.h"

#include <QByteArray>
#include <QHashFunctions>

#include <functional>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace tdesk {

// The user rollups, by the `kind` column of rollup_users_open and rollup_user_samples (schema 5).
enum UserPeriodKind : int {
    HourUsers = 0,       // rollup_hour_users; period: the hour's start, ms
    DayUsers = 1,        // rollup_day_users; period: the UTC day's number
    DayCountryUsers = 2, // rollup_day_country_users; period: the UTC day's number
};
constexpr int UserPeriodKindCount = 3;

// A user seen in a period (country: empty but for DayCountryUsers).
struct PeriodUserRow
{
    int kind;
    qint64 projectId;
    qint64 period;
    QByteArray country;
    QByteArray userHash;
    bool operator==(const PeriodUserRow &) const = default;
    bool operator<(const PeriodUserRow &o) const
    {
        return std::tie(kind, projectId, period, country, userHash) < std::tie(o.kind, o.projectId, o.period, o.country, o.userHash);
    }
};

// From now on only the period's users whose hash is below `below` (4 hex digits) are kept: a sample.
struct UserSampleRow
{
    int kind;
    qint64 projectId;
    qint64 period;
    QByteArray below;
    bool operator==(const UserSampleRow &) const = default;
};

// What the user rollups add in one transaction.
struct UserRollupRows
{
    std::vector<PeriodUserRow> open;    // rollup_users_open: append
    std::vector<PeriodUserRow> closed;  // the kind's own table: insert if absent and below the period's sample
    std::vector<UserSampleRow> samples; // rollup_user_samples: set; delete the period's users at or above it
};

// A set of 64-bit user fingerprints: open addressing, 8 bytes a slot, so that a period's users cost
// about 12 bytes each in memory.
class FingerprintSet
{
public:
    bool contains(quint64 fingerprint) const;
    // False when it was there already.
    bool insert(quint64 fingerprint);
    size_t size() const { return m_size; }
    size_t bytes() const { return m_slots.size() * sizeof(quint64); }
    // Keeps only the fingerprints whose top 16 bits are below `below`.
    void keepBelow(quint32 below);

private:
    static quint64 stored(quint64 fingerprint) { return fingerprint ? fingerprint : 1; } // 0 marks a free slot
    void grow();
    std::vector<quint64> m_slots;
    size_t m_size = 0;
};

// Who was seen when: the users of each hour, UTC day, and UTC day and country, written so that the
// cost of an event hardly depends on how many different users send.
//
// Inserting a new user into a table keyed by (project, period, user) dirties a page at random for
// every new user, and each commit rewrites every page it dirtied: with many new users that was most
// of the writer's time. So a period that is still open (its end less than OpenGraceMs ago) gets its
// users appended to rollup_users_open, once each (the users it holds are remembered here as
// fingerprints); the writer moves them, sorted, into the keyed table once the period is over. A late
// event of a closed period is inserted there directly.
//
// A period keeps at most `sampleLimit` users: past that, only the users whose hash is below a bound
// that halves as the period grows (a uniform sample, because the hashes are). Counts over such a
// period are estimates — as the readers already make them over more than 50,000 user-periods — and
// the work and the memory a period costs stay bounded however many users it has.
//
// Per transaction: begin(), add() each newly stored event, rows(), then committed() or failed().
// Not thread-safe: one writer thread owns it.
class UserRollup
{
public:
    static constexpr qint64 OpenGraceMs = 60 * 1000;
    static constexpr size_t DefaultSampleLimit = 65536;
    static constexpr size_t DefaultRememberedUsers = 1 << 20; // ~12 MB of fingerprints

    // What a backend holds of a period the counter meets for the first time in this process.
    struct StoredPeriod
    {
        quint32 below = 0x10000; // all users
        std::vector<quint64> fingerprints;
    };
    using PeriodLoader = std::function<StoredPeriod(int kind, qint64 projectId, qint64 period)>;

    // `loader` reads what the database holds of an open period (none: nothing is stored yet).
    // `rememberedUsers` bounds the fingerprints kept across all periods: past it, the least recently
    // used period is forgotten and read again when next needed.
    explicit UserRollup(PeriodLoader loader = {}, size_t sampleLimit = DefaultSampleLimit,
                        size_t rememberedUsers = DefaultRememberedUsers);

    // The fingerprint of a user (a hex user hash: its first 16 digits, so that the top 16 bits are the
    // hash's first 4 digits) in a period of `kind`.
    static quint64 fingerprint(int kind, const QByteArray &country, const QByteArray &userHash);
    // Whether a period of `kind` is over at nowMs, for good: its users are in its keyed table.
    static bool isClosed(int kind, qint64 period, qint64 nowMs);

    void begin(qint64 nowMs);
    void add(const Event &event);
    UserRollupRows rows() const;
    void committed();
    void failed();
    // Retention deleted a project's days before `firstDay`.
    void forgetBefore(qint64 projectId, qint64 firstDay);
    size_t rememberedUsers() const { return m_remembered; }

private:
    struct Key
    {
        int kind;
        qint64 projectId;
        qint64 period;
        bool operator==(const Key &) const = default;
    };
    struct KeyHash
    {
        size_t operator()(const Key &k) const noexcept { return qHashMulti(0, k.kind, k.projectId, k.period); }
    };
    struct Period
    {
        FingerprintSet seen; // the users stored, below `below`
        quint32 below = 0x10000;
        quint64 lastUse = 0;
    };

    void see(const Key &key, const QByteArray &country, const QByteArray &userHash);
    Period &period(const Key &key);
    void forgetLeastUsed();

    PeriodLoader m_loader;
    size_t m_sampleLimit;
    size_t m_rememberLimit;
    size_t m_remembered = 0; // fingerprints in all periods' sets
    quint64 m_uses = 0;
    qint64 m_nowMs = 0;
    std::unordered_map<Key, Period, KeyHash> m_periods; // the open periods met
    std::vector<UserSampleRow> m_samples;               // bounds lowered, not yet committed
    // The transaction's.
    std::vector<PeriodUserRow> m_open;
    std::vector<PeriodUserRow> m_closed;
    std::vector<Key> m_touched; // periods whose sets took the transaction's users
    size_t m_samplesWritten = 0;
};

} // namespace tdesk
