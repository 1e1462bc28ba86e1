#include "storage/databaseurl.h"

#include "storage/postgres/pgconnection.h"

#include <QDir>
#include <QFileInfo>

namespace tdesk {

QString displayLocation(const DatabaseUrl &url)
{
    return url.kind == DatabaseUrl::Kind::Postgresql ? pgDisplayUrl(url.postgresqlUrl) : url.sqlitePath;
}

Result<DatabaseUrl> parseDatabaseUrl(const QString &text)
{
    DatabaseUrl url;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error{QStringLiteral("empty database URL")};
    if (trimmed.startsWith(QLatin1String("postgresql://")) || trimmed.startsWith(QLatin1String("postgres://"))) {
        url.kind = DatabaseUrl::Kind::Postgresql;
        url.postgresqlUrl = trimmed;
        return url;
    }
    QString path = trimmed;
    if (path.startsWith(QLatin1String("sqlite://"))) {
        path = path.mid(9);
        if (!path.startsWith(QLatin1Char('/')))
            return Error{QStringLiteral("sqlite URL needs an absolute path (sqlite:///abs/path.db): %1").arg(text)};
    } else if (path.contains(QLatin1String("://"))) {
        return Error{QStringLiteral("unsupported database URL scheme: %1").arg(text)};
    }
    // A NUL cannot be in a file name (QFileInfo would give an empty path, which SQLite opens as a
    // temporary database that vanishes with the events).
    if (path.contains(QChar(u'\0')))
        return Error{QStringLiteral("database path contains a NUL character")};
    url.sqlitePath = QFileInfo(path).absoluteFilePath();
    if (url.sqlitePath.isEmpty())
        return Error{QStringLiteral("not a usable database path: %1").arg(text)};
    return url;
}

} // namespace tdesk
