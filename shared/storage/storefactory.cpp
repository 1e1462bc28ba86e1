#include "storage/storefactory.h"

#include "storage/postgres/pgstore.h"
#include "storage/sqlitestore.h"


namespace tdesk {
namespace {

Result<std::unique_ptr<EventStore>> openSqlite(const DatabaseUrl &url, const StoreOptions &options)
{
    auto store = SqliteStore::open(SqliteOptions(url.sqlitePath, options));
    if (!store)
        return Error{store.error()};
    return std::unique_ptr<EventStore>(std::move(store.value()));
}

Result<void> migrateSqlite(const DatabaseUrl &url)
{
    return SqliteStore::migrate(url.sqlitePath);
}

Result<std::unique_ptr<EventStore>> openPostgresql(const DatabaseUrl &url, const StoreOptions &options)
{
    auto store = PgStore::open(PgOptions(url.postgresqlUrl, options));
    if (!store)
        return Error{store.error()};
    return std::unique_ptr<EventStore>(std::move(store.value()));
}

Result<void> migratePostgresql(const DatabaseUrl &url)
{
    return PgStore::migrate(url.postgresqlUrl);
}

// The backends of this build, by the kind of URL they serve. A new backend is a store class and a
// row here.
struct Backend
{
    DatabaseUrl::Kind kind;
    Result<std::unique_ptr<EventStore>> (*open)(const DatabaseUrl &, const StoreOptions &);
    Result<void> (*migrate)(const DatabaseUrl &);
};

constexpr Backend Backends[] = {
    {DatabaseUrl::Kind::Sqlite, &openSqlite, &migrateSqlite},
    {DatabaseUrl::Kind::Postgresql, &openPostgresql, &migratePostgresql},
};

QString kindName(DatabaseUrl::Kind kind)
{
    switch (kind) {
    case DatabaseUrl::Kind::Sqlite: return QStringLiteral("SQLite");
    case DatabaseUrl::Kind::Postgresql: return QStringLiteral("PostgreSQL");
    }
    return QStringLiteral("this");
}

Result<const Backend *> backendFor(const DatabaseUrl &url)
{
    for (const Backend &backend : Backends) {
        if (backend.kind == url.kind)
            return &backend;
    }
    return Error{QStringLiteral("%1 storage is not available in this build yet").arg(kindName(url.kind))};
}

} // namespace

Result<std::unique_ptr<EventStore>> openEventStore(const DatabaseUrl &url, const StoreOptions &options)
{
    const auto backend = backendFor(url);
    if (!backend)
        return Error{backend.error()};
    return (*backend)->open(url, options);
}

Result<void> migrateDatabase(const DatabaseUrl &url)
{
    const auto backend = backendFor(url);
    if (!backend)
        return Error{backend.error()};
    return (*backend)->migrate(url);
}

} // namespace tdesk
