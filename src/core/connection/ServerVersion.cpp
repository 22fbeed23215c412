#include "connection/ServerVersion.h"

namespace bridgescope {

QString serverVersionNote(int serverVersionNumber)
{
    const int major = serverVersionNumber / 10000;
    if (major <= 0)
        return {};
    if (major < kOldestTestedMajor)
        return QStringLiteral("PostgreSQL %1 is older than the versions BridgeScope supports "
                              "(%2 to %3): views that read what %1 lacks will fail with the "
                              "server's own errors.")
            .arg(major)
            .arg(kOldestTestedMajor)
            .arg(kNewestTestedMajor);
    if (major > kNewestTestedMajor)
        return QStringLiteral("PostgreSQL %1 is newer than the versions BridgeScope is tested on "
                              "(%2 to %3): a view that reads a catalog %1 changed may fail.")
            .arg(major)
            .arg(kOldestTestedMajor)
            .arg(kNewestTestedMajor);
    // The community's five years of fixes ended in November 2025.
    if (major == 13)
        return QStringLiteral("PostgreSQL 13 is past its end of life (November 2025): it works "
                              "here, but gets no more fixes.");
    return {};
}

} // namespace bridgescope
