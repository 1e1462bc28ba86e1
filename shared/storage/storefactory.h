#pragma once

#include "core/result.h"
#include "storage/databaseurl.h"
#include "storage/eventstore.h"

#include <memory>

namespace tdesk {

// The store of the backend the URL names: the database is created if needed and migrated, and the
// store's writer started. A backend this build lacks is an error that says so.
Result<std::unique_ptr<EventStore>> openEventStore(const DatabaseUrl &url, const StoreOptions &options);

// Creates (if needed) and migrates the database of the URL, and nothing more: no writer is started,
// and the call returns once the database is ready for one (`telemetry-collector projects …`, setup).
Result<void> migrateDatabase(const DatabaseUrl &url);

} // namespace tdesk
