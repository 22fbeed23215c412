#pragma once

#include "Error.h"
#include "data/BrowseQuery.h"

#include <functional>
#include <stop_token>

class QIODevice;

namespace bridgescope {

class Session;

enum class ExportFormat {
    Csv, // COPY … TO STDOUT (FORMAT csv, HEADER): the bytes psql's \copy … csv header writes
    Json, // a JSON array, one object per row and line (row_to_json), streamed row by row
};

// The rows the spec selects, every column, in its order (sort column, then the key), written
// to `out` as they arrive: memory stays flat whatever the size. `progress` is called every few
// thousand rows with the rows written so far. A stop request cancels the statement on the
// server; the rows written so far stay in `out` and the Error (kind Cancelled) says so.
Result<qint64> exportRows(Session &session, const BrowseSpec &spec, ExportFormat format,
                          QIODevice &out, const std::function<void(qint64)> &progress = {},
                          std::stop_token stop = {});

// The same into a file, which is replaced only once the export has completed: a failure or a
// stop leaves an existing file as it was.
Result<qint64> exportToFile(Session &session, const BrowseSpec &spec, ExportFormat format,
                            const QString &path, const std::function<void(qint64)> &progress = {},
                            std::stop_token stop = {});

// The SELECT an export runs, without its values (for --sql and the tests).
Result<BoundSql> exportQuery(const BrowseSpec &spec, bool viaSettings);

} // namespace bridgescope
