#include "storage/rollupcounter.h"

#include "core/timeunits.h"
#include "storage/rollups.h"

#include <algorithm>

namespace tdesk {
namespace {

qint64 dayOf(qint64 ms)
{
    return floorTo(ms, DayMs) / DayMs;
}

} // namespace

size_t RollupCounter::Hash::operator()(const Profile &p) const noexcept
{
    size_t h = qHashMulti(size_t(p.minuteMs), p.projectId, p.name, p.os, p.ext, p.vscode, p.country);
    return p.hasLocation ? qHashMulti(h, p.city, p.latitude, p.longitude) : h;
}

size_t RollupCounter::Hash::operator()(const PeriodUserRow &u) const noexcept
{
    return qHash(u.userHash, size_t(u.period * 31 + u.projectId));
}

size_t RollupCounter::Hash::operator()(const DayCountryUserRow &u) const noexcept
{
    return qHash(u.userHash, qHash(u.country, size_t(u.day * 31 + u.projectId)));
}

RollupCounter::RollupCounter(size_t seenUsersLimit)
    : m_seenUsersLimit(seenUsersLimit)
{
}

void RollupCounter::begin(const RollupMarks &marks)
{
    clearTransaction(); // whatever an unfinished one left
    m_marks = marks;
}

RollupCounter::Profile RollupCounter::profileOf(const Event &e)
{
    const bool located = e.hasLocation();
    return Profile{e.projectId, floorTo(e.timeMs, MinuteMs), e.name, e.os, e.ext, e.vscode, e.country,
                   located ? e.city : QByteArray(), located, located ? e.latitude : 0.0, located ? e.longitude : 0.0};
}

void RollupCounter::add(const Event &e)
{
    m_minutes[{e.projectId, floorTo(e.timeMs, MinuteMs), e.name}] += 1;
    // Most events come from users already seen this hour: only the first of the day and of the
    // hour is written (a user stored for the hour is stored for its day).
    PeriodUserRow hourUser{e.projectId, floorTo(e.timeMs, HourMs), e.userHash};
    if (!m_seenHourUsers.contains(hourUser)) {
        PeriodUserRow dayUser{e.projectId, dayOf(e.timeMs), e.userHash};
        if (!m_seenDayUsers.contains(dayUser))
            m_newDayUsers.insert(std::move(dayUser));
        m_newHourUsers.insert(std::move(hourUser));
    }
    DayCountryUserRow countryUser{e.projectId, dayOf(e.timeMs), e.country, e.userHash};
    if (!m_seenDayCountryUsers.contains(countryUser))
        m_newDayCountryUsers.insert(std::move(countryUser));
    ++m_profiles[profileOf(e)];
}

// Adds a profile's events to each dimension's row of `period`.
void RollupCounter::countDimensions(const Profile &p, qint64 period, qint64 events, DimensionCounts &counts)
{
    for (const auto &[dim, value] : {std::pair{EventNameDim, &p.name}, std::pair{OsDim, &p.os}, std::pair{AppVersionDim, &p.ext},
                                     std::pair{HostVersionDim, &p.vscode}, std::pair{CountryDim, &p.country}})
        counts[{p.projectId, period, dim, *value}] += events;
    if (p.hasLocation)
        counts[{p.projectId, period, PlaceDim, encodePlaceKey(p.country, p.city, p.latitude, p.longitude)}] += events;
}

std::vector<DimensionRow> RollupCounter::toRows(const DimensionCounts &counts)
{
    std::vector<DimensionRow> rows;
    rows.reserve(counts.size());
    for (const auto &[key, events] : counts)
        rows.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), events});
    return rows;
}

RollupRows RollupCounter::rows() const
{
    RollupRows rows;
    rows.minutes.reserve(m_minutes.size());
    for (const auto &[key, events] : m_minutes)
        rows.minutes.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), events});
    const auto sorted = [](const auto &set) {
        std::vector<typename std::decay_t<decltype(set)>::value_type> rows(set.begin(), set.end());
        std::sort(rows.begin(), rows.end());
        return rows;
    };
    rows.dayUsers = sorted(m_newDayUsers);
    rows.hourUsers = sorted(m_newHourUsers);
    rows.dayCountryUsers = sorted(m_newDayCountryUsers);
    // Every event counts in rollup_hour; in rollup_day and rollup_recent only when it is late for a
    // day or minute they already hold (the others are added when those are built).
    DimensionCounts perHour, perDay, perRecent;
    for (const auto &[p, events] : m_profiles) {
        countDimensions(p, floorTo(p.minuteMs, HourMs), events, perHour);
        if (dayOf(p.minuteMs) < m_marks.dayThrough)
            countDimensions(p, dayOf(p.minuteMs), events, perDay);
        if (m_marks.recentKept && p.minuteMs >= m_marks.recentFromMs && p.minuteMs < m_marks.recentThroughMs)
            countDimensions(p, p.minuteMs, events, perRecent);
    }
    rows.hours = toRows(perHour);
    rows.days = toRows(perDay);
    rows.recentMinutes = toRows(perRecent);
    return rows;
}

template<typename Set>
void RollupCounter::remember(Set &seen, Set &fresh) const
{
    // Cheap to forget: a forgotten user costs one more insert that finds its row there.
    if (seen.size() + fresh.size() > m_seenUsersLimit)
        seen.clear();
    seen.merge(fresh);
}

void RollupCounter::committed()
{
    remember(m_seenDayUsers, m_newDayUsers);
    remember(m_seenHourUsers, m_newHourUsers);
    remember(m_seenDayCountryUsers, m_newDayCountryUsers);
    if (m_marks.recentKept) {
        for (const auto &[p, events] : m_profiles) {
            if (p.minuteMs >= m_marks.recentThroughMs)
                m_openMinutes[p] += events;
        }
    }
    clearTransaction();
}

void RollupCounter::failed()
{
    clearTransaction();
}

void RollupCounter::clearTransaction()
{
    m_minutes.clear();
    m_profiles.clear();
    m_newDayUsers.clear();
    m_newHourUsers.clear();
    m_newDayCountryUsers.clear();
}

void RollupCounter::seedOpenMinutes(const Event &like, qint64 events)
{
    m_openMinutes[profileOf(like)] += events;
}

std::vector<DimensionRow> RollupCounter::openMinuteRowsBefore(qint64 throughMs) const
{
    DimensionCounts counts;
    for (const auto &[p, events] : m_openMinutes) {
        if (p.minuteMs < throughMs)
            countDimensions(p, p.minuteMs, events, counts);
    }
    return toRows(counts);
}

void RollupCounter::forgetOpenMinutesBefore(qint64 throughMs)
{
    std::erase_if(m_openMinutes, [throughMs](const auto &entry) { return entry.first.minuteMs < throughMs; });
}

void RollupCounter::clearOpenMinutes()
{
    m_openMinutes.clear();
}

void RollupCounter::forgetUsersBefore(qint64 projectId, qint64 firstDay)
{
    std::erase_if(m_seenDayUsers, [&](const PeriodUserRow &u) { return u.projectId == projectId && u.period < firstDay; });
    std::erase_if(m_seenHourUsers,
                  [&](const PeriodUserRow &u) { return u.projectId == projectId && u.period < firstDay * DayMs; });
    std::erase_if(m_seenDayCountryUsers,
                  [&](const DayCountryUserRow &u) { return u.projectId == projectId && u.day < firstDay; });
}

} // namespace tdesk
