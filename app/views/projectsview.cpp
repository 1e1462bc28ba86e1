#include "views/projectsview.h"

#include "appcontext.h"
#include "widgets/icons.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tdesk {

ProjectsView::ProjectsView(AppContext *context, QWidget *parent)
    : View(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("projects")); // stable and untranslated, for file names
    auto *layout = new QHBoxLayout(this);
    auto *splitter = new QSplitter(this);
    layout->addWidget(splitter);

    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget(left);
    m_list->setAccessibleName(tr("Projects"));
    leftLayout->addWidget(m_list);
    auto *projectButtons = new QHBoxLayout;
    auto *create = new QPushButton(tr("New…"), left);
    m_rename = new QPushButton(tr("Rename…"), left);
    m_delete = new QPushButton(tr("Delete…"), left);
    projectButtons->addWidget(create);
    projectButtons->addWidget(m_rename);
    projectButtons->addWidget(m_delete);
    leftLayout->addLayout(projectButtons);

    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *settings = new QGroupBox(tr("What the collector enforces for this project"), right);
    auto *form = new QFormLayout(settings);
    m_rateLimit = new QSpinBox(settings);
    m_rateLimit->setObjectName(QStringLiteral("rateLimit"));
    m_rateLimit->setRange(0, 100000000);
    m_rateLimit->setSpecialValueText(tr("collector default"));
    m_rateLimit->setSuffix(tr(" requests per window"));
    m_retention = new QSpinBox(settings);
    m_retention->setRange(0, 36500);
    m_retention->setSpecialValueText(tr("keep forever"));

    m_sampling = new QDoubleSpinBox(settings);
    m_sampling->setRange(0, 100);
    m_sampling->setDecimals(1);
    m_sampling->setSuffix(tr(" % of users"));
    m_origins = new QLineEdit(settings);
    m_origins->setPlaceholderText(tr("* (any), or origins like https://app.example.com"));
    m_requireKey = new QCheckBox(tr("Refuse events sent without a key"), settings);
    m_save = new QPushButton(tr("Save"), settings);
    form->addRow(tr("Rate limit:"), m_rateLimit);
    form->addRow(tr("Retention (days):"), m_retention);
    form->addRow(tr("Sampling:"), m_sampling);
    form->addRow(tr("Allowed origins (CORS):"), m_origins);
    form->addRow(QString(), m_requireKey);
    form->addRow(QString(), m_save);
    rightLayout->addWidget(settings);

    auto *keys = new QGroupBox(tr("Keys"), right);
    auto *keysLayout = new QVBoxLayout(keys);
    m_keys = new QTreeWidget(keys);
    m_keys->setRootIsDecorated(false);
    m_keys->setHeaderLabels({tr("Key"), tr("Kind"), tr("Created"), tr("State")});
    m_keys->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    keysLayout->addWidget(m_keys);
    auto *keyButtons = new QHBoxLayout;
    auto *newPublic = new QPushButton(tr("New public key"), keys);
    newPublic->setToolTip(tr("For apps that send events: safe to ship inside them."));
    auto *newPrivate = new QPushButton(tr("New private key"), keys);
    newPrivate->setToolTip(tr("For reading the data remotely: keep it secret."));
    m_copyPrefix = new QPushButton(tr("Copy prefix"), keys);
    m_revoke = new QPushButton(tr("Revoke…"), keys);
    keyButtons->addWidget(newPublic);
    keyButtons->addWidget(newPrivate);
    keyButtons->addStretch();
    keyButtons->addWidget(m_copyPrefix);
    keyButtons->addWidget(m_revoke);
    keysLayout->addLayout(keyButtons);
    rightLayout->addWidget(keys, 1);
    splitter->setStretchFactor(1, 3);

    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        showProject();
        showKeys();
    });
    connect(create, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("New project"), tr("Name (letters, digits, . _ -):"),
                                                   QLineEdit::Normal, QString(), &ok);
        if (ok)
            createProject(name.trimmed());
    });
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const QString from = selectedProjectName();
        bool ok = false;
        const QString to = QInputDialog::getText(this, tr("Rename project"), tr("New name:"), QLineEdit::Normal, from, &ok);
        if (ok && to.trimmed() != from)
            renameProject(from, to.trimmed());
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const QString name = selectedProjectName();
        const auto answer = QMessageBox::warning(
            this, tr("Delete project"),
            tr("Delete the project “%1” with all its events and keys? Apps that send with its keys will get "
               "“invalid_key”. This cannot be undone.").arg(name),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes)
            deleteProject(name);
    });
    connect(m_save, &QPushButton::clicked, this, &ProjectsView::saveSettings);
    connect(newPublic, &QPushButton::clicked, this, [this] { createKey(KeyKind::Public); });
    connect(newPrivate, &QPushButton::clicked, this, [this] { createKey(KeyKind::Private); });
    connect(m_copyPrefix, &QPushButton::clicked, this, [this] {
        if (auto *item = m_keys->currentItem())
            QGuiApplication::clipboard()->setText(item->text(0));
    });
    connect(m_revoke, &QPushButton::clicked, this, [this] {
        auto *item = m_keys->currentItem();
        if (!item)
            return;
        const auto answer = QMessageBox::warning(
            this, tr("Revoke key"),
            tr("Revoke the key %1? Apps that send with it get “invalid_key” from now on.").arg(item->text(0)),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes)
            revokeKey(item->text(0));
    });
    connect(m_keys, &QTreeWidget::currentItemChanged, this, [this] {
        const auto *item = m_keys->currentItem();
        m_copyPrefix->setEnabled(item);
        m_revoke->setEnabled(item && item->data(0, Qt::UserRole).toBool());
    });
    connect(&m_projectsQuery, &QFutureWatcherBase::finished, this, &ProjectsView::showProjects);
    connect(&m_keysQuery, &QFutureWatcherBase::finished, this, &ProjectsView::fillKeys);
    connect(context, &AppContext::catalogChanged, this, &ProjectsView::refresh);
    refresh();
}

QIcon ProjectsView::icon() const
{
    return themedIcon(QStringLiteral("projects"), palette());
}

void ProjectsView::refresh()
{
    m_projectsQuery.setFuture(m_context->reader()->projects());
}

void ProjectsView::showProjects()
{
    const auto projects = m_projectsQuery.result();
    if (!projects) {
        QMessageBox::warning(this, tr("Projects"), tr("The projects cannot be read: %1").arg(projects.error()));
        return;
    }
    const QString selected = std::exchange(m_selectNext, QString());
    const QString shown = selected.isEmpty() ? selectedProjectName() : selected;
    m_projects = projects.value();
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        for (const Project &p : std::as_const(m_projects))
            m_list->addItem(p.name);
        selectProject(shown.isEmpty() ? defaultProjectName() : shown);
    }
    showProject();
    showKeys();
}

QString ProjectsView::selectedProjectName() const
{
    const auto *item = m_list->currentItem();
    return item ? item->text() : QString();
}

void ProjectsView::selectProject(const QString &name)
{
    const auto found = m_list->findItems(name, Qt::MatchExactly);
    m_list->setCurrentItem(found.isEmpty() ? m_list->item(0) : found.first());
}

void ProjectsView::showProject()
{
    const int row = m_list->currentRow();
    const bool has = row >= 0 && row < m_projects.size();
    for (QWidget *w : std::initializer_list<QWidget *>{m_rateLimit, m_retention, m_sampling, m_origins, m_requireKey, m_save, m_rename})
        w->setEnabled(has);
    m_delete->setEnabled(has && m_projects[row].name != defaultProjectName());
    m_rename->setEnabled(has && m_projects[row].name != defaultProjectName());
    if (!has)
        return;
    const Project &p = m_projects[row];
    m_rateLimit->setValue(p.rateLimit);
    m_retention->setValue(p.retentionDays);
    m_sampling->setValue(p.sampleRate * 100.0);
    m_origins->setText(p.allowedOrigins);
    m_requireKey->setChecked(p.requireKey);
}

void ProjectsView::showKeys()
{
    m_keys->clear();
    m_copyPrefix->setEnabled(false);
    m_revoke->setEnabled(false);
    const QString project = selectedProjectName();
    if (!project.isEmpty())
        m_keysQuery.setFuture(m_context->reader()->keys(project));
}

void ProjectsView::fillKeys()
{
    const auto keys = m_keysQuery.result();
    if (!keys)
        return;
    const QLocale locale;
    for (const KeyInfo &k : keys.value()) {
        auto *item = new QTreeWidgetItem(
            {k.prefix + QStringLiteral("…"),
             k.kind == KeyKind::Public ? tr("public (ingest)") : k.kind == KeyKind::Private ? tr("private (read)") : tr("admin"),
             locale.toString(QDateTime::fromMSecsSinceEpoch(k.createdMs), QLocale::ShortFormat),
             k.revokedMs ? tr("revoked %1").arg(locale.toString(QDateTime::fromMSecsSinceEpoch(k.revokedMs), QLocale::ShortFormat))
                         : tr("active")});
        item->setData(0, Qt::UserRole, k.revokedMs == 0);
        item->setData(1, Qt::UserRole, k.prefix);
        m_keys->addTopLevelItem(item);
    }
}

template<typename T>
void ProjectsView::change(QFuture<Result<T>> future, const QString &what,
                          std::type_identity_t<std::function<void(const Result<T> &)>> done)
{
    auto *watcher = new QFutureWatcher<Result<T>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, what, done] {
        watcher->deleteLater();
        const Result<T> result = watcher->result();
        if (!result) {
            Q_EMIT changeFinished(false);
            QMessageBox::warning(this, tr("Projects & keys"), tr("%1: %2").arg(what, result.error()));
            return;
        }
        if (done)
            done(result);
        m_context->notifyCatalogChanged(); // refreshes this view too
        Q_EMIT changeFinished(true);
    });
    watcher->setFuture(future);
}

bool ProjectsView::createProject(const QString &name)
{
    if (!isValidProjectName(name)) {
        QMessageBox::warning(this, tr("New project"),
                             tr("“%1” cannot be a project name: use 1 to 64 letters, digits, dots, dashes or "
                                "underscores.").arg(name));
        return false;
    }
    change(m_context->reader()->createProject(name), tr("Cannot create “%1”").arg(name),
           [this](const Result<Project> &p) { m_selectNext = p->name; });
    return true;
}

void ProjectsView::renameProject(const QString &from, const QString &to)
{
    change(m_context->reader()->renameProject(from, to), tr("Cannot rename “%1”").arg(from),
           [this, to](const Result<void> &) { m_selectNext = to; });
}

void ProjectsView::deleteProject(const QString &name)
{
    const auto found = std::find_if(m_projects.cbegin(), m_projects.cend(), [&](const Project &p) { return p.name == name; });
    const qint64 id = found != m_projects.cend() ? found->id : -1;
    change(m_context->reader()->deleteProject(name), tr("Cannot delete “%1”").arg(name),
           [this, id](const Result<void> &) {
        if (m_context->projectId() == id)
            m_context->setProjectId(AllProjects); // its events are gone: show what is left
    });
}

void ProjectsView::saveSettings()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_projects.size())
        return;
    Project p = m_projects[row];
    p.rateLimit = m_rateLimit->value();
    p.retentionDays = m_retention->value();
    p.sampleRate = m_sampling->value() / 100.0;
    p.allowedOrigins = m_origins->text();
    p.requireKey = m_requireKey->isChecked();
    change(m_context->reader()->updateProject(p), tr("Cannot save the settings of “%1”").arg(p.name));
}

void ProjectsView::createKey(KeyKind kind)
{
    const QString project = selectedProjectName();
    change(m_context->reader()->createKey(project, kind), tr("Cannot create a key"),
           [this, project](const Result<QString> &key) { Q_EMIT keyCreated(key.value(), project); });
}

void ProjectsView::revokeKey(const QString &prefix)
{
    QString bare = prefix;
    if (bare.endsWith(QStringLiteral("…")))
        bare.chop(1);
    change(m_context->reader()->revokeKey(bare), tr("Cannot revoke %1").arg(prefix));
}

} // namespace tdesk
