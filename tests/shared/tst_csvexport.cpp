// CSV export, read back with a strict RFC 4180 reader written here: every stored row, field for
// field, through quotes, commas, line breaks and non-ASCII; the byte order mark and the formula
// guard as options; progress; cancellation and failures that leave no file and keep an old one.

#include "query/csvexport.h"
#include "storage/sqlitestore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <csignal>
#include <optional>

#include <sys/resource.h>

using namespace tdesk;

namespace {

constexpr qint64 BaseMs = 1767225600123; // 2026-01-01T00:00:00.123Z
constexpr int GenericRows = 30000;       // several slices of the export

struct Stored
{
    qint64 id = 0;
    qint64 project = 1;
    qint64 ts = 0;
    QString eventId, user, session, name, os, ext, vscode, country, region, city;
    double lat = std::nan("");
    double lon = std::nan("");
    QString props;
};

using Record = QList<QByteArray>;

// RFC 4180, strictly: each record ends with CRLF; a field is either quoted (a quote inside doubled)
// or free of quotes, commas, CR and LF. Returns nothing, and says why, on anything else.
std::optional<QList<Record>> readCsv(QByteArrayView data, QString *error)
{
    QList<Record> records;
    qsizetype pos = 0;
    const auto fail = [error, &pos](const char *why) {
        *error = QStringLiteral("%1 at byte %2").arg(QLatin1StringView(why)).arg(pos);
        return std::nullopt;
    };
    while (pos < data.size()) {
        Record record;
        while (true) {
            QByteArray field;
            if (pos < data.size() && data[pos] == '"') {
                ++pos;
                while (true) {
                    if (pos >= data.size())
                        return fail("unterminated quoted field");
                    if (data[pos] == '"') {
                        if (pos + 1 < data.size() && data[pos + 1] == '"') {
                            field += '"';
                            pos += 2;
                            continue;
                        }
                        ++pos;
                        break;
                    }
                    field += data[pos++];
                }
            } else {
                while (pos < data.size() && data[pos] != ',' && data[pos] != '\r') {
                    if (data[pos] == '"' || data[pos] == '\n')
                        return fail("quote or line feed in an unquoted field");
                    field += data[pos++];
                }
            }
            record.append(field);
            if (pos < data.size() && data[pos] == ',') {
                ++pos;
                continue;
            }
            if (data.sliced(pos).startsWith("\r\n")) {
                pos += 2;
                break;
            }
            return fail("a record that does not end with CRLF");
        }
        records.append(record);
    }
    return records;
}

QByteArray isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
}

QVariant orNull(const QString &value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QVariant orNull(double value)
{
    return std::isnan(value) ? QVariant(QMetaType::fromType<double>()) : QVariant(value);
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCsvExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;
    QList<Stored> m_events; // newest first, as exported

    void insert(Stored &e)
    {
        QSqlQuery q(m_db);
        QVERIFY(q.prepare(QStringLiteral(
            "INSERT INTO events(project_id, ts, received_ms, event_id, user_hash, session_id, name, os, ext, vscode,"
            " country, region, city, lat, lon, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
        for (const QVariant &v : {QVariant(e.project), QVariant(e.ts), QVariant(e.ts + 250), orNull(e.eventId),
                                  QVariant(e.user), orNull(e.session), QVariant(e.name), orNull(e.os), orNull(e.ext),
                                  orNull(e.vscode), orNull(e.country), orNull(e.region), orNull(e.city), orNull(e.lat),
                                  orNull(e.lon), orNull(e.props)})
            q.addBindValue(v);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        e.id = q.lastInsertId().toLongLong();
    }

    QString target(const QString &name) const { return m_dir.filePath(name); }

    // The records the export must hold for these events, in order, without the formula guard.
    static QList<Record> expectedRecords(const QList<Stored> &events)
    {
        QList<Record> records;
        for (const Stored &e : events) {
            records.append({isoUtc(e.ts), e.name.toUtf8(), e.user.toUtf8(), e.session.toUtf8(), e.os.toUtf8(),
                            e.ext.toUtf8(), e.vscode.toUtf8(), e.country.toUtf8(), e.region.toUtf8(), e.city.toUtf8(),
                            QByteArray(), QByteArray(), e.props.toUtf8(), QByteArray::number(e.project),
                            e.eventId.toUtf8(), isoUtc(e.ts + 250)});
        }
        return records;
    }

    // Compares read records with the events, coordinates as numbers.
    static void compareRecords(QList<Record> actual, const QList<Stored> &events)
    {
        QCOMPARE(actual.size(), events.size());
        const QList<Record> expected = expectedRecords(events);
        for (qsizetype i = 0; i < actual.size(); ++i) {
            QCOMPARE(actual[i].size(), 16);
            for (const auto &[column, value] : {std::pair{10, events[i].lat}, {11, events[i].lon}}) {
                if (std::isnan(value)) {
                    QCOMPARE(actual[i][column], QByteArray());
                } else {
                    bool ok = false;
                    QCOMPARE(actual[i][column].toDouble(&ok), value);
                    QVERIFY(ok);
                }
                actual[i][column].clear();
            }
            QCOMPARE(actual[i], expected[i]);
        }
    }

    static QList<Record> readBack(const QString &path, bool withBom)
    {
        QByteArray bytes = fileBytes(path);
        const QByteArray bom("\xEF\xBB\xBF");
        if (bytes.startsWith(bom) != withBom) {
            qWarning("byte order mark: expected %d", int(withBom));
            return {};
        }
        if (withBom)
            bytes.remove(0, bom.size());
        QString error;
        const auto records = readCsv(bytes, &error);
        if (!records) {
            qWarning("not RFC 4180: %s", qPrintable(error));
            return {};
        }
        return *records;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("events.db"));
        {
            auto store = SqliteStore::open(SqliteOptions{path});
            QVERIFY2(store, qPrintable(store.error()));
        }
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst_csvexport"));
        m_db.setDatabaseName(path);
        QVERIFY(m_db.open());

        // The awkward ones are the newest, one time each; then many plain rows, three to a time.
        const QString hash = QStringLiteral("0123456789abcdef0123456789abcdef");
        QList<Stored> awkward{
            {.eventId = QStringLiteral("e-1"), .user = hash, .session = QStringLiteral("s1"),
             .name = QStringLiteral("comma, in name"), .os = QStringLiteral("linux"), .ext = QStringLiteral("1.0"),
             .vscode = QStringLiteral("1.95.0"), .country = QStringLiteral("US"), .region = QStringLiteral("DC"),
             .city = QStringLiteral("Washington, D.C."), .lat = 38.9072, .lon = -77.0369,
             .props = QStringLiteral("{\"a\":\"x,y\",\"say\":\"\\\"hi\\\"\"}")},
            {.user = hash, .name = QStringLiteral("quote \" in name"), .props = QStringLiteral("{\"q\":\"\\\"\"}")},
            {.user = hash, .name = QStringLiteral("\""), .os = QStringLiteral("\"\"")},
            {.user = hash, .session = QStringLiteral("line\nfeed"), .name = QStringLiteral("line\nbreak"),
             .os = QStringLiteral("cr\rhere"), .city = QStringLiteral("crlf\r\nhere")},
            {.user = hash, .name = QStringLiteral("日本語 ünïcødé 🚀"), .country = QStringLiteral("JP"),
             .region = QStringLiteral("ZH"), .city = QStringLiteral("Zürich"), .lat = 47.3769, .lon = 8.5417,
             .props = QStringLiteral("{\"note\":\"Grüße, 世界\"}")},
            {.user = hash, .session = QStringLiteral("-cmd"), .name = QStringLiteral("=1+2"),
             .os = QStringLiteral("@SUM(A1)"), .ext = QStringLiteral("+1"), .lat = -33.8688, .lon = 151.2093},
            {.user = hash, .name = QStringLiteral("  spaces kept  ")},
        };
        QVERIFY(m_db.transaction());
        for (qsizetype i = 0; i < awkward.size(); ++i) {
            awkward[i].ts = BaseMs + 10'000'000 - i * 1000;
            insert(awkward[i]);
            m_events.append(awkward[i]);
        }
        QList<Stored> plain;
        for (int i = 0; i < GenericRows; ++i) {
            Stored e{.project = 1 + i % 2, .ts = BaseMs + i / 3, .user = hash, .session = QStringLiteral("s"),
                     .name = QStringLiteral("generic.%1").arg(i % 7), .os = QStringLiteral("win32"),
                     .props = QStringLiteral("{\"i\":%1}").arg(i)};
            insert(e);
            plain.append(e);
        }
        QVERIFY(m_db.commit());
        std::sort(plain.begin(), plain.end(), [](const Stored &a, const Stored &b) {
            return a.ts != b.ts ? a.ts > b.ts : a.id > b.id;
        });
        m_events.append(plain);
    }

    void cleanupTestCase()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("tst_csvexport"));
    }

    void writesEveryRowAsRfc4180()
    {
        const QString path = target(QStringLiteral("all.csv"));
        CsvExportOptions options;
        options.guardFormulas = false;
        QList<std::pair<qint64, qint64>> progress;
        options.progress = [&progress](qint64 rows, qint64 reachedMs) { progress.append({rows, reachedMs}); };
        const auto written = exportEventsCsv(m_db, {}, path, options);
        QVERIFY2(written, qPrintable(written.error()));
        QCOMPARE(*written, m_events.size());

        QList<Record> records = readBack(path, true);
        QVERIFY(!records.isEmpty());
        QCOMPARE(records.takeFirst(), (Record{"time_utc", "event", "user_hash", "session_id", "os", "app_version",
                                              "host_version", "country", "region", "city", "latitude", "longitude",
                                              "properties", "project_id", "event_id", "received_utc"}));
        compareRecords(records, m_events);
        // Line breaks inside fields are kept as they were, inside quotes.
        const QByteArray bytes = fileBytes(path);
        QVERIFY(bytes.contains("\"crlf\r\nhere\""));
        QVERIFY(bytes.contains("\"line\nbreak\""));

        QVERIFY(progress.size() >= 2);
        QCOMPARE(progress.constLast().first, m_events.size());
        for (qsizetype i = 1; i < progress.size(); ++i) {
            QVERIFY(progress[i].first > progress[i - 1].first);
            QVERIFY(progress[i].second <= progress[i - 1].second); // newest first
        }
    }

    void byteOrderMarkIsAnOption()
    {
        const QString path = target(QStringLiteral("nobom.csv"));
        CsvExportOptions options;
        options.byteOrderMark = false;
        options.guardFormulas = false;
        const auto written = exportEventsCsv(m_db, {.name = QStringLiteral("日本語 ünïcødé 🚀")}, path, options);
        QVERIFY2(written, qPrintable(written.error()));
        QCOMPARE(*written, 1);
        QVERIFY(fileBytes(path).startsWith("time_utc,"));
        QList<Record> records = readBack(path, false);
        QCOMPARE(records.size(), 2);
        compareRecords(records.mid(1), {m_events[4]});
    }

    void guardsTextThatSpreadsheetsWouldRun()
    {
        const QString path = target(QStringLiteral("guarded.csv"));
        const auto written = exportEventsCsv(m_db, {.range = {m_events[5].ts, m_events[5].ts + 1}}, path);
        QVERIFY2(written, qPrintable(written.error()));
        QList<Record> records = readBack(path, true);
        QCOMPARE(records.size(), 2);
        const Record &row = records[1];
        QCOMPARE(row[1], QByteArray("'=1+2"));
        QCOMPARE(row[3], QByteArray("'-cmd"));
        QCOMPARE(row[4], QByteArray("'@SUM(A1)"));
        QCOMPARE(row[5], QByteArray("'+1"));
        QCOMPARE(row[10], QByteArray("-33.8688")); // numbers are left alone
    }

    void exportsTheFilterOnly()
    {
        const QString path = target(QStringLiteral("filtered.csv"));
        const EventFilter filter{.projectId = 2, .name = QStringLiteral("generic.3")};
        QList<Stored> expected;
        for (const Stored &e : std::as_const(m_events)) {
            if (e.project == 2 && e.name == filter.name)
                expected.append(e);
        }
        QVERIFY(expected.size() > 100);
        CsvExportOptions options;
        options.guardFormulas = false;
        const auto written = exportEventsCsv(m_db, filter, path, options);
        QVERIFY2(written, qPrintable(written.error()));
        QCOMPARE(*written, expected.size());
        compareRecords(readBack(path, true).mid(1), expected);
    }

    void cancellingLeavesNoFile()
    {
        const QString path = target(QStringLiteral("cancelled.csv"));
        std::atomic<bool> cancel = false;
        CsvExportOptions options;
        options.cancel = &cancel;
        qint64 rowsWhenCancelled = 0;
        options.progress = [&](qint64 rows, qint64) {
            if (rows >= m_events.size() / 2 && !cancel) {
                rowsWhenCancelled = rows;
                cancel = true;
            }
        };
        const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);
        const auto written = exportEventsCsv(m_db, {}, path, options);
        QVERIFY(!written);
        QVERIFY(rowsWhenCancelled > 0 && rowsWhenCancelled < m_events.size());
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before); // no temporary file left either
    }

    void cancellingKeepsThePreviousFile()
    {
        const QString path = target(QStringLiteral("previous.csv"));
        {
            QFile previous(path);
            QVERIFY(previous.open(QIODevice::WriteOnly));
            previous.write("the previous export\r\n");
        }
        std::atomic<bool> cancel = false;
        CsvExportOptions options;
        options.cancel = &cancel;
        options.progress = [&cancel](qint64, qint64) { cancel = true; };
        QVERIFY(!exportEventsCsv(m_db, {}, path, options));
        QCOMPARE(fileBytes(path), QByteArray("the previous export\r\n"));

        // Not cancelled, the same export replaces it.
        cancel = false;
        options.progress = nullptr;
        const auto written = exportEventsCsv(m_db, {}, path, options);
        QVERIFY2(written, qPrintable(written.error()));
        QVERIFY(fileBytes(path).startsWith("\xEF\xBB\xBFtime_utc,"));
    }

    // A full disk half way: the export says so and leaves the previous file as it was, and no
    // temporary file. The disk is made "full" by a file size limit on this process (writes beyond
    // it fail as they would with ENOSPC; the signal that would end the process is ignored).
    void fullDiskHalfWayChangesNothing()
    {
        const QString path = target(QStringLiteral("full-disk.csv"));
        {
            QFile previous(path);
            QVERIFY(previous.open(QIODevice::WriteOnly));
            previous.write("the previous export\r\n");
        }
        const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);
        rlimit saved{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = saved;
        small.rlim_cur = 16 * 1024; // well under the export's size
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        const auto written = exportEventsCsv(m_db, {}, path);
        setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY(!written);
        QVERIFY2(written.error().contains(QDir::toNativeSeparators(path)), qPrintable(written.error()));
        QCOMPARE(fileBytes(path), QByteArray("the previous export\r\n"));
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before);
    }

    void unwritableTargetIsAnError_data()
    {
        QTest::addColumn<QString>("path");
        // Both fail for root too, unlike a read-only directory.
        QTest::newRow("parent is a file") << QStringLiteral("plain-file/out.csv");
        QTest::newRow("target is a directory") << QStringLiteral("a-directory");
    }

    void unwritableTargetIsAnError()
    {
        QFETCH(QString, path);
        QFile plain(target(QStringLiteral("plain-file")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("a-directory")));

        const auto written = exportEventsCsv(m_db, {}, target(path));
        QVERIFY(!written);
        QVERIFY2(written.error().contains(QDir::toNativeSeparators(target(path))), qPrintable(written.error()));
        QVERIFY(QFileInfo(target(QStringLiteral("a-directory"))).isDir());
    }

    void closedDatabaseIsAnError()
    {
        const QString path = target(QStringLiteral("closed.csv"));
        const auto written = exportEventsCsv(QSqlDatabase(), {}, path);
        QVERIFY(!written);
        QVERIFY(!written.error().isEmpty());
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
