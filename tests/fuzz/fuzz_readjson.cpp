// libFuzzer target for the remote reader's reading of a collector's answers (query/readjson.h):
// first byte chooses the answer's kind (6: the insights'), the rest is its JSON. Properties: no crash; a refusal says
// what is wrong; what is accepted writes back (…ToJson) to JSON that reads the same again.
#define FUZZ_TARGET_NAME "fuzz_readjson"
#include "fuzzcheck.h"
#include "query/insightjson.h"
#include "query/readjson.h"

#include <QJsonDocument>

#include <cstdint>

using namespace tdesk;

namespace {

template<typename T, typename From, typename To, typename Same>
void roundTrip(const QJsonObject &object, From from, To to, Same same)
{
    const Result<T> first = from(object);
    if (!first) {
        FUZZ_CHECK(!first.error().isEmpty());
        return;
    }
    const Result<T> second = from(to(first.value()));
    FUZZ_CHECK(bool(second));
    FUZZ_CHECK(same(first.value(), second.value()));
}

bool sameRows(const QList<EventRow> &a, const QList<EventRow> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (QJsonDocument(eventRowToJson(a[i])).toJson() != QJsonDocument(eventRowToJson(b[i])).toJson())
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)));
    if (!document.isObject())
        return 0;
    const QJsonObject object = document.object();
    const auto json = [](const QJsonObject &o) { return QJsonDocument(o).toJson(); };
    switch (data[0] % 7) {
    case 0:
        roundTrip<OverviewData>(object, overviewFromJson, overviewToJson,
                                [&](const OverviewData &a, const OverviewData &b) { return json(overviewToJson(a)) == json(overviewToJson(b)); });
        break;
    case 1:
        roundTrip<GeoSummary>(object, geoFromJson, geoToJson,
                              [&](const GeoSummary &a, const GeoSummary &b) { return json(geoToJson(a)) == json(geoToJson(b)); });
        break;
    case 2: {
        const auto page = eventPageFromJson(object);
        if (page) {
            for (const EventRow &row : page->rows)
                FUZZ_CHECK(bool(eventRowFromJson(eventRowToJson(row))));
            QJsonArray rows;
            for (const EventRow &row : page->rows)
                rows.append(eventRowToJson(row));
            const auto again = eventTailFromJson({{QStringLiteral("events"), rows}, {QStringLiteral("last_id"), 1}, {QStringLiteral("caught_up"), true}});
            FUZZ_CHECK(again && sameRows(again->rows, page->rows));
        }
        break;
    }
    case 3:
        roundTrip<CollectorStatus>(object, collectorStatusFromJson, collectorStatusToJson,
                                   [&](const CollectorStatus &a, const CollectorStatus &b) {
                                       return json(collectorStatusToJson(a)) == json(collectorStatusToJson(b));
                                   });
        break;
    case 4:
        roundTrip<Project>(object, projectFromJson, projectToJson,
                           [&](const Project &a, const Project &b) { return json(projectToJson(a)) == json(projectToJson(b)); });
        break;
    default:
        roundTrip<KeyInfo>(object, keyFromJson, keyToJson,
                           [&](const KeyInfo &a, const KeyInfo &b) { return json(keyToJson(a)) == json(keyToJson(b)); });
        (void)eventCountFromJson(object);
        (void)storeInfoFromJson(object);
        break;
    case 6: { // the insights' answers (query/insightjson.h)
        const auto same = [&](auto to) { return [&, to](const auto &a, const auto &b) { return json(to(a)) == json(to(b)); }; };
        roundTrip<TrendResult>(object, trendFromJson, trendToJson, same(trendToJson));
        roundTrip<SessionsResult>(object, sessionsFromJson, sessionsToJson, same(sessionsToJson));
        roundTrip<RetentionResult>(object, retentionFromJson, retentionToJson, same(retentionToJson));
        roundTrip<FunnelResult>(object, funnelFromJson, funnelToJson, same(funnelToJson));
        roundTrip<FunnelUsers>(object, funnelUsersFromJson, funnelUsersToJson, same(funnelUsersToJson));
        roundTrip<PropertiesResult>(object, propertiesFromJson, propertiesToJson, same(propertiesToJson));
        (void)activeUsersFromJson(object);
        break;
    }
    }
    return 0;
}
