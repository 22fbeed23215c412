#include "metrics/DemoData.h"

#include "connection/ConnectionErrors.h"
#include "connection/ExecuteStatement.h"
#include "connection/Session.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>
#include <QVariant>

namespace bridgescope {

namespace {

// The generator's SQL lives in .sql files (compiled in as resources) so that it reads, and can
// be tried in psql, as SQL; {{name}} marks the values filled in here. Every value is a number
// this code formatted, never user text.
QString sqlTemplate(const char *name)
{
    QFile file(QStringLiteral(":/metrics/sql/%1.sql").arg(QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("demo data SQL %s is not compiled in", name);
    return QString::fromUtf8(file.readAll());
}

QString filled(QString sql, const QList<std::pair<const char *, qint64>> &values)
{
    for (const auto &[name, value] : values)
        sql.replace(QStringLiteral("{{%1}}").arg(QLatin1String(name)), QString::number(value));
    return sql;
}

Status inTransaction(Session &session, const QString &sql)
{
    Status done = executeStatement(session, QStringLiteral("BEGIN;\n%1\nCOMMIT;").arg(sql));
    if (!done)
        (void)executeStatement(session, QStringLiteral("ROLLBACK")); // no-op once it is over
    return done;
}

Result<QStringList> missingTables(Session &session)
{
    QStringList missing;
    QSqlQuery query(session.database());
    for (const QString &table : demoDataTables()) {
        query.prepare(QStringLiteral("SELECT to_regclass(?) IS NOT NULL"));
        query.addBindValue(table);
        if (!query.exec() || !query.next())
            return std::unexpected(describeQueryFailure(query.lastError()));
        if (!query.value(0).toBool())
            missing << table;
    }
    return missing;
}

// After ANALYZE the planner's row counts are exact enough to report, and free.
qint64 estimatedRows(Session &session)
{
    QSqlQuery query(session.database());
    QStringList names;
    for (const QString &table : demoDataTables())
        names << QStringLiteral("'%1'::regclass").arg(table);
    if (!query.exec(QStringLiteral("SELECT sum(greatest(reltuples, 0))::bigint FROM pg_class "
                                   "WHERE oid IN (%1)")
                        .arg(names.join(QLatin1String(", "))))
        || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

Error stopped(qint64 written, qint64 total)
{
    return Error::make(Error::Kind::Cancelled,
                       QStringLiteral("Stopped: %1 of %2 workflows were written and kept (each "
                                      "batch is committed whole); the aggregation windows, nodes "
                                      "and agents were not. Run again with --replace to start "
                                      "over.")
                           .arg(written)
                           .arg(total));
}

// A batch failed for another reason (the server went away, say): what was kept is said too.
Error interrupted(Error cause, qint64 written, qint64 total)
{
    QString message = cause.message;
    if (!message.endsWith(QLatin1Char('.')))
        message += QLatin1Char('.');
    cause.message = QStringLiteral("%1 %2 of %3 workflows were written before it and are kept "
                                   "(each batch is committed whole); the aggregation windows, "
                                   "nodes and agents were not. Run again with --replace to start "
                                   "over.")
                        .arg(message)
                        .arg(written)
                        .arg(total);
    return cause;
}

} // namespace

QStringList demoDataTables()
{
    return { QStringLiteral("workflow_executions"),
             QStringLiteral("workflow_steps"),
             QStringLiteral("fsm_transitions"),
             QStringLiteral("metadata_stamps"),
             QStringLiteral("event_logs"),
             QStringLiteral("bridge_states"),
             QStringLiteral("node_registrations"),
             QStringLiteral("agent_definitions"),
             QStringLiteral("agent_transformation_events"),
             QStringLiteral("router_performance_metrics") };
}

Result<bool> bridgeTablesHoldRows(Session &session)
{
    QStringList probes;
    for (const QString &table : demoDataTables())
        probes << QStringLiteral("EXISTS (SELECT 1 FROM %1)").arg(table);
    QSqlQuery query(session.database());
    if (!query.exec(QStringLiteral("SELECT ") + probes.join(QLatin1String(" OR ")))
        || !query.next())
        return std::unexpected(describeQueryFailure(query.lastError()));
    return query.value(0).toBool();
}

Status validateDemoDataOptions(const DemoDataOptions &options)
{
    if (options.workflows < 1 || options.workflows > 100'000'000)
        return fail(Error::Kind::Usage,
                    QStringLiteral("The number of workflows must be between 1 and 100,000,000."));
    if (options.days < 1 || options.days > 3650)
        return fail(Error::Kind::Usage,
                    QStringLiteral("The number of days must be between 1 and 3650."));
    if (options.namespaces < 1 || options.namespaces > 1000)
        return fail(Error::Kind::Usage,
                    QStringLiteral("The number of namespaces must be between 1 and 1000."));
    if (options.seed < 0 || options.seed > 2'147'483'647)
        return fail(Error::Kind::Usage,
                    QStringLiteral("The seed must be between 0 and 2147483647."));
    if (options.batchSize < 1)
        return fail(Error::Kind::Usage, QStringLiteral("The batch size must be at least 1."));
    return {};
}

Result<DemoDataReport> generateDemoData(Session &session, const DemoDataOptions &options,
                                        const DemoDataProgressFn &progress, std::stop_token stop)
{
    if (Status valid = validateDemoDataOptions(options); !valid)
        return std::unexpected(valid.error());
    if (session.mode() != AccessMode::ReadWrite)
        return fail(Error::Kind::Usage,
                    QStringLiteral("Demo data needs a connection that may write."));
    QElapsedTimer timer;
    timer.start();

    Result<QStringList> missing = missingTables(session);
    if (!missing)
        return std::unexpected(missing.error());
    if (!missing->isEmpty())
        return fail(Error::Kind::Generic,
                    QStringLiteral("Demo data goes into the OmniNode Bridge tables, and this "
                                   "database lacks %1. Apply the bundled migrations first "
                                   "(bridgescope migrate up).")
                        .arg(missing->join(QLatin1String(", "))));
    if (!options.replace) {
        Result<bool> filled = bridgeTablesHoldRows(session);
        if (!filled)
            return std::unexpected(filled.error());
        if (*filled)
            return fail(Error::Kind::Usage,
                        QStringLiteral("The bridge tables already hold rows; nothing was "
                                       "written. Use --replace to empty them first (%1).")
                            .arg(demoDataTables().join(QLatin1String(", "))));
    }

    const QDateTime end = options.end.isValid()
        ? options.end
        : QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch());
    const QList<std::pair<const char *, qint64>> common {
        { "seed", options.seed },
        { "anchor_epoch", end.toSecsSinceEpoch() },
        { "days", options.days },
        { "namespaces", options.namespaces },
    };
    if (Status made = executeStatement(session, filled(sqlTemplate("demo_functions"), common));
        !made)
        return std::unexpected(made.error());

    const QString batchSql = sqlTemplate("demo_batch");
    const auto report = [&](qint64 written, const QString &phase) {
        if (progress)
            progress({ written, options.workflows, phase });
    };
    const QString workflowsPhase = QStringLiteral("Workflows, their steps, transitions, stamps "
                                                  "and events");
    report(0, workflowsPhase);
    for (qint64 first = 0; first < options.workflows; first += options.batchSize) {
        if (stop.stop_requested())
            return std::unexpected(stopped(first, options.workflows));
        const qint64 last = std::min(options.workflows, first + options.batchSize) - 1;
        QList<std::pair<const char *, qint64>> values = common;
        values << std::pair { "first", first } << std::pair { "last", last };
        QString sql = filled(batchSql, values);
        // Emptying goes with the first batch, so a failure there leaves the old rows in place.
        if (first == 0 && options.replace)
            sql.prepend(
                QStringLiteral("TRUNCATE %1;\n").arg(demoDataTables().join(QLatin1String(", "))));
        if (Status written = inTransaction(session, sql); !written) {
            if (written.error().kind == Error::Kind::Cancelled)
                return std::unexpected(stopped(first, options.workflows));
            // Nothing written yet (and a --replace rolled back): the cause alone says it.
            return std::unexpected(first > 0
                                       ? interrupted(written.error(), first, options.workflows)
                                       : written.error());
        }
        report(last + 1, workflowsPhase);
    }
    if (stop.stop_requested())
        return std::unexpected(stopped(options.workflows, options.workflows));
    report(options.workflows, QStringLiteral("Aggregation windows, nodes and agents"));
    if (Status finished = inTransaction(session, filled(sqlTemplate("demo_finish"), common));
        !finished) {
        if (finished.error().kind == Error::Kind::Cancelled)
            return std::unexpected(stopped(options.workflows, options.workflows));
        return std::unexpected(finished.error());
    }
    report(options.workflows, QStringLiteral("Statistics for the planner"));
    if (Status analyzed = executeStatement(
            session, QStringLiteral("ANALYZE %1").arg(demoDataTables().join(QLatin1String(", "))));
        !analyzed)
        return std::unexpected(analyzed.error());

    DemoDataReport done;
    done.workflows = options.workflows;
    done.rows = estimatedRows(session);
    done.from = end.addDays(-options.days);
    done.to = end;
    done.seconds = timer.elapsed() / 1000.0;
    return done;
}

} // namespace bridgescope
