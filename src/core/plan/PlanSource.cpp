#include "plan/PlanSource.h"

#include <QRegularExpression>

namespace bridgescope {

namespace {

bool isFrameChar(QChar c)
{
    static const QString frame = QStringLiteral("|│║");
    return frame.contains(c);
}

// A line drawn only of border characters: a rule under the header, or a table's top or bottom.
bool isRule(const QString &line)
{
    static const QRegularExpression rule(
        QStringLiteral("^\\s*[+|\\-─═┌┐└┘├┤╔╗╚╝╟╢╠╣╞╡┼╪╫╬┬┴╤╧╥╨│║]*[-─═][+|\\-"
                       "─═┌┐└┘├┤╔╗╚╝╟╢╠╣╞╡┼╪╫╬┬┴╤╧╥╨│║]*\\s*$"));
    return rule.match(line).hasMatch();
}

} // namespace

QStringList planLines(const QString &pasted)
{
    static const QRegularExpression rowCount(QStringLiteral("^\\s*\\(\\d+ \\w+\\)\\s*$"));
    static const QRegularExpression header(QStringLiteral("^\\s*QUERY PLAN\\s*$"));
    QString text = pasted;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    QStringList lines;
    for (QString line : text.split(QLatin1Char('\n'))) {
        if (isRule(line) || rowCount.match(line).hasMatch())
            continue;
        // A border on the left and on the right (border 2), or between columns.
        QString trimmedStart = line;
        qsizetype lead = 0;
        while (lead < line.size() && line.at(lead) == QLatin1Char(' '))
            ++lead;
        if (lead < line.size() && isFrameChar(line.at(lead)))
            trimmedStart = line.mid(lead + 1);
        else
            trimmedStart = line;
        QString body = trimmedStart;
        while (!body.isEmpty() && body.back().isSpace())
            body.chop(1);
        if (!body.isEmpty() && isFrameChar(body.back()) && trimmedStart != line)
            body.chop(1);
        // A continued line's mark: psql's '+' (ascii) or '↵' (unicode) after the padding.
        while (!body.isEmpty() && body.back().isSpace())
            body.chop(1);
        if (body.endsWith(QChar(0x21B5)))
            body.chop(1);
        else if (body.endsWith(QLatin1Char('+'))) // no plan line ends with one of its own
            body.chop(1);
        while (!body.isEmpty() && body.back().isSpace())
            body.chop(1);
        if (header.match(body).hasMatch() || body.trimmed().isEmpty())
            continue;
        lines << body;
    }
    return lines;
}

} // namespace bridgescope
