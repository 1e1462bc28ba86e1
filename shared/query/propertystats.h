#pragma once

#include "query/timerange.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>

namespace tdesk {

class SqlStatements;

// Figures over the properties (`m`, stored as JSON) of the events of one name in a range, read from
// the raw events (no rollup counts properties). Properties that are not valid JSON count as absent.
// `sql` reads in the caller's snapshot; `projects` is projectCondition().

// The numbers (JSON integers and reals, not below `minimum`) of property KEY of the events named
// `event`: how many, their sum, the nearest-rank percentiles asked (p in 0..100: the smallest value
// with at least p% of them at or below it; 0 when there are none), and a histogram over `edges`
// (ascending): values in [edges[i], edges[i+1]), the last bucket open-ended, values below edges[0]
// in none.
struct NumericStats
{
    qint64 count = 0;
    double sum = 0;
    QList<double> percentiles;
    QList<qint64> histogram;
    double average() const { return count ? sum / double(count) : 0.0; }
};
NumericStats numericPropertyStats(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                  const QString &event, const QString &key, const QList<double> &percentiles = {},
                                  const QList<double> &edges = {},
                                  double minimum = -std::numeric_limits<double>::infinity());

// The events named `event` per value of each of `keys`, per UTC day (day = ms / 86400000) when
// `perDay` (else day 0). `type` is SQLite's json_type ("integer", "real", "text", "true", "false",
// "null", "object", "array"), "" where the key is absent; `value` the value as json_extract gives it,
// as text (true 1, false 0, null "", objects and arrays as JSON).
struct PropertyValueCount
{
    QString key;
    qint64 day = 0;
    QString type;
    QString value;
    qint64 events = 0;
};
QList<PropertyValueCount> propertyValueCounts(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                              const QString &event, const QStringList &keys, bool perDay = false);

// Up to `limit` events named `event` whose property `whereKey` is the integer `whereValue`, in the
// order of `orderBy` (keys: by the property's number, true 1 and false 0; absent or null as
// `absentAs`; other types after all numbers), then newest first.
struct PropertyOrder
{
    QString key;
    bool descending = false;
    double absentAs = std::numeric_limits<double>::quiet_NaN(); // NaN: after all numbers
};
struct EventProperties
{
    qint64 timeMs = 0;
    QString userHash;
    QString sessionId;
    QJsonObject props; // empty when absent or not a JSON object
};
QList<EventProperties> eventsByProperties(SqlStatements &sql, const QString &projects, const TimeRange &range,
                                          const QString &event, const QString &whereKey, qint64 whereValue,
                                          const QList<PropertyOrder> &orderBy, int limit);

} // namespace tdesk
