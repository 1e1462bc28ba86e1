// libFuzzer target for database URLs (`--db`, DATABASE_URL, PG_URL, PG_SSL; storage/databaseurl.h,
// and a PostgreSQL URL's reading for Qt Sql and for display, storage/postgres/pgconnection.h).
// Properties: no crash; a SQLite result names an absolute file path (the sqlite:// form: the path
// it carries); a PostgreSQL result is the trimmed text with its scheme; PG_SSL=true either asks for
// verify-full or says why not; an error says why.
#define FUZZ_TARGET_NAME "fuzz_databaseurl"
#include "fuzzcheck.h"
#include "storage/databaseurl.h"
#include "storage/postgres/pgconnection.h"

#include <QDir>
#include <QFileInfo>

#include <cstdint>

using namespace tdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Result<DatabaseUrl> url = parseDatabaseUrl(text);
    if (!url) {
        FUZZ_CHECK(!url.error().isEmpty());
        return 0;
    }
    const QString trimmed = text.trimmed();
    FUZZ_CHECK(!trimmed.isEmpty());
    if (url->kind == DatabaseUrl::Kind::Postgresql) {
        FUZZ_CHECK(url->postgresqlUrl == trimmed);
        FUZZ_CHECK(trimmed.startsWith(QLatin1String("postgresql://")) || trimmed.startsWith(QLatin1String("postgres://")));
        FUZZ_CHECK(url->sqlitePath.isEmpty());
        if (const auto settings = pgQtSettings(url->postgresqlUrl); !settings)
            FUZZ_CHECK(!settings.error().isEmpty());
        pgDisplayUrl(url->postgresqlUrl);
        const auto ssl = applyPgSsl(url->postgresqlUrl, QStringLiteral("true"));
        FUZZ_CHECK(ssl ? ssl->contains(QLatin1String("sslmode=verify-full")) : !ssl.error().isEmpty());
        return 0;
    }
    FUZZ_CHECK(url->postgresqlUrl.isEmpty());
    FUZZ_CHECK(!url->sqlitePath.isEmpty());
    FUZZ_CHECK(QDir::isAbsolutePath(url->sqlitePath));
    if (trimmed.startsWith(QLatin1String("sqlite://"))) {
        FUZZ_CHECK(trimmed.mid(9).startsWith(QLatin1Char('/')));
        FUZZ_CHECK(url->sqlitePath == QFileInfo(trimmed.mid(9)).absoluteFilePath());
    } else {
        FUZZ_CHECK(!trimmed.contains(QLatin1String("://")));
    }
    return 0;
}
