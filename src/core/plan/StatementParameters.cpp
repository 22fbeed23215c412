#include "plan/StatementParameters.h"

#include <QRegularExpression>

#include <algorithm>

namespace bridgescope {

namespace {

const QRegularExpression &parameterPattern()
{
    static const QRegularExpression parameter(
        QStringLiteral("(?<![\\w$])\\$([0-9]+)(?![0-9\\w$])"));
    return parameter;
}

} // namespace

QStringList statementParameters(const QString &sql)
{
    QStringList names;
    for (QRegularExpressionMatchIterator it = parameterPattern().globalMatch(sql); it.hasNext();) {
        const QString name = it.next().captured(0);
        if (!names.contains(name))
            names << name;
    }
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        return a.mid(1).toInt() < b.mid(1).toInt();
    });
    return names;
}

QString withParameterValues(const QString &sql, const QStringList &names, const QStringList &values)
{
    QString out;
    qsizetype from = 0;
    for (QRegularExpressionMatchIterator it = parameterPattern().globalMatch(sql); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const qsizetype index = names.indexOf(match.captured(0));
        if (index < 0 || index >= values.size())
            continue;
        out += QStringView(sql).mid(from, match.capturedStart(0) - from);
        out += values[index];
        from = match.capturedEnd(0);
    }
    out += QStringView(sql).mid(from);
    return out;
}

} // namespace bridgescope
