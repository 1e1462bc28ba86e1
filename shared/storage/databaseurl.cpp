#include "storage/databaseurl.h"

#include <QDir>
#include <QFileInfo>

namespace tdesk {

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
    url.sqlitePath = QFileInfo(path).absoluteFilePath();
    return url;
}

} // namespace tdesk
