#pragma once

#include "core/result.h"
#include "query/readtypes.h"

#include <QStringList>

class QSqlDatabase;

namespace tdesk {

// What the Events view's filter needs besides the rows: how many events it matches, and the stored
// values a filter box can suggest. These functions take a Qt Sql connection to the SQLite event
// store (the SQL is SQLite's).

// See Reader::countEvents.
Result<EventCount> countEvents(const QSqlDatabase &db, const EventFilter &filter, qint64 throughId,
                               const EventCursor &after, const ScanBudget &budget);

// Whether countEvents() counts the filter exactly from the rollups, in one call.
bool countableFromRollups(const EventFilter &filter);

// See Reader::suggestValues.
Result<QStringList> suggestValues(const QSqlDatabase &db, qint64 projectId, const TimeRange &range, EventField field,
                                  const QString &prefix, int limit, qint64 nowMs);

} // namespace tdesk
