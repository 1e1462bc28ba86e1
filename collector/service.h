#pragma once

// What the headless collector does for the service manager that runs it (systemd on Linux).

#include <QString>

namespace tdesk::service {

// Tells systemd (Type=notify) how the collector is doing: "READY=1" once it listens and stores,
// "STOPPING=1" when it begins to shut down. A datagram to $NOTIFY_SOCKET; nothing without it.
void notify(const char *state);

// As root, refuse a database whose nearest existing directory belongs to another user (the
// service's): files root creates there (the database, its -wal and -shm) would lock that user
// out. Returns the reason, or an empty string where running is fine (not root, or root's own files).
QString rootRefusal(const QString &databasePath);

} // namespace tdesk::service
