// Projects & keys through the window's view, against the embedded collector: what the user creates
// or revokes there is what the collector obeys.

#include "appfixture.h"
#include "fakereader.h"
#include "textfit.h"
#include "views/projectsview.h"

#include <QDeadlineTimer>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>

using namespace tdesk;

namespace {

int postEvent(const AppContext &context, const QString &key, QHash<QByteArray, QByteArray> *headers = nullptr)
{
    return test::postToCollector(context, "{\"schema\":\"jwc.v1\",\"anon\":\"tester\",\"evt\":\"test.event\",\"t\":"
                                              + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "}", key,
                                 headers);
}

QString headingOf(const ProjectsView &view)
{
    return view.findChild<QLabel *>(QStringLiteral("projectHeading"))->text();
}

QString headingNoteOf(const ProjectsView &view)
{
    return view.findChild<QLabel *>(QStringLiteral("projectHeadingNote"))->text();
}

// The keys list as the user reads it: one "label | id | kind | last used | events | created | state"
// line per key, under its group's heading.
QStringList keyRows(const ProjectsView &view)
{
    const auto *tree = view.findChild<QTreeWidget *>(QStringLiteral("keys"));
    QStringList rows;
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        const QTreeWidgetItem *group = tree->topLevelItem(g);
        rows.append(group->text(0));
        for (int k = 0; k < group->childCount(); ++k) {
            QStringList cells;
            for (int c = 0; c < tree->columnCount(); ++c)
                cells.append(group->child(k)->text(c));
            while (!cells.isEmpty() && cells.last().isEmpty())
                cells.removeLast();
            rows.append(QStringLiteral("  ") + cells.join(QStringLiteral(" | ")));
        }
    }
    return rows;
}

const QTreeWidgetItem *keyItem(const ProjectsView &view, const QString &keyId)
{
    const auto found = view.findChild<QTreeWidget *>(QStringLiteral("keys"))->findItems(keyId, Qt::MatchExactly | Qt::MatchRecursive, 1);
    return found.isEmpty() ? nullptr : found.first();
}

QString buttonTexts(const QWidget *parent)
{
    QStringList texts;
    for (const QPushButton *b : parent->findChildren<QPushButton *>())
        texts.append(b->text());
    return texts.join(QLatin1Char(','));
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

    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

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

    void headingFollowsTheToolbarAndTheListFollowsBack()
    {
        ProjectsView view(m_context.get());
        QTRY_COMPARE(headingOf(view), defaultProjectName());
        QVERIFY(changed(view, [&] { QVERIFY(view.createProject(QStringLiteral("web"))); }));
        const qint64 web = project(QStringLiteral("web"))->id;
        const qint64 defaultId = project(defaultProjectName())->id;
        // A project just made is the one the user goes on with, in every view.
        QTRY_COMPARE(view.selectedProjectName(), QStringLiteral("web"));
        QCOMPARE(m_context->projectId(), web);
        QCOMPARE(headingOf(view), QStringLiteral("web"));

        m_context->setProjectId(defaultId); // the toolbar
        QCOMPARE(view.selectedProjectName(), defaultProjectName());
        QCOMPARE(headingOf(view), defaultProjectName());
        view.selectProject(QStringLiteral("web")); // the list
        QCOMPARE(m_context->projectId(), web);
        QCOMPARE(headingOf(view), QStringLiteral("web"));
        QVERIFY(!headingNoteOf(view).contains(QStringLiteral("all projects")));

        // "All projects": the list keeps its choice, and the heading says whose settings these are.
        m_context->setProjectId(AllProjects);
        QCOMPARE(view.selectedProjectName(), QStringLiteral("web"));
        QCOMPARE(headingOf(view), QStringLiteral("web"));
        QVERIFY2(headingNoteOf(view).contains(QStringLiteral("The other views show all projects; the settings and keys "
                                                             "here are those of “web”.")),
                 qPrintable(headingNoteOf(view)));
    }

    void spinBoxesSayTheValuesInForceWithUnits()
    {
        AppContext::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("fake"));
        AppContext context(options);
        auto fake = std::make_unique<test::FakeReader>();
        Project set{2, QStringLiteral("set")};
        set.rateLimit = 250;
        set.retentionDays = 90;
        set.sampleRate = 0.125;
        fake->projectList.append(set);
        fake->status.running = true;
        fake->status.defaultRateLimit = 1000;
        fake->status.rateWindowMs = 60000;
        const CollectorStatus status = fake->status;
        context.setReader(std::move(fake));

        ProjectsView view(&context);
        auto *rateLimit = view.findChild<QSpinBox *>(QStringLiteral("rateLimit"));
        auto *retention = view.findChild<QSpinBox *>(QStringLiteral("retention"));
        auto *sampling = view.findChild<QDoubleSpinBox *>(QStringLiteral("sampling"));
        QTRY_COMPARE(view.selectedProjectName(), defaultProjectName());
        QCOMPARE(rateLimit->text(), QStringLiteral("the collector's default")); // before the collector said which
        Q_EMIT context.collectorStatusChanged(status);
        // "request(s)": the English plural comes from the translation, which the test does not load.
        QVERIFY2(QRegularExpression(QStringLiteral("^1,000 requests?(\\(s\\))? per minute per client \\(collector default\\)$"))
                     .match(rateLimit->text()).hasMatch(),
                 qPrintable(rateLimit->text()));
        QCOMPARE(retention->text(), QStringLiteral("forever"));
        QCOMPARE(sampling->text(), QStringLiteral("100 % of users"));

        view.selectProject(QStringLiteral("set"));
        QCOMPARE(headingOf(view), QStringLiteral("set"));
        QVERIFY2(QRegularExpression(QStringLiteral("^250 requests?(\\(s\\))? per minute per client$")).match(rateLimit->text()).hasMatch(),
                 qPrintable(rateLimit->text()));
        QVERIFY2(QRegularExpression(QStringLiteral("^90 days?(\\(s\\))?$")).match(retention->text()).hasMatch(),
                 qPrintable(retention->text()));
        QCOMPARE(sampling->text(), QStringLiteral("12.5 % of users"));

        // A collector with no limit of its own says so; a typed number keeps its unit.
        CollectorStatus unlimited = status;
        unlimited.defaultRateLimit = 0;
        unlimited.rateWindowMs = 3600000;
        Q_EMIT context.collectorStatusChanged(unlimited);
        QPushButton *save = nullptr;
        for (QPushButton *b : view.findChildren<QPushButton *>())
            save = b->text() == QStringLiteral("Save") ? b : save;
        QVERIFY(save && !save->isEnabled()); // nothing changed yet
        rateLimit->setValue(0);
        QCOMPARE(rateLimit->text(), QStringLiteral("no limit (collector default)"));
        QVERIFY(save->isEnabled());
        rateLimit->selectAll();
        QTest::keyClicks(rateLimit, QStringLiteral("5000"));
        rateLimit->interpretText();
        QCOMPARE(rateLimit->value(), 5000);
    }

    void unsavedSettingsSurviveAKeyBeingMade()
    {
        ProjectsView view(m_context.get());
        QTRY_COMPARE(view.selectedProjectName(), defaultProjectName());
        auto *retention = view.findChild<QSpinBox *>(QStringLiteral("retention"));
        retention->setValue(30);
        QSignalSpy created(&view, &ProjectsView::keyCreated);
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Public); }));
        QTRY_VERIFY(keyItem(view, apiKeyPrefix(created.first().at(0).toString()))); // the catalog was read again
        QCOMPARE(retention->value(), 30);
        QVERIFY(changed(view, [&] { view.saveSettings(); }));
        QTRY_COMPARE(project(defaultProjectName())->retentionDays, 30);
    }

    void keysShowLabelLastUseAndEventsThatSurviveARestart()
    {
        ProjectsView view(m_context.get());
        view.show();
        QTRY_COMPARE(view.selectedProjectName(), defaultProjectName());
        QSignalSpy created(&view, &ProjectsView::keyCreated);
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Public, QStringLiteral("iOS app")); }));
        const QString key = created.first().at(0).toString();
        const QString id = apiKeyPrefix(key);
        QTRY_VERIFY(keyItem(view, id));
        QCOMPARE(keyRows(view).value(1).split(QStringLiteral(" | ")).mid(0, 5),
                 QStringList({QStringLiteral("  iOS app"), id, QStringLiteral("public"), QStringLiteral("never"),
                              QStringLiteral("0")}));

        for (int i = 0; i < 3; ++i)
            QCOMPARE(postEvent(*m_context, key), 200);
        // Counted in memory by the collector, written every few seconds; the view reads it again meanwhile.
        QTRY_COMPARE_WITH_TIMEOUT(keyItem(view, id)->text(4), QStringLiteral("3"), 15000);
        QCOMPARE(keyItem(view, id)->text(3), QStringLiteral("less than a minute ago"));
        QVERIFY(!keyItem(view, id)->toolTip(3).isEmpty()); // the exact time

        QVERIFY(changed(view, [&] { view.setKeyLabel(id, QStringLiteral("iOS app 2.0")); }));
        QTRY_COMPARE(keyItem(view, id)->text(0), QStringLiteral("iOS app 2.0"));

        // One more event, then a restart before the next periodic write: the count is written at shutdown.
        QCOMPARE(postEvent(*m_context, key), 200);
        m_context->stopCollector();
        Collector::StartError error;
        QVERIFY(m_context->startCollector(&error));
        view.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(keyItem(view, id)->text(4), QStringLiteral("4"), 10000);
    }

    void adminKeysAreMadeAndListedApart()
    {
        ProjectsView view(m_context.get());
        QTRY_COMPARE(view.selectedProjectName(), defaultProjectName());
        QSignalSpy created(&view, &ProjectsView::keyCreated);
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Admin, QStringLiteral("ops")); }));
        const QString key = created.first().at(0).toString();
        QVERIFY(key.startsWith(QStringLiteral("tda_")));
        QCOMPARE(created.first().at(1).toString(), QString()); // no project
        QVERIFY(changed(view, [&] { QVERIFY(view.createProject(QStringLiteral("web"))); }));
        QTRY_COMPARE(view.selectedProjectName(), QStringLiteral("web"));
        // Listed with every project, under their own heading that says what they can do.
        // (Admin keys are listed under "default" too: wait for web's own list.)
        QTRY_COMPARE(keyRows(view).value(0), QStringLiteral("Keys of “web”"));
        QTRY_VERIFY(keyItem(view, apiKeyPrefix(key)));
        const QStringList rows = keyRows(view);
        QVERIFY2(rows.value(1).startsWith(QStringLiteral("  None yet.")), qPrintable(rows.join(u'\n')));
        QCOMPARE(rows.value(2), QStringLiteral("Admin keys · manage every project"));
        QVERIFY2(rows.value(3).startsWith(QStringLiteral("  ops | ") + apiKeyPrefix(key) + QStringLiteral(" | admin |")),
                 qPrintable(rows.value(3)));
        const auto *tree = view.findChild<QTreeWidget *>(QStringLiteral("keys"));
        QVERIFY(tree->topLevelItem(1)->toolTip(0).contains(QStringLiteral("manage every project")));
        // An admin key cannot send events.
        QCOMPARE(postEvent(*m_context, key), 403);
    }

    void anEmptyKeyListSaysWhatKeysAreForAndOffersToMakeThem()
    {
        ProjectsView view(m_context.get());
        QTRY_COMPARE(view.selectedProjectName(), defaultProjectName());
        auto *pages = view.findChild<QStackedWidget *>();
        auto *text = view.findChild<QLabel *>(QStringLiteral("noKeys"));
        QTRY_COMPARE(pages->currentWidget(), text->parentWidget());
        const QString plain = QTextDocumentFragment::fromHtml(text->text()).toPlainText();
        for (const char *sentence : {"No keys yet. Apps can send events to this project without a key.",
                                     "Public keys go inside your apps: they can only send events",
                                     "Private keys read this project's data from another computer",
                                     "Admin keys belong to no project: they manage every project"})
            QVERIFY2(plain.contains(QString::fromUtf8(sentence)), qPrintable(plain));
        QCOMPARE(buttonTexts(text->parentWidget()), QStringLiteral("New public key…,New private key…,New admin key…"));

        QSignalSpy created(&view, &ProjectsView::keyCreated);
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Private); }));
        QTRY_VERIFY(pages->currentWidget() == view.findChild<QTreeWidget *>(QStringLiteral("keys")));
        QVERIFY(keyItem(view, apiKeyPrefix(created.first().at(0).toString())));
    }

    void nothingIsClippedAtTheWindowsSize()
    {
        ProjectsView view(m_context.get());
        view.resize(1090, 760); // the view's room in a 1280 × 800 window
        view.show();
        QTRY_COMPARE(view.selectedProjectName(), defaultProjectName());
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Checked once the layout has followed the texts (it runs after them, from the event loop).
        QTRY_VERIFY2_WITH_TIMEOUT(test::clippedTexts(&view).isEmpty(), qPrintable(test::clippedTexts(&view).join(u'\n')), 2000);
        QSignalSpy created(&view, &ProjectsView::keyCreated);
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Public, QStringLiteral("Desktop app 2.x")); }));
        QVERIFY(changed(view, [&] { view.createKey(KeyKind::Admin, QStringLiteral("Ops laptop")); }));
        QTRY_VERIFY(keyItem(view, apiKeyPrefix(created.last().at(0).toString())));
        QTRY_VERIFY2_WITH_TIMEOUT(test::clippedTexts(&view).isEmpty(), qPrintable(test::clippedTexts(&view).join(u'\n')), 2000);
        // The spin boxes' words, which Qt's own size hint cuts after 18 characters.
        for (QAbstractSpinBox *spin : view.findChildren<QAbstractSpinBox *>()) {
            const QLineEdit *edit = spin->findChild<QLineEdit *>();
            QVERIFY2(edit->fontMetrics().horizontalAdvance(spin->text()) <= edit->contentsRect().width(),
                     qPrintable(spin->text()));
        }
        const auto *tree = view.findChild<QTreeWidget *>(QStringLiteral("keys"));
        for (const auto *item : {keyItem(view, apiKeyPrefix(created.first().at(0).toString())),
                                 keyItem(view, apiKeyPrefix(created.last().at(0).toString()))}) {
            for (int column = 0; column < tree->columnCount(); ++column) {
                const int indent = column == 0 ? tree->indentation() : 0; // keys sit under their group's heading
                QVERIFY2(tree->fontMetrics().horizontalAdvance(item->text(column)) + 6 + indent <= tree->columnWidth(column),
                         qPrintable(item->text(column)));
            }
        }
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
