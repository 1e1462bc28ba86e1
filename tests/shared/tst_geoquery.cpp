// The world map's query: events per country and place, exact at the edges of a range, and users by
// whole UTC days, in a temporary SQLite database with the collector's schema and its rollups.

#include "query/geoquery.h"
#include "storage/sqliteschema.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace tdesk;

namespace {

struct Row
{
    qint64 project;
    const char *when;
    const char *user;
    const char *country; // nullptr: unknown
    const char *city;    // nullptr: no place with coordinates
    double lat, lon;
};

// Day D is 2026-03-02 (UTC). Project 1 is the schema's default project; project 2 is "other".
constexpr Row Events[] = {
    {1, "2026-03-01T23:00:00.000Z", "u6", "JP", "Tokyo", 35.68, 139.69},
    {1, "2026-03-02T09:59:59.999Z", "u1", "DE", "Berlin", 52.52, 13.40},
    {1, "2026-03-02T10:30:00.000Z", "u9", "SE", "Stockholm", 59.33, 18.07},
    {1, "2026-03-02T10:50:00.000Z", "u1", "DE", "Berlin", 52.52, 13.40},
    {1, "2026-03-02T11:05:00.000Z", "u2", "US", "New York", 40.71, -74.01},
    {1, "2026-03-02T11:30:00.000Z", "u3", "DE", "Munich", 48.14, 11.58},
    {1, "2026-03-02T11:45:00.000Z", "u1", "DE", "Berlin", 52.52, 13.40},
    {1, "2026-03-02T11:59:59.999Z", "u2", "US", nullptr, 0, 0},
    {1, "2026-03-02T12:20:00.000Z", "u4", "BR", "Brasília", -15.79, -47.88},
    {1, "2026-03-02T12:29:59.999Z", "u5", nullptr, nullptr, 0, 0},
    {1, "2026-03-02T12:30:00.000Z", "u4", "BR", "Brasília", -15.79, -47.88},
    {1, "2026-03-03T01:00:00.000Z", "u1", "FR", "Paris", 48.86, 2.35},
    {2, "2026-03-02T11:10:00.000Z", "u7", "DE", "Berlin", 52.52, 13.40},
    {2, "2026-03-02T11:20:00.000Z", "u8", "JP", "Tokyo", 35.68, 139.69},
};

qint64 msAt(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

TimeRange rangeOf(const char *from, const char *to)
{
    return {msAt(from), msAt(to)};
}

// "DE 3/2, US 2/1": code, events/users, in the order given; "??" for the unknown country.
QString describe(const QList<GeoCountry> &countries)
{
    QStringList parts;
    for (const GeoCountry &c : countries)
        parts << (c.country.isEmpty() ? QStringLiteral("??") : c.country) + u' ' + QString::number(c.events) + u'/'
                + QString::number(c.users);
    return parts.join(QStringLiteral(", "));
}

QString describe(const QList<GeoPlace> &places)
{
    QStringList parts;
    for (const GeoPlace &p : places)
        parts << QStringLiteral("%1|%2|%3|%4 %5").arg(p.country, p.city).arg(p.lat, 0, 'f', 2).arg(p.lon, 0, 'f', 2).arg(p.events);
    return parts.join(QStringLiteral(", "));
}

} // namespace

class TestGeoQuery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;

    GeoSummary load(qint64 project, const TimeRange &range, int maxPlaces = 5000)
    {
        Result<GeoSummary> summary = loadGeoSummary(m_db, project, range, maxPlaces);
        if (!summary)
            qWarning("loadGeoSummary failed: %s", qPrintable(summary.error()));
        return summary ? summary.value() : GeoSummary{};
    }

    void exec(QSqlQuery &q, const QString &sql, const QVariantList &values)
    {
        QVERIFY2(q.prepare(sql), qPrintable(q.lastError().text()));
        for (const QVariant &v : values)
            q.addBindValue(v);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("geo.db"));
        sqlite3 *raw = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &raw), SQLITE_OK);
        const Result<void> migrated = migrateSqliteSchema(raw);
        sqlite3_close(raw);
        QVERIFY2(migrated, qPrintable(migrated.error()));

        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst_geoquery"));
        m_db.setDatabaseName(path);
        QVERIFY(m_db.open());
        QSqlQuery q(m_db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO projects(id, name, created_ms) VALUES (2, 'other', 0)")));
        QVERIFY(m_db.transaction());
        for (const Row &e : Events) {
            const qint64 ts = msAt(e.when);
            const QVariant country = e.country ? QVariant(QString::fromLatin1(e.country)) : QVariant(QMetaType::fromType<QString>());
            const QVariant city = e.city ? QVariant(QString::fromUtf8(e.city)) : QVariant(QMetaType::fromType<QString>());
            const QVariant lat = e.city ? QVariant(e.lat) : QVariant(QMetaType::fromType<double>());
            const QVariant lon = e.city ? QVariant(e.lon) : QVariant(QMetaType::fromType<double>());
            exec(q, QStringLiteral("INSERT INTO events(project_id, ts, received_ms, user_hash, name, country, city, lat, lon)"
                                   " VALUES (?, ?, ?, ?, 'app.start', ?, ?, ?, ?)"),
                 {e.project, ts, ts, QString::fromLatin1(e.user), country, city, lat, lon});
            // The rollups, as the store keeps them at commit.
            const QString upsert = QStringLiteral("INSERT INTO rollup_hour VALUES (?, ?, ?, ?, 1)"
                                                  " ON CONFLICT(project_id, hour_ms, dim, value) DO UPDATE SET events = events + 1");
            const qint64 hour = ts - ts % 3600000;
            const QString code = e.country ? QString::fromLatin1(e.country) : QStringLiteral(""); // "" is unknown there
            exec(q, upsert, {e.project, hour, 4, code});
            if (e.city) {
                const QString place = code + u'|' + city.toString() + u'|' + QString::number(e.lat, 'f', 2) + u'|'
                    + QString::number(e.lon, 'f', 2);
                exec(q, upsert, {e.project, hour, 5, place});
            }
            exec(q, QStringLiteral("INSERT OR IGNORE INTO rollup_day_country_users VALUES (?, ?, ?, ?)"),
                 {e.project, ts / 86400000, code, QString::fromLatin1(e.user)});
            exec(q, QStringLiteral("INSERT OR IGNORE INTO rollup_day_users VALUES (?, ?, ?)"),
                 {e.project, ts / 86400000, QString::fromLatin1(e.user)});
            exec(q, QStringLiteral("INSERT OR IGNORE INTO rollup_hour_users VALUES (?, ?, ?)"),
                 {e.project, hour, QString::fromLatin1(e.user)});
        }
        QVERIFY(m_db.commit());
    }

    void cleanupTestCase()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("tst_geoquery"));
    }

    void eventsAndUsersPerCountry()
    {
        // 10:30 to 12:30: two partial hours at the edges and one whole hour between them.
        const GeoSummary s = load(1, rangeOf("2026-03-02T10:30:00Z", "2026-03-02T12:30:00Z"));
        // Most events first; ties by code ("" first). Users: everyone seen in the range in that country.
        QCOMPARE(describe(s.countries), QStringLiteral("DE 3/2, US 2/1, ?? 1/1, BR 1/1, SE 1/1"));
        QCOMPARE(s.events, 8);
        QCOMPARE(s.users, 6); // u1 u2 u3 u4 u5 u9; not u6 (1 March) and u1 counted once
    }

    void edgesAreExact_data()
    {
        QTest::addColumn<TimeRange>("range");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<qint64>("total");
        // Events per country only: users see usersInTheRangeOnly.
        QTest::newRow("partial hours at both edges")
            << rangeOf("2026-03-02T10:30:00Z", "2026-03-02T12:30:00Z") << QStringLiteral("DE 3, US 2, ?? 1, BR 1, SE 1") << qint64(8);
        QTest::newRow("inside one hour") << rangeOf("2026-03-02T11:10:00Z", "2026-03-02T11:40:00Z") << QStringLiteral("DE 1")
                                         << qint64(1);
        QTest::newRow("whole hours only")
            << rangeOf("2026-03-02T10:00:00Z", "2026-03-02T13:00:00Z") << QStringLiteral("DE 3, BR 2, US 2, ?? 1, SE 1") << qint64(9);
        QTest::newRow("across midnight") << rangeOf("2026-03-02T12:00:00Z", "2026-03-03T02:00:00Z")
                                         << QStringLiteral("BR 2, ?? 1, FR 1") << qint64(4);
        QTest::newRow("to the millisecond") << rangeOf("2026-03-02T09:59:59.999Z", "2026-03-02T10:30:00.001Z")
                                            << QStringLiteral("DE 1, SE 1") << qint64(2);
        QTest::newRow("ends just before an event") << rangeOf("2026-03-02T10:00:00.000Z", "2026-03-02T10:30:00.000Z")
                                               << QString() << qint64(0);
        QTest::newRow("three days") << rangeOf("2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z")
                                    << QStringLiteral("DE 4, BR 2, US 2, ?? 1, FR 1, JP 1, SE 1") << qint64(12);
    }

    void edgesAreExact()
    {
        QFETCH(TimeRange, range);
        QFETCH(QString, expected);
        QFETCH(qint64, total);
        const GeoSummary s = load(1, range);
        QStringList withEvents;
        for (const GeoCountry &c : s.countries) {
            if (c.events > 0)
                withEvents << (c.country.isEmpty() ? QStringLiteral("??") : c.country) + u' ' + QString::number(c.events);
        }
        QCOMPARE(withEvents.join(QStringLiteral(", ")), expected);
        QCOMPARE(s.events, total);
    }

    void usersInTheRangeOnly()
    {
        // Half an hour on 2 March: only u3's event is inside. Users were once counted over the whole
        // day (six, in countries without an event in the range).
        const GeoSummary s = load(1, rangeOf("2026-03-02T11:10:00Z", "2026-03-02T11:40:00Z"));
        QCOMPARE(describe(s.countries), QStringLiteral("DE 1/1"));
        QCOMPARE(s.users, 1);
        // 26 hours from 23:00 on 1 March: a whole day from the daily rollups, the hour before and
        // after it from the raw events; u1 counted once though seen in DE and FR.
        const GeoSummary days = load(1, rangeOf("2026-03-01T23:00:00Z", "2026-03-03T01:00:00.001Z"));
        QCOMPARE(days.users, 7);
        QCOMPARE(describe(days.countries), QStringLiteral("DE 4/2, BR 2/1, US 2/1, ?? 1/1, FR 1/1, JP 1/1, SE 1/1"));
        // A whole day: no one from 3 March.
        const GeoSummary day = load(1, rangeOf("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"));
        QVERIFY(!describe(day.countries).contains(QLatin1String("FR")));
    }

    void wholeHoursComeFromTheRollup()
    {
        // A probe, not consistent data: the rollup of 11:00 says 100 more German events than the raw
        // rows. A range holding that whole hour reports them (it reads the rollup, not raw events);
        // so does one that leaves fewer of the hour's events outside than inside (the hour's rollup
        // less those); one with fewer inside counts the raw events there.
        QSqlQuery q(m_db);
        const qint64 hour = msAt("2026-03-02T11:00:00Z");
        const QString bump = QStringLiteral("UPDATE rollup_hour SET events = events + ? WHERE project_id = 1 AND hour_ms = ?"
                                            " AND dim = 4 AND value = 'DE'");
        exec(q, bump, {100, hour});
        const qint64 whole = load(1, rangeOf("2026-03-02T10:30:00Z", "2026-03-02T12:30:00Z")).events;
        const qint64 mostOfTheHour = load(1, rangeOf("2026-03-02T11:00:00Z", "2026-03-02T11:59:00Z")).events;
        const qint64 inside = load(1, rangeOf("2026-03-02T11:10:00Z", "2026-03-02T11:40:00Z")).events;
        exec(q, bump, {-100, hour});
        QCOMPARE(whole, 108);
        QCOMPARE(mostOfTheHour, 103); // 11:05, 11:30 and 11:45 of the 4 events, plus the probe's 100
        QCOMPARE(inside, 1);
    }

    void places()
    {
        const GeoSummary s = load(1, rangeOf("2026-03-02T10:30:00Z", "2026-03-02T12:30:00Z"));
        // Events without coordinates (US at 11:59, the unknown one) have no place.
        QCOMPARE(describe(s.places),
                 QStringLiteral("DE|Berlin|52.52|13.40 2, BR|Brasília|-15.79|-47.88 1, DE|Munich|48.14|11.58 1, "
                                "SE|Stockholm|59.33|18.07 1, US|New York|40.71|-74.01 1"));
        const GeoSummary top = load(1, rangeOf("2026-03-02T10:30:00Z", "2026-03-02T12:30:00Z"), 2);
        QCOMPARE(describe(top.places), QStringLiteral("DE|Berlin|52.52|13.40 2, BR|Brasília|-15.79|-47.88 1"));
    }

    void projectFilter()
    {
        const TimeRange range = rangeOf("2026-03-02T10:30:00Z", "2026-03-02T12:30:00Z");
        const GeoSummary other = load(2, range);
        QCOMPARE(describe(other.countries), QStringLiteral("DE 1/1, JP 1/1"));
        QCOMPARE(describe(other.places), QStringLiteral("DE|Berlin|52.52|13.40 1, JP|Tokyo|35.68|139.69 1"));

        const GeoSummary all = load(AllProjects, range);
        QCOMPARE(describe(all.countries), QStringLiteral("DE 4/3, US 2/1, ?? 1/1, BR 1/1, JP 1/1, SE 1/1"));
        QCOMPARE(all.events, 10);
        QCOMPARE(all.users, 8);
        QCOMPARE(all.places.first().city, QStringLiteral("Berlin"));
        QCOMPARE(all.places.first().events, 3);

        const GeoSummary none = load(42, range);
        QVERIFY(none.countries.isEmpty());
        QVERIFY(none.places.isEmpty());
        QCOMPARE(none.events, 0);
    }

    void emptyRange()
    {
        const qint64 at = msAt("2026-03-02T11:30:00Z");
        for (const TimeRange &range : {TimeRange{at, at}, TimeRange{at, at - 3600000}}) {
            const Result<GeoSummary> s = loadGeoSummary(m_db, 1, range);
            QVERIFY(s);
            QVERIFY(s->countries.isEmpty());
            QVERIFY(s->places.isEmpty());
            QCOMPARE(s->events, 0);
            QCOMPARE(s->users, 0);
        }
    }

    void reportsErrors()
    {
        QSqlDatabase closed = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst_geoquery_closed"));
        {
            const Result<GeoSummary> s = loadGeoSummary(closed, 1, rangeOf("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"));
            QVERIFY(!s);
            QVERIFY(!s.error().isEmpty());
        }
        closed = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("tst_geoquery_closed"));
    }
};

QTEST_GUILESS_MAIN(TestGeoQuery)
#include "tst_geoquery.moc"
