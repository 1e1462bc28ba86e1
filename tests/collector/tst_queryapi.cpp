// The Query API (/api/v1/) against a real collector: who may read what, the figures a script reads
// back for events it sent, paging without gaps, every bad parameter named, the streamed export, the
// administration of projects and keys; every answer checked against docs/openapi.json.

#include "core/timeunits.h"

#include "../common/collectorprocess.h"
#include "../common/openapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTest>
#include <QTimeZone>
#include <QUrl>

using namespace tdesk::test;

namespace {

QJsonObject json(const HttpReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

QByteArray bearer(const QByteArray &key)
{
    return "Bearer " + key;
}

// One event of a jwc.v1 batch.
QByteArray item(const QByteArray &anon, const QByteArray &evt, qint64 t, const QByteArray &extra = {})
{
    return "{\"anon\":\"" + anon + "\",\"evt\":\"" + evt + "\",\"t\":" + QByteArray::number(t) + extra + '}';
}

QByteArray batch(const QList<QByteArray> &items)
{
    return "{\"schema\":\"jwc.v1\",\"batch\":[" + items.join(',') + "]}";
}

// A chunked body as a client reads it: the data, and whether its last (empty) chunk came.
struct Chunked
{
    QByteArray body;
    bool complete = false;
};

Chunked readChunked(QByteArray raw)
{
    Chunked out;
    qsizetype at = raw.indexOf("\r\n\r\n");
    if (at < 0)
        return out;
    at += 4;
    for (;;) {
        const qsizetype lineEnd = raw.indexOf("\r\n", at);
        if (lineEnd < 0)
            return out;
        bool ok = false;
        const qsizetype size = raw.mid(at, lineEnd - at).toLongLong(&ok, 16);
        if (!ok || raw.size() < lineEnd + 2 + size + 2)
            return out;
        if (size == 0) {
            out.complete = true;
            return out;
        }
        out.body += raw.mid(lineEnd + 2, size);
        at = lineEnd + 2 + size + 2;
    }
}

} // namespace

class TestQueryApi : public QObject
{
    Q_OBJECT

    CollectorProcess m_collector;
    OpenApi m_openApi;
    QByteArray m_private, m_admin, m_public;
    qint64 m_now = 0;

    // A request to the API; every JSON answer must be what docs/openapi.json says it is.
    HttpReply api(const QByteArray &method, const QByteArray &path, const QByteArray &key, const QByteArray &body = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
        if (!key.isEmpty())
            headers.append({"Authorization", bearer(key)});
        const HttpReply reply = m_collector.request(method, "/api/v1/" + path, body, headers);
        if (reply.header("Content-Type").startsWith("application/json")) {
            const QString where = QUrl(QString::fromUtf8("/" + path)).path();
            const QString mismatch = m_openApi.check(QString::fromLatin1(method), where, reply.status, reply.body);
            if (!mismatch.isEmpty())
                qWarning().noquote() << "answer of" << method << path << "not as docs/openapi.json says:" << mismatch << reply.body.left(300);
            m_schemaMismatches += mismatch.isEmpty() ? 0 : 1;
        }
        return reply;
    }
    int m_schemaMismatches = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_openApi.loaded());
        QVERIFY(m_collector.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
        m_private = m_collector.createKey(QStringLiteral("default"), QStringLiteral("private"));
        m_public = m_collector.createKey(QStringLiteral("default"), QStringLiteral("public"));
        QByteArray out;
        QCOMPARE(m_collector.admin({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--kind"), QStringLiteral("admin")}, &out), 0);
        m_admin = out.trimmed().split('\n').last().trimmed();
        QVERIFY(m_private.startsWith("tds_") && m_public.startsWith("tdp_") && m_admin.startsWith("tda_"));
        m_now = QDateTime::currentMSecsSinceEpoch();
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_schemaMismatches, 0);
    }

    void keysDecideWhoReads()
    {
        HttpReply r = api("GET", "overview", {});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(json(r).value(QStringLiteral("error")).toString(), QStringLiteral("unauthorized"));
        QCOMPARE(api("GET", "overview", "tds_notakeyatallnotakeyatallnotakeyatall").status, 401);
        r = api("GET", "overview", m_public);
        QCOMPARE(r.status, 403);
        QCOMPARE(json(r).value(QStringLiteral("error")).toString(), QStringLiteral("forbidden"));
        QCOMPARE(api("GET", "overview", m_private).status, 200);
        QCOMPARE(api("GET", "overview", m_admin).status, 200);
        QCOMPARE(json(api("GET", "status", m_private)).value(QStringLiteral("api")).toInt(), 1);
        // A private key is not an administrator.
        QCOMPARE(api("POST", "projects", m_private, R"({"name":"nope"})").status, 403);
        QCOMPARE(api("GET", "keys", m_private).status, 403);
    }

    // Hand-worked: what a script reads back for seven events of three users.
    void overviewCountsWhatWasSent()
    {
        CollectorProcess collector;
        QVERIFY(collector.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
        const QByteArray key = collector.createKey(QStringLiteral("default"), QStringLiteral("private"));
        const qint64 t0 = m_now - 3 * 3600 * 1000;
        const qint64 minute = 60 * 1000;
        // a: three "open" in session s1; b: one "open", then two "save" 10 and 50 minutes later
        // (no session id: the 40-minute gap starts a second session); c: one "save" on linux.
        const HttpReply sent = collector.post(batch({
            item("a", "open", t0, R"(,"sessionId":"s1","os":"darwin")"),
            item("a", "open", t0 + minute, R"(,"sessionId":"s1","os":"darwin")"),
            item("a", "open", t0 + 2 * minute, R"(,"sessionId":"s1","os":"darwin")"),
            item("b", "open", t0, R"(,"os":"win32")"),
            item("b", "save", t0 + 10 * minute, R"(,"os":"win32")"),
            item("b", "save", t0 + 50 * minute, R"(,"os":"win32")"),
            item("c", "save", t0 + 5 * minute, R"(,"os":"linux")"),
        }));
        QCOMPARE(sent.status, 200);
        QCOMPARE(json(sent).value(QStringLiteral("accepted")).toInt(), 7);

        const auto get = [&](const QByteArray &path) {
            const HttpReply r = collector.request("GET", "/api/v1/" + path, {}, {{"Authorization", bearer(key)}});
            const QString mismatch = m_openApi.check(QStringLiteral("GET"), QUrl(QString::fromUtf8("/" + path)).path(), r.status, r.body);
            if (!mismatch.isEmpty())
                qWarning() << mismatch;
            m_schemaMismatches += mismatch.isEmpty() ? 0 : 1;
            return r;
        };
        const QJsonObject o = json(get("overview"));
        QCOMPARE(o.value(QStringLiteral("events")).toInt(), 7);
        QCOMPARE(o.value(QStringLiteral("users")).toInt(), 3);
        QCOMPARE(o.value(QStringLiteral("sessions")).toInt(), 4); // s1, b's two, c's one
        const QJsonArray top = o.value(QStringLiteral("top_events")).toArray();
        QCOMPARE(top.size(), 2);
        QCOMPARE(top[0].toObject(), (QJsonObject{{QStringLiteral("event"), QStringLiteral("open")}, {QStringLiteral("count"), 4}, {QStringLiteral("users"), 2}}));
        QCOMPARE(top[1].toObject(), (QJsonObject{{QStringLiteral("event"), QStringLiteral("save")}, {QStringLiteral("count"), 3}, {QStringLiteral("users"), 2}}));
        const QJsonArray os = o.value(QStringLiteral("by_os")).toArray();
        QCOMPARE(os[0].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("darwin"));
        QCOMPARE(os[0].toObject().value(QStringLiteral("count")).toInt(), 3);
        QCOMPARE(os[1].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("win32"));
        QCOMPARE(os[2].toObject().value(QStringLiteral("count")).toInt(), 1);
        // The series adds up to the events, and the previous day had none.
        qint64 inSeries = 0;
        for (const QJsonValue &point : o.value(QStringLiteral("series")).toArray())
            inSeries += point.toArray()[1].toInteger();
        QCOMPARE(inSeries, 7);
        QCOMPARE(o.value(QStringLiteral("previous")).toObject().value(QStringLiteral("events")).toInt(), 0);
        QCOMPARE(o.value(QStringLiteral("per_minute")).toArray().size(), 60);

        // Without the raw-event extras, the same figures and no sessions.
        const QJsonObject lean = json(get("overview?extras=false"));
        QCOMPARE(lean.value(QStringLiteral("events")).toInt(), 7);
        QVERIFY(!lean.contains(QStringLiteral("sessions")));
        // A range that leaves out b's last event, in ISO 8601.
        const QByteArray to = QDateTime::fromMSecsSinceEpoch(t0 + 20 * minute, QTimeZone::utc()).toString(Qt::ISODateWithMs).toLatin1();
        const QJsonObject cut = json(get("overview?from=" + QByteArray::number(t0) + "&to=" + to));
        QCOMPARE(cut.value(QStringLiteral("events")).toInt(), 6);
        QCOMPARE(cut.value(QStringLiteral("sessions")).toInt(), 3);

        // The live chart's minutes: every minute of the range, the events in the minutes they fell in.
        const QByteArray hour = "from=" + QByteArray::number(t0 - t0 % minute) + "&to=" + QByteArray::number(t0 - t0 % minute + 60 * minute);
        const QJsonArray minutes = json(get("minutes?" + hour)).value(QStringLiteral("minutes")).toArray();
        QCOMPARE(minutes.size(), 60);
        QCOMPARE(minutes[0].toArray()[1].toInt(), 2); // a's and b's first events
        QCOMPARE(minutes[50].toArray()[1].toInt(), 1); // b's last
        QCOMPARE(json(get("minutes?from=0")).value(QStringLiteral("param")).toString(), QStringLiteral("to"));

        const QJsonObject values = json(get("values?field=os&prefix=W"));
        QCOMPARE(values.value(QStringLiteral("values")).toArray(), QJsonArray{QStringLiteral("win32")});
    }

    void eventsPageWithoutGapsOrRepeats()
    {
        CollectorProcess collector;
        QVERIFY(collector.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
        const QByteArray key = collector.createKey(QStringLiteral("default"), QStringLiteral("private"));
        QList<QByteArray> items;
        for (int i = 0; i < 250; ++i) // ten events share each millisecond: the id breaks the tie
            items.append(item("u" + QByteArray::number(i % 17), i % 5 == 0 ? "rare" : "common", m_now - 3600 * 1000 + (i / 10),
                              ",\"id\":\"e" + QByteArray::number(i) + "\",\"os\":\"" + (i % 2 ? "linux" : "darwin") + '"'));
        QCOMPARE(collector.post(batch(items)).status, 200);

        const auto page = [&](const QByteArray &query) {
            return json(collector.request("GET", "/api/v1/events?" + query, {}, {{"Authorization", bearer(key)}}));
        };
        // On PostgreSQL, a page lists the rows of transactions older than every one still running in
        // the cluster (tests on other databases included): wait for the batch to count as stored.
        QTRY_COMPARE_WITH_TIMEOUT(page("limit=1000").value(QStringLiteral("events")).toArray().size(), 250, 30000);
        QSet<QString> seen;
        qint64 previousTs = std::numeric_limits<qint64>::max();
        QByteArray before;
        int pages = 0;
        for (;;) {
            const QJsonObject p = page("limit=100" + (before.isEmpty() ? QByteArray() : "&before=" + before));
            ++pages;
            for (const QJsonValue &e : p.value(QStringLiteral("events")).toArray()) {
                const QJsonObject event = e.toObject();
                QVERIFY(!seen.contains(event.value(QStringLiteral("event_id")).toString()));
                seen.insert(event.value(QStringLiteral("event_id")).toString());
                QVERIFY(event.value(QStringLiteral("ts")).toInteger() <= previousTs);
                previousTs = event.value(QStringLiteral("ts")).toInteger();
            }
            if (p.value(QStringLiteral("next")).isNull())
                break;
            before = QUrl::toPercentEncoding(p.value(QStringLiteral("next")).toString());
            QVERIFY(pages < 10);
        }
        QCOMPARE(seen.size(), 250);
        QCOMPARE(pages, 3);

        // The Events view's filters.
        QCOMPARE(page("event=rare&limit=1000").value(QStringLiteral("events")).toArray().size(), 50);
        QCOMPARE(page("event=rare&os=linux&limit=1000").value(QStringLiteral("events")).toArray().size(), 25);
        // Text that looks like SQL is text: nothing matches, nothing breaks.
        const QJsonObject sqlish = page("q=" + QUrl::toPercentEncoding(QStringLiteral("x' OR 1=1; DROP TABLE events; --")) + "&limit=1000");
        QCOMPARE(sqlish.value(QStringLiteral("events")).toArray().size(), 0);
        QCOMPARE(page("limit=1000").value(QStringLiteral("events")).toArray().size(), 250);

        // The count, to the last event, and the tail after the newest stored position.
        const QJsonObject count = json(collector.request("GET", "/api/v1/events/count?event=rare", {}, {{"Authorization", bearer(key)}}));
        QCOMPARE(count.value(QStringLiteral("count")).toInt(), 50);
        QVERIFY(count.value(QStringLiteral("complete")).toBool());
        const qint64 newest = page("limit=1").value(QStringLiteral("newest_stored_id")).toInteger();
        QCOMPARE(collector.post(batch({item("late", "common", m_now - 1000, R"(,"id":"late")")})).status, 200);
        QJsonObject tail;
        QTRY_VERIFY_WITH_TIMEOUT((tail = json(collector.request("GET", "/api/v1/events/tail?after_id=" + QByteArray::number(newest), {},
                                                               {{"Authorization", bearer(key)}})))
                                         .value(QStringLiteral("events")).toArray().size() == 1,
                                 30000);
        QCOMPARE(tail.value(QStringLiteral("events")).toArray()[0].toObject().value(QStringLiteral("event_id")).toString(), QStringLiteral("late"));
    }

    // Nothing of one project reaches a key of another.
    void privateKeyReadsOnlyItsProject()
    {
        QCOMPARE(m_collector.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("secret-app")}), 0);
        const QByteArray publicKey = m_collector.createKey(QStringLiteral("secret-app"), QStringLiteral("public"));
        QCOMPARE(m_collector.post(batch({item("x", "secret.event", m_now - 1000)}), {{"Content-Type", "application/json"}, {"Authorization", bearer(publicKey)}}).status, 200);

        HttpReply r = api("GET", "overview?project=secret-app", m_private);
        QCOMPARE(r.status, 403);
        QVERIFY(!r.body.contains("secret"));
        QCOMPARE(api("GET", "overview?project=no-such-project", m_private).status, 403); // whether it exists is not told
        const QJsonArray events = json(api("GET", "events?limit=1000", m_private)).value(QStringLiteral("events")).toArray();
        for (const QJsonValue &e : events)
            QVERIFY(e.toObject().value(QStringLiteral("event")).toString() != QLatin1String("secret.event"));
        QCOMPARE(json(api("GET", "projects", m_private)).value(QStringLiteral("projects")).toArray().size(), 1);

        const QJsonObject asAdmin = json(api("GET", "overview?project=secret-app", m_admin));
        QCOMPARE(asAdmin.value(QStringLiteral("events")).toInt(), 1);
        QCOMPARE(json(api("GET", "overview?project=no-such-project", m_admin)).value(QStringLiteral("param")).toString(), QStringLiteral("project"));
    }

    void badParametersAreNamed_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QString>("param");
        QTest::newRow("from not a time") << QByteArray("overview?from=yesterday") << QStringLiteral("from");
        QTest::newRow("to before from") << QByteArray("overview?from=2000&to=1000") << QStringLiteral("to");
        QTest::newRow("year 10000") << QByteArray("geo?to=253402300800000") << QStringLiteral("to");
        QTest::newRow("negative time") << QByteArray("geo?from=-5") << QStringLiteral("from");
        QTest::newRow("extras not a boolean") << QByteArray("overview?extras=maybe") << QStringLiteral("extras");
        QTest::newRow("unknown parameter") << QByteArray("overview?evnt=open") << QStringLiteral("evnt");
        QTest::newRow("twice") << QByteArray("events?event=a&event=b") << QStringLiteral("event");
        QTest::newRow("limit 0") << QByteArray("events?limit=0") << QStringLiteral("limit");
        QTest::newRow("limit too big") << QByteArray("events?limit=1001") << QStringLiteral("limit");
        QTest::newRow("limit not a number") << QByteArray("events?limit=ten") << QStringLiteral("limit");
        QTest::newRow("malformed cursor") << QByteArray("events?before=12x_3") << QStringLiteral("before");
        QTest::newRow("cursor with a sign") << QByteArray("events?before=+12_3") << QStringLiteral("before");
        QTest::newRow("oversized filter") << "events?q=" + QByteArray(201, 'x') << QStringLiteral("q");
        QTest::newRow("budget 0") << QByteArray("events?budget_ms=0") << QStringLiteral("budget_ms");
        QTest::newRow("negative after_id") << QByteArray("events/tail?after_id=-1") << QStringLiteral("after_id");
        QTest::newRow("unknown field") << QByteArray("values?field=city") << QStringLiteral("field");
        QTest::newRow("bom not a boolean") << QByteArray("export.csv?bom=yes") << QStringLiteral("bom");
        QTest::newRow("status takes none") << QByteArray("status?verbose=1") << QStringLiteral("verbose");
        // Insights.
        QTest::newRow("unknown zone") << QByteArray("trends?tz=Mars/Olympus_Mons") << QStringLiteral("tz");
        QTest::newRow("zone with SQL") << QByteArray("sessions?tz=UTC%27%3B--") << QStringLiteral("tz");
        QTest::newRow("unknown interval") << QByteArray("trends?interval=fortnight") << QStringLiteral("interval");
        QTest::newRow("too many buckets") << QByteArray("trends?interval=minute&from=0&to=86400000000") << QStringLiteral("interval");
        QTest::newRow("unknown metric") << QByteArray("trends?metric=p99") << QStringLiteral("metric");
        QTest::newRow("average of nothing") << QByteArray("trends?metric=avg") << QStringLiteral("property");
        QTest::newRow("property without m.") << QByteArray("trends?metric=sum&property=durationMs") << QStringLiteral("property");
        QTest::newRow("breakdown with SQL") << QByteArray("trends?breakdown=m.x%27)%20OR%201%3D1--") << QStringLiteral("breakdown");
        QTest::newRow("breakdown by a column") << QByteArray("trends?breakdown=user_hash") << QStringLiteral("breakdown");
        QTest::newRow("property key with quotes") << QByteArray("trends?m.a%22b=1") << QStringLiteral("m.a\"b");
        QTest::newRow("property filter twice") << QByteArray("trends?m.plan=a&m.plan=b") << QStringLiteral("m.plan");
        QTest::newRow("compare with what") << QByteArray("trends?compare=last_year") << QStringLiteral("compare");
        QTest::newRow("monthly windows") << QByteArray("retention?window=month") << QStringLiteral("window");
        QTest::newRow("no windows") << QByteArray("retention?windows=0") << QStringLiteral("windows");
        QTest::newRow("active hours") << QByteArray("active-users?interval=hour") << QStringLiteral("interval");
        QTest::newRow("properties take no zone") << QByteArray("properties?tz=UTC") << QStringLiteral("tz");
    }

    void badFunnelsAreNamed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("param");
        QTest::newRow("one step") << QByteArray(R"({"steps":["a"]})") << QStringLiteral("steps");
        QTest::newRow("21 steps") << "{\"steps\":[" + QByteArray("\"a\",").repeated(20) + "\"a\"]}" << QStringLiteral("steps");
        QTest::newRow("steps not names") << QByteArray(R"({"steps":["a",1]})") << QStringLiteral("steps");
        QTest::newRow("no window") << QByteArray(R"({"steps":["a","b"],"window_seconds":0})") << QStringLiteral("window_seconds");
        QTest::newRow("window not whole") << QByteArray(R"({"steps":["a","b"],"window_seconds":1.5})") << QStringLiteral("window_seconds");
        QTest::newRow("strict maybe") << QByteArray(R"({"steps":["a","b"],"strict":"yes"})") << QStringLiteral("strict");
        QTest::newRow("unknown field") << QByteArray(R"({"steps":["a","b"],"sample":true})") << QStringLiteral("sample");
        QTest::newRow("bad time") << QByteArray(R"({"steps":["a","b"],"from":"yesterday"})") << QStringLiteral("from");
        QTest::newRow("to before from") << QByteArray(R"({"steps":["a","b"],"from":2000,"to":1000})") << QStringLiteral("to");
        QTest::newRow("unknown zone") << QByteArray(R"({"steps":["a","b"],"tz":"Nowhere/City"})") << QStringLiteral("tz");
        QTest::newRow("breakdown with SQL") << QByteArray(R"({"steps":["a","b"],"breakdown":"m.a\u0027--"})") << QStringLiteral("breakdown");
    }

    void badFunnelsAreNamed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, param);
        const HttpReply r = api("POST", "funnels", m_private, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(json(r).value(QStringLiteral("param")).toString(), param);
        QCOMPARE(json(api("POST", "funnels", m_private, "not json")).value(QStringLiteral("error")).toString(), QStringLiteral("bad_body"));
        QCOMPARE(api("GET", "funnels", m_private).status, 405);
        QCOMPARE(api("POST", "funnels", m_public, R"({"steps":["a","b"]})").status, 403);
    }

    // The insights over events sent to /t, hand-worked: the same events as overviewCountsWhatWasSent.
    void insightsOfWhatWasSent()
    {
        CollectorProcess collector;
        QVERIFY(collector.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
        const QByteArray key = collector.createKey(QStringLiteral("default"), QStringLiteral("private"));
        const qint64 t0 = tdesk::floorTo(m_now, tdesk::DayMs) - tdesk::DayMs + 6 * tdesk::HourMs; // yesterday 06:00 UTC
        const qint64 minute = tdesk::MinuteMs;
        QCOMPARE(collector.post(batch({
                     item("a", "open", t0, R"(,"sessionId":"s1","os":"darwin","m":{"durationMs":30})"),
                     item("a", "open", t0 + minute, R"(,"sessionId":"s1","os":"darwin","m":{"durationMs":10})"),
                     item("a", "open", t0 + 2 * minute, R"(,"sessionId":"s1","os":"darwin")"),
                     item("b", "open", t0, R"(,"os":"win32","m":{"durationMs":20})"),
                     item("b", "save", t0 + 10 * minute, R"(,"os":"win32")"),
                     item("b", "save", t0 + 50 * minute, R"(,"os":"win32")"),
                     item("c", "save", t0 + 5 * minute, R"(,"os":"linux")"),
                 })).status, 200);
        const auto get = [&](const QByteArray &method, const QByteArray &path, const QByteArray &body = {}) {
            const HttpReply r = collector.request(method, "/api/v1/" + path, body, {{"Content-Type", "application/json"}, {"Authorization", bearer(key)}});
            const QString mismatch = m_openApi.check(QString::fromLatin1(method), QUrl(QString::fromUtf8("/" + path)).path(), r.status, r.body);
            if (!mismatch.isEmpty())
                qWarning() << mismatch << r.body.left(300);
            m_schemaMismatches += mismatch.isEmpty() ? 0 : 1;
            return json(r);
        };
        const QByteArray day = "from=" + QByteArray::number(t0 - 6 * tdesk::HourMs) + "&to=" + QByteArray::number(t0 + 18 * tdesk::HourMs);
        // One bucket, the day: events by OS; then the average duration of the day.
        QJsonArray series = get("GET", "trends?interval=day&breakdown=os&" + day).value(QStringLiteral("series")).toArray();
        QCOMPARE(series.size(), 3);
        QCOMPARE(series[0].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("darwin"));
        QCOMPARE(series[0].toObject().value(QStringLiteral("points")).toArray()[0].toArray()[1].toInt(), 3);
        QCOMPARE(series[1].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("win32"));
        QCOMPARE(series[1].toObject().value(QStringLiteral("points")).toArray()[0].toArray()[1].toInt(), 3);
        series = get("GET", "trends?interval=day&metric=avg&property=m.durationMs&" + day).value(QStringLiteral("series")).toArray();
        QCOMPARE(series[0].toObject().value(QStringLiteral("points")).toArray()[0].toArray()[1].toDouble(), 20.0);
        // Sessions: s1 (2 minutes), b's first run (10 minutes), b's second and c's (none long).
        const QJsonObject sessions = get("GET", "sessions?" + day);
        QCOMPARE(sessions.value(QStringLiteral("sessions")).toInt(), 4);
        QCOMPARE(sessions.value(QStringLiteral("duration_ms")).toObject().value(QStringLiteral("p90")).toInt(), 10 * minute);
        // Open, then save within an hour: only b.
        const QJsonArray steps = get("POST", "funnels", R"({"steps":["open","save"],"window_seconds":3600,"from":)"
                                                            + QByteArray::number(t0 - tdesk::HourMs) + "}")
                                     .value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps[0].toObject().value(QStringLiteral("users")).toInt(), 2);
        QCOMPARE(steps[1].toObject().value(QStringLiteral("users")).toInt(), 1);
        QCOMPARE(steps[1].toObject().value(QStringLiteral("median_ms")).toInt(), 10 * minute);
        // Who saved: b, whose events the user filter then gives, all three.
        const QByteArray funnel = R"({"steps":["open","save"],"window_seconds":3600,"from":)" + QByteArray::number(t0 - tdesk::HourMs) + "}";
        const QJsonObject saved = get("POST", "funnels/users?step=1", funnel);
        QCOMPARE(saved.value(QStringLiteral("total")).toInt(), 1);
        const QString b = saved.value(QStringLiteral("users")).toArray()[0].toString();
        QCOMPARE(get("GET", "events?" + day + "&user=" + b.toLatin1()).value(QStringLiteral("events")).toArray().size(), 3);
        QCOMPARE(get("POST", "funnels/users?step=0", funnel).value(QStringLiteral("total")).toInt(), 2);
        QCOMPARE(collector.request("POST", "/api/v1/funnels/users?step=2", funnel, {{"Authorization", bearer(key)}}).status, 400);
        // Three users new yesterday; the pickers offer both names, "open" first.
        const QJsonArray cohorts = get("GET", "retention?windows=2").value(QStringLiteral("cohorts")).toArray();
        QCOMPARE(cohorts.size(), 2);
        QCOMPARE(cohorts[0].toObject().value(QStringLiteral("size")).toInt(), 3);
        QCOMPARE(get("GET", "properties?" + day).value(QStringLiteral("events")).toArray(), (QJsonArray{QStringLiteral("open"), QStringLiteral("save")}));
        // Text that looks like SQL is only text: nothing matches, nothing breaks.
        QCOMPARE(get("GET", "trends?interval=day&event=x%27%20OR%20%271%27%3D%271&" + day).value(QStringLiteral("series")).toArray()[0]
                     .toObject().value(QStringLiteral("points")).toArray()[0].toArray()[1].toInt(), 0);
    }

    void statsDailyFiguresAreTheTrends()
    {
        CollectorProcess collector;
        QVERIFY(collector.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
        const QByteArray key = collector.createKey(QStringLiteral("default"), QStringLiteral("private"));
        const qint64 day0 = tdesk::floorTo(m_now, tdesk::DayMs) - 3 * tdesk::DayMs; // three whole UTC days ago
        const qint64 h = tdesk::HourMs;
        QCOMPARE(collector.post(batch({
                     item("a", "open", day0 + 10 * h), item("b", "open", day0 + 23 * h + 59 * tdesk::MinuteMs),
                     item("a", "save", day0 + 24 * h), item("a", "save", day0 + 30 * h), item("c", "save", day0 + 47 * h),
                     item("c", "open", day0 + 72 * h - 1),
                 })).status, 200);
        const QDate first = QDateTime::fromMSecsSinceEpoch(day0, QTimeZone::utc()).date();
        const QByteArray dates = "from=" + first.toString(Qt::ISODate).toLatin1() + "&to=" + first.addDays(2).toString(Qt::ISODate).toLatin1();
        const QJsonObject daily = json(collector.request("GET", "/stats?" + dates)).value(QStringLiteral("daily")).toObject();
        QCOMPARE(daily.value(QStringLiteral("hits")).toArray(), (QJsonArray{2, 3, 1}));
        QCOMPARE(daily.value(QStringLiteral("uniques")).toArray(), (QJsonArray{2, 2, 1}));
        const QByteArray range = "interval=day&tz=UTC&from=" + QByteArray::number(day0) + "&to=" + QByteArray::number(day0 + 3 * tdesk::DayMs);
        for (const char *metric : {"count", "users"}) {
            const HttpReply r = collector.request("GET", "/api/v1/trends?metric=" + QByteArray(metric) + '&' + range, {}, {{"Authorization", bearer(key)}});
            QJsonArray values;
            for (const QJsonValue point : json(r).value(QStringLiteral("series")).toArray()[0].toObject().value(QStringLiteral("points")).toArray())
                values.append(point.toArray()[1].toInt());
            QCOMPARE(values, daily.value(QLatin1String(metric == QByteArray("count") ? "hits" : "uniques")).toArray());
        }
    }

    void badParametersAreNamed()
    {
        QFETCH(QByteArray, path);
        QFETCH(QString, param);
        const HttpReply r = api("GET", path, m_private);
        QCOMPARE(r.status, 400);
        const QJsonObject body = json(r);
        QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("bad_param"));
        QCOMPARE(body.value(QStringLiteral("param")).toString(), param);
        QVERIFY(!body.value(QStringLiteral("message")).toString().isEmpty());
    }

    void unknownEndpointsAndMethods()
    {
        QCOMPARE(api("GET", "nothing-here", m_private).status, 404);
        QCOMPARE(api("POST", "overview", m_private, "{}").status, 405);
        QCOMPARE(api("DELETE", "events", m_private).status, 405);
    }

    // Memory stays flat however large the export (tests/bench: queryapi figures); here: every row,
    // chunked, ending with the last chunk; a client that leaves midway does not harm the collector.
    void exportStreamsEveryRow()
    {
        CollectorProcess collector;
        QVERIFY(collector.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
        const QByteArray key = collector.createKey(QStringLiteral("default"), QStringLiteral("private"));
        const int events = 20000;
        int clicks = 0;
        for (int b = 0; b < events / 1000; ++b) {
            QList<QByteArray> items;
            for (int i = 0; i < 1000; ++i) {
                clicks += i % 3 == 0;
                items.append(item("user" + QByteArray::number(i % 300), i % 3 ? "view" : "click", m_now - 7200 * 1000 + b * 1000 + i,
                                  R"(,"m":{"path":"/a/long/enough/path/to/make/the/rows/bigger","durationMs":12345})"));
            }
            QCOMPARE(collector.post(batch(items)).status, 200);
        }
        const auto exportRequest = [&](const QByteArray &query) {
            return requestBytes("GET", "/api/v1/export.csv" + query, {}, {{"Authorization", bearer(key)}});
        };

        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), collector.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(exportRequest("?event=click"));
        QByteArray raw;
        QElapsedTimer timer;
        timer.start();
        while (!raw.endsWith("\r\n0\r\n\r\n") && timer.elapsed() < 30000) {
            socket.waitForReadyRead(1000);
            raw += socket.readAll();
        }
        QVERIFY(raw.startsWith("HTTP/1.1 200"));
        QVERIFY(raw.left(raw.indexOf("\r\n\r\n")).contains("Transfer-Encoding: chunked"));
        const Chunked csv = readChunked(raw);
        QVERIFY(csv.complete);
        const QList<QByteArray> lines = csv.body.split('\n');
        QVERIFY(lines.front().startsWith("time_utc,event,"));
        QCOMPARE(lines.size() - 2, clicks); // the header, the rows, and "" after the last CRLF
        for (qsizetype i = 1; i + 1 < lines.size(); ++i)
            QVERIFY(lines[i].contains(",click,"));

        // A client that reads a little and goes: the collector stops the export and goes on serving.
        {
            QTcpSocket leaving;
            leaving.connectToHost(QStringLiteral("127.0.0.1"), collector.port());
            QVERIFY(leaving.waitForConnected(5000));
            leaving.setReadBufferSize(4096);
            leaving.write(exportRequest(""));
            QVERIFY(leaving.waitForReadyRead(5000));
            leaving.abort();
        }
        QCOMPARE(collector.request("GET", "/health").status, 200);
        // And the whole export still works after it, every row.
        QTcpSocket again;
        again.connectToHost(QStringLiteral("127.0.0.1"), collector.port());
        QVERIFY(again.waitForConnected(5000));
        again.write(exportRequest("?bom=true"));
        raw.clear();
        timer.restart();
        while (!raw.endsWith("\r\n0\r\n\r\n") && timer.elapsed() < 30000) {
            again.waitForReadyRead(1000);
            raw += again.readAll();
        }
        const Chunked all = readChunked(raw);
        QVERIFY(all.complete);
        QVERIFY(all.body.startsWith("\xEF\xBB\xBFtime_utc"));
        QCOMPARE(all.body.count('\n'), events + 1);

        // A client that asks for a large export and reads none of it holds the export back; the
        // collector still stops at once when told to, and cleanly.
        for (int b = 0; b < 80; ++b) {
            QList<QByteArray> items;
            for (int i = 0; i < 1000; ++i)
                items.append(item("more" + QByteArray::number(i % 50), "view", m_now - 3 * 3600 * 1000 + b * 1000 + i,
                                  R"(,"m":{"path":"/a/long/enough/path/to/make/the/rows/bigger","durationMs":12345})"));
            QCOMPARE(collector.post(batch(items)).status, 200);
        }
        QTcpSocket stuck;
        stuck.connectToHost(QStringLiteral("127.0.0.1"), collector.port());
        QVERIFY(stuck.waitForConnected(5000));
        stuck.setReadBufferSize(1024);
        stuck.write(exportRequest(""));
        stuck.flush();
        QTest::qWait(1500);
        QElapsedTimer stopping;
        stopping.start();
        collector.terminate();
        QVERIFY(collector.process().waitForFinished(15000));
        QCOMPARE(collector.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(collector.process().exitCode(), 0);
        QVERIFY2(stopping.elapsed() < 10000, qPrintable(QString::number(stopping.elapsed())));
    }

    // HTTPS with a certificate made here; plain HTTP beside it on a port of its own.
    void httpsWithACertificateOfItsOwn()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem")), key = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                                                  QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                                                  QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"),
                                                  QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                                                  QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY(openssl.waitForFinished(20000));
        QCOMPARE(openssl.exitCode(), 0);

        CollectorProcess collector;
        QVERIFY(collector.start({QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key,
                                 QStringLiteral("--http-listen"), QStringLiteral("127.0.0.1:0")}));
        QSslSocket socket;
        QSslConfiguration trusting = socket.sslConfiguration();
        trusting.setCaCertificates(QSslCertificate::fromPath(cert));
        socket.setSslConfiguration(trusting);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), collector.port());
        QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
        const QByteArray readKey = collector.createKey(QStringLiteral("default"), QStringLiteral("private"));
        socket.write(requestBytes("GET", "/api/v1/overview", {}, {{"Authorization", bearer(readKey)}}));
        const HttpReply reply = readReply(socket);
        QCOMPARE(reply.status, 200);
        QVERIFY(json(reply).contains(QStringLiteral("events")));

        // Plain HTTP on the HTTPS port: no answer, the connection is dropped. On the --http-listen
        // port: plain HTTP, for ingest, say.
        QCOMPARE(collector.request("GET", "/health").status, 0);
        QByteArray output = collector.startOutput();
        QElapsedTimer waited;
        waited.start();
        while (!output.contains("plain HTTP on") && waited.elapsed() < 5000 && collector.process().waitForReadyRead(500))
            output += collector.process().readAllStandardOutput();
        const auto plain = QRegularExpression(QStringLiteral("plain HTTP on [^ ]+:(\\d+)")).match(QString::fromUtf8(output));
        QVERIFY2(plain.hasMatch(), output.constData());
        QTcpSocket http;
        http.connectToHost(QStringLiteral("127.0.0.1"), quint16(plain.captured(1).toUInt()));
        QVERIFY(http.waitForConnected(5000));
        http.write(requestBytes("POST", "/t", singleEvent("over.plain.http")));
        QCOMPARE(readReply(http).status, 200);
        // A client that does not trust the certificate gets no connection.
        QSslSocket untrusting;
        untrusting.connectToHostEncrypted(QStringLiteral("127.0.0.1"), collector.port());
        QVERIFY(!untrusting.waitForEncrypted(10000));
        QVERIFY(untrusting.sslHandshakeErrors().size() > 0);

        // A wrong key file: a clear message, exit code 2 (configuration).
        QByteArray err;
        QProcess bad;
        bad.start(QStringLiteral(TDESK_COLLECTOR_BIN), {QStringLiteral("--db"), m_collector.databasePath(), QStringLiteral("--tls-cert"), cert,
                                                         QStringLiteral("--tls-key"), cert});
        QVERIFY(bad.waitForFinished(10000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("--tls-key"));
    }

    void administration()
    {
        HttpReply r = api("POST", "projects", m_admin, R"({"name":"web-shop"})");
        QCOMPARE(r.status, 201);
        QCOMPARE(json(r).value(QStringLiteral("project")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("web-shop"));
        QCOMPARE(api("POST", "projects", m_admin, R"({"name":"web-shop"})").status, 400); // taken
        QCOMPARE(json(api("POST", "projects", m_admin, R"({"name":"bad name!"})")).value(QStringLiteral("param")).toString(), QStringLiteral("name"));
        QCOMPARE(json(api("POST", "projects", m_admin, "not json")).value(QStringLiteral("error")).toString(), QStringLiteral("bad_body"));

        // A key made through the API works at once, and its text is never shown again.
        r = api("POST", "projects/web-shop/keys", m_admin, R"({"kind":"public","label":"checkout page"})");
        QCOMPARE(r.status, 201);
        const QByteArray ingestKey = json(r).value(QStringLiteral("key")).toString().toLatin1();
        QCOMPARE(m_collector.post(batch({item("shopper", "cart.add", m_now - 500)}),
                                  {{"Content-Type", "application/json"}, {"Authorization", bearer(ingestKey)}}).status, 200);
        r = api("POST", "projects/web-shop/keys", m_admin, R"({"kind":"private"})");
        const QByteArray readKey = json(r).value(QStringLiteral("key")).toString().toLatin1();
        QCOMPARE(json(api("GET", "overview", readKey)).value(QStringLiteral("events")).toInt(), 1);
        const QJsonArray keys = json(api("GET", "projects/web-shop/keys", m_admin)).value(QStringLiteral("keys")).toArray();
        QCOMPARE(keys.size(), 2);
        QVERIFY(!QJsonDocument(keys).toJson().contains(ingestKey));
        QCOMPARE(json(api("POST", "projects/web-shop/keys", m_admin, R"({"kind":"root"})")).value(QStringLiteral("param")).toString(), QStringLiteral("kind"));

        // Settings: the good ones apply, a bad one is named and changes nothing.
        r = api("PATCH", "projects/web-shop", m_admin, R"({"retention_days":30,"sample_rate":0.25,"require_key":true})");
        QCOMPARE(r.status, 200);
        QCOMPARE(json(r).value(QStringLiteral("project")).toObject().value(QStringLiteral("retention_days")).toInt(), 30);
        for (const auto &[body, param] : {std::pair{R"({"retention_days":-1})", "retention_days"}, {R"({"sample_rate":0})", "sample_rate"},
                                          {R"({"rate_limit":2.5})", "rate_limit"}, {R"({"require_key":"yes"})", "require_key"},
                                          {R"({"colour":"red"})", "colour"}}) {
            r = api("PATCH", "projects/web-shop", m_admin, body);
            QCOMPARE(r.status, 400);
            QCOMPARE(json(r).value(QStringLiteral("param")).toString(), QString::fromLatin1(param));
        }
        const QJsonObject project = json(api("GET", "projects/web-shop", m_admin)).value(QStringLiteral("project")).toObject();
        QCOMPARE(project.value(QStringLiteral("sample_rate")).toDouble(), 0.25);
        QCOMPARE(project.value(QStringLiteral("retention_days")).toInt(), 30);

        // Renamed: the keys follow, the old name is gone.
        QCOMPARE(api("PATCH", "projects/web-shop", m_admin, R"({"name":"shop"})").status, 200);
        QCOMPARE(api("GET", "projects/web-shop", m_admin).status, 404);
        QCOMPARE(json(api("GET", "overview?project=shop", m_admin)).value(QStringLiteral("events")).toInt(), 1);

        // Revoked: refused at once.
        const QString prefix = json(api("POST", "projects/shop/keys", m_admin, R"({"kind":"private"})")).value(QStringLiteral("prefix")).toString();
        QCOMPARE(api("PATCH", "keys/" + prefix.toLatin1(), m_admin, R"({"label":"for the CI job"})").status, 200);
        QCOMPARE(api("DELETE", "keys/" + prefix.toLatin1(), m_admin).status, 200);
        QCOMPARE(api("DELETE", "keys/" + readKey.left(12), m_admin).status, 200);
        QCOMPARE(api("GET", "overview", readKey).status, 401);

        QCOMPARE(api("DELETE", "projects/shop", m_admin).status, 200);
        QCOMPARE(api("GET", "projects/shop", m_admin).status, 404);
        QCOMPARE(api("DELETE", "projects/default", m_admin).status, 400); // the default project stays
    }
};

QTEST_GUILESS_MAIN(TestQueryApi)
#include "tst_queryapi.moc"
