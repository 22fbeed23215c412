// Migration file names and headers: parseMigrationFileName on any name and the no-transaction
// marker on any script. A name that parses names a version and a description, and writing them
// back as a file name parses to the same.
#include "FuzzInput.h"
#include "migrations/MigrationSet.h"

using namespace bridgescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QStringList parts = fuzz::fields(data, size);
    const QString name = parts.value(0);
    Result<MigrationFileName> parsed = parseMigrationFileName(name);
    if (parsed) {
        if (parsed->version < 0 || parsed->description.isEmpty())
            fuzz::broken("a name that parses to no version or no description", name);
        QString description = parsed->description;
        const QString again = formatVersion(parsed->version)
            + (parsed->rollback ? QStringLiteral("_rollback_") : QStringLiteral("_"))
            + description.replace(QLatin1Char(' '), QLatin1Char('_')) + QStringLiteral(".sql");
        Result<MigrationFileName> reparsed = parseMigrationFileName(again);
        if (!reparsed || reparsed->version != parsed->version
            || reparsed->rollback != parsed->rollback
            || reparsed->description != parsed->description)
            fuzz::broken("a file name that does not read back the same",
                         name + QStringLiteral(" -> ") + again);
    } else if (parsed.error().message.isEmpty()) {
        fuzz::broken("an error without words", name);
    }
    hasNoTransactionMarker(parts.mid(1).join(QLatin1Char('\n')));
    return 0;
}
