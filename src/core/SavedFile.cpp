#include "SavedFile.h"

#include <QFileDevice>
#include <QIODevice>
#include <QSaveFile>

namespace bridgescope {

namespace {

// A buffered file that failed to flush part of its buffer has no reason yet ("Unknown error"):
// a second flush writes the rest, and the system says why it cannot.
QString reasonOf(QIODevice &device)
{
    if (auto *file = qobject_cast<QFileDevice *>(&device); file && file->isOpen())
        file->flush();
    return device.errorString();
}

} // namespace

std::optional<QString> writeFully(QIODevice &device, const char *data, qint64 size)
{
    qint64 written = 0;
    while (written < size) {
        const qint64 now = device.write(data + written, size - written);
        if (now < 0)
            return reasonOf(device);
        if (now == 0)
            return QStringLiteral("the device took nothing more");
        written += now;
    }
    return std::nullopt;
}

std::optional<QString> flushFully(QFileDevice &file)
{
    if (file.flush())
        return std::nullopt;
    return reasonOf(file);
}

Error cannotWrite(const QString &path, const QString &reason)
{
    return Error::make(Error::Kind::Environment,
                       QStringLiteral("Cannot write %1: %2; the file that was there is as it was.")
                           .arg(path, reason));
}

Status saveFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return std::unexpected(cannotWrite(path, file.errorString()));
    std::optional<QString> failed = writeFully(file, data.constData(), data.size());
    if (!failed)
        failed = flushFully(file);
    if (failed) {
        file.cancelWriting();
        return std::unexpected(cannotWrite(path, *failed));
    }
    if (!file.commit())
        return std::unexpected(cannotWrite(path, file.errorString()));
    return {};
}

} // namespace bridgescope
