#include "views/eventsview.h"

#include "appcontext.h"
#include "models/eventtablemodel.h"
#include "widgets/countrynames.h"
#include "widgets/icons.h"

#include <QApplication>
#include <QCheckBox>
#include <QCompleter>
#include <QClipboard>
#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QGuiApplication>
#include <QStyle>
#include <QStandardItemModel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QScopedValueRollback>
#include <QStyle>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QFutureWatcher>

#include <atomic>

namespace tdesk {
namespace {

constexpr int SuggestionLimit = 12;
constexpr int SuggestionDelayMs = 120; // one read per pause in typing, not one per key
constexpr int CountStepMs = 40;        // each counting step; the steps follow one another
// Widest a content-sized column becomes; the user can widen it.
constexpr int MaxContentColumnWidth = 200;
constexpr int ColumnPadding = 4;
constexpr int MeasuredRows = 500; // per arrival: a long page is measured by its first rows

// `color` mixed into `base` by `amount` (0..1).
QColor mixed(const QColor &base, const QColor &color, double amount)
{
    return QColor::fromRgbF(float(base.redF() + (color.redF() - base.redF()) * amount),
                            float(base.greenF() + (color.greenF() - base.greenF()) * amount),
                            float(base.blueF() + (color.blueF() - base.blueF()) * amount));
}

} // namespace

EventsView::EventsView(AppContext *context, QWidget *parent)
    : View(parent)
    , m_context(context)
    , m_model(new EventTableModel(context->reader(), this))
{
    setObjectName(QStringLiteral("events")); // stable and untranslated, for file names
    auto *layout = new QVBoxLayout(this);
    auto *filters = new QHBoxLayout;
    layout->addLayout(filters);
    m_text = addFilterBox(tr("Text in properties"), tr("Search properties…"), {});
    m_name = addFilterBox(tr("Event name"), tr("Event name"), QStringLiteral("search.performed"));
    m_user = addFilterBox(tr("User"), tr("User id or hash"), QStringLiteral("0123456789abcdef"));
    m_os = addFilterBox(tr("Operating system"), tr("OS"), QStringLiteral("windows"));
    m_version = addFilterBox(tr("App version"), tr("App version"), QStringLiteral("1.22.333"));
    m_country = addFilterBox(tr("Country"), tr("Country"), QStringLiteral("WW"));
    for (QLineEdit *edit : std::as_const(m_filterBoxes))
        filters->addWidget(edit, edit == m_text ? 1 : 0);
    offerSuggestions(m_name, EventField::Name);
    offerSuggestions(m_os, EventField::Os);
    offerSuggestions(m_version, EventField::AppVersion);
    offerSuggestions(m_country, EventField::Country);
    styleFilterBoxes();
    auto *clear = new QPushButton(tr("Clear"), this);
    m_live = new QCheckBox(tr("Live tail"), this);
    m_live->setToolTip(tr("Show new events as they arrive"));
    m_live->setChecked(true);
    auto *exportButton = new QPushButton(tr("Export CSV…"), this);
    filters->addWidget(clear);
    filters->addWidget(m_live);
    filters->addWidget(exportButton);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(splitter);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    sizeColumnsToContents(0, -1); // the headers' widths until rows come
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
        // A drag on the header (a button is down; hiding the Project column or a new font are not the
        // user's widths). Properties follows the window.
        if (!m_sizingColumns && column != EventTableModel::PropertiesColumn && QGuiApplication::mouseButtons() != Qt::NoButton)
            m_columnsSized = true; // the user's widths: keep them
    });

    auto *detailPane = new QWidget(splitter);
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_detail = new QPlainTextEdit(detailPane);
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select an event to see all of it."));
    m_detail->setAccessibleName(tr("Event details"));
    auto *copy = new QPushButton(tr("Copy JSON"), detailPane);
    copy->setToolTip(tr("Copy the selected event as JSON"));
    detailLayout->addWidget(m_detail);
    detailLayout->addWidget(copy, 0, Qt::AlignRight);
    splitter->addWidget(m_table);
    splitter->addWidget(detailPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("eventCount"));
    m_status->setAccessibleName(tr("Events matching"));
    layout->addWidget(m_status);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300); // typing a word is one query, not one per key
    connect(&m_debounce, &QTimer::timeout, this, &EventsView::applyFilter);
    connect(clear, &QPushButton::clicked, this, [this] {
        for (QLineEdit *edit : std::as_const(m_filterBoxes))
            edit->clear();
        applyFilter();
    });
    connect(m_live, &QCheckBox::toggled, this, [this](bool on) { m_model->setLiveTail(on && isVisible()); });
    connect(exportButton, &QPushButton::clicked, this, &EventsView::exportData);
    connect(copy, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            QApplication::clipboard()->setText(current.data(EventTableModel::JsonRole).toString());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EventsView::showDetail);
    connect(m_model, &EventTableModel::fetchingChanged, this, &EventsView::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventsView::updateStatus);
    connect(m_model, &EventTableModel::scannedBackTo, this, [this](qint64 ms) {
        m_scannedBackTo = ms;
        updateStatus();
    });
    connect(m_model, &EventTableModel::errorOccurred, this, [this](const QString &message) {
        m_message = tr("Cannot read the events: %1").arg(message);
        updateStatus();
    });
    connect(m_model, &EventTableModel::firstPageArrived, this, [this](qint64 newestStoredId) {
        m_countThrough = newestStoredId;
        requestCount(EventCursor());
    });
    connect(m_model, &EventTableModel::eventsArrived, this, [this](qint64 count) {
        m_arrived += count;
        updateStatus();
    });
    connect(&m_count, &QFutureWatcherBase::finished, this, &EventsView::applyCount);
    connect(&m_projects, &QFutureWatcherBase::finished, this, [this] {
        if (!m_projects.isFinished())
            return;
        const Result<QList<Project>> projects = m_projects.result();
        if (!projects)
            return; // without names the column shows project ids
        QHash<qint64, QString> names;
        for (const Project &project : projects.value())
            names.insert(project.id, project.name);
        m_model->setProjectNames(names);
    });
    connect(context, &AppContext::selectionChanged, this, &EventsView::applyFilter);
    connect(context, &AppContext::storeChanged, this, &EventsView::applyFilter);
    connect(context, &AppContext::catalogChanged, this, &EventsView::readProjectNames);
    readProjectNames();
    applyFilter();
}

QLineEdit *EventsView::addFilterBox(const QString &label, const QString &placeholder, const QString &widest)
{
    auto *edit = new QLineEdit(this);
    edit->setPlaceholderText(placeholder);
    edit->setAccessibleName(label);
    edit->setToolTip(label);
    edit->setClearButtonEnabled(true);
    if (!widest.isEmpty()) {
        // Room for the placeholder or a typical value, whichever is wider, and the clear button.
        const QFontMetrics metrics = edit->fontMetrics();
        const int text = std::max(metrics.horizontalAdvance(placeholder), metrics.horizontalAdvance(widest));
        edit->setFixedWidth(text + metrics.height() + 24);
    }
    connect(edit, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    m_filterBoxes.append(edit);
    return edit;
}

// Completion from the values stored for the field, most frequent first, read as the user types.
void EventsView::offerSuggestions(QLineEdit *edit, EventField field)
{
    auto *values = new QStandardItemModel(edit);
    auto *completer = new QCompleter(values, edit);
    completer->setCompletionRole(Qt::UserRole); // the value; the popup may say more
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    completer->setMaxVisibleItems(SuggestionLimit);
    edit->setCompleter(completer);
    auto *pause = new QTimer(edit);
    pause->setSingleShot(true);
    pause->setInterval(SuggestionDelayMs);
    auto *answer = new QFutureWatcher<Result<QStringList>>(edit);
    connect(edit, &QLineEdit::textEdited, pause, qOverload<>(&QTimer::start));
    connect(pause, &QTimer::timeout, this, [this, edit, field, answer] {
        const QString prefix = edit->text().trimmed();
        if (prefix.isEmpty())
            return;
        answer->setFuture(m_context->reader()->suggestValues(m_context->projectId(), m_context->range(), field, prefix,
                                                             SuggestionLimit));
    });
    connect(answer, &QFutureWatcherBase::finished, edit, [edit, field, values, completer, answer] {
        if (!answer->isFinished())
            return;
        const Result<QStringList> suggestions = answer->result();
        if (!suggestions)
            return; // suggestions help; without them the box still filters
        values->clear();
        for (const QString &value : suggestions.value()) {
            // Countries are filtered by code; the popup names them too ("DE  Germany").
            auto *item = new QStandardItem(field == EventField::Country ? value + QStringLiteral("  ") + countryName(value) : value);
            item->setData(value, Qt::UserRole);
            values->appendRow(item);
        }
        // The completer narrows them to what is typed by now.
        if (edit->hasFocus() && !edit->text().trimmed().isEmpty()) {
            completer->setCompletionPrefix(edit->text().trimmed());
            completer->complete();
        }
    });
}

// Fusion draws a line edit's frame a shade darker than the window: invisible on a dark window. A
// frame mixed from the text and base colours shows in either palette.
void EventsView::styleFilterBoxes()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor frame = mixed(base, pal.color(QPalette::Text), 0.38);
    const QString sheet = QStringLiteral(
        "QLineEdit { border: 1px solid %1; border-radius: 3px; padding: 2px 4px; background: %2; }"
        " QLineEdit:focus { border-color: %3; }")
        .arg(frame.name(), base.name(), pal.color(QPalette::Highlight).name());
    for (QLineEdit *edit : std::as_const(m_filterBoxes))
        edit->setStyleSheet(sheet);
}

void EventsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        styleFilterBoxes();
    View::changeEvent(event);
}

EventsView::~EventsView() = default;

void EventsView::showEvent(QShowEvent *event)
{
    // A rolling range has moved on since the view was last shown: read it again, unless the user
    // is looking at an event.
    if (m_context->rangePreset() != RangePreset::Custom && !m_userSelected)
        applyFilter();
    m_model->setLiveTail(m_live->isChecked());
    View::showEvent(event);
}

void EventsView::hideEvent(QHideEvent *event)
{
    m_model->setLiveTail(false); // nobody watches: no need to read every arrival
    View::hideEvent(event);
}

QIcon EventsView::icon() const
{
    return themedIcon(QStringLiteral("events"), palette());
}

EventFilter EventsView::currentFilter() const
{
    EventFilter filter;
    filter.projectId = m_context->projectId();
    filter.range = m_context->range();
    filter.name = m_name->text().trimmed();
    filter.user = m_user->text().trimmed();
    filter.os = m_os->text().trimmed();
    filter.version = m_version->text().trimmed();
    filter.country = m_country->text().trimmed();
    filter.text = m_text->text().trimmed();
    return filter;
}

void EventsView::applyFilter()
{
    m_debounce.stop();
    m_scannedBackTo = 0;
    m_message.clear();
    m_userSelected = false;
    ++m_countToken; // a count on its way is of the old filter
    m_countThrough = -1;
    m_counted = 0;
    m_arrived = 0;
    m_countComplete = false;
    m_countFailed = false;
    const EventFilter filter = currentFilter();
    {
        const QScopedValueRollback sizing(m_sizingColumns, true);
        m_table->setColumnHidden(EventTableModel::ProjectColumn, filter.projectId != AllProjects);
    }
    m_model->setFilter(filter);
    m_detail->clear();
}

void EventsView::readProjectNames()
{
    m_projects.setFuture(m_context->reader()->projects());
}

void EventsView::onRowsInserted(int first, int last)
{
    const int inserted = last - first + 1;
    if (!m_table->currentIndex().isValid() && !m_userSelected) {
        // The first page: show its newest event rather than an empty pane.
        const QScopedValueRollback selecting(m_selecting, true);
        m_table->selectRow(0);
    } else if (first == 0 && m_table->verticalScrollBar()->value() > 0) {
        // The live tail added rows above a user who has scrolled down: keep their rows in place.
        QScrollBar *bar = m_table->verticalScrollBar();
        bar->setValue(bar->value() + inserted);
    }
    if (!m_columnsSized)
        sizeColumnsToContents(first, last); // later rows may hold longer values than the first page
    updateStatus();
}

void EventsView::sizeColumnsToContents(int firstRow, int lastRow)
{
    // The header and the rows [firstRow, lastRow], measured in the model (the view measures only the
    // rows in sight), with room to breathe; the time always in full, other long values cut (their
    // tooltips and the detail pane hold them). Columns only widen: a narrower page must not make the
    // table jump.
    const QScopedValueRollback sizing(m_sizingColumns, true);
    const QFontMetrics metrics(m_table->font());
    const int margins = 2 * (m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1) + ColumnPadding;
    for (int column = 0; column < EventTableModel::PropertiesColumn; ++column) {
        int content = m_table->horizontalHeader()->sectionSizeHint(column) + ColumnPadding;
        for (int row = std::max(firstRow, 0); row <= std::min(lastRow, firstRow + MeasuredRows); ++row)
            content = std::max(content, metrics.horizontalAdvance(m_model->index(row, column).data().toString()) + margins);
        const int width = column == EventTableModel::TimeColumn ? content : std::min(content, MaxContentColumnWidth);
        m_table->setColumnWidth(column, m_model->rowCount() > 0 ? std::max(m_table->columnWidth(column), width) : width);
    }
    // Properties take the rest (the last section stretches).
}

void EventsView::requestCount(const EventCursor &after)
{
    if (m_countThrough < 0)
        return;
    m_countAsked = m_countToken;
    m_count.setFuture(m_context->reader()->countEvents(m_model->filter(), m_countThrough, after, ScanBudget{CountStepMs, 0}));
}

void EventsView::applyCount()
{
    if (!m_count.isFinished() || m_countAsked != m_countToken)
        return; // of a filter no longer shown
    const Result<EventCount> count = m_count.result();
    if (!count) {
        m_countFailed = true; // the rows still show; the line says the count is missing
    } else {
        m_counted += count->events;
        m_countComplete = count->complete;
        if (!m_countComplete)
            requestCount(count->next);
    }
    updateStatus();
}

void EventsView::refresh()
{
    applyFilter();
}

bool EventsView::focusSearch()
{
    m_text->setFocus();
    m_text->selectAll();
    return true;
}

void EventsView::filterTo(const QList<QPair<QString, QString>> &fields)
{
    for (QLineEdit *edit : {m_name, m_user, m_os, m_version, m_country, m_text}) {
        const QSignalBlocker blocker(edit);
        edit->clear();
    }
    for (const auto &[field, value] : fields) {
        if (QLineEdit *edit = editFor(field); edit && !value.isEmpty()) {
            const QSignalBlocker blocker(edit);
            edit->setText(value);
        }
    }
    applyFilter();
}

QLineEdit *EventsView::editFor(const QString &field) const
{
    return field == QLatin1String("name") ? m_name
        : field == QLatin1String("user")             ? m_user
        : field == QLatin1String("os")               ? m_os
        : field == QLatin1String("version")          ? m_version
        : field == QLatin1String("country")          ? m_country
        : field == QLatin1String("text")             ? m_text
                                                     : nullptr;
}

void EventsView::filterBy(const QString &field, const QString &value)
{
    QLineEdit *edit = editFor(field);
    if (!edit)
        return;
    const QSignalBlocker blocker(edit);
    edit->setText(value);
    applyFilter();
}

void EventsView::showDetail()
{
    if (!m_selecting)
        m_userSelected = true;
    const QModelIndex current = m_table->currentIndex();
    m_detail->setPlainText(current.isValid() ? current.data(EventTableModel::DetailRole).toString() : QString());
}

QString EventsView::statusText() const
{
    if (!m_message.isEmpty())
        return m_message;
    const QLocale locale;
    const qint64 rows = m_model->rowCount();
    const bool searching = m_model->isFetching();
    if (!searching && rows == 0 && m_model->reachedEnd() && m_arrived == 0)
        return tr("No events match this filter in the selected range.");

    const qint64 total = m_counted + m_arrived;
    const int plural = int(std::min<qint64>(total, INT_MAX));
    QString matching;
    if (m_countFailed)
        matching = tr("The matching events could not be counted");
    else if (m_countComplete)
        matching = tr("%1 event(s) match", nullptr, plural).arg(locale.toString(total));
    else if (total > 0)
        matching = tr("At least %1 event(s) match (counting…)", nullptr, plural).arg(locale.toString(total));
    else
        matching = tr("Counting…");

    QString shown;
    if (searching && m_scannedBackTo > 0 && m_scannedBackTo < std::numeric_limits<qint64>::max())
        shown = tr("%1 shown, searching back to %2")
                    .arg(locale.toString(rows), locale.toString(QDateTime::fromMSecsSinceEpoch(m_scannedBackTo), QLocale::ShortFormat));
    else if (searching)
        shown = tr("%1 shown, searching…").arg(locale.toString(rows));
    else
        shown = tr("%1 shown").arg(locale.toString(rows));
    return matching + QStringLiteral(" · ") + shown;
}

void EventsView::updateStatus()
{
    m_status->setText(statusText());
}

bool EventsView::exportData()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export events as CSV"),
                                                      QStringLiteral("events.csv"), tr("CSV files (*.csv)"));
    return !path.isEmpty() && exportCsv(path);
}

bool EventsView::exportCsv(const QString &path)
{
    const EventFilter filter = currentFilter();
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    auto progress = std::make_shared<std::atomic<qint64>>(0);
    QProgressDialog dialog(tr("Exporting events…"), tr("Cancel"), 0, 0, this);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(300);
    QFutureWatcher<Result<qint64>> watcher;
    connect(&watcher, &QFutureWatcherBase::finished, &dialog, &QProgressDialog::reset);
    connect(&dialog, &QProgressDialog::canceled, this, [cancel] { *cancel = true; });
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, &dialog, [&] {
        dialog.setLabelText(tr("Exporting events… %Ln written", nullptr, int(std::min<qint64>(progress->load(), INT_MAX))));
    });
    ticker.start(200);
    CsvExportOptions options;
    options.cancel = cancel.get(); // outlives the export: waited for below
    options.progress = [progress](qint64 rows, qint64) { *progress = rows; };
    watcher.setFuture(m_context->reader()->exportCsv(filter, path, options));
    dialog.exec();
    watcher.waitForFinished();
    const Result<qint64> result = watcher.result();
    if (*cancel)
        return false;
    if (!result) {
        QMessageBox::warning(this, tr("Export events"), tr("The export failed, and no file was written:\n\n%1").arg(result.error()));
        return false;
    }
    m_message = tr("Exported %Ln event(s) to %1", nullptr, int(std::min<qint64>(result.value(), INT_MAX))).arg(path);
    updateStatus();
    return true;
}

} // namespace tdesk
