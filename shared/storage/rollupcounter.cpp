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

RollupCounter::RollupCounter(std::optional<UserRollup> users)
    : m_users(std::move(users))
{
}

void RollupCounter::begin(const RollupMarks &marks)
{
    clearTransaction(); // whatever an unfinished one left
    m_marks = marks;
    if (m_users)
        m_users->begin(marks.nowMs);
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
    if (m_users)
        m_users->add(e);
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
    if (m_users)
        rows.users = m_users->rows();
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

void RollupCounter::committed()
{
    if (m_users)
        m_users->committed();
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
    if (m_users)
        m_users->failed();
    clearTransaction();
}

void RollupCounter::clearTransaction()
{
    m_minutes.clear();
    m_profiles.clear();
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

} // namespace tdesk
