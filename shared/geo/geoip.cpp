#include "geo/geoip.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QtEndian>

#include <maxminddb.h>

#include <netinet/in.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <initializer_list>

Q_LOGGING_CATEGORY(lcGeo, "tdesk.geo", QtWarningMsg)

namespace tdesk {

struct GeoIp::Database
{
    MMDB_s mmdb{};
    std::atomic_bool warned{false}; // about unreadable records: once per database, not per request
    ~Database() { MMDB_close(&mmdb); }
};

GeoIp::GeoIp() = default;
GeoIp::~GeoIp() = default;

Result<void> GeoIp::open(const QString &path)
{
    m_db.reset();
    // libmaxminddb would only report the failed mmap of these ("No such device", "Invalid argument").
    const QFileInfo info(path);
    if (info.isDir())
        return Error{QStringLiteral("%1: is a directory").arg(path)};
    if (info.exists() && info.size() == 0)
        return Error{QStringLiteral("%1: empty file").arg(path)};

    auto db = std::make_unique<Database>();
    const int status = MMDB_open(QFile::encodeName(path).constData(), MMDB_MODE_MMAP, &db->mmdb);
    if (status != MMDB_SUCCESS) {
        const int savedErrno = errno; // MMDB_open keeps the errno of a failed open/stat/mmap
        db->mmdb = MMDB_s{};          // MMDB_open has freed what it allocated; nothing left to close
        const QString detail = QString::fromUtf8(MMDB_strerror(status));
        QString reason;
        switch (status) {
        case MMDB_FILE_OPEN_ERROR:
        case MMDB_IO_ERROR: reason = qt_error_string(savedErrno); break; // "No such file or directory"
        case MMDB_UNKNOWN_DATABASE_FORMAT_ERROR:
        case MMDB_OUT_OF_MEMORY_ERROR: reason = detail; break;
        default: // libmaxminddb's own words name its internals; say what it means for the user first
            reason = QStringLiteral("not a MaxMind DB file, or a truncated or corrupt one (%1)").arg(detail);
        }
        return Error{QStringLiteral("%1: %2").arg(path, reason)};
    }
    qCInfo(lcGeo).noquote() << "opened" << path << "type" << db->mmdb.metadata.database_type << "built"
                            << db->mmdb.metadata.build_epoch;
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

// Private, shared (CGNAT), loopback, link-local, multicast and reserved IPv4 space: no database
// places these, and some test or third-party ones hold junk there. (Qt 6.4's isGlobal() counts
// RFC 1918 space as global, so it cannot be used.)
bool isPublicV4(quint32 a)
{
    struct Net { quint32 base; int bits; };
    static constexpr Net reserved[] = {
        {0x00000000, 8}, {0x0a000000, 8}, {0x64400000, 10}, {0x7f000000, 8},
        {0xa9fe0000, 16}, {0xac100000, 12}, {0xc0a80000, 16}, {0xe0000000, 3},
    };
    return std::none_of(std::begin(reserved), std::end(reserved),
                        [a](const Net &n) { return (a & ~(0xffffffffu >> n.bits)) == n.base; });
}

bool isPublicV6(const Q_IPV6ADDR &a)
{
    const bool unspecifiedOrLoopback = std::all_of(a.c, a.c + 15, [](quint8 b) { return b == 0; });
    return !unspecifiedOrLoopback
        && (a[0] & 0xfe) != 0xfc                   // fc00::/7 unique local
        && !(a[0] == 0xfe && (a[1] & 0x80))        // fe80::/10 link-local, fec0::/10 site-local
        && a[0] != 0xff;                           // multicast
}

// Reads fields of one record. A field the record lacks (or has in another shape) is left empty;
// any other error means the data is corrupt, and the caller then drops the whole record.
struct RecordReader
{
    MMDB_entry_s entry;
    int error = MMDB_SUCCESS;

    // path must end with nullptr, as MMDB_aget_value expects.
    bool get(std::initializer_list<const char *> path, uint32_t type, MMDB_entry_data_s &data)
    {
        const int status = MMDB_aget_value(&entry, &data, path.begin());
        if (status != MMDB_SUCCESS && status != MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR)
            error = status;
        return status == MMDB_SUCCESS && data.has_data && data.type == type;
    }
    QByteArray string(std::initializer_list<const char *> path)
    {
        MMDB_entry_data_s data{};
        return get(path, MMDB_DATA_TYPE_UTF8_STRING, data) ? QByteArray(data.utf8_string, qsizetype(data.data_size))
                                                          : QByteArray();
    }
    double number(std::initializer_list<const char *> path)
    {
        MMDB_entry_data_s data{};
        return get(path, MMDB_DATA_TYPE_DOUBLE, data) ? data.double_value : std::numeric_limits<double>::quiet_NaN();
    }
};

} // namespace

GeoLocation GeoIp::lookup(const QHostAddress &address) const
{
    if (!m_db)
        return {};
    sockaddr_storage storage{};
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d, what a dual-stack socket reports) is looked
    // up as the IPv4 address it is: not every database aliases ::ffff:0:0/96 to its IPv4 tree.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4) {
        if (!isPublicV4(v4))
            return {};
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = qToBigEndian(v4);
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        if (!isPublicV6(v6))
            return {};
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        std::memcpy(in6->sin6_addr.s6_addr, v6.c, sizeof v6.c);
    } else {
        return {};
    }

    // Errors below are logged without the address: addresses are never logged.
    int error = MMDB_SUCCESS;
    const MMDB_lookup_result_s found =
        MMDB_lookup_sockaddr(&m_db->mmdb, reinterpret_cast<const sockaddr *>(&storage), &error);
    if (error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
        return {}; // an IPv4-only database knows nothing of IPv6
    RecordReader record{found.entry, error};
    GeoLocation place;
    if (error == MMDB_SUCCESS && found.found_entry) {
        place.country = record.string({"country", "iso_code", nullptr});
        place.region = record.string({"subdivisions", "0", "iso_code", nullptr});
        place.city = record.string({"city", "names", "en", nullptr});
        place.latitude = record.number({"location", "latitude", nullptr});
        place.longitude = record.number({"location", "longitude", nullptr});
    }
    if (record.error != MMDB_SUCCESS) {
        if (!m_db->warned.exchange(true))
            qCWarning(lcGeo) << "GeoIP database is corrupt; lookups that hit the damage return no place:"
                             << MMDB_strerror(record.error);
        return {};
    }
    return place;
}

} // namespace tdesk
