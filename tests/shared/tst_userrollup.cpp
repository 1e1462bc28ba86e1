// The user rollups' writer side, against a database kept in a std::set: open periods append each user
// once, closed ones go to their keyed table, memory stays within its bound (periods forgotten are read
// back, never written twice), and a period with too many users keeps exactly the users below its bound.
#include "core/timeunits.h"
#include "storage/useractivity.h"
#include "storage/userrollup.h"

#include <QRandomGenerator>
#include <QTest>

#include <map>
#include <set>

using namespace tdesk;

namespace {

constexpr qint64 D0 = 1728000000000; // UTC day 20000
constexpr qint64 Day = 20000;

Event eventAt(qint64 timeMs, const QByteArray &user, qint64 project = 1, const QByteArray &country = {})
{
    Event e;
    e.projectId = project;
    e.timeMs = timeMs;
    e.userHash = user;
    e.country = country;
    return e;
}

// 32 hex digits, as a user hash is.
QByteArray randomUser(QRandomGenerator &random)
{
    return QByteArray::number(random.generate64(), 16).rightJustified(16, '0')
        + QByteArray::number(random.generate64(), 16).rightJustified(16, '0');
}

// What a backend would hold: rows by kind, period and user; the sample bounds. Appending a user an
// open period already holds is counted: the writer must never do it.
struct FakeDatabase
{
    std::set<PeriodUserRow> open, closed;
    std::map<std::tuple<int, qint64, qint64>, quint32> below;
    int appendedTwice = 0;
    int loads = 0;

    void apply(const UserRollupRows &rows)
    {
        for (const PeriodUserRow &r : rows.open)
            appendedTwice += open.insert(r).second ? 0 : 1;
        for (const PeriodUserRow &r : rows.closed)
            closed.insert(r);
        for (const UserSampleRow &s : rows.samples) {
            const quint32 bound = s.below.toUInt(nullptr, 16);
            below[{s.kind, s.projectId, s.period}] = bound;
            std::erase_if(open, [&](const PeriodUserRow &r) {
                return r.kind == s.kind && r.projectId == s.projectId && r.period == s.period && r.userHash >= s.below;
            });
        }
    }

    UserRollup::StoredPeriod load(int kind, qint64 project, qint64 period)
    {
        ++loads;
        UserRollup::StoredPeriod stored;
        if (auto it = below.find({kind, project, period}); it != below.end())
            stored.below = it->second;
        for (const PeriodUserRow &r : open) {
            if (r.kind == kind && r.projectId == project && r.period == period)
                stored.fingerprints.push_back(UserRollup::fingerprint(kind, r.country, r.userHash));
        }
        return stored;
    }

    size_t count(int kind, qint64 period) const
    {
        return size_t(std::count_if(open.begin(), open.end(), [&](const PeriodUserRow &r) { return r.kind == kind && r.period == period; }));
    }
};

UserRollup withDatabase(FakeDatabase &db, size_t sampleLimit, size_t remembered)
{
    return UserRollup([&db](int kind, qint64 project, qint64 period) { return db.load(kind, project, period); }, sampleLimit,
                      remembered);
}

void commit(UserRollup &rollup, FakeDatabase &db, const std::vector<Event> &events, qint64 nowMs = 0)
{
    rollup.begin(nowMs);
    for (const Event &e : events)
        rollup.add(e);
    db.apply(rollup.rows());
    rollup.committed();
}

} // namespace

class TestUserRollup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // rollup_user_activity's bits: which hour is which bit, and any bit of a range found, against a
    // plain loop over single bits, for every range of a few bytes at either end of a block.
    void activityBitsAndRanges()
    {
        QCOMPARE(activityBlock(UserActivityBlockHours), 1);
        QCOMPARE(activityBit(UserActivityBlockHours + 5), 5);
        QCOMPARE(activityBlock(-1), -1);
        QCOMPARE(activityBit(-1), int(UserActivityBlockHours) - 1);
        QRandomGenerator random(11);
        for (int round = 0; round < 50; ++round) {
            QByteArray bits(UserActivityBlockBytes, '\0');
            std::set<int> set;
            for (int i = 0; i < 3; ++i) {
                const int bit = i == 0 ? int(random.bounded(40)) : int(UserActivityBlockHours) - 1 - int(random.bounded(40));
                bits[bit / 8] = char(bits[bit / 8] | tdesk::activityBits(bit)[bit / 8]);
                set.insert(bit);
            }
            for (int from = 0; from < int(UserActivityBlockHours); from += from < 48 || from > 2000 ? 1 : 97) {
                for (int to = from; to <= std::min(from + 40, int(UserActivityBlockHours)); ++to) {
                    const auto found = set.lower_bound(from);
                    QCOMPARE(anyActivity(bits, from, to), found != set.end() && *found < to);
                }
            }
        }
    }

    void fingerprintSet()
    {
        FingerprintSet set;
        QRandomGenerator random(7);
        std::set<quint64> truth;
        for (int i = 0; i < 5000; ++i) {
            const quint64 value = random.generate64() % 20000 * 0x9E3779B97F4A7C15ULL; // repeats on purpose
            QCOMPARE(set.insert(value), truth.insert(value).second);
        }
        QCOMPARE(set.size(), truth.size());
        for (quint64 value : truth)
            QVERIFY(set.contains(value));
        QVERIFY(!set.contains(12345));
        set.keepBelow(0x8000);
        for (quint64 value : truth)
            QCOMPARE(set.contains(value), (value >> 48) < 0x8000);
        QVERIFY(set.bytes() <= 16 * set.size() + 1024); // about 8 bytes a slot, at most half empty after growing
    }

    void fingerprintKeepsTheHashPrefix()
    {
        const QByteArray user = "3fa2c9d0e1b24f6a8c7d5e4f3a2b1c0d";
        QCOMPARE(UserRollup::fingerprint(DayUsers, {}, user) >> 48, 0x3fa2ULL);
        QCOMPARE(UserRollup::fingerprint(DayCountryUsers, "DE", user) >> 48, 0x3fa2ULL);
        QVERIFY(UserRollup::fingerprint(DayCountryUsers, "DE", user) != UserRollup::fingerprint(DayCountryUsers, "FR", user));
    }

    void closedPeriodsGoToTheirTables()
    {
        FakeDatabase db;
        UserRollup rollup = withDatabase(db, 1000, 1000);
        // At 12:00:30 the hour 10:00 is over (since 11:01), 11:00 not yet (until 12:01); day 19999 is over.
        commit(rollup, db, {eventAt(D0 + 10 * HourMs + 5 * MinuteMs, "u1"), eventAt(D0 + 11 * HourMs + 59 * MinuteMs, "u1"),
                            eventAt(D0 - HourMs, "u2")},
               D0 + 12 * HourMs + 30 * SecondMs);
        const auto has = [](const std::set<PeriodUserRow> &rows, PeriodUserRow row) { return rows.contains(row); };
        QVERIFY(has(db.closed, {HourUsers, 1, D0 + 10 * HourMs, "", "u1"}));
        QVERIFY(has(db.open, {HourUsers, 1, D0 + 11 * HourMs, "", "u1"}));
        QVERIFY(has(db.open, {DayCountryUsers, 1, Day, "", "u1"}));
        QVERIFY(has(db.closed, {HourUsers, 1, D0 - HourMs, "", "u2"}));
        QVERIFY(has(db.closed, {DayUsers, 1, Day - 1, "", "u2"}));
        QVERIFY(has(db.closed, {DayCountryUsers, 1, Day - 1, "", "u2"}));
        QCOMPARE(db.open.size(), size_t(2)); // an open day's users are its rows by country: no rows of its own
        QCOMPARE(db.closed.size(), size_t(4));
    }

    void memoryStaysWithinItsBoundAndNothingIsWrittenTwice()
    {
        FakeDatabase db;
        UserRollup rollup = withDatabase(db, 1000, 50);
        QRandomGenerator random(11);
        std::vector<QByteArray> people;
        for (int i = 0; i < 40; ++i)
            people.push_back(randomUser(random));
        // Four projects, forty users each, sending in turns: more than 50 fingerprints in all.
        for (int round = 0; round < 30; ++round) {
            std::vector<Event> events;
            for (int i = 0; i < 10; ++i)
                events.push_back(eventAt(D0 + 10 * HourMs + round * MinuteMs, people[random.bounded(40)], 1 + random.bounded(4)));
            commit(rollup, db, events);
            QVERIFY2(rollup.rememberedUsers() <= 50, qPrintable(QString::number(rollup.rememberedUsers())));
        }
        QCOMPARE(db.appendedTwice, 0);
        QVERIFY(db.loads > 12); // periods were forgotten and read back, not just met once each
    }

    void aPeriodWithTooManyUsersKeepsExactlyThoseBelowItsBound()
    {
        FakeDatabase db;
        UserRollup rollup = withDatabase(db, 200, 100000);
        QRandomGenerator random(3);
        std::set<QByteArray> everyone;
        for (int batch = 0; batch < 50; ++batch) {
            std::vector<Event> events;
            for (int i = 0; i < 100; ++i) {
                const QByteArray user = randomUser(random);
                everyone.insert(user);
                events.push_back(eventAt(D0 + 10 * HourMs + batch * MinuteMs, user, 1, i % 2 ? "DE" : "FR"));
                events.push_back(eventAt(D0 + 10 * HourMs + batch * MinuteMs + 1, user, 1, i % 2 ? "DE" : "FR")); // seen again
            }
            commit(rollup, db, events);
        }
        commit(rollup, db, {}); // the last bound lowered is written with the next transaction
        // The day's own users are its rows by country while it is open, under the same bound.
        QCOMPARE(db.below.at({DayUsers, 1, Day}), db.below.at({DayCountryUsers, 1, Day}));
        for (const int kind : {HourUsers, DayCountryUsers}) {
            const qint64 period = kind == HourUsers ? D0 + 10 * HourMs : Day;
            const auto it = db.below.find({kind, 1, period});
            QVERIFY2(it != db.below.end(), "5,000 users are more than 200: sampled");
            const QByteArray below = QByteArray::number(it->second, 16).rightJustified(4, '0');
            // The sample is every user whose hash is below the bound, none other: what readers count on.
            std::set<QByteArray> expected, kept;
            for (const QByteArray &user : everyone) {
                if (user < below)
                    expected.insert(user);
            }
            for (const PeriodUserRow &r : db.open) {
                if (r.kind == kind && r.period == period)
                    kept.insert(r.userHash);
            }
            QCOMPARE(kept, expected);
            QVERIFY2(db.count(kind, period) <= 200 && db.count(kind, period) >= 50, qPrintable(QString::number(db.count(kind, period))));
            const double estimate = double(kept.size()) * 65536.0 / double(it->second);
            QVERIFY2(std::abs(estimate - 5000.0) < 1500.0, qPrintable(QString::number(estimate)));
        }
        QCOMPARE(db.appendedTwice, 0);
    }

    void aLoweredBoundHoldsWhenThePeriodIsReadBack()
    {
        // A bound lowered but not yet written, then the period forgotten (a failed transaction): the
        // users above it stay out.
        FakeDatabase db;
        UserRollup rollup = withDatabase(db, 20, 100000);
        QRandomGenerator random(5);
        std::vector<Event> events;
        for (int i = 0; i < 100; ++i)
            events.push_back(eventAt(D0 + 10 * HourMs, randomUser(random)));
        commit(rollup, db, events); // bounds lowered in memory
        rollup.begin(0);
        rollup.add(eventAt(D0 + 10 * HourMs, randomUser(random)));
        rollup.failed(); // nothing written: the bounds are still to write, the periods forgotten
        rollup.begin(0);
        std::vector<QByteArray> later;
        for (int i = 0; i < 100; ++i) {
            later.push_back(randomUser(random));
            rollup.add(eventAt(D0 + 10 * HourMs, later.back()));
        }
        const UserRollupRows rows = rollup.rows();
        QVERIFY(!rows.samples.empty());
        for (const PeriodUserRow &r : rows.open) {
            const auto bound = std::find_if(rows.samples.begin(), rows.samples.end(), [&](const UserSampleRow &s) {
                return s.kind == r.kind && s.period == r.period;
            });
            QVERIFY(bound != rows.samples.end());
            QVERIFY2(r.userHash < bound->below, r.userHash.constData());
        }
    }
};

QTEST_APPLESS_MAIN(TestUserRollup)
#include "tst_userrollup.moc"
