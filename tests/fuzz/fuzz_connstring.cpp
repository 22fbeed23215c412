// Connection strings (ConnectionProfile::fromDsn): a URI or keyword/value text of any bytes.
// What parses writes back (toConnInfo, with the password) to a string that parses to the same
// profile, so a profile saved and read again is the one the user typed.
#include "FuzzInput.h"
#include "connection/ConnectionProfile.h"

using namespace bridgescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString dsn = fuzz::text(data, size);
    Result<ConnectionProfile> profile = ConnectionProfile::fromDsn(dsn);
    if (!profile) {
        if (profile.error().message.isEmpty())
            fuzz::broken("an error without words", dsn);
        return 0;
    }
    const QString written = profile->toConnInfo(true);
    Result<ConnectionProfile> again = ConnectionProfile::fromDsn(written);
    if (!again)
        fuzz::broken("a profile whose conninfo does not parse",
                     dsn + QStringLiteral(" -> ") + written);
    if (!(*again == *profile))
        fuzz::broken("a profile whose conninfo reads back different",
                     dsn + QStringLiteral(" -> ") + written);
    profile->displayName();
    return 0;
}
