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
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyleOptionSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace tdesk {
namespace {

enum KeyColumn { LabelColumn, IdColumn, KindColumn, LastUsedColumn, EventsColumn, CreatedColumn, StateColumn };
constexpr int KeyIndexRole = Qt::UserRole; // on LabelColumn: the row's index in m_keyList; none for headings
constexpr qint64 KeysRereadMs = 5000;      // how often the keys' use is read again while the view shows

// The number a user typed at the start of a spin box's text ("90", "1,000 requests…").
std::optional<double> leadingNumber(const QString &text)
{
    static const QRegularExpression number(QStringLiteral("^\\s*(\\d[\\d\\s,.'\\x{00a0}\\x{202f}]*)"));
    const auto match = number.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    QString digits = match.captured(1).trimmed();
    const QChar point = QLocale().decimalPoint().front();
    QString plain;
    for (const QChar c : digits) {
        if (c.isDigit())
            plain += c;
        else if (c == point)
            plain += QLatin1Char('.'); // group separators drop out
    }
    bool ok = false;
    const double value = plain.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

// Spin boxes that show the value in force in words, with its unit ("90 days", "forever"), and
// take a typed number.
template<typename Base, typename T>
class WordedSpinBox : public Base
{
public:
    using Base::Base;
    std::function<QString(T)> words;

    // Wide enough for the longest words (Qt's own hint reads only the first 18 characters).
    QSize sizeHint() const override
    {
        const QFontMetrics metrics(Base::font());
        int widest = 0;
        for (const T value : {Base::minimum(), Base::maximum(), Base::value()})
            widest = std::max(widest, metrics.horizontalAdvance(textFromValue(value)));
        QStyleOptionSpinBox option;
        Base::initStyleOption(&option);
        const QSize content(widest + 2, Base::lineEdit()->sizeHint().height());
        return Base::sizeHint().expandedTo(Base::style()->sizeFromContents(QStyle::CT_SpinBox, &option, content, this));
    }
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    QString textFromValue(T value) const override { return words ? words(value) : Base::textFromValue(value); }
    T valueFromText(const QString &text) const override
    {
        const auto n = leadingNumber(text);
        return n ? T(*n) : Base::minimum();
    }
    QValidator::State validate(QString &text, int &) const override
    {
        if (text == textFromValue(Base::value()))
            return QValidator::Acceptable;
        const auto n = leadingNumber(text);
        return n && *n >= Base::minimum() && *n <= Base::maximum() ? QValidator::Acceptable : QValidator::Intermediate;
    }
};
using WordedIntSpinBox = WordedSpinBox<QSpinBox, int>;
using WordedDoubleSpinBox = WordedSpinBox<QDoubleSpinBox, double>;

QString windowText(qint64 ms)
{
    if (ms > 0 && ms % 86400000 == 0)
        return ms == 86400000 ? ProjectsView::tr("day") : ProjectsView::tr("%Ln day(s)", nullptr, int(ms / 86400000));
    if (ms > 0 && ms % 3600000 == 0)
        return ms == 3600000 ? ProjectsView::tr("hour") : ProjectsView::tr("%Ln hour(s)", nullptr, int(ms / 3600000));
    if (ms > 0 && ms % 60000 == 0)
        return ms == 60000 ? ProjectsView::tr("minute") : ProjectsView::tr("%Ln minute(s)", nullptr, int(ms / 60000));
    if (ms > 0 && ms % 1000 == 0)
        return ms == 1000 ? ProjectsView::tr("second") : ProjectsView::tr("%Ln second(s)", nullptr, int(ms / 1000));
    return ProjectsView::tr("%Ln ms", nullptr, int(ms));
}

QString relativeTime(qint64 ms, qint64 nowMs)
{
    if (ms <= 0)
        return ProjectsView::tr("never");
    const qint64 ago = std::max<qint64>(0, nowMs - ms);
    if (ago < 60000)
        return ProjectsView::tr("less than a minute ago");
    if (ago < 3600000)
        return ProjectsView::tr("%n minute(s) ago", nullptr, int(ago / 60000));
    if (ago < 86400000)
        return ProjectsView::tr("%n hour(s) ago", nullptr, int(ago / 3600000));
    if (ago < 30 * qint64(86400000))
        return ProjectsView::tr("%n day(s) ago", nullptr, int(ago / 86400000));
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).date(), QLocale::ShortFormat);
}

QString dateTimeText(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::LongFormat);
}

QString kindText(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Public: return ProjectsView::tr("public");
    case KeyKind::Private: return ProjectsView::tr("private");
    case KeyKind::Admin: return ProjectsView::tr("admin");
    }
    return {};
}

QString kindPurpose(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Public:
        return ProjectsView::tr("Public keys go inside your apps: they can only send events to this project, so they "
                                "are safe to ship.");
    case KeyKind::Private:
        return ProjectsView::tr("Private keys read this project's data from another computer: keep them secret.");
    case KeyKind::Admin:
        return ProjectsView::tr("Admin keys belong to no project: they manage every project and its keys and read all "
                                "data. Keep them safest of all.");
    }
    return {};
}

QPushButton *newKeyButton(KeyKind kind, QWidget *parent)
{
    const QString text = kind == KeyKind::Public  ? ProjectsView::tr("New public key…")
                         : kind == KeyKind::Private ? ProjectsView::tr("New private key…")
                                                    : ProjectsView::tr("New admin key…");
    auto *button = new QPushButton(text, parent);
    button->setToolTip(kindPurpose(kind));
    return button;
}

} // namespace

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
    m_heading = new QLabel(right);
    m_heading->setObjectName(QStringLiteral("projectHeading"));
    QFont headingFont = m_heading->font();
    if (headingFont.pointSizeF() > 0)
        headingFont.setPointSizeF(headingFont.pointSizeF() * 1.5);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_headingNote = new QLabel(right);
    m_headingNote->setObjectName(QStringLiteral("projectHeadingNote"));
    m_headingNote->setWordWrap(true);
    rightLayout->addWidget(m_heading);
    rightLayout->addWidget(m_headingNote);

    auto *settings = new QGroupBox(tr("What the collector enforces"), right);
    m_settings = settings;
    auto *form = new QFormLayout(settings);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow); // spin boxes as wide as their words
    auto *rateLimit = new WordedIntSpinBox(settings);
    rateLimit->setObjectName(QStringLiteral("rateLimit"));
    rateLimit->setRange(0, 100000000);
    rateLimit->setSingleStep(100);
    rateLimit->words = [this](int limit) {
        const auto perWindow = [this](int n) {
            return m_status ? tr("%Ln request(s) per %1 per client", nullptr, n).arg(windowText(m_status->rateWindowMs))
                            : tr("%Ln request(s) per rate window per client", nullptr, n);
        };
        if (limit > 0)
            return perWindow(limit);
        if (!m_status)
            return tr("the collector's default");
        return m_status->defaultRateLimit > 0 ? tr("%1 (collector default)").arg(perWindow(m_status->defaultRateLimit))
                                              : tr("no limit (collector default)");
    };
    rateLimit->setToolTip(tr("Counted per client address and, separately, per key. Requests over the limit are "
                             "answered 429 (rate_limited). 0 follows the collector's default."));
    m_rateLimit = rateLimit;
    auto *retention = new WordedIntSpinBox(settings);
    retention->setObjectName(QStringLiteral("retention"));
    retention->setRange(0, 36500);
    retention->words = [](int days) { return days > 0 ? tr("%Ln day(s)", nullptr, days) : tr("forever"); };
    retention->setToolTip(tr("Events older than this are deleted, within a minute. 0 keeps them forever."));
    m_retention = retention;
    auto *sampling = new WordedDoubleSpinBox(settings);
    sampling->setObjectName(QStringLiteral("sampling"));
    sampling->setRange(0, 100);
    sampling->setDecimals(1);
    sampling->setSingleStep(5);
    sampling->words = [](double percent) {
        return tr("%1 % of users").arg(QLocale().toString(std::round(percent * 10) / 10, 'g', QLocale::FloatingPointShortest));
    };
    sampling->setToolTip(tr("The share of users whose events are kept; the others' events are answered "
                            "“sampled_out” and not stored. A user is either always kept or never."));
    m_sampling = sampling;
    m_origins = new QLineEdit(settings);
    m_origins->setPlaceholderText(tr("* (any), or origins like https://app.example.com"));
    m_origins->setToolTip(tr("Web pages on these origins may send events from a browser (CORS)."));
    m_requireKey = new QCheckBox(tr("Refuse events sent without a key"), settings);
    m_save = new QPushButton(tr("Save"), settings);
    m_revert = new QPushButton(tr("Revert"), settings);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_save);
    saveRow->addWidget(m_revert);
    saveRow->addStretch();
    form->addRow(tr("Rate limit:"), m_rateLimit);
    form->addRow(tr("Retention:"), m_retention);
    form->addRow(tr("Sampling:"), m_sampling);
    form->addRow(tr("Allowed origins:"), m_origins);
    form->addRow(QString(), m_requireKey);
    form->addRow(QString(), saveRow);
    rightLayout->addWidget(settings);

    auto *keys = new QGroupBox(tr("Keys"), right);
    auto *keysLayout = new QVBoxLayout(keys);
    m_keyPages = new QStackedWidget(keys);
    m_keys = new QTreeWidget(m_keyPages);
    m_keys->setObjectName(QStringLiteral("keys"));
    m_keys->setHeaderLabels({tr("Label"), tr("Key ID"), tr("Kind"), tr("Last used"), tr("Events"), tr("Created"), tr("State")});
    m_keys->headerItem()->setToolTip(IdColumn, tr("The key's first characters: enough to name it, never enough to use it."));
    m_keys->headerItem()->setToolTip(EventsColumn, tr("Events stored from requests with the key."));
    m_keys->headerItem()->setTextAlignment(EventsColumn, Qt::AlignRight | Qt::AlignVCenter);
    m_keys->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_keys->header()->setSectionResizeMode(LabelColumn, QHeaderView::Stretch);
    m_keys->header()->setMinimumSectionSize(60);
    m_keys->header()->setStretchLastSection(false); // the label takes the room left
    m_keys->setUniformRowHeights(true);
    m_keys->setAllColumnsShowFocus(true);
    m_keyPages->addWidget(m_keys);

    auto *empty = new QWidget(m_keyPages);
    auto *emptyLayout = new QVBoxLayout(empty);
    m_noKeys = new QLabel(empty);
    m_noKeys->setObjectName(QStringLiteral("noKeys"));
    m_noKeys->setWordWrap(true);
    m_noKeys->setTextFormat(Qt::RichText);
    auto *emptyButtons = new QHBoxLayout;
    emptyLayout->addStretch();
    emptyLayout->addWidget(m_noKeys);
    emptyLayout->addSpacing(6);
    emptyLayout->addLayout(emptyButtons);
    emptyLayout->addStretch(2);
    m_keyPages->addWidget(empty);
    keysLayout->addWidget(m_keyPages, 1);

    m_keyButtons = new QWidget(keys);
    auto *keyButtons = new QHBoxLayout(m_keyButtons);
    keyButtons->setContentsMargins(0, 0, 0, 0);
    for (const KeyKind kind : {KeyKind::Public, KeyKind::Private, KeyKind::Admin}) {
        for (QHBoxLayout *row : {emptyButtons, keyButtons}) {
            auto *button = newKeyButton(kind, row == emptyButtons ? empty : m_keyButtons);
            row->addWidget(button);
            connect(button, &QPushButton::clicked, this, [this, kind] { askForKey(kind); });
        }
    }
    emptyButtons->addStretch();
    m_editLabel = new QPushButton(tr("Edit label…"), m_keyButtons);
    m_copyId = new QPushButton(tr("Copy key ID"), m_keyButtons);
    m_copyId->setToolTip(tr("Copies the key's ID, its first 12 characters. It is not a secret: it names the key in "
                            "lists and is what “telemetry-collector keys revoke” and “keys label” take. The full key "
                            "was shown only when it was made."));
    m_revoke = new QPushButton(tr("Revoke…"), m_keyButtons);
    keyButtons->addStretch();
    keyButtons->addWidget(m_editLabel);
    keyButtons->addWidget(m_copyId);
    keyButtons->addWidget(m_revoke);
    keysLayout->addWidget(m_keyButtons);
    rightLayout->addWidget(keys, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({200, 1000}); // project names are short; the keys need the room

    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        if (const Project *p = selectedProject())
            m_context->setProjectId(p->id); // the user chose it: every view follows
        showProject();
        showKeys();
    });
    connect(context, &AppContext::selectionChanged, this, &ProjectsView::followToolbar);
    connect(context, &AppContext::collectorStatusChanged, this, [this](const CollectorStatus &status) {
        const bool changed = !m_status || m_status->defaultRateLimit != status.defaultRateLimit
            || m_status->rateWindowMs != status.rateWindowMs;
        m_status = status;
        if (changed)
            m_rateLimit->setSuffix(QString()); // words the value again, with the collector's figures
    });
    connect(context, &AppContext::tick, this, [this] {
        if (isVisible() && !m_keysQuery.isRunning() && QDateTime::currentMSecsSinceEpoch() - m_keysReadMs >= KeysRereadMs)
            showKeys(); // last use and event counts move while apps send
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
    connect(m_rateLimit, &QSpinBox::valueChanged, this, &ProjectsView::updateSaveButtons);
    connect(m_retention, &QSpinBox::valueChanged, this, &ProjectsView::updateSaveButtons);
    connect(m_sampling, &QDoubleSpinBox::valueChanged, this, &ProjectsView::updateSaveButtons);
    connect(m_origins, &QLineEdit::textChanged, this, &ProjectsView::updateSaveButtons);
    connect(m_requireKey, &QCheckBox::toggled, this, &ProjectsView::updateSaveButtons);
    connect(m_save, &QPushButton::clicked, this, &ProjectsView::saveSettings);
    connect(m_revert, &QPushButton::clicked, this, &ProjectsView::showLimits);
    connect(m_editLabel, &QPushButton::clicked, this, [this] {
        const auto key = currentKey();
        if (!key)
            return;
        bool ok = false;
        const QString label = QInputDialog::getText(this, tr("Key label"), tr("What uses the key %1:").arg(key->prefix),
                                                    QLineEdit::Normal, key->label, &ok);
        if (ok && label.trimmed() != key->label)
            setKeyLabel(key->prefix, label);
    });
    connect(m_keys, &QTreeWidget::itemActivated, m_editLabel, &QPushButton::click);
    connect(m_copyId, &QPushButton::clicked, this, [this] {
        if (const auto key = currentKey())
            QGuiApplication::clipboard()->setText(key->prefix);
    });
    connect(m_revoke, &QPushButton::clicked, this, [this] {
        const auto key = currentKey();
        if (!key)
            return;
        const QString name = key->label.isEmpty() ? key->prefix : QStringLiteral("“%1” (%2)").arg(key->label, key->prefix);
        const QString consequence = key->kind == KeyKind::Public
            ? tr("Apps that send with it get “invalid_key” from now on.")
            : tr("Whoever reads or administers with it is refused from now on.");
        const auto answer = QMessageBox::warning(this, tr("Revoke key"), tr("Revoke the key %1? %2").arg(name, consequence),
                                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes)
            revokeKey(key->prefix);
    });
    connect(m_keys, &QTreeWidget::currentItemChanged, this, &ProjectsView::updateKeyButtons);
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
    const QString made = std::exchange(m_selectNext, QString());
    const QString before = selectedProjectName();
    const bool edited = m_save->isEnabled(); // unsaved settings, kept when the same project stays shown
    m_projects = projects.value();
    QString shown = made.isEmpty() ? selectedProjectName() : made;
    for (const Project &p : std::as_const(m_projects)) {
        if (made.isEmpty() && p.id == m_context->projectId())
            shown = p.name; // the toolbar's project, unless the user just made or renamed one
    }
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        for (const Project &p : std::as_const(m_projects))
            m_list->addItem(p.name);
        const auto found = m_list->findItems(shown.isEmpty() ? defaultProjectName() : shown, Qt::MatchExactly);
        m_list->setCurrentItem(found.isEmpty() ? m_list->item(0) : found.first());
    }
    if (const Project *p = selectedProject(); p && !made.isEmpty())
        m_context->setProjectId(p->id);
    if (edited && selectedProjectName() == before) {
        showHeading();
        updateSaveButtons();
    } else {
        showProject();
    }
    showKeys();
}

void ProjectsView::followToolbar()
{
    const qint64 id = m_context->projectId();
    const auto found = std::find_if(m_projects.cbegin(), m_projects.cend(), [id](const Project &p) { return p.id == id; });
    if (found != m_projects.cend() && found->name != selectedProjectName()) {
        {
            const QSignalBlocker blocker(m_list);
            m_list->setCurrentRow(int(found - m_projects.cbegin()));
        }
        showProject();
        showKeys();
    } else {
        showHeading(); // it says whether the other views show this project or all
    }
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

const Project *ProjectsView::selectedProject() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_projects.size() ? &m_projects[row] : nullptr;
}

void ProjectsView::showProject()
{
    showHeading();
    showLimits();
}

void ProjectsView::showHeading()
{
    const Project *p = selectedProject();
    m_settings->setEnabled(p);
    m_rename->setEnabled(p && p->name != defaultProjectName());
    m_delete->setEnabled(p && p->name != defaultProjectName());
    m_rename->setToolTip(p && p->name == defaultProjectName() ? tr("The default project cannot be renamed: events "
                                                                   "sent without a key go to it.")
                                                              : QString());
    m_delete->setToolTip(p && p->name == defaultProjectName() ? tr("The default project cannot be deleted: events "
                                                                   "sent without a key go to it.")
                                                              : QString());
    if (!p) {
        m_heading->clear();
        m_headingNote->clear();
        return;
    }
    m_heading->setText(p->name);
    QString note = tr("Created %1.").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(p->createdMs).date(), QLocale::LongFormat));
    if (p->name == defaultProjectName())
        note += QLatin1Char(' ') + tr("Events sent without a key go here.");
    if (m_context->projectId() == AllProjects)
        note += QLatin1Char(' ') + tr("The other views show all projects; the settings and keys here are those of “%1”.").arg(p->name);
    m_headingNote->setText(note);
}

void ProjectsView::showLimits()
{
    const Project *p = selectedProject();
    if (!p)
        return;
    m_rateLimit->setValue(p->rateLimit);
    m_retention->setValue(p->retentionDays);
    m_sampling->setValue(p->sampleRate * 100.0);
    m_origins->setText(p->allowedOrigins);
    m_requireKey->setChecked(p->requireKey);
    updateSaveButtons();
}

void ProjectsView::updateSaveButtons()
{
    const Project *p = selectedProject();
    const bool changed = p
        && (m_rateLimit->value() != p->rateLimit || m_retention->value() != p->retentionDays
            || std::abs(m_sampling->value() - p->sampleRate * 100.0) > 0.01 || m_origins->text() != p->allowedOrigins
            || m_requireKey->isChecked() != p->requireKey);
    m_save->setEnabled(changed);
    m_revert->setEnabled(changed);
}

void ProjectsView::showKeys()
{
    m_keysReadMs = QDateTime::currentMSecsSinceEpoch();
    m_keysQuery.setFuture(m_context->reader()->keys()); // every key: the project's and the admin keys
}

void ProjectsView::fillKeys()
{
    const auto keys = m_keysQuery.result();
    if (!keys)
        return;
    const QString project = selectedProjectName();
    const auto current = currentKey();
    QList<KeyInfo> ofProject, admin;
    for (const KeyInfo &k : keys.value()) {
        if (k.kind == KeyKind::Admin)
            admin.append(k);
        else if (k.projectName == project)
            ofProject.append(k);
    }
    m_keyList = ofProject + admin;
    m_keyPages->setCurrentIndex(m_keyList.isEmpty() ? 1 : 0);
    const QString keyless = project == defaultProjectName()
        ? tr("Apps can send events to this project without a key.")
        : tr("Apps need a public key to send events to “%1”.").arg(project);
    m_noKeys->setText(QStringLiteral("<p><b>%1</b> %2</p><p>%3</p><p>%4</p><p>%5</p>")
                          .arg(tr("No keys yet.").toHtmlEscaped(), keyless.toHtmlEscaped(),
                               kindPurpose(KeyKind::Public).toHtmlEscaped(), kindPurpose(KeyKind::Private).toHtmlEscaped(),
                               kindPurpose(KeyKind::Admin).toHtmlEscaped()));
    m_keyButtons->setVisible(!m_keyList.isEmpty());

    const QSignalBlocker blocker(m_keys);
    m_keys->clear();
    const QLocale locale;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QColor faded = palette().color(QPalette::Disabled, QPalette::Text);
    QTreeWidgetItem *select = nullptr;
    const auto addGroup = [&](const QString &title, const QString &purpose, const QString &none, const QList<KeyInfo> &list,
                              int firstIndex) {
        auto *heading = new QTreeWidgetItem(m_keys, {title});
        heading->setFirstColumnSpanned(true);
        heading->setFlags(Qt::ItemIsEnabled);
        heading->setToolTip(LabelColumn, purpose);
        QFont bold = heading->font(LabelColumn);
        bold.setBold(true);
        heading->setFont(LabelColumn, bold);
        if (list.isEmpty()) {
            auto *placeholder = new QTreeWidgetItem(heading, {none});
            placeholder->setFirstColumnSpanned(true);
            placeholder->setFlags(Qt::ItemIsEnabled);
            placeholder->setForeground(LabelColumn, faded);
        }
        for (int i = 0; i < list.size(); ++i) {
            const KeyInfo &k = list[i];
            auto *item = new QTreeWidgetItem(heading);
            item->setData(LabelColumn, KeyIndexRole, firstIndex + i);
            item->setText(LabelColumn, k.label.isEmpty() ? tr("no label") : k.label);
            item->setToolTip(LabelColumn, k.label); // whole, where the column elides it
            if (k.label.isEmpty())
                item->setForeground(LabelColumn, faded);
            item->setText(IdColumn, k.prefix);
            item->setText(KindColumn, kindText(k.kind));
            item->setToolTip(KindColumn, kindPurpose(k.kind));
            item->setText(LastUsedColumn, relativeTime(k.lastUsedMs, now));
            item->setToolTip(LastUsedColumn, k.lastUsedMs ? dateTimeText(k.lastUsedMs) : tr("No request has come with this key."));
            item->setText(EventsColumn, locale.toString(k.eventsAccepted));
            item->setTextAlignment(EventsColumn, Qt::AlignRight | Qt::AlignVCenter);
            item->setText(CreatedColumn, locale.toString(QDateTime::fromMSecsSinceEpoch(k.createdMs).date(), QLocale::ShortFormat));
            item->setToolTip(CreatedColumn, dateTimeText(k.createdMs));
            item->setText(StateColumn, k.revokedMs ? tr("revoked %1").arg(relativeTime(k.revokedMs, now)) : tr("active"));
            if (k.revokedMs) {
                item->setToolTip(StateColumn, dateTimeText(k.revokedMs));
                for (int column = LabelColumn; column <= StateColumn; ++column)
                    item->setForeground(column, faded);
            }
            if (current && current->id == k.id)
                select = item;
        }
    };
    addGroup(tr("Keys of “%1”").arg(project), tr("Public keys send events to this project; private keys read its data."),
             tr("None yet. %1").arg(kindPurpose(KeyKind::Public)), ofProject, 0);
    addGroup(tr("Admin keys · manage every project"), kindPurpose(KeyKind::Admin),
             tr("None. %1").arg(kindPurpose(KeyKind::Admin)), admin, int(ofProject.size()));
    m_keys->expandAll();
    m_keys->setCurrentItem(select);
    updateKeyButtons();
}

std::optional<KeyInfo> ProjectsView::currentKey() const
{
    const QTreeWidgetItem *item = m_keys->currentItem();
    const QVariant index = item ? item->data(LabelColumn, KeyIndexRole) : QVariant();
    if (!index.isValid() || index.toInt() < 0 || index.toInt() >= m_keyList.size())
        return std::nullopt;
    return m_keyList[index.toInt()];
}

void ProjectsView::updateKeyButtons()
{
    const auto key = currentKey();
    m_editLabel->setEnabled(key.has_value());
    m_copyId->setEnabled(key.has_value());
    m_revoke->setEnabled(key && key->revokedMs == 0);
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
    const Project *selected = selectedProject();
    if (!selected)
        return;
    Project p = *selected;
    p.rateLimit = m_rateLimit->value();
    p.retentionDays = m_retention->value();
    p.sampleRate = m_sampling->value() / 100.0;
    p.allowedOrigins = m_origins->text();
    p.requireKey = m_requireKey->isChecked();
    change(m_context->reader()->updateProject(p), tr("Cannot save the settings of “%1”").arg(p.name));
}

void ProjectsView::askForKey(KeyKind kind)
{
    const QString project = selectedProjectName();
    const QString title = kind == KeyKind::Public  ? tr("New public key for “%1”").arg(project)
                          : kind == KeyKind::Private ? tr("New private key for “%1”").arg(project)
                                                     : tr("New admin key");
    QInputDialog dialog(this);
    dialog.setWindowTitle(title);
    dialog.setLabelText(kindPurpose(kind) + QStringLiteral("\n\n")
                        + tr("Label (what will use it, such as “iOS app” or “nightly export”):"));
    dialog.setTextValue(QString());
    dialog.setOkButtonText(tr("Create key"));
    if (auto *edit = dialog.findChild<QLineEdit *>())
        edit->setMaxLength(MaxKeyLabelLength);
    if (dialog.exec() == QDialog::Accepted)
        createKey(kind, dialog.textValue());
}

void ProjectsView::createKey(KeyKind kind, const QString &label)
{
    const QString project = kind == KeyKind::Admin ? QString() : selectedProjectName();
    change(m_context->reader()->createKey(project, kind, label.trimmed()), tr("Cannot create a key"),
           [this, project](const Result<QString> &key) { Q_EMIT keyCreated(key.value(), project); });
}

void ProjectsView::revokeKey(const QString &prefix)
{
    change(m_context->reader()->revokeKey(prefix), tr("Cannot revoke %1").arg(prefix));
}

void ProjectsView::setKeyLabel(const QString &prefix, const QString &label)
{
    change(m_context->reader()->setKeyLabel(prefix, label.trimmed()), tr("Cannot label %1").arg(prefix));
}

} // namespace tdesk
