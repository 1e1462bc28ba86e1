// GeoIP lookups through libmaxminddb, against small invented databases that the test writes
// itself with tests/data/make-test-mmdb.pl.

#include "geo/geoip.h"

#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

using namespace tdesk;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

bool sameCoordinate(double actual, double expected)
{
    return std::isnan(expected) ? std::isnan(actual) : std::abs(actual - expected) < 1e-9;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray randomBytes(int size, quint32 seed)
{
    QRandomGenerator random(seed); // seeded: a failure can be replayed
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &b : bytes)
        b = char(random.bounded(256));
    return bytes;
}

} // namespace

class TestGeoIp : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_cityFile;
    QString m_countryFile;
    QByteArray m_cityBytes;
    GeoIp m_city;
    GeoIp m_country;

    // Runs the Perl writer. Without perl or MaxMind::DB::Writer the test fails; it never skips.
    QString makeDatabase(const QString &kind)
    {
        const QString file = m_dir.filePath(kind + QStringLiteral(".mmdb"));
        QProcess perl;
        perl.start(QStringLiteral("perl"),
                   {QStringLiteral(TDESK_SOURCE_DIR "/tests/data/make-test-mmdb.pl"), file, kind});
        if (perl.waitForFinished(60000) && perl.exitStatus() == QProcess::NormalExit && perl.exitCode() == 0)
            return file;
        qWarning().noquote() << "make-test-mmdb.pl" << kind << "failed (needs perl and libmaxmind-db-writer-perl):"
                             << (perl.error() == QProcess::UnknownError ? QString::fromLocal8Bit(perl.readAllStandardError())
                                                                         : perl.errorString());
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cityFile = makeDatabase(QStringLiteral("city"));
        m_countryFile = makeDatabase(QStringLiteral("country"));
        QVERIFY(!m_cityFile.isEmpty() && !m_countryFile.isEmpty());
        QFile city(m_cityFile);
        QVERIFY(city.open(QIODevice::ReadOnly));
        m_cityBytes = city.readAll();

        QVERIFY(!m_city.isOpen());
        const auto opened = m_city.open(m_cityFile);
        QVERIFY2(opened, qPrintable(opened.error()));
        QVERIFY(m_city.isOpen());
        QCOMPARE(m_city.databaseType(), QStringLiteral("GeoLite2-City"));
        const auto countryOpened = m_country.open(m_countryFile);
        QVERIFY2(countryOpened, qPrintable(countryOpened.error()));
        QCOMPARE(m_country.databaseType(), QStringLiteral("GeoLite2-Country"));
    }

    void lookup_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QByteArray>("country");
        QTest::addColumn<QByteArray>("region");
        QTest::addColumn<QByteArray>("city");
        QTest::addColumn<double>("latitude");
        QTest::addColumn<double>("longitude");
        const auto place = [](const char *name, const char *address, const char *country, const char *region,
                              const char *city, double lat, double lon) {
            QTest::newRow(name) << QString::fromLatin1(address) << QByteArray(country) << QByteArray(region)
                                << QByteArray(city) << lat << lon;
        };
        const auto nowhere = [&](const char *name, const char *address) {
            place(name, address, "", "", "", NaN, NaN);
        };
        place("GB", "81.2.69.160", "GB", "ENG", "London", 51.5142, -0.0931);
        place("SE, UTF-8 city", "89.160.20.112", "SE", "E", "Link\xc3\xb6ping", 58.4167, 15.6167);
        place("US, first of the /29", "216.160.83.56", "US", "WA", "Milton", 47.2513, -122.3149);
        place("US, last of the /29", "216.160.83.63", "US", "WA", "Milton", 47.2513, -122.3149);
        nowhere("US, just past the /29", "216.160.83.64");
        place("IPv6", "2001:db8::1", "DE", "BE", "Berlin", 52.52, 13.405);
        place("IPv6, end of the /32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "DE", "BE", "Berlin", 52.52, 13.405);
        place("IPv4-mapped IPv6", "::ffff:81.2.69.160", "GB", "ENG", "London", 51.5142, -0.0931);
        place("IPv4-mapped IPv6, US", "::ffff:216.160.83.60", "US", "WA", "Milton", 47.2513, -122.3149);
        place("country only", "1.0.0.1", "AU", "", "", NaN, NaN);
        place("country only, IPv4-mapped", "::ffff:1.0.0.200", "AU", "", "", NaN, NaN);
        nowhere("in no network, IPv4", "8.8.8.8");
        nowhere("in no network, IPv6", "2001:db9::1");
        nowhere("in no network, IPv4-mapped", "::ffff:8.8.8.8");
        // The database holds trap entries for all of these: an answer means GeoIp asked.
        nowhere("loopback", "127.0.0.1");
        nowhere("loopback IPv6", "::1");
        nowhere("loopback IPv4-mapped", "::ffff:127.0.0.1");
        nowhere("unspecified", "0.0.0.0");
        nowhere("unspecified IPv6", "::");
        nowhere("private 10/8", "10.1.2.3");
        nowhere("private 172.16/12", "172.31.255.1");
        nowhere("private 192.168/16", "192.168.1.10");
        nowhere("private, IPv4-mapped", "::ffff:192.168.1.10");
        nowhere("shared 100.64/10", "100.64.1.1");
        nowhere("link-local", "169.254.10.1");
        nowhere("link-local IPv6", "fe80::1");
        nowhere("unique local IPv6", "fd12:3456::1");
        nowhere("multicast", "239.1.2.3");
        nowhere("multicast IPv6", "ff02::1");
        nowhere("broadcast", "255.255.255.255");
        nowhere("null address", "");
    }

    void lookup()
    {
        QFETCH(QString, address);
        QFETCH(QByteArray, country);
        QFETCH(QByteArray, region);
        QFETCH(QByteArray, city);
        QFETCH(double, latitude);
        QFETCH(double, longitude);
        const GeoLocation place = m_city.lookup(QHostAddress(address));
        QCOMPARE(place.country, country);
        QCOMPARE(place.region, region);
        QCOMPARE(place.city, city);
        QVERIFY2(sameCoordinate(place.latitude, latitude), qPrintable(QString::number(place.latitude)));
        QVERIFY2(sameCoordinate(place.longitude, longitude), qPrintable(QString::number(place.longitude)));
        QCOMPARE(place.isEmpty(), country.isEmpty());
    }

    void countryDatabaseFillsWhatItHas_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QByteArray>("country");
        QTest::newRow("GB") << QStringLiteral("81.2.69.160") << QByteArray("GB");
        QTest::newRow("IPv6") << QStringLiteral("2001:db8::1") << QByteArray("DE");
        QTest::newRow("IPv4-mapped IPv6") << QStringLiteral("::ffff:89.160.20.112") << QByteArray("SE");
        QTest::newRow("in no network") << QStringLiteral("8.8.8.8") << QByteArray();
        QTest::newRow("private") << QStringLiteral("10.1.2.3") << QByteArray();
    }

    void countryDatabaseFillsWhatItHas()
    {
        QFETCH(QString, address);
        QFETCH(QByteArray, country);
        const GeoLocation place = m_country.lookup(QHostAddress(address));
        QCOMPARE(place.country, country);
        QVERIFY(place.region.isEmpty() && place.city.isEmpty());
        QVERIFY(std::isnan(place.latitude) && std::isnan(place.longitude));
    }

    void reopenWithAnotherDatabase()
    {
        GeoIp geo;
        QVERIFY(geo.open(m_cityFile));
        QVERIFY(geo.open(m_countryFile));
        QCOMPARE(geo.databaseType(), QStringLiteral("GeoLite2-Country"));
        QVERIFY(geo.lookup(QHostAddress(QStringLiteral("81.2.69.160"))).city.isEmpty());
    }

    void unusableFilesGiveClearErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        const QByteArray marker("\xab\xcd\xefMaxMind.com");
        const QString corrupt = QStringLiteral("not a MaxMind DB file, or a truncated or corrupt one");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty file");
        QTest::newRow("text") << QByteArray("this is not a MaxMind database\n") << corrupt;
        QTest::newRow("random bytes") << randomBytes(65536, 1) << corrupt;
        QTest::newRow("random bytes around a metadata marker") << randomBytes(4096, 2) + marker + randomBytes(512, 3)
                                                               << corrupt;
        QTest::newRow("metadata marker alone") << marker << corrupt;
        QTest::newRow("truncated to half") << m_cityBytes.left(m_cityBytes.size() / 2) << corrupt;
        QTest::newRow("last byte cut off") << m_cityBytes.chopped(1) << corrupt;
        QTest::newRow("search tree cut off") << m_cityBytes.mid(m_cityBytes.lastIndexOf(marker)) << corrupt;
    }

    void unusableFilesGiveClearErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        const QString path = m_dir.filePath(QStringLiteral("bad.mmdb"));
        QVERIFY(writeFile(path, content));
        GeoIp geo;
        QVERIFY(geo.open(m_cityFile)); // a failed open closes what was open before
        const auto opened = geo.open(path);
        QVERIFY(!opened);
        QVERIFY2(opened.error().startsWith(path + QStringLiteral(": ") + reason), qPrintable(opened.error()));
        QVERIFY(!geo.isOpen());
        QVERIFY(geo.databaseType().isEmpty());
        QVERIFY(geo.lookup(QHostAddress(QStringLiteral("81.2.69.160"))).isEmpty());
    }

    void missingFileOrDirectory_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason"); // strerror's words depend on the locale: not checked
        QTest::newRow("missing file") << m_dir.filePath(QStringLiteral("nowhere/GeoLite2-City.mmdb")) << QString();
        QTest::newRow("directory") << m_dir.path() << QStringLiteral("is a directory");
    }

    void missingFileOrDirectory()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        GeoIp geo;
        const auto opened = geo.open(path);
        QVERIFY(!opened);
        QVERIFY2(opened.error().startsWith(path + QStringLiteral(": ") + reason), qPrintable(opened.error()));
        QVERIFY(!geo.isOpen());
    }

    // Intact metadata behind a damaged search tree and data section: libmaxminddb opens such a
    // file (it checks only the metadata), so the damage shows at lookup time.
    QByteArray withZeroedBody() const
    {
        const qsizetype body = m_cityBytes.lastIndexOf(QByteArray("\xab\xcd\xefMaxMind.com"));
        return QByteArray(body, '\0') + m_cityBytes.mid(body);
    }

    void damagedRecordGivesNothingAndOneWarning()
    {
        const QString path = m_dir.filePath(QStringLiteral("zeroed.mmdb"));
        QVERIFY(writeFile(path, withZeroedBody()));
        GeoIp geo;
        QVERIFY(geo.open(path));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^GeoIP database is corrupt")));
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); // one warning, not one per lookup
        for (int i = 0; i < 3; ++i) {
            QVERIFY(geo.lookup(QHostAddress(QStringLiteral("81.2.69.160"))).isEmpty());
            QVERIFY(geo.lookup(QHostAddress(QStringLiteral("2001:db8::1"))).isEmpty());
        }
    }

    // Many kinds of damage: nothing is asserted about the answers, only that they come back.
    // (Run under ASan or valgrind to see that they also read nothing out of bounds.)
    void damagedBodyNeverCrashes_data()
    {
        QTest::addColumn<QByteArray>("content");
        const qsizetype body = m_cityBytes.lastIndexOf(QByteArray("\xab\xcd\xefMaxMind.com"));
        QVERIFY(body > 0);
        // The return type is spelled out: with QT_USE_QSTRINGBUILDER, auto would be a builder that
        // refers to the dead temporaries.
        const auto withBody = [&](const QByteArray &replacement) -> QByteArray {
            return replacement + m_cityBytes.mid(body);
        };
        QTest::newRow("zeroed") << withZeroedBody();
        QTest::newRow("all ones") << withBody(QByteArray(body, '\xff'));
        for (quint32 seed = 1; seed <= 20; ++seed)
            QTest::addRow("random body %u", seed) << withBody(randomBytes(int(body), seed));
        for (quint32 seed = 1; seed <= 100; ++seed) {
            QByteArray damaged = m_cityBytes;
            QRandomGenerator random(seed);
            for (int i = 0; i < 4; ++i)
                damaged[random.bounded(int(body))] = char(random.bounded(256));
            QTest::addRow("4 random bytes changed %u", seed) << damaged;
        }
    }

    void damagedBodyNeverCrashes()
    {
        QFETCH(QByteArray, content);
        QLoggingCategory::setFilterRules(QStringLiteral("tdesk.geo.warning=false")); // expected, and many
        const auto restoreLogging = qScopeGuard([] { QLoggingCategory::setFilterRules(QString()); });
        const QString path = m_dir.filePath(QStringLiteral("damaged.mmdb"));
        QVERIFY(writeFile(path, content));
        GeoIp geo;
        const auto opened = geo.open(path);
        if (!opened) {
            QVERIFY2(opened.error().startsWith(path + QStringLiteral(": ")), qPrintable(opened.error()));
            return;
        }
        QRandomGenerator random(7);
        for (int i = 0; i < 500; ++i) {
            Q_IPV6ADDR v6;
            for (quint8 &b : v6.c)
                b = quint8(random.bounded(256));
            (void)geo.lookup(QHostAddress(random.generate()));
            (void)geo.lookup(QHostAddress(v6));
        }
        for (const char *known : {"81.2.69.160", "89.160.20.112", "216.160.83.56", "2001:db8::1", "1.0.0.1"})
            (void)geo.lookup(QHostAddress(QString::fromLatin1(known)));
    }

    // lookup() is const and libmaxminddb's lookups are read-only: threads may share one GeoIp.
    void concurrentLookups()
    {
        std::atomic_int wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([this, &wrong] {
                const QHostAddress london(QStringLiteral("81.2.69.160"));
                const QHostAddress berlin(QStringLiteral("2001:db8::1"));
                const QHostAddress nowhere(QStringLiteral("8.8.8.8"));
                for (int i = 0; i < 2000; ++i) {
                    if (m_city.lookup(london).city != "London" || m_city.lookup(berlin).city != "Berlin"
                        || !m_city.lookup(nowhere).isEmpty())
                        ++wrong;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(wrong.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGeoIp)
#include "tst_geoip.moc"
