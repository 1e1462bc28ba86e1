#include "storage/eventspool.h"

#include <QDataStream>
#include <QIODevice>
#include <QRandomGenerator>

#include <sqlite3.h>

namespace tdesk {
namespace {

constexpr quint32 FormatVersion = 1;

QString message(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

// A statement, finalized with the object.
struct Statement
{
    sqlite3_stmt *stmt = nullptr;
    Statement(sqlite3 *db, const char *sql) { sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); }
    ~Statement() { sqlite3_finalize(stmt); }
};

} // namespace

Result<std::unique_ptr<EventSpool>> EventSpool::open(const QString &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        const QString text = message(db);
        sqlite3_close(db);
        return Error{QStringLiteral("cannot open the spool %1: %2").arg(path, text)};
    }
    std::unique_ptr<EventSpool> spool(new EventSpool(db));
    // FULL: a batch in the spool was acknowledged; it must survive a power cut as well as a crash.
    if (auto ready = spool->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                 "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                                 "CREATE TABLE IF NOT EXISTS batches(number INTEGER PRIMARY KEY AUTOINCREMENT,"
                                 " spooled_ms INTEGER NOT NULL, events INTEGER NOT NULL, payload BLOB NOT NULL);");
        !ready)
        return Error{QStringLiteral("cannot use the spool %1: %2").arg(path, ready.error())};
    const QByteArray fresh = QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    {
        Statement insert(db, "INSERT OR IGNORE INTO meta(key, value) VALUES ('spool_id', ?1)");
        sqlite3_bind_text(insert.stmt, 1, fresh.constData(), int(fresh.size()), SQLITE_STATIC);
        if (sqlite3_step(insert.stmt) != SQLITE_DONE)
            return Error{message(db)};
        Statement read(db, "SELECT value FROM meta WHERE key = 'spool_id'");
        if (sqlite3_step(read.stmt) != SQLITE_ROW)
            return Error{message(db)};
        spool->m_id = reinterpret_cast<const char *>(sqlite3_column_text(read.stmt, 0));
    }
    if (auto figures = spool->refreshFigures(); !figures)
        return Error{figures.error()};
    return spool;
}

EventSpool::~EventSpool()
{
    sqlite3_close(m_db);
}

Result<void> EventSpool::exec(const char *sql)
{
    char *text = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &text) == SQLITE_OK)
        return {};
    const QString error = QString::fromUtf8(text ? text : sqlite3_errmsg(m_db));
    sqlite3_free(text);
    return Error{error};
}

Result<void> EventSpool::refreshFigures()
{
    Statement figures(m_db, "SELECT coalesce(sum(events), 0), coalesce(min(spooled_ms), 0) FROM batches");
    if (sqlite3_step(figures.stmt) != SQLITE_ROW)
        return Error{message(m_db)};
    m_events = sqlite3_column_int64(figures.stmt, 0);
    m_oldestMs = sqlite3_column_int64(figures.stmt, 1);
    return {};
}

Result<qint64> EventSpool::append(const std::vector<const Event *> &events, qint64 nowMs)
{
    const QByteArray payload = encode(events);
    Statement insert(m_db, "INSERT INTO batches(spooled_ms, events, payload) VALUES (?1, ?2, ?3)");
    sqlite3_bind_int64(insert.stmt, 1, nowMs);
    sqlite3_bind_int64(insert.stmt, 2, qint64(events.size()));
    sqlite3_bind_blob(insert.stmt, 3, payload.constData(), int(payload.size()), SQLITE_STATIC);
    if (sqlite3_step(insert.stmt) != SQLITE_DONE)
        return Error{QStringLiteral("cannot spool: %1").arg(message(m_db))};
    if (m_events == 0)
        m_oldestMs = nowMs;
    m_events += qint64(events.size());
    return sqlite3_last_insert_rowid(m_db);
}

Result<std::optional<EventSpool::Batch>> EventSpool::oldest()
{
    Statement read(m_db, "SELECT number, spooled_ms, payload FROM batches ORDER BY number LIMIT 1");
    const int step = sqlite3_step(read.stmt);
    if (step == SQLITE_DONE)
        return std::optional<Batch>();
    if (step != SQLITE_ROW)
        return Error{message(m_db)};
    Batch batch;
    batch.number = sqlite3_column_int64(read.stmt, 0);
    batch.spooledMs = sqlite3_column_int64(read.stmt, 1);
    auto events = decode(QByteArray(static_cast<const char *>(sqlite3_column_blob(read.stmt, 2)), sqlite3_column_bytes(read.stmt, 2)));
    if (!events)
        return Error{QStringLiteral("spooled batch %1 cannot be read").arg(batch.number)};
    batch.events = std::move(*events);
    return std::optional<Batch>(std::move(batch));
}

Result<void> EventSpool::remove(qint64 number)
{
    Statement remove(m_db, "DELETE FROM batches WHERE number = ?1");
    sqlite3_bind_int64(remove.stmt, 1, number);
    if (sqlite3_step(remove.stmt) != SQLITE_DONE)
        return Error{message(m_db)};
    return refreshFigures();
}

Result<std::vector<qint64>> EventSpool::numbers()
{
    Statement read(m_db, "SELECT number FROM batches ORDER BY number");
    std::vector<qint64> numbers;
    int step;
    while ((step = sqlite3_step(read.stmt)) == SQLITE_ROW)
        numbers.push_back(sqlite3_column_int64(read.stmt, 0));
    if (step != SQLITE_DONE)
        return Error{message(m_db)};
    return numbers;
}

QByteArray EventSpool::encode(const std::vector<const Event *> &events)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_0);
    out << FormatVersion << quint32(events.size());
    for (const Event *e : events) {
        out << e->id << e->name << e->timeMs << e->os << e->ext << e->vscode << e->sessionId << e->props << e->projectId
            << e->receivedMs << e->userHash << e->country << e->region << e->city << e->latitude << e->longitude;
    }
    return bytes;
}

std::optional<std::vector<Event>> EventSpool::decode(const QByteArray &bytes)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_0);
    quint32 version = 0, count = 0;
    in >> version >> count;
    if (version != FormatVersion || count > quint32(bytes.size()))
        return std::nullopt;
    std::vector<Event> events(count);
    for (Event &e : events) {
        in >> e.id >> e.name >> e.timeMs >> e.os >> e.ext >> e.vscode >> e.sessionId >> e.props >> e.projectId
            >> e.receivedMs >> e.userHash >> e.country >> e.region >> e.city >> e.latitude >> e.longitude;
    }
    if (in.status() != QDataStream::Ok || !in.atEnd())
        return std::nullopt;
    return events;
}

} // namespace tdesk
