// The snippets a new key comes with are programs that work: each sends a test event with the key
// to the embedded collector, and the event is stored in the key's project. The SDK snippets run
// against the SDKs in sdk/, as installed: Python's on its path, JavaScript's in node_modules (as
// `npm install ./sdk/js` links it), C++ built against the SDK installed into a prefix by the
// sdk_cpp_install test.

#include "appfixture.h"
#include "storage/readconnection.h"
#include "widgets/snippets.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

class TestSnippets : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppContext> m_context;
    QString m_key;
    QString m_url;

    qint64 storedFrom(const char *source)
    {
        QSqlQuery q(sqliteReadConnection(m_context->databaseUrl()));
        q.prepare(QStringLiteral("SELECT count(*) FROM events e JOIN projects p ON p.id = e.project_id"
                                 " WHERE p.name = 'snippets' AND e.name = 'test.event' AND e.props LIKE ?"));
        q.addBindValue(QStringLiteral("%\"source\":\"%1\"%").arg(QLatin1String(source)));
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    }

    // Runs a program with this test's own data directory (where the SDKs keep their queues).
    QByteArray start(const QString &program, const QStringList &arguments, const QString &workDir = {},
                     const QStringList &env = {})
    {
        // A missing program fails: a skipped snippet must never be how the suite passes
        // (scripts/install-deps.sh installs python3, Node and the build tools).
        if (QStandardPaths::findExecutable(program).isEmpty() && !QFileInfo(program).isExecutable())
            qFatal("%s is not installed here (scripts/install-deps.sh installs it)", qPrintable(program));
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        for (const QString &pair : env)
            environment.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.setWorkingDirectory(workDir);
        process.start(program, arguments);
        process.waitForFinished(120000);
        const QByteArray output = process.readAll();
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            qWarning().noquote() << program << arguments.join(u' ') << "failed:" << output;
        return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0 ? output : QByteArray();
    }

    void run(const QString &program, const QStringList &arguments, const char *source, const QByteArray &expected,
             const QString &workDir = {}, const QStringList &env = {})
    {
        const QByteArray output = start(program, arguments, workDir, env);
        QVERIFY2(output.contains(expected), output.constData());
        QTRY_COMPARE(storedFrom(source), 1);
    }

private slots:
    void initTestCase()
    {
        m_context = test::startedApp(m_dir.path());
        QVERIFY(m_context);
        QVERIFY(m_context->reader()->createProject(QStringLiteral("snippets")).result());
        m_key = m_context->reader()->createKey(QStringLiteral("snippets"), KeyKind::Public).result().value();
        m_context->notifyCatalogChanged();
        m_url = QStringLiteral("http://127.0.0.1:%1/t").arg(m_context->collector()->port());
        QTest::qWait(200); // the collector reloads its keys
    }

    void cleanupTestCase() { m_context.reset(); }

    void curl()
    {
        run(QStringLiteral("bash"), {QStringLiteral("-c"), ingestSnippet(SnippetLanguage::Curl, m_url, m_key)}, "curl", "200");
    }

    void python()
    {
        run(QStringLiteral("python3"), {QStringLiteral("-c"), ingestSnippet(SnippetLanguage::Python, m_url, m_key)}, "python",
            "sent", {}, {QStringLiteral("PYTHONPATH=" TDESK_SOURCE_DIR "/sdk/python/src")});
    }

    void javascript()
    {
        const QString project = m_dir.filePath(QStringLiteral("js"));
        QVERIFY(QDir().mkpath(project + QStringLiteral("/node_modules")));
        QVERIFY(QFile::link(QStringLiteral(TDESK_SOURCE_DIR "/sdk/js"), project + QStringLiteral("/node_modules/telemetrydesk")));
        run(QStringLiteral("node"), {QStringLiteral("--input-type=module"), QStringLiteral("-e"),
                                      ingestSnippet(SnippetLanguage::JavaScript, m_url, m_key)}, "javascript", "sent", project);
    }

    void cpp()
    {
        const QString project = m_dir.filePath(QStringLiteral("cpp"));
        QVERIFY(QDir().mkpath(project));
        QFile main(project + QStringLiteral("/main.cpp"));
        QVERIFY(main.open(QIODevice::WriteOnly));
        main.write(ingestSnippet(SnippetLanguage::Cpp, m_url, m_key).toUtf8());
        main.close();
        QFile cmake(project + QStringLiteral("/CMakeLists.txt"));
        QVERIFY(cmake.open(QIODevice::WriteOnly));
        cmake.write("cmake_minimum_required(VERSION 3.21)\nproject(snippet LANGUAGES CXX)\n"
                    "find_package(Qt6 REQUIRED COMPONENTS Core)\nfind_package(TelemetryDeskClient REQUIRED)\n"
                    "add_executable(snippet main.cpp)\ntarget_link_libraries(snippet PRIVATE Qt6::Core TelemetryDesk::Client)\n");
        cmake.close();
        const QString build = project + QStringLiteral("/build");
        QVERIFY(!start(QStringLiteral(TDESK_CMAKE_COMMAND), {QStringLiteral("-S"), project, QStringLiteral("-B"), build,
                                                             QStringLiteral("-DCMAKE_PREFIX_PATH=" TDESK_SDK_CPP_PREFIX)})
                     .isEmpty());
        QVERIFY(!start(QStringLiteral(TDESK_CMAKE_COMMAND), {QStringLiteral("--build"), build}).isEmpty());
        run(build + QStringLiteral("/snippet"), {}, "cpp", "sent");
    }
};

QTEST_MAIN(TestSnippets)
#include "tst_snippets.moc"
