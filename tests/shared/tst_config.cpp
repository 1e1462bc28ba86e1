// Collector configuration: flags > environment > config file, and clear errors for bad values.

#include "server/config.h"

#include <QFile>
#include <QMultiMap>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QTest>

using namespace tdesk;

class TestConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsMatchMinigem()
    {
        const auto config = loadCollectorConfig({}, {});
        QVERIFY(config);
        QCOMPARE(config->listenPort, quint16(8088));
        QCOMPARE(config->listenAddress, QHostAddress(QHostAddress::Any));
        QCOMPARE(config->rateLimitMax, 2000);
        QCOMPARE(config->rateLimitWindowMs, qint64(3600 * 1000));
        QCOMPARE(config->statsWindowDays, 7);
        QCOMPARE(config->maxBody, qint64(1024 * 1024));
        QCOMPARE(config->maxBatch, 1000);
        QVERIFY(!config->syncFull);
        QVERIFY(config->trustedProxies.isEmpty()); // nobody's forwarding headers are trusted
    }

    void precedence()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("# comment\nPORT=9000\nRATE_LIMIT_MAX=10\nSTATS_WINDOW_DAYS=3\nLOG_DIR=/from/file\n");
        file.flush();
        QMultiMap<QString, QString> flags;
        flags.insert(QStringLiteral("config"), file.fileName());
        flags.insert(QStringLiteral("log-dir"), QStringLiteral("/from/flag"));
        const QStringList env = {QStringLiteral("RATE_LIMIT_MAX=20"), QStringLiteral("LOG_DIR=/from/env")};
        const auto config = loadCollectorConfig(flags, env);
        QVERIFY2(config, qPrintable(config.error()));
        QCOMPARE(config->listenPort, quint16(9000));         // file only
        QCOMPARE(config->statsWindowDays, 3);                 // file only
        QCOMPARE(config->rateLimitMax, 20);                   // env beats file
        QCOMPARE(config->logDir, QStringLiteral("/from/flag")); // flag beats env
    }

    void rememberedUsersBoundTheWriter()
    {
        QCOMPARE(loadCollectorConfig({}, {})->rememberedUsers, qsizetype(1 << 20));
        const auto config = loadCollectorConfig({}, {QStringLiteral("REMEMBERED_USERS=5000")});
        QVERIFY2(config, qPrintable(config.error()));
        QCOMPARE(config->rememberedUsers, qsizetype(5000));
    }

    void listenAndDatabaseNames()
    {
        QMultiMap<QString, QString> flags;
        flags.insert(QStringLiteral("listen"), QStringLiteral("[::1]:7000"));
        auto config = loadCollectorConfig(flags, {QStringLiteral("PG_URL=postgresql://pg/db"), QStringLiteral("GEO_MMDB=/g.mmdb")});
        QVERIFY(config);
        QCOMPARE(config->listenAddress, QHostAddress(QHostAddress::LocalHostIPv6));
        QCOMPARE(config->listenPort, quint16(7000));
        QCOMPARE(config->databaseUrl, QStringLiteral("postgresql://pg/db"));
        QCOMPARE(config->geoDbPath, QStringLiteral("/g.mmdb"));
        // DATABASE_URL wins over PG_URL, as in minigem.
        config = loadCollectorConfig({}, {QStringLiteral("PG_URL=postgresql://a/b"), QStringLiteral("DATABASE_URL=/data/t.db")});
        QCOMPARE(config->databaseUrl, QStringLiteral("/data/t.db"));
    }

    // PG_SSL as minigem's users set it (true), or an sslmode by name; never a silent downgrade of
    // what the URL asks for, and never on a SQLite URL.
    void pgSslAsksForCertificateChecks()
    {
        auto config = loadCollectorConfig({}, {QStringLiteral("DATABASE_URL=postgresql://pg/db"), QStringLiteral("PG_SSL=true")});
        QVERIFY2(config, qPrintable(config.error()));
        QCOMPARE(config->databaseUrl, QStringLiteral("postgresql://pg/db?sslmode=verify-full"));
        config = loadCollectorConfig({}, {QStringLiteral("PG_URL=postgresql://pg/db?connect_timeout=3"), QStringLiteral("PG_SSL=require")});
        QCOMPARE(config->databaseUrl, QStringLiteral("postgresql://pg/db?connect_timeout=3&sslmode=require"));
        config = loadCollectorConfig({}, {QStringLiteral("PG_URL=postgresql://pg/db"), QStringLiteral("PG_SSL=false")});
        QCOMPARE(config->databaseUrl, QStringLiteral("postgresql://pg/db"));
        config = loadCollectorConfig({}, {QStringLiteral("DATABASE_URL=postgresql://pg/db?sslmode=disable"), QStringLiteral("PG_SSL=1")});
        QVERIFY(!config);
        QCOMPARE(config.error(), QStringLiteral("PG_SSL asks for sslmode=verify-full but the database URL says sslmode=disable"));
        config = loadCollectorConfig({}, {QStringLiteral("DATABASE_URL=/data/t.db"), QStringLiteral("PG_SSL=true")});
        QVERIFY(!config);
        QVERIFY2(config.error().startsWith(QLatin1String("PG_SSL applies to a PostgreSQL database URL")), qPrintable(config.error()));
        config = loadCollectorConfig({}, {QStringLiteral("DATABASE_URL=postgresql://pg/db"), QStringLiteral("PG_SSL=maybe")});
        QVERIFY(!config);
        QVERIFY2(config.error().startsWith(QLatin1String("invalid value for PG_SSL: 'maybe'")), qPrintable(config.error()));
        // The replica the reads go to is held to the same TLS as the primary; the flag beats the environment.
        QMultiMap<QString, QString> flags;
        flags.insert(QStringLiteral("read-db"), QStringLiteral("postgresql://replica/db"));
        config = loadCollectorConfig(flags, {QStringLiteral("DATABASE_URL=postgresql://pg/db"), QStringLiteral("PG_SSL=true"),
                                             QStringLiteral("READ_DATABASE_URL=postgresql://other/db")});
        QVERIFY2(config, qPrintable(config.error()));
        QCOMPARE(config->readDatabaseUrl, QStringLiteral("postgresql://replica/db?sslmode=verify-full"));
    }

    void trustedProxies()
    {
        QMultiMap<QString, QString> flags;
        flags.insert(QStringLiteral("trusted-proxy"), QStringLiteral("10.0.0.0/8"));
        flags.insert(QStringLiteral("trusted-proxy"), QStringLiteral("127.0.0.1"));
        const auto config = loadCollectorConfig(flags, {});
        QVERIFY(config);
        QCOMPARE(config->trustedProxies.size(), 2);
        const auto inAny = [&](const char *address) {
            for (const auto &subnet : config->trustedProxies) {
                if (QHostAddress(QString::fromLatin1(address)).isInSubnet(subnet))
                    return true;
            }
            return false;
        };
        QVERIFY(inAny("10.1.2.3"));
        QVERIFY(inAny("127.0.0.1"));
        QVERIFY(!inAny("127.0.0.2"));
        QVERIFY(!inAny("192.168.0.1"));
    }

    void rateWindow_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("ms") << QStringLiteral("1500") << qint64(1500);
        QTest::newRow("1 second") << QStringLiteral("1 second") << qint64(1000);
        QTest::newRow("30 seconds") << QStringLiteral("30 seconds") << qint64(30000);
        QTest::newRow("2 minutes") << QStringLiteral("2 minutes") << qint64(120000);
        QTest::newRow("1 hour") << QStringLiteral("1 hour") << qint64(3600000);
        QTest::newRow("3 hours") << QStringLiteral("3 Hours") << qint64(3 * 3600000);
        QTest::newRow("zero") << QStringLiteral("0") << qint64(-1);
        QTest::newRow("words") << QStringLiteral("an hour") << qint64(-1);
        QTest::newRow("unit") << QStringLiteral("5 fortnights") << qint64(-1);
    }

    void rateWindow()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        qint64 parsed = -1;
        QCOMPARE(parseRateWindow(text, &parsed), ms >= 0);
        if (ms >= 0)
            QCOMPARE(parsed, ms);
    }

    void badValues_data()
    {
        QTest::addColumn<QString>("env");
        QTest::addColumn<QString>("named");
        QTest::newRow("port") << QStringLiteral("PORT=70000") << QStringLiteral("PORT");
        QTest::newRow("rate") << QStringLiteral("RATE_LIMIT_MAX=-3") << QStringLiteral("RATE_LIMIT_MAX");
        QTest::newRow("window") << QStringLiteral("RATE_LIMIT_TIME_WINDOW=soon") << QStringLiteral("RATE_LIMIT_TIME_WINDOW");
        QTest::newRow("stats days") << QStringLiteral("STATS_WINDOW_DAYS=0") << QStringLiteral("STATS_WINDOW_DAYS");
        QTest::newRow("sync") << QStringLiteral("SYNC=sometimes") << QStringLiteral("--sync");
        QTest::newRow("proxy") << QStringLiteral("TRUSTED_PROXIES=not-an-address") << QStringLiteral("--trusted-proxy");
        QTest::newRow("max body") << QStringLiteral("MAX_BODY=lots") << QStringLiteral("--max-body");
        QTest::newRow("remembered users") << QStringLiteral("REMEMBERED_USERS=0") << QStringLiteral("REMEMBERED_USERS");
    }

    void badValues()
    {
        QFETCH(QString, env);
        QFETCH(QString, named);
        const auto config = loadCollectorConfig({}, {env});
        QVERIFY(!config);
        QVERIFY2(config.error().contains(named), qPrintable(config.error()));
    }

    void missingConfigFile()
    {
        QMultiMap<QString, QString> flags;
        flags.insert(QStringLiteral("config"), QStringLiteral("/nonexistent/tdesk.conf"));
        const auto config = loadCollectorConfig(flags, {});
        QVERIFY(!config);
        QVERIFY(config.error().contains(QStringLiteral("/nonexistent/tdesk.conf")));
    }

    // A typo is named as such; a known option without its value says so.
    // The settings file the packages install has every setting of the README's table, and each
    // example value in it, uncommented, is valid and the documented default.
    void shippedSettingsFile()
    {
        QFile readme(QStringLiteral(TDESK_SOURCE_DIR "/README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly | QIODevice::Text));
        const QString text = QString::fromUtf8(readme.readAll());
        const qsizetype tableStart = text.indexOf(QStringLiteral("| flag | environment |"));
        QVERIFY(tableStart >= 0);
        const QString table = text.mid(tableStart, text.indexOf(QStringLiteral("\n\n"), tableStart) - tableStart);
        QStringList names;
        static const QRegularExpression name(QStringLiteral("`([A-Z][A-Z_]+)`"));
        for (auto it = name.globalMatch(table); it.hasNext();)
            names.append(it.next().captured(1));
        QVERIFY2(names.size() >= 20, qPrintable(names.join(QLatin1Char(' '))));

        const QString shipped = QStringLiteral(TDESK_SOURCE_DIR "/packaging/linux/collector.conf");
        QFile file(shipped);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        const QString conf = QString::fromUtf8(file.readAll());
        for (const QString &n : std::as_const(names))
            QVERIFY2(QRegularExpression(QStringLiteral("^#?%1=").arg(n), QRegularExpression::MultilineOption).match(conf).hasMatch(),
                     qPrintable(n + QStringLiteral(" is not in ") + shipped));

        QMultiMap<QString, QString> flags;
        flags.insert(QStringLiteral("config"), shipped);
        const auto asShipped = loadCollectorConfig(flags, {});
        QVERIFY2(asShipped, qPrintable(asShipped.error()));
        QCOMPARE(asShipped->databaseUrl, QStringLiteral("/var/lib/telemetry-collector/telemetry.db"));

        QTemporaryFile uncommented;
        QVERIFY(uncommented.open());
        uncommented.write(QString(conf).replace(QRegularExpression(QStringLiteral("^#([A-Z_]+=)"), QRegularExpression::MultilineOption),
                                                QStringLiteral("\\1")).toUtf8());
        uncommented.close();
        flags.replace(QStringLiteral("config"), uncommented.fileName());
        const auto everything = loadCollectorConfig(flags, {});
        QVERIFY2(everything, qPrintable(everything.error()));
        const CollectorConfig defaults;
        QCOMPARE(everything->listenAddress, QHostAddress(QHostAddress::LocalHost)); // the example, not the default
        QCOMPARE(everything->listenPort, defaults.listenPort);
        QCOMPARE(everything->logRetentionDays, defaults.logRetentionDays);
        QCOMPARE(everything->maxBody, defaults.maxBody);
        QCOMPARE(everything->maxBatch, defaults.maxBatch);
        QCOMPARE(everything->requireKey, defaults.requireKey);
        QCOMPARE(everything->syncFull, defaults.syncFull);
        QCOMPARE(everything->rateLimitMax, defaults.rateLimitMax);
        QCOMPARE(everything->rateLimitWindowMs, defaults.rateLimitWindowMs);
        QCOMPARE(everything->statsWindowDays, defaults.statsWindowDays);
        QCOMPARE(everything->maxConnections, defaults.maxConnections);
        QCOMPARE(everything->headerTimeoutMs, defaults.headerTimeoutMs);
        QCOMPARE(everything->requestTimeoutMs, defaults.requestTimeoutMs);
        QCOMPARE(everything->idleTimeoutMs, defaults.idleTimeoutMs);
        QCOMPARE(everything->maxQueuedEvents, defaults.maxQueuedEvents);
        QCOMPARE(everything->statsSecret, defaults.statsSecret);
        QCOMPARE(everything->yearlySalt, defaults.yearlySalt);
        QCOMPARE(everything->logDir, QStringLiteral("/var/log/telemetry-collector"));
        QCOMPARE(everything->trustedProxies.size(), 2);
    }

    void commandLineOptions()
    {
        QMultiMap<QString, QString> flags;
        QStringList words;
        QVERIFY(splitCollectorArguments({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:9"), QStringLiteral("--db=x.db"),
                                         QStringLiteral("--require-key"), QStringLiteral("projects"), QStringLiteral("list")},
                                        &flags, &words));
        QCOMPARE(flags.value(QStringLiteral("listen")), QStringLiteral("127.0.0.1:9"));
        QCOMPARE(flags.value(QStringLiteral("db")), QStringLiteral("x.db"));
        QVERIFY(flags.contains(QStringLiteral("require-key")));
        QCOMPARE(words, (QStringList{QStringLiteral("projects"), QStringLiteral("list")}));

        for (const QString &bogus : {QStringLiteral("--bogus"), QStringLiteral("--bogus=1"), QStringLiteral("--labels")}) {
            flags.clear();
            const auto split = splitCollectorArguments({bogus, QStringLiteral("value")}, &flags, &words);
            QVERIFY(!split);
            QCOMPARE(split.error(), QStringLiteral("unknown option %1 (see --help)").arg(bogus.section(QLatin1Char('='), 0, 0)));
        }
        // Every option the administration commands take is known.
        flags.clear();
        words.clear();
        QVERIFY(splitCollectorArguments({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--project"), QStringLiteral("p"),
                                         QStringLiteral("--kind"), QStringLiteral("public"), QStringLiteral("--label"), QStringLiteral("-ci-")},
                                        &flags, &words));
        QCOMPARE(flags.value(QStringLiteral("label")), QStringLiteral("-ci-"));
        const auto missing = splitCollectorArguments({QStringLiteral("--listen")}, &flags, &words);
        QVERIFY(!missing);
        QCOMPARE(missing.error(), QStringLiteral("--listen needs a value"));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
