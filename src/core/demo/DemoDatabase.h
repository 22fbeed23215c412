#pragma once

#include "Error.h"
#include "connection/ConnectionProfile.h"

namespace bridgescope {

// The database the embedded demo opens on its private cluster.
inline constexpr char kDemoDatabaseName[] = "omninode_bridge";
// How many demo workflows a first start writes (bridgescope demo-data writes more on request).
inline constexpr qint64 kDemoWorkflows = 12'000;

// Makes the demo database ready on a running cluster: creates omninode_bridge when missing and
// applies the bundled migrations (a no-op when they are already applied), and fills demo data
// when the bridge tables are empty. Returns the profile
// to open it with. Blocks: call it off the GUI thread.
Result<ConnectionProfile> prepareDemoDatabase(const ConnectionProfile &clusterProfile);

} // namespace bridgescope
