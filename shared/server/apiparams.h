#pragma once

#include "core/project.h"
#include "query/insighttypes.h"
#include "query/readtypes.h"

#include <QJsonObject>

#include <QSet>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace tdesk {

// The query parameters of a Query API request, read and checked one by one. The first bad one is
// kept (badParam(), why()); after it, readers return their fallbacks and the caller answers 400
// with its name. A parameter the endpoint does not read is bad too (a typo must not silently widen
// an answer): call allRead() once every one has been read.
class ApiParams
{
public:
    ApiParams(const QUrlQuery &query, qint64 nowMs);

    // `from` (inclusive) and `to` (exclusive): epoch ms or ISO 8601 (a time without an offset is
    // UTC; a date alone is its midnight UTC). Defaults: the last 24 hours to now.
    TimeRange range();
    // The range and the Events view's filters: event, user, os, ext, country, q.
    EventFilter filter(qint64 projectId);
    // Whether the request names the parameter (for defaults that depend on others).
    bool has(const char *name) const { return m_query.hasQueryItem(QLatin1String(name)); }
    // An insight's filters over `range`: tz (an IANA zone; default UTC), os, ext, vscode, country,
    // and m.KEY=VALUE for any property key.
    InsightFilter insightFilter(qint64 projectId, const TimeRange &range);
    // minute, hour, day, week or month; absent: the fallback.
    Interval interval(const char *name, Interval fallback);
    // An opaque cursor (readjson.h); absent: before the newest event.
    EventCursor cursor(const char *name);
    qint64 integer(const char *name, qint64 fallback, qint64 min, qint64 max);
    bool boolean(const char *name, bool fallback);
    // At most maxLength characters.
    QString text(const char *name, qsizetype maxLength = MaxTextLength);
    // One of `choices`; absent: the first.
    QString choice(const char *name, const QStringList &choices);

    // Marks every parameter not read yet as bad; true when none is bad.
    bool allRead();
    bool ok() const { return m_badParam.isEmpty(); }
    const QString &badParam() const { return m_badParam; }
    const QString &why() const { return m_why; }

    static constexpr qsizetype MaxTextLength = 200;

private:
    std::optional<QString> take(const char *name) { return take(QString::fromLatin1(name)); }
    std::optional<QString> take(const QString &name);
    void bad(const QString &name, const QString &why);

    QUrlQuery m_query;
    qint64 m_nowMs;
    QSet<QString> m_read;
    QString m_badParam;
    QString m_why;
};

struct ParamError
{
    QString param;
    QString why;
};

// What a PATCH of a project may change, from its JSON body: name (into *newName), rate_limit,
// retention_days, sample_rate, allowed_origins, require_key; every other key is bad. The first bad
// one, or nullopt when all are good (and applied to *project).
std::optional<ParamError> applyProjectSettings(const QJsonObject &body, Project *project, QString *newName);

// A funnel from the JSON body of POST funnels: steps, window_seconds, strict, breakdown, from, to,
// tz, os, ext, vscode, country and properties ({"KEY": "value"}); every other key is bad. The first
// bad one, or nullopt when all are good (and set in *query, whose projectId the caller sets).
std::optional<ParamError> funnelFromBody(const QJsonObject &body, qint64 nowMs, FunnelQuery *query);

// An epoch-ms or ISO 8601 time (see ApiParams::range); nullopt when it is neither or outside
// years 1970-9999.
std::optional<qint64> parseApiTime(const QString &text);

} // namespace tdesk
