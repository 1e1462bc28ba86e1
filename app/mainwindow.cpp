#include "mainwindow.h"

#include "appcontext.h"
#include "views/collectorview.h"
#include "views/eventsview.h"
#include "views/insightsview.h"
#include "views/mapview.h"
#include "views/overviewview.h"
#include "views/projectsview.h"
#include "widgets/connectdialog.h"
#include "widgets/databasedialog.h"
#include "widgets/icons.h"
#include "widgets/keydialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QFutureWatcher>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QTimer>

namespace tdesk {

MainWindow::MainWindow(AppContext *context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
{
    setWindowTitle(tr("Telemetry Desk"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_navigation = new QListWidget(central);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Views"));
    m_navigation->setIconSize(QSize(22, 22));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setFixedWidth(190);
    m_navigation->setSpacing(2);
    m_stack = new QStackedWidget(central);
    auto *viewColumn = new QVBoxLayout;
    viewColumn->setContentsMargins(0, 0, 0, 0);
    viewColumn->setSpacing(0);
    m_banner = makeFirstRunBanner();
    viewColumn->addWidget(m_banner);
    viewColumn->addWidget(m_stack, 1);
    layout->addWidget(m_navigation);
    layout->addLayout(viewColumn, 1);
    setCentralWidget(central);

    auto *toolbar = addToolBar(tr("Selection"));
    toolbar->setObjectName(QStringLiteral("selection"));
    toolbar->setMovable(false);
    toolbar->addWidget(new QLabel(tr("Project: "), toolbar));
    m_project = new QComboBox(toolbar);
    m_project->setObjectName(QStringLiteral("project"));
    m_project->setAccessibleName(tr("Project"));
    m_project->setMinimumContentsLength(14);
    toolbar->addWidget(m_project);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr("Range: "), toolbar));
    m_range = new QComboBox(toolbar);
    m_range->setAccessibleName(tr("Time range"));
    for (const auto preset : {RangePreset::Last15Minutes, RangePreset::LastHour, RangePreset::Last24Hours,
                              RangePreset::Last7Days, RangePreset::Last30Days, RangePreset::Custom})
        m_range->addItem(AppContext::presetName(preset), int(preset));
    m_range->setCurrentIndex(int(context->rangePreset()));
    toolbar->addWidget(m_range);

    // Shown while a remote collector keeps the window waiting: slow, not frozen.
    m_waiting = new QProgressBar(this);
    m_waiting->setObjectName(QStringLiteral("waiting"));
    m_waiting->setRange(0, 0);
    m_waiting->setMaximumWidth(120);
    m_waiting->setMaximumHeight(14);
    m_waiting->setToolTip(tr("Waiting for the collector"));
    m_waiting->hide();
    statusBar()->addPermanentWidget(m_waiting);
    m_waitingCheck.setInterval(200);
    connect(&m_waitingCheck, &QTimer::timeout, this, [this] { m_waiting->setVisible(m_context->remoteBusyMs() > 700); });
    if (m_context->isRemote())
        m_waitingCheck.start();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("collectorState"));
    statusBar()->addPermanentWidget(m_status);

    m_overviewView = new OverviewView(context, this);
    m_mapView = new MapView(context, this);
    m_eventsView = new EventsView(context, this);
    m_collectorView = new CollectorView(context, this);
    m_projectsView = new ProjectsView(context, this);
    m_insightsView = new InsightsView(context, this);
    addView(m_overviewView);
    addView(m_mapView);
    addView(m_eventsView);
    addView(m_projectsView);
    addView(m_collectorView);
    addView(m_insightsView); // sixth, Ctrl+6: the first five keep their keys

    buildMenus();
    fillProjects();

    connect(m_navigation, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    // A click on a value anywhere shows its events.
    const auto showEventsOf = [this](const QString &field, const QString &value) {
        m_eventsView->filterBy(field, value);
        showView(m_stack->indexOf(m_eventsView));
    };
    connect(m_overviewView, &OverviewView::filterRequested, this, showEventsOf);
    connect(m_mapView, &MapView::filterRequested, this, showEventsOf);
    // A point of an insight: exactly its events, over the time it covers.
    connect(m_insightsView, &InsightsView::eventsRequested, this, [this](const EventsLink &link) {
        m_context->setRange(RangePreset::Custom, link.range);
        m_range->setCurrentIndex(m_range->findData(int(RangePreset::Custom)));
        m_eventsView->filterTo({{QStringLiteral("name"), link.name}, {link.field, link.value}});
        showView(m_stack->indexOf(m_eventsView));
        if (!link.message.isEmpty())
            statusBar()->showMessage(link.message, 15000);
    });
    connect(m_project, &QComboBox::activated, this, [this] {
        m_context->setProjectId(m_project->currentData().toLongLong());
    });
    connect(m_range, &QComboBox::activated, this, &MainWindow::chooseRange);
    connect(context, &AppContext::catalogChanged, this, &MainWindow::fillProjects);
    connect(context, &AppContext::selectionChanged, this, [this] { // a view chose another project (Projects & keys)
        if (const int index = m_project->findData(m_context->projectId()); index >= 0)
            m_project->setCurrentIndex(index);
    });
    connect(context, &AppContext::collectorStatusChanged, this, &MainWindow::showStatus);
    connect(context, &AppContext::eventsLastMinuteChanged, this, &MainWindow::updateStatusText);
    connect(context, &AppContext::remoteProblemChanged, this, &MainWindow::updateStatusText);
    connect(context, &AppContext::tick, this, &MainWindow::hideBannerOnceStored);
    connect(&m_storedYet, &QFutureWatcherBase::finished, this, [this] {
        if (const auto store = m_storedYet.result(); store && store->hasEvents)
            m_banner->hide();
    });
    connect(&m_projectsQuery, &QFutureWatcherBase::finished, this, &MainWindow::showProjects);
    connect(m_projectsView, &ProjectsView::keyCreated, this, [this](const QString &key, const QString &project) {
        const QString url = m_context->isRemote() // where apps send: the collector the window watches
            ? m_context->databaseLocation() + QStringLiteral("/t")
            : QStringLiteral("http://%1:%2/t")
                  .arg(m_context->listen().section(QLatin1Char(':'), 0, -2) == QLatin1String("0.0.0.0")
                           ? QStringLiteral("127.0.0.1") : m_context->listen().section(QLatin1Char(':'), 0, -2))
                  .arg(m_context->collector()->isRunning() ? m_context->collector()->port()
                                                           : m_context->listen().section(QLatin1Char(':'), -1).toInt());
        KeyDialog dialog(key, project, url, this);
        dialog.exec();
    });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(tr("Telemetry Desk"));
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        m_tray->show();
    }

    QSettings &settings = context->settings();
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 820);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    showView(settings.value(QStringLiteral("window/view"), 0).toInt());
    showStatus({});
}

MainWindow::~MainWindow() = default;

void MainWindow::addView(View *view)
{
    auto *item = new QListWidgetItem(view->icon(), view->title(), m_navigation);
    item->setSizeHint(QSize(0, 36));
    m_stack->addWidget(view);
}

int MainWindow::viewCount() const
{
    return m_stack->count();
}

View *MainWindow::view(int index) const
{
    return qobject_cast<View *>(m_stack->widget(index));
}

int MainWindow::viewIndex(const View *view) const
{
    return m_stack->indexOf(const_cast<View *>(view));
}

int MainWindow::currentViewIndex() const
{
    return m_stack->currentIndex();
}

void MainWindow::showView(int index)
{
    if (index < 0 || index >= m_stack->count())
        index = 0;
    m_navigation->setCurrentRow(index);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *exportData = file->addAction(tr("&Export…"), this, [this] {
        if (View *v = view(currentViewIndex()); !v || !v->exportData())
            statusBar()->showMessage(tr("This view has nothing to export."), 4000);
    });
    exportData->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *demo = file->addAction(tr("Send &demo data"), this, [this] {
        if (m_collectorView->isSendingDemoData())
            statusBar()->showMessage(tr("Demo data is on its way already: the Collector view shows how far it is."), 6000);
        else
            m_collectorView->sendDemoData();
    });
    QAction *database = file->addAction(tr("&Database…"), this, &MainWindow::chooseDatabase);
    demo->setEnabled(!m_context->isRemote()); // a remote collector's data is its apps'
    database->setEnabled(!m_context->isRemote());
    file->addAction(tr("&Connect to collector…"), this, &MainWindow::connectToCollector);
    // The switcher: this computer's own collector, or a remote one connected to before.
    QMenu *sources = file->addMenu(tr("&Watch"));
    connect(sources, &QMenu::aboutToShow, this, [this, sources] {
        sources->clear();
        QAction *local = sources->addAction(tr("This computer"), this, [this] { relaunch({}); });
        local->setCheckable(true);
        local->setChecked(!m_context->isRemote());
        for (const QString &url : m_context->rememberedConnections()) {
            QAction *remote = sources->addAction(url, this, [this, url] { relaunch({QStringLiteral("--connect"), url}); });
            remote->setCheckable(true);
            remote->setChecked(m_context->isRemote() && m_context->databaseLocation() == url);
        }
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_stack->count(); ++i) {
        QAction *show = viewMenu->addAction(QString(view(i)->title()).replace(QLatin1Char('&'), QStringLiteral("&&")), this,
                                            [this, i] { showView(i); });
        show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    viewMenu->addSeparator();
    QAction *refresh = viewMenu->addAction(tr("&Refresh"), this, [this] {
        if (View *v = view(currentViewIndex()))
            v->refresh();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    QAction *find = viewMenu->addAction(tr("&Find"), this, [this] {
        if (View *v = view(currentViewIndex()); !v || !v->focusSearch())
            statusBar()->showMessage(tr("This view has no search field."), 4000);
    });
    find->setShortcut(QKeySequence::Find);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Telemetry Desk"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::fillProjects()
{
    m_projectsQuery.setFuture(m_context->reader()->projects());
}

void MainWindow::showProjects()
{
    const qint64 selected = m_context->projectId();
    m_project->clear();
    m_project->addItem(tr("All projects"), AllProjects);
    const auto projects = m_projectsQuery.result();
    if (!projects) {
        statusBar()->showMessage(tr("The projects cannot be read: %1").arg(projects.error()), 10000);
        return;
    }
    for (const Project &p : projects.value())
        m_project->addItem(p.name, p.id);
    const int index = m_project->findData(selected);
    m_project->setCurrentIndex(std::max(index, 0));
    if (index < 0 && selected != AllProjects) { // the project is gone
        m_context->setProjectId(AllProjects);
        statusBar()->showMessage(tr("The project you were looking at was deleted: every view now shows all projects."),
                                 10000);
    }
}

void MainWindow::chooseRange(int index)
{
    const auto preset = RangePreset(m_range->itemData(index).toInt());
    if (preset != RangePreset::Custom) {
        m_context->setRange(preset);
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Custom range"));
    auto *form = new QFormLayout(&dialog);
    const TimeRange current = m_context->range();
    auto *from = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(current.fromMs), &dialog);
    auto *to = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(current.toMs), &dialog);
    from->setCalendarPopup(true);
    to->setCalendarPopup(true);
    form->addRow(tr("From:"), from);
    form->addRow(tr("To:"), to);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted || from->dateTime() >= to->dateTime()) {
        m_range->setCurrentIndex(int(m_context->rangePreset()));
        return;
    }
    m_context->setRange(RangePreset::Custom, TimeRange{from->dateTime().toMSecsSinceEpoch(), to->dateTime().toMSecsSinceEpoch()});
}

void MainWindow::showStatus(const CollectorStatus &status)
{
    m_collectorStatus = status;
    updateStatusText();
}

void MainWindow::updateStatusText()
{
    // "Now" is the last full minute's count, the same figure as the Collector view's and the live chart's.
    const qint64 events = m_context->eventsLastMinute();
    const QString lastMinute = events >= 0 ? tr("%Ln event(s) in the last minute", nullptr, int(std::min<qint64>(events, INT_MAX)))
                                           : QString();
    QString text;
    if (!m_context->remoteProblem().isEmpty())
        text = tr("⚠ %1 Retrying; the figures shown are the last ones read.").arg(m_context->remoteProblem());
    else if (m_context->isRemote() && m_collectorStatus.running)
        text = lastMinute.isEmpty() ? tr("Watching %1").arg(m_context->databaseLocation())
                                    : tr("Watching %1 · %2").arg(m_context->databaseLocation(), lastMinute);
    else if (!m_collectorStatus.running)
        text = tr("Collector stopped");
    else if (lastMinute.isEmpty())
        text = tr("Collector listening on %1").arg(m_collectorStatus.address);
    else
        text = tr("Collector listening on %1 · %2").arg(m_collectorStatus.address, lastMinute);
    // Everything refused since the collector started (docs/FIGURES.md, Rejected).
    quint64 rejected = 0;
    for (const quint64 n : m_collectorStatus.rejectsByReason)
        rejected += n;
    if (m_collectorStatus.running && rejected > 0)
        text += QStringLiteral(" · ") + tr("%Ln rejected", nullptr, int(std::min<quint64>(rejected, INT_MAX)));
    m_status->setText(text);
    if (m_tray) {
        m_tray->setToolTip(!m_collectorStatus.running ? tr("Telemetry Desk: collector stopped")
                               : lastMinute.isEmpty() ? tr("Telemetry Desk: collector listening")
                                                      : tr("Telemetry Desk: %1").arg(lastMinute));
    }
}

void MainWindow::showAbout()
{
    whenStoreInfo([this](const Result<StoreInfo> &store) {
        QMessageBox::about(
            this, tr("About Telemetry Desk"),
            tr("<h3>Telemetry Desk %1</h3>"
               "<p>A desktop dashboard for application telemetry, with its own collector.</p>"
               "<p>Qt %2 (built with %3)<br>%4</p>"
               "<p>Database: %5<br>Settings: %6<br>Collector: %7</p>"
               "<p>Map data: Natural Earth (public domain).</p>")
                .arg(QStringLiteral(TDESK_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
                     store ? (store->backend == u"postgresql" ? QStringLiteral("PostgreSQL ") : QStringLiteral("SQLite "))
                                 + store->engineVersion
                           : store.error(), m_context->databaseLocation().toHtmlEscaped(),
                     m_context->settings().fileName().toHtmlEscaped(), collectorUrl()));
    });
}

void MainWindow::chooseDatabase()
{
    DatabaseDialog dialog(m_context->databaseUrl(), &AppContext::checkDatabase, AppContext::keychainAvailable(), this);
    if (dialog.exec() != QDialog::Accepted || dialog.connectionUrl() == m_context->databaseUrl())
        return;
    m_context->rememberDatabase(dialog.location());
    if (!dialog.password().isEmpty() && !AppContext::storePassword(dialog.location(), dialog.password()))
        statusBar()->showMessage(tr("No keychain kept the password: it lasts this session only."), 6000);
    // The app reopens on the new database; the password goes to the new process only, as libpq's
    // PGPASSWORD.
    QProcessEnvironment environment;
    if (!dialog.password().isEmpty())
        environment.insert(QStringLiteral("PGPASSWORD"), dialog.password());
    relaunch({}, environment);
}

void MainWindow::connectToCollector()
{
    ConnectDialog dialog(m_context->isRemote() ? m_context->databaseLocation() : QString(),
                         [](const QString &url, const QByteArray &key, const QList<QByteArray> &accepted) {
                             return AppContext::checkCollector(url, key, accepted);
                         },
                         AppContext::keychainAvailable(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_context->rememberConnection(dialog.url(), dialog.acceptedDigests());
    // The key: in the keychain, or (without one) handed to the new process only, for this session.
    QProcessEnvironment environment;
    if (!AppContext::storeCollectorKey(dialog.url(), dialog.key()))
        environment.insert(QStringLiteral("TDESK_KEY"), QString::fromLatin1(dialog.key()));
    relaunch({QStringLiteral("--connect"), dialog.url()}, environment);
}

// Telemetry Desk opens again with these arguments instead of its --db and --connect ones (the views
// are built for one source), with `environment` added to the new process's.
void MainWindow::relaunch(const QStringList &source, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProgram(QCoreApplication::applicationFilePath());
    QStringList arguments = QCoreApplication::arguments().mid(1);
    for (const QString &flag : {QStringLiteral("--db"), QStringLiteral("--connect")}) {
        for (qsizetype i = arguments.indexOf(flag); i >= 0; i = arguments.indexOf(flag))
            arguments.remove(i, std::min<qsizetype>(2, arguments.size() - i));
    }
    process.setArguments(arguments + source);
    QProcessEnvironment merged = QProcessEnvironment::systemEnvironment();
    merged.remove(QStringLiteral("TDESK_KEY")); // this window's key is not the next one's
    merged.insert(environment);
    process.setProcessEnvironment(merged);
    if (!process.startDetached()) {
        QMessageBox::warning(this, tr("Telemetry Desk"), tr("Telemetry Desk could not start again; it opens the new choice next time."));
        return;
    }
    close();
}

QString MainWindow::collectorUrl() const
{
    if (m_context->isRemote())
        return m_context->databaseLocation();
    return m_context->collector()->isRunning()
        ? QStringLiteral("http://%1:%2/t").arg(m_context->listen().section(QLatin1Char(':'), 0, -2)).arg(m_context->collector()->port())
        : tr("stopped");
}

void MainWindow::whenStoreInfo(std::function<void(const Result<StoreInfo> &)> then)
{
    auto *watcher = new QFutureWatcher<Result<StoreInfo>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, then] {
        watcher->deleteLater();
        then(watcher->result());
    });
    watcher->setFuture(m_context->reader()->storeInfo());
}

void MainWindow::startUp(const StartUpOptions &options)
{
    if (m_context->isRemote()) { // its data is the remote collector's: nothing to start, no demo to offer
        if (!options.screenshotsDir.isEmpty())
            QTimer::singleShot(2500, this, [this, dir = options.screenshotsDir] { captureViews(dir, 0); });
        return;
    }
    m_collectorView->startCollector();
    if (!options.screenshotsDir.isEmpty()) {
        // Demo data and a key for the web demo (a newcomer's first step, so that Projects & keys lists one), then
        // each view in turn once it has had time to load and draw.
        connect(m_collectorView, &CollectorView::demoDataSent, this, [this, dir = options.screenshotsDir] {
            if (const auto key = m_context->reader()->createKey(QStringLiteral("web-demo"), KeyKind::Public, QStringLiteral("website")).result(); !key)
                qWarning("screenshots: no key: %s", qPrintable(key.error()));
            m_context->notifyCatalogChanged();
            QTimer::singleShot(2500, this, [this, dir] { captureViews(dir, 0); });
        });
        m_collectorView->sendDemoData();
        return;
    }
    if (options.demo)
        m_collectorView->sendDemoData();
    else
        QTimer::singleShot(0, this, &MainWindow::offerDemoData);
}

void MainWindow::captureViews(const QString &dir, int index)
{
    if (index >= viewCount()) {
        QApplication::quit();
        return;
    }
    showView(index);
    if (view(index) == m_insightsView) { // once the pickers know the project's events
        QTimer::singleShot(2000, this, [this, dir, index] { captureInsights(dir, index, 0); });
        return;
    }
    QTimer::singleShot(1500, this, [this, dir, index] {
        const QString name = view(index)->objectName();
        const bool dark = palette().color(QPalette::Window).lightnessF() < 0.5;
        const QString path = QDir(dir).filePath(QStringLiteral("%1-%2%3.png").arg(index + 1, 2, 10, QLatin1Char('0'))
                                                    .arg(name, dark ? QStringLiteral("-dark") : QString()));
        if (!grab().save(path))
            qWarning("cannot write %s", qPrintable(path));
        captureViews(dir, index + 1);
    });
}

// Each page of the Insights view, the dashboard holding the examples a user can add with a click.
void MainWindow::captureInsights(const QString &dir, int index, int page)
{
    if (page > InsightsView::Dashboard)
        return captureViews(dir, index + 1);
    if (page == 0) { // a week of the demo's traffic
        m_context->setRange(RangePreset::Last7Days);
        m_range->setCurrentIndex(m_range->findData(int(RangePreset::Last7Days)));
        m_insightsView->addExamples();
    }
    static const char *const names[] = {"trends", "active-users", "sessions", "retention", "funnels", "dashboard"};
    if (page == InsightsView::Funnels && !m_insightsView->savedInsights().isEmpty()) {
        for (const InsightSpec &spec : m_insightsView->savedInsights()) {
            if (spec.kind == InsightKind::Funnel)
                m_insightsView->loadSpec(spec);
        }
    } else if (page == InsightsView::Trends) {
        m_insightsView->loadSpec(m_insightsView->savedInsights().value(0));
    }
    m_insightsView->showPage(InsightsView::Page(page));
    QTimer::singleShot(2500, this, [this, dir, index, page] {
        const bool dark = palette().color(QPalette::Window).lightnessF() < 0.5;
        const QString path = QDir(dir).filePath(QStringLiteral("%1-insights-%2%3.png").arg(index + 1, 2, 10, QLatin1Char('0'))
                                                    .arg(QLatin1String(names[page]), dark ? QStringLiteral("-dark") : QString()));
        if (!grab().save(path))
            qWarning("cannot write %s", qPrintable(path));
        captureInsights(dir, index, page + 1);
    });
}

QWidget *MainWindow::makeFirstRunBanner()
{
    auto *banner = new QFrame(this);
    banner->setObjectName(QStringLiteral("firstRunBanner"));
    banner->setAccessibleName(tr("No events yet"));
    auto *row = new QHBoxLayout(banner);
    row->setContentsMargins(14, 8, 8, 8);
    m_bannerText = new QLabel(banner);
    m_bannerText->setWordWrap(true);
    auto *demo = new QPushButton(tr("Send demo data"), banner);
    auto *never = new QPushButton(tr("Don’t ask again"), banner);
    auto *close = new QToolButton(banner);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Close"));
    close->setAccessibleName(tr("Close"));
    row->addWidget(m_bannerText, 1);
    row->addWidget(demo);
    row->addWidget(never);
    row->addWidget(close);
    connect(demo, &QPushButton::clicked, this, [this] {
        m_banner->hide();
        m_collectorView->sendDemoData();
    });
    connect(never, &QPushButton::clicked, this, [this] {
        m_context->settings().setValue(QStringLiteral("demo/declined"), true);
        m_banner->hide();
    });
    connect(close, &QToolButton::clicked, banner, &QWidget::hide);
    banner->hide();
    return banner;
}

void MainWindow::styleFirstRunBanner()
{
    if (!m_banner)
        return;
    // A tint of the highlight colour, so that it reads as a notice in light and dark themes alike.
    const QPalette p = palette();
    const QColor highlight = p.color(QPalette::Highlight), window = p.color(QPalette::Window);
    const auto mix = [&](double share) {
        return QColor::fromRgbF(float(highlight.redF() * share + window.redF() * (1 - share)),
                                float(highlight.greenF() * share + window.greenF() * (1 - share)),
                                float(highlight.blueF() * share + window.blueF() * (1 - share)));
    };
    m_banner->setStyleSheet(QStringLiteral("QFrame#firstRunBanner { background: %1; border-bottom: 1px solid %2; }")
                                .arg(mix(0.14).name(), mix(0.45).name()));
}

void MainWindow::offerDemoData()
{
    if (m_context->settings().value(QStringLiteral("demo/declined")).toBool())
        return;
    whenStoreInfo([this](const Result<StoreInfo> &store) {
        if (!store || store->hasEvents)
            return;
        m_bannerText->setText(tr("<b>No events yet.</b> Point your apps at %1, or fill the store with demo data to see "
                                 "every view at work.").arg(collectorUrl().toHtmlEscaped()));
        styleFirstRunBanner();
        m_banner->show();
    });
}

void MainWindow::hideBannerOnceStored()
{
    // Whatever arrives first (demo data, or an app's events) ends the offer.
    if (m_banner->isVisible() && !m_storedYet.isRunning())
        m_storedYet.setFuture(m_context->reader()->storeInfo());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings &settings = m_context->settings();
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/view"), currentViewIndex());
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    // Icons are drawn in the palette's colours: redraw them when the system theme changes.
    if (event->type() == QEvent::PaletteChange) {
        styleFirstRunBanner();
        for (int i = 0; i < m_navigation->count(); ++i)
            m_navigation->item(i)->setIcon(view(i)->icon());
    }
    QMainWindow::changeEvent(event);
}

} // namespace tdesk
