#include "data/CellFormat.h"

#include <QDateTime>
#include <QRegularExpression>

namespace bridgescope {

namespace {

QString cut(const QString &text, int maxChars, bool &truncated)
{
    if (text.size() <= maxChars)
        return text;
    truncated = true;
    return text.left(maxChars) + QChar(0x2026);
}

QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QChar(0x21b5)); // ↵
    text.replace(QLatin1Char('\r'), QString());
    text.replace(QLatin1Char('\t'), QLatin1Char(' '));
    return text;
}

QString formatBytea(const QString &raw, bool &truncated)
{
    // The preview is "length:leading hex" (BrowseQuery).
    const qsizetype colon = raw.indexOf(QLatin1Char(':'));
    const qint64 length = raw.left(colon).toLongLong();
    QString hex = raw.mid(colon + 1);
    QString spaced;
    for (qsizetype at = 0; at + 1 < hex.size(); at += 2) {
        if (!spaced.isEmpty())
            spaced += QLatin1Char(' ');
        spaced += hex.mid(at, 2);
    }
    const bool more = length * 2 > hex.size();
    truncated = more;
    return QStringLiteral("%1 bytes%2%3%4")
        .arg(length)
        .arg(spaced.isEmpty() ? QString() : QStringLiteral(": "), spaced,
             more ? QStringLiteral(" \u2026") : QString());
}

QString formatArray(const QString &raw)
{
    const auto elements = parseArrayText(raw);
    if (!elements)
        return raw;
    QStringList shown;
    for (const auto &element : *elements)
        shown << (element ? *element : nullMark());
    return QLatin1Char('[') + shown.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

QString nullMark()
{
    return QStringLiteral("NULL");
}

QDateTime parseTimestampTz(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)?([+-]\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$)"));
    const auto match = pattern.match(text);
    if (!match.hasMatch() || !match.captured(7).isEmpty())
        return {};
    const QDate date = QDate::fromString(match.captured(1), Qt::ISODate);
    QTime time = QTime::fromString(match.captured(2), Qt::ISODate);
    if (!match.captured(3).isEmpty()) // milliseconds, cut (never rounded into the next second)
        time = time.addMSecs(
            match.captured(3).mid(1).left(3).leftJustified(3, QLatin1Char('0')).toInt());
    const int sign = match.captured(4).startsWith(QLatin1Char('-')) ? -1 : 1;
    const int offset = sign
        * (qAbs(match.captured(4).toInt()) * 3600 + match.captured(5).toInt() * 60
           + match.captured(6).toInt());
    return QDateTime(date, time, QTimeZone(offset));
}

std::optional<QList<std::optional<QString>>> parseArrayText(const QString &text)
{
    // An array may open with bounds: "[0:2]={a,b,c}".
    qsizetype at = 0;
    if (text.startsWith(QLatin1Char('['))) {
        at = text.indexOf(QLatin1Char('='));
        if (at < 0)
            return std::nullopt;
        ++at;
    }
    if (!text.mid(at).startsWith(QLatin1Char('{')) || !text.endsWith(QLatin1Char('}')))
        return std::nullopt;
    QList<std::optional<QString>> elements;
    const qsizetype end = text.size() - 1;
    ++at;
    if (at == end)
        return elements;
    while (at <= end) {
        QString element;
        bool quoted = false;
        int depth = 0;
        while (at < end || (at == end && depth > 0)) {
            const QChar c = text[at];
            if (c == QLatin1Char('"')) {
                quoted = true;
                ++at;
                while (at < end && text[at] != QLatin1Char('"')) {
                    if (text[at] == QLatin1Char('\\'))
                        ++at;
                    element += text[at++];
                }
                ++at;
                continue;
            }
            if (c == QLatin1Char('{'))
                ++depth;
            if (c == QLatin1Char('}'))
                --depth;
            if (c == QLatin1Char(',') && depth == 0)
                break;
            element += c;
            ++at;
        }
        if (!quoted && element == QLatin1String("NULL"))
            elements.append(std::nullopt);
        else
            elements.append(element);
        ++at; // past the comma, or past the closing brace
    }
    return elements;
}

CellText formatCell(ColumnKind kind, const SqlText &raw, int maxChars, const QTimeZone &zone)
{
    CellText cell;
    if (!raw) {
        cell.isNull = true;
        cell.text = nullMark();
        return cell;
    }
    const QString text = QString::fromUtf8(*raw);
    // The server cut the preview one character past kPreviewChars: more follows.
    switch (kind) {
    case ColumnKind::Bytea:
        cell.text = formatBytea(text, cell.truncated);
        return cell;
    case ColumnKind::TimestampTz: {
        const QDateTime instant = parseTimestampTz(text);
        if (!instant.isValid()) {
            cell.text = text; // infinity, BC dates: as the server wrote them
            return cell;
        }
        const QDateTime local = instant.toTimeZone(zone);
        const qsizetype dot = text.indexOf(QLatin1Char('.'));
        QString fraction;
        if (dot >= 0) {
            fraction = text.mid(dot);
            fraction.truncate(fraction.indexOf(QRegularExpression(QStringLiteral("[+-]"))));
        }
        cell.text = local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + fraction
            + QLatin1Char(' ') + zone.abbreviation(local);
        return cell;
    }
    case ColumnKind::TextArray:
    case ColumnKind::UuidArray:
    case ColumnKind::OtherArray:
        cell.text = cut(oneLine(formatArray(text)), maxChars, cell.truncated);
        return cell;
    default:
        cell.text = cut(oneLine(text), maxChars, cell.truncated);
        return cell;
    }
}

} // namespace bridgescope
