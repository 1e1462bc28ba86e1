#pragma once
// placeholder until the GeoIP module lands (API agreed with its author)
#include "core/result.h"
#include <QByteArray>
#include <QHostAddress>
#include <limits>
namespace tdesk {
struct GeoLocation { QByteArray country; QByteArray region; QByteArray city; double latitude = std::numeric_limits<double>::quiet_NaN(); double longitude = std::numeric_limits<double>::quiet_NaN(); bool isEmpty() const { return country.isEmpty(); } };
class GeoIp { public: GeoIp(); ~GeoIp(); Result<void> open(const QString &path); bool isOpen() const; QString databaseType() const; GeoLocation lookup(const QHostAddress &address) const; };
}
