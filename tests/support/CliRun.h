#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace bridgescope::test {

// One run of the bridgescope binary, as a script sees it.
struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliRun runCli(const QStringList &arguments);
// The same in the given environment (a session without XDG_RUNTIME_DIR, say).
CliRun runCli(const QStringList &arguments, const QProcessEnvironment &environment);

} // namespace bridgescope::test
