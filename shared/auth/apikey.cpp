#include "auth/apikey.h"

#include <QCryptographicHash>
#include <QHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace tdesk {

QString keyKindName(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Public: return QStringLiteral("public");
    case KeyKind::Private: return QStringLiteral("private");
    case KeyKind::Admin: return QStringLiteral("admin");
    }
    return {};
}

bool keyKindFromName(const QString &name, KeyKind *kind)
{
    for (KeyKind k : {KeyKind::Public, KeyKind::Private, KeyKind::Admin}) {
        if (keyKindName(k) == name) {
            *kind = k;
            return true;
        }
    }
    return false;
}

QString generateApiKey(KeyKind kind)
{
    static constexpr char Alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), 8);
    // Base62 of the 256-bit number, by repeated division of the big-endian byte string.
    QByteArray digits;
    QByteArray number = random;
    while (!number.isEmpty()) {
        QByteArray quotient;
        unsigned remainder = 0;
        for (char byte : number) {
            const unsigned value = remainder * 256 + static_cast<unsigned char>(byte);
            const unsigned q = value / 62;
            remainder = value % 62;
            if (!quotient.isEmpty() || q != 0)
                quotient.append(char(q));
        }
        digits.prepend(Alphabet[remainder]);
        number = quotient;
    }
    const char *prefix = kind == KeyKind::Public ? "tdp_" : kind == KeyKind::Private ? "tds_" : "tda_";
    return QString::fromLatin1(prefix + digits);
}

QByteArray hashApiKey(const QByteArray &key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256);
}

QString apiKeyPrefix(const QString &key)
{
    return key.left(12);
}

QByteArray userHash(const QByteArray &salt, qint64 projectId, const QByteArray &anon)
{
    thread_local QMessageAuthenticationCode mac(QCryptographicHash::Sha256);
    thread_local QByteArray currentSalt;
    // Users send many events: remember recent results rather than hash the same id again.
    thread_local QHash<QByteArray, QByteArray> recent;
    if (currentSalt != salt) {
        mac.setKey(salt);
        currentSalt = salt;
        recent.clear();
    }
    const QByteArray message = QByteArray::number(projectId) + ':' + anon;
    if (const auto it = recent.constFind(message); it != recent.cend())
        return *it;
    if (recent.size() >= 65536)
        recent.clear();
    mac.reset();
    mac.addData(message);
    const QByteArray hash = mac.result().left(16).toHex();
    recent.insert(message, hash);
    return hash;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace tdesk
