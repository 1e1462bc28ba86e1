// Projects & keys through the window's view, against the embedded collector: what the user creates
// or revokes there is what the collector obeys.

#include "appfixture.h"
#include "views/projectsview.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

int postEvent(const AppContext &context, const QString &key)
{
    return test::postToCollector(context, "{\"schema\":\"jwc.v1\",\"anon\":\"tester\",\"evt\":\"test.event\",\"t\":"
                                              + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "}", key);
}

} // namespace

class TestProjectsView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppContext> m_context;

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_context = test::startedApp(m_dir.path() + QStringLiteral("/") + QString::number(QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(m_context);
    }

    void cleanup() { m_context.reset(); }

    void listsTheDefaultProject()
    {
        ProjectsView view(m_context.get());
        QCOMPARE(view.selectedProjectName(), Catalog::defaultProjectName());
    }

    void createRenameDeleteProject()
    {
        ProjectsView view(m_context.get());
        QVERIFY(view.createProject(QStringLiteral("mobile")));
        view.selectProject(QStringLiteral("mobile"));
        QCOMPARE(view.selectedProjectName(), QStringLiteral("mobile"));
        QVERIFY(view.renameProject(QStringLiteral("mobile"), QStringLiteral("android")));
        QVERIFY(m_context->catalog()->project(QStringLiteral("android")));
        QVERIFY(!m_context->catalog()->project(QStringLiteral("mobile")));
        QVERIFY(view.deleteProject(QStringLiteral("android")));
        QVERIFY(!m_context->catalog()->project(QStringLiteral("android")));
    }

    void invalidNamesAreRefusedAndChangeNothing()
    {
        ProjectsView view(m_context.get());
        const int before = int(m_context->catalog()->projects()->size());
        QTimer::singleShot(0, [] { // the warning box
            if (QWidget *box = QApplication::activeModalWidget())
                box->close();
        });
        QVERIFY(!view.createProject(QStringLiteral("no spaces please")));
        QCOMPARE(int(m_context->catalog()->projects()->size()), before);
    }

    void keyWorksUntilRevoked()
    {
        ProjectsView view(m_context.get());
        QVERIFY(view.createProject(QStringLiteral("web")));
        view.selectProject(QStringLiteral("web"));
        QSignalSpy created(&view, &ProjectsView::keyCreated);
        const QString key = view.createKey(KeyKind::Public);
        QVERIFY(key.startsWith(QStringLiteral("tdp_")));
        QCOMPARE(created.count(), 1);
        QCOMPARE(created.first().at(1).toString(), QStringLiteral("web"));

        QTRY_COMPARE_WITH_TIMEOUT(postEvent(*m_context, key), 200, 5000);
        QVERIFY(view.revokeKey(apiKeyPrefix(key)));
        QTRY_COMPARE_WITH_TIMEOUT(postEvent(*m_context, key), 401, 5000);
    }

    void projectSettingsAreObeyed()
    {
        ProjectsView view(m_context.get());
        QVERIFY(view.createProject(QStringLiteral("strict")));
        view.selectProject(QStringLiteral("strict"));
        const QString key = view.createKey(KeyKind::Public);
        QTRY_COMPARE_WITH_TIMEOUT(postEvent(*m_context, key), 200, 5000);

        // A rate limit of 2 requests per window: the third is refused.
        Project p = m_context->catalog()->project(QStringLiteral("strict")).value();
        p.rateLimit = 2;
        QVERIFY(m_context->catalog()->updateProject(p));
        m_context->notifyCatalogChanged();
        QTRY_COMPARE_WITH_TIMEOUT(postEvent(*m_context, key), 429, 5000);
    }
};

QTEST_MAIN(TestProjectsView)
#include "tst_projectsview.moc"
