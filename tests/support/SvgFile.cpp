#include "SvgFile.h"

#include <QFile>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace bridgescope::test {

QStringList svgTexts(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList texts;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
    return texts;
}

int svgEdgeCount(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression edge(QStringLiteral(
        R"(d="M[-0-9.]+,[-0-9.]+ L[-0-9.]+,[-0-9.]+ C[-0-9., ]+ L[-0-9.]+,[-0-9.]+")"));
    return int(QString::fromUtf8(file.readAll()).count(edge));
}

} // namespace bridgescope::test
