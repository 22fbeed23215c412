#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace bridgescope::test {

// The bridgescope program this build made, for tests that start it themselves.
QString bridgescopeBinary();

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

// The same with a file-size limit: a full disk for every file the run writes (exit code -1
// when a signal ended it).
CliRun runCliWithFileSizeLimit(qint64 bytes, const QStringList &arguments);

} // namespace bridgescope::test
