#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace tdesk {

class SqlStatements;

// Distinct users seen in whole periods, from the per-period user rollups: the UTC days
// [firstDay, endDay) (day = ms / 86400000) over all countries (rollup_day_users, key "") or per
// country (rollup_day_country_users, for each of `countries`), or the hours [fromMs, toMs) (hour
// starts; rollup_hour_users, key ""). Counted exactly up to some 50,000 user-periods (rows), some
// 25 ms of SQLite's time on a small machine; beyond that estimated, within a few percent for large
// counts, from a random sample of the users: their hashes are HMACs in hex, and a project's sampling
// rate is allowed for. `sql` reads in the caller's snapshot; `projects` is projectCondition().
struct PeriodUsers
{
    QHash<QString, qint64> users;
    bool estimated = false;
};
PeriodUsers countDayUsers(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay);
PeriodUsers countDayUsersByCountry(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay,
                                   const QStringList &countries);
// The same per group of countries (`groupOf`: country → its group, e.g. a continent): a user seen in
// two countries of a group counts once there. Countries not in `groupOf` are not counted.
PeriodUsers countDayUsersByCountryGroup(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay,
                                        const QHash<QString, QString> &groupOf);
PeriodUsers countHourUsers(SqlStatements &sql, const QString &projects, qint64 fromMs, qint64 toMs);

} // namespace tdesk
