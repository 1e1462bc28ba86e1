#include "service.h"

#include <QDir>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#endif

namespace tdesk::service {

#ifdef Q_OS_UNIX

void notify(const char *state)
{
    const char *path = std::getenv("NOTIFY_SOCKET");
    if (!path || (path[0] != '/' && path[0] != '@'))
        return;
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const size_t length = std::strlen(path);
    if (length >= sizeof(address.sun_path))
        return;
    std::memcpy(address.sun_path, path, length);
    if (address.sun_path[0] == '@')
        address.sun_path[0] = '\0'; // an abstract socket
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    [[maybe_unused]] const auto sent = ::sendto(fd, state, std::strlen(state), MSG_NOSIGNAL, reinterpret_cast<sockaddr *>(&address),
                                                socklen_t(offsetof(sockaddr_un, sun_path) + length));
    ::close(fd);
}

QString rootRefusal(const QString &databasePath)
{
    if (::geteuid() != 0)
        return {};
    QString dir = QFileInfo(databasePath).absolutePath();
    while (!QFileInfo::exists(dir) && !QDir(dir).isRoot())
        dir = QFileInfo(dir).absolutePath();
    struct stat info = {};
    if (::stat(QFile::encodeName(dir).constData(), &info) != 0 || info.st_uid == 0)
        return {};
    const passwd *owner = ::getpwuid(info.st_uid);
    const QString user = owner ? QString::fromLocal8Bit(owner->pw_name) : QString::number(info.st_uid);
    return QStringLiteral("refusing to run as root on %1, which belongs to the user %2: run as that user "
                          "(systemctl start telemetry-collector, or sudo -u %2 telemetry-collector …)")
        .arg(dir, user);
}

#else

void notify(const char *) {}
QString rootRefusal(const QString &) { return {}; }

#endif

} // namespace tdesk::service
