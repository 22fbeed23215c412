#include "Psql.h"

#include "connection/ServerTools.h"

#include <QFileInfo>
#include <QProcess>

namespace bridgescope::test {

PsqlRun runPsql(const ConnectionProfile &profile, const QString &command)
{
    // The server programs' own psql; a server-only folder (another major's, from
    // scripts/pg-versions) has none, and the machine's psql reads any newer server's results.
    Result<ServerTools> tools = ServerTools::locate();
    const QString psql
        = tools && QFileInfo(tools->binDir() + QStringLiteral("/psql")).isExecutable()
        ? tools->binDir() + QStringLiteral("/psql")
        : QStringLiteral("psql");
    QProcess process;
    process.start(psql,
                  { QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"),
                    QStringLiteral("-t"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                    QStringLiteral("-d"), profile.toConnInfo(true), QStringLiteral("-c"),
                    command });
    PsqlRun run;
    if (!process.waitForFinished(120'000)) {
        run.err = QStringLiteral("psql did not finish: %1").arg(process.errorString());
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QStringList psqlColumn(const ConnectionProfile &profile, const QString &query)
{
    const PsqlRun run = runPsql(profile, query);
    if (run.exitCode != 0)
        return { QStringLiteral("psql failed: ") + run.err };
    return QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace bridgescope::test
