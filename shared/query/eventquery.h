#pragma once

#include "core/result.h"
#include "query/timerange.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <cmath>
#include <compare>
#include <functional>
#include <limits>

class QSqlDatabase;

namespace tdesk {

// Which events the Events view and the CSV export show. An empty string matches everything.
struct EventFilter
{
    static constexpr TimeRange AllTime{std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()};

    qint64 projectId = AllProjects;
    TimeRange range = AllTime;
    QString name;     // event name, exact
    QString user;     // a user id as the app sent it, or its stored hash (32 hex characters)
    QString os;       // exact
    QString version;  // app version (`ext`), exact
    QString country;  // ISO 3166-1 alpha-2, any case
    QString text;     // a substring of the properties' JSON text, or of a value as typed (quotes and
                      // backslashes unescaped); case-insensitive, non-ASCII letters included

    bool operator==(const EventFilter &) const = default;
};

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

// The same event as the UTF-8 bytes stored, for readers that write bytes out again (the CSV
// export) and should not turn every field into a QString and back.
struct EventRowUtf8
{
    qint64 id = 0;
    qint64 projectId = 0;
    qint64 timeMs = 0;
    qint64 receivedMs = 0;
    QByteArray eventId, userHash, sessionId, name, os, appVersion, hostVersion, country, region, city;
    double latitude = std::numeric_limits<double>::quiet_NaN();
    double longitude = std::numeric_limits<double>::quiet_NaN();
    QByteArray props;

    EventRow toEventRow() const;
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
    qint64 newestStoredId = 0;       // the highest row id when the scan began: where a live tail starts
};

struct EventPage : EventScan
{
    QList<EventRow> rows;            // newest first
};

// Up to `limit` events matching `filter`, newest first, strictly older than `after` (the default
// cursor: from the newest). Reads only what the page needs through the (project, time) index.
// These functions take a Qt Sql connection to the SQLite event store (the SQL is SQLite's).
Result<EventPage> fetchEventPage(const QSqlDatabase &db, const EventFilter &filter, const EventCursor &after,
                                 int limit, const ScanBudget &budget = {});

// The walk under fetchEventPage(), handing each matching row to `visit` (newest first) instead of
// collecting them: for bulk readers such as the CSV export.
Result<EventScan> walkEvents(const QSqlDatabase &db, const EventFilter &filter, const EventCursor &after, qint64 limit,
                             const ScanBudget &budget, const std::function<void(const EventRowUtf8 &)> &visit);

// Where the time slice [start, beforeMs) holding about `rows` events of the filter's projects
// begins (counted on the index alone, whatever the filters other than project and time): for
// splitting a long walk into parts that can run side by side. Never before the filter's range.
Result<qint64> eventSliceStart(const QSqlDatabase &db, const EventFilter &filter, qint64 beforeMs, qint64 rows);

struct EventTail
{
    QList<EventRow> rows;   // in order of arrival; their times may be older than rows already shown
    qint64 lastId = 0;      // pass as `afterId` next time (every stored row up to it was examined)
    bool caughtUp = false;  // every stored row was examined
};

// Live tail: the events matching `filter` that were stored after the row with id `afterId`
// (EventPage::newestStoredId of the first page, then EventTail::lastId). By arrival rather than by
// event time, so late events, sent from a client's buffer with older times, are not missed.
Result<EventTail> fetchNewerThan(const QSqlDatabase &db, const EventFilter &filter, qint64 afterId, int limit,
                                 const ScanBudget &budget = {});

} // namespace tdesk

Q_DECLARE_METATYPE(tdesk::EventRow)
