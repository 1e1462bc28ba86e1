#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QString>

struct sqlite3;

namespace TelemetryDesk {

// Events waiting to be sent, oldest first, in an SQLite file (WAL: a committed chunk survives a
// crash of the app). Each row is a chunk of events as JSON lines, written in one statement.
// Not thread-safe: ClientPrivate guards it with a mutex.
class DiskQueue
{
public:
    struct Taken
    {
        qint64 seq;
        qsizetype events;
        qsizetype skip;  // events of the chunk sent before, and now these
        bool whole;      // nothing of the chunk is left after these
    };

    ~DiskQueue();
    bool open(const QString &path, QString *error);
    QString meta(const QByteArray &key, const QString &fallback);

    // Adds a chunk of n events (JSON lines); drops the oldest beyond cap and returns how many.
    qint64 append(const QByteArray &lines, qsizetype n, qint64 cap);
    // Up to limit events (and about maxBytes), and what remove() needs to delete just those.
    QByteArrayList oldest(qsizetype limit, qsizetype maxBytes, QList<Taken> *taken);
    void remove(const QList<Taken> &taken);
    void clear();
    qint64 count() const { return m_count; }

private:
    bool exec(const char *sql);
    void take(const QList<Taken> &taken);

    sqlite3 *m_db = nullptr;
    qint64 m_count = 0;
    // The chunk read last, split: a batch is often part of a chunk, and the next one the rest.
    qint64 m_cachedSeq = -1;
    QByteArrayList m_cachedLines;
};

} // namespace TelemetryDesk
