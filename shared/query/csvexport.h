#pragma once

#include "core/result.h"
#include "query/readtypes.h"

#include <QStringList>

#include <atomic>
#include <functional>

class QSqlDatabase;

namespace tdesk {

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

// The same records, header first, handed to `sink` a few thousand rows at a time (the Query API
// streams them to its client); a sink that fails stops the export with its error.
using CsvSink = std::function<Result<void>(const QByteArray &bytes)>;
Result<qint64> exportEventsCsv(const QSqlDatabase &db, const EventFilter &filter, const CsvSink &sink,
                               const CsvExportOptions &options = {});

} // namespace tdesk
