// The store factory and the migration entry point, chosen from the database URL.
#include "storage/databaseurl.h"
#include "storage/sqliteschema.h"
#include "storage/storefactory.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace tdesk;

namespace {

int threadCount()
{
    return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size(); // 0 when missing
}

// A connection of the test's own, which leaves the WAL as it is when it closes.
struct Connection
{
    sqlite3 *db = nullptr;
    explicit Connection(const QString &path)
    {
        sqlite3_open(path.toUtf8().constData(), &db);
        sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    }
    ~Connection() { sqlite3_close(db); }
    bool exec(const char *sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
    QByteArray value(const char *sql)
    {
        sqlite3_stmt *stmt = nullptr;
        QByteArray text;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
        return text;
    }
};

DatabaseUrl sqliteUrl(const QString &path)
{
    return parseDatabaseUrl(QStringLiteral("sqlite://") + path).value();
}

} // namespace

class TestStoreFactory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void migrateCreatesAndMigratesANewFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.db"));
        const int threads = threadCount();
        const auto migrated = migrateDatabase(sqliteUrl(path));
        QVERIFY2(migrated, qPrintable(migrated.error()));
        QCOMPARE(threadCount(), threads); // no writer, no checkpointer

        Connection c(path);
        QCOMPARE(c.value("PRAGMA user_version").toInt(), SqliteSchemaVersion);
        QCOMPARE(c.value("PRAGMA journal_mode"), QByteArray("wal"));
        const QByteArray salt = c.value("SELECT value FROM meta WHERE key = 'user_hash_salt'");
        QVERIFY(salt.size() >= 32);
        QVERIFY(c.exec("SELECT count(*) FROM rollup_recent")); // the last migration's table

        // Once made, the salt stays.
        QVERIFY(migrateDatabase(sqliteUrl(path)));
        QCOMPARE(c.value("SELECT value FROM meta WHERE key = 'user_hash_salt'"), salt);
    }

    void migrateLeavesAnExistingWalToTheWriter()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("wal.db"));
        QVERIFY(migrateDatabase(sqliteUrl(path)));
        {
            Connection c(path); // as a writer killed before its checkpoint leaves it
            QVERIFY(c.exec("PRAGMA wal_autocheckpoint=0"));
            QVERIFY(c.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                           " INSERT INTO meta SELECT 'filler' || i, hex(randomblob(200)) FROM n"));
        }
        const qint64 wal = fileSize(path + QStringLiteral("-wal"));
        QVERIFY(wal > 100000);
        QVERIFY(migrateDatabase(sqliteUrl(path)));
        QCOMPARE(fileSize(path + QStringLiteral("-wal")), wal); // not copied back (nor deleted) at close
        Connection c(path);
        QCOMPARE(c.value("SELECT count(*) FROM meta WHERE key LIKE 'filler%'").toInt(), 2000);
    }

    void newerSchemaIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.db"));
        {
            Connection c(path);
            QVERIFY(c.exec(QByteArray("PRAGMA user_version = " + QByteArray::number(SqliteSchemaVersion + 1)).constData()));
        }
        const QString expected = QStringLiteral("the database has schema version %1, newer than this build understands (%2)")
                                     .arg(SqliteSchemaVersion + 1)
                                     .arg(SqliteSchemaVersion);
        const auto migrated = migrateDatabase(sqliteUrl(path));
        QVERIFY(!migrated);
        QVERIFY2(migrated.error().contains(expected), qPrintable(migrated.error()));
        QVERIFY2(migrated.error().contains(path), qPrintable(migrated.error()));
        const auto store = openEventStore(sqliteUrl(path), {});
        QVERIFY(!store);
        QVERIFY2(store.error().contains(expected), qPrintable(store.error()));
    }

    void postgresqlUrlReachesPostgresql()
    {
        // Nothing listens on port 1: the PostgreSQL backend tried, and says why it could not.
        const auto url = parseDatabaseUrl(QStringLiteral("postgresql://telemetry@127.0.0.1:1/telemetry?connect_timeout=2"));
        QVERIFY(url);
        const auto store = openEventStore(*url, {});
        QVERIFY(!store);
        QVERIFY2(store.error().startsWith(QLatin1String("PostgreSQL is unreachable: ")), qPrintable(store.error()));
        const auto migrated = migrateDatabase(*url);
        QVERIFY(!migrated);
        QVERIFY2(migrated.error().startsWith(QLatin1String("PostgreSQL is unreachable: ")), qPrintable(migrated.error()));
    }

    void openedStoreStoresAndCountsItsBytes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        auto opened = openEventStore(sqliteUrl(path), StoreOptions{});
        QVERIFY2(opened, qPrintable(opened.error()));
        EventStore &store = *opened.value();
        QCOMPARE(store.backendName(), QStringLiteral("sqlite"));
        QVERIFY(store.databaseBytes() > 0);
        const qint64 before = store.databaseBytes();

        std::vector<Event> events(10);
        for (int i = 0; i < 10; ++i) {
            events[size_t(i)].projectId = 1;
            events[size_t(i)].timeMs = 1728036000000 + i;
            events[size_t(i)].name = "e";
            events[size_t(i)].userHash = "u";
            events[size_t(i)].props = QByteArray(2000, 'x');
        }
        QSignalSpy committed(&store, &EventStore::committed);
        QVERIFY(store.submit(2, std::move(events)));
        store.commitSoon();
        // The writer's thread may commit before a wait() would begin: count, do not wait for a new one.
        QTRY_VERIFY_WITH_TIMEOUT(committed.count() > 0, 10000);
        QCOMPARE(committed.first().first().value<QList<IngestOutcome>>().first().accepted, 10);
        QVERIFY(store.databaseBytes() > before + 10 * 2000);
        QCOMPARE(store.databaseBytes(), fileSize(path) + fileSize(path + QStringLiteral("-wal")));
    }
};

QTEST_GUILESS_MAIN(TestStoreFactory)
#include "tst_storefactory.moc"
