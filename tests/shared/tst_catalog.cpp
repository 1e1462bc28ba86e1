// The catalog of projects and keys: labels, counted use, and the migration that brought them.
#include "storage/catalog.h"
#include "storage/databaseurl.h"
#include "storage/sqliteschema.h"
#include "storage/storefactory.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace tdesk;

namespace {

DatabaseUrl sqliteUrl(const QString &path)
{
    return parseDatabaseUrl(QStringLiteral("sqlite://") + path).value();
}

bool exec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open(path.toUtf8().constData(), &db);
    const bool ok = sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

} // namespace

class TestCatalog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    std::optional<Catalog> m_catalog;

    KeyInfo onlyKey(const QString &project = defaultProjectName())
    {
        const auto keys = m_catalog->keys(project);
        if (!keys || keys->size() != 1)
            return {};
        return keys->first();
    }

private Q_SLOTS:
    void init()
    {
        m_path = m_dir.filePath(QString::number(QDateTime::currentMSecsSinceEpoch()) + QStringLiteral(".db"));
        QVERIFY(migrateDatabase(sqliteUrl(m_path)));
        auto catalog = Catalog::open(sqliteUrl(m_path));
        QVERIFY(catalog);
        m_catalog.emplace(std::move(catalog.value()));
    }

    void cleanup() { m_catalog.reset(); }

    void aDatabaseOfSchema3UpgradesInPlaceAndKeepsItsKeys()
    {
        const auto key = m_catalog->createKey(defaultProjectName(), KeyKind::Public);
        QVERIFY(key);
        m_catalog.reset();
        // Back to schema 3 as a release before this one left it: api_keys without the columns of 4,
        // none of the user rollups' tables of 5, nor the activity table of 6.
        QVERIFY(exec(m_path, "ALTER TABLE api_keys DROP COLUMN label; ALTER TABLE api_keys DROP COLUMN last_used_ms;"
                             "ALTER TABLE api_keys DROP COLUMN events_accepted; DROP VIEW hour_users; DROP VIEW day_users;"
                             "DROP VIEW day_country_users; DROP TABLE rollup_users_open; DROP TABLE rollup_user_samples;"
                             "DROP TABLE rollup_user_activity; PRAGMA user_version = 3;"));

        const auto migrated = migrateDatabase(sqliteUrl(m_path));
        QVERIFY2(migrated, qPrintable(migrated.error()));
        auto catalog = Catalog::open(sqliteUrl(m_path));
        QVERIFY(catalog);
        m_catalog.emplace(std::move(catalog.value()));
        const auto found = m_catalog->keyByHash(hashApiKey(key->toLatin1()));
        QVERIFY(found && found->has_value());
        QCOMPARE(found->value().prefix, apiKeyPrefix(key.value()));
        QCOMPARE(found->value().label, QString());
        QCOMPARE(found->value().lastUsedMs, qint64(0));
        QCOMPARE(found->value().eventsAccepted, qint64(0));
        QVERIFY(m_catalog->setKeyLabel(apiKeyPrefix(key.value()), QStringLiteral("kept")));
        QCOMPARE(onlyKey().label, QStringLiteral("kept"));
    }

    void labelsAreSetWhenCreatingAndChangedByKeyId()
    {
        const auto key = m_catalog->createKey(defaultProjectName(), KeyKind::Public, QStringLiteral("  iOS app "));
        QVERIFY(key);
        QCOMPARE(onlyKey().label, QStringLiteral("iOS app")); // trimmed
        const auto labelled = m_catalog->setKeyLabel(apiKeyPrefix(key.value()), QStringLiteral("iOS app 2"));
        QVERIFY(labelled);
        QCOMPARE(labelled->label, QStringLiteral("iOS app 2"));
        QCOMPARE(onlyKey().label, QStringLiteral("iOS app 2"));
        // A revoked key can still be labelled (say, why it was revoked).
        QVERIFY(m_catalog->revokeKey(apiKeyPrefix(key.value())));
        QVERIFY(m_catalog->setKeyLabel(apiKeyPrefix(key.value()), QStringLiteral("leaked, revoked")));
        QCOMPARE(onlyKey().label, QStringLiteral("leaked, revoked"));
    }

    void badLabelsAreRefusedWithAReason()
    {
        const auto tooLong = m_catalog->createKey(defaultProjectName(), KeyKind::Public, QString(MaxKeyLabelLength + 1, u'x'));
        QVERIFY(!tooLong);
        QCOMPARE(tooLong.error(), QStringLiteral("a key label has at most 100 characters"));
        QVERIFY(m_catalog->keys()->isEmpty());
        const auto key = m_catalog->createKey(defaultProjectName(), KeyKind::Public, QStringLiteral("ok"));
        const auto twoLines = m_catalog->setKeyLabel(apiKeyPrefix(key.value()), QStringLiteral("a\nb"));
        QVERIFY(!twoLines);
        QCOMPARE(twoLines.error(), QStringLiteral("a key label is one line without control characters"));
        const auto unknown = m_catalog->setKeyLabel(QStringLiteral("tdp_nonexist"), QStringLiteral("x"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error(), QStringLiteral("no key starts with 'tdp_nonexist'"));
    }

    void adminKeysBelongToNoProject()
    {
        const auto key = m_catalog->createKey(QStringLiteral("ignored"), KeyKind::Admin, QStringLiteral("ops"));
        QVERIFY2(key, qPrintable(key.error()));
        QVERIFY(key->startsWith(QStringLiteral("tda_")));
        const auto all = m_catalog->keys();
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().projectId, qint64(0));
        QCOMPARE(all->first().label, QStringLiteral("ops"));
        QVERIFY(m_catalog->keys(defaultProjectName())->isEmpty());
    }

    void useIsAddedAndTheLatestTimeKept()
    {
        QVERIFY(m_catalog->createKey(defaultProjectName(), KeyKind::Public));
        const qint64 id = onlyKey().id;
        QVERIFY(m_catalog->addKeyUse({{id, KeyUse{5, 2000}}}));
        QVERIFY(m_catalog->addKeyUse({{id, KeyUse{2, 1000}}, {id + 100, KeyUse{1, 3000}}})); // a deleted key: skipped
        QCOMPARE(onlyKey().eventsAccepted, qint64(7));
        QCOMPARE(onlyKey().lastUsedMs, qint64(2000));
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
