#pragma once

#include "query/timerange.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace tdesk {

class SqlStatements;

// A session as its client named it (the events sharing a non-empty sessionId) within a range.
struct SessionActivity
{
    QString id;
    QString userHash; // the least of its users' hashes (a session normally has one)
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    QHash<QString, qint64> eventsByName;
    // Per key asked: the greatest number (JSON integer or real; true 1, false 0) of property m.KEY
    // among the session's events named one of `ofEvents` (any, when empty); absent when none has one.
    QHash<QString, double> greatest;
};

// The sessions with events in `range`, most recently active first (ties by id), at most `limit`
// (negative: all). Reads the raw events of the range. `sql` reads in the caller's snapshot;
// `projects` is projectCondition().
QList<SessionActivity> latestSessions(SqlStatements &sql, const QString &projects, const TimeRange &range, int limit,
                                      const QStringList &numericKeys = {}, const QStringList &ofEvents = {});

} // namespace tdesk
