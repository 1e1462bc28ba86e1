// Projects & keys through the window's view, against the embedded collector: what the user creates
// or revokes there is what the collector obeys.

#include "appfixture.h"
#include "views/projectsview.h"

#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

int postEvent(const AppContext &context, const QString &key)
{
    return test::postToCollector(context, "{\"schema\":\"jwc.v1\",\"anon\":\"tester\",\"evt\":\"test.event\",\"t\":"
                                              + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "}", key);
}

// Runs one of the view's changes and waits for it: whether it succeeded.
bool changed(ProjectsView &view, const std::function<void()> &change)
{
    QSignalSpy finished(&view, &ProjectsView::changeFinished);
    change();
    return finished.wait(5000) && finished.first().first().toBool();
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

    std::optional<Project> project(const QString &name) const
    {
        const auto projects = m_context->reader()->projects().result();
        for (const Project &p : projects.value()) {
            if (p.name == name)
                return p;
        }
        return std::nullopt;
    }

    void listsTheDefaultProject()
    {
        ProjectsView view(m_context.get());
        QTRY_COMPARE(view.selectedProjectName(), defaultProjectName());
    }

    void createRenameDeleteProject()
    {
        ProjectsView view(m_context.get());
        QVERIFY(changed(view, [&] { QVERIFY(view.createProject(QStringLiteral("mobile"))); }));
        QTRY_COMPARE(view.selectedProjectName(), QStringLiteral("mobile")); // a new project is selected
        QVERIFY(changed(view, [&] { view.renameProject(QStringLiteral("mobile"), QStringLiteral("android")); }));
        QTRY_COMPARE(view.selectedProjectName(), QStringLiteral("android"));
        QVERIFY(project(QStringLiteral("android")));
        QVERIFY(!project(QStringLiteral("mobile")));
        QVERIFY(changed(view, [&] { view.deleteProject(QStringLiteral("android")); }));
        QVERIFY(!project(QStringLiteral("android")));
        QTRY_COMPARE(view.selectedProjectName(), defaultProjectName());
    }

    void invalidNamesAreRefusedAndChangeNothing()
    {
        ProjectsView view(m_context.get());
        const qsizetype before = m_context->reader()->projects().result()->size();
        QTimer::singleShot(0, [] { // the warning box
            if (QWidget *box = QApplication::activeModalWidget())
                box->close();
        });
        QVERIFY(!view.createProject(QStringLiteral("no spaces please")));
        QCOMPARE(m_context->reader()->projects().result()->size(), before);
    }

    void keyWorksUntilRevoked()
    {
        ProjectsView view(m_context.get());
        QVERIFY(changed(view, [&] { QVERIFY(view.createProject(QStringLiteral("web"))); }));
        QTRY_COMPARE(view.selectedProjectName(), QStringLiteral("web"));
        QSignalSpy created(&view, &ProjectsView::keyCreated);
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Public); }));
        QCOMPARE(created.count(), 1);
        const QString key = created.first().at(0).toString();
        QVERIFY(key.startsWith(QStringLiteral("tdp_")));
        QCOMPARE(created.first().at(1).toString(), QStringLiteral("web"));

        QTRY_COMPARE_WITH_TIMEOUT(postEvent(*m_context, key), 200, 5000);
        QVERIFY(changed(view, [&] { view.revokeKey(apiKeyPrefix(key)); }));
        QTRY_COMPARE_WITH_TIMEOUT(postEvent(*m_context, key), 401, 5000);
    }

    void projectSettingsAreObeyed()
    {
        ProjectsView view(m_context.get());
        QVERIFY(changed(view, [&] { QVERIFY(view.createProject(QStringLiteral("strict"))); }));
        QTRY_COMPARE(view.selectedProjectName(), QStringLiteral("strict"));
        QSignalSpy created(&view, &ProjectsView::keyCreated);
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Public); }));
        const QString key = created.first().at(0).toString();
        QTRY_COMPARE_WITH_TIMEOUT(postEvent(*m_context, key), 200, 5000);

        // A rate limit of 2 requests per window, set in the view: the third request is refused.
        auto *rateLimit = view.findChild<QSpinBox *>(QStringLiteral("rateLimit"));
        QVERIFY(rateLimit);
        rateLimit->setValue(2);
        QVERIFY(changed(view, [&] { view.saveSettings(); }));
        QCOMPARE(project(QStringLiteral("strict"))->rateLimit, 2);
        QTRY_COMPARE_WITH_TIMEOUT(postEvent(*m_context, key), 429, 5000);
    }
};

QTEST_MAIN(TestProjectsView)
#include "tst_projectsview.moc"
