#pragma once

#include "core/result.h"
#include "query/readtypes.h"
#include "views/view.h"

#include <QFutureWatcher>

class QComboBox;
class QLabel;
class QSplitter;
class QTreeWidget;

namespace tdesk {

class AppContext;
class WorldMapWidget;

// Where events come from: a header saying how many events from how many countries in which range,
// the world with countries shaded by events or users and dots for cities, and beside it the
// countries ranked by events. A click on a country, on the map or in the list, shows its events;
// hovering a row outlines its country on the map.
class MapView : public View
{
    Q_OBJECT

public:
    explicit MapView(AppContext *context, QWidget *parent = nullptr);
    ~MapView() override;

    QString title() const override { return tr("Map"); }
    QIcon icon() const override;
    void refresh() override;
    bool exportData() override;

    WorldMapWidget *map() const { return m_map; }
    QLabel *header() const { return m_header; }
    QTreeWidget *countryList() const { return m_countries; }
    QTreeWidget *cityList() const { return m_cities; }
    const GeoSummary &summary() const { return m_summary; }

Q_SIGNALS:
    void filterRequested(const QString &field, const QString &value);
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum Column { CountryColumn, EventsColumn, UsersColumn, ShareColumn };
    enum CityColumn { CityColumn, CityCountryColumn, CityEventsColumn, CityShareColumn };
    void showSummary();
    void showCountries();
    void showCities();
    void fitMapHeight();
    QString share(qint64 events) const;
    QString rangeText() const;

    AppContext *m_context;
    WorldMapWidget *m_map;
    QComboBox *m_metric;
    QLabel *m_header;
    QTreeWidget *m_countries;
    QTreeWidget *m_cities;
    QSplitter *m_mapColumn;
    bool m_mapColumnSizedByUser = false;
    QFutureWatcher<Result<GeoSummary>> m_query;
    GeoSummary m_summary;
    bool m_stale = false;
    int m_ticks = 0;
};

} // namespace tdesk
