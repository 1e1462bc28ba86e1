#pragma once

#include "core/result.h"

#include <QByteArray>

#include <optional>
#include <utility>

namespace tdesk {

class PgConnection;

// The PostgreSQL schema's version: migration N brings it from N-1 to N (pgschema.cpp).
inline constexpr int PgSchemaVersion = 2;

// Creates or upgrades the schema in one transaction, under an advisory lock so that collectors
// starting together migrate once. Refuses a schema newer than this build, and says what is missing
// when the role may not create tables. A new schema's user-hash salt is `salt` when given (a
// collector re-making a database that was dropped under it keeps hashing users as before).
Result<void> migratePgSchema(PgConnection &db, const QByteArray &salt = {});

// Events are partitioned by month of their time `ts` (epoch ms): the partition holding tsMs, created
// if it is missing (under an advisory lock, in its own transaction). Returns its first ms.
Result<qint64> ensureEventPartition(PgConnection &db, qint64 tsMs);
// The month [first, end) holding tsMs, in epoch ms (UTC).
std::pair<qint64, qint64> monthOf(qint64 tsMs);
// Its partition's name: events_YYYYMM.
QByteArray partitionName(qint64 monthStartMs);
// The month [first, end) of a partition by its name; nullopt for another name.
std::optional<std::pair<qint64, qint64>> partitionMonth(const QByteArray &name);

} // namespace tdesk
