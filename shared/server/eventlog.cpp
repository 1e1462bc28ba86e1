#include "server/eventlog.h"

#include "core/json.h"

#include <QDateTime>
#include <QDir>
#include <QTimeZone>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEventLog, "tdesk.eventlog", QtWarningMsg)

namespace tdesk {

EventLog::EventLog(const QString &directory, int retentionDays)
    : m_directory(directory)
    , m_retentionDays(retentionDays)
{
    QDir().mkpath(directory);
}

void EventLog::rotate(QDate day)
{
    m_file.close();
    m_day = day;
    m_file.setFileName(QDir(m_directory).filePath(QStringLiteral("events-%1.jsonl").arg(day.toString(Qt::ISODate))));
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
        qCWarning(lcEventLog, "cannot write %s: %s", qPrintable(m_file.fileName()), qPrintable(m_file.errorString()));
    if (m_retentionDays <= 0)
        return;
    const QString oldest = QStringLiteral("events-%1.jsonl").arg(day.addDays(-m_retentionDays + 1).toString(Qt::ISODate));
    const QStringList files = QDir(m_directory).entryList({QStringLiteral("events-*.jsonl")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        if (name < oldest) // ISO dates sort as text
            QDir(m_directory).remove(name);
    }
}

void EventLog::append(const std::vector<const Event *> &events, qint64 nowMs)
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).date();
    if (today != m_day)
        rotate(today);
    if (!m_file.isOpen())
        return;
    QByteArray out;
    out.reserve(qsizetype(events.size()) * 256);
    for (const Event *e : events) {
        out += "{\"ts\":" + QByteArray::number(e->timeMs) + ",\"received\":" + QByteArray::number(e->receivedMs)
            + ",\"project\":" + QByteArray::number(e->projectId) + ",\"evt\":";
        appendJsonString(out, e->name);
        out += ",\"user\":\"" + e->userHash + '"';
        const std::pair<const char *, const QByteArray *> optional[] = {
            {"id", &e->id}, {"sessionId", &e->sessionId}, {"os", &e->os}, {"ext", &e->ext}, {"vscode", &e->vscode},
            {"country", &e->country}, {"region", &e->region}, {"city", &e->city}};
        for (const auto &[key, value] : optional) {
            if (value->isEmpty())
                continue;
            out += QByteArray(",\"") + key + "\":";
            appendJsonString(out, *value);
        }
        if (!e->props.isEmpty())
            out += ",\"m\":" + e->props;
        out += "}\n";
    }
    if (m_file.write(out) != out.size())
        qCWarning(lcEventLog, "event log write failed: %s", qPrintable(m_file.errorString()));
    m_file.flush();
}

} // namespace tdesk
