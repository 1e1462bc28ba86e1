// The Query API's parameter rules (server/apiparams.h) and when it takes a private key
// (server/queryapi.h), case by case; tst_queryapi drives the same through a real collector.

#include "query/readjson.h"
#include "server/apiparams.h"
#include "server/queryapi.h"

#include <QJsonDocument>
#include <QTest>

using namespace tdesk;

class TestApiParams : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void times_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("epoch ms") << QStringLiteral("1796083200000") << qint64(1796083200000);
        QTest::newRow("a date is its midnight UTC") << QStringLiteral("2026-12-01") << qint64(1796083200000);
        QTest::newRow("no offset is UTC") << QStringLiteral("2026-12-01T08:00:00") << qint64(1796083200000 + 8 * 3600000);
        QTest::newRow("Z") << QStringLiteral("2026-12-01T08:00:00.250Z") << qint64(1796083200000 + 8 * 3600000 + 250);
        QTest::newRow("offset") << QStringLiteral("2026-12-01T09:00:00+01:00") << qint64(1796083200000 + 8 * 3600000);
        QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
        QTest::newRow("negative") << QStringLiteral("-1") << qint64(-1);
        QTest::newRow("past 9999") << QStringLiteral("253402300800000") << qint64(-1);
        QTest::newRow("words") << QStringLiteral("yesterday") << qint64(-1);
        QTest::newRow("month 13") << QStringLiteral("2026-13-01") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
    }

    void times()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = parseApiTime(text);
        QCOMPARE(parsed.value_or(-1), ms);
    }

    void cursorsHaveOneSpelling()
    {
        const EventCursor cursor{1796083200000, 42};
        QCOMPARE(cursorToText(cursor), QStringLiteral("1796083200000_42"));
        QVERIFY(cursorFromText(cursorToText(cursor)) == cursor);
        for (const char *bad : {"1796083200000-42", "_42", "1_", "01_2", "1_+2", " 1_2", "1_2 ", "a_b", "1_2_3", ""})
            QVERIFY2(!cursorFromText(QString::fromLatin1(bad)), bad);
    }

    void rangesDefaultToTheLastDay()
    {
        const qint64 now = 1796083200000;
        ApiParams none(QUrlQuery(), now);
        QCOMPARE(none.range(), (TimeRange{now - 86400000, now}));
        ApiParams onlyFrom(QUrlQuery(QStringLiteral("from=1000")), now);
        QCOMPARE(onlyFrom.range(), (TimeRange{1000, now}));
        ApiParams inverted(QUrlQuery(QStringLiteral("from=2000&to=1000")), now);
        inverted.range();
        QCOMPARE(inverted.badParam(), QStringLiteral("to"));
    }

    void theFirstBadParameterIsNamed()
    {
        ApiParams p(QUrlQuery(QStringLiteral("limit=5&colour=red&limit2=x")), 0);
        QCOMPARE(p.integer("limit", 100, 1, 1000), 5);
        QVERIFY(!p.allRead());
        QCOMPARE(p.badParam(), QStringLiteral("colour"));
        ApiParams unnamed(QUrlQuery(QStringLiteral("=x")), 0);
        QVERIFY(!unnamed.allRead());
        QVERIFY(!unnamed.badParam().isEmpty());
    }

    void projectSettings()
    {
        Project project;
        QString newName;
        const auto apply = [&](const char *json) {
            return applyProjectSettings(QJsonDocument::fromJson(json).object(), &project, &newName);
        };
        QVERIFY(!apply("{\"rate_limit\":100,\"retention_days\":0,\"sample_rate\":1,\"allowed_origins\":\"https://a.example\",\"require_key\":false}"));
        QCOMPARE(project.rateLimit, 100);
        QCOMPARE(project.allowedOrigins, QStringLiteral("https://a.example"));
        QCOMPARE(apply("{\"sample_rate\":1.5}")->param, QStringLiteral("sample_rate"));
        QCOMPARE(apply("{\"retention_days\":36501}")->param, QStringLiteral("retention_days"));
        QCOMPARE(apply("{\"rate_limit\":1e12}")->param, QStringLiteral("rate_limit"));
        QCOMPARE(apply("{\"name\":\"has space\"}")->param, QStringLiteral("name"));
        QCOMPARE(apply("{\"allowed_origins\":7}")->param, QStringLiteral("allowed_origins"));
        QVERIFY(!apply("{\"name\":\"renamed\"}"));
        QCOMPARE(newName, QStringLiteral("renamed"));
    }

    // Private and admin keys cross a network only encrypted, unless the operator says otherwise.
    void keysTravelOnlyEncrypted()
    {
        const QHostAddress lan(QStringLiteral("192.0.2.10")), local(QHostAddress::LocalHost),
            local6(QHostAddress::LocalHostIPv6), mapped(QStringLiteral("::ffff:127.0.0.1")),
            mappedLan(QStringLiteral("::ffff:192.0.2.10"));
        QVERIFY(!keysMayTravel(false, lan, false));
        QVERIFY(!keysMayTravel(false, mappedLan, false));
        QVERIFY(keysMayTravel(true, lan, false));
        QVERIFY(keysMayTravel(false, lan, true));
        QVERIFY(keysMayTravel(false, local, false));
        QVERIFY(keysMayTravel(false, local6, false));
        QVERIFY(keysMayTravel(false, mapped, false));
    }
};

QTEST_GUILESS_MAIN(TestApiParams)
#include "tst_apiparams.moc"
