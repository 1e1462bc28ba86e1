// libFuzzer target for the Query API's parameters (server/apiparams.h): a query string read as the
// events endpoint reads it, or a project's PATCH body. First byte: which. Properties: no crash; a
// bad parameter is named with a reason; what is accepted is in range (times 1970-9999, from <= to,
// limits within their bounds, texts at most 200 characters, a cursor spelt as the API gives them);
// accepted project settings are ones the catalog takes.
#define FUZZ_TARGET_NAME "fuzz_apiparams"
#include "fuzzcheck.h"
#include "query/readjson.h"
#include "server/apiparams.h"

#include <QJsonDocument>

#include <cstdint>

using namespace tdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    if (data[0] % 2 == 0) {
        const QUrlQuery query(QString::fromUtf8(rest));
        ApiParams params(query, 1796000000000);
        const EventFilter filter = params.filter(1);
        const EventCursor before = params.cursor("before");
        const qint64 limit = params.integer("limit", 100, 1, 1000);
        const bool extras = params.boolean("extras", true);
        const QString field = params.choice("field", {QStringLiteral("event"), QStringLiteral("os")});
        const bool allRead = params.allRead();
        FUZZ_CHECK(allRead == params.ok());
        if (!params.ok()) {
            FUZZ_CHECK(!params.badParam().isEmpty() && !params.why().isEmpty());
            return 0;
        }
        FUZZ_CHECK(filter.range.fromMs >= 0 && filter.range.fromMs <= filter.range.toMs);
        FUZZ_CHECK(filter.range.toMs <= 253402300799999);
        FUZZ_CHECK(limit >= 1 && limit <= 1000);
        for (const QString *text : {&filter.name, &filter.user, &filter.os, &filter.version, &filter.country, &filter.text})
            FUZZ_CHECK(text->size() <= ApiParams::MaxTextLength);
        if (query.hasQueryItem(QStringLiteral("before")))
            FUZZ_CHECK(cursorToText(before) == query.queryItemValue(QStringLiteral("before"), QUrl::FullyDecoded));
        FUZZ_CHECK(field == QLatin1String("event") || field == QLatin1String("os"));
        (void)extras;
    } else {
        const QJsonDocument document = QJsonDocument::fromJson(rest);
        if (!document.isObject())
            return 0;
        Project project;
        project.name = QStringLiteral("p");
        QString newName;
        if (const auto bad = applyProjectSettings(document.object(), &project, &newName)) {
            FUZZ_CHECK(!bad->param.isEmpty() || document.object().contains(QString()));
            FUZZ_CHECK(!bad->why.isEmpty());
            return 0;
        }
        FUZZ_CHECK(project.sampleRate > 0.0 && project.sampleRate <= 1.0);
        FUZZ_CHECK(project.retentionDays >= 0 && project.retentionDays <= 36500);
        FUZZ_CHECK(project.rateLimit >= 0);
        FUZZ_CHECK(newName.isEmpty() || isValidProjectName(newName));
    }
    return 0;
}
