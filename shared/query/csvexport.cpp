#include "query/csvexport.h"

#include "query/eventquery.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrentRun>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <optional>

namespace tdesk {
namespace {

// The export is cut into slices of time holding about SliceRows events each; the slices are walked
// side by side, each on its own connection, and written in order. One thread reading rows through
// Qt Sql tops out below 300k rows/s; two reach more than that. Slices in flight bound the memory
// (a slice is a few MB of CSV).
constexpr qint64 SliceRows = 10000;
constexpr qint64 BatchRows = 5000; // rows per walk inside a slice
constexpr int MaxThreads = 4;

// The translation context of this file's messages (lupdate finds them as CsvExport::tr).
struct CsvExport
{
    Q_DECLARE_TR_FUNCTIONS(tdesk::CsvExport)
};

// What spreadsheets take for the start of a formula (OWASP's list for CSV injection).
bool startsFormula(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void appendDigits(char *&out, unsigned value, int digits)
{
    for (int i = digits - 1; i >= 0; --i) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
    out += digits;
}

// Writes ISO 8601 UTC with milliseconds ("2026-03-02T08:05:00.000Z", as QDateTime writes it, but
// without its cost, which would be a good part of the export's) to out; returns its length.
qsizetype appendIsoTime(char *out, qint64 ms)
{
    using namespace std::chrono;
    const sys_time<milliseconds> time{milliseconds(ms)};
    const sys_days day = floor<days>(time);
    const year_month_day date(day);
    const hh_mm_ss<milliseconds> clock(time - day);
    const int year = int(date.year());
    if (year < 0 || year > 9999) // not a time the collector accepts; written as it is stored
        return std::to_chars(out, out + 24, ms).ptr - out;
    char *end = out;
    appendDigits(end, unsigned(year), 4);
    *end++ = '-';
    appendDigits(end, unsigned(date.month()), 2);
    *end++ = '-';
    appendDigits(end, unsigned(date.day()), 2);
    *end++ = 'T';
    appendDigits(end, unsigned(clock.hours().count()), 2);
    *end++ = ':';
    appendDigits(end, unsigned(clock.minutes().count()), 2);
    *end++ = ':';
    appendDigits(end, unsigned(clock.seconds().count()), 2);
    *end++ = '.';
    appendDigits(end, unsigned(clock.subseconds().count()), 3);
    *end++ = 'Z';
    return end - out;
}

// Builds records straight into a byte buffer: per-character appends to a QByteArray would cost
// more than reading the rows.
class CsvWriter
{
public:
    explicit CsvWriter(bool guardFormulas) : m_guardFormulas(guardFormulas) { m_buffer.resize(256 * 1024); }

    QByteArray take()
    {
        m_buffer.truncate(m_size);
        m_size = 0;
        return std::exchange(m_buffer, QByteArray());
    }

    void raw(QByteArrayView bytes)
    {
        char *out = room(bytes.size());
        memcpy(out, bytes.data(), size_t(bytes.size()));
        m_size += bytes.size();
    }

    void text(QByteArrayView bytes)
    {
        separate();
        const bool formula = m_guardFormulas && !bytes.isEmpty() && startsFormula(bytes.front());
        const bool quote = std::any_of(bytes.begin(), bytes.end(),
                                       [](char c) { return c == '"' || c == ',' || c == '\n' || c == '\r'; });
        // At most: quotes around, an apostrophe, every character doubled.
        char *out = room(2 * bytes.size() + 3);
        char *const start = out;
        if (quote)
            *out++ = '"';
        if (formula)
            *out++ = '\'';
        if (quote) {
            for (const char c : bytes) {
                *out++ = c;
                if (c == '"')
                    *out++ = '"';
            }
            *out++ = '"';
        } else if (!bytes.isEmpty()) { // a null field has no data pointer to copy from
            memcpy(out, bytes.data(), size_t(bytes.size()));
            out += bytes.size();
        }
        m_size += out - start;
    }

    void time(qint64 ms)
    {
        separate();
        m_size += appendIsoTime(room(32), ms);
    }

    void number(qint64 value)
    {
        separate();
        char *out = room(24);
        m_size += std::to_chars(out, out + 24, value).ptr - out;
    }

    void number(double value) // empty when unknown (NaN)
    {
        separate();
        if (std::isnan(value))
            return;
        char *out = room(32);
        m_size += std::to_chars(out, out + 32, value).ptr - out; // shortest exact form
    }

    void endRecord()
    {
        raw("\r\n");
        m_first = true;
    }

private:
    char *room(qsizetype bytes)
    {
        if (m_size + bytes > m_buffer.size())
            m_buffer.resize(std::max(2 * m_buffer.size(), m_size + bytes));
        return m_buffer.data() + m_size;
    }

    void separate()
    {
        if (!std::exchange(m_first, false))
            raw(",");
    }

    bool m_guardFormulas;
    bool m_first = true;
    QByteArray m_buffer;
    qsizetype m_size = 0;
};

void writeRow(CsvWriter &csv, const EventRowUtf8 &row)
{
    csv.time(row.timeMs);
    csv.text(row.name);
    csv.text(row.userHash);
    csv.text(row.sessionId);
    csv.text(row.os);
    csv.text(row.appVersion);
    csv.text(row.hostVersion);
    csv.text(row.country);
    csv.text(row.region);
    csv.text(row.city);
    csv.number(row.latitude);
    csv.number(row.longitude);
    csv.text(row.props);
    csv.number(row.projectId);
    csv.text(row.eventId);
    csv.time(row.receivedMs);
    csv.endRecord();
}

} // namespace

QStringList csvExportColumns()
{
    return {QStringLiteral("time_utc"),     QStringLiteral("event"),        QStringLiteral("user_hash"),
            QStringLiteral("session_id"),   QStringLiteral("os"),           QStringLiteral("app_version"),
            QStringLiteral("host_version"), QStringLiteral("country"),      QStringLiteral("region"),
            QStringLiteral("city"),         QStringLiteral("latitude"),     QStringLiteral("longitude"),
            QStringLiteral("properties"),   QStringLiteral("project_id"),   QStringLiteral("event_id"),
            QStringLiteral("received_utc")};
}

namespace {

struct Slice
{
    qint64 startMs = 0; // the event time the export has reached once this slice is written
    QByteArray csv;
    qint64 rows = 0;
    std::optional<Error> error;
};

// One slice of time, walked newest first on a connection of its own (Qt Sql connections belong to
// the thread that opened them), into CSV records.
Slice exportSlice(const QString &connectionName, const EventFilter &slice, bool guardFormulas,
                  const std::atomic<bool> &stop, const std::atomic<bool> *cancel)
{
    const auto stopped = [&stop, cancel] {
        return stop.load(std::memory_order_relaxed) || (cancel && cancel->load(std::memory_order_relaxed));
    };
    static std::atomic<quint64> nextConnection = 0;
    const QString name = QStringLiteral("tdesk-csv-export-%1").arg(nextConnection++);
    Slice result;
    result.startMs = slice.range.fromMs;
    {
        QSqlDatabase db = QSqlDatabase::cloneDatabase(connectionName, name);
        if (!db.open()) {
            result.error = Error{CsvExport::tr("Cannot open the event database: %1").arg(db.lastError().text())};
        } else {
            CsvWriter csv(guardFormulas);
            EventCursor cursor;
            while (!stopped()) {
                // The view's walk, without a time budget: every matching row, each once.
                const auto scan = walkEvents(db, slice, cursor, BatchRows, ScanBudget::unlimited(),
                                             [&csv](const EventRowUtf8 &row) { writeRow(csv, row); });
                if (!scan) {
                    result.error = Error{scan.error()};
                    break;
                }
                result.rows += scan->rowsFound;
                cursor = scan->next;
                if (scan->reachedRangeStart)
                    break;
            }
            result.csv = csv.take();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

Result<qint64> exportEventsCsv(const QSqlDatabase &db, const EventFilter &filter, const CsvSink &sink,
                               const CsvExportOptions &options)
{
    if (!db.isOpen())
        return Error{CsvExport::tr("The event database is not open.")};
    QThreadPool pool;
    pool.setMaxThreadCount(std::clamp(QThread::idealThreadCount(), 1, MaxThreads));
    std::atomic<bool> stop = false; // tells the slices still running to finish early
    std::deque<QFuture<Slice>> running;
    const auto fail = [&](const Error &error) {
        stop = true;
        pool.waitForDone();
        return error;
    };
    const auto cancelled = [&options] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };

    CsvWriter header(false);
    if (options.byteOrderMark)
        header.raw("\xEF\xBB\xBF");
    for (const QString &column : csvExportColumns())
        header.text(column.toUtf8());
    header.endRecord();
    if (auto sent = sink(header.take()); !sent)
        return fail(Error{sent.error()});

    qint64 written = 0;
    qint64 sliceEnd = filter.range.toMs;
    bool allPlanned = false;
    while (true) {
        // Keep every thread busy and one slice more in hand, newest first.
        while (!allPlanned && qsizetype(running.size()) <= pool.maxThreadCount()) {
            const auto start = eventSliceStart(db, filter, sliceEnd, SliceRows);
            if (!start)
                return fail(Error{start.error()});
            EventFilter slice = filter;
            slice.range = {*start, sliceEnd};
            running.push_back(QtConcurrent::run(&pool, [connection = db.connectionName(), slice,
                                                        guard = options.guardFormulas, &stop, cancel = options.cancel] {
                return exportSlice(connection, slice, guard, stop, cancel);
            }));
            sliceEnd = *start;
            allPlanned = *start <= filter.range.fromMs;
        }
        if (running.empty())
            break;
        const Slice slice = running.front().result();
        running.pop_front();
        if (cancelled())
            return fail(Error{CsvExport::tr("The export was cancelled.")});
        if (slice.error)
            return fail(*slice.error);
        if (auto sent = sink(slice.csv); !sent)
            return fail(Error{sent.error()});
        written += slice.rows;
        if (options.progress)
            options.progress(written, slice.startMs);
    }
    if (cancelled())
        return fail(Error{CsvExport::tr("The export was cancelled.")});
    return written;
}

Result<qint64> exportEventsCsv(const QSqlDatabase &db, const EventFilter &filter, const QString &filePath,
                               const CsvExportOptions &options)
{
    const QString shownPath = QDir::toNativeSeparators(filePath);
    QSaveFile file(filePath); // a temporary file beside it, renamed over it by commit()
    if (!file.open(QIODevice::WriteOnly))
        return Error{CsvExport::tr("Cannot write %1: %2").arg(shownPath, file.errorString())};
    // Every way out but success leaves the target as it was (QSaveFile drops its temporary file).
    auto written = exportEventsCsv(
        db, filter,
        [&](const QByteArray &bytes) -> Result<void> {
            if (file.write(bytes) != bytes.size())
                return Error{CsvExport::tr("Cannot write %1: %2").arg(shownPath, file.errorString())};
            return {};
        },
        options);
    if (!written)
        return written;
    if (!file.commit()) // also where a full disk shows, when the last blocks are flushed
        return Error{CsvExport::tr("Cannot write %1: %2").arg(shownPath, file.errorString())};
    return written;
}

} // namespace tdesk
