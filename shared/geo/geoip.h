#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <limits>
#include <memory>

namespace tdesk {

struct GeoLocation
{
    QByteArray country;   // ISO 3166-1 alpha-2
    QByteArray region;    // first subdivision's ISO code
    QByteArray city;      // English name
    double latitude = std::numeric_limits<double>::quiet_NaN();
    double longitude = std::numeric_limits<double>::quiet_NaN();

    bool isEmpty() const { return country.isEmpty() && city.isEmpty(); }
};

// Looks addresses up in a MaxMind DB (GeoLite2/GeoIP2 City or Country) through libmaxminddb.
// Lookups are read-only and safe from several threads at once.
class GeoIp
{
public:
    GeoIp();
    ~GeoIp();
    GeoIp(const GeoIp &) = delete;
    GeoIp &operator=(const GeoIp &) = delete;

    // A missing, corrupt or foreign file gives an error naming the path and the reason, and
    // leaves this closed (lookups return nothing).
    Result<void> open(const QString &path);
    bool isOpen() const;
    QString databaseType() const;
    GeoLocation lookup(const QHostAddress &address) const;

private:
    struct Database;
    std::unique_ptr<Database> m_db;
};

} // namespace tdesk
