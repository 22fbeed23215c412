#pragma once

#include "Error.h"
#include "connection/PgQuery.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace bridgescope {

class Session;

// One workflow_executions row as the Workflows tab and `bridgescope trace` show it.
struct WorkflowSummary
{
    QString id;
    QString correlationId;
    QString workflowId;
    QString workflowType;
    QString nameSpace; // "namespace" is a keyword
    QString state; // PENDING, PROCESSING, COMPLETED, FAILED
    QDateTime startedAt;
    QDateTime completedAt; // invalid while it runs
    qint64 executionMs = -1; // -1: not recorded
    QString errorMessage;
    QString errorType; // error_info->>'error_type', else the message up to its first colon
    QString stampId;
    QString fileHash;
    QString sessionId;
};

// The columns readWorkflowSummary() reads, in order, for a query over workflow_executions `w`.
extern const char kWorkflowSummaryColumns[];
WorkflowSummary readWorkflowSummary(const QList<SqlText> &row, int first = 0);

// Cells of a row read as text, numbers and times (times travel as epoch milliseconds).
QString cellText(const SqlText &cell);
qint64 cellInteger(const SqlText &cell, qint64 ifNull = -1);
double cellNumber(const SqlText &cell, double ifNull = 0);
QDateTime cellTime(const SqlText &cell); // from epoch milliseconds; invalid for NULL
bool cellBool(const SqlText &cell);

// Fails, naming them, when the database lacks tables the question needs: "This database has no
// workflow_steps, event_logs table: is it an OmniNode Bridge database? (`bridgescope migrate up`
// creates them)".
Status requireBridgeTables(Session &session, const QStringList &tables);

// The tables of `tables` that the connected role may not read (a table that does not exist is
// not named: queryBridge says that). A question leaves out the part such a table answers, and
// says so with unreadableNote, rather than failing whole.
Result<QStringList> unreadableTables(Session &session, const QStringList &tables);
// "Not shown: the role may not read event_logs or metadata_stamps (GRANT SELECT on them …)."
QString unreadableNote(const QStringList &tables);
// An answer, and after it that note when something was left out.
QString withUnreadableNote(const QString &answer, const QStringList &unreadable);

// queryRows for the Workflows questions. The bridge tables are not checked before each question
// (a round trip each time); when a statement fails because a table does not exist (SQLSTATE
// 42P01), the error becomes requireBridgeTables' sentence naming every one that is missing.
Result<RowSet> queryBridge(Session &session, const BoundSql &statement);

} // namespace bridgescope
