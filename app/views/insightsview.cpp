#include "views/insightsview.h"

#include "appcontext.h"
#include "widgets/charts.h"
#include "widgets/icons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStringListModel>
#include <QTabBar>
#include <QVBoxLayout>

namespace tdesk {
namespace {

// How often a rolling range's insights read again, in seconds: the builder's, the dashboard's.
constexpr int BuilderRefreshSeconds = 5;
constexpr int DashboardRefreshSeconds = 10;

QComboBox *combo(QWidget *parent, const QList<std::pair<QString, QVariant>> &items, const QString &name)
{
    auto *box = new QComboBox(parent);
    box->setAccessibleName(name);
    for (const auto &[text, data] : items)
        box->addItem(text, data);
    return box;
}

QComboBox *eventPicker(QWidget *parent, const QString &name, const QString &anyText)
{
    auto *box = new QComboBox(parent);
    box->setEditable(true);
    box->setAccessibleName(name);
    box->setMinimumContentsLength(16);
    box->setInsertPolicy(QComboBox::NoInsert);
    box->lineEdit()->setPlaceholderText(anyText);
    return box;
}

// The text of a picker: "" for its "any" entry.
QString pickedEvent(const QComboBox *box)
{
    return box->currentText().trimmed();
}

void setPicked(QComboBox *box, const QString &value)
{
    const int index = box->findData(value);
    if (index >= 0)
        box->setCurrentIndex(index);
    else if (box->isEditable())
        box->setEditText(value);
}

} // namespace

InsightsView::InsightsView(AppContext *context, QWidget *parent)
    : View(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("insights")); // stable and untranslated, for file names
    m_tabs = new QTabBar(this);
    m_tabs->setObjectName(QStringLiteral("insightPages"));
    m_tabs->setExpanding(false);
    for (const QString &name : {tr("Trends"), tr("Active users"), tr("Sessions"), tr("Retention"), tr("Funnels"), tr("Dashboard")})
        m_tabs->addTab(name);

    m_forms = new QStackedWidget(this);
    m_forms->addWidget(makeTrendForm());
    m_forms->addWidget(new QWidget(this)); // active users: the filters are all
    auto *sessionForm = new QWidget(this);
    auto *sessionLayout = new QHBoxLayout(sessionForm);
    sessionLayout->setContentsMargins(0, 0, 0, 0);
    m_sessionInterval = combo(sessionForm, {{tr("per hour"), int(Interval::Hour)}, {tr("per day"), int(Interval::Day)},
                                            {tr("per week"), int(Interval::Week)}}, tr("Sessions per"));
    m_sessionInterval->setCurrentIndex(1);
    sessionLayout->addWidget(new QLabel(tr("Sessions"), sessionForm));
    sessionLayout->addWidget(m_sessionInterval);
    sessionLayout->addStretch(1);
    m_forms->addWidget(sessionForm);
    m_forms->addWidget(makeRetentionForm());
    m_forms->addWidget(makeFunnelForm());
    m_forms->addWidget(new QWidget(this)); // dashboard
    m_forms->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    // What every kind shares: filters, and saving.
    m_actions = new QWidget(this);
    auto *actions = new QHBoxLayout(m_actions);
    actions->setContentsMargins(0, 0, 0, 0);
    m_filters = new QLineEdit(m_actions);
    m_filters->setObjectName(QStringLiteral("insightFilters"));
    m_filters->setAccessibleName(tr("Filters"));
    m_filters->setPlaceholderText(tr("Filters, e.g. os=linux country=DE m.plan=pro"));
    m_filters->setClearButtonEnabled(true);
    auto *save = new QPushButton(tr("Save…"), m_actions);
    save->setToolTip(tr("Keep this insight under a name, for this project"));
    auto *pin = new QPushButton(tr("Pin to dashboard"), m_actions);
    m_saved = new QComboBox(m_actions);
    m_saved->setAccessibleName(tr("Saved insights"));
    m_saved->setMinimumContentsLength(18);
    auto *forget = new QPushButton(tr("Delete"), m_actions);
    forget->setToolTip(tr("Delete the saved insight chosen beside"));
    auto *exportButton = new QPushButton(tr("Export…"), m_actions);
    exportButton->setToolTip(tr("Save the data as CSV, or the chart as PNG or SVG (Ctrl+E)"));
    actions->addWidget(m_filters, 1);
    actions->addWidget(save);
    actions->addWidget(pin);
    actions->addSpacing(12);
    actions->addWidget(new QLabel(tr("Saved:"), m_actions));
    actions->addWidget(m_saved);
    actions->addWidget(forget);
    actions->addWidget(exportButton);

    m_panel = new InsightPanel(context, this);
    m_panel->setObjectName(QStringLiteral("insight"));
    m_dashboard = new QWidget(this);
    m_grid = new QGridLayout(m_dashboard);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_dashboard);
    m_body = new QStackedWidget(this);
    m_body->addWidget(m_panel);
    m_body->addWidget(scroll);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_forms);
    layout->addWidget(m_actions);
    layout->addWidget(m_body, 1);

    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        m_forms->setCurrentIndex(index);
        const bool dashboard = index == Dashboard;
        m_body->setCurrentIndex(dashboard ? 1 : 0);
        m_actions->setVisible(!dashboard);
        m_forms->setVisible(!dashboard && index != ActiveUsers); // active users: the filters are all
        if (dashboard)
            rebuildDashboard();
        else
            builderChanged();
    });
    connect(m_filters, &QLineEdit::editingFinished, this, &InsightsView::builderChanged);
    connect(save, &QPushButton::clicked, this, &InsightsView::saveAs);
    connect(pin, &QPushButton::clicked, this, [this] {
        InsightSpec spec = builtSpec();
        if (spec.name.isEmpty())
            spec.name = spec.describe();
        spec.pinned = true;
        saveInsight(spec);
    });
    connect(m_saved, &QComboBox::activated, this, [this](int index) {
        const QList<InsightSpec> saved = savedInsights();
        if (index > 0 && index <= saved.size())
            loadSpec(saved[index - 1]);
    });
    connect(forget, &QPushButton::clicked, this, [this] {
        if (m_saved->currentIndex() > 0)
            removeInsight(m_saved->currentData().toString());
    });
    connect(exportButton, &QPushButton::clicked, this, &InsightsView::exportData);
    connect(m_panel, &InsightPanel::eventsRequested, this, &InsightsView::eventsRequested);
    connect(&m_properties, &QFutureWatcherBase::finished, this, &InsightsView::showProperties);
    connect(context, &AppContext::selectionChanged, this, [this] {
        fillSaved();
        if (isVisible())
            refresh();
    });
    connect(context, &AppContext::tick, this, &InsightsView::onTick);
    fillSaved();
    builderChanged();
}

InsightsView::~InsightsView()
{
    m_properties.waitForFinished();
}

QIcon InsightsView::icon() const
{
    return themedIcon(QStringLiteral("insights"), palette());
}

QWidget *InsightsView::makeTrendForm()
{
    auto *form = new QWidget(this);
    auto *row = new QHBoxLayout(form);
    row->setContentsMargins(0, 0, 0, 0);
    m_metric = combo(form, {{tr("Events"), int(TrendMetric::Count)}, {tr("Users"), int(TrendMetric::Users)},
                            {tr("Sum of"), int(TrendMetric::Sum)}, {tr("Average of"), int(TrendMetric::Average)},
                            {tr("Median of"), int(TrendMetric::P50)}, {tr("95th percentile of"), int(TrendMetric::P95)}},
                     tr("Metric"));
    m_property = eventPicker(form, tr("Numeric property"), tr("m.durationMs"));
    m_event = eventPicker(form, tr("Event"), tr("All events"));
    m_event->setObjectName(QStringLiteral("trendEvent"));
    m_interval = combo(form, {{tr("per minute"), int(Interval::Minute)}, {tr("per hour"), int(Interval::Hour)},
                              {tr("per day"), int(Interval::Day)}, {tr("per week"), int(Interval::Week)},
                              {tr("per month"), int(Interval::Month)}},
                       tr("Interval"));
    m_interval->setCurrentIndex(2);
    m_breakdown = combo(form, {{tr("No breakdown"), QString()}, {tr("by OS"), QStringLiteral("os")},
                               {tr("by app version"), QStringLiteral("ext")}, {tr("by host version"), QStringLiteral("vscode")},
                               {tr("by country"), QStringLiteral("country")}},
                        tr("Breakdown"));
    m_style = combo(form, {{tr("Line"), int(MultiSeriesChart::Style::Line)}, {tr("Bar"), int(MultiSeriesChart::Style::Bar)},
                           {tr("Area"), int(MultiSeriesChart::Style::Area)}, {tr("Table"), int(MultiSeriesChart::Style::Table)}},
                    tr("Chart type"));
    m_compare = new QCheckBox(tr("Compare with the previous period"), form);
    row->addWidget(m_metric);
    row->addWidget(m_property);
    row->addWidget(new QLabel(tr("of"), form));
    row->addWidget(m_event, 1);
    row->addWidget(m_interval);
    row->addWidget(m_breakdown);
    row->addWidget(m_style);
    row->addWidget(m_compare);
    const auto numeric = [this] {
        const auto metric = TrendMetric(m_metric->currentData().toInt());
        m_property->setVisible(metric != TrendMetric::Count && metric != TrendMetric::Users);
    };
    numeric();
    for (QComboBox *box : {m_metric, m_interval, m_breakdown, m_style})
        connect(box, &QComboBox::activated, this, &InsightsView::builderChanged);
    connect(m_metric, &QComboBox::activated, this, numeric);
    for (QComboBox *box : {m_event, m_property})
        connect(box->lineEdit(), &QLineEdit::editingFinished, this, &InsightsView::builderChanged);
    connect(m_event, &QComboBox::activated, this, &InsightsView::builderChanged);
    connect(m_property, &QComboBox::activated, this, &InsightsView::builderChanged);
    connect(m_compare, &QCheckBox::toggled, this, &InsightsView::builderChanged);
    return form;
}

QWidget *InsightsView::makeRetentionForm()
{
    auto *form = new QWidget(this);
    auto *row = new QHBoxLayout(form);
    row->setContentsMargins(0, 0, 0, 0);
    m_cohortEvent = eventPicker(form, tr("First event"), tr("any event"));
    m_returnEvent = eventPicker(form, tr("Return event"), tr("any event"));
    m_window = combo(form, {{tr("days"), int(Interval::Day)}, {tr("weeks"), int(Interval::Week)}}, tr("Window"));
    m_windows = new QSpinBox(form);
    m_windows->setAccessibleName(tr("Windows"));
    m_windows->setRange(1, 100);
    m_windows->setValue(8);
    row->addWidget(new QLabel(tr("Users who first did"), form));
    row->addWidget(m_cohortEvent, 1);
    row->addWidget(new QLabel(tr("coming back to"), form));
    row->addWidget(m_returnEvent, 1);
    row->addWidget(new QLabel(tr("over the last"), form));
    row->addWidget(m_windows);
    row->addWidget(m_window);
    for (QComboBox *box : {m_cohortEvent, m_returnEvent}) {
        connect(box->lineEdit(), &QLineEdit::editingFinished, this, &InsightsView::builderChanged);
        connect(box, &QComboBox::activated, this, &InsightsView::builderChanged);
    }
    connect(m_window, &QComboBox::activated, this, &InsightsView::builderChanged);
    connect(m_windows, &QSpinBox::editingFinished, this, &InsightsView::builderChanged);
    return form;
}

QWidget *InsightsView::makeFunnelForm()
{
    auto *form = new QWidget(this);
    auto *row = new QHBoxLayout(form);
    row->setContentsMargins(0, 0, 0, 0);
    m_steps = new QLineEdit(form);
    m_steps->setObjectName(QStringLiteral("funnelSteps"));
    m_steps->setAccessibleName(tr("Steps"));
    m_steps->setPlaceholderText(tr("Steps in order, e.g. app.open, search, buy"));
    m_steps->setCompleter(new QCompleter(new QStringListModel(m_steps), m_steps));
    m_funnelWindow = new QSpinBox(form);
    m_funnelWindow->setAccessibleName(tr("Conversion window"));
    m_funnelWindow->setRange(1, 999);
    m_funnelWindow->setValue(1);
    m_funnelUnit = combo(form, {{tr("minutes"), 60000}, {tr("hours"), 3600000}, {tr("days"), 86400000}}, tr("Window unit"));
    m_funnelUnit->setCurrentIndex(2);
    m_strict = new QCheckBox(tr("Strict order"), form);
    m_strict->setToolTip(tr("No other event of the user between two steps"));
    m_funnelBreakdown = combo(form, {{tr("No breakdown"), QString()}, {tr("by OS"), QStringLiteral("os")},
                                     {tr("by app version"), QStringLiteral("ext")}, {tr("by country"), QStringLiteral("country")}},
                              tr("Funnel breakdown"));
    row->addWidget(m_steps, 1);
    row->addWidget(new QLabel(tr("within"), form));
    row->addWidget(m_funnelWindow);
    row->addWidget(m_funnelUnit);
    row->addWidget(m_strict);
    row->addWidget(m_funnelBreakdown);
    connect(m_steps, &QLineEdit::editingFinished, this, &InsightsView::builderChanged);
    connect(m_funnelWindow, &QSpinBox::editingFinished, this, &InsightsView::builderChanged);
    for (QComboBox *box : {m_funnelUnit, m_funnelBreakdown})
        connect(box, &QComboBox::activated, this, &InsightsView::builderChanged);
    connect(m_strict, &QCheckBox::toggled, this, &InsightsView::builderChanged);
    return form;
}

void InsightsView::showPage(Page page)
{
    m_tabs->setCurrentIndex(int(page));
}

InsightsView::Page InsightsView::page() const
{
    return Page(m_tabs->currentIndex());
}

InsightSpec InsightsView::builtSpec() const
{
    InsightSpec spec;
    spec.filters = m_filters->text().trimmed();
    switch (page()) {
    case Trends:
    case Dashboard:
        spec.kind = InsightKind::Trend;
        spec.event = pickedEvent(m_event);
        spec.metric = TrendMetric(m_metric->currentData().toInt());
        spec.property = m_property->currentText().trimmed().remove(QRegularExpression(QStringLiteral("^m\\.")));
        spec.interval = Interval(m_interval->currentData().toInt());
        spec.breakdown = m_breakdown->currentData().toString();
        spec.style = MultiSeriesChart::Style(m_style->currentData().toInt());
        spec.comparePrevious = m_compare->isChecked();
        break;
    case ActiveUsers:
        spec.kind = InsightKind::ActiveUsers;
        break;
    case Sessions:
        spec.kind = InsightKind::Sessions;
        spec.interval = Interval(m_sessionInterval->currentData().toInt());
        break;
    case Retention:
        spec.kind = InsightKind::Retention;
        spec.event = pickedEvent(m_cohortEvent);
        spec.returnEvent = pickedEvent(m_returnEvent);
        spec.window = Interval(m_window->currentData().toInt());
        spec.windows = m_windows->value();
        break;
    case Funnels:
        spec.kind = InsightKind::Funnel;
        for (const QString &step : m_steps->text().split(QRegularExpression(QStringLiteral("\\s*(,|→|->)\\s*")), Qt::SkipEmptyParts))
            spec.steps.append(step.trimmed());
        spec.windowMs = qint64(m_funnelWindow->value()) * m_funnelUnit->currentData().toLongLong();
        spec.strict = m_strict->isChecked();
        spec.breakdown = m_funnelBreakdown->currentData().toString();
        break;
    }
    return spec;
}

void InsightsView::loadSpec(const InsightSpec &spec)
{
    m_loading = true;
    m_filters->setText(spec.filters);
    switch (spec.kind) {
    case InsightKind::Trend:
        setPicked(m_event, spec.event);
        m_metric->setCurrentIndex(m_metric->findData(int(spec.metric)));
        m_property->setEditText(spec.property.isEmpty() ? QString() : QStringLiteral("m.") + spec.property);
        m_property->setVisible(spec.metric != TrendMetric::Count && spec.metric != TrendMetric::Users);
        m_interval->setCurrentIndex(m_interval->findData(int(spec.interval)));
        if (m_breakdown->findData(spec.breakdown) < 0)
            m_breakdown->addItem(tr("by %1").arg(spec.breakdown), spec.breakdown);
        m_breakdown->setCurrentIndex(m_breakdown->findData(spec.breakdown));
        m_style->setCurrentIndex(m_style->findData(int(spec.style)));
        m_compare->setChecked(spec.comparePrevious);
        break;
    case InsightKind::ActiveUsers:
        break;
    case InsightKind::Sessions:
        m_sessionInterval->setCurrentIndex(std::max(0, m_sessionInterval->findData(int(spec.interval))));
        break;
    case InsightKind::Retention:
        setPicked(m_cohortEvent, spec.event);
        setPicked(m_returnEvent, spec.returnEvent);
        m_window->setCurrentIndex(std::max(0, m_window->findData(int(spec.window))));
        m_windows->setValue(spec.windows);
        break;
    case InsightKind::Funnel: {
        m_steps->setText(spec.steps.join(QStringLiteral(", ")));
        const qint64 units[] = {86400000, 3600000, 60000};
        for (const qint64 unit : units) {
            if (spec.windowMs % unit == 0) {
                m_funnelUnit->setCurrentIndex(m_funnelUnit->findData(unit));
                m_funnelWindow->setValue(int(spec.windowMs / unit));
                break;
            }
        }
        m_strict->setChecked(spec.strict);
        if (m_funnelBreakdown->findData(spec.breakdown) < 0)
            m_funnelBreakdown->addItem(tr("by %1").arg(spec.breakdown), spec.breakdown);
        m_funnelBreakdown->setCurrentIndex(m_funnelBreakdown->findData(spec.breakdown));
        break;
    }
    }
    const Page pages[] = {Trends, ActiveUsers, Sessions, Retention, Funnels};
    m_tabs->setCurrentIndex(int(pages[int(spec.kind)]));
    m_saved->setCurrentIndex(std::max(0, m_saved->findData(spec.name)));
    m_loading = false;
    InsightSpec shown = builtSpec();
    shown.name = spec.name;
    m_panel->setSpec(shown);
}

void InsightsView::builderChanged()
{
    if (m_loading || page() == Dashboard)
        return;
    // Any change makes it a new, unsaved insight; the same one is not read again.
    const InsightSpec spec = builtSpec();
    InsightSpec shown = m_panel->spec();
    shown.name.clear();
    shown.pinned = false;
    if (m_built && spec == shown)
        return;
    m_built = true;
    m_panel->setSpec(spec);
}

void InsightsView::showEvent(QShowEvent *event)
{
    refresh();
    View::showEvent(event);
}

void InsightsView::refresh()
{
    askProperties();
    if (page() == Dashboard) {
        for (InsightPanel *card : std::as_const(m_cards))
            card->refresh();
    } else {
        m_panel->refresh();
    }
}

void InsightsView::onTick()
{
    if (!isVisible() || m_context->rangePreset() == RangePreset::Custom)
        return;
    ++m_ticks;
    if (page() == Dashboard && m_ticks % DashboardRefreshSeconds == 0) {
        for (InsightPanel *card : std::as_const(m_cards)) {
            if (!card->isLoading()) // a slow one is not queued again behind itself
                card->refresh();
        }
    } else if (page() != Dashboard && m_ticks % BuilderRefreshSeconds == 0 && !m_panel->isLoading()) {
        m_panel->refresh();
    }
}

void InsightsView::askProperties()
{
    if (!m_properties.isRunning() && m_context->reader())
        m_properties.setFuture(m_context->reader()->properties(m_context->projectId(), m_context->range(), {}));
}

void InsightsView::showProperties()
{
    const auto result = m_properties.result();
    if (!result)
        return;
    QStringList names;
    for (const auto &[name, n] : result->events)
        names.append(name);
    m_eventNames = names;
    m_loading = true;
    for (QComboBox *box : {m_event, m_cohortEvent, m_returnEvent}) {
        const QString text = box->currentText();
        box->clear();
        box->addItems(names);
        box->setEditText(text);
    }
    qobject_cast<QStringListModel *>(m_steps->completer()->model())->setStringList(names);
    const QString property = m_property->currentText();
    m_property->clear();
    for (const PropertyValues &key : result->keys) {
        if (!key.key.startsWith(QLatin1String("m.")))
            continue;
        m_property->addItem(key.key);
        for (QComboBox *box : {m_breakdown, m_funnelBreakdown}) {
            if (box->findData(key.key) < 0)
                box->addItem(tr("by %1").arg(key.key), key.key);
        }
    }
    m_property->setEditText(property);
    m_loading = false;
}

QString InsightsView::settingsKey() const
{
    // Per database (or collector) and project: ids mean nothing elsewhere.
    return QStringLiteral("insights/%1/%2")
        .arg(QString::fromLatin1(m_context->databaseLocation().toUtf8().toBase64(QByteArray::Base64UrlEncoding)))
        .arg(m_context->projectId());
}

QList<InsightSpec> InsightsView::savedInsights() const
{
    QList<InsightSpec> out;
    const QJsonArray saved = QJsonDocument::fromJson(m_context->settings().value(settingsKey()).toByteArray()).array();
    for (const QJsonValue v : saved)
        out.append(InsightSpec::fromJson(v.toObject()));
    return out;
}

void InsightsView::saveInsight(const InsightSpec &spec)
{
    QJsonArray saved;
    bool replaced = false;
    for (InsightSpec s : savedInsights()) {
        if (s.name == spec.name) {
            s = spec;
            replaced = true;
        }
        saved.append(s.toJson());
    }
    if (!replaced)
        saved.append(spec.toJson());
    m_context->settings().setValue(settingsKey(), QJsonDocument(saved).toJson(QJsonDocument::Compact));
    fillSaved();
    m_saved->setCurrentIndex(std::max(0, m_saved->findData(spec.name)));
}

void InsightsView::removeInsight(const QString &name)
{
    QJsonArray saved;
    for (const InsightSpec &s : savedInsights()) {
        if (s.name != name)
            saved.append(s.toJson());
    }
    m_context->settings().setValue(settingsKey(), QJsonDocument(saved).toJson(QJsonDocument::Compact));
    fillSaved();
}

void InsightsView::saveAs()
{
    const InsightSpec built = builtSpec();
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save insight"), tr("Name:"), QLineEdit::Normal,
                                               m_panel->spec().name.isEmpty() ? built.describe() : m_panel->spec().name, &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    InsightSpec spec = built;
    spec.name = name.left(120);
    for (const InsightSpec &s : savedInsights()) {
        if (s.name == spec.name)
            spec.pinned = s.pinned;
    }
    saveInsight(spec);
    m_panel->setSpec(spec);
}

void InsightsView::fillSaved()
{
    m_saved->clear();
    m_saved->addItem(tr("(choose)"));
    for (const InsightSpec &s : savedInsights()) // the name without the pin is the item's data
        m_saved->addItem(s.pinned ? QStringLiteral("📌 ") + s.name : s.name, s.name);
    if (page() == Dashboard)
        rebuildDashboard();
}

void InsightsView::rebuildDashboard()
{
    qDeleteAll(m_cards);
    m_cards.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    QList<InsightSpec> pinned;
    for (const InsightSpec &s : savedInsights()) {
        if (s.pinned)
            pinned.append(s);
    }
    if (pinned.isEmpty()) {
        auto *hint = new QLabel(tr("Pin insights here: build one, then press “Pin to dashboard”. Pinned insights refresh "
                                   "every %1 seconds.").arg(DashboardRefreshSeconds), m_dashboard);
        hint->setAlignment(Qt::AlignCenter);
        hint->setWordWrap(true);
        auto *examples = new QPushButton(tr("Add examples from this project’s events"), m_dashboard);
        connect(examples, &QPushButton::clicked, this, &InsightsView::addExamples);
        m_grid->addWidget(hint, 0, 0, Qt::AlignBottom);
        m_grid->addWidget(examples, 1, 0, Qt::AlignHCenter | Qt::AlignTop);
        return;
    }
    for (qsizetype i = 0; i < pinned.size(); ++i) {
        auto *card = new InsightPanel(m_context, m_dashboard);
        card->setFrameShape(QFrame::StyledPanel);
        card->setMinimumHeight(300);
        card->setContextMenuPolicy(Qt::CustomContextMenu);
        const InsightSpec spec = pinned[i];
        connect(card, &QWidget::customContextMenuRequested, card, [this, card, spec](const QPoint &at) {
            QMenu menu;
            menu.addAction(tr("Open in the builder"), this, [this, spec] { loadSpec(spec); });
            menu.addAction(tr("Export data or picture…"), card, [card, spec] {
                exportChart(card->window(), card->pictureWidget(), spec.name, card->toCsv());
            });
            menu.addAction(tr("Unpin"), this, [this, spec] {
                InsightSpec unpinned = spec;
                unpinned.pinned = false;
                saveInsight(unpinned);
            });
            menu.exec(card->mapToGlobal(at));
        });
        connect(card, &InsightPanel::eventsRequested, this, &InsightsView::eventsRequested);
        card->setSpec(spec);
        m_cards.append(card);
        m_grid->addWidget(card, int(i / 2), int(i % 2));
    }
}

void InsightsView::addExamples()
{
    QList<InsightSpec> examples;
    InsightSpec trend;
    trend.name = tr("Events per day by OS");
    trend.breakdown = QStringLiteral("os");
    trend.style = MultiSeriesChart::Style::Area;
    examples << trend;
    InsightSpec users;
    users.name = tr("Active users");
    users.kind = InsightKind::ActiveUsers;
    examples << users;
    if (!m_eventNames.isEmpty()) {
        InsightSpec top;
        top.name = tr("%1 per day, against the period before").arg(m_eventNames.constFirst());
        top.event = m_eventNames.constFirst();
        top.comparePrevious = true;
        examples << top;
    }
    if (m_eventNames.size() >= 3) {
        InsightSpec funnel;
        funnel.name = tr("From %1 to %2").arg(m_eventNames[0], m_eventNames[2]);
        funnel.kind = InsightKind::Funnel;
        funnel.steps = m_eventNames.mid(0, 3);
        examples << funnel;
    }
    InsightSpec sessions;
    sessions.name = tr("Sessions per day");
    sessions.kind = InsightKind::Sessions;
    examples << sessions;
    InsightSpec retention;
    retention.name = tr("Daily retention");
    retention.kind = InsightKind::Retention;
    examples << retention;
    for (InsightSpec &spec : examples) {
        spec.pinned = true;
        saveInsight(spec);
    }
}

bool InsightsView::exportData()
{
    if (page() == Dashboard)
        return false;
    const InsightSpec &spec = m_panel->spec();
    return exportChart(window(), m_panel->pictureWidget(), spec.name.isEmpty() ? QStringLiteral("insight") : spec.name,
                       m_panel->toCsv());
}

} // namespace tdesk
