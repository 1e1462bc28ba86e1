// libFuzzer target for the insights' requests: a query string read as GET trends reads it (first
// byte even), or a POST funnels body (odd). Properties: no crash; a refused request names its
// parameter and says why; an accepted one has a zone this machine knows, at most 3000 buckets that
// rise and hold the range's every moment, property keys and breakdowns that are safe to put into
// SQL as quoted text, and (funnels) 2 to 20 steps and a window of 1 s to 366 days.
#define FUZZ_TARGET_NAME "fuzz_insights"
#include "fuzzcheck.h"
#include "query/insightjson.h"
#include "query/insightquery.h"
#include "query/timebuckets.h"
#include "server/apiparams.h"

#include <QJsonDocument>

#include <cstdint>

using namespace tdesk;

namespace {

void checkBuckets(const InsightFilter &filter, Interval interval)
{
    const auto buckets = TimeBuckets::make(filter.timeZone, interval, filter.range);
    FUZZ_CHECK(buckets.ok());
    FUZZ_CHECK(buckets->size() <= TimeBuckets::MaxBuckets);
    for (qsizetype i = 1; i < buckets->size(); ++i)
        FUZZ_CHECK(buckets->starts()[i] > buckets->starts()[i - 1]);
    if (buckets->size() > 0) {
        FUZZ_CHECK(buckets->starts().constFirst() <= filter.range.fromMs);
        FUZZ_CHECK(buckets->indexOf(filter.range.fromMs) == 0);
        FUZZ_CHECK(buckets->indexOf(filter.range.toMs - 1) == buckets->size() - 1);
        FUZZ_CHECK(!buckets->indexSql(QStringLiteral("ts")).contains(u'\''));
    }
    for (const auto &[key, value] : filter.properties)
        FUZZ_CHECK(isPropertyKey(key) && !key.contains(u'\'') && !key.contains(u'"'));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    if (data[0] % 2 == 0) {
        ApiParams params(QUrlQuery(QString::fromUtf8(rest)), 1796000000000);
        TrendQuery q;
        const TimeRange range = params.range();
        q.filter = params.insightFilter(1, range);
        q.interval = params.interval("interval", defaultInterval(range));
        q.metric = TrendMetric(trendMetricNames().indexOf(params.choice("metric", trendMetricNames())));
        q.event = params.text("event");
        q.property = params.text("property").mid(2);
        q.breakdown = params.text("breakdown");
        if (!params.allRead()) {
            FUZZ_CHECK(!params.badParam().isEmpty() && !params.why().isEmpty());
            return 0;
        }
        if (const auto bad = checkTrend(q)) {
            FUZZ_CHECK(!bad->param.isEmpty() && !bad->message.isEmpty());
            return 0;
        }
        checkBuckets(q.filter, q.interval);
        FUZZ_CHECK(q.breakdown.isEmpty() || isBreakdown(q.breakdown));
        FUZZ_CHECK(!q.breakdown.contains(u'\''));
    } else {
        const QJsonDocument document = QJsonDocument::fromJson(rest);
        if (!document.isObject())
            return 0;
        FunnelQuery q;
        q.filter.projectId = 1;
        if (const auto bad = funnelFromBody(document.object(), 1796000000000, &q)) {
            FUZZ_CHECK(!bad->why.isEmpty());
            return 0;
        }
        if (const auto bad = checkFunnel(q)) {
            FUZZ_CHECK(!bad->param.isEmpty() && !bad->message.isEmpty());
            return 0;
        }
        FUZZ_CHECK(q.steps.size() >= FunnelMinSteps && q.steps.size() <= FunnelMaxSteps);
        FUZZ_CHECK(q.windowMs >= 1000 && q.windowMs <= 366LL * 86400000);
        FUZZ_CHECK(q.filter.range.fromMs <= q.filter.range.toMs);
        for (const auto &[key, value] : q.filter.properties)
            FUZZ_CHECK(isPropertyKey(key));
    }
    return 0;
}
