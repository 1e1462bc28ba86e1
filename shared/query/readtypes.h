#pragma once

// What the read interface (query/reader.h) answers with: plain values, the same whichever
// implementation (in-process or remote) produced them.

#include "query/timerange.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cmath>
#include <compare>
#include <functional>
#include <limits>

namespace tdesk {

// Events per time bucket, keyed by the bucket's start (epoch ms), oldest first.
using Series = QList<QPair<qint64, qint64>>;

// A value of one dimension and how many events had it. "" stands for events without the field
// (shown as "unknown").
struct ValueCount
{
    QString value;
    qint64 events = 0;
    bool operator==(const ValueCount &) const = default;
};

// The values with the most events, and what the others add up to.
struct Breakdown
{
    QList<ValueCount> top; // most events first; equal counts by value
    qint64 other = 0;      // the events of every value not in `top`
};

// The figures of one period that the Overview's tiles show, for the range and for the period
// just before it (the comparison).
struct PeriodTotals
{
    qint64 events = 0;
    // Distinct users, exact unless `usersEstimated` (over many days with many users a sample of
    // users is counted and scaled up, within a few percent).
    qint64 users = 0;
    bool usersEstimated = false;
    qint64 countries = 0; // distinct known countries
};

struct OverviewData
{
    TimeRange range;             // the range asked for
    PeriodTotals totals;         // over `range`
    TimeRange previousRange;     // as long as `range`, ending where it starts
    PeriodTotals previous;       // over `previousRange`

    // Events per bucket: every bucket from the one holding range.fromMs to the one holding the
    // range's last millisecond, empty ones included, keyed by their start. Buckets are aligned to
    // multiples of bucketMs since the epoch, so the first and last may be partly outside the range
    // (only events inside it are counted).
    qint64 bucketMs = 0;
    Series series;
    // The same over previousRange, keyed by its buckets' starts moved forward by the range's length:
    // a previous bucket and the current one at the same offset share a key.
    Series previousSeries;

    Breakdown topEvents; // at most OverviewTopEvents names, the rest in `other`
    Breakdown os;
    Breakdown appVersions;  // `ext`
    Breakdown hostVersions; // `vscode`
    Breakdown countries;
};

constexpr int OverviewTopEvents = 10;
constexpr int OverviewTopValues = 8;   // per breakdown
constexpr int OverviewMaxPoints = 240; // at most this many buckets, give or take the partial ones

// One country's share of a range. `country` is the ISO 3166-1 alpha-2 code, "" for events whose
// country is unknown.
struct GeoCountry
{
    QString country;
    qint64 events = 0;
    qint64 users = 0;
};

// A place with coordinates (the GeoIP city), as the collector stored it: coordinates to 2 decimals.
struct GeoPlace
{
    QString country;
    QString city; // may be empty: coordinates without a city name
    double lat = 0;
    double lon = 0;
    qint64 events = 0;
};

struct GeoSummary
{
    QList<GeoCountry> countries; // most events first
    QList<GeoPlace> places;      // most events first, at most the asked number
    qint64 events = 0;           // all events in the range, with or without a country
    qint64 users = 0;            // distinct users in the range, as PeriodTotals::users
    bool usersEstimated = false; // users (total or per country) estimated from a sample, as PeriodTotals's
};

// Which events the Events view and the CSV export show. An empty string matches everything.
struct EventFilter
{
    static constexpr TimeRange AllTime{std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()};

    qint64 projectId = AllProjects;
    TimeRange range = AllTime;
    QString name;     // event name, exact
    QString user;     // a user id as the app sent it, or its stored hash (32 hex characters); several
                      // separated by commas (at most MaxFilterUsers)
    QString os;       // exact
    QString version;  // app version (`ext`), exact
    QString country;  // ISO 3166-1 alpha-2, any case
    QString text;     // a substring of the properties' JSON text, or of a value as typed (quotes and
                      // backslashes unescaped); case-insensitive, non-ASCII letters included

    bool operator==(const EventFilter &) const = default;
};

constexpr int MaxFilterUsers = 200;

// The users an EventFilter names, each trimmed; none for an empty `user`.
inline QStringList filterUsers(const EventFilter &filter)
{
    QStringList users;
    for (const QString &part : filter.user.split(u','))
        if (const QString user = part.trimmed(); !user.isEmpty())
            users.append(user);
    return users;
}

// A position in the newest-first walk over (time, id). A page continues with the events strictly
// older than it; the id breaks ties, so events with equal times page without gaps or repeats.
// The default cursor stands before the newest event.
struct EventCursor
{
    qint64 timeMs = std::numeric_limits<qint64>::max();
    qint64 id = std::numeric_limits<qint64>::max();

    friend auto operator<=>(const EventCursor &, const EventCursor &) = default;
};

// One stored event, every column the Events view and the export show.
struct EventRow
{
    qint64 id = 0;          // storage row id, rising in order of arrival
    qint64 projectId = 0;
    qint64 timeMs = 0;      // event time, epoch milliseconds UTC
    qint64 receivedMs = 0;
    QString eventId;        // the client's idempotency id; empty when it sent none
    QString userHash;
    QString sessionId;
    QString name;
    QString os;
    QString appVersion;     // `ext`
    QString hostVersion;    // `vscode`
    QString country;
    QString region;
    QString city;
    double latitude = std::numeric_limits<double>::quiet_NaN();
    double longitude = std::numeric_limits<double>::quiet_NaN();
    QString props;          // compact JSON object; empty when the event had none

    EventCursor cursor() const { return {timeMs, id}; }
    bool hasLocation() const { return !std::isnan(latitude) && !std::isnan(longitude); }
};

// How much one call may scan before it returns what it has found. Filters other than time are
// checked row by row along the (project, time) index, so a rare one would otherwise scan the
// whole range in one go. At least one window of rows is always examined, so each call progresses.
struct ScanBudget
{
    // 0: no time limit. 8 leaves half of the 16 ms a page fetch may take (a frame) for the window
    // that runs over and for the machine's hiccups.
    int milliseconds = 8;
    qint64 rowsExamined = 0;  // 0: no limit

    static ScanBudget unlimited() { return {0, 0}; }
};

// Where a walk stopped, and what it looked at.
struct EventScan
{
    EventCursor next;                // pass as `after` to continue
    bool reachedRangeStart = false;  // the walk is complete: nothing older matches
    qint64 rowsFound = 0;            // fewer than asked when the budget ran out
    qint64 rowsExamined = 0;         // at most this many rows were looked at
    qint64 newestStoredId = 0;       // the position of the newest stored row when the scan began: where a live tail starts
};

struct EventPage : EventScan
{
    QList<EventRow> rows;            // newest first
};

struct EventTail
{
    QList<EventRow> rows;   // in order of arrival; their times may be older than rows already shown
    qint64 lastId = 0;      // pass as `afterId` next time (every stored row up to it was examined)
    bool caughtUp = false;  // every stored row was examined
};

struct CsvExportOptions
{
    // Start with a UTF-8 byte order mark. Excel opens a CSV without one in the system's legacy code
    // page and garbles every non-ASCII character; LibreOffice, pandas and Python's csv module
    // (encoding "utf-8-sig") read it fine. Off for tools that want plain UTF-8.
    bool byteOrderMark = true;
    // Put an apostrophe before text starting with = + - @ tab or CR. Event names and properties come
    // from any client holding a public key; a spreadsheet would run such text as a formula.
    bool guardFormulas = true;
    // Called on the exporting thread every few thousand rows: rows written so far, and the event
    // time reached (the export goes newest first).
    std::function<void(qint64 rowsWritten, qint64 reachedTimeMs)> progress;
    // Set from any thread to stop: the export then fails and leaves no file.
    const std::atomic<bool> *cancel = nullptr;
};

// How many events a filter matches (Reader::countEvents): one call's share of the count.
struct EventCount
{
    qint64 events = 0;     // matches this call counted; add up the calls' counts until `complete`
    bool complete = false; // nothing older is left to count
    EventCursor next;      // where the next call continues (pass as `after`) while not complete
};

// A field whose stored values can be suggested (Reader::suggestValues): one per rollup dimension.
enum class EventField { Name, Os, AppVersion, HostVersion, Country };

// How far back suggestions look when the range has no beginning.
constexpr qint64 SuggestionDays = 30;

// What a collector says about itself: the Collector view, the status bar, the Query API's status.
struct CollectorStatus
{
    bool running = false;
    QString address;                        // "127.0.0.1:8088"
    QString databaseLocation;               // a file path, or a server's address
    qint64 databaseBytes = 0;
    double eventsPerSecond = 0;             // committed, over the last second or so
    qint64 queuedEvents = 0;
    qint64 spooledEvents = 0;               // PostgreSQL: acknowledged into the local spool while it is unreachable
    qint64 spoolOldestMs = 0;               // when the oldest of those arrived (0: none)
    quint64 eventsAccepted = 0;             // demo events included
    quint64 demoEventsAccepted = 0;         // of those, sent by "Send demo data"
    bool demoBackfilling = false;           // demo data: the past 30 days being stored
    bool demoLive = false;                  // ... then live demo events every second
    qint64 demoLiveUntilMs = 0;             // when that ends by itself (0: not live, or until stopped)
    quint64 requests = 0;
    QMap<QString, quint64> rejectsByReason; // skipped items by reason code, plus rate_limited/unavailable
    QString storageError;
    // The rate limit of projects without one of their own: requests per window per client address
    // and per key (0: none); a project's own limit counts over the same window.
    int defaultRateLimit = 0;
    qint64 rateWindowMs = 0;
};

// The database behind a reader.
struct StoreInfo
{
    QString backend;        // "sqlite" | "postgresql"
    QString engineVersion;  // "3.40.1"
    QString location;       // a file path, or a server's address
    bool hasEvents = false;
    qint64 replicaDelayMs = -1; // reads from a replica this far behind the database written to; -1: not a replica
};

} // namespace tdesk

Q_DECLARE_METATYPE(tdesk::EventRow)
Q_DECLARE_METATYPE(tdesk::CollectorStatus)
