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
        QByteArray rest; // what stays of the chunk (empty: the whole chunk was taken)
        qsizetype restEvents;
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
};

} // namespace TelemetryDesk
