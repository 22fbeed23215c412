#pragma once

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

} // namespace bridgescope::test
