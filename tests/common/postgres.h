#pragma once

// The throwaway PostgreSQL cluster that tests/postgres-cluster.sh starts for CTest (the fixture
// "postgres"; TDESK_TEST_POSTGRESQL names its directory). A test executable that needs it and finds
// none prints why and exits with PostgresSkipCode, which CTest reports as skipped, never as passed.

#include "storage/postgres/pgconnection.h"
#include "storage/rollups.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace tdesk::test {

inline constexpr int PostgresSkipCode = 77;

struct TestPostgres
{
    QString url;        // the superuser's, on database `postgres`
    QString skipReason; // when there is no url
    QString caFile;     // the CA that signed the server's certificate (for localhost and 127.0.0.1)
};

inline TestPostgres testPostgres()
{
    const QString dir = qEnvironmentVariable("TDESK_TEST_POSTGRESQL");
    if (dir.isEmpty())
        return {{}, QStringLiteral("TDESK_TEST_POSTGRESQL is not set (run the test through ctest)")};
    const auto read = [&dir](const char *name) {
        QFile file(dir + u'/' + QLatin1String(name));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
    };
    if (const QString url = read("url"); !url.isEmpty())
        return {url, {}, dir + QStringLiteral("/ca.crt")};
    const QString reason = read("skip");
    return {{}, reason.isEmpty() ? QStringLiteral("the test cluster did not start") : reason};
}

class PrivateCluster;
struct ReplicaOf
{
    const PrivateCluster &primary;
};

// A cluster of a test's own (tests/postgres-cluster.sh), for tests that stop and start it under load;
// or a streaming replica (hot standby, made with pg_basebackup) of one.
class PrivateCluster
{
public:
    enum class Tls { Offered, NotOffered };
    explicit PrivateCluster(Tls tls = Tls::Offered)
    {
        m_env.insert(QStringLiteral("TDESK_PG_SSL"), tls == Tls::Offered ? QStringLiteral("on") : QStringLiteral("off"));
        m_ok = script(QStringLiteral("start")) && !url().isEmpty();
    }
    explicit PrivateCluster(ReplicaOf replica)
    {
        m_ok = script(QStringLiteral("replica"), {replica.primary.dir()}) && !url().isEmpty();
    }
    ~PrivateCluster() { script(QStringLiteral("stop")); }
    QString dir() const { return m_dir.filePath(QStringLiteral("cluster")); }
    bool ok() const { return m_ok; }
    QString url() const
    {
        QFile file(m_dir.filePath(QStringLiteral("cluster/url")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
    }
    bool pause() { return script(QStringLiteral("pause")); }   // as a crash: pg_ctl stop -m immediate
    bool resume() { return script(QStringLiteral("resume")); }

private:
    bool script(const QString &action, const QStringList &more = {})
    {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral("bash"), QStringList{QStringLiteral(TDESK_SOURCE_DIR "/tests/postgres-cluster.sh"), action, dir()} + more);
        return p.waitForFinished(90000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }
    QTemporaryDir m_dir;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    bool m_ok = false;
};

// A new, empty database on the cluster (dropped first if a previous run left it); its URL.
inline QString freshDatabase(const QString &adminUrl, const QString &name)
{
    auto admin = PgConnection::open(adminUrl, "tdesk-tests");
    if (!admin)
        qFatal("cannot reach the test cluster: %s", qPrintable(admin.error()));
    const QByteArray quoted = '"' + name.toUtf8() + '"';
    if (auto dropped = admin->run("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)"); !dropped)
        qFatal("%s", qPrintable(dropped.error()));
    if (auto created = admin->run("CREATE DATABASE " + quoted); !created)
        qFatal("%s", qPrintable(created.error()));
    QString url = adminUrl;
    url.replace(url.lastIndexOf(QLatin1String("/postgres")), 9, u'/' + name);
    return url;
}

// The rows of `stored` that `expected` lacks, and those it has but `stored` lacks.
inline QStringList mismatches(PgConnection &db, const QByteArray &stored, const QByteArray &expected)
{
    QStringList out;
    const std::pair<const char *, QByteArray> directions[] = {{"unexpected", stored + " EXCEPT ALL (" + expected + ')'},
                                                              {"missing", '(' + expected + ") EXCEPT ALL " + stored}};
    for (const auto &[label, sql] : directions) {
        auto rows = db.exec(sql);
        if (!rows) {
            out << rows.error();
            continue;
        }
        for (int r = 0; r < rows->rows(); ++r)
            out << QStringLiteral("%1 in %2: %3 …").arg(QLatin1String(label), QString::fromUtf8(stored.left(40)),
                                                         QString::fromUtf8(rows->text(r, 0) + ' ' + rows->text(r, 1) + ' ' + rows->text(r, 2)));
    }
    return out;
}

// The rows of a dimension rollup by `period`, computed from the events that meet `condition`.
inline QByteArray dimensionRows(const QByteArray &period, const QByteArray &condition = "TRUE")
{
    QByteArray sql;
    const std::pair<int, QByteArray> dims[] = {{0, "name"}, {1, "coalesce(os, '')"}, {2, "coalesce(ext, '')"},
                                               {3, "coalesce(vscode, '')"}, {4, "coalesce(country, '')"}};
    for (const auto &[dim, value] : dims) {
        if (!sql.isEmpty())
            sql += " UNION ALL ";
        sql += "SELECT project_id, " + period + ", " + QByteArray::number(dim) + ", " + value + ", count(*) FROM events WHERE "
            + condition + " GROUP BY 1, 2, 4";
    }
    return sql + " UNION ALL SELECT project_id, " + period + ", 5, " + PlaceKeyPostgresSql
        + ", count(*) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL AND " + condition + " GROUP BY 1, 2, 4";
}

// Every rollup row against what the raw events say, both ways: the rows that differ.
inline QStringList pgRollupMismatches(PgConnection &db)
{
    QStringList out;
    out << mismatches(db, "SELECT project_id, minute_ms, name, events FROM rollup_minute",
                      "SELECT project_id, ts - ts % 60000, name, count(*) FROM events GROUP BY 1, 2, 3");
    out << mismatches(db, "SELECT project_id, hour_ms, dim, value, events FROM rollup_hour", dimensionRows("ts - ts % 3600000"));
    out << mismatches(db, "SELECT project_id, day, dim, value, events FROM rollup_day", dimensionRows("ts / 86400000"));
    // rollup_recent holds the minutes in [from, through) of its marks.
    const auto mark = [&db](const char *key) {
        auto value = db.exec(QByteArray("SELECT value FROM meta WHERE key = '") + key + '\'');
        return value ? value->text(0, 0) : QByteArray("0");
    };
    const auto window = [&mark](const QByteArray &minute) -> QByteArray {
        return minute + " >= " + mark("rollup_recent_from") + " AND " + minute + " < " + mark("rollup_recent_through");
    };
    out << mismatches(db, "SELECT project_id, minute_ms, dim, value, events FROM rollup_recent WHERE " + window("minute_ms"),
                      dimensionRows("ts - ts % 60000", window("ts - ts % 60000")));
    out << mismatches(db, "SELECT project_id, hour_ms, user_hash FROM hour_users",
                      "SELECT DISTINCT project_id, ts - ts % 3600000, user_hash FROM events");
    out << mismatches(db, "SELECT project_id, day, user_hash FROM day_users",
                      "SELECT DISTINCT project_id, ts / 86400000, user_hash FROM events");
    out << mismatches(db, "SELECT project_id, day, country, user_hash FROM day_country_users",
                      "SELECT DISTINCT project_id, ts / 86400000, coalesce(country, ''), user_hash FROM events");
    return out;
}

} // namespace tdesk::test

// QTEST_GUILESS_MAIN for tests that need the cluster.
#define TDESK_POSTGRES_TEST_MAIN(TestObject)                                                                    \
    int main(int argc, char *argv[])                                                                            \
    {                                                                                                          \
        QCoreApplication app(argc, argv);                                                                      \
        if (const auto pg = tdesk::test::testPostgres(); pg.url.isEmpty()) {                                   \
            std::printf("skipped: %s\n", qPrintable(pg.skipReason));                                           \
            return tdesk::test::PostgresSkipCode;                                                              \
        }                                                                                                      \
        TestObject test;                                                                                       \
        QTEST_SET_MAIN_SOURCE_PATH                                                                             \
        return QTest::qExec(&test, argc, argv);                                                                \
    }
