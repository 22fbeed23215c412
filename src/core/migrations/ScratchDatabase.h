#pragma once

#include "Error.h"
#include "connection/ConnectionProfile.h"

#include <QString>

#include <memory>

namespace bridgescope {

class Session;

// An empty database to replay migrations in, for verify and drift: created on the profile's
// server and dropped when this goes, whatever happened in between. Where the role may not create
// databases and the caller allows it, a private LocalCluster of the server's major version in a
// temporary folder instead, stopped and removed when this goes.
class ScratchDatabase
{
public:
    enum class Fallback { None, PrivateCluster };

    // purpose names the database ("bridgescope_<purpose>_1a2b3c4d") and the sessions.
    static Result<std::unique_ptr<ScratchDatabase>>
    create(const ConnectionProfile &profile, const QString &purpose, Fallback fallback);
    ~ScratchDatabase();

    // A writable session on the empty database.
    Session &session();
    const QString &name() const;
    bool isPrivateCluster() const;
    // "the scratch database bridgescope_drift_1a2b3c4d on the server", "a private PostgreSQL 15
    // cluster in /tmp/bridgescope-drift-x (this role may not create databases)"
    QString describe() const;

    struct Parts;

private:
    explicit ScratchDatabase(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> m_parts;
};

} // namespace bridgescope
