#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace tdesk {

class SqlStatements;

// Distinct users seen in whole UTC days [firstDay, endDay) (day = ms / 86400000), from the per-day
// user rollups (day_users, key ""), and per group of countries. Counted exactly up to some 50,000 user-periods (rows), some
// 25 ms of SQLite's time on a small machine; beyond that estimated, within a few percent for large
// counts, from a random sample of the users: their hashes are HMACs in hex, and a project's sampling
// rate is allowed for. `sql` reads in the caller's snapshot; `projects` is projectCondition().
struct PeriodUsers
{
    QHash<QString, qint64> users;
    bool estimated = false;
};
PeriodUsers countDayUsers(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay);
// The same per group of countries (`groupOf`: country → its group, e.g. a continent): a user seen in
// two countries of a group counts once there. Countries not in `groupOf` are not counted.
PeriodUsers countDayUsersByCountryGroup(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay,
                                        const QHash<QString, QString> &groupOf);

// Distinct users of any range (key ""), never widened: the whole UTC days inside it from
// day_users, the other whole hours from hour_users, the rest (less than an hour at
// each end) from the raw events. Exact up to the same number of user-periods as above; beyond that
// estimated the same way. When the ends hold more than some 40,000 events (a busy collector's last
// hour), they are widened to the whole hours holding them: never narrower than the range, and
// marked estimated.
PeriodUsers countRangeUsers(SqlStatements &sql, const QString &projects, qint64 fromMs, qint64 toMs);
// The same per country (key: ISO code, "" unknown), from day_country_users and the raw events
// of the days the range cuts (widened to those whole days when they hold too many).
PeriodUsers countRangeUsersByCountry(SqlStatements &sql, const QString &projects, qint64 fromMs, qint64 toMs);

// For counts straight off the user rollups (the views hour_users, day_users, day_country_users):
// periods with very many users keep a sample of them (storage/userrollup.h). Over such periods,
// count only the users `condition` (" AND user_hash < …") selects, and multiply by `scale`; with
// no period sampled the condition is empty and the scale 1.
struct UserSample
{
    QString condition;
    double scale = 1;
    bool estimated() const { return !condition.isEmpty(); }
};
// The sample of the periods of `kind` (UserPeriodKind) in [first, end).
UserSample userSample(SqlStatements &sql, const QString &projects, int kind, qint64 first, qint64 end);

} // namespace tdesk
