#include "geo/geoip.h"

#include <QFile>

#include <maxminddb.h>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace tdesk {

struct GeoIp::Database
{
    MMDB_s mmdb{};
    ~Database() { MMDB_close(&mmdb); }
};

GeoIp::GeoIp() = default;
GeoIp::~GeoIp() = default;

Result<void> GeoIp::open(const QString &path)
{
    m_db.reset();
    if (!QFile::exists(path))
        return Error{QStringLiteral("%1: no such file").arg(path)};
    auto db = std::make_unique<Database>();
    const int status = MMDB_open(QFile::encodeName(path).constData(), MMDB_MODE_MMAP, &db->mmdb);
    if (status != MMDB_SUCCESS) {
        // MMDB_open leaves nothing to close on failure.
        db->mmdb = MMDB_s{};
        return Error{QStringLiteral("%1: %2").arg(path, QString::fromUtf8(MMDB_strerror(status)))};
    }
    m_db = std::move(db);
    return {};
}

bool GeoIp::isOpen() const
{
    return bool(m_db);
}

QString GeoIp::databaseType() const
{
    return m_db ? QString::fromUtf8(m_db->mmdb.metadata.database_type) : QString();
}

namespace {

QByteArray stringAt(MMDB_entry_s *entry, std::initializer_list<const char *> path)
{
    MMDB_entry_data_s data{};
    std::vector<const char *> keys(path);
    keys.push_back(nullptr);
    if (MMDB_aget_value(entry, &data, keys.data()) != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING)
        return {};
    return QByteArray(data.utf8_string, qsizetype(data.data_size));
}

double doubleAt(MMDB_entry_s *entry, std::initializer_list<const char *> path)
{
    MMDB_entry_data_s data{};
    std::vector<const char *> keys(path);
    keys.push_back(nullptr);
    if (MMDB_aget_value(entry, &data, keys.data()) != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_DOUBLE)
        return std::numeric_limits<double>::quiet_NaN();
    return data.double_value;
}

} // namespace

GeoLocation GeoIp::lookup(const QHostAddress &address) const
{
    GeoLocation place;
    if (!m_db || address.isNull() || address.isLoopback() || address.isLinkLocal() || address.isSiteLocal()
        || address.isUniqueLocalUnicast())
        return place;
    // IPv4-mapped IPv6 (::ffff:a.b.c.d) is looked up as the IPv4 address it is.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    sockaddr_storage storage{};
    if (isV4) {
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(v4);
    } else {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        memcpy(in6->sin6_addr.s6_addr, bytes.c, 16);
    }
    int error = MMDB_SUCCESS;
    MMDB_lookup_result_s result = MMDB_lookup_sockaddr(&m_db->mmdb, reinterpret_cast<const sockaddr *>(&storage), &error);
    if (error != MMDB_SUCCESS || !result.found_entry)
        return place;
    place.country = stringAt(&result.entry, {"country", "iso_code"});
    place.region = stringAt(&result.entry, {"subdivisions", "0", "iso_code"});
    place.city = stringAt(&result.entry, {"city", "names", "en"});
    place.latitude = doubleAt(&result.entry, {"location", "latitude"});
    place.longitude = doubleAt(&result.entry, {"location", "longitude"});
    return place;
}

} // namespace tdesk
