#pragma once

#include "core/result.h"
#include "query/readtypes.h"

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

// The same event as the UTF-8 bytes stored, for readers that write bytes out again (the CSV
// export) and should not turn every field into a QString and back.
struct EventRowUtf8
{
    qint64 id = 0;
    qint64 arrival = 0; // its place in the order rows became visible (arrivalColumn())
    qint64 projectId = 0;
    qint64 timeMs = 0;
    qint64 receivedMs = 0;
    QByteArray eventId, userHash, sessionId, name, os, appVersion, hostVersion, country, region, city;
    double latitude = std::numeric_limits<double>::quiet_NaN();
    double longitude = std::numeric_limits<double>::quiet_NaN();
    QByteArray props;

    EventRow toEventRow() const;
};

// Up to `limit` events matching `filter`, newest first, strictly older than `after` (the default
// cursor: from the newest). Reads only what the page needs through the (project, time) index.
// These functions take a Qt Sql connection to the event store, SQLite or PostgreSQL.
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

// Live tail: the events matching `filter` that were stored after the row with id `afterId`
// (EventPage::newestStoredId of the first page, then EventTail::lastId). By arrival rather than by
// event time, so late events, sent from a client's buffer with older times, are not missed.
Result<EventTail> fetchNewerThan(const QSqlDatabase &db, const EventFilter &filter, qint64 afterId, int limit,
                                 const ScanBudget &budget = {});

} // namespace tdesk
