#pragma once

#include "core/project.h"
#include "core/result.h"
#include "storage/databaseurl.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <optional>

namespace tdesk {

// A key's use since the last time it was written to the catalog.
struct KeyUse
{
    qint64 events = 0;
    qint64 lastUsedMs = 0;
};

// Projects and keys: the administration side of storage, on Qt Sql. Each thread that uses a
// Catalog opens its own (Qt Sql connections belong to the thread that opened them).
class Catalog
{
public:
    static Result<Catalog> open(const DatabaseUrl &url);
    Catalog(Catalog &&other) noexcept;
    Catalog &operator=(Catalog &&) = delete;
    ~Catalog();


    Result<QList<Project>> projects() const;
    Result<Project> project(const QString &name) const;
    Result<Project> createProject(const QString &name);
    Result<void> renameProject(const QString &from, const QString &to);
    // Deletes the project, its keys and its events. The default project cannot be deleted.
    Result<void> deleteProject(const QString &name);
    Result<void> updateProject(const Project &project);

    Result<QList<KeyInfo>> keys(const QString &projectName = {}) const;
    // The key with this SHA-256 hash, revoked or not; none when no key has it.
    Result<std::optional<KeyInfo>> keyByHash(const QByteArray &hash) const;
    // Returns the new key's text: shown once, stored only as its hash. Admin keys belong to no
    // project (projectName is ignored).
    Result<QString> createKey(const QString &projectName, KeyKind kind, const QString &label = {});
    // Revokes the one active key whose text starts with prefix (at least 8 characters).
    Result<KeyInfo> revokeKey(const QString &prefix);
    // Labels the one key, active or revoked, whose text starts with prefix (at least 8 characters).
    Result<KeyInfo> setKeyLabel(const QString &prefix, const QString &label);
    // Adds counted use to the keys (by id), in one transaction; keys deleted meanwhile are skipped.
    Result<void> addKeyUse(const QHash<qint64, KeyUse> &use);

    QSqlDatabase database() const;

private:
    explicit Catalog(const QString &connectionName);
    Result<QList<KeyInfo>> keysWhere(const QString &condition, const QVariant &value) const;
    Result<KeyInfo> keyByPrefix(const QString &prefix, bool activeOnly) const;
    QString m_connection;
};

} // namespace tdesk
