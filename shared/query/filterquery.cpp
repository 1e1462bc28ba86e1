#include "query/filterquery.h"

#include "core/timeunits.h"
#include "query/eventquery.h"
#include "query/rollupplan.h"
#include "query/sqlstatements.h"
#include "storage/rollups.h"

#include <QSqlQuery>

#include <algorithm>
#include <limits>
#include <optional>

namespace tdesk {
namespace {

using Int64 = std::numeric_limits<qint64>;

// A filtered field as a rollup dimension: its number, its events column, and the value asked for.
struct DimensionFilter
{
    RollupDimension dim;
    QString column;
    QString value;
};

DimensionSql dimensionSql(RollupDimension dim, const QString &column)
{
    return {dim, QStringLiteral("coalesce(%1, '')").arg(column), {}};
}

// The one dimension a rollup-countable filter narrows by; nullopt for none (every event counts).
std::optional<DimensionFilter> dimensionOf(const EventFilter &filter)
{
    const DimensionFilter candidates[] = {
        {EventNameDim, QStringLiteral("name"), filter.name.trimmed()},
        {OsDim, QStringLiteral("os"), filter.os.trimmed()},
        {AppVersionDim, QStringLiteral("ext"), filter.version.trimmed()},
        {CountryDim, QStringLiteral("country"), filter.country.trimmed().toUpper()}, // stored upper case
    };
    for (const DimensionFilter &candidate : candidates) {
        if (!candidate.value.isEmpty())
            return candidate;
    }
    return std::nullopt;
}

// The range cut to the stored events' times, so that a range without ends plans a few days, not
// every day since 1970.
TimeRange storedPart(SqlStatements &sql, const QList<qint64> &projectIds, const TimeRange &range)
{
    qint64 first = Int64::max();
    qint64 last = Int64::min();
    for (const qint64 project : projectIds) {
        bool any = false;
        sql.each(QStringLiteral("SELECT ts FROM events WHERE project_id = :one ORDER BY ts LIMIT 1"), {{":one", project}},
                 [&](const QSqlQuery &q) {
                     first = std::min(first, q.value(0).toLongLong());
                     any = true;
                 });
        if (any) {
            sql.each(QStringLiteral("SELECT ts FROM events WHERE project_id = :one ORDER BY ts DESC LIMIT 1"),
                     {{":one", project}}, [&](const QSqlQuery &q) { last = std::max(last, q.value(0).toLongLong()); });
        }
    }
    if (first > last)
        return {0, 0};
    return {std::max(range.fromMs, first), std::min(range.toMs, last + 1)};
}

QList<qint64> projectIds(SqlStatements &sql, qint64 projectId)
{
    if (projectId != AllProjects)
        return {projectId};
    QList<qint64> ids;
    sql.each(QStringLiteral("SELECT id FROM projects ORDER BY id"), [&](const QSqlQuery &q) { ids.append(q.value(0).toLongLong()); });
    return ids;
}

Result<EventCount> countFromRollups(const QSqlDatabase &db, const EventFilter &filter, qint64 throughId)
{
    SqlStatements sql(db, true); // the rollups and the rows stored after throughId in one snapshot
    sql.bind(QStringLiteral(":project"), filter.projectId);
    const QString projects = projectCondition(sql.dialect(), filter.projectId);
    const TimeRange range = storedPart(sql, projectIds(sql, filter.projectId), filter.range);
    EventCount count;
    count.complete = true;
    count.next = EventCursor{range.fromMs, Int64::min()};
    if (range.toMs <= range.fromMs)
        return sql.error().isEmpty() ? Result<EventCount>(count) : Error{sql.error()};

    const std::optional<DimensionFilter> dimension = dimensionOf(filter);
    // Without a dimension every event counts once under its name.
    const QString column = dimension ? dimension->column : QStringLiteral("name");
    const DimensionSql counted = dimensionSql(dimension ? dimension->dim : EventNameDim, column);
    const QList<RangePart> plan = planRangeRead(sql, projects, range);
    QString total = QStringLiteral("SELECT sum(n) FROM (") + dimensionCountsSql(sql.dialect(), plan, projects, {counted}, column) + QStringLiteral(") AS counts");
    if (dimension) {
        sql.bind(QStringLiteral(":value"), dimension->value);
        total += QStringLiteral(" WHERE value = :value");
    }
    count.events = sql.number(total);

    // Rows stored after throughId belong to the live tail: in order of arrival, the newest rows only.
    QString later = QStringLiteral("SELECT count(*) FROM events") + byArrival(sql.dialect()) + QStringLiteral(" WHERE ")
        + arrivalColumn(sql.dialect()) + QStringLiteral(" > :through AND ") + projects
        + QStringLiteral(" AND ts >= :from AND ts < :to");
    if (dimension)
        later += QStringLiteral(" AND ") + dimension->column + QStringLiteral(" = :value");
    count.events -= sql.number(later, {{":through", throughId}, {":from", range.fromMs}, {":to", range.toMs}});
    if (!sql.error().isEmpty())
        return Error{sql.error()};
    return count;
}

} // namespace

bool countableFromRollups(const EventFilter &filter)
{
    if (!filter.user.trimmed().isEmpty() || !filter.text.isEmpty())
        return false;
    const int narrowing = int(!filter.name.trimmed().isEmpty()) + int(!filter.os.trimmed().isEmpty())
        + int(!filter.version.trimmed().isEmpty()) + int(!filter.country.trimmed().isEmpty());
    return narrowing <= 1;
}

Result<EventCount> countEvents(const QSqlDatabase &db, const EventFilter &filter, qint64 throughId,
                               const EventCursor &after, const ScanBudget &budget)
{
    if (countableFromRollups(filter))
        return countFromRollups(db, filter, throughId);
    EventCount count;
    auto scan = walkEvents(db, filter, after, Int64::max(), budget, [&](const EventRowUtf8 &row) {
        if (row.arrival <= throughId)
            ++count.events;
    });
    if (!scan)
        return Error{scan.error()};
    count.complete = scan->reachedRangeStart;
    count.next = scan->next;
    return count;
}

Result<QStringList> suggestValues(const QSqlDatabase &db, qint64 projectId, const TimeRange &range, EventField field,
                                  const QString &prefix, int limit, qint64 nowMs)
{
    const DimensionSql dimension = [field] {
        switch (field) {
        case EventField::Name: return dimensionSql(EventNameDim, QStringLiteral("name"));
        case EventField::Os: return dimensionSql(OsDim, QStringLiteral("os"));
        case EventField::AppVersion: return dimensionSql(AppVersionDim, QStringLiteral("ext"));
        case EventField::HostVersion: return dimensionSql(HostVersionDim, QStringLiteral("vscode"));
        case EventField::Country: break;
        }
        return dimensionSql(CountryDim, QStringLiteral("country"));
    }();
    // Whole hours: the rollups alone, no raw events. A suggestion needs the values, not exact counts.
    TimeRange hours{range.fromMs, range.toMs};
    if (hours.fromMs == EventFilter::AllTime.fromMs)
        hours.fromMs = nowMs - SuggestionDays * DayMs;
    if (hours.toMs == EventFilter::AllTime.toMs)
        hours.toMs = nowMs;
    hours = {floorTo(hours.fromMs, HourMs), ceilTo(std::max(hours.toMs, hours.fromMs + 1), HourMs)};

    SqlStatements sql(db, true);
    sql.bind(QStringLiteral(":project"), projectId);
    const QString projects = projectCondition(sql.dialect(), projectId);
    const QList<RangePart> plan = planRangeRead(sql, projects, hours);
    QList<ValueCount> found;
    sql.each(QStringLiteral("SELECT value, n FROM (") + dimensionCountsSql(sql.dialect(), plan, projects, {dimension}, QStringLiteral("name, os, ext, vscode, country"))
                 + QStringLiteral(") AS counts WHERE n > 0 AND value <> ''"),
             [&](const QSqlQuery &q) {
                 const QString value = q.value(0).toString();
                 if (value.startsWith(prefix, Qt::CaseInsensitive))
                     found.append({value, q.value(1).toLongLong()});
             });
    if (!sql.error().isEmpty())
        return Error{sql.error()};
    std::sort(found.begin(), found.end(), [](const ValueCount &a, const ValueCount &b) {
        return a.events != b.events ? a.events > b.events : a.value < b.value;
    });
    QStringList values;
    for (qsizetype i = 0; i < found.size() && i < limit; ++i)
        values.append(found.at(i).value);
    return values;
}

} // namespace tdesk
