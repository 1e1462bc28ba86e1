#include "storage/userrollup.h"

#include "core/timeunits.h"

#include <algorithm>

namespace tdesk {
namespace {

size_t slotOf(quint64 fingerprint, size_t mask)
{
    return size_t((fingerprint * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
}

QByteArray belowText(quint32 below)
{
    return QByteArray::number(below, 16).rightJustified(4, '0');
}

quint32 prefixOf(quint64 fingerprint)
{
    return quint32(fingerprint >> 48);
}

} // namespace

bool FingerprintSet::contains(quint64 fingerprint) const
{
    if (m_slots.empty())
        return false;
    const quint64 value = stored(fingerprint);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = slotOf(value, mask);; i = (i + 1) & mask) {
        if (m_slots[i] == value)
            return true;
        if (m_slots[i] == 0)
            return false;
    }
}

bool FingerprintSet::insert(quint64 fingerprint)
{
    if ((m_size + 1) * 10 > m_slots.size() * 7)
        grow();
    const quint64 value = stored(fingerprint);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = slotOf(value, mask);; i = (i + 1) & mask) {
        if (m_slots[i] == value)
            return false;
        if (m_slots[i] == 0) {
            m_slots[i] = value;
            ++m_size;
            return true;
        }
    }
}

void FingerprintSet::grow()
{
    std::vector<quint64> old = std::exchange(m_slots, std::vector<quint64>(std::max<size_t>(64, m_slots.size() * 2), 0));
    m_size = 0;
    for (quint64 value : old) {
        if (value)
            insert(value);
    }
}

void FingerprintSet::keepBelow(quint32 below)
{
    std::vector<quint64> old = std::exchange(m_slots, {});
    m_size = 0;
    for (quint64 value : old) {
        if (value && prefixOf(value) < below)
            insert(value);
    }
}

UserRollup::UserRollup(PeriodLoader loader, size_t sampleLimit, size_t rememberedUsers)
    : m_loader(std::move(loader))
    , m_sampleLimit(sampleLimit)
    , m_rememberLimit(rememberedUsers)
{
}

quint64 UserRollup::fingerprint(int kind, const QByteArray &country, const QByteArray &userHash)
{
    quint64 value = 0;
    bool hex = userHash.size() >= 16;
    for (qsizetype i = 0; hex && i < 16; ++i) {
        const char c = userHash[i];
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        hex = digit >= 0;
        value = value << 4 | quint64(digit);
    }
    if (!hex) // not one of our user hashes (tests name users "u1"): any well-spread 64 bits will do
        value = quint64(qHash(userHash, 1)) << 32 ^ quint64(qHash(userHash, 2));
    // The country changes the low bits only: the top 16 stay the hash's first digits, which samples compare.
    if (kind == DayCountryUsers)
        value ^= quint64(qHash(country, 3)) & 0x0000FFFFFFFFFFFFULL;
    return value;
}

bool UserRollup::isClosed(int kind, qint64 period, qint64 nowMs)
{
    const qint64 endMs = kind == HourUsers ? period + HourMs : (period + 1) * DayMs;
    return endMs + OpenGraceMs <= nowMs;
}

void UserRollup::begin(qint64 nowMs)
{
    failed(); // whatever an unfinished transaction took is not stored
    m_nowMs = nowMs;
    m_samplesWritten = m_samples.size(); // this transaction's rows() carry them
    // A period over is moved into its keyed table by the writer: nothing of it to remember.
    std::erase_if(m_periods, [this](const auto &entry) {
        const bool over = isClosed(entry.first.kind, entry.first.period, m_nowMs);
        if (over)
            m_remembered -= entry.second.seen.size();
        return over;
    });
}

void UserRollup::add(const Event &e)
{
    const qint64 day = floorTo(e.timeMs, DayMs) / DayMs;
    see({HourUsers, e.projectId, floorTo(e.timeMs, HourMs)}, {}, e.userHash);
    see({DayUsers, e.projectId, day}, {}, e.userHash);
    see({DayCountryUsers, e.projectId, day}, e.country.isNull() ? QByteArray("") : e.country, e.userHash);
}

void UserRollup::see(const Key &key, const QByteArray &country, const QByteArray &userHash)
{
    if (isClosed(key.kind, key.period, m_nowMs)) {
        m_closed.push_back({key.kind, key.projectId, key.period, country, userHash});
        return;
    }
    Period &p = period(key);
    const quint64 print = fingerprint(key.kind, country, userHash);
    if (prefixOf(print) >= p.below || !p.seen.insert(print))
        return;
    ++m_remembered;
    m_open.push_back({key.kind, key.projectId, key.period, country, userHash});
    m_touched.push_back(key);
}

UserRollup::Period &UserRollup::period(const Key &key)
{
    auto it = m_periods.find(key);
    if (it == m_periods.end()) {
        StoredPeriod stored = m_loader ? m_loader(key.kind, key.projectId, key.period) : StoredPeriod{};
        Period fresh;
        fresh.below = stored.below;
        // A bound lowered but not yet committed holds already.
        for (const UserSampleRow &s : m_samples) {
            if (s.kind == key.kind && s.projectId == key.projectId && s.period == key.period)
                fresh.below = std::min(fresh.below, s.below.toUInt(nullptr, 16));
        }
        for (quint64 print : stored.fingerprints) {
            if (prefixOf(print) < fresh.below)
                fresh.seen.insert(print);
        }
        m_remembered += fresh.seen.size();
        it = m_periods.emplace(key, std::move(fresh)).first;
    }
    it->second.lastUse = ++m_uses;
    return it->second;
}

UserRollupRows UserRollup::rows() const
{
    UserRollupRows rows{m_open, m_closed, m_samples};
    std::sort(rows.open.begin(), rows.open.end());
    std::sort(rows.closed.begin(), rows.closed.end());
    rows.closed.erase(std::unique(rows.closed.begin(), rows.closed.end()), rows.closed.end());
    return rows;
}

void UserRollup::committed()
{
    m_samples.erase(m_samples.begin(), m_samples.begin() + qsizetype(m_samplesWritten));
    m_samplesWritten = 0;
    std::sort(m_touched.begin(), m_touched.end(), [](const Key &a, const Key &b) {
        return std::tie(a.kind, a.projectId, a.period) < std::tie(b.kind, b.projectId, b.period);
    });
    m_touched.erase(std::unique(m_touched.begin(), m_touched.end()), m_touched.end());
    for (const Key &key : m_touched) {
        Period &p = m_periods.at(key);
        if (p.seen.size() <= m_sampleLimit)
            continue;
        // Too many to keep every one: halve the share of the hash space kept until few enough are.
        m_remembered -= p.seen.size();
        while (p.seen.size() > m_sampleLimit && p.below > 1) {
            p.below /= 2;
            p.seen.keepBelow(p.below);
        }
        m_remembered += p.seen.size();
        std::erase_if(m_samples, [&](const UserSampleRow &s) {
            return s.kind == key.kind && s.projectId == key.projectId && s.period == key.period;
        });
        m_samples.push_back({key.kind, key.projectId, key.period, belowText(p.below)});
    }
    m_open.clear();
    m_closed.clear();
    m_touched.clear();
    forgetLeastUsed();
}

void UserRollup::failed()
{
    // The sets took users that are not stored: read those periods again when next needed.
    for (const Key &key : m_touched) {
        if (auto it = m_periods.find(key); it != m_periods.end()) {
            m_remembered -= it->second.seen.size();
            m_periods.erase(it);
        }
    }
    m_open.clear();
    m_closed.clear();
    m_touched.clear();
    m_samplesWritten = 0;
}

void UserRollup::forgetLeastUsed()
{
    while (m_remembered > m_rememberLimit && !m_periods.empty()) {
        auto least = std::min_element(m_periods.begin(), m_periods.end(),
                                      [](const auto &a, const auto &b) { return a.second.lastUse < b.second.lastUse; });
        m_remembered -= least->second.seen.size();
        m_periods.erase(least);
    }
}

void UserRollup::forgetBefore(qint64 projectId, qint64 firstDay)
{
    std::erase_if(m_periods, [&](const auto &entry) {
        const Key &k = entry.first;
        const bool gone = k.projectId == projectId && (k.kind == HourUsers ? k.period < firstDay * DayMs : k.period < firstDay);
        if (gone)
            m_remembered -= entry.second.seen.size();
        return gone;
    });
    std::erase_if(m_samples, [&](const UserSampleRow &s) {
        return s.projectId == projectId && (s.kind == HourUsers ? s.period < firstDay * DayMs : s.period < firstDay);
    });
}

} // namespace tdesk
