#pragma once

#include "core/result.h"
#include "query/readtypes.h"
#include "views/view.h"

#include <QFutureWatcher>

class QComboBox;
class QLabel;

namespace tdesk {

class AppContext;
class WorldMapWidget;

// Where events come from: countries shaded by events or users, dots for cities with coordinates.
// A click on a country shows its events.
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
    const GeoSummary &summary() const { return m_summary; }

Q_SIGNALS:
    void filterRequested(const QString &field, const QString &value);
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showSummary();

    AppContext *m_context;
    WorldMapWidget *m_map;
    QComboBox *m_metric;
    QLabel *m_caption;
    QFutureWatcher<Result<GeoSummary>> m_query;
    GeoSummary m_summary;
    bool m_stale = false;
    int m_ticks = 0;
};

} // namespace tdesk
