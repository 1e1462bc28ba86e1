// What is counted at commit, without a database: each expected row is written out by hand.
#include "core/timeunits.h"
#include "storage/rollupcounter.h"
#include "storage/rollups.h"

#include <QTest>

#include <cmath>

using namespace tdesk;

namespace {

// UTC day 20000 starts at 2024-10-04T00:00:00Z; the times below are on it unless said otherwise.
constexpr qint64 Day = 20000;
constexpr qint64 D0 = 1728000000000;
constexpr qint64 H10 = D0 + 10 * HourMs;

qint64 at(int hour, int minute, int second = 0)
{
    return D0 + hour * HourMs + minute * MinuteMs + second * SecondMs;
}

// An event with only the fields the rollups count; empty text stands for a field the client left out.
Event eventAt(qint64 timeMs, const QByteArray &user, const QByteArray &name = "e", qint64 project = 1)
{
    Event e;
    e.projectId = project;
    e.timeMs = timeMs;
    e.userHash = user;
    e.name = name;
    return e;
}

Event located(Event e, const QByteArray &country, const QByteArray &city, double latitude, double longitude)
{
    e.country = country;
    e.city = city;
    e.latitude = latitude;
    e.longitude = longitude;
    return e;
}

QStringList show(const std::vector<DimensionRow> &rows)
{
    QStringList out;
    for (const DimensionRow &r : rows)
        out << QStringLiteral("p%1 %2 dim%3 '%4' %5").arg(r.projectId).arg(r.period).arg(r.dim).arg(QString::fromUtf8(r.value)).arg(r.events);
    return out;
}

QStringList show(const std::vector<MinuteRow> &rows)
{
    QStringList out;
    for (const MinuteRow &r : rows)
        out << QStringLiteral("p%1 %2 '%3' %4").arg(r.projectId).arg(r.minuteMs).arg(QString::fromUtf8(r.name)).arg(r.events);
    return out;
}

// A kind's users, open or closed, as "p1 20000 u1" (with the country for DayCountryUsers: "p1 20000 'DE' u1").
QStringList users(const std::vector<PeriodUserRow> &rows, int kind)
{
    QStringList out;
    for (const PeriodUserRow &r : rows) {
        if (r.kind != kind)
            continue;
        out << (kind == DayCountryUsers ? QStringLiteral("p%1 %2 '%3' %4").arg(r.projectId).arg(r.period).arg(QString::fromUtf8(r.country), QString::fromUtf8(r.userHash))
                                        : QStringLiteral("p%1 %2 %3").arg(r.projectId).arg(r.period).arg(QString::fromUtf8(r.userHash)));
    }
    return out;
}

QStringList lines(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *text : texts)
        out << QString::fromUtf8(text);
    return out;
}

// The five rows of an event named `name` without os, versions or country, in project 1.
std::vector<DimensionRow> bare(qint64 period, qint64 events, const QByteArray &name = "e")
{
    return {{1, period, 0, name, events}, {1, period, 1, "", events}, {1, period, 2, "", events}, {1, period, 3, "", events},
            {1, period, 4, "", events}};
}

RollupRows countOnce(RollupCounter &counter, const std::vector<Event> &events, const RollupMarks &marks = {})
{
    counter.begin(marks);
    for (const Event &e : events)
        counter.add(e);
    return counter.rows();
}

RollupRows commitOnce(RollupCounter &counter, const std::vector<Event> &events, const RollupMarks &marks = {})
{
    RollupRows rows = countOnce(counter, events, marks);
    counter.committed();
    return rows;
}

} // namespace

class TestRollupCounter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsOneTransaction()
    {
        Event first = located(eventAt(at(10, 5, 30), "u1", "open"), "DE", "Berlin", 52.52, 13.405);
        first.os = "linux";
        first.ext = "1.0";
        first.vscode = "1.90";
        Event again = first;
        again.timeMs = at(10, 5, 59);
        Event other = eventAt(at(10, 40), "u2", "click");
        other.ext = "1.0";

        RollupCounter counter;
        const RollupRows rows = countOnce(counter, {first, again, other});
        QCOMPARE(show(rows.minutes), QStringList({QStringLiteral("p1 %1 'open' 2").arg(at(10, 5)),
                                                  QStringLiteral("p1 %1 'click' 1").arg(at(10, 40))}));
        QCOMPARE(users(rows.users.open, DayUsers), lines({"p1 20000 u1", "p1 20000 u2"}));
        QCOMPARE(users(rows.users.open, HourUsers), lines({"p1 1728036000000 u1", "p1 1728036000000 u2"}));
        QCOMPARE(users(rows.users.open, DayCountryUsers), lines({"p1 20000 '' u2", "p1 20000 'DE' u1"}));
        // SQLite's printf rounds 13.405 to 13.41 (the C library's to 13.40).
        QCOMPARE(show(rows.hours), lines({"p1 1728036000000 dim0 'click' 1", "p1 1728036000000 dim0 'open' 2",
                                                "p1 1728036000000 dim1 '' 1", "p1 1728036000000 dim1 'linux' 2",
                                                "p1 1728036000000 dim2 '1.0' 3",
                                                "p1 1728036000000 dim3 '' 1", "p1 1728036000000 dim3 '1.90' 2",
                                                "p1 1728036000000 dim4 '' 1", "p1 1728036000000 dim4 'DE' 2",
                                                "p1 1728036000000 dim5 'DE|Berlin|52.52|13.41' 2"}));
        QVERIFY(rows.days.empty());          // no day built yet
        QVERIFY(rows.recentMinutes.empty()); // rollup_recent not kept
    }

    void usersSeenAgain()
    {
        RollupCounter counter;
        commitOnce(counter, {located(eventAt(at(10, 5), "u1"), "DE", {}, NAN, NAN)});

        Event sameHour = located(eventAt(at(10, 30), "u1"), "DE", {}, NAN, NAN);
        Event nextHour = located(eventAt(at(11, 10), "u1"), "DE", {}, NAN, NAN);
        Event otherCountry = located(eventAt(at(11, 20), "u1"), "FR", {}, NAN, NAN);
        Event otherProject = located(eventAt(at(10, 5), "u1", "e", 2), "DE", {}, NAN, NAN);
        const RollupRows rows = countOnce(counter, {sameHour, nextHour, otherCountry, otherProject});
        // Seen this hour: nothing; a new hour of a day seen: the hour only; a project is its own.
        QCOMPARE(users(rows.users.open, HourUsers), lines({"p1 1728039600000 u1", "p2 1728036000000 u1"}));
        QCOMPARE(users(rows.users.open, DayUsers), lines({"p2 20000 u1"}));
        QCOMPARE(users(rows.users.open, DayCountryUsers), lines({"p1 20000 'FR' u1", "p2 20000 'DE' u1"}));
        // Events count whoever sent them.
        QCOMPARE(show(rows.minutes), QStringList({QStringLiteral("p1 %1 'e' 1").arg(at(10, 30)),
                                                  QStringLiteral("p1 %1 'e' 1").arg(at(11, 10)),
                                                  QStringLiteral("p1 %1 'e' 1").arg(at(11, 20)),
                                                  QStringLiteral("p2 %1 'e' 1").arg(at(10, 5))}));
    }

    void lateEventsForBuiltDayOrWrittenMinute()
    {
        // rollup_day holds day 19999; rollup_recent the minutes 10:00–10:09 of day 20000.
        const RollupMarks marks{Day, true, at(10, 0), at(10, 10)};
        const Event builtDay = eventAt(D0 - MinuteMs, "u1");  // 19999 23:59
        const Event writtenMinute = eventAt(at(10, 3, 15), "u1");
        const Event openMinute = eventAt(at(10, 10, 1), "u1");
        const Event beforeRecent = eventAt(at(9, 59, 59), "u1");

        RollupCounter counter;
        const RollupRows rows = countOnce(counter, {builtDay, writtenMinute, openMinute, beforeRecent}, marks);
        QCOMPARE(show(rows.days), show(bare(19999, 1)));
        QCOMPARE(show(rows.recentMinutes), show(bare(at(10, 3), 1)));
        std::vector<DimensionRow> hours = bare(D0 - HourMs, 1);
        for (const DimensionRow &r : bare(H10 - HourMs, 1))
            hours.push_back(r);
        for (const DimensionRow &r : bare(H10, 2))
            hours.push_back(r);
        QCOMPARE(show(rows.hours), show(hours));

        // The open minute is kept in memory once committed, until it is written.
        QVERIFY(counter.openMinuteRowsBefore(at(11, 0)).empty());
        counter.committed();
        QVERIFY(counter.openMinuteRowsBefore(at(10, 10)).empty());
        QCOMPARE(show(counter.openMinuteRowsBefore(at(10, 11))), show(bare(at(10, 10), 1)));
        counter.forgetOpenMinutesBefore(at(10, 11));
        QVERIFY(counter.openMinuteRowsBefore(at(11, 0)).empty());
    }

    void recentNotKept()
    {
        // While another writer shares the database, neither written nor open minutes are counted.
        RollupCounter counter;
        const RollupRows rows = commitOnce(counter, {eventAt(at(10, 3), "u1"), eventAt(at(10, 20), "u1")},
                                           RollupMarks{0, false, at(10, 0), at(10, 10)});
        QVERIFY(rows.recentMinutes.empty());
        QVERIFY(counter.openMinuteRowsBefore(at(11, 0)).empty());
    }

    void eventsWithoutLocation()
    {
        // A city without coordinates makes no place, and does not split the other dimensions' rows.
        Event berlin = located(eventAt(at(10, 1), "u1"), "DE", "Berlin", NAN, NAN);
        Event hamburg = located(eventAt(at(10, 1), "u2"), "DE", "Hamburg", 53.55, NAN);
        Event paris = located(eventAt(at(10, 2), "u3"), "FR", "Paris", 48.8566, 2.3522);
        RollupCounter counter;
        const RollupMarks recent{0, true, at(10, 0), at(10, 0)};
        const RollupRows rows = commitOnce(counter, {berlin, hamburg, paris}, recent);
        QCOMPARE(show(rows.hours), lines({"p1 1728036000000 dim0 'e' 3", "p1 1728036000000 dim1 '' 3",
                                                "p1 1728036000000 dim2 '' 3", "p1 1728036000000 dim3 '' 3",
                                                "p1 1728036000000 dim4 'DE' 2", "p1 1728036000000 dim4 'FR' 1",
                                                "p1 1728036000000 dim5 'FR|Paris|48.86|2.35' 1"}));
        QCOMPARE(show(counter.openMinuteRowsBefore(at(10, 2))),
                 QStringList({QStringLiteral("p1 %1 dim0 'e' 2").arg(at(10, 1)), QStringLiteral("p1 %1 dim1 '' 2").arg(at(10, 1)),
                              QStringLiteral("p1 %1 dim2 '' 2").arg(at(10, 1)), QStringLiteral("p1 %1 dim3 '' 2").arg(at(10, 1)),
                              QStringLiteral("p1 %1 dim4 'DE' 2").arg(at(10, 1))}));
    }

    void failedCommitChangesNothing()
    {
        const RollupMarks recent{0, true, at(10, 0), at(10, 0)};
        RollupCounter counter;
        countOnce(counter, {eventAt(at(10, 5), "u1")}, recent);
        counter.failed();
        QVERIFY(counter.openMinuteRowsBefore(at(11, 0)).empty());

        // The same event again: its users are still to write, and it counts once.
        const RollupRows rows = commitOnce(counter, {eventAt(at(10, 5), "u1")}, recent);
        QCOMPARE(users(rows.users.open, HourUsers), lines({"p1 1728036000000 u1"}));
        QCOMPARE(users(rows.users.open, DayUsers), lines({"p1 20000 u1"}));
        QCOMPARE(users(rows.users.open, DayCountryUsers), lines({"p1 20000 '' u1"}));
        QCOMPARE(show(rows.minutes), QStringList({QStringLiteral("p1 %1 'e' 1").arg(at(10, 5))}));
        QCOMPARE(show(counter.openMinuteRowsBefore(at(11, 0))), show(bare(at(10, 5), 1)));
    }

    void unfinishedTransactionIsDropped()
    {
        RollupCounter counter;
        countOnce(counter, {eventAt(at(10, 5), "u1", "lost")});
        const RollupRows rows = countOnce(counter, {eventAt(at(10, 5), "u2", "kept")});
        QCOMPARE(show(rows.minutes), QStringList({QStringLiteral("p1 %1 'kept' 1").arg(at(10, 5))}));
        QCOMPARE(users(rows.users.open, HourUsers), lines({"p1 1728036000000 u2"}));
    }

    void seededOpenMinutes()
    {
        // A new writer reads back the events of minutes not yet written, then adds its own.
        RollupCounter counter;
        counter.seedOpenMinutes(eventAt(at(10, 5), {}), 3);
        commitOnce(counter, {eventAt(at(10, 5, 40), "u1")}, RollupMarks{0, true, at(10, 0), at(10, 0)});
        QCOMPARE(show(counter.openMinuteRowsBefore(at(10, 6))), show(bare(at(10, 5), 4)));
        counter.clearOpenMinutes();
        QVERIFY(counter.openMinuteRowsBefore(at(11, 0)).empty());
    }

    void retentionForgetsUsers()
    {
        RollupCounter counter;
        const std::vector<Event> events{eventAt(D0 - HourMs, "u1"), eventAt(at(10, 0), "u1"), eventAt(D0 - HourMs, "u1", "e", 2)};
        commitOnce(counter, events);
        counter.forgetUsersBefore(1, Day); // project 1's day 19999 deleted
        const RollupRows rows = countOnce(counter, events);
        QCOMPARE(users(rows.users.open, HourUsers), QStringList({QStringLiteral("p1 %1 u1").arg(D0 - HourMs)}));
        QCOMPARE(users(rows.users.open, DayUsers), lines({"p1 19999 u1"}));
        QCOMPARE(users(rows.users.open, DayCountryUsers), lines({"p1 19999 '' u1"}));
    }

    void placeKeys()
    {
        QCOMPARE(encodePlaceKey("DE", "Berlin", 52.52, 13.405), QByteArray("DE|Berlin|52.52|13.41"));
        QCOMPARE(encodePlaceKey("", "", 0.125, -0.125), QByteArray("||0.13|-0.13")); // C's printf: 0.12, -0.12
        const auto place = decodePlaceKey(QStringLiteral("US|Bar|Harbor|44.39|-68.20"));
        QVERIFY(place);
        QCOMPARE(place->country, QStringLiteral("US"));
        QCOMPARE(place->city, QStringLiteral("Bar|Harbor"));
        QCOMPARE(place->latitude, 44.39);
        QCOMPARE(place->longitude, -68.2);
        QVERIFY(!decodePlaceKey(QStringLiteral("DE|Berlin|52.52")));
        QVERIFY(!decodePlaceKey(QStringLiteral("DE|Berlin|north|13.41")));
    }
};

QTEST_GUILESS_MAIN(TestRollupCounter)
#include "tst_rollupcounter.moc"
