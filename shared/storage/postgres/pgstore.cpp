#include "storage/postgres/pgstore.h"

#include "core/threadname.h"
#include "core/timeunits.h"
#include "storage/metakeys.h"
#include "storage/rollups.h"
#include "storage/postgres/pgschema.h"

#include <QHash>
#include <QLoggingCategory>

#include <cmath>
#include <limits>
#include <map>

Q_LOGGING_CATEGORY(lcPgStore, "tdesk.storage.postgresql")

namespace tdesk {
namespace {

constexpr std::chrono::milliseconds IdleWake{1000};
constexpr std::chrono::milliseconds SpoolRetry{50};
constexpr qint64 ReplayBudgetMs = 200; // replay at most this long between two groups of new requests
constexpr qint64 ReconnectDelayMs = 1000;
constexpr qint64 SizeIntervalMs = 10000;
// Two writers that insert the same event ids, or add to the same rollup rows, wait for each other;
// rows go in key order so that they cannot deadlock, but a transaction that still meets a deadlock
// or a serialization failure is tried again this many times before its requests get 503.
constexpr int TransactionAttempts = 3;
constexpr qint64 MaintenanceLock = 0x7464657303; // advisory lock: one collector maintains at a time

// A failure that passes with time rather than with other data (SQLSTATE): the connection failed
// (08), the server lacks resources (53: disk full, out of memory, connections), an operator or a
// statement_timeout cancelled it or the server is shutting down (57), a failover left us on a
// read-only standby (25006), a lock was not granted in time (55P03), contention (40). The spool
// takes such requests; any other failure is answered 503 (a spooled batch must replay later).
bool worthWaitingFor(const QByteArray &sqlState)
{
    return sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("57") || sqlState.startsWith("40")
        || sqlState == "25006" || sqlState == "55P03";
}

// The server's words and, where it helps, what to do.
QString explained(const QString &error, const QByteArray &sqlState)
{
    if (sqlState == "57014")
        return error + QStringLiteral(" — the transaction took longer than statement_timeout allows (or was cancelled): if this"
                                      " repeats, raise it for the collector's role (ALTER ROLE … SET statement_timeout = '60s')");
    if (sqlState == "25006")
        return error + QStringLiteral(" — the server is a read-only standby (after a failover?): point the URL at the primary");
    if (sqlState == "53100")
        return error + QStringLiteral(" — the database server's disk is full");
    return error;
}

// PostgreSQL text cannot hold NUL: such a character (JSON allows "\u0000") becomes U+FFFD.
QByteArray pgText(const QByteArray &text)
{
    if (text.isEmpty())
        return {};
    return text.contains('\0') ? QByteArray(text).replace(QByteArray(1, '\0'), "\xEF\xBF\xBD") : text;
}

// A rollup's value: '' for an event without the field.
QByteArray pgValue(const QByteArray &text)
{
    const QByteArray value = pgText(text);
    return value.isNull() ? QByteArray("") : value;
}

QByteArray pgReal(double value)
{
    return std::isnan(value) ? QByteArray() : QByteArray::number(value, 'g', 17);
}

// Every event goes into rollup_day and rollup_recent at commit (no day is built later, no minute
// kept in memory): with several writers, only what each transaction adds is exact.
RollupMarks everythingAtCommit(qint64 nowMs)
{
    RollupMarks marks;
    marks.dayThrough = std::numeric_limits<qint64>::max() / DayMs;
    marks.recentKept = true;
    marks.recentFromMs = std::numeric_limits<qint64>::min();
    marks.recentThroughMs = std::numeric_limits<qint64>::max();
    marks.nowMs = nowMs;
    return marks;
}

quint64 userRowFingerprint(const PeriodUserRow &row)
{
    return qHashMulti(0x7464657375ull, row.kind, row.projectId, row.period, row.country, row.userHash);
}

struct UserTable
{
    const char *name;
    const char *columns;
};
constexpr UserTable UserTables[UserPeriodKindCount] = {
    {"rollup_hour_users", "(project_id, hour_ms, user_hash)"},
    {"rollup_day_users", "(project_id, day, user_hash)"},
    {"rollup_day_country_users", "(project_id, day, country, user_hash)"},
};

} // namespace

PgStore::PgStore(const PgOptions &options, PgConnection db)
    : QueuedEventStore(options)
    , m_options(options)
    , m_db(std::move(db))
    , m_rollups(std::nullopt)
{
    qRegisterMetaType<QList<tdesk::IngestOutcome>>();
}

Result<void> PgStore::migrate(const QString &url)
{
    auto db = PgConnection::open(url);
    if (!db)
        return Error{db.error()};
    return migratePgSchema(*db);
}

Result<std::unique_ptr<PgStore>> PgStore::open(const PgOptions &options)
{
    auto db = PgConnection::open(options.url);
    if (!db)
        return Error{db.error()};
    if (auto migrated = migratePgSchema(*db); !migrated)
        return Error{migrated.error()};
    auto salt = db->exec("SELECT value FROM meta WHERE key = $1", {MetaKey::UserHashSalt});
    if (!salt)
        return Error{salt.error()};
    std::unique_ptr<PgStore> store(new PgStore(options, std::move(*db)));
    store->m_salt = salt->text(0, 0);
    if (!options.spoolPath.isEmpty()) {
        auto spool = EventSpool::open(options.spoolPath);
        if (!spool)
            return Error{spool.error()};
        store->m_spool = std::move(spool.value());
        // Batches a replay applied just before a crash, and did not get to remove.
        if (auto forgotten = store->forgetAppliedBatches(); !forgotten)
            return Error{forgotten.error()};
        if (store->m_spool->events() > 0)
            qCInfo(lcPgStore, "%lld events in the spool %s: replaying them", store->m_spool->events(), qPrintable(options.spoolPath));
        store->publishSpoolFigures();
    }
    store->m_writer = std::thread([s = store.get()] { s->writerLoop(); });
    return store;
}

PgStore::~PgStore()
{
    drainAndStop();
}

StoreStats PgStore::stats() const
{
    StoreStats stats = QueuedEventStore::stats();
    stats.spooledEvents = m_spooledEvents;
    stats.spoolOldestMs = m_spoolOldestMs;
    return stats;
}

bool PgStore::healthy() const
{
    return QueuedEventStore::healthy() && m_spooledEvents == 0;
}

void PgStore::publishSpoolFigures()
{
    m_spooledEvents = m_spool ? m_spool->events() : 0;
    m_spoolOldestMs = m_spool ? m_spool->oldestSpooledMs() : 0;
}

Result<void> PgStore::forgetAppliedBatches()
{
    auto applied = m_db->exec("SELECT batch FROM spool_applied WHERE spool = $1", {m_spool->id()});
    if (!applied)
        return Error{applied.error()};
    for (int row = 0; row < applied->rows(); ++row) {
        if (auto removed = m_spool->remove(applied->number(row, 0)); !removed)
            return removed;
    }
    return {};
}

qint64 PgStore::databaseBytes() const
{
    return m_databaseBytes;
}

bool PgStore::reconnect()
{
    if (m_db && !m_db->isBroken())
        return true;
    const qint64 now = m_options.clock();
    if (now < m_nextConnectMs)
        return false;
    m_nextConnectMs = now + ReconnectDelayMs;
    m_db.reset();
    auto db = PgConnection::open(m_options.url);
    // The database may have been dropped and made again: then its schema is made anew, with our salt.
    const auto migrated = db ? migratePgSchema(*db, m_salt) : Result<void>(Error{db.error()});
    if (!migrated) {
        if (migrated.error() != m_connectError)
            qCWarning(lcPgStore, "cannot write to PostgreSQL: %s; %s", qPrintable(migrated.error()),
                      m_spool ? "acknowledging into the spool" : "answering 503");
        m_connectError = migrated.error();
        return false;
    }
    m_db.emplace(std::move(*db));
    // What this process wrote may be gone (a database made anew, a failover that lost the last
    // commits): partitions and users are checked and written again.
    m_partitions.clear();
    m_storedUsers = FingerprintSet();
    m_connectError.clear();
    qCInfo(lcPgStore, "connected to PostgreSQL again");
    return true;
}

void PgStore::writerLoop()
{
    nameThisThread("tdesk-writer");
    std::vector<GroupCommitQueue::Pending> group;
    for (;;) {
        // While the spool holds events, look for PostgreSQL often (and replay) rather than sleep.
        const bool spooling = m_spool && m_spool->events() > 0;
        const GroupCommitQueue::Taken taken = m_queue.take(group, spooling ? SpoolRetry : IdleWake);
        if (spooling)
            replaySpool();
        if (taken == GroupCommitQueue::Taken::Stopped)
            return;
        const qint64 now = m_options.clock();
        if (now >= m_nextSizeMs && reconnect()) {
            m_nextSizeMs = now + SizeIntervalMs;
            if (auto size = m_db->exec("SELECT pg_database_size(current_database())"))
                m_databaseBytes = size->number(0, 0);
        }
        if (now >= m_nextMaintenanceMs)
            maintain();
        if (taken == GroupCommitQueue::Taken::Idle)
            continue;
        const QList<IngestOutcome> outcomes = commitGroup(group);
        group.clear();
        Q_EMIT committed(outcomes);
    }
}

QList<IngestOutcome> PgStore::commitGroup(const std::vector<GroupCommitQueue::Pending> &group)
{
    // Older requests wait in the spool: these go after them, in order.
    if (m_spool && m_spool->events() > 0)
        return spoolGroup(group);
    QList<IngestOutcome> outcomes;
    std::vector<const Event *> fresh;
    Result<void> written = Error{QStringLiteral("PostgreSQL is unreachable")};
    QByteArray state;
    for (int attempt = 0; attempt < TransactionAttempts && reconnect(); ++attempt) {
        outcomes.clear();
        fresh.clear();
        written = writeGroup(group, outcomes, fresh);
        if (written)
            break;
        state = m_db->lastSqlState();
        m_db->run("ROLLBACK");
        m_rollups.failed();
        if (state != "40P01" && state != "40001") // deadlock, serialization failure: try again
            break;
    }
    if (!written && m_spool && (!m_db || m_db->isBroken() || worthWaitingFor(state))) {
        // Unreachable, restarting, failing over, too slow: acknowledged from the spool.
        if (m_db) // (a failed reconnection has said why)
            qCWarning(lcPgStore, "cannot write to PostgreSQL: %s; acknowledging into the spool", qPrintable(explained(written.error(), state)));
        return spoolGroup(group);
    }
    quint64 accepted = 0;
    for (IngestOutcome &o : outcomes) {
        o.committed = bool(written);
        accepted += quint64(o.accepted);
    }
    m_queue.finished(group, bool(written), accepted, written.error());
    if (written) {
        if (m_observer)
            m_observer(fresh);
        return outcomes;
    }
    qCWarning(lcPgStore, "transaction of %d requests failed, answered 503: %s", int(group.size()),
              qPrintable(explained(written.error(), state)));
    // Nothing of this group is stored: every request in it is answered 503 and retried.
    QList<IngestOutcome> failed;
    for (const GroupCommitQueue::Pending &p : group)
        failed.push_back(IngestOutcome{p.ticket, false, 0, 0});
    return failed;
}

Result<void> PgStore::ensurePartitions(const std::vector<GroupCommitQueue::Pending> &group)
{
    for (const GroupCommitQueue::Pending &p : group) {
        for (const Event &e : p.events) {
            const qint64 month = monthOf(e.timeMs).first;
            if (m_partitions.count(month))
                continue;
            if (auto made = ensureEventPartition(*m_db, e.timeMs); !made)
                return Error{made.error()};
            m_partitions.insert(month);
        }
    }
    return {};
}

// Into the local spool, committed there before the answer: every event counts as accepted (a retry
// among them is recognised as a duplicate when the spool is replayed).
QList<IngestOutcome> PgStore::spoolGroup(const std::vector<GroupCommitQueue::Pending> &group)
{
    std::vector<const Event *> events;
    QList<IngestOutcome> outcomes;
    for (const GroupCommitQueue::Pending &p : group) {
        for (const Event &e : p.events)
            events.push_back(&e);
        outcomes.push_back(IngestOutcome{p.ticket, true, int(p.events.size()), 0});
    }
    Result<qint64> spooled = Error{QStringLiteral("the spool is full (%1 events)").arg(m_spool->events())};
    if (m_spool->events() + qint64(events.size()) <= m_options.maxSpooledEvents)
        spooled = m_spool->append(events, m_options.clock());
    publishSpoolFigures();
    if (!spooled) {
        qCWarning(lcPgStore, "%s: answering 503 with Retry-After (SPOOL_MAX_EVENTS)", qPrintable(spooled.error()));
        m_queue.finished(group, false, 0, spooled.error());
        for (IngestOutcome &o : outcomes)
            o = IngestOutcome{o.ticket, false, 0, 0};
        return outcomes;
    }
    m_queue.finished(group, true, quint64(events.size()));
    return outcomes;
}

// The oldest spooled batches into PostgreSQL, each in a transaction that also records it as
// applied, then out of the spool; for at most ReplayBudgetMs.
void PgStore::replaySpool()
{
    const qint64 started = m_options.clock();
    while (m_spool->events() > 0 && m_options.clock() - started < ReplayBudgetMs && reconnect()) {
        auto batch = m_spool->oldest();
        if (!batch || !batch.value()) {
            qCWarning(lcPgStore, "cannot read the spool: %s", qPrintable(batch ? QStringLiteral("empty") : batch.error()));
            return;
        }
        std::vector<GroupCommitQueue::Pending> group;
        group.push_back(GroupCommitQueue::Pending{0, std::move(batch.value()->events)});
        QList<IngestOutcome> outcomes;
        std::vector<const Event *> fresh;
        if (auto written = writeGroup(group, outcomes, fresh, &*batch.value()); !written) {
            const QString why = explained(written.error(), m_db->lastSqlState());
            m_db->run("ROLLBACK");
            m_rollups.failed();
            if (why != m_replayError)
                qCWarning(lcPgStore, "replaying the spool failed, tried again shortly: %s", qPrintable(why));
            m_replayError = why;
            return;
        }
        m_replayError.clear();
        m_queue.finished({}, true, 0); // writing works again (the events were counted when spooled)
        if (m_observer)
            m_observer(fresh);
        if (auto removed = m_spool->remove(batch.value()->number); !removed) {
            qCWarning(lcPgStore, "cannot remove a replayed batch from the spool: %s", qPrintable(removed.error()));
            return; // recorded as applied: skipped at the next start
        }
        publishSpoolFigures();
        if (m_spool->events() == 0)
            qCInfo(lcPgStore, "the spool is replayed: writing to PostgreSQL again");
    }
}

// One transaction: the group's events, then what they add to the rollups, then COMMIT.
Result<void> PgStore::writeGroup(const std::vector<GroupCommitQueue::Pending> &group, QList<IngestOutcome> &outcomes,
                                 std::vector<const Event *> &fresh, const EventSpool::Batch *replayed)
{
    if (auto ready = ensurePartitions(group); !ready)
        return ready;
    // The rows, events with an id in key order (see TransactionAttempts).
    std::vector<const Event *> rows;
    for (const GroupCommitQueue::Pending &p : group) {
        for (const Event &e : p.events)
            rows.push_back(&e);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Event *a, const Event *b) {
        return std::tie(a->projectId, a->id, a->timeMs) < std::tie(b->projectId, b->id, b->timeMs);
    });
    PgArray project, ts, received, id, user, session, name, os, ext, vscode, country, region, city, lat, lon, props;
    for (const Event *e : rows) {
        project.appendNumber(e->projectId);
        ts.appendNumber(e->timeMs);
        received.appendNumber(e->receivedMs);
        id.append(pgText(e->id));
        user.append(pgText(e->userHash));
        session.append(pgText(e->sessionId));
        name.append(pgValue(e->name));
        os.append(pgText(e->os));
        ext.append(pgText(e->ext));
        vscode.append(pgText(e->vscode));
        country.append(pgText(e->country));
        region.append(pgText(e->region));
        city.append(pgText(e->city));
        lat.append(pgReal(e->latitude));
        lon.append(pgReal(e->longitude));
        props.append(pgText(e->props));
    }
    // Two round trips a transaction (pipeline mode): BEGIN and the events, then the rollups and COMMIT.
    // Staging the rows with COPY into a temporary table first was measured against this (2026-12-04,
    // scripts/bench-postgres.sh, 100-event batches): 37.8k-40.9k events/s against 42.4k-48.4k here.
    // COPY saves parsing arrays but costs a third round trip, and the time goes to the rollups anyway.
    auto begun = m_db->pipeline({{"BEGIN", {}}, {
        // Of the events with an id, the first of each (project, id) in the request claims the pair in
        // event_ids; only the events without an id and those that claimed one are stored.
        "WITH r AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[],"
        " $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::float8[],"
        " $15::float8[], $16::text[]) WITH ORDINALITY AS r(project_id, ts, received_ms, event_id, user_hash, session_id,"
        " name, os, ext, vscode, country, region, city, lat, lon, props, n)),"
        " firsts AS (SELECT DISTINCT ON (project_id, event_id) project_id, event_id, ts, n FROM r"
        " WHERE event_id IS NOT NULL ORDER BY project_id, event_id, n),"
        " claimed AS (INSERT INTO event_ids SELECT project_id, event_id, ts FROM firsts ON CONFLICT DO NOTHING"
        " RETURNING project_id, event_id)"
        " INSERT INTO events(project_id, ts, received_ms, event_id, user_hash, session_id, name, os, ext, vscode,"
        " country, region, city, lat, lon, props)"
        " SELECT project_id, ts, received_ms, event_id, user_hash, session_id, name, os, ext, vscode, country, region,"
        " city, lat, lon, props FROM r WHERE event_id IS NULL"
        " OR n IN (SELECT n FROM firsts JOIN claimed USING (project_id, event_id))"
        " ORDER BY n RETURNING project_id, event_id, ts", // row ids in the order of arrival
        {project.finish(), ts.finish(), received.finish(), id.finish(), user.finish(), session.finish(), name.finish(),
         os.finish(), ext.finish(), vscode.finish(), country.finish(), region.finish(), city.finish(), lat.finish(),
         lon.finish(), props.finish()}}});
    if (!begun)
        return Error{begun.error()};
    const PgResult &inserted = begun->back();

    // Which events are new: those without an id all are; of those with one, the first of each
    // (project, id) in the request, when the statement returned it. The others are duplicates.
    std::map<std::tuple<qint64, QByteArray, qint64>, int> stored;
    for (int row = 0; row < inserted.rows(); ++row) {
        if (!inserted.isNull(row, 1))
            ++stored[{inserted.number(row, 0), inserted.text(row, 1), inserted.number(row, 2)}];
    }
    m_rollups.begin(everythingAtCommit(m_options.clock()));
    std::set<PeriodUserRow> users;
    for (const GroupCommitQueue::Pending &p : group) {
        IngestOutcome outcome{p.ticket, false, 0, 0};
        for (const Event &e : p.events) {
            if (!e.id.isEmpty()) {
                const auto it = stored.find({e.projectId, pgText(e.id), e.timeMs});
                if (it == stored.end() || it->second == 0) {
                    ++outcome.duplicates;
                    continue;
                }
                --it->second;
            }
            ++outcome.accepted;
            fresh.push_back(&e);
            m_rollups.add(e);
            const qint64 day = floorTo(e.timeMs, DayMs) / DayMs;
            for (PeriodUserRow row : {PeriodUserRow{HourUsers, e.projectId, floorTo(e.timeMs, HourMs), {}, e.userHash},
                                      PeriodUserRow{DayUsers, e.projectId, day, {}, e.userHash},
                                      PeriodUserRow{DayCountryUsers, e.projectId, day, pgValue(e.country), e.userHash}}) {
                if (!m_storedUsers.contains(userRowFingerprint(row)))
                    users.insert(std::move(row));
            }
        }
        outcomes.push_back(outcome);
    }
    std::vector<PgConnection::Statement> finish = rollupStatements(m_rollups.rows(), {users.begin(), users.end()});
    if (replayed) {
        finish.push_back({"INSERT INTO spool_applied(spool, batch, applied_ms) VALUES ($1, $2, $3)",
                          {m_spool->id(), QByteArray::number(replayed->number), QByteArray::number(m_options.clock())}});
    }
    finish.push_back({"COMMIT", {}});
    if (auto done = m_db->pipeline(finish); !done)
        return Error{done.error()};
    m_rollups.committed();
    if (m_storedUsers.size() + users.size() > m_options.rememberedUsers)
        m_storedUsers = FingerprintSet(); // only spares sending rows again: forget and start over
    for (const PeriodUserRow &row : users)
        m_storedUsers.insert(userRowFingerprint(row));
    return {};
}

// Every retention interval, by one collector at a time (the others skip the round): projects'
// retention and the pruning of rollup_recent, each in small transactions of its own.
void PgStore::maintain()
{
    const qint64 now = m_options.clock();
    m_nextMaintenanceMs = now + m_options.retentionIntervalMs;
    if (!reconnect())
        return;
    auto locked = m_db->exec("SELECT pg_try_advisory_lock($1)", {QByteArray::number(MaintenanceLock)});
    if (!locked || locked->text(0, 0) != "t")
        return;
    const auto retained = applyRetention(now);
    const auto pruned = pruneRecentMinutes(now);
    m_db->run("SELECT pg_advisory_unlock($1)", {QByteArray::number(MaintenanceLock)});
    if (!retained || !pruned)
        qCWarning(lcPgStore, "maintenance failed, tried again later: %s",
                  qPrintable(retained ? pruned.error() : retained.error()));
    else if (retained.value())
        m_storedUsers = FingerprintSet(); // a late event of a deleted day writes its users again
}

// Whole UTC days are kept (the per-day user rollups cannot drop part of a day). Months that every
// project is done with go at once, as partitions; the rest in batches per project. True when
// anything was deleted.
Result<bool> PgStore::applyRetention(qint64 nowMs)
{
    auto projects = m_db->exec("SELECT id, retention_days FROM projects");
    if (!projects)
        return Error{projects.error()};
    std::vector<std::pair<qint64, qint64>> cutoffs; // project, first day kept
    bool everyProjectExpires = projects->rows() > 0;
    for (int row = 0; row < projects->rows(); ++row) {
        const qint64 days = projects->number(row, 1);
        if (days > 0)
            cutoffs.emplace_back(projects->number(row, 0), (nowMs - days * DayMs) / DayMs);
        else
            everyProjectExpires = false;
    }
    bool deleted = false;
    if (everyProjectExpires) {
        qint64 keepFrom = std::numeric_limits<qint64>::max();
        for (const auto &[project, firstDay] : cutoffs)
            keepFrom = std::min(keepFrom, firstDay * DayMs);
        auto partitions = m_db->exec("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                                     " WHERE i.inhparent = 'events'::regclass");
        if (!partitions)
            return Error{partitions.error()};
        for (int row = 0; row < partitions->rows(); ++row) {
            const QByteArray name = partitions->text(row, 0);
            const auto month = partitionMonth(name);
            if (!month || month->second > keepFrom)
                continue;
            if (auto dropped = m_db->run("DROP TABLE " + name); !dropped)
                return Error{dropped.error()};
            m_partitions.erase(month->first);
            deleted = true;
        }
    }
    for (const auto &[project, firstDay] : cutoffs) {
        const QByteArray projectId = QByteArray::number(project);
        const QByteArray cutoff = QByteArray::number(firstDay * DayMs);
        bool eventsGone = false;
        for (int batch = 0; batch < 50 && !eventsGone; ++batch) {
            auto removed = m_db->exec("WITH gone AS (DELETE FROM events WHERE project_id = $1 AND ts < $2 AND id IN ("
                                      "SELECT id FROM events WHERE project_id = $1 AND ts < $2 LIMIT 2000) RETURNING 1)"
                                      " SELECT count(*) FROM gone",
                                      {projectId, cutoff});
            if (!removed)
                return Error{removed.error()};
            deleted = deleted || removed->number(0, 0) > 0;
            eventsGone = removed->number(0, 0) < 2000;
        }
        if (!eventsGone)
            continue; // the ids and rollups go with the last of their events, at a later round
        if (auto done = m_db->run("DELETE FROM event_ids WHERE project_id = $1 AND ts < $2", {projectId, cutoff}); !done)
            return Error{done.error()};
        const QByteArray day = QByteArray::number(firstDay);
        for (const RetainedRollup &r : RetainedRollups) {
            if (auto done = m_db->run(QByteArray("DELETE FROM ") + r.table + " WHERE project_id = $1 AND " + r.column + " < $2",
                                      {projectId, r.byDay ? day : cutoff});
                !done)
                return Error{done.error()};
        }
    }
    return deleted;
}

// rollup_recent keeps two days (MetaKey::RollupRecentKeepMs); `from` says where it begins.
Result<void> PgStore::pruneRecentMinutes(qint64 nowMs)
{
    const QByteArray keepFrom = QByteArray::number(floorTo(nowMs - MetaKey::RollupRecentKeepMs, MinuteMs));
    const auto pruned = m_db->run("BEGIN; UPDATE meta SET value = " + keepFrom + " WHERE key = '" + MetaKey::RollupRecentFrom
                     + "' AND value::bigint < " + keepFrom + "; DELETE FROM rollup_recent WHERE minute_ms < " + keepFrom
                     + "; COMMIT");
    if (!pruned)
        m_db->run("ROLLBACK");
    return pruned;
}

// What the transaction adds to the rollups, each table's rows in key order.
std::vector<PgConnection::Statement> PgStore::rollupStatements(const RollupRows &rows, const std::vector<PeriodUserRow> &users)
{
    std::vector<PgConnection::Statement> statements;
    if (!rows.minutes.empty()) {
        PgArray project, minute, name, events;
        for (const MinuteRow &r : rows.minutes) {
            project.appendNumber(r.projectId);
            minute.appendNumber(r.minuteMs);
            name.append(pgValue(r.name));
            events.appendNumber(r.events);
        }
        statements.push_back({"INSERT INTO rollup_minute(project_id, minute_ms, name, events)"
                              " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[])"
                              " ON CONFLICT (project_id, minute_ms, name) DO UPDATE SET events = rollup_minute.events + excluded.events",
                              {project.finish(), minute.finish(), name.finish(), events.finish()}});
    }
    for (const auto &[table, period, dimensionRows] :
         {std::tuple{"rollup_hour", "hour_ms", &rows.hours}, std::tuple{"rollup_day", "day", &rows.days},
          std::tuple{"rollup_recent", "minute_ms", &rows.recentMinutes}}) {
        if (dimensionRows->empty())
            continue;
        PgArray project, periods, dims, values, events;
        for (const DimensionRow &r : *dimensionRows) {
            project.appendNumber(r.projectId);
            periods.appendNumber(r.period);
            dims.appendNumber(r.dim);
            values.append(pgValue(r.value));
            events.appendNumber(r.events);
        }
        const QByteArray sql = QByteArray("INSERT INTO ") + table + "(project_id, " + period + ", dim, value, events)"
            " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::bigint[]) ON CONFLICT (project_id, "
            + period + ", dim, value) DO UPDATE SET events = " + table + ".events + excluded.events";
        statements.push_back({sql, {project.finish(), periods.finish(), dims.finish(), values.finish(), events.finish()}});
    }
    for (int kind = 0; kind < UserPeriodKindCount; ++kind) {
        PgArray project, periods, country, user;
        bool any = false;
        for (const PeriodUserRow &r : users) {
            if (r.kind != kind)
                continue;
            any = true;
            project.appendNumber(r.projectId);
            periods.appendNumber(r.period);
            country.append(pgValue(r.country));
            user.append(pgText(r.userHash));
        }
        if (!any)
            continue;
        const UserTable &t = UserTables[kind];
        const bool byCountry = kind == DayCountryUsers;
        const QByteArray sql = QByteArray("INSERT INTO ") + t.name + t.columns + " SELECT * FROM unnest($1::bigint[], $2::bigint[], "
            + (byCountry ? "$3::text[], $4::text[]" : "$3::text[]") + ") ON CONFLICT DO NOTHING";
        QList<QByteArray> params{project.finish(), periods.finish()};
        if (byCountry)
            params.push_back(country.finish());
        params.push_back(user.finish());
        statements.push_back({sql, params});
    }
    return statements;
}

} // namespace tdesk
