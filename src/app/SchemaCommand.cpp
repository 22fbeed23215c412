// bridgescope schema [--dsn URI] [--schema S] [--json]: the catalog the Schema tab draws.
#include "Cli.h"
#include "catalog/CatalogReader.h"
#include "catalog/SchemaJson.h"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"

#include <QJsonDocument>
#include <QTextStream>

namespace bridgescope::cli {

void addSchemaOption(QCommandLineParser &parser)
{
    parser.addOption({ QStringLiteral("schema"),
                       QStringLiteral("Only this schema (default: every user schema)."),
                       QStringLiteral("S") });
}

std::expected<SchemaSnapshot, int> readSchemaFromOptions(const QCommandLineParser &parser,
                                                         const QString &purpose,
                                                         const std::function<void()> &connected,
                                                         bool sizes)
{
    std::expected<Session, int> session = openReadOnlySession(parser, purpose);
    if (!session)
        return std::unexpected(session.error());
    if (connected)
        connected();
    CatalogReadOptions options;
    options.schema = parser.value(QStringLiteral("schema"));
    options.sizes = sizes;
    Result<SchemaSnapshot> snapshot = readSchema(*session, options);
    if (!snapshot)
        return std::unexpected(failure(snapshot.error().message));
    if (!options.schema.isEmpty() && snapshot->schemas.isEmpty())
        return std::unexpected(
            failure(QStringLiteral("There is no schema named \"%1\" in database %2.")
                        .arg(options.schema, snapshot->database)));
    return std::move(*snapshot);
}

int runSchema(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the tables, views, columns, keys, indexes and checks of the user schemas, as "
        "the Schema tab reads them. --json writes the document described in "
        "docs/schema-json.md."));
    parser.addHelpOption();
    addDsnOption(parser);
    addSchemaOption(parser);
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Write JSON.") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return *done;

    std::expected<SchemaSnapshot, int> snapshot
        = readSchemaFromOptions(parser, QStringLiteral("cli-schema"));
    if (!snapshot)
        return snapshot.error();
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json")))
        out << QJsonDocument(schemaToJson(*snapshot)).toJson(QJsonDocument::Indented);
    else
        out << schemaToText(*snapshot);
    return Done;
}

} // namespace bridgescope::cli
