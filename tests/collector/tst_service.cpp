// The collector as a system service: it tells systemd when it is ready and when it stops (the
// unit is Type=notify), refuses to run as root on a database that belongs to the service's user,
// and names the commit it was built from.

#include "../common/collectorprocess.h"

#include <QDir>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace tdesk::test;

namespace {

// The receiving end of NOTIFY_SOCKET, as systemd holds it: a datagram socket on a path, or in the
// abstract namespace for a name that starts with '@'.
class NotifySocket
{
public:
    explicit NotifySocket(const QByteArray &name) : m_name(name)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        memcpy(address.sun_path, name.constData(), size_t(name.size()));
        if (name.startsWith('@'))
            address.sun_path[0] = '\0';
        m_bound = ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), socklen_t(offsetof(sockaddr_un, sun_path) + name.size())) == 0;
    }
    ~NotifySocket() { ::close(m_fd); }
    bool bound() const { return m_bound; }
    QByteArray name() const { return m_name; }

    // The next datagram, or nothing after timeoutMs.
    QByteArray receive(int timeoutMs)
    {
        pollfd p = {m_fd, POLLIN, 0};
        if (::poll(&p, 1, timeoutMs) != 1)
            return {};
        char buffer[4096];
        const auto got = ::recv(m_fd, buffer, sizeof buffer, 0);
        return got > 0 ? QByteArray(buffer, int(got)) : QByteArray();
    }

private:
    QByteArray m_name;
    int m_fd = -1;
    bool m_bound = false;
};

} // namespace

class TestService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tellsSystemdReadyAndStopping_data()
    {
        QTest::addColumn<bool>("abstract");
        QTest::newRow("path") << false;
        QTest::newRow("abstract") << true;
    }

    void tellsSystemdReadyAndStopping()
    {
        QFETCH(bool, abstract);
        QTemporaryDir dir;
        NotifySocket notify(abstract ? "@tdesk-notify-" + QByteArray::number(::getpid())
                                     : QFile::encodeName(dir.filePath(QStringLiteral("notify"))));
        QVERIFY(notify.bound());
        CollectorProcess c;
        c.setEnv(QStringLiteral("NOTIFY_SOCKET"), QString::fromLocal8Bit(notify.name()));
        QVERIFY(c.start());
        QCOMPARE(notify.receive(10000), QByteArray("READY=1"));
        // Ready means serving: systemd starts what is ordered after the unit now.
        QCOMPARE(c.request("GET", "/health").status, 200);
        QCOMPARE(c.post(R"({"schema":"jwc.v1","anon":"u","evt":"service.ready","t":1700000000000})").status, 200);
        c.terminate();
        QCOMPARE(notify.receive(10000), QByteArray("STOPPING=1"));
        QVERIFY(c.process().waitForFinished(10000));
        QCOMPARE(c.process().exitCode(), 0);
    }

    // Without NOTIFY_SOCKET (not under systemd), or with one nobody listens on, it runs as ever.
    void runsWithoutSystemd()
    {
        CollectorProcess c;
        c.setEnv(QStringLiteral("NOTIFY_SOCKET"), QDir::temp().filePath(QStringLiteral("tdesk-nobody-listens")));
        QVERIFY(c.start());
        QCOMPARE(c.request("GET", "/health").status, 200);
    }

    // Root on the service's database would leave files (the database, its -wal and -shm) that
    // the service's user cannot open; root on its own files is fine (tests, containers).
    void refusesRootOnAnotherUsersDatabase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: the refusal is only for root (CI runs as root)");
        QTemporaryDir dir;
        const QString state = dir.filePath(QStringLiteral("state"));
        QVERIFY(QDir().mkpath(state));
        QCOMPARE(::chown(QFile::encodeName(state).constData(), 65534, 65534), 0); // nobody
        for (const QStringList &command : {QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")},
                                           QStringList{QStringLiteral("keys"), QStringLiteral("list")}}) {
            QProcess p;
            p.start(QStringLiteral(TDESK_COLLECTOR_BIN), QStringList{QStringLiteral("--db"), state + QStringLiteral("/sub/t.db")} + command);
            QVERIFY(p.waitForFinished(10000));
            QCOMPARE(p.exitCode(), 2);
            const QByteArray err = p.readAllStandardError();
            const QByteArray expected = "refusing to run as root on " + QFile::encodeName(state);
            QVERIFY2(err.contains(expected), err.constData());
            QVERIFY(!QFileInfo::exists(state + QStringLiteral("/sub"))); // changed nothing
        }
        // Root's own directory: runs.
        CollectorProcess own;
        QVERIFY(own.start());
    }

    void versionNamesTheCommit()
    {
        QProcess p;
        p.start(QStringLiteral(TDESK_COLLECTOR_BIN), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(10000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        const auto match = QRegularExpression(QStringLiteral("^telemetry-collector (.+) \\(commit ([0-9a-f]{12}|unknown)\\)$")).match(out);
        QVERIFY2(match.hasMatch(), qPrintable(out));
        QCOMPARE(match.captured(1), QStringLiteral(TDESK_VERSION));
        // Built from a git checkout: the commit is known (a tarball says "unknown").
        if (QFileInfo::exists(QStringLiteral(TDESK_SOURCE_DIR "/.git")))
            QVERIFY2(match.captured(2) != QLatin1String("unknown"), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestService)
#include "tst_service.moc"
