// libFuzzer target for the listen address parser (`--listen HOST:PORT`, server/config.h parseListen).
// Properties: no crash; what it accepts prints (CollectorConfig::listenText, which the collector
// shows and logs) as text that parses back to the same address and port (an unspecified address
// to an unspecified one: `*` prints as 0.0.0.0).
#define FUZZ_TARGET_NAME "fuzz_listen"
#include "fuzzcheck.h"
#include "server/config.h"

#include <cstdint>

using namespace tdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QHostAddress address(QStringLiteral("192.0.2.1"));
    quint16 port = 1;
    if (!parseListen(text, &address, &port)) {
        FUZZ_CHECK(address == QHostAddress(QStringLiteral("192.0.2.1")) && port == 1); // untouched
        return 0;
    }
    FUZZ_CHECK(!address.isNull());

    CollectorConfig config;
    config.listenAddress = address;
    config.listenPort = port;
    const QString printed = config.listenText();
    QHostAddress again;
    quint16 againPort = 0;
    FUZZ_CHECK(parseListen(printed, &again, &againPort));
    FUZZ_CHECK(againPort == port);
    // Unspecified addresses compare loosely: the dual-stack Any (`*`, the default) prints as
    // "0.0.0.0", which parses back as IPv4-only AnyIPv4. Everything else must match exactly.
    FUZZ_CHECK(again.isEqual(address, QHostAddress::StrictConversion | QHostAddress::ConvertUnspecifiedAddress));
    return 0;
}
