#pragma once

// For view tests: a Reader that answers at once with figures the test chose, and counts what it
// was asked, so that a test can check what a view shows and when it reads.

#include "query/reader.h"

#include <QMap>
#include <QFuture>
#include <QFutureInterface>

namespace tdesk::test {

class FakeReader final : public Reader
{
public:
    OverviewData overviewData;
    Series perMinute;
    GeoSummary geoData;
    EventPage page;
    CollectorStatus status;
    StoreInfo store{QStringLiteral("fake"), QStringLiteral("1"), QStringLiteral("nowhere"), true};
    QList<Project> projectList{Project{1, defaultProjectName()}};
    qint64 countTotal = 0;                          // what countEvents counts, countStep per call
    qint64 countStep = std::numeric_limits<qint64>::max();
    int countAnswers = -1;                          // calls answered before the count stalls; -1: all
    QMap<EventField, QStringList> suggestions;      // offered by suggestValues, in this order
    QList<KeyInfo> keyList;
    QMap<QString, int> calls; // by method name
    QList<TimeRange> perMinuteRanges; // of each eventsPerMinute call

    int callsOf(const char *method) const { return calls.value(QString::fromLatin1(method)); }

    QFuture<Result<OverviewData>> overview(qint64, const TimeRange &) override { return answer("overview", overviewData); }
    QFuture<Result<Series>> eventsPerMinute(qint64, const TimeRange &range) override
    {
        perMinuteRanges.append(range);
        return answer("eventsPerMinute", perMinute);
    }
    QFuture<Result<GeoSummary>> geo(qint64, const TimeRange &) override { return answer("geo", geoData); }
    QFuture<Result<EventPage>> eventPage(const EventFilter &, const EventCursor &, int, const ScanBudget &) override
    {
        return answer("eventPage", page);
    }
    QFuture<Result<EventTail>> eventsStoredAfter(const EventFilter &, qint64 afterId, int, const ScanBudget &) override
    {
        return answer("eventsStoredAfter", EventTail{{}, afterId, true});
    }
    QFuture<Result<qint64>> exportCsv(const EventFilter &, const QString &, const CsvExportOptions &) override
    {
        return answer("exportCsv", qint64(page.rows.size()));
    }
    QFuture<Result<EventCount>> countEvents(const EventFilter &, qint64, const EventCursor &after, const ScanBudget &) override
    {
        // Each call counts countStep more, until countTotal; a call from the start starts over.
        if (after == EventCursor())
            m_counted = 0;
        if (countAnswers >= 0 && callsOf("countEvents") >= countAnswers) {
            ++calls[QStringLiteral("countEvents")];
            m_unansweredCounts.append(QFutureInterface<Result<EventCount>>(QFutureInterfaceBase::Started));
            return m_unansweredCounts.last().future(); // still counting
        }
        const qint64 n = std::min(countStep, countTotal - m_counted);
        m_counted += n;
        return answer("countEvents", EventCount{n, m_counted >= countTotal, EventCursor{m_counted, 0}});
    }
    QFuture<Result<QStringList>> suggestValues(qint64, const TimeRange &, EventField field, const QString &prefix, int) override
    {
        QStringList matching;
        for (const QString &value : suggestions.value(field)) {
            if (value.startsWith(prefix, Qt::CaseInsensitive))
                matching.append(value);
        }
        return answer("suggestValues", matching);
    }
    // Insights: empty answers (the views' own tests read a real database).
    QFuture<Result<TrendResult>> trend(const TrendQuery &) override { return answer("trend", TrendResult{}); }
    QFuture<Result<ActiveUsersResult>> activeUsers(const InsightFilter &) override { return answer("activeUsers", ActiveUsersResult{}); }
    QFuture<Result<SessionsResult>> sessions(const SessionsQuery &) override { return answer("sessions", SessionsResult{}); }
    QFuture<Result<RetentionResult>> retention(const RetentionQuery &) override { return answer("retention", RetentionResult{}); }
    QFuture<Result<FunnelResult>> funnel(const FunnelQuery &) override { return answer("funnel", FunnelResult{}); }
    QFuture<Result<FunnelUsers>> funnelUsers(const FunnelQuery &, int) override { return answer("funnelUsers", FunnelUsers{}); }
    QFuture<Result<PropertiesResult>> properties(qint64, const TimeRange &, const QString &) override
    {
        return answer("properties", PropertiesResult{});
    }
    QFuture<Result<StoreInfo>> storeInfo() override { return answer("storeInfo", store); }
    QFuture<Result<CollectorStatus>> collectorStatus() override { return answer("collectorStatus", status); }
    QFuture<Result<QList<Project>>> projects() override { return answer("projects", projectList); }
    QFuture<Result<QList<KeyInfo>>> keys(const QString &projectName) override
    {
        QList<KeyInfo> matching;
        for (const KeyInfo &k : std::as_const(keyList)) {
            if (projectName.isEmpty() || k.projectName == projectName)
                matching.append(k);
        }
        return answer("keys", matching);
    }
    QFuture<Result<Project>> createProject(const QString &name) override
    {
        projectList.append(Project{projectList.size() + 1, name});
        return answer("createProject", projectList.last());
    }
    QFuture<Result<void>> renameProject(const QString &, const QString &) override { return done("renameProject"); }
    QFuture<Result<void>> deleteProject(const QString &) override { return done("deleteProject"); }
    QFuture<Result<void>> updateProject(const Project &) override { return done("updateProject"); }
    QFuture<Result<QString>> createKey(const QString &projectName, KeyKind kind, const QString &label) override
    {
        const QString key = (kind == KeyKind::Public ? QStringLiteral("tdp_") : kind == KeyKind::Private ? QStringLiteral("tds_")
                                                                                                         : QStringLiteral("tda_"))
            + QStringLiteral("fake%1").arg(keyList.size() + 1, 8, 10, QLatin1Char('0'));
        KeyInfo info;
        info.id = keyList.size() + 1;
        info.kind = kind;
        info.projectName = kind == KeyKind::Admin ? QString() : projectName;
        info.prefix = apiKeyPrefix(key);
        info.label = label;
        keyList.append(info);
        return answer("createKey", key);
    }
    QFuture<Result<KeyInfo>> revokeKey(const QString &) override { return answer("revokeKey", KeyInfo()); }
    QFuture<Result<KeyInfo>> setKeyLabel(const QString &prefix, const QString &label) override
    {
        for (KeyInfo &k : keyList) {
            if (k.prefix == prefix) {
                k.label = label;
                return answer("setKeyLabel", k);
            }
        }
        return answer("setKeyLabel", KeyInfo());
    }

private:
    qint64 m_counted = 0;
    QList<QFutureInterface<Result<EventCount>>> m_unansweredCounts;

    template<typename T>
    QFuture<Result<T>> answer(const char *method, const T &value)
    {
        ++calls[QString::fromLatin1(method)];
        return QtFuture::makeReadyFuture(Result<T>(value));
    }
    QFuture<Result<void>> done(const char *method)
    {
        ++calls[QString::fromLatin1(method)];
        return QtFuture::makeReadyFuture(Result<void>());
    }
};

} // namespace tdesk::test
