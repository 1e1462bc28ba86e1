#include "query/eventquery.h"

#include "auth/apikey.h"
#include "core/json.h"
#include "query/sqlstatements.h"
#include "storage/metakeys.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <optional>
#include <vector>

// The only indexes are (project_id, ts) and the row id: every index slows ingest. So the newest-first
// walk goes down the (project_id, ts) index and checks the other filters row by row. A filter that
// matches little would make one query scan the whole range; instead the walk goes in windows of a
// few thousand index entries (found on the index alone, without reading rows) and stops between
// windows when its budget is spent, returning a cursor that continues below the last window.
namespace tdesk {
namespace {

using Int64 = std::numeric_limits<qint64>;

// A filtered window aims to take about this long, so that a page stops close to its budget
// whatever the filter costs per row (a text search in non-ASCII letters costs ten times an event
// name). The first window is small; later ones are sized from the time per row seen so far.
constexpr double WindowTargetMs = 1.0;
constexpr qint64 FirstWindowRows = 512;
constexpr qint64 MinWindowRows = 64;
constexpr qint64 MaxWindowRows = 16384;
// Arrivals (arrivalColumn(): row ids, or PostgreSQL transaction ids) a live-tail step spans.
constexpr qint64 TailWindowIds = 4096;

// SQLite's text columns come as BLOBs, their UTF-8 bytes as stored: Qt Sql would otherwise have SQLite
// convert each to UTF-16, which costs more than the rest of reading a row. PostgreSQL's come as text.
QString columns(const QSqlDatabase &db)
{
    if (sqlDialect(db) == SqlDialect::Postgresql)
        return QStringLiteral("id, project_id, ts, received_ms, event_id, user_hash, session_id, name, os, ext, vscode,"
                              " country, region, city, lat, lon, props, xid");
    return QStringLiteral(
        "id, project_id, ts, received_ms, CAST(event_id AS BLOB), CAST(user_hash AS BLOB), CAST(session_id AS BLOB),"
        " CAST(name AS BLOB), CAST(os AS BLOB), CAST(ext AS BLOB), CAST(vscode AS BLOB), CAST(country AS BLOB),"
        " CAST(region AS BLOB), CAST(city AS BLOB), lat, lon, CAST(props AS BLOB), id");
}
// Keys in [low, high): ts >= low.ts AND ts <= high.ts narrow the index range; the ORs settle ties.
const QString KeyWindowSql = QStringLiteral(
    "ts >= ? AND ts <= ? AND (ts > ? OR id >= ?) AND (ts < ? OR id < ?)");

// The translation context of this file's messages (lupdate finds them as EventQuery::tr).
struct EventQuery
{
    Q_DECLARE_TR_FUNCTIONS(tdesk::EventQuery)
};

Error queryError(const QSqlQuery &query)
{
    return Error{EventQuery::tr("Reading events failed: %1").arg(query.lastError().text())};
}

QVariantList keyWindowValues(const EventCursor &low, const EventCursor &high)
{
    return {low.timeMs, high.timeMs, low.timeMs, low.id, high.timeMs, high.id};
}

bool execWith(QSqlQuery &query, const QVariantList &values)
{
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    return query.exec();
}

bool prepareForwardOnly(QSqlQuery &query, const QString &sql)
{
    query.setForwardOnly(true); // otherwise Qt Sql keeps every row it has read
    return query.prepare(sql);
}

void readRow(const QSqlQuery &q, EventRowUtf8 &row)
{
    const auto real = [&q](int column) {
        const QVariant value = q.value(column);
        return value.isNull() ? std::numeric_limits<double>::quiet_NaN() : value.toDouble();
    };
    row.id = q.value(0).toLongLong();
    row.projectId = q.value(1).toLongLong();
    row.timeMs = q.value(2).toLongLong();
    row.receivedMs = q.value(3).toLongLong();
    row.eventId = q.value(4).toByteArray();
    row.userHash = q.value(5).toByteArray();
    row.sessionId = q.value(6).toByteArray();
    row.name = q.value(7).toByteArray();
    row.os = q.value(8).toByteArray();
    row.appVersion = q.value(9).toByteArray();
    row.hostVersion = q.value(10).toByteArray();
    row.country = q.value(11).toByteArray();
    row.region = q.value(12).toByteArray();
    row.city = q.value(13).toByteArray();
    row.latitude = real(14);
    row.longitude = real(15);
    row.props = q.value(16).toByteArray();
    row.arrival = q.value(17).toLongLong();
}

bool isAscii(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; });
}

bool isUserHash(QStringView text)
{
    return text.size() == 32 && std::all_of(text.begin(), text.end(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
           });
}

// SQLite's LIKE ignores the case of ASCII letters only: good for an ASCII needle, and faster than GLOB.
QString likePattern(QStringView needle)
{
    QString pattern = QStringLiteral("%");
    for (QChar c : needle) {
        if (c == u'%' || c == u'_' || c == u'\\')
            pattern += u'\\';
        pattern += c;
    }
    return pattern + u'%';
}

// Any other needle: a pattern with each letter as the set of its cases ("ä" → "[äÄ]"), as a GLOB for
// SQLite or a regular expression for PostgreSQL (whose own case folding follows the database's locale).
QString caseInsensitivePattern(QStringView needle, SqlDialect dialect)
{
    const bool regex = dialect == SqlDialect::Postgresql;
    QString pattern = regex ? QString() : QStringLiteral("*");
    for (const char32_t c : needle.toUcs4()) {
        QList<char32_t> cases{c};
        for (const char32_t other : {QChar::toLower(c), QChar::toUpper(c), QChar::toTitleCase(c)}) {
            if (!cases.contains(other))
                cases.append(other);
        }
        const bool special = regex ? c < 0x80 && !QChar::isLetterOrNumber(c) : c == U'*' || c == U'?' || c == U'[';
        if (cases.size() > 1 || (special && !regex)) {
            pattern += u'[';
            for (const char32_t one : cases)
                pattern += QString::fromUcs4(&one, 1);
            pattern += u']';
        } else {
            if (special) // a backslash makes any other ASCII character literal in PostgreSQL's expressions
                pattern += u'\\';
            pattern += QString::fromUcs4(&c, 1);
        }
    }
    return regex ? pattern : pattern + u'*';
}

// The needle as it appears inside a JSON string ("a \"b\"" for `a "b"`): props are stored as JSON.
QString jsonEscaped(const QString &needle)
{
    QByteArray quoted;
    appendJsonString(quoted, needle.toUtf8());
    return QString::fromUtf8(quoted.sliced(1, quoted.size() - 2));
}

// The filter in SQL, ready to walk.
struct CompiledFilter
{
    QList<qint64> projects;     // the projects walked (all that have events, for AllProjects)
    QString projectSql;         // the live tail's project condition: "project_id = 1" or "project_id IN (1,2)"
    QString conditions;         // " AND …" for the filters other than project and time
    QVariantList values;        // bound to `conditions`, in order
    bool examinesRows = false;  // filters other than time: rows must be walked in windows
};

Result<QList<qint64>> projectsWithEvents(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!prepareForwardOnly(query, QStringLiteral(
            "SELECT project_id FROM events WHERE project_id > ? ORDER BY project_id LIMIT 1")))
        return queryError(query);
    QList<qint64> projects;
    qint64 after = Int64::min();
    while (true) { // one index seek per project rather than a scan for DISTINCT
        if (!execWith(query, {after}))
            return queryError(query);
        if (!query.next())
            return projects;
        after = query.value(0).toLongLong();
        projects.append(after);
    }
}

Result<QByteArray> userHashSalt(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!prepareForwardOnly(query, QStringLiteral("SELECT value FROM meta WHERE key = ?")))
        return queryError(query);
    query.addBindValue(QLatin1String(MetaKey::UserHashSalt));
    if (!query.exec())
        return queryError(query);
    return query.next() ? query.value(0).toString().toUtf8() : QByteArray();
}

Result<QList<qint64>> projectsOf(const QSqlDatabase &db, const EventFilter &filter)
{
    if (filter.projectId != AllProjects)
        return QList<qint64>{filter.projectId};
    return projectsWithEvents(db);
}

Result<CompiledFilter> compileFilter(const QSqlDatabase &db, const EventFilter &filter)
{
    CompiledFilter compiled;
    auto projects = projectsOf(db, filter);
    if (!projects)
        return Error{projects.error()};
    compiled.projects = std::move(projects.value());
    QStringList ids;
    for (const qint64 project : std::as_const(compiled.projects))
        ids.append(QString::number(project));
    if (ids.size() == 1)
        compiled.projectSql = QStringLiteral("project_id = ") + ids.constFirst();
    else
        compiled.projectSql = QStringLiteral("project_id IN (") + ids.join(u',') + u')';

    const auto equals = [&compiled](const char *column, const QString &value) {
        if (value.isEmpty())
            return;
        compiled.conditions += QStringLiteral(" AND ") + QLatin1StringView(column) + QStringLiteral(" = ?");
        compiled.values.append(value);
    };
    equals("name", filter.name.trimmed());
    equals("os", filter.os.trimmed());
    equals("ext", filter.version.trimmed());
    equals("country", filter.country.trimmed().toUpper());

    if (const QStringList users = filterUsers(filter); !users.isEmpty()) {
        if (users.size() > MaxFilterUsers)
            return Error{QStringLiteral("user: at most %1 users").arg(MaxFilterUsers)};
        auto salt = userHashSalt(db);
        if (!salt)
            return Error{salt.error()};
        // Stored hashes are HMAC(salt, project ‖ user id): a raw id has a different hash in each project.
        QStringList hashes;
        for (const QString &user : users) {
            if (isUserHash(user))
                hashes.append(user.toLower());
            if (!salt->isEmpty()) {
                for (const qint64 project : std::as_const(compiled.projects))
                    hashes.append(QString::fromLatin1(userHash(*salt, project, user.toUtf8())));
            } else if (!isUserHash(user)) {
                hashes.append(user); // no salt to hash with: can match nothing, but says so honestly
            }
        }
        compiled.conditions += QStringLiteral(" AND user_hash IN (") + QStringLiteral("?,").repeated(hashes.size()).chopped(1)
            + u')';
        for (const QString &hash : std::as_const(hashes))
            compiled.values.append(hash);
    }

    if (!filter.text.isEmpty()) {
        // Match the needle as typed (finds JSON syntax too, e.g. `"exit":1`) or as it is escaped inside
        // a JSON string (finds a value with quotes or backslashes in it).
        QStringList needles{filter.text};
        if (const QString escaped = jsonEscaped(filter.text); escaped != filter.text)
            needles.append(escaped);
        QStringList terms;
        for (const QString &needle : std::as_const(needles)) {
            if (sqlDialect(db) == SqlDialect::Postgresql) {
                terms.append(QStringLiteral("props ~ ?"));
                compiled.values.append(caseInsensitivePattern(needle, SqlDialect::Postgresql));
            } else if (isAscii(needle)) {
                terms.append(QStringLiteral("props LIKE ? ESCAPE '\\'"));
                compiled.values.append(likePattern(needle));
            } else {
                terms.append(QStringLiteral("props GLOB ?"));
                compiled.values.append(caseInsensitivePattern(needle, SqlDialect::Sqlite));
            }
        }
        compiled.conditions += QStringLiteral(" AND (") + terms.join(QStringLiteral(" OR ")) + u')';
    }
    compiled.examinesRows = !compiled.conditions.isEmpty();
    return compiled;
}

Result<qint64> newestStoredId(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!prepareForwardOnly(query, newestArrivalSql(sqlDialect(db))) || !query.exec() || !query.next())
        return queryError(query);
    return query.value(0).toLongLong();
}

Error notOpen()
{
    return Error{EventQuery::tr("The event database is not open.")};
}

class Budget
{
public:
    explicit Budget(const ScanBudget &budget) : m_budget(budget) { m_clock.start(); }

    bool spent(qint64 rowsExamined) const
    {
        return (m_budget.milliseconds > 0 && m_clock.elapsed() >= m_budget.milliseconds)
            || (m_budget.rowsExamined > 0 && rowsExamined >= m_budget.rowsExamined);
    }
    // Rows one window may span, given what has been examined: never less than one.
    qint64 rowsLeft(qint64 rowsExamined) const
    {
        return m_budget.rowsExamined > 0 ? std::max<qint64>(1, m_budget.rowsExamined - rowsExamined) : Int64::max();
    }
    // Rows that fit in the time left after a window's overhead, at the cost per row seen so far.
    qint64 rowsInTimeLeft(double msPerRow, double overheadMs) const
    {
        if (m_budget.milliseconds <= 0 || msPerRow <= 0)
            return Int64::max();
        const double leftMs = double(m_budget.milliseconds) - double(m_clock.nsecsElapsed()) / 1e6 - overheadMs;
        return qint64(std::max(leftMs, 0.0) / msPerRow);
    }

private:
    ScanBudget m_budget;
    QElapsedTimer m_clock;
};

} // namespace

EventRow EventRowUtf8::toEventRow() const
{
    EventRow row;
    row.id = id;
    row.projectId = projectId;
    row.timeMs = timeMs;
    row.receivedMs = receivedMs;
    row.eventId = QString::fromUtf8(eventId);
    row.userHash = QString::fromUtf8(userHash);
    row.sessionId = QString::fromUtf8(sessionId);
    row.name = QString::fromUtf8(name);
    row.os = QString::fromUtf8(os);
    row.appVersion = QString::fromUtf8(appVersion);
    row.hostVersion = QString::fromUtf8(hostVersion);
    row.country = QString::fromUtf8(country);
    row.region = QString::fromUtf8(region);
    row.city = QString::fromUtf8(city);
    row.latitude = latitude;
    row.longitude = longitude;
    row.props = QString::fromUtf8(props);
    return row;
}

Result<EventScan> walkEvents(const QSqlDatabase &db, const EventFilter &filter, const EventCursor &after, qint64 limit,
                             const ScanBudget &scanBudget, const std::function<void(const EventRowUtf8 &)> &visit)
{
    if (!db.isOpen())
        return notOpen();
    const Budget budget(scanBudget);
    limit = std::max<qint64>(limit, 1);
    EventScan scan;
    auto newestId = newestStoredId(db);
    if (!newestId)
        return Error{newestId.error()};
    scan.newestStoredId = *newestId;

    // Keys still to walk: [low, high), newest first.
    const EventCursor low{filter.range.fromMs, Int64::min()};
    EventCursor high = std::min(after, EventCursor{filter.range.toMs, Int64::min()});
    auto compiledResult = compileFilter(db, filter);
    if (!compiledResult)
        return Error{compiledResult.error()};
    const CompiledFilter &compiled = *compiledResult;
    if (high <= low || compiled.projects.isEmpty()) {
        scan.next = high;
        scan.reachedRangeStart = true;
        return scan;
    }

    // One query per project, each walking its part of the (project, time) index in order; merged
    // here by key, which costs far less than letting SQLite sort rows of several projects.
    struct Stream
    {
        QSqlQuery query;
        EventRowUtf8 row;
        bool hasRow = false;
        // PostgreSQL reads one result at a time on a connection: there each window's rows (at most
        // `wanted`) are read in full before the next stream's query runs.
        bool buffered = false;
        std::vector<EventRowUtf8> rows;
        size_t nextRow = 0;

        bool start()
        {
            if (buffered) {
                rows.clear();
                nextRow = 0;
                while (query.next())
                    readRow(query, rows.emplace_back());
                if (query.lastError().isValid())
                    return false;
                query.finish();
            }
            advance();
            return true;
        }
        void advance()
        {
            if (!buffered) {
                hasRow = query.next();
                if (hasRow)
                    readRow(query, row);
                return;
            }
            hasRow = nextRow < rows.size();
            if (hasRow)
                row = std::move(rows[nextRow++]);
        }
    };
    std::vector<Stream> streams;
    streams.reserve(size_t(compiled.projects.size()));
    const bool buffered = compiled.projects.size() > 1 && sqlDialect(db) == SqlDialect::Postgresql;
    // Rows that arrived after the newest stored one are the live tail's (on SQLite there are none).
    const QString storedOnly = QStringLiteral(" AND %1 <= %2").arg(arrivalColumn(sqlDialect(db))).arg(scan.newestStoredId);
    const QString rowsSql = QStringLiteral("SELECT ") + columns(db) + QStringLiteral(" FROM events WHERE project_id = ? AND ")
        + KeyWindowSql + compiled.conditions + storedOnly + QStringLiteral(" ORDER BY ts DESC, id DESC LIMIT ?");
    for (qsizetype i = 0; i < compiled.projects.size(); ++i) {
        streams.push_back(Stream{QSqlQuery(db), {}, false, buffered, {}});
        if (!prepareForwardOnly(streams.back().query, rowsSql))
            return queryError(streams.back().query);
    }
    // The k-th key of one project below `high`: the lower end of a window of k index entries,
    // found on the index alone.
    QSqlQuery boundaryQuery(db);
    if (!prepareForwardOnly(boundaryQuery, QStringLiteral("SELECT ts, id FROM events WHERE project_id = ? AND ")
                                               + KeyWindowSql
                                               + QStringLiteral(" ORDER BY ts DESC, id DESC LIMIT 1 OFFSET ?")))
        return queryError(boundaryQuery);

    // With filters other than time, walk in windows that bound the rows examined. Without, every
    // row read is a row returned, so LIMIT alone bounds the work.
    const bool windowed = compiled.examinesRows;
    const qint64 projectCount = compiled.projects.size();
    qint64 windowRows = FirstWindowRows;
    std::optional<std::pair<qint64, double>> firstWindow; // its rows and milliseconds
    while (true) {
        const qint64 wanted = limit - scan.rowsFound;
        EventCursor windowLow = low;
        qint64 perProject = 0;
        QElapsedTimer windowClock;
        windowClock.start();
        if (windowed) {
            perProject = std::max<qint64>(1, std::min(windowRows, budget.rowsLeft(scan.rowsExamined)) / projectCount);
            // The window ends at the highest of the projects' k-th keys: it holds at most k rows of each
            // project, and exactly k of one, unless it reaches the start of the range.
            for (const qint64 project : compiled.projects) {
                if (!execWith(boundaryQuery,
                              QVariantList{project} + keyWindowValues(low, high) + QVariantList{perProject - 1}))
                    return queryError(boundaryQuery);
                if (boundaryQuery.next())
                    windowLow = std::max(windowLow, EventCursor{boundaryQuery.value(0).toLongLong(),
                                                                boundaryQuery.value(1).toLongLong()});
                boundaryQuery.finish();
            }
        }

        const QVariantList values = keyWindowValues(windowLow, high) + compiled.values + QVariantList{wanted};
        for (qsizetype i = 0; i < compiled.projects.size(); ++i) {
            Stream &stream = streams[size_t(i)];
            if (!execWith(stream.query, QVariantList{compiled.projects.at(i)} + values) || !stream.start())
                return queryError(stream.query);
        }
        qint64 read = 0;
        EventCursor last = high;
        while (read < wanted) {
            Stream *newest = nullptr;
            for (Stream &stream : streams) {
                if (stream.hasRow && (!newest || EventCursor{stream.row.timeMs, stream.row.id}
                                                     > EventCursor{newest->row.timeMs, newest->row.id}))
                    newest = &stream;
            }
            if (!newest)
                break;
            visit(newest->row);
            last = EventCursor{newest->row.timeMs, newest->row.id};
            ++read;
            newest->advance();
        }
        for (Stream &stream : streams) {
            if (stream.query.lastError().isValid())
                return queryError(stream.query);
            stream.query.finish();
        }
        scan.rowsFound += read;
        const qint64 examined = windowed ? perProject * projectCount : read;
        scan.rowsExamined += examined;

        if (read == wanted) {
            high = last; // the page filled up inside the window
            break;
        }
        high = windowLow; // the whole window is done
        if (windowLow == low) {
            scan.reachedRangeStart = true;
            break;
        }
        if (budget.spent(scan.rowsExamined))
            break;
        // A window costs its queries (two per project: on PostgreSQL some 1.4 ms of round trips for
        // three projects) and then a cost per row. Sized by its time per row alone, windows would
        // shrink until the round trips were all they did. So the second window is four times the
        // first (as time allows), the two give both costs, and each later window does at least twice
        // its queries' cost in rows. The cost per row is taken as at least half the window's time
        // per row: timing noise cannot make a window overrun the budget by much.
        const double windowMs = double(windowClock.nsecsElapsed()) / 1e6;
        double msPerRow = windowMs / double(examined);
        double overheadMs = 0;
        if (!firstWindow) {
            firstWindow.emplace(examined, windowMs);
            windowRows = std::clamp(std::min(examined * 4, budget.rowsInTimeLeft(msPerRow, 0)), MinWindowRows, MaxWindowRows);
            continue;
        }
        const auto [firstRows, firstMs] = *firstWindow;
        if (examined != firstRows && (windowMs - firstMs) / double(examined - firstRows) > 0) {
            msPerRow = std::max((windowMs - firstMs) / double(examined - firstRows), msPerRow / 2);
            overheadMs = std::clamp(windowMs - msPerRow * double(examined), 0.0, windowMs / 2);
        }
        windowRows = std::clamp(std::min(qint64(std::max(WindowTargetMs, 2 * overheadMs) / msPerRow),
                                         budget.rowsInTimeLeft(msPerRow, overheadMs)),
                                MinWindowRows, MaxWindowRows);
    }
    scan.next = high;
    return scan;
}

Result<EventPage> fetchEventPage(const QSqlDatabase &db, const EventFilter &filter, const EventCursor &after,
                                 int limit, const ScanBudget &budget)
{
    EventPage page;
    auto scan = walkEvents(db, filter, after, limit, budget,
                           [&page](const EventRowUtf8 &row) { page.rows.append(row.toEventRow()); });
    if (!scan)
        return Error{scan.error()};
    static_cast<EventScan &>(page) = *scan;
    return page;
}

Result<qint64> eventSliceStart(const QSqlDatabase &db, const EventFilter &filter, qint64 beforeMs, qint64 rows)
{
    if (!db.isOpen())
        return notOpen();
    auto projects = projectsOf(db, filter);
    if (!projects)
        return Error{projects.error()};
    QSqlQuery query(db);
    if (!prepareForwardOnly(query, QStringLiteral("SELECT ts FROM events WHERE project_id = ? AND ts >= ? AND ts < ?"
                                                  " ORDER BY ts DESC LIMIT 1 OFFSET ?")))
        return queryError(query);
    // As for a window: the highest of the projects' k-th times, so no project has more than k rows in it.
    const qint64 perProject = std::max<qint64>(1, rows / std::max<qint64>(1, projects->size()));
    qint64 start = filter.range.fromMs;
    for (const qint64 project : std::as_const(*projects)) {
        if (!execWith(query, {project, filter.range.fromMs, beforeMs, perProject - 1}))
            return queryError(query);
        if (query.next())
            start = std::max(start, query.value(0).toLongLong());
        query.finish();
    }
    return start;
}

Result<EventTail> fetchNewerThan(const QSqlDatabase &db, const EventFilter &filter, qint64 afterId, int limit,
                                 const ScanBudget &scanBudget)
{
    if (!db.isOpen())
        return notOpen();
    const Budget budget(scanBudget);
    limit = std::max(limit, 1);
    auto newestId = newestStoredId(db);
    if (!newestId)
        return Error{newestId.error()};
    auto compiledResult = compileFilter(db, filter);
    if (!compiledResult)
        return Error{compiledResult.error()};
    const CompiledFilter &compiled = *compiledResult;

    EventTail tail;
    // Ids below the newest can only be missing if the newest rows were deleted; new ones follow it.
    tail.lastId = std::min(afterId, *newestId);
    if (compiled.projects.isEmpty()) {
        tail.lastId = *newestId;
        tail.caughtUp = true;
        return tail;
    }
    const SqlDialect dialect = sqlDialect(db);
    const QString arrival = arrivalColumn(dialect);
    const QString rowsSql = QStringLiteral("SELECT ") + columns(db) + QStringLiteral(" FROM events") + byArrival(dialect)
        + QStringLiteral(" WHERE %1 > ? AND %1 <= ? AND ").arg(arrival) + compiled.projectSql
        + QStringLiteral(" AND ts >= ? AND ts < ?") + compiled.conditions + QStringLiteral(" ORDER BY %1, id LIMIT ?").arg(arrival);
    QSqlQuery query(db);
    if (!prepareForwardOnly(query, rowsSql))
        return queryError(query);
    // Reads the rows of (from, through], at most `wanted`; false on an error.
    std::vector<EventRowUtf8> read;
    const auto readRows = [&](qint64 from, qint64 through, qint64 wanted) {
        read.clear();
        if (!execWith(query, QVariantList{from, through, filter.range.fromMs, filter.range.toMs} + compiled.values
                                 + QVariantList{wanted}))
            return false;
        while (query.next())
            readRow(query, read.emplace_back());
        if (query.lastError().isValid())
            return false;
        query.finish();
        return true;
    };
    qint64 examined = 0;
    while (tail.lastId < *newestId) {
        const qint64 wanted = limit - tail.rows.size();
        const qint64 windowEnd = tail.lastId + std::min({TailWindowIds, *newestId - tail.lastId, budget.rowsLeft(examined)});
        if (!readRows(tail.lastId, windowEnd, wanted))
            return queryError(query);
        if (qsizetype(read.size()) == wanted) {
            // The rest of the window is for next time. Rows sharing an arrival (a PostgreSQL
            // transaction's) are never split: the last one's are dropped, or read whole if it is all.
            const qint64 last = read.back().arrival;
            if (dialect == SqlDialect::Postgresql) {
                if (read.front().arrival == last) {
                    if (!readRows(last - 1, last, Int64::max()))
                        return queryError(query);
                } else {
                    std::erase_if(read, [last](const EventRowUtf8 &row) { return row.arrival == last; });
                }
            }
            for (const EventRowUtf8 &row : read)
                tail.rows.append(row.toEventRow());
            tail.lastId = read.back().arrival;
            break;
        }
        for (const EventRowUtf8 &row : read)
            tail.rows.append(row.toEventRow());
        examined += windowEnd - tail.lastId;
        tail.lastId = windowEnd;
        if (budget.spent(examined))
            break;
    }
    tail.caughtUp = tail.lastId >= *newestId;
    return tail;
}

} // namespace tdesk
