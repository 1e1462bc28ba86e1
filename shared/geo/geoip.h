#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <cmath>
#include <limits>
#include <memory>

class QHostAddress;

namespace tdesk {

// A place as a GeoIP database knows it; fields the database lacks stay empty (or NaN).
struct GeoLocation
{
    QByteArray country; // ISO 3166-1 alpha-2
    QByteArray region;  // ISO code of the first subdivision
    QByteArray city;    // English name, UTF-8
    double latitude = std::numeric_limits<double>::quiet_NaN();
    double longitude = std::numeric_limits<double>::quiet_NaN();

    bool isEmpty() const
    {
        return country.isEmpty() && region.isEmpty() && city.isEmpty() && std::isnan(latitude)
            && std::isnan(longitude);
    }
};

// Looks addresses up in a MaxMind DB (GeoLite2/GeoIP2 City or Country) through libmaxminddb.
// lookup() may be called from several threads at once; open() may not run alongside lookups.
class GeoIp
{
public:
    GeoIp();
    ~GeoIp();
    GeoIp(const GeoIp &) = delete;
    GeoIp &operator=(const GeoIp &) = delete;

    // A missing, corrupt or foreign file gives an error naming the path and the reason, and
    // leaves this closed (lookups return nothing), even if another database was open before.
    Result<void> open(const QString &path);
    bool isOpen() const;
    QString databaseType() const; // e.g. "GeoLite2-City"; empty when closed

    // Empty for private, loopback, link-local, multicast and unknown addresses, when closed, and
    // when the database record cannot be read. IPv4-mapped IPv6 addresses are looked up as IPv4.
    GeoLocation lookup(const QHostAddress &address) const;

private:
    struct Database;
    std::unique_ptr<Database> m_db;
};

} // namespace tdesk
