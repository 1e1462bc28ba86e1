#pragma once

#include "core/event.h"

#include <QDate>
#include <QFile>
#include <QString>

#include <vector>

namespace tdesk {

// The JSONL event log in LOG_DIR: one line per stored event, one file per UTC day
// (events-YYYY-MM-DD.jsonl), files older than the retention removed at rotation. It holds no
// IP address, no raw user id and no secret. Used from the writer thread only.
class EventLog
{
public:
    EventLog(const QString &directory, int retentionDays);
    void append(const std::vector<const Event *> &events, qint64 nowMs);
    QString currentFile() const { return m_file.fileName(); }

private:
    void rotate(QDate day);

    QString m_directory;
    int m_retentionDays;
    QDate m_day;
    QFile m_file;
};

} // namespace tdesk
