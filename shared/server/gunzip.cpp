#include "server/gunzip.h"

#include <zlib.h>

namespace tdesk {

Inflate gunzip(const QByteArray &in, qint64 limit, QByteArray *out)
{
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
        return Inflate::Corrupt;
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    zs.avail_in = uInt(in.size());
    out->clear();
    char chunk[16384];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef *>(chunk);
        zs.avail_out = sizeof chunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return Inflate::Corrupt;
        }
        out->append(chunk, qsizetype(sizeof chunk - zs.avail_out));
        if (out->size() > limit) {
            inflateEnd(&zs);
            return Inflate::TooLarge;
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) { // truncated stream
            inflateEnd(&zs);
            return Inflate::Corrupt;
        }
    }
    inflateEnd(&zs);
    return Inflate::Ok;
}

} // namespace tdesk
