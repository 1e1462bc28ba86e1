// Keys, projects, rate limits, sampling and the protected read endpoints, against a real collector.

#include "../common/collectorprocess.h"

#include "storage/catalog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace tdesk::test;

namespace {

QJsonObject json(const HttpReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

// Polls until a background change (retention) shows.
template<typename Check>
bool eventually(Check check, int timeoutMs = 6000)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (check())
            return true;
        QThread::msleep(100);
    }
    return check();
}

} // namespace

class TestAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A mistyped option is named, not mistaken for one that lacks its value.
    void unknownOptionIsNamed()
    {
        QProcess p;
        p.start(QStringLiteral(TDESK_COLLECTOR_BIN), {QStringLiteral("--bogus")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("unknown option --bogus")) && err.contains(QLatin1String("--help")),
                 qPrintable(err));
        QVERIFY(!err.contains(QLatin1String("needs a value")));

        p.start(QStringLiteral(TDESK_COLLECTOR_BIN), {QStringLiteral("--listen")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--listen needs a value"));
    }

    void administrationCommands()
    {
        CollectorProcess c;
        QByteArray out, err;
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("shop")}, &out), 0);
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("shop")}, &out, &err), 1);
        QVERIFY(err.contains("already exists"));
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("bad name")}, &out, &err), 1);
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("rename"), QStringLiteral("shop"), QStringLiteral("store")}, &out), 0);
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("list")}, &out), 0);
        QVERIFY(out.contains("\nstore\t") && out.contains("\ndefault\t") && !out.contains("\nshop\t"));
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("delete"), QStringLiteral("default")}, &out, &err), 1);

        const QByteArray key = c.createKey(QStringLiteral("store"), QStringLiteral("public"));
        QVERIFY(key.startsWith("tdp_"));
        QVERIFY(key.size() >= 40);
        QVERIFY(c.createKey(QStringLiteral("store"), QStringLiteral("private")).startsWith("tds_"));
        QVERIFY(c.createKey(QString(), QStringLiteral("admin")).startsWith("tda_"));
        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--project"), QStringLiteral("store")}, &out), 0);
        QVERIFY(out.contains(key.left(12)));
        QVERIFY(!out.contains(key)); // listed by prefix, never in full
        // Stored only as a hash.
        const QByteArray stored = c.storedBytes();
        QVERIFY(stored.contains("store"));
        QVERIFY(!stored.contains(key));
        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("revoke"), QString::fromLatin1(key.left(10))}, &out), 0);
        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("revoke"), QString::fromLatin1(key.left(10))}, &out, &err), 1);
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("delete"), QStringLiteral("store")}, &out), 0);
        QCOMPARE(c.admin({QStringLiteral("bogus")}, &out, &err), 2);
    }

    void keysSelectProjectsAndAreEnforced()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("mobile")}), 0);
        const QByteArray publicKey = c.createKey(QStringLiteral("mobile"), QStringLiteral("public"));
        const QByteArray privateKey = c.createKey(QStringLiteral("mobile"), QStringLiteral("private"));
        QVERIFY(c.start());

        QCOMPARE(c.post(singleEvent("k.bearer", ",\"id\":\"k1\""), {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + publicKey}}).status, 200);
        QCOMPARE(c.post(singleEvent("k.header", ",\"id\":\"k2\""), {{"Content-Type", "application/json"}, {"X-Api-Key", publicKey}}).status, 200);
        QCOMPARE(c.request("POST", "/t?key=" + publicKey, singleEvent("k.query", ",\"id\":\"k3\"")).status, 200);
        QCOMPARE(c.post(singleEvent("k.none", ",\"id\":\"k4\"")).status, 200);

        const HttpReply unknown = c.post(singleEvent(), {{"Content-Type", "application/json"}, {"Authorization", "Bearer tdp_nope"}});
        QCOMPARE(unknown.status, 401);
        QCOMPARE(c.post(singleEvent(), {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + privateKey}}).status, 403);

        QSqlDatabase db = openSqlConnection(c.databasePath(), QStringLiteral("check"));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT e.event_id, p.name FROM events e JOIN projects p ON p.id = e.project_id ORDER BY e.event_id")));
        QStringList rows;
        while (q.next())
            rows << q.value(0).toString() + QLatin1Char('@') + q.value(1).toString();
        QCOMPARE(rows, QStringList({QStringLiteral("k1@mobile"), QStringLiteral("k2@mobile"), QStringLiteral("k3@mobile"),
                                    QStringLiteral("k4@default")}));

        // Revoked from another process while running: refused within the 2 s reload interval. The
        // probe is a body without a schema: 400 while the key is accepted (nothing is stored), 401
        // once it is refused; the key is checked first.
        const auto probe = [&] {
            return c.post("{}", {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + publicKey}}).status;
        };
        QCOMPARE(probe(), 400);
        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("revoke"), QString::fromLatin1(publicKey)}), 0);
        QElapsedTimer sinceRevoke;
        sinceRevoke.start();
        int status = probe();
        while (status == 400 && sinceRevoke.elapsed() < 2500) { // the promise plus a margin for a busy machine
            QTest::qWait(20);
            status = probe();
        }
        QCOMPARE(status, 401);
        QVERIFY2(sinceRevoke.elapsed() <= 2500, qPrintable(QString::number(sinceRevoke.elapsed())));
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void requireKey()
    {
        CollectorProcess c;
        QVERIFY(c.start({QStringLiteral("--require-key")}));
        const HttpReply reply = c.post(singleEvent());
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.body, QByteArray("{\"ok\":false,\"error\":\"key_required\"}"));
        const QByteArray key = c.createKey(QStringLiteral("default"), QStringLiteral("public"));
        QCOMPARE(c.post(singleEvent(), {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + key}}).status, 200);
    }

    void keyWorksTheMomentItIsCreated()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(c.start());
        const auto post = [&](const QByteArray &key, const QByteArray &id) {
            return c.post(singleEvent("fresh", ",\"id\":\"" + id + '"'),
                          {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + key}});
        };
        const QByteArray unknown = "tdp_" + QByteArray(43, 'x');
        QCOMPARE(post(unknown, "u0").status, 401);
        // Created by another process while the collector runs, used at once: not after the next
        // reload (every 2 s). Three times, so that a reload falling in between cannot pass it.
        for (int i = 0; i < 3; ++i) {
            const QByteArray key = c.createKey(QStringLiteral("default"), QStringLiteral("public"));
            QVERIFY(key.startsWith("tdp_"));
            const HttpReply reply = post(key, "d" + QByteArray::number(i));
            QCOMPARE(reply.status, 200);
            QVERIFY(reply.body.contains("\"accepted\":1"));
        }
        // A key of a project that is itself new.
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("newborn")}), 0);
        const QByteArray newborn = c.createKey(QStringLiteral("newborn"), QStringLiteral("public"));
        QCOMPARE(post(newborn, "n0").status, 200);
        // Unknown keys stay refused, also when asked again; so does a key revoked before its first use.
        QCOMPARE(post(unknown, "u1").status, 401);
        QCOMPARE(post("tdp_" + QByteArray(43, 'y'), "u2").status, 401);
        const QByteArray revoked = c.createKey(QStringLiteral("default"), QStringLiteral("public"));
        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("revoke"), QString::fromLatin1(revoked)}), 0);
        QCOMPARE(post(revoked, "r0").status, 401);

        Db db(c.databasePath());
        QCOMPARE(db.column(QStringLiteral("SELECT e.event_id || '@' || p.name FROM events e JOIN projects p ON p.id = e.project_id"
                                          " ORDER BY e.event_id")),
                 QStringList({QStringLiteral("d0@default"), QStringLiteral("d1@default"), QStringLiteral("d2@default"),
                              QStringLiteral("n0@newborn")}));
    }

    void projectRateLimitIsTheOneConfigured()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_TIME_WINDOW"), QStringLiteral("1 minute"));
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("metered")}), 0);
        const QByteArray key = c.createKey(QStringLiteral("metered"), QStringLiteral("public"));
        {
            auto catalog = tdesk::Catalog::open(tdesk::parseDatabaseUrl(c.databasePath()).value());
            QVERIFY(catalog);
            auto project = catalog->project(QStringLiteral("metered"));
            QVERIFY(project);
            project->rateLimit = 4;
            QVERIFY(catalog->updateProject(project.value()));
        }
        QVERIFY(c.start());
        const QList<QPair<QByteArray, QByteArray>> headers = {{"Content-Type", "application/json"},
                                                              {"Authorization", "Bearer " + key}};
        // Exactly 4 requests in the window, not 3 and not 5.
        for (int i = 0; i < 4; ++i) {
            const HttpReply ok = c.post(singleEvent(), headers);
            QCOMPARE(ok.status, 200);
            QCOMPARE(ok.header("X-RateLimit-Limit"), QByteArray("4"));
            QCOMPARE(ok.header("X-RateLimit-Remaining"), QByteArray::number(3 - i));
        }
        const HttpReply limited = c.post(singleEvent(), headers);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.header("X-RateLimit-Limit"), QByteArray("4"));
        // The default project keeps the collector's limit (RATE_LIMIT_MAX, 2000).
        const HttpReply other = c.post(singleEvent());
        QCOMPARE(other.header("X-RateLimit-Limit"), QByteArray("2000"));
    }

    void rateLimitPerAddress()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("3"));
        c.setEnv(QStringLiteral("RATE_LIMIT_TIME_WINDOW"), QStringLiteral("1 minute"));
        QVERIFY(c.start());
        for (int i = 0; i < 3; ++i) {
            const HttpReply ok = c.post(singleEvent());
            QCOMPARE(ok.status, 200);
            QCOMPARE(ok.header("X-RateLimit-Limit"), QByteArray("3"));
            QCOMPARE(ok.header("X-RateLimit-Remaining"), QByteArray::number(2 - i));
        }
        const HttpReply limited = c.post(singleEvent());
        QCOMPARE(limited.status, 429);
        const QJsonObject o = json(limited);
        QCOMPARE(o.value(QStringLiteral("error")).toString(), QStringLiteral("rate_limited"));
        const int retryAfter = o.value(QStringLiteral("retry_after")).toInt();
        QVERIFY(retryAfter > 0 && retryAfter <= 60);
        QCOMPARE(limited.header("Retry-After"), QByteArray::number(retryAfter));
        QCOMPARE(limited.header("X-RateLimit-Remaining"), QByteArray("0"));
        QVERIFY(!limited.header("X-RateLimit-Reset").isEmpty());
        // Health is never limited.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(c.request("GET", "/health").status, 200);
    }

    void rateWindowForms_data()
    {
        QTest::addColumn<QString>("window");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ms") << QStringLiteral("60000") << true;
        QTest::newRow("seconds") << QStringLiteral("30 seconds") << true;
        QTest::newRow("hour") << QStringLiteral("1 hour") << true;
        QTest::newRow("garbage") << QStringLiteral("soon") << false;
    }

    void rateWindowForms()
    {
        QFETCH(QString, window);
        QFETCH(bool, valid);
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_TIME_WINDOW"), window);
        if (valid) {
            QVERIFY(c.start());
            return;
        }
        QVERIFY(!c.start());
        QCOMPARE(c.process().exitCode(), 2);
        QVERIFY(c.startError().contains("RATE_LIMIT_TIME_WINDOW"));
    }

    void samplingAndOriginsFollowTheProject()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("sampled")}), 0);
        const QByteArray key = c.createKey(QStringLiteral("sampled"), QStringLiteral("public"));
        {
            auto catalog = tdesk::Catalog::open(tdesk::parseDatabaseUrl(c.databasePath()).value());
            QVERIFY(catalog);
            auto project = catalog->project(QStringLiteral("sampled"));
            QVERIFY(project);
            project->sampleRate = 0.0;
            project->allowedOrigins = QStringLiteral("https://a.example https://b.example");
            QVERIFY(catalog->updateProject(project.value()));
        }
        QVERIFY(c.start());
        const QList<QPair<QByteArray, QByteArray>> headers = {
            {"Content-Type", "application/json"}, {"Authorization", "Bearer " + key}, {"Origin", "https://b.example"}};
        const HttpReply reply = c.post(singleEvent(), headers);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("{\"ok\":true,\"accepted\":0,\"skipped\":1,\"duplicates\":0,\"errors\":[{\"i\":0,\"reason\":\"sampled_out\"}]}"));
        QCOMPARE(reply.header("Access-Control-Allow-Origin"), QByteArray("https://b.example"));
        const HttpReply other = c.post(singleEvent(), {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + key},
                                                       {"Origin", "https://evil.example"}});
        QVERIFY(other.header("Access-Control-Allow-Origin").isEmpty());
        // The default project keeps everything.
        QCOMPARE(json(c.post(singleEvent())).value(QStringLiteral("accepted")).toInt(), 1);
    }

    void forwardedAddressesCountOnlyFromTrustedProxies()
    {
        // Without a trusted proxy, X-Forwarded-For is ignored: every request is the peer's.
        CollectorProcess open;
        open.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("2"));
        QVERIFY(open.start());
        QCOMPARE(open.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", "81.2.69.1"}}).status, 200);
        QCOMPARE(open.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", "81.2.69.2"}}).status, 200);
        QCOMPARE(open.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", "81.2.69.3"}}).status, 429);

        // Behind a trusted proxy, each forwarded client has its own bucket ...
        CollectorProcess proxied;
        proxied.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("2"));
        QVERIFY(proxied.start({QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1/32")}));
        for (const QByteArray client : {"81.2.69.1", "81.2.69.2", "81.2.69.3"}) {
            QCOMPARE(proxied.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}}).status, 200);
            QCOMPARE(proxied.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", "10.9.9.9, " + client}}).status, 200);
            QCOMPARE(proxied.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}}).status, 429);
        }
        // ... and a key is limited across all of them.
        const QByteArray key = proxied.createKey(QStringLiteral("default"), QStringLiteral("public"));
        QCOMPARE(proxied.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", "89.160.20.1"},
                                              {"Authorization", "Bearer " + key}}).status, 200);
        QCOMPARE(proxied.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", "89.160.20.2"},
                                              {"Authorization", "Bearer " + key}}).status, 200);
        QCOMPARE(proxied.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Forwarded-For", "89.160.20.3"},
                                              {"Authorization", "Bearer " + key}}).status, 429);
    }

    void yearlySaltKeysTheUserHash()
    {
        const auto storedHash = [](const QString &salt) {
            CollectorProcess c;
            if (!salt.isEmpty())
                c.setEnv(QStringLiteral("YEARLY_SALT"), salt);
            if (!c.start() || c.post(singleEvent("salted", ",\"id\":\"s1\"")).status != 200)
                return QString();
            QSqlDatabase db = openSqlConnection(c.databasePath(), QStringLiteral("salt"));
            db.open();
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT user_hash FROM events WHERE event_id = 's1'"));
            const QString hash = q.next() ? q.value(0).toString() : QString();
            q = QSqlQuery();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("salt"));
            return hash;
        };
        const QString a1 = storedHash(QStringLiteral("salt-a"));
        QCOMPARE(a1.size(), 32);
        QCOMPARE(storedHash(QStringLiteral("salt-a")), a1);  // same salt, same user, across databases
        QVERIFY(storedHash(QStringLiteral("salt-b")) != a1);
        QVERIFY(storedHash(QString()) != storedHash(QString())); // each database its own random secret
    }

    void keysCarryLabelsAndTheirUseSurvivesAStop()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        QVERIFY(c.start());
        QByteArray out, err;
        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--project"), QStringLiteral("default"),
                          QStringLiteral("--kind"), QStringLiteral("public"), QStringLiteral("--label"), QStringLiteral("iOS app")},
                         &out),
                 0);
        const QByteArray key = out.trimmed().split('\n').last().trimmed();
        const QString id = QString::fromLatin1(key.left(12));
        const QByteArray idle = c.createKey(QStringLiteral("default"), QStringLiteral("public"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(c.post(singleEvent("used", ",\"id\":\"u" + QByteArray::number(i) + '"'),
                            {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + key}})
                         .status,
                     200);
        }
        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("label"), id, QStringLiteral("iOS app, release")}, &out), 0);
        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("label"), id, QStringLiteral("two\nlines")}, &out, &err), 1);
        QVERIFY2(err.contains("one line"), err.constData());
        c.terminate(); // counted in memory, written at shutdown at the latest
        QVERIFY(c.process().waitForFinished(10000));

        QCOMPARE(c.admin({QStringLiteral("keys"), QStringLiteral("list")}, &out), 0);
        const QList<QByteArray> lines = out.split('\n');
        QCOMPARE(lines.first(), QByteArray("id\tkind\tproject\tlabel\tcreated\tlast_used\tevents\trevoked"));
        const auto row = [&](const QByteArray &prefix) {
            for (const QByteArray &line : lines) {
                if (line.startsWith(prefix))
                    return line.split('\t');
            }
            return QList<QByteArray>();
        };
        const QList<QByteArray> used = row(key.left(12));
        QCOMPARE(used.size(), 8);
        QCOMPARE(used[3], QByteArray("iOS app, release"));
        QVERIFY2(used[5].startsWith(QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate).toLatin1()), used[5].constData());
        QCOMPARE(used[6], QByteArray("3"));
        const QList<QByteArray> unused = row(idle.left(12));
        QCOMPARE(unused.size(), 8);
        QCOMPARE(unused[3], QByteArray("-"));
        QCOMPARE(unused[5], QByteArray("-"));
        QCOMPARE(unused[6], QByteArray("0"));
    }

    void adminKeyIsNotAnIngestKey()
    {
        CollectorProcess c;
        const QByteArray admin = c.createKey(QString(), QStringLiteral("admin"));
        QVERIFY(c.start());
        QCOMPARE(c.post(singleEvent(), {{"Content-Type", "application/json"}, {"X-Api-Key", admin}}).status, 403);
    }

    void limitsFromFlags()
    {
        CollectorProcess c;
        QVERIFY(c.start({QStringLiteral("--max-body"), QStringLiteral("300"), QStringLiteral("--max-batch"), QStringLiteral("2"),
                         QStringLiteral("--sync"), QStringLiteral("full")}));
        QCOMPARE(c.post(singleEvent()).status, 200);
        QCOMPARE(c.post(singleEvent("padded", ",\"m\":{\"pad\":\"" + QByteArray(300, 'x') + "\"}")).status, 413);
        const QByteArray t = QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        const QByteArray three = "{\"schema\":\"jwc.v1\",\"anon\":\"u\",\"batch\":[{\"evt\":\"a\",\"t\":" + t + "},{\"evt\":\"b\",\"t\":" + t
            + "},{\"evt\":\"c\",\"t\":" + t + "}]}";
        QCOMPARE(c.post(three).status, 413);
        CollectorProcess bad;
        QVERIFY(!bad.start({QStringLiteral("--sync"), QStringLiteral("sometimes")}));
        QCOMPARE(bad.process().exitCode(), 2);
    }

    void retentionRemovesOldEvents()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        c.setEnv(QStringLiteral("RETENTION_INTERVAL_MS"), QStringLiteral("300"));
        QCOMPARE(c.admin({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("shortlived")}), 0);
        const QByteArray key = c.createKey(QStringLiteral("shortlived"), QStringLiteral("public"));
        {
            auto catalog = tdesk::Catalog::open(tdesk::parseDatabaseUrl(c.databasePath()).value());
            auto project = catalog->project(QStringLiteral("shortlived"));
            project->retentionDays = 2;
            QVERIFY(catalog->updateProject(project.value()));
        }
        QVERIFY(c.start());
        const qint64 day = 24 * 3600 * 1000;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto post = [&](const QByteArray &id, qint64 t, bool withKey) {
            QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
            if (withKey)
                headers.append({"Authorization", "Bearer " + key});
            return c.post("{\"schema\":\"jwc.v1\",\"anon\":\"u\",\"evt\":\"r\",\"id\":\"" + id + "\",\"t\":" + QByteArray::number(t) + '}',
                          headers).status;
        };
        QCOMPARE(post("old", now - 5 * day, true), 200);
        QCOMPARE(post("recent", now - day, true), 200);
        QCOMPARE(post("other-project", now - 5 * day, false), 200); // the default project keeps everything
        QSqlDatabase db = openSqlConnection(c.databasePath(), QStringLiteral("retention"));
        QVERIFY(db.open());
        const auto ids = [&db] {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT event_id FROM events WHERE name = 'r' ORDER BY event_id"));
            QStringList list;
            while (q.next())
                list << q.value(0).toString();
            return list;
        };
        QVERIFY(eventually([&] { return ids() == QStringList({QStringLiteral("other-project"), QStringLiteral("recent")}); }));
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("retention"));
    }

    void geoFromTheClientAddress()
    {
        QTemporaryDir dir;
        const QString mmdb = dir.filePath(QStringLiteral("city.mmdb"));
        QProcess perl;
        perl.start(QStringLiteral("perl"), {QStringLiteral(TDESK_SOURCE_DIR "/tests/data/make-test-mmdb.pl"), mmdb});
        QVERIFY(perl.waitForFinished(60000) && perl.exitCode() == 0);
        CollectorProcess c;
        c.setEnv(QStringLiteral("RATE_LIMIT_MAX"), QStringLiteral("0"));
        c.setEnv(QStringLiteral("GEO_MMDB"), mmdb); // minigem's environment name
        QVERIFY(c.start({QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1")}));
        QCOMPARE(c.post(singleEvent("geo", ",\"id\":\"g1\""), {{"Content-Type", "application/json"}, {"X-Forwarded-For", "89.160.20.112"}}).status, 200);
        QCOMPARE(c.post(singleEvent("geo", ",\"id\":\"g2\""), {{"Content-Type", "application/json"}, {"X-Real-IP", "1.0.0.9"}}).status, 200);
        QCOMPARE(c.post(singleEvent("geo", ",\"id\":\"g3\""), {{"Content-Type", "application/json"}, {"CF-IPCountry", "fr"}, {"CF-Connecting-IP", "8.8.8.8"}}).status, 200);
        QCOMPARE(c.post(singleEvent("geo", ",\"id\":\"g4\"")).status, 200); // loopback itself: no place
        QSqlDatabase db = openSqlConnection(c.databasePath(), QStringLiteral("geo"));
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT event_id, coalesce(country,'-') || '/' || coalesce(region,'-') || '/' || coalesce(city,'-'),"
                                          " lat FROM events WHERE name = 'geo' ORDER BY event_id")));
            QStringList rows;
            while (q.next()) {
                rows << q.value(0).toString() + QLatin1Char('=') + q.value(1).toString() + QLatin1Char('/')
                        + (q.isNull(2) ? QStringLiteral("-") : QString::number(q.value(2).toDouble(), 'f', 2));
            }
            QCOMPARE(rows, QStringList({QStringLiteral("g1=SE/E/Link\u00f6ping/58.42"), QStringLiteral("g2=AU/-/-/-"),
                                        QStringLiteral("g3=FR/-/-/-"), QStringLiteral("g4=-/-/-/-")}));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("geo"));
    }

    void statsAndDebugNeedTheSecret()
    {
        CollectorProcess open;
        QVERIFY(open.start());
        QCOMPARE(open.post(singleEvent("stats.me")).status, 200);
        const HttpReply stats = open.request("GET", "/stats");
        QCOMPARE(stats.status, 200);
        const QJsonObject s = json(stats);
        for (const char *key : {"from", "to", "total", "uniques", "daily", "byEvent", "byOs", "byExt", "byVscode", "hourly",
                                "dow", "geo", "runs", "errors", "durations", "tables", "exitCodes", "hourlyVisitors"})
            QVERIFY2(s.contains(QLatin1String(key)), key);
        QCOMPARE(s.value(QStringLiteral("total")).toInt(), 1);
        QCOMPARE(s.value(QStringLiteral("windowDays")).toInt(), 7); // STATS_WINDOW_DAYS' default
        QCOMPARE(s.value(QStringLiteral("byEvent")).toObject().value(QStringLiteral("stats.me")).toInt(), 1);
        QCOMPARE(open.request("GET", "/debug/recent").status, 404); // no secret: debug does not exist

        CollectorProcess c;
        QVERIFY(c.start({QStringLiteral("--stats-secret"), QStringLiteral("s3cret")}));
        QCOMPARE(c.request("GET", "/stats").status, 401);
        QCOMPARE(c.request("GET", "/stats?key=wrong").status, 401);
        QCOMPARE(c.request("GET", "/stats", {}, {{"X-Stats-Key", "s3cret"}}).status, 200);
        QCOMPARE(c.request("GET", "/stats?key=s3cret").status, 200);
        QCOMPARE(c.request("GET", "/debug/recent?limit=5&key=s3cret").status, 200);
        QCOMPARE(c.request("GET", "/debug/counts?hours=3&key=s3cret").status, 200);
        QCOMPARE(c.request("GET", "/debug/recent", {}, {{"X-Stats-Key", "nope"}}).status, 401);
        const HttpReply bad = c.request("GET", "/debug/recent?limit=-4&key=s3cret");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.body, QByteArray("{\"ok\":false,\"error\":\"bad_param\",\"param\":\"limit\"}"));
        QCOMPARE(c.request("GET", "/debug/counts?hours=abc&key=s3cret").status, 400);
        QCOMPARE(c.request("GET", "/stats?from=2024-13-40&key=s3cret").status, 400);
        QCOMPARE(c.request("GET", "/stats?project=missing&key=s3cret").status, 400);
        // The server version only with the key.
        QVERIFY(!c.request("GET", "/dbhealth").body.contains("version"));
        QVERIFY(c.request("GET", "/dbhealth", {}, {{"X-Stats-Key", "s3cret"}}).body.contains("\"version\""));
    }
};

QTEST_GUILESS_MAIN(TestAccess)
#include "tst_access.moc"
