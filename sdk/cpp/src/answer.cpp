#include "answer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace TelemetryDesk {

qint64 retryAfterMs(QByteArrayView value, const QDateTime &now)
{
    const QByteArray text = value.toByteArray().trimmed();
    bool digits = !text.isEmpty();
    qint64 seconds = 0;
    for (const char c : text) {
        digits = digits && c >= '0' && c <= '9';
        if (digits)
            seconds = std::min<qint64>(seconds * 10 + (c - '0'), MaxRetryAfterMs); // never overflows
    }
    if (digits)
        return std::min(seconds * 1000, MaxRetryAfterMs);
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(text), Qt::RFC2822Date);
    return when.isValid() ? std::clamp<qint64>(now.msecsTo(when), 0, MaxRetryAfterMs) : 0;
}

AnswerCounts parseAnswer(const QByteArray &body, qint64 events)
{
    const QJsonObject result = QJsonDocument::fromJson(body).object();
    const auto count = [&](QLatin1String key) { return std::clamp<qint64>(result.value(key).toInteger(), 0, events); };
    AnswerCounts counts{count(QLatin1String("accepted")), count(QLatin1String("duplicates")),
                        count(QLatin1String("skipped")), {}};
    for (const QJsonValue error : result.value(QLatin1String("errors")).toArray())
        counts.reasons.append(error[QLatin1String("reason")].toString());
    return counts;
}

} // namespace TelemetryDesk
