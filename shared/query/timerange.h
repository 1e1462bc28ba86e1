#pragma once

#include <QtGlobal>

namespace tdesk {

// A half-open range of event times [fromMs, toMs), epoch milliseconds (UTC).
struct TimeRange
{
    qint64 fromMs = 0;
    qint64 toMs = 0;

    qint64 lengthMs() const { return toMs - fromMs; }
    bool contains(qint64 ms) const { return ms >= fromMs && ms < toMs; }
    bool operator==(const TimeRange &) const = default;
};

// Which events a view reads: one project, or all of them (projectId 0).
constexpr qint64 AllProjects = 0;

} // namespace tdesk
