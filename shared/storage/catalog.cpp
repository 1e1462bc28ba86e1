#include "storage/catalog.h"

#include "storage/readconnection.h"

#include <QDateTime>
#include <QHash>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <algorithm>

namespace tdesk {
namespace {

Error sqlError(const QSqlQuery &query)
{
    return Error{query.lastError().text()};
}

Project projectFrom(const QSqlQuery &q)
{
    Project p;
    p.id = q.value(0).toLongLong();
    p.name = q.value(1).toString();
    p.createdMs = q.value(2).toLongLong();
    p.rateLimit = q.value(3).toInt();
    p.retentionDays = q.value(4).toInt();
    p.sampleRate = q.value(5).toDouble();
    p.allowedOrigins = q.value(6).toString();
    p.requireKey = q.value(7).toBool();
    return p;
}

// A label is one line the user reads in lists: trimmed, no control characters, not too long.
Result<QString> checkedLabel(const QString &label)
{
    const QString trimmed = label.trimmed();
    if (trimmed.size() > MaxKeyLabelLength)
        return Error{QStringLiteral("a key label has at most %1 characters").arg(MaxKeyLabelLength)};
    if (std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        return Error{QStringLiteral("a key label is one line without control characters")};
    return trimmed;
}

constexpr auto ProjectColumns = "id, name, created_ms, rate_limit, retention_days, sample_rate, allowed_origins, require_key";

} // namespace

Catalog::Catalog(const QString &connectionName)
    : m_connection(connectionName)
{
}

Catalog::Catalog(Catalog &&other) noexcept
    : m_connection(std::exchange(other.m_connection, QString()))
{
}

Catalog::~Catalog()
{
    if (m_connection.isEmpty())
        return;
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

Result<Catalog> Catalog::open(const DatabaseUrl &url)
{
    const QString name = QStringLiteral("tdesk-catalog-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Catalog catalog(name); // removes the connection, whatever happens
    if (auto opened = addSqlConnection(url, name, false); !opened)
        return Error{opened.error()};
    return catalog;
}

QSqlDatabase Catalog::database() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    reopenIfBroken(db); // PostgreSQL restarted since the last call: this call works again
    return db;
}

Result<QList<Project>> Catalog::projects() const
{
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT %1 FROM projects ORDER BY name").arg(QLatin1String(ProjectColumns))))
        return sqlError(q);
    QList<Project> list;
    while (q.next())
        list.append(projectFrom(q));
    return list;
}

Result<Project> Catalog::project(const QString &name) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM projects WHERE name = ?").arg(QLatin1String(ProjectColumns)));
    q.addBindValue(name);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return Error{QStringLiteral("no project named '%1'").arg(name)};
    return projectFrom(q);
}

Result<Project> Catalog::createProject(const QString &name)
{
    if (!isValidProjectName(name))
        return Error{QStringLiteral("invalid project name '%1': use 1-64 letters, digits, '.', '_' or '-'").arg(name)};
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT INTO projects(name, created_ms) VALUES (?, ?)"));
    q.addBindValue(name);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        if (project(name))
            return Error{QStringLiteral("a project named '%1' already exists").arg(name)};
        return sqlError(q);
    }
    return project(name);
}

Result<void> Catalog::renameProject(const QString &from, const QString &to)
{
    if (from == defaultProjectName())
        return Error{QStringLiteral("the default project cannot be renamed")};
    if (!isValidProjectName(to))
        return Error{QStringLiteral("invalid project name '%1'").arg(to)};
    if (auto existing = project(from); !existing)
        return Error{existing.error()};
    if (project(to))
        return Error{QStringLiteral("a project named '%1' already exists").arg(to)};
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE projects SET name = ? WHERE name = ?"));
    q.addBindValue(to);
    q.addBindValue(from);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<void> Catalog::deleteProject(const QString &name)
{
    if (name == defaultProjectName())
        return Error{QStringLiteral("the default project cannot be deleted")};
    const auto existing = project(name);
    if (!existing)
        return Error{existing.error()};
    QSqlDatabase db = database();
    db.transaction();
    QSqlQuery q(db);
    QStringList tables{QStringLiteral("events"), QStringLiteral("rollup_minute"), QStringLiteral("rollup_hour"),
                       QStringLiteral("rollup_day_users"), QStringLiteral("rollup_day_country_users"), QStringLiteral("rollup_day"),
                       QStringLiteral("rollup_recent"), QStringLiteral("rollup_hour_users"), QStringLiteral("rollup_users_open"),
                       QStringLiteral("rollup_user_samples"), QStringLiteral("api_keys")};
    if (sqlDialect(db) == SqlDialect::Postgresql) // its ids are kept apart (storage/postgres/pgschema.cpp)
        tables << QStringLiteral("event_ids");
    else
        tables << QStringLiteral("rollup_user_activity");
    QStringList statements;
    for (const QString &table : std::as_const(tables))
        statements << QStringLiteral("DELETE FROM %1 WHERE project_id = ?").arg(table);
    statements << QStringLiteral("DELETE FROM projects WHERE id = ?");
    for (const QString &sql : std::as_const(statements)) {
        q.prepare(sql);
        q.addBindValue(existing->id);
        if (!q.exec()) {
            const Error error = sqlError(q);
            db.rollback();
            return error;
        }
    }
    if (!db.commit())
        return Error{db.lastError().text()};
    return {};
}

Result<void> Catalog::updateProject(const Project &project)
{
    if (project.sampleRate < 0.0 || project.sampleRate > 1.0)
        return Error{QStringLiteral("sampling rate must be between 0 and 1")};
    if (project.rateLimit < 0 || project.retentionDays < 0)
        return Error{QStringLiteral("rate limit and retention must not be negative")};
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE projects SET rate_limit = ?, retention_days = ?, sample_rate = ?,"
                             " allowed_origins = ?, require_key = ? WHERE id = ?"));
    q.addBindValue(project.rateLimit > 0 ? QVariant(project.rateLimit) : QVariant());
    q.addBindValue(project.retentionDays > 0 ? QVariant(project.retentionDays) : QVariant());
    q.addBindValue(project.sampleRate);
    q.addBindValue(project.allowedOrigins.trimmed().isEmpty() ? QStringLiteral("*") : project.allowedOrigins.trimmed());
    q.addBindValue(project.requireKey ? 1 : 0);
    q.addBindValue(project.id);
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() != 1)
        return Error{QStringLiteral("no such project")};
    return {};
}

Result<QList<KeyInfo>> Catalog::keys(const QString &projectName) const
{
    return projectName.isEmpty() ? keysWhere(QString(), {}) : keysWhere(QStringLiteral("p.name = ?"), projectName);
}

Result<std::optional<KeyInfo>> Catalog::keyByHash(const QByteArray &hash) const
{
    auto found = keysWhere(QStringLiteral("k.hash = ?"), hash); // api_keys.hash is unique: one indexed lookup
    if (!found)
        return Error{found.error()};
    return found->isEmpty() ? std::optional<KeyInfo>() : std::optional<KeyInfo>(found->first());
}

Result<QList<KeyInfo>> Catalog::keysWhere(const QString &condition, const QVariant &value) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT k.id, k.project_id, p.name, k.kind, k.prefix, k.hash, k.created_ms, k.revoked_ms,"
                             " k.label, k.last_used_ms, k.events_accepted FROM api_keys k LEFT JOIN projects p ON p.id = k.project_id%1"
                             " ORDER BY k.created_ms, k.id")
                  .arg(condition.isEmpty() ? QString() : QStringLiteral(" WHERE ") + condition));
    if (!condition.isEmpty())
        q.addBindValue(value);
    if (!q.exec())
        return sqlError(q);
    QList<KeyInfo> list;
    while (q.next()) {
        KeyInfo k;
        k.id = q.value(0).toLongLong();
        k.projectId = q.value(1).toLongLong();
        k.projectName = q.value(2).toString();
        keyKindFromName(q.value(3).toString(), &k.kind);
        k.prefix = q.value(4).toString();
        k.hash = q.value(5).toByteArray();
        k.createdMs = q.value(6).toLongLong();
        k.revokedMs = q.value(7).toLongLong();
        k.label = q.value(8).toString();
        k.lastUsedMs = q.value(9).toLongLong();
        k.eventsAccepted = q.value(10).toLongLong();
        list.append(k);
    }
    return list;
}

Result<QString> Catalog::createKey(const QString &projectName, KeyKind kind, const QString &label)
{
    const auto checked = checkedLabel(label);
    if (!checked)
        return Error{checked.error()};
    QVariant projectId;
    if (kind != KeyKind::Admin) {
        const auto p = project(projectName);
        if (!p)
            return Error{p.error()};
        projectId = p->id;
    }
    const QString key = generateApiKey(kind);
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT INTO api_keys(project_id, kind, prefix, hash, created_ms, label) VALUES (?, ?, ?, ?, ?, coalesce(?, ''))"));
    q.addBindValue(projectId);
    q.addBindValue(keyKindName(kind));
    q.addBindValue(apiKeyPrefix(key));
    q.addBindValue(hashApiKey(key.toLatin1()));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(checked.value());
    if (!q.exec())
        return sqlError(q);
    return key;
}

Result<KeyInfo> Catalog::keyByPrefix(const QString &prefix, bool activeOnly) const
{
    if (prefix.size() < 8)
        return Error{QStringLiteral("give at least 8 characters of the key")};
    const auto all = keys();
    if (!all)
        return Error{all.error()};
    const QString wanted = prefix.left(12);
    QList<KeyInfo> matches;
    for (const KeyInfo &k : all.value()) {
        // A full key is matched by its hash; a shorter prefix by the stored prefix.
        const bool match = prefix.size() > 12 ? k.hash == hashApiKey(prefix.toLatin1()) : k.prefix.startsWith(wanted);
        if (match && (k.revokedMs == 0 || !activeOnly))
            matches.append(k);
    }
    const QString which = activeOnly ? QStringLiteral("active key") : QStringLiteral("key");
    if (matches.isEmpty())
        return Error{QStringLiteral("no %1 starts with '%2'").arg(which, prefix)};
    if (matches.size() > 1)
        return Error{QStringLiteral("%1 %2s start with '%3': give more characters").arg(matches.size()).arg(which, prefix)};
    return matches.first();
}

Result<KeyInfo> Catalog::revokeKey(const QString &prefix)
{
    auto key = keyByPrefix(prefix, true);
    if (!key)
        return key;
    key->revokedMs = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE api_keys SET revoked_ms = ? WHERE id = ?"));
    q.addBindValue(key->revokedMs);
    q.addBindValue(key->id);
    if (!q.exec())
        return sqlError(q);
    return key;
}

Result<KeyInfo> Catalog::setKeyLabel(const QString &prefix, const QString &label)
{
    const auto checked = checkedLabel(label);
    if (!checked)
        return Error{checked.error()};
    auto key = keyByPrefix(prefix, false);
    if (!key)
        return key;
    key->label = checked.value();
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE api_keys SET label = coalesce(?, '') WHERE id = ?"));
    q.addBindValue(key->label);
    q.addBindValue(key->id);
    if (!q.exec())
        return sqlError(q);
    return key;
}

Result<void> Catalog::addKeyUse(const QHash<qint64, KeyUse> &use)
{
    if (use.isEmpty())
        return {};
    QSqlDatabase db = database();
    if (!db.transaction())
        return Error{db.lastError().text()};
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE api_keys SET events_accepted = events_accepted + ?, last_used_ms = %1(coalesce(last_used_ms, 0), ?)"
                             " WHERE id = ?")
                  .arg(sqlDialect(db) == SqlDialect::Postgresql ? QStringLiteral("greatest") : QStringLiteral("max")));
    for (auto it = use.cbegin(); it != use.cend(); ++it) {
        q.addBindValue(it->events);
        q.addBindValue(it->lastUsedMs);
        q.addBindValue(it.key());
        if (!q.exec()) {
            const Error error = sqlError(q);
            db.rollback();
            return error;
        }
    }
    if (!db.commit())
        return Error{db.lastError().text()};
    return {};
}

} // namespace tdesk
