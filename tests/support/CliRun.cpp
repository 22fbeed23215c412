#include "CliRun.h"

#include <QProcess>

#include <sys/resource.h>

namespace bridgescope::test {

QString bridgescopeBinary()
{
    return QStringLiteral(BRIDGESCOPE_BINARY);
}

CliRun runCli(const QStringList &arguments)
{
    return runCli(arguments, QProcessEnvironment::systemEnvironment());
}

CliRun runCli(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(bridgescopeBinary(), arguments);
    process.waitForFinished(120'000);
    return { process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
             QString::fromUtf8(process.readAllStandardError()) };
}

CliRun runCliWithFileSizeLimit(qint64 bytes, const QStringList &arguments)
{
    QProcess process;
    // RLIMIT_FSIZE in the child only: a file system that is full past `bytes`, as far as the
    // files it writes can tell (the write fails with EFBIG where ENOSPC would say "no space").
    process.setChildProcessModifier([bytes] {
        const rlimit limit { rlim_t(bytes), rlim_t(bytes) };
        setrlimit(RLIMIT_FSIZE, &limit);
    });
    process.start(bridgescopeBinary(), arguments);
    process.waitForFinished(120'000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             QString::fromUtf8(process.readAllStandardOutput()),
             QString::fromUtf8(process.readAllStandardError()) };
}

} // namespace bridgescope::test
