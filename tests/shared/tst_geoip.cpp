// GeoIP lookups through libmaxminddb, against small databases the test writes itself.

#include "geo/geoip.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tdesk;

namespace {

// Runs tests/data/make-test-mmdb.pl; the test fails (never skips) when it cannot.
QString makeDatabase(const QTemporaryDir &dir, const QString &kind)
{
    const QString file = dir.filePath(kind + QStringLiteral(".mmdb"));
    QProcess perl;
    perl.start(QStringLiteral("perl"), {QStringLiteral(TDESK_SOURCE_DIR "/tests/data/make-test-mmdb.pl"), file, kind});
    if (!perl.waitForFinished(60000) || perl.exitCode() != 0) {
        qWarning().noquote() << "make-test-mmdb.pl failed:" << perl.readAllStandardError();
        return {};
    }
    return file;
}

} // namespace

class TestGeoIp : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    GeoIp m_city;

private Q_SLOTS:
    void initTestCase()
    {
        const QString file = makeDatabase(m_dir, QStringLiteral("city"));
        QVERIFY(!file.isEmpty());
        const auto opened = m_city.open(file);
        QVERIFY2(opened, qPrintable(opened.error()));
        QCOMPARE(m_city.databaseType(), QStringLiteral("GeoLite2-City"));
    }

    void lookup_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QByteArray>("country");
        QTest::addColumn<QByteArray>("region");
        QTest::addColumn<QByteArray>("city");
        QTest::addColumn<double>("latitude");
        QTest::newRow("GB") << QStringLiteral("81.2.69.160") << QByteArray("GB") << QByteArray("ENG") << QByteArray("London") << 51.5142;
        QTest::newRow("SE, UTF-8 name") << QStringLiteral("89.160.20.112") << QByteArray("SE") << QByteArray("E")
                                        << QByteArray("Link\xc3\xb6ping") << 58.4167;
        QTest::newRow("US") << QStringLiteral("216.160.83.58") << QByteArray("US") << QByteArray("WA") << QByteArray("Milton") << 47.2513;
        QTest::newRow("IPv6") << QStringLiteral("2a02:ff0::1") << QByteArray("DE") << QByteArray("BE") << QByteArray("Berlin") << 52.52;
        QTest::newRow("IPv4-mapped IPv6") << QStringLiteral("::ffff:81.2.69.160") << QByteArray("GB") << QByteArray("ENG")
                                          << QByteArray("London") << 51.5142;
        QTest::newRow("country only") << QStringLiteral("1.0.0.1") << QByteArray("AU") << QByteArray() << QByteArray() << qQNaN();
        QTest::newRow("unknown") << QStringLiteral("8.8.8.8") << QByteArray() << QByteArray() << QByteArray() << qQNaN();
        QTest::newRow("loopback") << QStringLiteral("127.0.0.1") << QByteArray() << QByteArray() << QByteArray() << qQNaN();
        QTest::newRow("private") << QStringLiteral("192.168.1.10") << QByteArray() << QByteArray() << QByteArray() << qQNaN();
    }

    void lookup()
    {
        QFETCH(QString, address);
        QFETCH(QByteArray, country);
        QFETCH(QByteArray, region);
        QFETCH(QByteArray, city);
        QFETCH(double, latitude);
        const GeoLocation place = m_city.lookup(QHostAddress(address));
        QCOMPARE(place.country, country);
        QCOMPARE(place.region, region);
        QCOMPARE(place.city, city);
        if (std::isnan(latitude)) {
            QVERIFY(std::isnan(place.latitude) && std::isnan(place.longitude));
        } else {
            QVERIFY(qAbs(place.latitude - latitude) < 1e-3);
            QVERIFY(!std::isnan(place.longitude));
        }
    }

    void countryDatabaseFillsWhatItHas()
    {
        GeoIp country;
        const QString file = makeDatabase(m_dir, QStringLiteral("country"));
        QVERIFY(!file.isEmpty());
        QVERIFY(country.open(file));
        const GeoLocation place = country.lookup(QHostAddress(QStringLiteral("81.2.69.160")));
        QCOMPARE(place.country, QByteArray("GB"));
        QVERIFY(place.city.isEmpty() && place.region.isEmpty() && std::isnan(place.latitude));
    }

    void unusableFilesGiveClearErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("random bytes") << QByteArray(4096, '\x5a');
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("this is not a MaxMind database\n");
        QTest::newRow("truncated") << QByteArray("truncate");
    }

    void unusableFilesGiveClearErrors()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.mmdb"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        if (content == "truncate") {
            QFile good(m_dir.filePath(QStringLiteral("city.mmdb")));
            QVERIFY(good.open(QIODevice::ReadOnly));
            const QByteArray whole = good.readAll();
            file.write(whole.left(whole.size() / 2));
        } else {
            file.write(content);
        }
        file.close();
        GeoIp geo;
        const auto opened = geo.open(path);
        QVERIFY(!opened);
        QVERIFY2(opened.error().contains(path), qPrintable(opened.error()));
        QVERIFY(!geo.isOpen());
        QVERIFY(geo.lookup(QHostAddress(QStringLiteral("81.2.69.160"))).isEmpty());
    }

    void missingFile()
    {
        GeoIp geo;
        const auto opened = geo.open(QStringLiteral("/nonexistent/GeoLite2-City.mmdb"));
        QVERIFY(!opened);
        QVERIFY(opened.error().contains(QStringLiteral("/nonexistent/GeoLite2-City.mmdb")));
    }
};

QTEST_GUILESS_MAIN(TestGeoIp)
#include "tst_geoip.moc"
