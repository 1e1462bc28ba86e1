// The Events view's keyset walk: every matching event exactly once, newest first, for each filter
// and their combinations, across equal times, in pages of any size and under any scan budget; the
// user filter by raw id and by hash; the live tail by arrival. Expectations come from filtering the
// inserted rows in C++, never from the code under test.

#include "auth/apikey.h"
#include "query/eventquery.h"
#include "storage/sqlitestore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace tdesk;

Q_DECLARE_METATYPE(tdesk::EventFilter)

namespace {

// One inserted event, as the test knows it.
struct Stored
{
    qint64 id = 0;
    qint64 project = 1;
    qint64 ts = 0;
    QString anon; // the raw user id; stored only as its hash
    QString userHash;
    QString name, os, ext, country, props;
};

QVariant orNull(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

// A database as the collector makes it (schema and user-hash salt), and a writable connection to it.
class TestDatabase
{
public:
    explicit TestDatabase(const QString &path, const QString &connectionName) : m_path(path), m_name(connectionName)
    {
        auto store = SqliteStore::open(SqliteOptions{path});
        if (!store)
            qFatal("cannot create %s: %s", qPrintable(path), qPrintable(store.error()));
        m_salt = (*store)->userHashSalt();
        store.value().reset();
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        m_db.setDatabaseName(path);
        if (!m_db.open())
            qFatal("cannot open %s", qPrintable(path));
    }
    ~TestDatabase()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }

    QSqlDatabase db() const { return m_db; }
    QByteArray salt() const { return m_salt; }

    // Inserts the event and fills in its id and user hash.
    void insert(Stored &e)
    {
        e.userHash = QString::fromLatin1(userHash(m_salt, e.project, e.anon.toUtf8()));
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO events(project_id, ts, received_ms, user_hash, session_id, name, os, ext,"
                                 " vscode, country, props) VALUES (?, ?, ?, ?, 's', ?, ?, ?, '1.95.0', ?, ?)"));
        for (const QVariant &v : {QVariant(e.project), QVariant(e.ts), QVariant(e.ts + 3), QVariant(e.userHash),
                                  QVariant(e.name), orNull(e.os), orNull(e.ext), orNull(e.country), orNull(e.props)})
            q.addBindValue(v);
        if (!q.exec())
            qFatal("insert failed: %s", qPrintable(q.lastError().text()));
        e.id = q.lastInsertId().toLongLong();
    }

private:
    QString m_path;
    QString m_name;
    QByteArray m_salt;
    QSqlDatabase m_db;
};

constexpr qint64 BaseMs = 1767225600000; // 2026-01-01T00:00:00Z

const QString Names[] = {QStringLiteral("app.started"), QStringLiteral("command.run"), QStringLiteral("file.opened"),
                         QStringLiteral("say \"hi\", ok"), QStringLiteral("ünïcødé.event")};
const QString Systems[] = {QStringLiteral("win32"), QStringLiteral("darwin"), QStringLiteral("linux"), QString()};
const QString Versions[] = {QStringLiteral("1.0.0"), QStringLiteral("1.1.0"), QString()};
const QString Countries[] = {QStringLiteral("SE"), QStringLiteral("US"), QStringLiteral("JP"), QString()};
const QString Props[] = {QStringLiteral(R"({"feature":"Search","durationMs":12,"tag":"aXb"})"),
                         QStringLiteral(R"({"q":"Äpfel und Birnen"})"),
                         // moc misreads backslashes in raw strings: plain literals here.
                         QStringLiteral("{\"msg\":\"she said \\\"hi\\\" twice\"}"),
                         QStringLiteral("{\"path\":\"C:\\\\temp\\\\x\"}"),
                         QStringLiteral(R"({"exit":1,"durationMs":400})"),
                         QStringLiteral(R"({"ratio":"1%0","tag":"a_b"})"),
                         QString()};

template<typename T, size_t N>
const T &pick(QRandomGenerator &random, const T (&items)[N])
{
    return items[random.bounded(int(N))];
}

bool matches(const Stored &e, const EventFilter &f)
{
    if (f.projectId != AllProjects && e.project != f.projectId)
        return false;
    if (!f.range.contains(e.ts))
        return false;
    if (!f.name.isEmpty() && e.name != f.name)
        return false;
    if (!f.os.isEmpty() && e.os != f.os)
        return false;
    if (!f.version.isEmpty() && e.ext != f.version)
        return false;
    if (!f.country.isEmpty() && e.country.compare(f.country, Qt::CaseInsensitive) != 0)
        return false;
    if (!f.user.isEmpty() && e.anon != f.user && e.userHash.compare(f.user, Qt::CaseInsensitive) != 0)
        return false;
    if (!f.text.isEmpty()) {
        // In the JSON text, or in one of the values as the user reads them.
        bool found = e.props.contains(f.text, Qt::CaseInsensitive);
        const QJsonObject values = QJsonDocument::fromJson(e.props.toUtf8()).object();
        for (auto it = values.begin(); !found && it != values.end(); ++it)
            found = it->isString() && it->toString().contains(f.text, Qt::CaseInsensitive);
        if (!found)
            return false;
    }
    return true;
}

QList<qint64> expectedIds(const QList<Stored> &events, const EventFilter &filter)
{
    QList<Stored> hits;
    for (const Stored &e : events) {
        if (matches(e, filter))
            hits.append(e);
    }
    std::sort(hits.begin(), hits.end(), [](const Stored &a, const Stored &b) {
        return a.ts != b.ts ? a.ts > b.ts : a.id > b.id;
    });
    QList<qint64> ids;
    for (const Stored &e : hits)
        ids.append(e.id);
    return ids;
}

struct Walk
{
    QList<qint64> ids;
    int calls = 0;
    int shortPages = 0; // pages that came back with fewer rows than asked, before the end
    bool failed = false;
};

// Pages through the whole filter the way the view does.
Walk walkAll(const QSqlDatabase &db, const EventFilter &filter, int pageSize, const ScanBudget &budget)
{
    Walk walk;
    EventCursor cursor;
    while (walk.calls < 100000) {
        ++walk.calls;
        const auto page = fetchEventPage(db, filter, cursor, pageSize, budget);
        if (!page) {
            qWarning("fetchEventPage failed: %s", qPrintable(page.error()));
            walk.failed = true;
            return walk;
        }
        if (page->rows.size() > pageSize) {
            qWarning("a page of %lld rows, asked for %d", qlonglong(page->rows.size()), pageSize);
            walk.failed = true;
            return walk;
        }
        for (const EventRow &row : page->rows)
            walk.ids.append(row.id);
        cursor = page->next;
        if (page->reachedRangeStart)
            return walk;
        if (page->rows.size() < pageSize)
            ++walk.shortPages;
    }
    walk.failed = true;
    return walk;
}

} // namespace

class TestEventQuery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestDatabase> m_store;
    QList<Stored> m_events;

    QSqlDatabase db() const { return m_store->db(); }

    qint64 rowsOf(qint64 project) const
    {
        return std::count_if(m_events.begin(), m_events.end(), [project](const Stored &e) { return e.project == project; });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_store = std::make_unique<TestDatabase>(m_dir.filePath(QStringLiteral("events.db")), QStringLiteral("tst_eventquery"));
        // 900 events of three projects in random order of arrival, their times drawn from 120 values,
        // so that many share a time and ids do not follow times.
        QRandomGenerator random(20260101);
        QVERIFY(db().transaction());
        for (int i = 0; i < 900; ++i) {
            Stored e;
            e.project = i % 10 == 9 ? 3 : 1 + random.bounded(2);
            e.ts = BaseMs + qint64(random.bounded(120)) * 60000;
            e.anon = QStringLiteral("user-%1").arg(random.bounded(9));
            e.name = pick(random, Names);
            e.os = pick(random, Systems);
            e.ext = pick(random, Versions);
            e.country = pick(random, Countries);
            e.props = pick(random, Props);
            m_store->insert(e);
            m_events.append(e);
        }
        QVERIFY(db().commit());
    }

    void cleanupTestCase()
    {
        m_store.reset();
    }

    void pagesCoverEveryMatchOnce_data()
    {
        QTest::addColumn<EventFilter>("filter");
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<qint64>("budgetRows");

        const Stored &someone = m_events.at(17);
        const auto add = [](const QString &name, EventFilter filter) {
            for (const qint64 project : {qint64(1), AllProjects}) {
                filter.projectId = project;
                const QString where = project == AllProjects ? QStringLiteral("all projects") : QStringLiteral("project 1");
                // Page sizes around the number of rows sharing a time; budgets from none to a few rows.
                for (const auto &[pageSize, budgetRows] : {std::pair{1000, 0}, {7, 0}, {7, 3}, {2, 1}, {50, 40}}) {
                    QTest::addRow("%s, %s, pages of %d, budget %d rows", qPrintable(name), qPrintable(where), pageSize, budgetRows)
                        << filter << pageSize << qint64(budgetRows);
                }
            }
        };
        add(QStringLiteral("no filter"), {});
        add(QStringLiteral("time range"), {.range = {BaseMs + 30 * 60000, BaseMs + 61 * 60000}});
        add(QStringLiteral("range ends on a shared time"), {.range = {BaseMs + 59 * 60000, BaseMs + 60 * 60000}});
        add(QStringLiteral("event name"), {.name = QStringLiteral("file.opened")});
        add(QStringLiteral("event name with quotes and comma"), {.name = Names[3]});
        add(QStringLiteral("non-ASCII event name"), {.name = Names[4]});
        add(QStringLiteral("user by raw id"), {.user = QStringLiteral("user-4")});
        add(QStringLiteral("user by hash"), {.user = someone.userHash});
        add(QStringLiteral("user by upper-case hash"), {.user = someone.userHash.toUpper()});
        add(QStringLiteral("os"), {.os = QStringLiteral("darwin")});
        add(QStringLiteral("app version"), {.version = QStringLiteral("1.1.0")});
        add(QStringLiteral("country in lower case"), {.country = QStringLiteral("se")});
        add(QStringLiteral("text, other case"), {.text = QStringLiteral("sEaRcH")});
        add(QStringLiteral("text, non-ASCII other case"), {.text = QStringLiteral("äPFEL")});
        add(QStringLiteral("text with quotes"), {.text = QStringLiteral("said \"hi\"")});
        add(QStringLiteral("text with backslash"), {.text = QStringLiteral("c:\\TEMP")});
        add(QStringLiteral("text is JSON syntax"), {.text = QStringLiteral("\"exit\":1")});
        // Literally: as wildcards they would also match "1,…400" and "aXb".
        add(QStringLiteral("text with a percent sign"), {.text = QStringLiteral("1%0")});
        add(QStringLiteral("text with an underscore"), {.text = QStringLiteral("A_B")});
        add(QStringLiteral("name and os"), {.name = QStringLiteral("command.run"), .os = QStringLiteral("linux")});
        add(QStringLiteral("user, country and range"),
            {.range = {BaseMs, BaseMs + 90 * 60000}, .user = QStringLiteral("user-2"), .country = QStringLiteral("US")});
        add(QStringLiteral("version and text"), {.version = QStringLiteral("1.0.0"), .text = QStringLiteral("duration")});
        // Every filter at once, taken from one stored event so that something matches.
        const Stored &full = *std::find_if(m_events.begin(), m_events.end(), [](const Stored &e) {
            return !e.os.isEmpty() && !e.ext.isEmpty() && !e.country.isEmpty() && e.props.contains(u'"');
        });
        add(QStringLiteral("everything"),
            {.range = {full.ts, full.ts + 20 * 60000}, .name = full.name, .user = full.anon, .os = full.os,
             .version = full.ext, .country = full.country, .text = full.props.mid(2, 4)});
        add(QStringLiteral("matches nothing"), {.name = QStringLiteral("no.such.event")});
    }

    void pagesCoverEveryMatchOnce()
    {
        QFETCH(EventFilter, filter);
        QFETCH(int, pageSize);
        QFETCH(qint64, budgetRows);
        const QList<qint64> expected = expectedIds(m_events, filter);
        // A filter of this table that matches nothing would not test much.
        if (filter.name != QLatin1String("no.such.event"))
            QVERIFY(!expected.isEmpty());
        const Walk walk = walkAll(db(), filter, pageSize, ScanBudget{0, budgetRows});
        QVERIFY(!walk.failed);
        QCOMPARE(walk.ids, expected); // each once, newest first, ties by id
    }

    void userFilterHashesRawIdPerProject()
    {
        // The same person in two projects has two hashes; the raw id finds both, a hash only its own.
        const QString anon = QStringLiteral("user-5");
        const QString hashInProject2 = QString::fromLatin1(userHash(m_store->salt(), 2, anon.toUtf8()));
        const QList<qint64> all = walkAll(db(), {.user = anon}, 1000, {}).ids;
        const QList<qint64> project2 = walkAll(db(), {.projectId = 2, .user = anon}, 1000, {}).ids;
        const QList<qint64> byHash = walkAll(db(), {.user = hashInProject2}, 1000, {}).ids;
        QVERIFY(!project2.isEmpty());
        QVERIFY(all.size() > project2.size());
        QCOMPARE(byHash, project2);
        for (const Stored &e : std::as_const(m_events)) {
            QCOMPARE(all.contains(e.id), e.anon == anon);
            QCOMPARE(byHash.contains(e.id), e.anon == anon && e.project == 2);
        }
    }

    void budgetEndsPagesEarlyAndTheWalkContinues()
    {
        // The oldest event of project 1 only: a budget of 50 rows cannot reach it in one call.
        const auto oldest = std::min_element(m_events.begin(), m_events.end(), [](const Stored &a, const Stored &b) {
            return a.project != b.project ? a.project < b.project : a.ts != b.ts ? a.ts < b.ts : a.id < b.id;
        });
        const EventFilter filter{.projectId = 1, .user = oldest->userHash, .text = oldest->props};
        const QList<qint64> expected = expectedIds(m_events, filter);
        QVERIFY(expected.contains(oldest->id));

        const auto first = fetchEventPage(db(), filter, {}, 100, ScanBudget{0, 50});
        QVERIFY2(first, qPrintable(first.error()));
        QVERIFY(!first->reachedRangeStart);
        QVERIFY(first->rowsExamined >= 50);
        QVERIFY(first->rowsExamined < rowsOf(1));

        const Walk walk = walkAll(db(), filter, 100, ScanBudget{0, 50});
        QVERIFY(!walk.failed);
        QCOMPARE(walk.ids, expected);
        QVERIFY(walk.calls >= rowsOf(1) / 50);
        QVERIFY(walk.shortPages > 0);
    }

    void timeBudgetBoundsAScan()
    {
        // A filter that matches nothing in 60,000 rows: one call stops after about its budget.
        QTemporaryDir dir;
        TestDatabase big(dir.filePath(QStringLiteral("big.db")), QStringLiteral("tst_eventquery_big"));
        QVERIFY(big.db().transaction());
        QSqlQuery q(big.db());
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO events(project_id, ts, received_ms, user_hash, name, props)"
                                         " VALUES (1, ?, 0, 'u', 'command.run', '{\"feature\":\"search\",\"durationMs\":17}')")));
        for (int i = 0; i < 60000; ++i) {
            q.addBindValue(BaseMs + i);
            QVERIFY(q.exec());
        }
        QVERIFY(big.db().commit());

        const EventFilter filter{.projectId = 1, .text = QStringLiteral("not in any event")};
        const auto page = fetchEventPage(big.db(), filter, {}, 500, ScanBudget{1, 0});
        QVERIFY2(page, qPrintable(page.error()));
        QVERIFY(page->rows.isEmpty());
        QVERIFY(!page->reachedRangeStart);
        QVERIFY2(page->rowsExamined < 60000, qPrintable(QString::number(page->rowsExamined)));
        QVERIFY(page->next.timeMs > BaseMs); // it got somewhere, and says where

        const Walk walk = walkAll(big.db(), filter, 500, ScanBudget{1, 0});
        QVERIFY(!walk.failed);
        QVERIFY(walk.ids.isEmpty());
        QVERIFY(walk.calls > 1);
    }

    void nothingToWalkEndsCleanly_data()
    {
        QTest::addColumn<EventFilter>("filter");
        QTest::newRow("unknown project") << EventFilter{.projectId = 42};
        QTest::newRow("empty range") << EventFilter{.range = {BaseMs + 5000, BaseMs + 5000}};
        QTest::newRow("range before every event") << EventFilter{.range = {0, BaseMs}};
        QTest::newRow("range after every event") << EventFilter{.range = {BaseMs + 200 * 60000, BaseMs + 300 * 60000}};
        QTest::newRow("no match") << EventFilter{.name = QStringLiteral("no.such.event")};
    }

    void nothingToWalkEndsCleanly()
    {
        QFETCH(EventFilter, filter);
        const auto page = fetchEventPage(db(), filter, {}, 10, ScanBudget::unlimited());
        QVERIFY2(page, qPrintable(page.error()));
        QVERIFY(page->rows.isEmpty());
        QVERIFY(page->reachedRangeStart);
        // Asking again from where it ended finds nothing either.
        const auto again = fetchEventPage(db(), filter, page->next, 10, ScanBudget::unlimited());
        QVERIFY2(again, qPrintable(again.error()));
        QVERIFY(again->rows.isEmpty());
        QVERIFY(again->reachedRangeStart);
    }

    void rowsCarryEveryColumn()
    {
        const Stored &e = m_events.at(3);
        const auto page = fetchEventPage(db(), {.projectId = e.project, .user = e.userHash}, {e.ts, e.id + 1}, 1,
                                         ScanBudget::unlimited());
        QVERIFY2(page, qPrintable(page.error()));
        QCOMPARE(page->rows.size(), 1);
        const EventRow &row = page->rows.constFirst();
        QCOMPARE(row.id, e.id);
        QCOMPARE(row.projectId, e.project);
        QCOMPARE(row.timeMs, e.ts);
        QCOMPARE(row.receivedMs, e.ts + 3);
        QCOMPARE(row.userHash, e.userHash);
        QCOMPARE(row.sessionId, QStringLiteral("s"));
        QCOMPARE(row.name, e.name);
        QCOMPARE(row.os, e.os);
        QCOMPARE(row.appVersion, e.ext);
        QCOMPARE(row.hostVersion, QStringLiteral("1.95.0"));
        QCOMPARE(row.country, e.country);
        QCOMPARE(row.props, e.props);
        QVERIFY(!row.hasLocation());
        QCOMPARE(row.cursor(), (EventCursor{e.ts, e.id}));
    }

    void liveTailFindsArrivalsInOrderOfArrival()
    {
        const EventFilter filter{.projectId = 1, .name = QStringLiteral("tail.event")};
        const auto first = fetchEventPage(db(), filter, {}, 50);
        QVERIFY2(first, qPrintable(first.error()));
        QVERIFY(first->rows.isEmpty());
        const qint64 start = first->newestStoredId;

        const qint64 newest = BaseMs + 500 * 60000;
        QList<Stored> arrivals{
            {.project = 1, .ts = newest, .anon = QStringLiteral("t"), .name = QStringLiteral("tail.event")},
            {.project = 2, .ts = newest, .anon = QStringLiteral("t"), .name = QStringLiteral("tail.event")}, // other project
            {.project = 1, .ts = BaseMs - 1, .anon = QStringLiteral("t"), .name = QStringLiteral("tail.event")}, // late
            {.project = 1, .ts = newest + 1, .anon = QStringLiteral("t"), .name = QStringLiteral("other.event")},
            {.project = 1, .ts = newest, .anon = QStringLiteral("t"), .name = QStringLiteral("tail.event")}, // same time
        };
        for (Stored &e : arrivals)
            m_store->insert(e);
        const QList<qint64> expected{arrivals[0].id, arrivals[2].id, arrivals[4].id};

        const auto tail = fetchNewerThan(db(), filter, start, 100);
        QVERIFY2(tail, qPrintable(tail.error()));
        QList<qint64> ids;
        for (const EventRow &row : tail->rows)
            ids.append(row.id);
        QCOMPARE(ids, expected);
        QVERIFY(tail->caughtUp);
        QCOMPARE(tail->lastId, arrivals.constLast().id);

        // Nothing new: nothing returned, and still caught up.
        const auto idle = fetchNewerThan(db(), filter, tail->lastId, 100);
        QVERIFY2(idle, qPrintable(idle.error()));
        QVERIFY(idle->rows.isEmpty());
        QVERIFY(idle->caughtUp);
        QCOMPARE(idle->lastId, tail->lastId);

        // A small limit or budget hands the same arrivals over in several steps.
        for (const auto &[limit, budget] : {std::pair{1, ScanBudget{0, 0}}, {100, ScanBudget{0, 1}}}) {
            QList<qint64> stepped;
            qint64 after = start;
            int steps = 0;
            while (steps < 100) {
                ++steps;
                const auto step = fetchNewerThan(db(), filter, after, limit, budget);
                QVERIFY2(step, qPrintable(step.error()));
                QVERIFY(step->rows.size() <= limit);
                for (const EventRow &row : step->rows)
                    stepped.append(row.id);
                QVERIFY(step->lastId > after || step->caughtUp);
                after = step->lastId;
                if (step->caughtUp)
                    break;
            }
            QCOMPARE(stepped, expected);
            QVERIFY(steps >= 3);
        }

        // The tail keeps to the time range; all projects see the other project's arrival too.
        const auto ranged = fetchNewerThan(db(), {.projectId = 1, .range = {BaseMs, newest + 10}, .name = filter.name}, start, 100);
        QVERIFY2(ranged, qPrintable(ranged.error()));
        QCOMPARE(ranged->rows.size(), 2);
        const auto everywhere = fetchNewerThan(db(), {.name = filter.name}, start, 100);
        QVERIFY2(everywhere, qPrintable(everywhere.error()));
        QCOMPARE(everywhere->rows.size(), 4);

        // And the newest-first walk now shows them, the late one last.
        const QList<qint64> walked = walkAll(db(), filter, 2, {}).ids;
        QCOMPARE(walked, (QList<qint64>{arrivals[4].id, arrivals[0].id, arrivals[2].id}));

        QSqlQuery cleanup(db());
        for (const Stored &e : std::as_const(arrivals))
            QVERIFY(cleanup.exec(QStringLiteral("DELETE FROM events WHERE id = %1").arg(e.id)));
    }

    void closedDatabaseIsAnError()
    {
        const QSqlDatabase closed;
        QVERIFY(!fetchEventPage(closed, {}, {}, 10).ok());
        QVERIFY(!fetchNewerThan(closed, {}, 0, 10).ok());
    }
};

QTEST_GUILESS_MAIN(TestEventQuery)
#include "tst_eventquery.moc"
