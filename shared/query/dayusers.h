#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace tdesk {

class SqlStatements;

// Distinct users seen on the UTC days [firstDay, endDay) (day = ms / 86400000), from the per-day
// user rollups: over all countries from rollup_day_users (key ""), or per country from
// rollup_day_country_users for each of `countries`. Counted exactly up to some 50,000 user-days
// (rows), some 25 ms of SQLite's time on a small machine; beyond that estimated, within a few
// percent for large counts, from a random sample of the users: their hashes are HMACs in hex, and a
// project's sampling rate is allowed for. `sql` reads in the caller's snapshot; `projects` is
// projectCondition().
struct DayUsers
{
    QHash<QString, qint64> users;
    bool estimated = false;
};
DayUsers countDayUsers(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay);
DayUsers countDayUsersByCountry(SqlStatements &sql, const QString &projects, qint64 firstDay, qint64 endDay,
                                const QStringList &countries);

} // namespace tdesk
