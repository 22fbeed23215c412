#include "metrics/TimeArgument.h"

#include "metrics/ChartQuery.h"

#include <QRegularExpression>

namespace bridgescope {

std::optional<QDateTime> parseTimeArgument(const QString &text, const QDateTime &now,
                                           const QTimeZone &zone)
{
    QString value = text.trimmed();
    if (value.compare(QLatin1String("now"), Qt::CaseInsensitive) == 0)
        return now;
    static const QRegularExpression relative(QStringLiteral("^(?:now)?\\s*-\\s*(.+)$"),
                                             QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch match = relative.match(value); match.hasMatch()) {
        if (const std::optional<qint64> seconds = parseBucket(match.captured(1)))
            return now.addSecs(-*seconds);
        return std::nullopt;
    }
    value.replace(QLatin1Char(' '), QLatin1Char('T'));
    QDateTime parsed = QDateTime::fromString(value, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        const QDate date = QDate::fromString(value, Qt::ISODate);
        if (!date.isValid())
            return std::nullopt;
        parsed = QDateTime(date, QTime(0, 0));
    }
    if (parsed.timeSpec() == Qt::LocalTime)
        parsed = QDateTime(parsed.date(), parsed.time(), zone);
    return parsed;
}

} // namespace bridgescope
