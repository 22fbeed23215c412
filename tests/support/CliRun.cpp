#include "CliRun.h"

#include <QProcess>

namespace bridgescope::test {

CliRun runCli(const QStringList &arguments)
{
    return runCli(arguments, QProcessEnvironment::systemEnvironment());
}

CliRun runCli(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(BRIDGESCOPE_BINARY), arguments);
    process.waitForFinished(120'000);
    return { process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
             QString::fromUtf8(process.readAllStandardError()) };
}

} // namespace bridgescope::test
