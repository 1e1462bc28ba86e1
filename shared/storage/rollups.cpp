#include "storage/rollups.h"

#include <QStringList>

#include <sqlite3.h>

namespace tdesk {

QByteArray encodePlaceKey(const QByteArray &country, const QByteArray &city, double latitude, double longitude)
{
    char coordinates[64];
    sqlite3_snprintf(int(sizeof coordinates), coordinates, "|%.2f|%.2f", latitude, longitude);
    return country + '|' + city + coordinates;
}

std::optional<PlaceKey> decodePlaceKey(const QString &key)
{
    const QStringList parts = key.split(u'|');
    if (parts.size() < 4)
        return std::nullopt;
    PlaceKey place;
    bool latitudeOk = false;
    bool longitudeOk = false;
    place.country = parts.first();
    place.city = parts.mid(1, parts.size() - 3).join(u'|');
    place.latitude = parts.at(parts.size() - 2).toDouble(&latitudeOk);
    place.longitude = parts.last().toDouble(&longitudeOk);
    if (!latitudeOk || !longitudeOk)
        return std::nullopt;
    return place;
}

} // namespace tdesk
