// telemetry-desk watching a collector on another machine (--connect), as a user meets it: a real
// telemetry-collector process over HTTPS with a certificate made here; the views show the same
// figures as when they read the same database in process; an untrusted certificate is named by its
// fingerprint, a wrong key is said to be wrong; a collector that stops answering is shown as offline
// and the last figures stay; an export cut short leaves no file; the key is in no file and no log.

#include "../common/collectorprocess.h"
#include "appcontext.h"
#include "appfixture.h"
#include "mainwindow.h"
#include "remote/httpreader.h"
#include "views/collectorview.h"
#include "views/eventsview.h"
#include "views/overviewview.h"
#include "widgets/charts.h"
#include "widgets/connectdialog.h"

#include <QApplication>
#include <QProgressBar>
#include <QTcpServer>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QDirIterator>
#include <QLabel>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;
using namespace tdesk::test;

namespace {

QString eventCount(MainWindow &window)
{
    auto *count = window.eventsView()->findChild<QLabel *>(QStringLiteral("eventCount"));
    return count ? count->text() : QString();
}

QByteArray batchOf(int events, qint64 endMs, int offset = 0)
{
    QByteArray batch = "{\"schema\":\"jwc.v1\",\"batch\":[";
    for (int i = 0; i < events; ++i) {
        const int n = offset + i;
        batch += (i ? "," : "") + QByteArray("{\"anon\":\"user") + QByteArray::number(n % 7) + "\",\"evt\":\""
            + (n % 3 ? "file.opened" : "app.started") + "\",\"t\":" + QByteArray::number(endMs - n * 1000)
            + ",\"os\":\"" + (n % 2 ? "linux" : "win32") + "\",\"id\":\"ev" + QByteArray::number(n) + "\",\"m\":{\"n\":" + QByteArray::number(n) + "}}";
    }
    return batch + "]}";
}

} // namespace

class TestRemoteApp : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cert, m_key;
    std::unique_ptr<CollectorProcess> m_collector;
    QByteArray m_adminKey;
    quint16 m_plainPort = 0;

    bool startCollector(const QStringList &extra = {})
    {
        m_collector->kill();
        if (!m_collector->start(QStringList{QStringLiteral("--tls-cert"), m_cert, QStringLiteral("--tls-key"), m_key,
                                            QStringLiteral("--http-listen"), QStringLiteral("127.0.0.1:0")}
                                + extra))
            return false;
        QByteArray output = m_collector->startOutput();
        while (!output.contains("plain HTTP on") && m_collector->process().waitForReadyRead(2000))
            output += m_collector->process().readAllStandardOutput();
        const auto match = QRegularExpression(QStringLiteral("plain HTTP on [^ ]+:(\\d+)")).match(QString::fromUtf8(output));
        m_plainPort = quint16(match.captured(1).toUInt());
        return m_plainPort != 0;
    }

    int post(const QByteArray &body)
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_plainPort);
        if (!socket.waitForConnected(5000))
            return 0;
        socket.write(requestBytes("POST", "/t", body));
        return readReply(socket).status;
    }

    AppContext::Options remoteOptions(const QString &dataDir, const QByteArray &key, bool trustCertificate = true) const
    {
        AppContext::Options options;
        options.dataDir = m_dir.filePath(dataDir);
        options.connectUrl = QStringLiteral("https://127.0.0.1:%1").arg(m_collector->port());
        options.connectKey = key;
        if (trustCertificate)
            options.caFile = m_cert;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_cert = m_dir.filePath(QStringLiteral("cert.pem"));
        m_key = m_dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), m_key, QStringLiteral("-out"), m_cert, QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
        m_collector = std::make_unique<CollectorProcess>();
        QVERIFY(startCollector({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
        QByteArray out;
        QCOMPARE(m_collector->admin({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--kind"), QStringLiteral("admin")}, &out), 0);
        m_adminKey = out.trimmed().split('\n').last().trimmed();
        QCOMPARE(post(batchOf(60, QDateTime::currentMSecsSinceEpoch() - 60000)), 200);
    }

    // Every figure on screen, read remotely and in process from the same database, the same.
    void sameFiguresAsInProcess()
    {
        AppContext remote(remoteOptions(QStringLiteral("remote"), m_adminKey));
        QVERIFY(remote.openDatabase());
        AppContext::Options local;
        local.dataDir = m_dir.filePath(QStringLiteral("local"));
        local.databaseUrl = m_collector->databasePath();
        AppContext inProcess(local);
        QVERIFY(inProcess.openDatabase());
        for (AppContext *context : {&remote, &inProcess})
            context->setRange(RangePreset::LastHour);
        MainWindow remoteWindow(&remote), localWindow(&inProcess);
        remoteWindow.show();
        localWindow.show();
        for (MainWindow *window : {&remoteWindow, &localWindow})
            window->showView(window->viewIndex(window->overviewView()));
        QTRY_COMPARE_WITH_TIMEOUT(tileValue(remoteWindow, QStringLiteral("Events")), QStringLiteral("60"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(tileValue(localWindow, QStringLiteral("Events")), QStringLiteral("60"), 10000);
        for (const QString &caption : {QStringLiteral("Users"), QStringLiteral("Events per user"), QStringLiteral("Countries")})
            QCOMPARE(tileValue(remoteWindow, caption), tileValue(localWindow, caption));
        QCOMPARE(tileValue(remoteWindow, QStringLiteral("Users")), QStringLiteral("7"));

        // The Events view: the same count and the same rows, filtered the same way.
        for (MainWindow *window : {&remoteWindow, &localWindow})
            window->showView(window->viewIndex(window->eventsView()));
        QTRY_VERIFY2_WITH_TIMEOUT(eventCount(remoteWindow).startsWith(QLatin1String("60 event")), qPrintable(eventCount(remoteWindow)), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(eventCount(remoteWindow), eventCount(localWindow), 10000);

        // The Collector view names the remote collector's database, as that collector reports it.
        const auto named = [&] {
            for (QLabel *label : remoteWindow.collectorView()->findChildren<QLabel *>()) {
                if (label->text().contains(m_collector->databasePath()))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(named(), 5000);
    }

    // What the Projects & keys view does, through the remote reader with an admin key: every change
    // reaches the collector, and a key made there works at once.
    void projectsAndKeysAdministeredRemotely()
    {
        RemoteOptions options;
        options.url = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_collector->port()));
        options.key = m_adminKey;
        options.caCertificates = QSslCertificate::fromPath(m_cert);
        HttpReader reader(options);
        const auto created = reader.createProject(QStringLiteral("remote-made")).result();
        QVERIFY2(created, qPrintable(created.error()));
        Project project = created.value();
        project.retentionDays = 14;
        project.sampleRate = 0.5;
        project.allowedOrigins = QStringLiteral("https://app.example");
        QVERIFY(reader.updateProject(project).result());
        const auto key = reader.createKey(QStringLiteral("remote-made"), KeyKind::Public, QStringLiteral("site")).result();
        QVERIFY(key && key->startsWith(QLatin1String("tdp_")));
        QVERIFY(reader.renameProject(QStringLiteral("remote-made"), QStringLiteral("renamed")).result());
        const auto projects = reader.projects().result();
        QVERIFY(projects);
        const auto found = std::find_if(projects->begin(), projects->end(), [](const Project &p) { return p.name == QLatin1String("renamed"); });
        QVERIFY(found != projects->end());
        QCOMPARE(found->retentionDays, 14);
        QCOMPARE(found->sampleRate, 0.5);
        QCOMPARE(found->allowedOrigins, QStringLiteral("https://app.example"));
        const auto keys = reader.keys(QStringLiteral("renamed")).result();
        QVERIFY(keys && keys->size() == 1);
        QCOMPARE(keys->front().label, QStringLiteral("site"));
        QCOMPARE(keys->front().prefix, key->left(keys->front().prefix.size()));
        QVERIFY(reader.setKeyLabel(keys->front().prefix, QStringLiteral("checkout")).result());
        // Its events go to the renamed project (a public key picks its project), until it is revoked.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_plainPort);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(requestBytes("POST", "/t", singleEvent("remote.key"), {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + key->toLatin1()}}));
        QCOMPARE(readReply(socket).status, 200);
        const auto revoked = reader.revokeKey(keys->front().prefix).result();
        QVERIFY(revoked && revoked->revokedMs > 0);
        QVERIFY(reader.deleteProject(QStringLiteral("renamed")).result());
        // A private key administers nothing: the collector's refusal, in words.
        const QByteArray readKey = m_collector->createKey(QStringLiteral("default"), QStringLiteral("private"));
        options.key = readKey;
        HttpReader reading(options);
        const auto refused = reading.createProject(QStringLiteral("nope")).result();
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QLatin1String("admin key")), qPrintable(refused.error()));
    }

    // A certificate nobody said to trust is refused, and the user is shown its fingerprint to compare.
    void untrustedCertificateIsNamedByItsFingerprint()
    {
        AppContext context(remoteOptions(QStringLiteral("untrusting"), m_adminKey, false));
        QVERIFY(context.openDatabase());
        const auto status = context.reader()->collectorStatus().result();
        QVERIFY(!status);
        const QString fingerprint = HttpReader::fingerprint(QSslCertificate::fromPath(m_cert).front());
        QVERIFY2(status.error().contains(QLatin1String("not trusted")) && status.error().contains(fingerprint), qPrintable(status.error()));

        // Accepted by that fingerprint (what the connect dialog stores once the user agrees): trusted.
        RemoteOptions accepted;
        accepted.url = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_collector->port()));
        accepted.key = m_adminKey;
        accepted.acceptedFingerprints = {QSslCertificate::fromPath(m_cert).front().digest(QCryptographicHash::Sha256)};
        HttpReader reader(accepted);
        QVERIFY(reader.collectorStatus().result());
    }

    // File → Connect to collector…: tested before it is kept; the certificate trusted only once the
    // user ticks that they compared its fingerprint; the connection remembered without its key.
    void connectDialogTriesBeforeItKeeps()
    {
        ConnectDialog dialog(QString(),
                             [](const QString &url, const QByteArray &key, const QList<QByteArray> &accepted) {
                                 return AppContext::checkCollector(url, key, accepted);
                             },
                             false);
        auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("url"));
        auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("key"));
        auto *test = dialog.findChild<QPushButton *>(QStringLiteral("test"));
        auto *result = dialog.findChild<QLabel *>(QStringLiteral("result"));
        auto *trust = dialog.findChild<QCheckBox *>(QStringLiteral("trust"));
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(url && key && test && result && trust && buttons);
        QPushButton *connectButton = buttons->button(QDialogButtonBox::Ok);
        url->setText(QStringLiteral("https://127.0.0.1:%1").arg(m_collector->port()));
        key->setText(QString::fromLatin1(m_adminKey));
        QVERIFY(!connectButton->isEnabled());
        test->click();
        const QString fingerprint = HttpReader::fingerprint(QSslCertificate::fromPath(m_cert).front());
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QLatin1String("not trusted")), 10000);
        QVERIFY(result->text().contains(fingerprint));
        QVERIFY(trust->isVisibleTo(&dialog) && trust->text().contains(fingerprint));
        QVERIFY(!connectButton->isEnabled());
        trust->setChecked(true); // tests again, trusting that one certificate
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("✔")), qPrintable(result->text()), 10000);
        QVERIFY(result->text().contains(m_collector->databasePath()));
        QVERIFY(connectButton->isEnabled());
        QCOMPARE(dialog.acceptedDigests(), QList<QByteArray>{QSslCertificate::fromPath(m_cert).front().digest(QCryptographicHash::Sha256)});

        // Remembered: the URL and the certificate's digest, never the key; the next start trusts it.
        {
            AppContext::Options options;
            options.dataDir = m_dir.filePath(QStringLiteral("remembered"));
            AppContext context(options);
            context.rememberConnection(dialog.url(), dialog.acceptedDigests());
            context.settings().sync();
            QFile settings(context.settings().fileName());
            QVERIFY(settings.open(QIODevice::ReadOnly));
            QVERIFY(!settings.readAll().contains(m_adminKey));
        }
        AppContext::Options again = remoteOptions(QStringLiteral("remembered"), m_adminKey, false);
        AppContext context(again);
        QCOMPARE(context.rememberedConnections(), QStringList{dialog.url()});
        QVERIFY(context.openDatabase());
        QVERIFY(context.reader()->collectorStatus().result());

        key->setText(QStringLiteral("tds_wrong"));
        QVERIFY(!connectButton->isEnabled()); // changed: to be tested again
        test->click();
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().contains(QLatin1String("refused the key")), qPrintable(result->text()), 10000);
        QVERIFY(!connectButton->isEnabled());
    }

    // A collector from before the Query API, or one newer than this app: said in words.
    void otherVersionsAreNamed()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QByteArray answer;
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, &answer] {
            QTcpSocket *socket = server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, &answer] {
                socket->readAll();
                socket->write(answer);
                socket->disconnectFromHost();
            });
        });
        RemoteOptions options;
        options.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
        options.key = m_adminKey;
        HttpReader reader(options);
        answer = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 36\r\n\r\n{\"ok\":false,\"error\":\"not_found\"}  ";
        auto status = reader.collectorStatus();
        QTRY_VERIFY_WITH_TIMEOUT(status.isFinished(), 5000);
        QVERIFY2(!status.result() && status.result().error().contains(QLatin1String("no Query API")), qPrintable(status.result().error()));
        const QByteArray newer = "{\"api\":2,\"running\":true}";
        answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(newer.size()) + "\r\n\r\n" + newer;
        status = reader.collectorStatus();
        QTRY_VERIFY_WITH_TIMEOUT(status.isFinished(), 5000);
        QVERIFY2(!status.result() && status.result().error().contains(QLatin1String("newer API (version 2)")), qPrintable(status.result().error()));
    }

    // With a keychain (a Secret Service started for the test: CTest's tst_remoteapp_keychain), the
    // key given once is kept there, and the next start connects with it alone.
    void keychainKeepsTheKey()
    {
        if (qEnvironmentVariableIsEmpty("TDESK_TEST_KEYCHAIN"))
            QSKIP("needs a Secret Service: run by tst_remoteapp_keychain");
        qunsetenv("TDESK_KEY");
        const QString url = QStringLiteral("https://127.0.0.1:%1").arg(m_collector->port());
        QVERIFY(AppContext::storeCollectorKey(url, m_adminKey));
        QCOMPARE(AppContext::storedCollectorKey(url), m_adminKey);
        AppContext context(remoteOptions(QStringLiteral("keychain"), {}));
        QVERIFY(context.openDatabase());
        QVERIFY(context.reader()->collectorStatus().result());
        context.rememberConnection(url, {});
        context.settings().sync();
        QFile settings(context.settings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(!settings.readAll().contains(m_adminKey));
    }

    void wrongKeysAreSaidToBeWrong()
    {
        AppContext context(remoteOptions(QStringLiteral("wrongkey"), "tds_notakeynotakeynotakeynotakeynotakey"));
        QVERIFY(context.openDatabase());
        const auto status = context.reader()->collectorStatus().result();
        QVERIFY(!status);
        QVERIFY2(status.error().contains(QLatin1String("refused the key")), qPrintable(status.error()));

        AppContext::Options noKey = remoteOptions(QStringLiteral("nokey"), {});
        qunsetenv("TDESK_KEY");
        AppContext without(noKey);
        const auto opened = without.openDatabase();
        QVERIFY(!opened);
        QVERIFY(opened.error().contains(QLatin1String("TDESK_KEY")));

        // Plain HTTP to the HTTPS port: a hint at https://.
        AppContext::Options plain = remoteOptions(QStringLiteral("plain"), m_adminKey);
        plain.connectUrl.replace(QStringLiteral("https://"), QStringLiteral("http://"));
        AppContext plainContext(plain);
        QVERIFY(plainContext.openDatabase());
        const auto refused = plainContext.reader()->collectorStatus().result();
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QLatin1String("https://")), qPrintable(refused.error()));
    }

    // The collector goes away: the window says so and keeps its figures; it comes back: live again.
    void offlineIsShownAndTheFiguresStay()
    {
        AppContext context(remoteOptions(QStringLiteral("offline"), m_adminKey));
        QVERIFY(context.openDatabase());
        context.setRange(RangePreset::LastHour);
        MainWindow window(&context);
        window.show();
        window.showView(window.viewIndex(window.overviewView()));
        QTRY_COMPARE_WITH_TIMEOUT(tileValue(window, QStringLiteral("Events")), QStringLiteral("60"), 10000);
        const auto statusText = [&window] {
            QStringList texts;
            for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
                texts << label->text();
            return texts.join(QLatin1Char(' '));
        };
        QTRY_VERIFY_WITH_TIMEOUT(statusText().contains(QLatin1String("Watching https://127.0.0.1")), 5000);

        // Slow (stopped: its connections hang): the window shows it waits, then that it gets no answer.
        auto *waiting = window.statusBar()->findChild<QProgressBar *>(QStringLiteral("waiting"));
        QVERIFY(waiting);
        QVERIFY(!waiting->isVisible());
        const qint64 pid = m_collector->process().processId();
        ::kill(pid_t(pid), SIGSTOP);
        QTRY_VERIFY_WITH_TIMEOUT(waiting->isVisible(), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(statusText().contains(QLatin1String("did not answer in time")), 6000);
        ::kill(pid_t(pid), SIGCONT);
        QTRY_VERIFY_WITH_TIMEOUT(!statusText().contains(QLatin1String("Retrying")) && !waiting->isVisible(), 10000);

        const quint16 port = m_collector->port();
        m_collector->kill();
        QTRY_VERIFY_WITH_TIMEOUT(statusText().contains(QLatin1String("refused the connection"))
                                     && statusText().contains(QLatin1String("Retrying")), 5000);
        QTest::qWait(1500); // views that refresh meanwhile fail, and keep what they showed
        QCOMPARE(tileValue(window, QStringLiteral("Events")), QStringLiteral("60"));

        QVERIFY(startCollector({QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--listen"),
                                QStringLiteral("127.0.0.1:%1").arg(port)}));
        QTRY_VERIFY_WITH_TIMEOUT(!statusText().contains(QLatin1String("Retrying")), 10000);
        QCOMPARE(post(batchOf(5, QDateTime::currentMSecsSinceEpoch() - 1000, 1000)), 200);
        QTRY_COMPARE_WITH_TIMEOUT(tileValue(window, QStringLiteral("Events")), QStringLiteral("65"), 10000);
    }

    // The same export as in process, over HTTPS; cut short, no file at all.
    void exportsAndLeavesNoPartialFile()
    {
        const QString file = m_dir.filePath(QStringLiteral("remote.csv"));
        QProcess desk;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TDESK_KEY"), QString::fromLatin1(m_adminKey));
        env.insert(QStringLiteral("TDESK_CA_FILE"), m_cert);
        desk.setProcessEnvironment(env);
        desk.start(QStringLiteral(TDESK_DESK_BIN), {QStringLiteral("--export-csv"), file, QStringLiteral("--connect"),
                                                    QStringLiteral("https://127.0.0.1:%1").arg(m_collector->port()),
                                                    QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("cli")),
                                                    QStringLiteral("--event"), QStringLiteral("app.started")});
        QVERIFY(desk.waitForFinished(60000));
        QVERIFY2(desk.exitCode() == 0, desk.readAllStandardError().constData());
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 21); // the header; app.started: n = 0, 3, … 57 of the first 60, and n = 1002
        for (const QByteArray &line : lines.mid(1))
            QVERIFY(line.contains(",app.started,"));

        // Enough rows that the collector is killed with most of them still to send.
        for (int b = 0; b < 100; ++b)
            QCOMPARE(post(batchOf(1000, QDateTime::currentMSecsSinceEpoch() - 7200 * 1000, 10000 + b * 1000)), 200);
        RemoteOptions options;
        options.url = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_collector->port()));
        options.key = m_adminKey;
        options.caCertificates = QSslCertificate::fromPath(m_cert);
        HttpReader reader(options);
        const QString cut = m_dir.filePath(QStringLiteral("cut.csv"));
        CsvExportOptions exportOptions;
        std::atomic<bool> killed = false;
        const qint64 pid = m_collector->process().processId();
        exportOptions.progress = [&killed, pid](qint64 rows, qint64) {
            if (rows > 0 && !killed.exchange(true))
                ::kill(pid_t(pid), SIGKILL);
        };
        const auto result = reader.exportCsv(EventFilter{}, cut, exportOptions).result();
        QVERIFY(killed);
        QVERIFY(!result);
        QVERIFY2(result.error().contains(QLatin1String("before its end")), qPrintable(result.error()));
        QVERIFY(!QFile::exists(cut));
        QVERIFY(startCollector({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
    }

    // The key is never written down by the app, nor logged by either side.
    void theKeyIsInNoFileAndNoLog()
    {
        const QString dataDir = QStringLiteral("keyless");
        {
            AppContext context(remoteOptions(dataDir, m_adminKey));
            QVERIFY(context.openDatabase());
            context.setRange(RangePreset::Last7Days); // the settings file is written
            MainWindow window(&context);
            window.show();
            QTRY_VERIFY_WITH_TIMEOUT(context.remoteProblem().isEmpty() && !tileValue(window, QStringLiteral("Events")).isEmpty(), 10000);
            context.settings().sync();
        }
        QDirIterator files(m_dir.filePath(dataDir), QDir::Files, QDirIterator::Subdirectories);
        int read = 0;
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(m_adminKey), qPrintable(f.fileName()));
            ++read;
        }
        QVERIFY(read > 0); // the settings file at least
        m_collector->terminate();
        m_collector->process().waitForFinished(10000);
        const QByteArray logs = m_collector->process().readAllStandardOutput() + m_collector->process().readAllStandardError();
        QVERIFY(!logs.contains(m_adminKey));
    }
};

QTEST_MAIN(TestRemoteApp)
#include "tst_remoteapp.moc"
