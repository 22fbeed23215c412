#include "migrations/RollbackSummary.h"

#include <QRegularExpression>

namespace bridgescope {

namespace {

constexpr auto kCaseless = QRegularExpression::CaseInsensitiveOption;

// Names in a DROP list: "a, b, schema.c" (quoted names keep their quotes).
QStringList splitNames(const QString &list)
{
    QStringList names;
    for (const QString &name : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
        names << name.trimmed().section(QLatin1Char('('), 0, 0).trimmed();
    return names;
}

void summarizeDropStatement(const QString &sql, QStringList &drops)
{
    static const QRegularExpression drop(
        QStringLiteral(R"(^DROP\s+(TABLE|INDEX|VIEW|MATERIALIZED\s+VIEW|SEQUENCE|FUNCTION|)"
                       R"(PROCEDURE|TYPE|DOMAIN|SCHEMA|EXTENSION)\s+(?:CONCURRENTLY\s+)?)"
                       R"((?:IF\s+EXISTS\s+)?(.+?)(?:\s+(?:CASCADE|RESTRICT))?$)"),
        kCaseless | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression trigger(
        QStringLiteral(R"(^DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(\S+)\s+ON\s+(\S+))"), kCaseless);
    if (const auto match = trigger.match(sql); match.hasMatch()) {
        drops << QStringLiteral("trigger %1 on %2").arg(match.captured(1), match.captured(2));
        return;
    }
    const auto match = drop.match(sql);
    if (!match.hasMatch())
        return;
    const QString kind = match.captured(1).toLower().simplified();
    for (const QString &name : splitNames(match.captured(2))) {
        drops << (kind == QLatin1String("table") ? QStringLiteral("table %1 and its rows").arg(name)
                                                 : QStringLiteral("%1 %2").arg(kind, name));
    }
}

void summarizeAlterTable(const QString &sql, QStringList &drops)
{
    static const QRegularExpression alter(
        QStringLiteral(R"(^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(\S+)\s+(.*)$)"),
        kCaseless | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression column(
        QStringLiteral(R"(DROP\s+(?:COLUMN\s+)?(?!CONSTRAINT\b)(?:IF\s+EXISTS\s+)?([^\s,;]+))"),
        kCaseless);
    static const QRegularExpression constraint(
        QStringLiteral(R"(DROP\s+CONSTRAINT\s+(?:IF\s+EXISTS\s+)?([^\s,;]+))"), kCaseless);
    const auto match = alter.match(sql);
    if (!match.hasMatch())
        return;
    const QString table = match.captured(1);
    const QString actions = match.captured(2);
    for (auto it = constraint.globalMatch(actions); it.hasNext();)
        drops << QStringLiteral("constraint %1.%2").arg(table, it.next().captured(1));
    for (auto it = column.globalMatch(actions); it.hasNext();)
        drops << QStringLiteral("column %1.%2 and its values").arg(table, it.next().captured(1));
}

} // namespace

QStringList summarizeDrops(const MigrationScript &rollback)
{
    QStringList drops;
    for (const SqlStatement &statement : rollback.statements) {
        const QString sql = statement.text.simplified();
        summarizeDropStatement(sql, drops);
        summarizeAlterTable(sql, drops);
    }
    return drops;
}

} // namespace bridgescope
