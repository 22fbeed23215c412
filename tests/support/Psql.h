#pragma once

#include "connection/ConnectionProfile.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace bridgescope::test {

// psql itself, the baseline the Data tab's answers are checked against: unaligned, tuples
// only, one value per line. An empty list and a QFAIL-able message on failure.
struct PsqlRun
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};
PsqlRun runPsql(const ConnectionProfile &profile, const QString &command);

// The first column of each row psql returns for the query.
QStringList psqlColumn(const ConnectionProfile &profile, const QString &query);

} // namespace bridgescope::test
