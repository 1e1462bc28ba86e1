#include "views/eventsview.h"

#include "appcontext.h"
#include "models/eventtablemodel.h"
#include "widgets/icons.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QFutureWatcher>

#include <atomic>

namespace tdesk {

EventsView::EventsView(AppContext *context, QWidget *parent)
    : View(parent)
    , m_context(context)
    , m_model(new EventTableModel(context->reader(), this))
{
    setObjectName(QStringLiteral("events")); // stable and untranslated, for file names
    auto *layout = new QVBoxLayout(this);
    auto *filters = new QHBoxLayout;
    const auto field = [this, filters](const QString &label, const QString &placeholder, int width) {
        auto *edit = new QLineEdit(this);
        edit->setPlaceholderText(placeholder);
        edit->setAccessibleName(label);
        edit->setToolTip(label);
        edit->setClearButtonEnabled(true);
        if (width > 0)
            edit->setMaximumWidth(width);
        filters->addWidget(edit, width > 0 ? 0 : 1);
        connect(edit, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
        return edit;
    };
    m_text = field(tr("Text in properties"), tr("Search properties…"), 0);
    m_name = field(tr("Event name"), tr("Event"), 170);
    m_user = field(tr("User"), tr("User id or hash"), 170);
    m_os = field(tr("Operating system"), tr("OS"), 90);
    m_version = field(tr("App version"), tr("Version"), 90);
    m_country = field(tr("Country"), tr("Country"), 70);
    auto *clear = new QPushButton(tr("Clear"), this);
    m_live = new QCheckBox(tr("Live tail"), this);
    m_live->setToolTip(tr("Show new events as they arrive"));
    m_live->setChecked(true);
    auto *exportButton = new QPushButton(tr("Export CSV…"), this);
    filters->addWidget(clear);
    filters->addWidget(m_live);
    filters->addWidget(exportButton);
    layout->addLayout(filters);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(splitter);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const int widths[] = {150, 160, 90, 90, 70, 95, 95, 60, 110};
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_table->setColumnWidth(column, widths[column]);

    auto *detailPane = new QWidget(splitter);
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_detail = new QPlainTextEdit(detailPane);
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select an event to see all of it."));
    m_detail->setAccessibleName(tr("Event details"));
    auto *copy = new QPushButton(tr("Copy JSON"), detailPane);
    detailLayout->addWidget(m_detail);
    detailLayout->addWidget(copy, 0, Qt::AlignRight);
    splitter->addWidget(m_table);
    splitter->addWidget(detailPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    m_status = new QLabel(this);
    layout->addWidget(m_status);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300); // typing a word is one query, not one per key
    connect(&m_debounce, &QTimer::timeout, this, &EventsView::applyFilter);
    connect(clear, &QPushButton::clicked, this, [this] {
        for (QLineEdit *edit : {m_text, m_name, m_user, m_os, m_version, m_country})
            edit->clear();
        applyFilter();
    });
    connect(m_live, &QCheckBox::toggled, this, [this](bool on) { m_model->setLiveTail(on && isVisible()); });
    connect(exportButton, &QPushButton::clicked, this, &EventsView::exportData);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_detail->toPlainText()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EventsView::showDetail);
    connect(m_model, &EventTableModel::fetchingChanged, this, &EventsView::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventsView::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventsView::updateStatus);
    connect(m_model, &EventTableModel::scannedBackTo, this, [this](qint64 ms) {
        m_scannedBackTo = ms;
        updateStatus();
    });
    connect(m_model, &EventTableModel::errorOccurred, this, [this](const QString &message) {
        m_status->setText(tr("Cannot read the events: %1").arg(message));
    });
    connect(context, &AppContext::selectionChanged, this, &EventsView::applyFilter);
    connect(context, &AppContext::storeChanged, this, &EventsView::applyFilter);
    applyFilter();
}

EventsView::~EventsView() = default;

void EventsView::showEvent(QShowEvent *event)
{
    // A rolling range has moved on since the view was last shown: read it again.
    if (m_context->rangePreset() != RangePreset::Custom && !m_table->currentIndex().isValid())
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
    m_model->setFilter(currentFilter());
    m_detail->clear();
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

void EventsView::filterBy(const QString &field, const QString &value)
{
    QLineEdit *edit = field == QLatin1String("name") ? m_name
        : field == QLatin1String("user")             ? m_user
        : field == QLatin1String("os")               ? m_os
        : field == QLatin1String("version")          ? m_version
        : field == QLatin1String("country")          ? m_country
        : field == QLatin1String("text")             ? m_text
                                                     : nullptr;
    if (!edit)
        return;
    const QSignalBlocker blocker(edit);
    edit->setText(value);
    applyFilter();
}

void EventsView::showDetail()
{
    const QModelIndex current = m_table->currentIndex();
    m_detail->setPlainText(current.isValid() ? current.data(EventTableModel::JsonRole).toString() : QString());
}

void EventsView::updateStatus()
{
    const QLocale locale;
    const int rows = m_model->rowCount();
    QString text;
    if (m_model->isFetching())
        text = m_scannedBackTo > 0 ? tr("Searching… %Ln event(s) found, back to %1", nullptr, rows)
                                         .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(m_scannedBackTo), QLocale::ShortFormat))
                                   : tr("Searching…");
    else if (rows == 0)
        text = tr("No events match this filter in the selected range.");
    else
        text = m_model->reachedEnd() ? tr("%Ln event(s)", nullptr, rows) : tr("%Ln event(s) loaded; scroll for more", nullptr, rows);
    m_status->setText(text);
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
    m_status->setText(tr("Exported %Ln event(s) to %1", nullptr, int(std::min<qint64>(result.value(), INT_MAX))).arg(path));
    return true;
}

} // namespace tdesk
