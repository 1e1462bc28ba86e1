#include "views/mapview.h"

#include "appcontext.h"
#include "map/worldmapwidget.h"
#include "widgets/icons.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace tdesk {

MapView::MapView(AppContext *context, QWidget *parent)
    : View(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("map")); // stable and untranslated, for file names
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_metric = new QComboBox(this);
    m_metric->addItem(tr("Events per country"));
    m_metric->addItem(tr("Users per country"));
    m_metric->setAccessibleName(tr("Shade countries by"));
    m_caption = new QLabel(this);
    auto *zoomIn = new QPushButton(tr("Zoom in"), this);
    auto *zoomOut = new QPushButton(tr("Zoom out"), this);
    auto *reset = new QPushButton(tr("Whole world"), this);
    auto *save = new QPushButton(tr("Export picture…"), this);
    bar->addWidget(m_metric);
    bar->addWidget(m_caption, 1);
    bar->addWidget(zoomIn);
    bar->addWidget(zoomOut);
    bar->addWidget(reset);
    bar->addWidget(save);
    layout->addLayout(bar);
    m_map = new WorldMapWidget(this);
    layout->addWidget(m_map, 1);

    connect(zoomIn, &QPushButton::clicked, m_map, &WorldMapWidget::zoomIn);
    connect(zoomOut, &QPushButton::clicked, m_map, &WorldMapWidget::zoomOut);
    connect(reset, &QPushButton::clicked, m_map, &WorldMapWidget::resetView);
    connect(save, &QPushButton::clicked, this, &MapView::exportData);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &MapView::showSummary);
    connect(m_map, &WorldMapWidget::countryClicked, this, [this](const QString &code) {
        Q_EMIT filterRequested(QStringLiteral("country"), code);
    });
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

void MapView::refresh()
{
    if (m_query.isRunning()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    m_query.setFuture(m_context->reader()->geo(m_context->projectId(), m_context->range()));
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
            m_caption->setText(tr("Cannot read the map's data: %1").arg(result.error()));
            return;
        }
        m_summary = result.value();
    }
    const bool users = m_metric->currentIndex() == 1;
    QHash<QString, double> values;
    int located = 0;
    for (const GeoCountry &c : std::as_const(m_summary.countries)) {
        if (c.country.isEmpty())
            continue;
        values.insert(c.country, double(users ? c.users : c.events));
        ++located;
    }
    QList<MapPlace> places;
    for (const GeoPlace &p : std::as_const(m_summary.places))
        places.append(MapPlace{p.lat, p.lon, p.city.isEmpty() ? p.country : p.city, double(p.events)});
    m_map->setCountryValues(values, !users ? tr("Events") : m_summary.usersEstimated ? tr("Users (estimated)") : tr("Users"));
    m_map->setPlaces(places, tr("Events"));
    const QLocale locale;
    m_caption->setText(m_summary.events == 0
                           ? tr("No events in this range.")
                           : tr("%Ln event(s)", nullptr, int(std::min<qint64>(m_summary.events, INT_MAX))) + QStringLiteral(" · ")
                                 + tr("%Ln country(s). Click a country to see its events.", nullptr, located));
    Q_EMIT refreshed();
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
