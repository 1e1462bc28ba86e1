#pragma once

#include "core/event.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

struct sqlite3;

namespace tdesk {

// A local, durable queue of events for while the database is unreachable (PostgreSQL restarting or
// failing over): a SQLite file of batches, each committed before append() returns, so that what
// the collector acknowledged survives a kill -9 and is replayed, oldest first, once the database is
// back. Not thread-safe: the writer thread owns it.
class EventSpool
{
public:
    struct Batch
    {
        qint64 number = 0;
        qint64 spooledMs = 0;
        std::vector<Event> events;
    };

    static Result<std::unique_ptr<EventSpool>> open(const QString &path);
    ~EventSpool();

    // This spool's name (random, made with the file): the database records the batches it applied
    // under it, so that a replay interrupted after its COMMIT is not applied twice.
    const QByteArray &id() const { return m_id; }
    Result<qint64> append(const std::vector<const Event *> &events, qint64 nowMs);
    Result<std::optional<Batch>> oldest();
    Result<void> remove(qint64 number);
    // Every batch number, oldest first.
    Result<std::vector<qint64>> numbers();

    qint64 events() const { return m_events; }
    qint64 oldestSpooledMs() const { return m_oldestMs; } // 0 when empty

    static QByteArray encode(const std::vector<const Event *> &events);
    static std::optional<std::vector<Event>> decode(const QByteArray &bytes);

private:
    explicit EventSpool(sqlite3 *db) : m_db(db) {}
    Result<void> exec(const char *sql);
    Result<void> refreshFigures();
    sqlite3 *m_db = nullptr;
    QByteArray m_id;
    qint64 m_events = 0;
    qint64 m_oldestMs = 0;
};

} // namespace tdesk
