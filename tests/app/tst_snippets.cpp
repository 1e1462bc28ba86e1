// The snippets a new key comes with are programs that work: each sends a test event with the key
// to the embedded collector, and the event is stored in the key's project.

#include "appfixture.h"
#include "storage/readconnection.h"
#include "widgets/snippets.h"

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
        QSqlQuery q(sqliteReadConnection(m_context->databasePath()));
        q.prepare(QStringLiteral("SELECT count(*) FROM events e JOIN projects p ON p.id = e.project_id"
                                 " WHERE p.name = 'snippets' AND e.name = 'test.event' AND e.props LIKE ?"));
        q.addBindValue(QStringLiteral("%\"source\":\"%1\"%").arg(QLatin1String(source)));
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    }

    void run(const QString &program, const QStringList &arguments, const char *source)
    {
        // A missing interpreter fails: a skipped snippet must never be how the suite passes
        // (scripts/install-deps.sh installs python3 and Node).
        if (QStandardPaths::findExecutable(program).isEmpty())
            QFAIL(qPrintable(program + QStringLiteral(" is not installed here (scripts/install-deps.sh installs it)")));
        QProcess process;
        process.start(program, arguments);
        QVERIFY(process.waitForFinished(30000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        QVERIFY2(process.readAllStandardOutput().contains("200"), "the snippet did not get 200");
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

    void curl() { run(QStringLiteral("bash"), {QStringLiteral("-c"), ingestSnippet(SnippetLanguage::Curl, m_url, m_key)}, "curl"); }

    void python()
    {
        run(QStringLiteral("python3"), {QStringLiteral("-c"), ingestSnippet(SnippetLanguage::Python, m_url, m_key)}, "python");
    }

    void javascript()
    {
        run(QStringLiteral("node"), {QStringLiteral("--input-type=module"), QStringLiteral("-e"),
                                      ingestSnippet(SnippetLanguage::JavaScript, m_url, m_key)}, "javascript");
    }

    void cppSnippetNamesTheKeyAndUrl()
    {
        // Compiling it here would need a Qt project around it; it must at least carry both.
        const QString code = ingestSnippet(SnippetLanguage::Cpp, m_url, m_key);
        QVERIFY(code.contains(m_url));
        QVERIFY(code.contains(QStringLiteral("Bearer ") + m_key));
    }
};

QTEST_MAIN(TestSnippets)
#include "tst_snippets.moc"
