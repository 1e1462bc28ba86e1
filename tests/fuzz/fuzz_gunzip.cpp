// libFuzzer target for the inflation of gzip request bodies (POST /t with Content-Encoding: gzip;
// server/gunzip.h). Properties: no crash; an Ok result never exceeds the limit (a zip bomb stops
// early); the result does not depend on anything but the input; a larger limit never changes an Ok
// result; and the input itself, gzipped, comes back exactly (Ok) or is refused as TooLarge.
#define FUZZ_TARGET_NAME "fuzz_gunzip"
#include "fuzzcheck.h"
#include "server/gunzip.h"

#include <zlib.h>

#include <cstdint>

using namespace tdesk;

namespace {

QByteArray gzip(const QByteArray &in)
{
    z_stream zs{};
    FUZZ_CHECK(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    QByteArray out(qsizetype(deflateBound(&zs, uLong(in.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    FUZZ_CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    out.truncate(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const qint64 limits[] = {0, 1, 100, 16383, 16384, 16385, 65536, 1024 * 1024};
    const qint64 limit = limits[data[0] % (sizeof limits / sizeof limits[0])];
    const QByteArray in(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    QByteArray out("left over from before");
    const Inflate result = gunzip(in, limit, &out);
    if (result == Inflate::Ok)
        FUZZ_CHECK(out.size() <= limit);

    QByteArray again;
    FUZZ_CHECK(gunzip(in, limit, &again) == result);
    if (result == Inflate::Ok) {
        FUZZ_CHECK(again == out);
        QByteArray roomier;
        FUZZ_CHECK(gunzip(in, limit * 2 + 1, &roomier) == Inflate::Ok);
        FUZZ_CHECK(roomier == out);
    }

    // The input as a body: a client's gzip of it inflates to exactly it, or is too large.
    QByteArray inflated;
    const Inflate roundTrip = gunzip(gzip(in), limit, &inflated);
    if (in.size() <= limit) {
        FUZZ_CHECK(roundTrip == Inflate::Ok);
        FUZZ_CHECK(inflated == in);
    } else {
        FUZZ_CHECK(roundTrip == Inflate::TooLarge);
    }
    return 0;
}
