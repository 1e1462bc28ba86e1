// The Events view's count of matches and its filter suggestions against brute-force answers over
// the raw events, on a database filled through the collector's own writer (SqliteStore), so that
// the rollups read are the ones ingest writes.

#include "core/timeunits.h"
#include "query/filterquery.h"
#include "storage/catalog.h"
#include "storage/readconnection.h"
#include "storage/sqlitestore.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace tdesk;

namespace {

struct Stored
{
    qint64 id, project, ts;
    QString name, os, ext, country, props;
};

const char *const Names[] = {"app.started", "app.exited", "command.run", "Über.öffnen", "search.performed"};
const char *const Systems[] = {"linux", "darwin", "win32", nullptr};
const char *const Versions[] = {"1.4.2", "1.4.10", "1.3.0", nullptr};
const char *const Countries[] = {"DE", "US", "DK", "SE", nullptr};

} // namespace

class TestFilterQuery : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    qint64 m_now = 0;
    QList<qint64> m_projects;
    QList<Stored> m_events;

    QSqlDatabase db() const { return sqliteReadConnection(m_path); }

    qint64 bruteForce(const EventFilter &f, qint64 throughId = std::numeric_limits<qint64>::max()) const
    {
        return std::count_if(m_events.begin(), m_events.end(), [&](const Stored &e) {
            return e.id <= throughId && (f.projectId == AllProjects || e.project == f.projectId) && f.range.contains(e.ts)
                && (f.name.isEmpty() || e.name == f.name) && (f.os.isEmpty() || e.os == f.os)
                && (f.version.isEmpty() || e.ext == f.version)
                && (f.country.isEmpty() || e.country == f.country.toUpper())
                && (f.text.isEmpty() || e.props.contains(f.text, Qt::CaseInsensitive));
        });
    }

    // Every call's share added up, from the newest to the start of the range; the calls it took.
    std::pair<qint64, int> countAll(const EventFilter &filter, qint64 throughId, const ScanBudget &budget)
    {
        qint64 total = 0;
        int calls = 0;
        EventCursor after;
        while (true) {
            const auto count = countEvents(db(), filter, throughId, after, budget);
            if (!count) {
                qWarning("%s", qPrintable(count.error()));
                return {-1, calls};
            }
            total += count->events;
            ++calls;
            if (count->complete)
                return {total, calls};
            after = count->next;
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("filter.db"));
        SqliteOptions options;
        options.path = m_path;
        options.maxEventsPerTransaction = 300;
        auto store = SqliteStore::open(options);
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        {
            auto catalog = Catalog::open(parseDatabaseUrl(m_path).value());
            QVERIFY2(catalog, qPrintable(catalog.error()));
            m_projects.append(catalog->project(QStringLiteral("default"))->id);
            m_projects.append(catalog->createProject(QStringLiteral("web"))->id);
        }
        // Three days up to a few minutes ago, skewed towards the first names and values, with
        // every field sometimes missing.
        m_now = QDateTime::currentMSecsSinceEpoch();
        QRandomGenerator random(8);
        const auto pick = [&random](const auto &items) {
            const int n = int(std::size(items));
            return items[std::min(random.bounded(n), random.bounded(n))];
        };
        std::vector<Event> events;
        for (int i = 0; i < 4000; ++i) {
            Event e;
            e.projectId = m_projects.at(random.bounded(4) == 0 ? 1 : 0);
            e.timeMs = m_now - 5 * MinuteMs - qint64(random.bounded(3 * 24 * 3600)) * 1000 - random.bounded(1000);
            e.receivedMs = e.timeMs + 5;
            e.name = pick(Names);
            if (const char *os = pick(Systems))
                e.os = os;
            if (const char *ext = pick(Versions))
                e.ext = ext;
            if (const char *country = pick(Countries))
                e.country = country;
            e.userHash = QByteArray::number(random.bounded(50)).rightJustified(32, '0');
            e.props = "{\"feature\":\"" + QByteArray(random.bounded(3) == 0 ? "export" : "search") + "\"}";
            events.push_back(std::move(e));
        }
        quint64 ticket = 0;
        for (size_t i = 0; i < events.size(); i += 250) {
            std::vector<Event> request(events.begin() + qsizetype(i), events.begin() + qsizetype(std::min(events.size(), i + 250)));
            while (!(*store)->submit(++ticket, std::move(request)))
                QThread::msleep(5);
        }
        (*store)->drainAndStop();

        QSqlQuery q(db());
        QVERIFY(q.exec(QStringLiteral("SELECT id, project_id, ts, name, coalesce(os, ''), coalesce(ext, ''), coalesce(country, ''), props FROM events")));
        while (q.next()) {
            m_events.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toString(),
                             q.value(4).toString(), q.value(5).toString(), q.value(6).toString(), q.value(7).toString()});
        }
        QCOMPARE(m_events.size(), 4000);
    }

    void countsExactlyFromRollups_data()
    {
        QTest::addColumn<EventFilter>("filter");
        const qint64 hour = floorTo(m_now, HourMs);
        // Ends inside hours and minutes, whole days, all time, one project or all.
        const TimeRange ranges[] = {{m_now - 26 * HourMs - 123457, m_now - 7 * MinuteMs - 777},
                                    {hour - 2 * DayMs, hour - 3 * HourMs},
                                    EventFilter::AllTime,
                                    {m_now - 3 * HourMs + 1, m_now}};
        int n = 0;
        for (const TimeRange &range : ranges) {
            for (const qint64 project : {AllProjects, m_projects.at(0), m_projects.at(1)}) {
                const auto row = [&](const char *what, EventFilter f) {
                    f.projectId = project;
                    f.range = range;
                    QTest::addRow("%d %s", n++, what) << f;
                };
                row("everything", {});
                row("name", {.name = QStringLiteral("Über.öffnen")});
                row("os", {.os = QStringLiteral("darwin")});
                row("app version", {.version = QStringLiteral("1.4.10")});
                row("country in lower case", {.country = QStringLiteral("dk")});
                row("nothing matches", {.name = QStringLiteral("never.sent")});
            }
        }
    }

    void countsExactlyFromRollups()
    {
        QFETCH(EventFilter, filter);
        QVERIFY(countableFromRollups(filter));
        const auto [total, calls] = countAll(filter, std::numeric_limits<qint64>::max(), ScanBudget{0, 1}); // no budget needed
        QCOMPARE(total, bruteForce(filter));
        QCOMPARE(calls, 1);
    }

    void leavesLaterRowsToTheLiveTail()
    {
        const qint64 through = m_events.at(m_events.size() * 3 / 4).id;
        for (const EventFilter &filter : {EventFilter{}, EventFilter{.os = QStringLiteral("linux")},
                                          EventFilter{.os = QStringLiteral("linux"), .text = QStringLiteral("EXPORT")}}) {
            QCOMPARE(countAll(filter, through, {}).first, bruteForce(filter, through));
            QVERIFY(bruteForce(filter, through) < bruteForce(filter));
        }
    }

    void countsOtherFiltersOverBudgetedSteps()
    {
        const EventFilter filters[] = {
            {.name = QStringLiteral("app.started"), .os = QStringLiteral("linux")},
            {.projectId = m_projects.at(1), .text = QStringLiteral("export")},
            {.range = {m_now - DayMs, m_now}, .os = QStringLiteral("win32"), .country = QStringLiteral("us")},
        };
        for (const EventFilter &filter : filters) {
            QVERIFY(!countableFromRollups(filter));
            const auto [total, calls] = countAll(filter, std::numeric_limits<qint64>::max(), ScanBudget{0, 300});
            QCOMPARE(total, bruteForce(filter));
            QVERIFY2(calls > 1, "a small budget counts in several steps");
        }
    }

    void suggestsStoredValuesMostFrequentFirst()
    {
        const TimeRange all{m_now - 4 * DayMs, m_now};
        const auto suggest = [&](EventField field, const QString &prefix, int limit = 10, TimeRange range = {}) {
            const auto values = suggestValues(db(), AllProjects, range.toMs ? range : all, field, prefix, limit, m_now);
            return values ? *values : QStringList{QStringLiteral("error: ") + values.error()};
        };
        // The stored values by frequency, from the events themselves.
        const auto byFrequency = [&](auto member, const QString &prefix) {
            QMap<QString, qint64> counts;
            for (const Stored &e : m_events) {
                if (!(e.*member).isEmpty() && (e.*member).startsWith(prefix, Qt::CaseInsensitive))
                    ++counts[e.*member];
            }
            QStringList values = counts.keys();
            std::stable_sort(values.begin(), values.end(), [&](const QString &a, const QString &b) { return counts[a] > counts[b]; });
            return values;
        };
        QCOMPARE(suggest(EventField::Name, QStringLiteral("APP.")), byFrequency(&Stored::name, QStringLiteral("app.")));
        QCOMPARE(suggest(EventField::Name, QStringLiteral("üb")), QStringList{QStringLiteral("Über.öffnen")});
        QCOMPARE(suggest(EventField::Os, {}), byFrequency(&Stored::os, {}));
        QCOMPARE(suggest(EventField::AppVersion, QStringLiteral("1.4")), byFrequency(&Stored::ext, QStringLiteral("1.4")));
        QCOMPARE(suggest(EventField::Country, QStringLiteral("d")), byFrequency(&Stored::country, QStringLiteral("d")));
        QCOMPARE(suggest(EventField::Name, {}, 2), byFrequency(&Stored::name, {}).mid(0, 2));
        QCOMPARE(suggest(EventField::Name, QStringLiteral("zzz")), QStringList());
        // Only what the range's hours hold: nothing before the first event.
        QCOMPARE(suggest(EventField::Os, {}, 10, {m_now - 10 * DayMs, m_now - 5 * DayMs}), QStringList());
        // Without a beginning: the last 30 days.
        QCOMPARE(suggest(EventField::Os, {}, 10, EventFilter::AllTime), byFrequency(&Stored::os, {}));
    }
};

QTEST_GUILESS_MAIN(TestFilterQuery)
#include "tst_filterquery.moc"
