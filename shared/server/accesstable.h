#pragma once

#include "core/project.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace tdesk {

// Projects and keys as the hot path needs them, reloaded from the catalog now and then.
struct AccessTable
{
    QHash<QByteArray, KeyInfo> keysByHash;  // SHA-256 of the key → key
    QHash<qint64, Project> projects;
    QHash<QString, qint64> projectIds;
    qint64 defaultProjectId = 0;
};

} // namespace tdesk
