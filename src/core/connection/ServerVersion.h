#pragma once

#include <QString>

namespace bridgescope {

// The PostgreSQL majors BridgeScope is tested on: the main suite on the machine's own (Debian
// 12's 15), the version smoke test on each other one (scripts/test-versions, in CI).
constexpr int kOldestTestedMajor = 13;
constexpr int kNewestTestedMajor = 18;

// A sentence for a server that is outside the tested majors, or past its end of life; empty
// for one that is neither. serverVersionNumber as libpq gives it (150018).
QString serverVersionNote(int serverVersionNumber);

} // namespace bridgescope
