#pragma once

#include "core/result.h"

#include <QHash>
#include <QList>
#include <QPainterPath>
#include <QRectF>
#include <QString>

namespace tdesk {

// The countries of the world as painter paths in the plane of the Equal Earth projection, with y
// growing southwards like screen coordinates. Equal Earth is equal-area, so the share of the map a
// country fills matches its size, which a choropleth needs, and it keeps the shapes familiar.
// Built once from the map file (see scripts/convert-natural-earth.py); read-only afterwards.
class WorldShapes
{
public:
    struct Country
    {
        QString code;       // ISO 3166-1 alpha-2 ("XK" for Kosovo); empty for the few shapes without one
        QString name;       // English
        QPainterPath path;  // projected; rings filled with the even-odd rule
        QRectF bounds;      // of path, kept for a quick reject when hit testing
    };

    static QString builtInPath() { return QStringLiteral(":/map/countries.json"); }

    // From a map file written by scripts/convert-natural-earth.py.
    static Result<WorldShapes> load(const QString &path);
    // The map compiled into the app, loaded on first use and shared (empty if it cannot be read).
    static const WorldShapes &builtIn();

    // Longitude and latitude in degrees to the projected plane.
    static QPointF project(double lon, double lat);

    const QList<Country> &countries() const { return m_countries; }
    // The country containing a projected point: its index in countries(), or -1 (sea, or off the map).
    int indexAt(QPointF projected) const;
    // Its code; empty for the sea and for shapes without a code.
    QString countryAt(QPointF projected) const;
    // A country's English name by code; empty if the map has no such country.
    QString name(const QString &code) const;
    const Country *country(const QString &code) const;
    // The sea: the whole projected globe, pole to pole, with the projection's curved edges. The map
    // has no Antarctica (see resources/map/ATTRIBUTION.md), but the globe is not cut where land ends.
    const QPainterPath &outline() const { return m_outline; }
    // Parallels and meridians every 30°, open lines to stroke.
    const QPainterPath &graticule() const { return m_graticule; }
    // The projected rectangle of outline(), which all countries lie in.
    QRectF bounds() const { return m_outline.boundingRect(); }

private:
    QList<Country> m_countries;
    QHash<QString, qsizetype> m_indexByCode;
    QPainterPath m_outline;
    QPainterPath m_graticule;
};

} // namespace tdesk
