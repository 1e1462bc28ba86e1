// Projects & keys through the window's view, against the embedded collector: what the user creates
// or revokes there is what the collector obeys.

#include "appfixture.h"
#include "views/projectsview.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

int postEvent(const AppContext &context, const QString &key, QHash<QByteArray, QByteArray> *headers = nullptr)
{
    return test::postToCollector(context, "{\"schema\":\"jwc.v1\",\"anon\":\"tester\",\"evt\":\"test.event\",\"t\":"
                                              + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "}", key,
                                 headers);
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
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Public); }));
        QCOMPARE(created.count(), 2);
        const QString metered = created.at(0).at(0).toString(); // not used before the limit is set
        const QString probe = created.at(1).at(0).toString();

        // A limit of 3 requests per window, set in the view, counted per client address and per key:
        // once the collector answers the probe key with it (the first of the 3), the other key gets
        // exactly 2 more, not 1 and not 3.
        auto *rateLimit = view.findChild<QSpinBox *>(QStringLiteral("rateLimit"));
        QVERIFY(rateLimit);
        rateLimit->setValue(3);
        QVERIFY(changed(view, [&] { view.saveSettings(); }));
        QCOMPARE(project(QStringLiteral("strict"))->rateLimit, 3);
        QHash<QByteArray, QByteArray> headers;
        QDeadlineTimer deadline(5000); // not QTRY: each try is a request, and QTRY makes one more at the end
        while (postEvent(*m_context, probe, &headers) == 200 && headers.value("x-ratelimit-limit") != "3"
               && !deadline.hasExpired())
            QTest::qWait(20);
        QCOMPARE(headers.value("x-ratelimit-limit"), QByteArray("3"));
        QCOMPARE(headers.value("x-ratelimit-remaining"), QByteArray("2"));
        for (int i = 0; i < 2; ++i)
            QCOMPARE(postEvent(*m_context, metered), 200);
        QCOMPARE(postEvent(*m_context, metered, &headers), 429);
        QCOMPARE(headers.value("x-ratelimit-limit"), QByteArray("3"));
    }
};

QTEST_MAIN(TestProjectsView)
#include "tst_projectsview.moc"
