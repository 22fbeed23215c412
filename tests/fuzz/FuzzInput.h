#pragma once

// What the fuzz targets share: the input as UTF-8 text (invalid bytes become U+FFFD, as they do
// where a file or a text field is read), cut into fields at NUL bytes.
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace bridgescope::fuzz {

inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline QStringList fields(const uint8_t *data, size_t size)
{
    return text(data, size).split(QChar(0));
}

// A broken promise: abort with a message, so libFuzzer keeps the input as a crash.
[[noreturn]] inline void broken(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz: %s\n%s\n", what, detail.toUtf8().constData());
    std::abort();
}

} // namespace bridgescope::fuzz
