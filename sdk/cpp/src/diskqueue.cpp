#include "diskqueue.h"

#include <QDir>
#include <QFileInfo>

#include <sqlite3.h>

namespace TelemetryDesk {

namespace {

// A prepared statement that finalizes itself.
class Statement
{
public:
    Statement(sqlite3 *db, const char *sql) { sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement &bind(int i, qint64 value)
    {
        sqlite3_bind_int64(m_stmt, i, value);
        return *this;
    }
    Statement &bind(int i, const QByteArray &text)
    {
        sqlite3_bind_text(m_stmt, i, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    bool step() { return m_stmt && sqlite3_step(m_stmt) == SQLITE_ROW; }
    qint64 integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    QByteArray text(int column) const
    {
        return QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column)),
                          sqlite3_column_bytes(m_stmt, column));
    }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

} // namespace

DiskQueue::~DiskQueue()
{
    sqlite3_close(m_db);
}

bool DiskQueue::open(const QString &path, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
            != SQLITE_OK
        || !exec("PRAGMA journal_mode=WAL") || !exec("PRAGMA synchronous=NORMAL")
        || sqlite3_busy_timeout(m_db, 5000) != SQLITE_OK
        // skip: how many of the chunk's events were sent already (a batch may take part of a chunk)
        || !exec("CREATE TABLE IF NOT EXISTS chunks(seq INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER NOT NULL,"
                 " skip INTEGER NOT NULL DEFAULT 0, lines TEXT NOT NULL)")
        || !exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")) {
        *error = QStringLiteral("cannot open the queue %1: %2")
                     .arg(path, m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("out of memory"));
        return false;
    }
    Statement count(m_db, "SELECT coalesce(sum(n - skip), 0) FROM chunks");
    m_count = count.step() ? count.integer(0) : 0;
    return true;
}

bool DiskQueue::exec(const char *sql)
{
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

QString DiskQueue::meta(const QByteArray &key, const QString &fallback)
{
    Statement(m_db, "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)").bind(1, key).bind(2, fallback.toUtf8()).step();
    Statement get(m_db, "SELECT value FROM meta WHERE key = ?");
    get.bind(1, key);
    return get.step() ? QString::fromUtf8(get.text(0)) : fallback;
}

qint64 DiskQueue::append(const QByteArray &lines, qsizetype n, qint64 cap)
{
    exec("BEGIN IMMEDIATE");
    Statement(m_db, "INSERT INTO chunks(n, lines) VALUES (?, ?)").bind(1, n).bind(2, lines).step();
    m_count += n;
    const qint64 dropped = std::max<qint64>(0, m_count - cap);
    if (dropped > 0) {
        QList<Taken> taken;
        oldest(qsizetype(dropped), std::numeric_limits<qsizetype>::max(), &taken);
        take(taken);
    }
    exec("COMMIT");
    return dropped;
}

QByteArrayList DiskQueue::oldest(qsizetype limit, qsizetype maxBytes, QList<Taken> *taken)
{
    QByteArrayList events;
    qsizetype size = 0;
    Statement chunks(m_db, "SELECT seq, skip FROM chunks ORDER BY seq");
    while (events.size() < limit && chunks.step()) {
        const qint64 seq = chunks.integer(0);
        const qsizetype skip = chunks.integer(1);
        if (seq != m_cachedSeq) {
            Statement read(m_db, "SELECT lines FROM chunks WHERE seq = ?");
            read.bind(1, seq);
            m_cachedLines = read.step() ? read.text(0).split('\n') : QByteArrayList();
            m_cachedSeq = seq;
        }
        const QByteArrayList &lines = m_cachedLines;
        qsizetype n = skip;
        while (n < lines.size() && events.size() < limit && (events.isEmpty() || size + lines[n].size() < maxBytes)) {
            size += lines[n].size() + 1;
            events.append(lines[n++]);
        }
        if (n > skip)
            taken->append({seq, n - skip, n, n == lines.size()});
        if (n < lines.size())
            break;
    }
    return events;
}

void DiskQueue::remove(const QList<Taken> &taken)
{
    exec("BEGIN IMMEDIATE");
    take(taken);
    exec("COMMIT");
}

void DiskQueue::take(const QList<Taken> &taken)
{
    for (const Taken &t : taken) {
        if (t.whole)
            Statement(m_db, "DELETE FROM chunks WHERE seq = ?").bind(1, t.seq).step();
        else // only when that many were sent before: a second remove of the same batch changes nothing
            Statement(m_db, "UPDATE chunks SET skip = ? WHERE seq = ? AND skip = ?").bind(1, t.skip).bind(2, t.seq).bind(3, t.skip - t.events).step();
        if (sqlite3_changes(m_db) > 0)
            m_count -= t.events;
    }
}

void DiskQueue::clear()
{
    exec("DELETE FROM chunks");
    m_count = 0;
    m_cachedSeq = -1;
}

} // namespace TelemetryDesk
