#pragma once

// The throwaway PostgreSQL cluster that tests/postgres-cluster.sh starts for CTest (the fixture
// "postgres"; TDESK_TEST_POSTGRESQL names its directory). A test executable that needs it and finds
// none prints why and exits with PostgresSkipCode, which CTest reports as skipped, never as passed.

#include "storage/postgres/pgconnection.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>

#include <cstdio>

namespace tdesk::test {

inline constexpr int PostgresSkipCode = 77;

struct TestPostgres
{
    QString url;        // the superuser's, on database `postgres`
    QString skipReason; // when there is no url
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
        return {url, {}};
    const QString reason = read("skip");
    return {{}, reason.isEmpty() ? QStringLiteral("the test cluster did not start") : reason};
}

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
