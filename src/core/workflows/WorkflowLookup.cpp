#include "workflows/WorkflowLookup.h"

#include "connection/Session.h"

#include <QRegularExpression>
#include <QSet>

namespace bridgescope {

namespace {

QString asUuid(const QString &hex32)
{
    return hex32.left(8) + QLatin1Char('-') + hex32.mid(8, 4) + QLatin1Char('-') + hex32.mid(12, 4)
        + QLatin1Char('-') + hex32.mid(16, 4) + QLatin1Char('-') + hex32.mid(20);
}

MatchKind kindFromName(const QString &name)
{
    static const QMap<QString, MatchKind> kinds {
        { QStringLiteral("correlation_id"), MatchKind::CorrelationId },
        { QStringLiteral("id"), MatchKind::WorkflowRowId },
        { QStringLiteral("workflow_id"), MatchKind::WorkflowId },
        { QStringLiteral("session_id"), MatchKind::SessionId },
        { QStringLiteral("stamp_id"), MatchKind::StampId },
        { QStringLiteral("file_hash"), MatchKind::FileHash },
    };
    return kinds.value(name);
}

} // namespace

QString matchKindName(MatchKind kind)
{
    switch (kind) {
    case MatchKind::CorrelationId:
        return QStringLiteral("correlation_id");
    case MatchKind::WorkflowRowId:
        return QStringLiteral("id");
    case MatchKind::WorkflowId:
        return QStringLiteral("workflow_id");
    case MatchKind::SessionId:
        return QStringLiteral("session_id");
    case MatchKind::StampId:
        return QStringLiteral("stamp_id");
    case MatchKind::FileHash:
        return QStringLiteral("file_hash");
    }
    return {};
}

Result<IdentifierQuery> parseIdentifier(const QString &text)
{
    IdentifierQuery query;
    query.text = text.trimmed();
    static const QRegularExpression hexOnly(QStringLiteral("^[0-9a-fA-F-]+$"));
    static const QRegularExpression printable(QStringLiteral("^[\\x21-\\x7e]+$"));
    const QString forms = QStringLiteral(
        "Give a correlation_id, workflow id or session_id (a UUID, with or without dashes), a "
        "file_hash (64 hex digits), a stamp_id, or the first 8 characters or more of one.");
    if (query.text.isEmpty())
        return fail(Error::Kind::Usage, forms);
    if (hexOnly.match(query.text).hasMatch()) {
        query.hex = query.text.toLower().remove(QLatin1Char('-'));
        const qsizetype digits = query.hex.size();
        if (digits >= 8) {
            query.uuidShaped = digits <= 32;
            query.fileHashShaped = digits <= 64;
            query.exact = digits == 32 || digits == 64;
        }
    }
    if (!query.uuidShaped && !query.fileHashShaped) {
        if (query.text.size() < 8 || !printable.match(query.text).hasMatch())
            return fail(Error::Kind::Usage,
                        QStringLiteral("\"%1\" is not an identifier BridgeScope can look up. %2")
                            .arg(query.text.left(80), forms));
        query.stampShaped = true;
    }
    return query;
}

QString LookupResult::nothingFound(const IdentifierQuery &query) const
{
    QStringList columns;
    if (query.uuidShaped)
        columns << QStringLiteral("correlation_id") << QStringLiteral("id")
                << QStringLiteral("workflow_id") << QStringLiteral("session_id");
    if (query.fileHashShaped)
        columns << QStringLiteral("file_hash");
    if (query.stampShaped)
        columns << QStringLiteral("stamp_id");
    const QString last = columns.takeLast();
    return QStringLiteral("No workflow has the %1%2 %3%4.")
        .arg(columns.join(QLatin1String(", ")),
             columns.isEmpty() ? last : QStringLiteral(" or ") + last, query.text,
             query.exact ? QString() : QStringLiteral(" (or one starting so)"));
}

Result<LookupResult> lookUpIdentifier(Session &session, const IdentifierQuery &query)
{
    LookupResult result;
    // workflow_executions is the question itself; the others add what the role may read.
    QStringList optional;
    if (query.stampShaped)
        optional << QStringLiteral("metadata_stamps");
    if (query.uuidShaped)
        optional << QStringLiteral("event_logs");
    if (!optional.isEmpty()) {
        Result<QStringList> unreadable = unreadableTables(session, optional);
        if (!unreadable)
            return std::unexpected(unreadable.error());
        result.unreadable = *unreadable;
    }
    const auto mayRead = [&](const char *table) {
        return !result.unreadable.contains(QLatin1String(table));
    };
    BoundSql sql;
    QStringList parts;
    const QString columns = QString::fromLatin1(kWorkflowSummaryColumns);
    auto part = [&](const QString &kind, const QString &from, const QString &where) {
        parts << QStringLiteral("(SELECT '%1', %2 FROM %3 WHERE %4 LIMIT %5)")
                     .arg(kind, columns, from, where)
                     .arg(kLookupLimit + 1);
    };
    QString low;
    QString high;
    if (query.uuidShaped) {
        low = sql.bind(asUuid(query.hex.leftJustified(32, QLatin1Char('0'))));
        high = sql.bind(asUuid(query.hex.leftJustified(32, QLatin1Char('f'))));
        const QString range = QStringLiteral(" BETWEEN %1::uuid AND %2::uuid").arg(low, high);
        for (const char *column : { "correlation_id", "id", "workflow_id", "session_id" })
            part(QLatin1String(column), QStringLiteral("workflow_executions w"),
                 QStringLiteral("w.") + QLatin1String(column) + range);
    }
    if (query.fileHashShaped) {
        // Hex digits sort alike in every collation, so the prefix is a range of the index.
        const QString from = sql.bind(query.hex);
        const QString to = sql.bind(query.hex + QLatin1Char('g'));
        part(QStringLiteral("file_hash"), QStringLiteral("workflow_executions w"),
             QStringLiteral("w.file_hash >= %1 AND w.file_hash < %2").arg(from, to));
    }
    if (query.stampShaped && mayRead("metadata_stamps")) {
        const QString exact = sql.bind(query.text);
        const QString prefix = sql.bind(QString(query.text)
                                            .replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                                            .replace(QLatin1Char('%'), QLatin1String("\\%"))
                                            .replace(QLatin1Char('_'), QLatin1String("\\_"))
                                        + QLatin1Char('%'));
        part(QStringLiteral("stamp_id"),
             QStringLiteral("metadata_stamps s JOIN workflow_executions w ON w.id = s.workflow_id"),
             QStringLiteral("s.stamp_id = %1 OR s.stamp_id LIKE %2").arg(exact, prefix));
    }
    if (parts.isEmpty())
        return result; // a stamp_id, and the role may not read the stamps
    sql.sql = parts.join(QLatin1String(" UNION ALL "));
    Result<RowSet> rows = queryBridge(session, sql);
    if (!rows)
        return std::unexpected(rows.error());

    QSet<QString> seen;
    for (const QList<SqlText> &row : rows->rows) {
        WorkflowMatch match { kindFromName(cellText(row.at(0))), readWorkflowSummary(row, 1) };
        if (seen.contains(match.workflow.id))
            continue;
        seen.insert(match.workflow.id);
        if (result.workflows.size() == kLookupLimit) {
            result.truncated = true;
            break;
        }
        result.workflows << match;
    }
    std::stable_sort(result.workflows.begin(), result.workflows.end(),
                     [](const WorkflowMatch &a, const WorkflowMatch &b) {
                         return a.workflow.startedAt > b.workflow.startedAt;
                     });

    if (query.uuidShaped && mayRead("event_logs")) {
        BoundSql sessions;
        sessions.sql
            = QStringLiteral("SELECT session_id::text, count(*) FROM event_logs "
                             "WHERE session_id BETWEEN %1::uuid AND %2::uuid "
                             "GROUP BY session_id ORDER BY 2 DESC LIMIT 20")
                  .arg(sessions.bind(asUuid(query.hex.leftJustified(32, QLatin1Char('0')))),
                       sessions.bind(asUuid(query.hex.leftJustified(32, QLatin1Char('f')))));
        Result<RowSet> found = queryBridge(session, sessions);
        if (!found)
            return std::unexpected(found.error());
        for (const QList<SqlText> &row : found->rows)
            result.sessions << SessionMatch { cellText(row.at(0)), cellInteger(row.at(1), 0) };
    }
    return result;
}

} // namespace bridgescope
