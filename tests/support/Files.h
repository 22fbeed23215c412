#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace bridgescope::test {

// A file's bytes, for comparing with what it must still hold; "(unreadable)" when it is gone or
// cannot be read, which no expected content is.
inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

} // namespace bridgescope::test
