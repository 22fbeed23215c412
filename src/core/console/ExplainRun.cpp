#include "console/ExplainRun.h"

#include "connection/Session.h"

#include <libpq-fe.h>

namespace bridgescope {

namespace {

// A statement of ours around the user's (BEGIN, SAVEPOINT, ROLLBACK): its rows are none.
StatementOutcome runQuietly(Session &session, const QString &sql, const TypeNames &types)
{
    return runStatement(session, SqlStatement { sql, 1, 0 }, types, RowReceiver {}, {});
}

} // namespace

QString explainPrefix(const ExplainRequest &request, int serverVersionNumber)
{
    // VERBOSE: each relation with its schema, so the viewer can open it.
    QStringList options { QStringLiteral("FORMAT JSON"), QStringLiteral("VERBOSE") };
    if (request.analyze)
        options << QStringLiteral("ANALYZE") << QStringLiteral("BUFFERS");
    if (request.analyze && serverVersionNumber >= 130000)
        options << QStringLiteral("WAL");
    if (serverVersionNumber >= 120000)
        options << QStringLiteral("SETTINGS");
    if (request.generic && serverVersionNumber >= 160000)
        options << QStringLiteral("GENERIC_PLAN");
    return QStringLiteral("EXPLAIN (%1) ").arg(options.join(QStringLiteral(", ")));
}

ExplainRun runExplain(Session &session, const ExplainRequest &request, const TypeNames &types,
                      bool writable)
{
    ExplainRun run;
    const Result<ServerInfo> info = session.serverInfo();
    const int version = info ? info->serverVersionNumber : 0;
    if (request.generic && version < 160000) {
        run.problem = QStringLiteral("A plan for a statement with parameters ($1 …) needs "
                                     "PostgreSQL 16 (EXPLAIN GENERIC_PLAN); give the "
                                     "parameters' values instead.");
        return run;
    }
    const QString prefix = explainPrefix(request, version);
    // ANALYZE runs the statement: in write mode, inside a transaction that is rolled back.
    PGconn *conn = session.nativeHandle();
    const bool inTransaction = conn && PQtransactionStatus(conn) == PQTRANS_INTRANS;
    const bool guard = request.analyze && writable;
    if (guard) {
        const StatementOutcome begun
            = runQuietly(session,
                         inTransaction ? QStringLiteral("SAVEPOINT bridgescope_explain")
                                       : QStringLiteral("BEGIN"),
                         types);
        if (begun.error) {
            run.outcome = begun;
            run.problem = begun.error->message;
            return run;
        }
    }
    SqlStatement explain = request.statement;
    explain.text = prefix + request.statement.text;
    explain.offset = request.statement.offset - int(prefix.size());
    QByteArray json;
    RowReceiver receiver;
    receiver.rows = [&json](CellTable block) {
        for (int row = 0; row < block.rowCount(); ++row)
            json += block.cell(row, 0).value_or(QByteArray());
        return true;
    };
    run.outcome = runStatement(session, explain, types, receiver, {});
    if (guard) {
        runQuietly(session,
                   inTransaction ? QStringLiteral("ROLLBACK TO SAVEPOINT bridgescope_explain; "
                                                  "RELEASE SAVEPOINT bridgescope_explain")
                                 : QStringLiteral("ROLLBACK"),
                   types);
        run.rolledBack = true;
    }
    if (run.outcome.error) {
        if (run.outcome.error->sqlState == QLatin1String("25006") && request.analyze)
            run.problem = QStringLiteral("EXPLAIN ANALYZE runs the statement, and this one "
                                         "changes data: switch to write mode to run it inside a "
                                         "transaction that is rolled back.");
        else
            run.problem = run.outcome.error->message;
        return run;
    }
    Result<Plan> plan = planFromJson(json);
    if (!plan) {
        run.problem = plan.error().message;
        return run;
    }
    run.plan = std::move(*plan);
    return run;
}

} // namespace bridgescope
