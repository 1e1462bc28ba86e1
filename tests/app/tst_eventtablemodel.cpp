// The Events view's model under QAbstractItemModelTester while pages arrive from its worker thread:
// fetchMore through the whole store, a rare filter that fills in over budgeted pages, filter
// changes while a page is on its way, the live tail (arrivals inserted where they belong, persistent
// indexes kept), the row cap, roles and errors.

#include "auth/apikey.h"
#include "fakereader.h"
#include "models/eventtablemodel.h"
#include "query/inprocessreader.h"
#include "storage/sqlitestore.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace tdesk;

namespace {

constexpr qint64 BaseMs = 1767225600000; // 2026-01-01T00:00:00Z
constexpr int StoredEvents = 1500;

struct Stored
{
    qint64 id = 0;
    qint64 project = 1;
    qint64 ts = 0;
    QString name;
    QString os;
    QString props;
};

} // namespace

class TestEventTableModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<InProcessReader> m_reader;
    QSqlDatabase m_db;
    QByteArray m_salt;
    QList<Stored> m_events;

    void insert(Stored &e)
    {
        QSqlQuery q(m_db);
        QVERIFY(q.prepare(QStringLiteral(
            "INSERT INTO events(project_id, ts, received_ms, user_hash, session_id, name, os, ext, vscode, country, city,"
            " lat, lon, props) VALUES (?, ?, ?, ?, 'session-1', ?, ?, '1.4.2', '1.95.0', 'SE', 'Linköping', 58.41, 15.62, ?)")));
        const QString hash = QString::fromLatin1(userHash(m_salt, e.project, "someone"));
        for (const QVariant &v : {QVariant(e.project), QVariant(e.ts), QVariant(e.ts + 7), QVariant(hash), QVariant(e.name),
                                  e.os.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(e.os), QVariant(e.props)})
            q.addBindValue(v);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        e.id = q.lastInsertId().toLongLong();
    }

    // The stored events the filter selects, newest first.
    QList<qint64> expectedIds(qint64 project, const QString &name = {}) const
    {
        QList<Stored> hits;
        for (const Stored &e : m_events) {
            if (e.project == project && (name.isEmpty() || e.name == name))
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

    qint64 newestTs() const
    {
        return std::max_element(m_events.begin(), m_events.end(), [](const Stored &a, const Stored &b) {
                   return a.ts < b.ts;
               })->ts;
    }

    static QList<qint64> modelIds(const EventTableModel &model)
    {
        QList<qint64> ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids.append(model.index(row, 0).data(EventTableModel::EventIdRole).toLongLong());
        return ids;
    }

    // Asks for pages the way a view scrolling to the bottom does, until there are no more.
    static bool fetchEverything(EventTableModel &model)
    {
        for (int round = 0; round < 10000; ++round) {
            if (!QTest::qWaitFor([&model] { return !model.isFetching(); }, 10000))
                return false;
            if (!model.canFetchMore({}))
                return true;
            model.fetchMore({});
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("events.db"));
        {
            auto store = SqliteStore::open(SqliteOptions{m_path});
            QVERIFY2(store, qPrintable(store.error()));
            m_salt = (*store)->userHashSalt();
        }
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst_eventtablemodel"));
        m_db.setDatabaseName(m_path);
        QVERIFY(m_db.open());
        // Times drawn from 300 values, so many rows share one; a rare event name about 1 in 100.
        QRandomGenerator random(7);
        QVERIFY(m_db.transaction());
        for (int i = 0; i < StoredEvents; ++i) {
            Stored e;
            e.project = i % 5 == 4 ? 2 : 1;
            e.ts = BaseMs + qint64(random.bounded(300)) * 1000;
            e.name = i % 97 == 0 ? QStringLiteral("crash.report") : QStringLiteral("command.run");
            e.os = i % 3 == 0 ? QString() : QStringLiteral("linux");
            e.props = QStringLiteral("{\"n\":%1,\"big\":9007199254740993,\"text\":\"a \\\"quoted\\\" value\"}").arg(i);
            insert(e);
            m_events.append(e);
        }
        QVERIFY(m_db.commit());
        m_reader = std::make_unique<InProcessReader>(parseDatabaseUrl(m_path).value());
    }

    void cleanupTestCase()
    {
        m_reader.reset();
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("tst_eventtablemodel"));
    }

    void fetchMoreReadsTheWholeStore()
    {
        EventTableModel model(m_reader.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(64);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.canFetchMore({}));
        model.setFilter({.projectId = 1});
        QVERIFY(fetchEverything(model));
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(model.reachedEnd());
        QCOMPARE(modelIds(model), expectedIds(1));
        QVERIFY(inserted.count() >= expectedIds(1).size() / 64); // a page at a time, never all at once
    }

    void cellsShowTheEvent()
    {
        EventTableModel model(m_reader.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFilter({.projectId = 1});
        QTRY_VERIFY(model.rowCount() > 0);
        const qint64 id = model.index(0, 0).data(EventTableModel::EventIdRole).toLongLong();
        const Stored &e = *std::find_if(m_events.begin(), m_events.end(), [id](const Stored &s) { return s.id == id; });
        const auto cell = [&model](int column, int role = Qt::DisplayRole) { return model.index(0, column).data(role); };

        QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
        QCOMPARE(cell(EventTableModel::TimeColumn).toString(),
                 QDateTime::fromMSecsSinceEpoch(e.ts).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        QVERIFY(cell(EventTableModel::TimeColumn, Qt::ToolTipRole).toString().startsWith(
            QDateTime::fromMSecsSinceEpoch(e.ts, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))));
        QVERIFY(cell(EventTableModel::TimeColumn, Qt::ToolTipRole).toString().contains(QStringLiteral("UTC")));
        QCOMPARE(cell(EventTableModel::EventColumn).toString(), e.name);
        const QString hash = QString::fromLatin1(userHash(m_salt, 1, "someone"));
        QCOMPARE(cell(EventTableModel::UserColumn).toString(), hash.left(8));
        QCOMPARE(cell(EventTableModel::UserColumn, Qt::ToolTipRole).toString(), hash);
        QCOMPARE(cell(EventTableModel::SessionColumn).toString(), QStringLiteral("session-"));
        QCOMPARE(cell(EventTableModel::SessionColumn, Qt::ToolTipRole).toString(), QStringLiteral("session-1"));
        QCOMPARE(cell(EventTableModel::OsColumn).toString(), e.os.isEmpty() ? QStringLiteral("unknown") : e.os);
        QCOMPARE(cell(EventTableModel::AppVersionColumn).toString(), QStringLiteral("1.4.2"));
        QCOMPARE(cell(EventTableModel::HostVersionColumn).toString(), QStringLiteral("1.95.0"));
        QCOMPARE(cell(EventTableModel::CountryColumn).toString(), QStringLiteral("SE"));
        QVERIFY(cell(EventTableModel::CountryColumn, Qt::ToolTipRole).toString().contains(QStringLiteral("Sweden")));
        QCOMPARE(cell(EventTableModel::CityColumn).toString(), QStringLiteral("Linköping"));
        // Properties read as text: strings without quotes or escapes, numbers as stored (exact).
        QCOMPARE(cell(EventTableModel::PropertiesColumn).toString(),
                 QStringLiteral("n: %1 · big: 9007199254740993 · text: a \"quoted\" value").arg(e.props.mid(5, e.props.indexOf(u',') - 5)));
        QVERIFY(!cell(EventTableModel::PropertiesColumn).toString().contains(u'\n'));
        QCOMPARE(model.headerData(EventTableModel::EventColumn, Qt::Horizontal).toString(), QStringLiteral("Event"));

        // The detail pane's JSON: indented, every field, properties as stored (64-bit integers exact).
        const QString json = cell(EventTableModel::PropertiesColumn, EventTableModel::JsonRole).toString();
        QVERIFY(json.contains(u'\n'));
        QVERIFY(json.contains(QStringLiteral("9007199254740993")));
        QJsonParseError error;
        const QJsonObject object = QJsonDocument::fromJson(json.toUtf8(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(object.value(QStringLiteral("id")).toInteger(), e.id);
        QCOMPARE(object.value(QStringLiteral("event")).toString(), e.name);
        QCOMPARE(object.value(QStringLiteral("user")).toString(), hash);
        QCOMPARE(object.value(QStringLiteral("timeMs")).toInteger(), e.ts);
        QCOMPARE(QDateTime::fromString(object.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch(), e.ts);
        QVERIFY(object.value(QStringLiteral("time")).toString().endsWith(u'Z'));
        QCOMPARE(object.value(QStringLiteral("city")).toString(), QStringLiteral("Linköping"));
        QCOMPARE(object.value(QStringLiteral("latitude")).toDouble(), 58.41);
        QCOMPARE(object.value(QStringLiteral("properties")).toObject(), QJsonDocument::fromJson(e.props.toUtf8()).object());
        QCOMPARE(object.value(QStringLiteral("os")).isNull(), e.os.isEmpty());

        const EventRow row = cell(EventTableModel::EventColumn, EventTableModel::EventRowRole).value<EventRow>();
        QCOMPARE(row.id, e.id);
        QCOMPARE(row.props, e.props);
    }

    void timesShowInTheNamedZone_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QStringList>("names"); // by the season of the test's run
        QTest::newRow("abbreviated") << QByteArray("Europe/Berlin") << QStringList{QStringLiteral("CET"), QStringLiteral("CEST")};
        QTest::newRow("UTC") << QByteArray("UTC") << QStringList{QStringLiteral("UTC")};
        QTest::newRow("offset only") << QByteArray("America/Sao_Paulo") << QStringList{QStringLiteral("UTC-03:00")};
        QTest::newRow("half hours") << QByteArray("Asia/Kolkata") << QStringList{QStringLiteral("IST")};
    }

    void timesShowInTheNamedZone()
    {
        QFETCH(QByteArray, zone);
        QFETCH(QStringList, names);
        const QTimeZone timeZone(zone);
        QVERIFY(timeZone.isValid());
        EventTableModel model(m_reader.get());
        model.setTimeZone(timeZone);
        model.setFilter({.projectId = 1});
        QTRY_VERIFY(model.rowCount() > 0);

        const QString header = model.headerData(EventTableModel::TimeColumn, Qt::Horizontal).toString();
        QVERIFY2(header.startsWith(QStringLiteral("Time (")) && names.contains(header.sliced(6).chopped(1)), qPrintable(header));
        const EventRow row = model.index(0, 0).data(EventTableModel::EventRowRole).value<EventRow>();
        QCOMPARE(model.index(0, EventTableModel::TimeColumn).data().toString(),
                 QDateTime::fromMSecsSinceEpoch(row.timeMs, timeZone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        // The tooltip: UTC, and when the collector received it (in the same zone, named).
        const QString tip = model.index(0, EventTableModel::TimeColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QDateTime::fromMSecsSinceEpoch(row.timeMs, QTimeZone::utc()).toString(QStringLiteral("HH:mm:ss.zzz"))
                              + QStringLiteral(" UTC")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Received ")
                              + QDateTime::fromMSecsSinceEpoch(row.receivedMs, timeZone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))),
                 qPrintable(tip));
    }

    // Today's times without the date (the column keeps its width for what changes); other days' with it.
    void todaysTimesLeaveOutTheDate()
    {
        test::FakeReader reader;
        const QTimeZone utc = QTimeZone::utc();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 today = QDateTime(QDateTime::currentDateTimeUtc().date(), QTime(0, 0, 1, 250), utc).toMSecsSinceEpoch();
        EventRow todays, older;
        todays.id = 2;
        todays.timeMs = todays.receivedMs = std::min(today, now);
        older.id = 1;
        older.timeMs = older.receivedMs = today - 2 * 86400000;
        reader.page.rows = {todays, older};
        reader.page.reachedRangeStart = true;
        EventTableModel model(&reader);
        model.setTimeZone(utc);
        model.setFilter({.projectId = 1});
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, EventTableModel::TimeColumn).data().toString(),
                 QDateTime::fromMSecsSinceEpoch(todays.timeMs, utc).toString(QStringLiteral("HH:mm:ss.zzz")));
        QCOMPARE(model.index(1, EventTableModel::TimeColumn).data().toString(),
                 QDateTime::fromMSecsSinceEpoch(older.timeMs, utc).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        // The date is in the tooltip.
        QVERIFY(model.index(0, EventTableModel::TimeColumn).data(Qt::ToolTipRole).toString().startsWith(
            QDateTime::fromMSecsSinceEpoch(todays.timeMs, utc).toString(QStringLiteral("yyyy-MM-dd"))));
    }

    void detailPaneLabelsEveryField()
    {
        const QTimeZone berlin("Europe/Berlin");
        EventTableModel model(m_reader.get());
        model.setTimeZone(berlin);
        model.setProjectNames({{1, QStringLiteral("desktop")}, {2, QStringLiteral("web")}});
        model.setFilter({.projectId = AllProjects});
        QTRY_VERIFY(model.rowCount() > 0);
        const EventRow row = model.index(0, 0).data(EventTableModel::EventRowRole).value<EventRow>();
        const QString project = row.projectId == 1 ? QStringLiteral("desktop") : QStringLiteral("web");
        QCOMPARE(model.index(0, EventTableModel::ProjectColumn).data().toString(), project);
        QCOMPARE(model.headerData(EventTableModel::ProjectColumn, Qt::Horizontal).toString(), QStringLiteral("Project"));

        const QString detail = model.index(0, 0).data(EventTableModel::DetailRole).toString();
        const QStringList lines = detail.split(u'\n');
        const auto line = [&lines](const QString &label) {
            for (const QString &l : lines) {
                if (l.startsWith(label + QStringLiteral("  ")))
                    return l.sliced(label.size()).trimmed();
            }
            return QStringLiteral("(no line %1)").arg(label);
        };
        const auto time = [](qint64 ms, const QTimeZone &zone) {
            return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        };
        // January: CET. The time, in UTC, the received time; every other field by its label.
        QCOMPARE(line(QStringLiteral("Time")), time(row.timeMs, berlin) + QStringLiteral(" CET"));
        QCOMPARE(line(QStringLiteral("Time in UTC")), time(row.timeMs, QTimeZone::utc()) + QStringLiteral(" UTC"));
        QCOMPARE(line(QStringLiteral("Received")), time(row.receivedMs, berlin) + QStringLiteral(" CET"));
        QCOMPARE(line(QStringLiteral("Project")), project);
        QCOMPARE(line(QStringLiteral("Event")), row.name);
        QCOMPARE(line(QStringLiteral("Session")), QStringLiteral("session-1"));
        QCOMPARE(line(QStringLiteral("User")), row.userHash);
        QCOMPARE(line(QStringLiteral("App version")), QStringLiteral("1.4.2"));
        QCOMPARE(line(QStringLiteral("Host version")), QStringLiteral("1.95.0"));
        QCOMPARE(line(QStringLiteral("Country")), QStringLiteral("Sweden (SE)"));
        QCOMPARE(line(QStringLiteral("City")), QStringLiteral("Linköping"));
        QCOMPARE(line(QStringLiteral("Location")), QStringLiteral("58.41, 15.62"));
        QVERIFY(line(QStringLiteral("Properties")).startsWith(QStringLiteral("n: ")));
        // Then the JSON, whole.
        QVERIFY(detail.endsWith(model.index(0, 0).data(EventTableModel::JsonRole).toString()));
    }

    void propertiesReadAsText_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("text");
        QTest::newRow("strings and numbers") << QStringLiteral("{\"feature\":\"search\",\"ms\":12.5,\"ok\":true,\"none\":null}")
                                             << QStringLiteral("feature: search · ms: 12.5 · ok: true · none: null");
        QTest::newRow("escapes") << QStringLiteral("{\"path\":\"C:\\\\tmp\\\\a \\\"b\\\"\",\"emoji\":\"\\ud83d\\ude00 \\u00e9\"}")
                                 << QStringLiteral("path: C:\\tmp\\a \"b\" · emoji: 😀 é");
        QTest::newRow("nested as stored") << QStringLiteral("{\"tags\":[\"a\",\"b,c\"],\"o\":{\"k\":\"}\"},\"n\":1}")
                                          << QStringLiteral("tags: [\"a\",\"b,c\"] · o: {\"k\":\"}\"} · n: 1");
        QTest::newRow("empty object") << QStringLiteral("{}") << QString();
        QTest::newRow("not an object") << QStringLiteral("[1,2]") << QStringLiteral("[1,2]");
        QTest::newRow("not JSON") << QStringLiteral("{oops") << QStringLiteral("{oops");
    }

    void propertiesReadAsText()
    {
        QFETCH(QString, json);
        QFETCH(QString, text);
        QCOMPARE(EventTableModel::propertiesText(json), text);
    }

    void rareFilterFillsInOverBudgetedPages_data()
    {
        QTest::addColumn<bool>("withTester");
        QTest::newRow("model tester") << true;
        QTest::newRow("asked once") << false; // no tester asking for more on every change
    }

    void rareFilterFillsInOverBudgetedPages()
    {
        QFETCH(bool, withTester);
        EventTableModel model(m_reader.get());
        model.setScanBudget(ScanBudget{0, 40}); // a few rows a page: the rare event needs many
        QSignalSpy scanned(&model, &EventTableModel::scannedBackTo);
        QSignalSpy fetching(&model, &EventTableModel::fetchingChanged);
        // (The tester asks for a page at once, before the filter below replaces it.)
        std::unique_ptr<QAbstractItemModelTester> tester;
        if (withTester)
            tester = std::make_unique<QAbstractItemModelTester>(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFilter({.projectId = 1, .name = QStringLiteral("crash.report")});
        // One request for a page keeps searching, without being asked again, until the end; it
        // reports fetching throughout, not once per budgeted page.
        QTRY_VERIFY_WITH_TIMEOUT(model.reachedEnd(), 20000);
        QCOMPARE(modelIds(model), expectedIds(1, QStringLiteral("crash.report")));
        QVERIFY(scanned.count() > 10);
        QCOMPARE(fetching.count(), 2);
        QCOMPARE(fetching.first().first().toBool(), true);
        QCOMPARE(fetching.last().first().toBool(), false);
        QVERIFY(!model.isFetching());
    }

    void filterChangeStartsOver()
    {
        EventTableModel model(m_reader.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(50);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setFilter({.projectId = 1});
        QTRY_VERIFY(model.rowCount() > 0);
        // Changed again while the first page of the next filter is on its way: only the last counts.
        model.setFilter({.projectId = 2});
        model.setFilter({.projectId = 1, .name = QStringLiteral("crash.report")});
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(fetchEverything(model));
        QCOMPARE(modelIds(model), expectedIds(1, QStringLiteral("crash.report")));
        QCOMPARE(reset.count(), 3);
        QCOMPARE(model.filter().name, QStringLiteral("crash.report"));
    }

    void liveTailInsertsArrivalsWhereTheyBelong_data()
    {
        QTest::addColumn<bool>("withTester");
        // The tester asks for more on every change, so everything gets loaded; without it, one page.
        QTest::newRow("model tester") << true;
        QTest::newRow("first page only") << false;
    }

    void liveTailInsertsArrivalsWhereTheyBelong()
    {
        QFETCH(bool, withTester);
        EventTableModel model(m_reader.get());
        std::unique_ptr<QAbstractItemModelTester> tester;
        if (withTester)
            tester = std::make_unique<QAbstractItemModelTester>(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(100);
        model.setLiveTailInterval(20);
        model.setFilter({.projectId = 1});
        QTRY_VERIFY(model.rowCount() > 0 && !model.isFetching());
        QCOMPARE(model.reachedEnd(), withTester);
        model.setLiveTail(true);
        QVERIFY(model.liveTail());
        const int before = model.rowCount();
        const QPersistentModelIndex top = model.index(0, 0);
        const qint64 topId = top.data(EventTableModel::EventIdRole).toLongLong();
        // Where the loaded rows end: a late arrival above it belongs among them.
        const qint64 loadedOldestTs = model.index(before - 1, 0).data(EventTableModel::EventRowRole).value<EventRow>().timeMs;

        const qint64 newest = newestTs();
        QList<Stored> arrivals{
            {.project = 1, .ts = newest + 1000, .name = QStringLiteral("tail.new")},
            {.project = 1, .ts = newest + 1001, .name = QStringLiteral("tail.new")},
            {.project = 2, .ts = newest + 1002, .name = QStringLiteral("tail.other.project")},
            {.project = 1, .ts = loadedOldestTs + 1, .name = QStringLiteral("tail.late")},
            // Older than everything: at the end if all is loaded, else a page brings it.
            {.project = 1, .ts = BaseMs - 5000, .name = QStringLiteral("tail.below")},
        };
        for (Stored &e : arrivals)
            insert(e);
        m_events.append(arrivals);
        QTRY_COMPARE(model.rowCount(), before + (withTester ? 4 : 3));

        const QList<qint64> ids = modelIds(model);
        QCOMPARE(ids.mid(0, 2), (QList<qint64>{arrivals[1].id, arrivals[0].id}));
        QVERIFY(ids.contains(arrivals[3].id));
        QVERIFY(!ids.contains(arrivals[2].id));
        QCOMPARE(ids.contains(arrivals[4].id), withTester);
        // The row that was on top is the same event, two rows further down.
        QCOMPARE(top.row(), 2);
        QCOMPARE(top.data(EventTableModel::EventIdRole).toLongLong(), topId);

        // Scrolling on to the end brings the rest once each, all in order.
        QVERIFY(fetchEverything(model));
        QCOMPARE(modelIds(model), expectedIds(1));

        model.setLiveTail(false);
        QVERIFY(!model.liveTail());
        Stored quiet{.project = 1, .ts = newestTs() + 1000, .name = QStringLiteral("tail.off")};
        insert(quiet);
        m_events.append(quiet);
        QTest::qWait(100);
        QVERIFY(!modelIds(model).contains(quiet.id));
    }

    void liveTailDropsTheOldestRowsBeyondTheCap_data()
    {
        QTest::addColumn<bool>("withTester");
        QTest::newRow("model tester") << true;
        QTest::newRow("no tester") << false;
    }

    void liveTailDropsTheOldestRowsBeyondTheCap()
    {
        QFETCH(bool, withTester);
        EventTableModel model(m_reader.get());
        std::unique_ptr<QAbstractItemModelTester> tester;
        if (withTester)
            tester = std::make_unique<QAbstractItemModelTester>(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(100);
        model.setMaximumRows(250);
        model.setLiveTailInterval(20);
        model.setFilter({.projectId = 1});
        QVERIFY(QTest::qWaitFor([&model] { return !model.isFetching(); }));
        while (model.rowCount() < 300) {
            model.fetchMore({});
            QVERIFY(QTest::qWaitFor([&model] { return !model.isFetching(); }));
        }
        model.setLiveTail(true);
        QList<Stored> arrivals;
        for (int i = 0; i < 5; ++i) { // the newest events, each newer than the one before
            arrivals.append({.project = 1, .ts = newestTs() + 1000, .name = QStringLiteral("tail.cap")});
            insert(arrivals.last());
            m_events.append(arrivals.last());
        }
        QTRY_COMPARE(model.index(0, 0).data(EventTableModel::EventIdRole).toLongLong(), arrivals.last().id);
        if (!withTester) { // the tester would ask for the dropped rows again at once
            QCOMPARE(model.rowCount(), 250);
            QVERIFY(model.canFetchMore({}));
        }
        model.setLiveTail(false);
        // What was dropped comes back on scrolling down, without gaps or repeats.
        QVERIFY(fetchEverything(model));
        QCOMPARE(modelIds(model), expectedIds(1));
    }

    void unreadableDatabaseReportsAnError()
    {
        InProcessReader missing(parseDatabaseUrl(m_dir.filePath(QStringLiteral("missing/none.db"))).value());
        EventTableModel model(&missing);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy errors(&model, &EventTableModel::errorOccurred);
        model.setFilter({});
        QTRY_COMPARE(errors.count(), 1);
        QVERIFY(!errors.first().first().toString().isEmpty());
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(!model.isFetching());
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"
