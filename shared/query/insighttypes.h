#pragma once

// What the insights engine (query/insightquery.h) is asked and answers: trends, active users,
// sessions, retention, funnels, and what the pickers offer. Plain values, the same whichever reader
// (in process or remote) produced them. The definitions are written out in docs/API.md.

#include "query/timerange.h"

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace tdesk {

// The length of a bucket: calendar units in the insight's time zone (a day of a DST change is 23 or
// 25 hours long; a week starts on Monday).
enum class Interval { Minute, Hour, Day, Week, Month };

// Which events an insight reads: the Events view's filters, and the zone its buckets follow.
struct InsightFilter
{
    qint64 projectId = AllProjects;
    TimeRange range;
    QString timeZone = QStringLiteral("UTC"); // an IANA name
    QString os, version, hostVersion, country; // exact; "" = any (country in any case)
    // m.KEY = value: the property's value as text (true 1, false 0; numbers as written).
    QList<QPair<QString, QString>> properties;

    bool operator==(const InsightFilter &) const = default;
};

enum class TrendMetric { Count, Users, Sum, Average, P50, P95 };

struct TrendQuery
{
    InsightFilter filter;
    QString event; // "" = every event
    Interval interval = Interval::Day;
    TrendMetric metric = TrendMetric::Count;
    QString property;  // the numeric property (KEY of m.KEY) that sum, average and percentiles read
    QString breakdown; // "", "os", "ext", "vscode", "country" or "m.KEY"
    bool comparePrevious = false;
};

// One line of a trend: a breakdown value ("" = events without one), or all the values outside the
// top ones (`other`). Every bucket of the range has a point, oldest first; a point without a value
// is a bucket where an average or a percentile has nothing to be taken of.
struct TrendSeries
{
    QString key;
    bool other = false;
    QList<QPair<qint64, std::optional<double>>> points;
    bool operator==(const TrendSeries &) const = default;
};

// The breakdown values a trend or a funnel shows apart; the rest are added up as "other".
constexpr int InsightBreakdownTop = 10;

struct TrendResult
{
    QList<TrendSeries> series;   // by events over the range, most first (ties by value)
    // With comparePrevious: the same series over the period just before, as long as the range.
    TimeRange previousRange;
    QList<TrendSeries> previous;
};

// Users active in the day, and in the 7 and 30 days ending with it (rolling windows).
struct ActiveUsersPoint
{
    qint64 dayStartMs = 0;
    qint64 daily = 0, weekly = 0, monthly = 0;
    bool operator==(const ActiveUsersPoint &) const = default;
};

struct ActiveUsersResult
{
    QList<ActiveUsersPoint> points; // every day of the range
    // The average of DAU ÷ MAU over the days with any monthly users: how many of a month's users
    // come back on a given day.
    double stickiness = 0;
};

struct SessionsQuery
{
    InsightFilter filter;
    Interval interval = Interval::Day;
};

// A session is the events with one sessionId; events without one belong to their user's session
// that ends after 30 minutes without an event. Only events inside the range count, and a session
// belongs to the bucket where it starts.
constexpr qint64 SessionGapMs = 30 * 60 * 1000;

struct SessionsResult
{
    qint64 sessions = 0;
    qint64 events = 0;
    // Durations (last event − first), nearest-rank percentiles; 0 without sessions.
    qint64 p50Ms = 0, p90Ms = 0, p99Ms = 0;
    QList<QPair<qint64, qint64>> points; // sessions starting in each bucket
    double eventsPerSession() const { return sessions ? double(events) / double(sessions) : 0.0; }
};

struct RetentionQuery
{
    InsightFilter filter;
    Interval window = Interval::Day; // Day or Week
    int windows = 8;
    QString event;       // what makes a user part of a cohort: their first ever; "" = any event
    QString returnEvent; // what counts as coming back; "" = any event
};

struct RetentionCohort
{
    qint64 startMs = 0;
    qint64 size = 0;
    // retained[j]: the cohort's users with a return event in the window j after the cohort's; [0] is
    // the size. Windows that start at or after the range's end are left out.
    QList<qint64> retained;
    bool operator==(const RetentionCohort &) const = default;
};

struct RetentionResult
{
    QList<RetentionCohort> cohorts; // the range's first `windows` windows, oldest first
};

struct FunnelQuery
{
    InsightFilter filter;
    QStringList steps;         // 2 to 20 event names, in order
    qint64 windowMs = 86400000; // from a user's first step to the last one counted
    bool strict = false;       // no other event of the user between two steps
    QString breakdown;         // as TrendQuery::breakdown, taken from the user's first step-1 event
};

struct FunnelStep
{
    QString event;
    qint64 users = 0;
    // Time from step 1 to this step, per converted user the shortest; median (nearest rank) and
    // average over them. None for step 1 and for a step nobody reached.
    std::optional<qint64> medianMs;
    std::optional<double> averageMs;
    bool operator==(const FunnelStep &) const = default;
};

struct FunnelBreakdown
{
    QString key;
    bool other = false;
    QList<qint64> users; // per step
    bool operator==(const FunnelBreakdown &) const = default;
};

struct FunnelResult
{
    QList<FunnelStep> steps;
    QList<FunnelBreakdown> breakdown; // by users at step 1, most first (ties by value)
};

// The users who reached a step of a funnel (stored hashes, in byte order): the first
// MaxFilterUsers of them, which an EventFilter's `user` can name, and how many there are.
struct FunnelUsers
{
    QStringList users;
    qint64 total = 0;
    bool operator==(const FunnelUsers &) const = default;
};

constexpr int FunnelMinSteps = 2;
constexpr int FunnelMaxSteps = 20;

// What the insight pickers offer: event names by events in the range, most first; and the keys
// (os, ext, vscode, country, m.KEY) seen on the latest events (of one name, if given), each with
// its most frequent values there.
struct PropertyValues
{
    QString key;
    QList<QPair<QString, qint64>> top;
    bool operator==(const PropertyValues &) const = default;
};

struct PropertiesResult
{
    QList<QPair<QString, qint64>> events;
    QList<PropertyValues> keys;
    qint64 sampled = 0; // how many of the latest events the keys were read from
};

// How many of the latest events the property keys are read from.
constexpr int PropertySampleEvents = 5000;

} // namespace tdesk

Q_DECLARE_METATYPE(tdesk::InsightFilter)
