#include "views/mapview.h"

#include "appcontext.h"
#include "map/worldmapwidget.h"
#include "widgets/countrynames.h"
#include "widgets/icons.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tdesk {
namespace {

constexpr int CodeRole = Qt::UserRole; // the ISO code of a list row; empty for "unknown"

int pluralCount(qint64 n)
{
    return int(std::min<qint64>(n, INT_MAX));
}

} // namespace

MapView::MapView(AppContext *context, QWidget *parent)
    : View(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("map")); // stable and untranslated, for file names
    auto *layout = new QVBoxLayout(this);

    // What is shown, in words, then the controls.
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("mapHeader"));
    QFont headerFont = m_header->font();
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.2);
    headerFont.setBold(true);
    m_header->setFont(headerFont);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_header);

    auto *bar = new QHBoxLayout;
    auto *shadeLabel = new QLabel(tr("Shade countries by"), this);
    m_metric = new QComboBox(this);
    m_metric->addItem(tr("Events"));
    m_metric->addItem(tr("Users"));
    m_metric->setAccessibleName(tr("Shade countries by"));
    shadeLabel->setBuddy(m_metric);
    const auto toolButton = [this](const QString &text, const QString &tip) {
        auto *button = new QToolButton(this);
        button->setText(text);
        button->setToolTip(tip);
        button->setAutoRaise(false);
        return button;
    };
    auto *zoomOut = toolButton(tr("Zoom out"), tr("Zoom out (−)"));
    auto *zoomIn = toolButton(tr("Zoom in"), tr("Zoom in (+)"));
    auto *reset = toolButton(tr("Whole world"), tr("Show the whole world (Home)"));
    auto *save = new QPushButton(tr("Export picture…"), this);
    save->setToolTip(tr("Save the map with its legend as a PNG picture or an SVG drawing"));
    auto *hint = new QLabel(tr("Click a country, on the map or in the list, to see its events."), this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(shadeLabel);
    bar->addWidget(m_metric);
    bar->addSpacing(12);
    bar->addWidget(hint, 1);
    bar->addWidget(zoomOut);
    bar->addWidget(zoomIn);
    bar->addWidget(reset);
    bar->addSpacing(12);
    bar->addWidget(save);
    layout->addLayout(bar);

    // The map as high as the whole world needs at its width, the cities below it, the countries beside.
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_mapColumn = new QSplitter(Qt::Vertical, splitter);
    m_mapColumn->setChildrenCollapsible(false);
    m_map = new WorldMapWidget(m_mapColumn);
    m_cities = new QTreeWidget(m_mapColumn);
    m_cities->setObjectName(QStringLiteral("cities"));
    m_cities->setAccessibleName(tr("Cities by events"));
    m_cities->setHeaderLabels({tr("City"), tr("Country"), tr("Events"), tr("Share")});
    m_cities->headerItem()->setToolTip(CityShareColumn, tr("Share of all events in the range"));
    m_countries = new QTreeWidget(splitter);
    m_countries->setObjectName(QStringLiteral("countries"));
    m_countries->setAccessibleName(tr("Countries by events"));
    m_countries->setHeaderLabels({tr("Country"), tr("Events"), tr("Users"), tr("Share")});
    m_countries->headerItem()->setToolTip(ShareColumn, tr("Share of all events in the range"));
    for (const int column : {EventsColumn, UsersColumn, ShareColumn})
        m_countries->headerItem()->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    m_countries->setRootIsDecorated(false);
    m_countries->setUniformRowHeights(true);
    m_countries->setAlternatingRowColors(true);
    m_countries->setMouseTracking(true);
    m_countries->setSelectionMode(QAbstractItemView::NoSelection);
    m_countries->setToolTip(tr("Click a country to see its events"));
    m_countries->header()->setStretchLastSection(false);
    m_countries->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_countries->header()->setSectionResizeMode(CountryColumn, QHeaderView::Stretch);
    m_countries->viewport()->installEventFilter(this);
    for (const int column : {CityEventsColumn, CityShareColumn})
        m_cities->headerItem()->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    m_cities->setRootIsDecorated(false);
    m_cities->setUniformRowHeights(true);
    m_cities->setAlternatingRowColors(true);
    m_cities->setMouseTracking(true);
    m_cities->setSelectionMode(QAbstractItemView::NoSelection);
    m_cities->header()->setStretchLastSection(false);
    m_cities->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_cities->header()->setSectionResizeMode(CityColumn, QHeaderView::Stretch);
    m_cities->viewport()->installEventFilter(this);
    m_mapColumn->installEventFilter(this);
    connect(m_mapColumn, &QSplitter::splitterMoved, this, [this] { m_mapColumnSizedByUser = true; });
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setCollapsible(0, false);
    splitter->setSizes({900, 340});
    layout->addWidget(splitter, 1);

    connect(zoomIn, &QToolButton::clicked, m_map, &WorldMapWidget::zoomIn);
    connect(zoomOut, &QToolButton::clicked, m_map, &WorldMapWidget::zoomOut);
    connect(reset, &QToolButton::clicked, m_map, &WorldMapWidget::resetView);
    connect(save, &QPushButton::clicked, this, &MapView::exportData);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &MapView::showSummary);
    connect(m_map, &WorldMapWidget::countryClicked, this, [this](const QString &code) {
        Q_EMIT filterRequested(QStringLiteral("country"), code);
    });
    // The same as a click on the map; "unknown" is no country the Events view can filter by.
    connect(m_countries, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        const QString code = item->data(CountryColumn, CodeRole).toString();
        if (!code.isEmpty())
            Q_EMIT filterRequested(QStringLiteral("country"), code);
    });
    for (QTreeWidget *list : {m_countries, m_cities}) {
        connect(list, &QTreeWidget::itemEntered, this, [this](QTreeWidgetItem *item) {
            m_map->setHighlightedCountry(item->data(0, CodeRole).toString());
        });
    }
    connect(&m_query, &QFutureWatcherBase::finished, this, &MapView::showSummary);
    // A hidden view catches up when it is shown: its queries would only slow the one in sight.
    const auto refreshIfShown = [this] {
        if (isVisible())
            refresh();
    };
    connect(context, &AppContext::selectionChanged, this, refreshIfShown);
    connect(context, &AppContext::storeChanged, this, refreshIfShown);
    connect(context, &AppContext::tick, this, [this] {
        if (isVisible() && ++m_ticks % 10 == 0 && m_context->rangePreset() != RangePreset::Custom)
            refresh();
    });
}

MapView::~MapView()
{
    m_query.waitForFinished();
}

QIcon MapView::icon() const
{
    return themedIcon(QStringLiteral("map"), palette());
}

void MapView::showEvent(QShowEvent *event)
{
    refresh(); // what arrived while another view was showing
    View::showEvent(event);
}

bool MapView::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_countries->viewport() || watched == m_cities->viewport()) && event->type() == QEvent::Leave)
        m_map->setHighlightedCountry(QString());
    else if (watched == m_mapColumn && event->type() == QEvent::Resize)
        fitMapHeight();
    return View::eventFilter(watched, event);
}

// Until the user moves the divider, the map takes the height that shows the whole world at its width
// (no empty bands above and below it) and the cities' list the rest, at least a few rows.
void MapView::fitMapHeight()
{
    const int total = m_mapColumn->height() - m_mapColumn->handleWidth();
    if (m_mapColumnSizedByUser || total <= 0)
        return;
    const int citiesMinimum = 4 * fontMetrics().height();
    const int mapHeight = std::clamp(m_map->heightForWidth(m_mapColumn->width()), total / 2, std::max(total - citiesMinimum, total / 2));
    m_mapColumn->setSizes({mapHeight, total - mapHeight});
}

void MapView::refresh()
{
    if (m_query.isRunning()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    m_query.setFuture(m_context->reader()->geo(m_context->projectId(), m_context->range()));
}

// The preset's name, or the dates of a custom range.
QString MapView::rangeText() const
{
    if (m_context->rangePreset() != RangePreset::Custom)
        return AppContext::presetName(m_context->rangePreset());
    const TimeRange range = m_context->range();
    const QLocale locale;
    return tr("%1 – %2").arg(locale.toString(QDateTime::fromMSecsSinceEpoch(range.fromMs), QLocale::ShortFormat),
                             locale.toString(QDateTime::fromMSecsSinceEpoch(range.toMs), QLocale::ShortFormat));
}

void MapView::showSummary()
{
    if (m_stale) {
        refresh();
        return;
    }
    if (sender() == &m_query) {
        const auto result = m_query.result();
        if (!result) {
            m_header->setText(tr("Cannot read the map's data: %1").arg(result.error()));
            return;
        }
        m_summary = result.value();
    }
    const bool users = m_metric->currentIndex() == 1;
    QHash<QString, double> values;
    qint64 located = 0; // countries with events in the range
    for (const GeoCountry &c : std::as_const(m_summary.countries)) {
        if (c.country.isEmpty())
            continue;
        located += c.events > 0 ? 1 : 0;
        const qint64 value = users ? c.users : c.events;
        if (value > 0)
            values.insert(c.country, double(value));
    }
    QList<MapPlace> places;
    for (const GeoPlace &p : std::as_const(m_summary.places)) {
        const QString country = countryName(p.country);
        places.append(MapPlace{p.lat, p.lon, p.city.isEmpty() ? country : tr("%1, %2").arg(p.city, country), double(p.events)});
    }
    m_map->setCountryValues(values, !users ? tr("Events") : m_summary.usersEstimated ? tr("Users (estimated)") : tr("Users"));
    m_map->setPlaces(places, tr("Events"));

    // The same count, formatted the same way, as the Overview's "Events" for this project and range.
    const QLocale locale;
    const QString range = rangeText();
    if (m_summary.events == 0)
        m_header->setText(tr("No events · %1").arg(range));
    else if (located == 0)
        m_header->setText(tr("%1, none from a known country · %2")
                              .arg(tr("%1 event(s)", nullptr, pluralCount(m_summary.events)).arg(locale.toString(m_summary.events)), range));
    else
        m_header->setText(tr("%1 from %2 · %3")
                              .arg(tr("%1 event(s)", nullptr, pluralCount(m_summary.events)).arg(locale.toString(m_summary.events)),
                                   tr("%Ln country(s)", nullptr, pluralCount(located)), range));
    showCountries();
    showCities();
    fitMapHeight(); // the legend's height may have changed
    Q_EMIT refreshed();
}

// A share of all events in the range, to a tenth of a percent; never "0.0%" for some events.
QString MapView::share(qint64 events) const
{
    if (m_summary.events <= 0)
        return QString();
    const QLocale locale;
    const double percent = 100.0 * double(events) / double(m_summary.events);
    return percent > 0 && percent < 0.05 ? tr("<%1%").arg(locale.toString(0.1, 'f', 1))
                                         : tr("%1%").arg(locale.toString(percent, 'f', 1));
}

// Countries by events, most first, then the events without a country; shares are of all events.
void MapView::showCountries()
{
    const QLocale locale;
    const QString usersPrefix = m_summary.usersEstimated ? QStringLiteral("~") : QString();
    QList<QTreeWidgetItem *> items;
    QTreeWidgetItem *unknown = nullptr;
    for (const GeoCountry &c : std::as_const(m_summary.countries)) {
        if (c.events <= 0)
            continue; // users on the range's days, but no event in the range
        auto *item = new QTreeWidgetItem;
        item->setText(CountryColumn, countryName(c.country));
        item->setData(CountryColumn, CodeRole, c.country);
        item->setText(EventsColumn, locale.toString(c.events));
        item->setText(UsersColumn, usersPrefix + locale.toString(c.users));
        item->setText(ShareColumn, share(c.events));
        for (const int column : {EventsColumn, UsersColumn, ShareColumn})
            item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
        if (c.country.isEmpty()) {
            QFont italic = item->font(CountryColumn);
            italic.setItalic(true);
            item->setFont(CountryColumn, italic);
            item->setToolTip(CountryColumn, tr("Events whose country the collector could not tell"));
            unknown = item;
        } else {
            item->setToolTip(CountryColumn, tr("%1 (%2): click to see its events").arg(countryName(c.country), c.country));
            items.append(item);
        }
    }
    if (unknown)
        items.append(unknown);
    m_countries->clear();
    m_countries->addTopLevelItems(items);
    m_countries->headerItem()->setToolTip(UsersColumn, m_summary.usersEstimated
                                                           ? tr("Distinct users, estimated from a sample")
                                                           : tr("Distinct users"));
}

// The cities the collector located, most events first (as many as the reader gives).
void MapView::showCities()
{
    const QLocale locale;
    QList<QTreeWidgetItem *> items;
    for (const GeoPlace &p : std::as_const(m_summary.places)) {
        auto *item = new QTreeWidgetItem;
        item->setText(CityColumn, p.city.isEmpty() ? tr("(no name: %1, %2)").arg(locale.toString(p.lat, 'f', 2), locale.toString(p.lon, 'f', 2))
                                                  : p.city);
        item->setData(CityColumn, CodeRole, p.country);
        item->setText(CityCountryColumn, countryName(p.country));
        item->setText(CityEventsColumn, locale.toString(p.events));
        item->setText(CityShareColumn, share(p.events));
        for (const int column : {CityEventsColumn, CityShareColumn})
            item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
        items.append(item);
    }
    m_cities->clear();
    m_cities->addTopLevelItems(items);
}

bool MapView::exportData()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export map"), QStringLiteral("map.png"),
                                                      tr("PNG picture (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return false;
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok && path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        ok = file.write(m_map->renderToSvg(m_map->size())) > 0;
    else if (ok)
        ok = m_map->renderToImage(m_map->size() * 2, 2.0).save(&file, "PNG");
    if (!ok || !file.commit()) {
        QMessageBox::warning(this, tr("Export map"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace tdesk
