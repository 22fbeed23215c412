#pragma once

#include "Error.h"

#include <QByteArray>
#include <QString>

#include <optional>

class QFileDevice;
class QIODevice;

namespace bridgescope {

// Writes all of data, or returns the system's reason in words ("No space left on device",
// "File too large"). A short write is not an error to QIODevice: the bytes that fit are written
// and the count says so, which callers that only test for -1 take for success, leaving a
// truncated file. Here the rest is tried again, so that the system names what stopped it.
std::optional<QString> writeFully(QIODevice &device, const char *data, qint64 size);

// Flushes what the file still buffers, or returns the system's reason (commit() and close() flush
// too, but lose the reason: call this first).
std::optional<QString> flushFully(QFileDevice &file);

// The sentence for a file that could not be written: "Cannot write PATH: REASON; the file that
// was there is as it was." (every writer here goes through QSaveFile).
Error cannotWrite(const QString &path, const QString &reason);

// data to path through QSaveFile: all of it, or nothing and an existing file left as it was.
Status saveFile(const QString &path, const QByteArray &data);

} // namespace bridgescope
