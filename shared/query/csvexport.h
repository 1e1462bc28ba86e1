#pragma once

#include "core/result.h"
#include "query/eventquery.h"

#include <QStringList>

#include <atomic>
#include <functional>

class QSqlDatabase;

namespace tdesk {

struct CsvExportOptions
{
    // Start with a UTF-8 byte order mark. Excel opens a CSV without one in the system's legacy code
    // page and garbles every non-ASCII character; LibreOffice, pandas and Python's csv module
    // (encoding "utf-8-sig") read it fine. Off for tools that want plain UTF-8.
    bool byteOrderMark = true;
    // Put an apostrophe before text starting with = + - @ tab or CR. Event names and properties come
    // from any client holding a public key; a spreadsheet would run such text as a formula.
    bool guardFormulas = true;
    // Called on the exporting thread every few thousand rows: rows written so far, and the event
    // time reached (the export goes newest first).
    std::function<void(qint64 rowsWritten, qint64 reachedTimeMs)> progress;
    // Set from any thread to stop: the export then fails and leaves no file.
    const std::atomic<bool> *cancel = nullptr;
};

// The header row: stable names for scripts that read the file, so not translated.
QStringList csvExportColumns();

// Writes every event matching `filter`, newest first, to `filePath` as CSV (RFC 4180: CRLF line
// ends; fields with quotes, commas or line breaks quoted, quotes doubled), UTF-8, with a header
// row. Streams: a few thousand rows in memory at a time. Writes to a temporary file that replaces
// `filePath` only when everything is written, so a cancelled or failed export leaves a previous
// file untouched. Times are ISO 8601 UTC. Returns the number of rows written. Run it off the GUI
// thread, with a connection opened on that thread to a database file: the export reads slices of
// time side by side, each on a clone of that connection.
Result<qint64> exportEventsCsv(const QSqlDatabase &db, const EventFilter &filter, const QString &filePath,
                               const CsvExportOptions &options = {});

} // namespace tdesk
