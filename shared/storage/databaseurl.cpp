#include "storage/databaseurl.h"

#include "storage/postgres/pgconnection.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringList>

namespace tdesk {

QString displayLocation(const DatabaseUrl &url)
{
    return url.kind == DatabaseUrl::Kind::Postgresql ? pgDisplayUrl(url.postgresqlUrl) : url.sqlitePath;
}

Result<QString> applyPgSsl(const QString &url, const QString &setting)
{
    static const QStringList Modes = {QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                                      QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    const QString value = setting.trimmed().toLower();
    QString mode;
    if (QStringList{QStringLiteral("true"), QStringLiteral("1"), QStringLiteral("yes"), QStringLiteral("on")}.contains(value))
        mode = QStringLiteral("verify-full");
    else if (Modes.contains(value))
        mode = value;
    else if (!QStringList{QStringLiteral("false"), QStringLiteral("0"), QStringLiteral("no"), QStringLiteral("off"), QString()}.contains(value))
        return Error{QStringLiteral("invalid value for PG_SSL: '%1' (true, false, or an sslmode: %2)").arg(setting, Modes.join(u", "))};
    if (mode.isEmpty())
        return url;
    const auto parsed = parseDatabaseUrl(url);
    if (!parsed || parsed->kind != DatabaseUrl::Kind::Postgresql)
        return Error{QStringLiteral("PG_SSL applies to a PostgreSQL database URL (postgresql://…), not to '%1'").arg(url)};
    static const QRegularExpression given(QStringLiteral("[?&]sslmode=([^&]*)"));
    if (const auto match = given.match(url); match.hasMatch()) {
        if (match.captured(1) != mode)
            return Error{QStringLiteral("PG_SSL asks for sslmode=%1 but the database URL says sslmode=%2").arg(mode, match.captured(1))};
        return url;
    }
    return QString(url + (url.contains(u'?') ? u'&' : u'?') + QStringLiteral("sslmode=") + mode);
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
