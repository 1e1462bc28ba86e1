// libFuzzer target for API key text (Authorization: Bearer, X-Api-Key, ?key=, the stats key;
// auth/apikey.h) and the user hash of `anon`. Properties: no crash; a key is looked up by a 32-byte
// SHA-256 that depends only on its text; the prefix shown in lists is a short prefix of the key;
// constant-time comparison agrees with ==; the stored user id is 32 lowercase hex digits.
#define FUZZ_TARGET_NAME "fuzz_apikey"
#include "fuzzcheck.h"
#include "auth/apikey.h"

#include <cstdint>

using namespace tdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype half = input.size() / 2;
    const QByteArray a = input.left(half), b = input.mid(half);

    const QByteArray hash = hashApiKey(input);
    FUZZ_CHECK(hash.size() == 32);
    FUZZ_CHECK(hashApiKey(QByteArray(input.constData(), input.size())) == hash);

    const QString key = QString::fromUtf8(input);
    const QString prefix = apiKeyPrefix(key);
    FUZZ_CHECK(key.startsWith(prefix));
    FUZZ_CHECK(prefix.size() <= 12 && (prefix.size() < key.size() || key.size() <= 12));

    FUZZ_CHECK(constantTimeEquals(a, b) == (a == b));
    FUZZ_CHECK(constantTimeEquals(input, input));

    KeyKind kind;
    if (keyKindFromName(key, &kind))
        FUZZ_CHECK(keyKindName(kind) == key);

    const QByteArray user = userHash(a, qint64(size), b);
    FUZZ_CHECK(user.size() == 32);
    for (char c : user)
        FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    FUZZ_CHECK(userHash(a, qint64(size), b) == user);
    return 0;
}
