// bridgescope diagram [--dsn URI] [--schema S] [--focus TABLE --depth N] -o FILE.svg|png|dot:
// the Schema tab's diagram, drawn by the same scene, without a window.
#include "Cli.h"
#include "Counted.h"
#include "catalog/CatalogReader.h"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "diagram/DiagramExport.h"
#include "diagram/DiagramScene.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

namespace bridgescope::cli {

int runDiagram(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Draw the ER diagram of the live schema to FILE.svg or FILE.png, laid out as the Schema "
        "tab lays it out (Graphviz dot, or sfdp for large schemas). FILE.dot writes the graph "
        "given to Graphviz instead."));
    parser.addHelpOption();
    addDsnOption(parser);
    addSchemaOption(parser);
    parser.addOption({ QStringLiteral("focus"),
                       QStringLiteral("Only this table (schema.table, or a table of the public "
                                      "schema) and its neighbours."),
                       QStringLiteral("TABLE") });
    parser.addOption({ QStringLiteral("depth"),
                       QStringLiteral("How many foreign keys away --focus reaches (default 1)."),
                       QStringLiteral("N"), QStringLiteral("1") });
    parser.addOption({ { QStringLiteral("o"), QStringLiteral("output") },
                       QStringLiteral("The file to write: .svg, .png or .dot."),
                       QStringLiteral("FILE") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return *done;
    const QString output = parser.value(QStringLiteral("output"));
    const bool dotOutput
        = QFileInfo(output).suffix().compare(QLatin1String("dot"), Qt::CaseInsensitive) == 0;
    if (output.isEmpty())
        return usageError(parser, QStringLiteral("Say where to write the diagram: -o FILE.svg."));
    if (!dotOutput && !isDiagramExportPath(output))
        return usageError(parser,
                          QStringLiteral("Cannot tell the format of \"%1\": name it "
                                         ".svg, .png or .dot.")
                              .arg(output));
    bool depthOk = false;
    const int depth = parser.value(QStringLiteral("depth")).toInt(&depthOk);
    if (!depthOk || depth < 0)
        return usageError(parser, QStringLiteral("--depth takes a whole number, 0 or more."));
    if (parser.isSet(QStringLiteral("depth")) && !parser.isSet(QStringLiteral("focus")))
        return usageError(parser, QStringLiteral("--depth goes with --focus TABLE."));

    std::expected<SchemaSnapshot, int> snapshot
        = readSchemaFromOptions(parser, QStringLiteral("cli-diagram"));
    if (!snapshot)
        return snapshot.error();
    const QString onlySchema = parser.value(QStringLiteral("schema"));
    if (parser.isSet(QStringLiteral("focus"))) {
        const auto [schema, table]
            = splitQualifiedName(parser.value(QStringLiteral("focus")),
                                 onlySchema.isEmpty() ? QStringLiteral("public") : onlySchema);
        if (!snapshot->table(schema, table))
            return failure(QStringLiteral("There is no table %1.%2 in database %3.")
                               .arg(schema, table, snapshot->database));
        *snapshot = neighbourhood(*snapshot, schema, table, depth);
    }
    if (snapshot->tables.isEmpty())
        return failure(QStringLiteral("Database %1 has no tables or views to draw%2.")
                           .arg(snapshot->database,
                                onlySchema.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" in schema \"%1\"").arg(onlySchema)));

    DiagramScene scene;
    scene.setSnapshot(*snapshot);
    if (dotOutput) {
        QSaveFile file(output);
        if (!file.open(QIODevice::WriteOnly))
            return failure(QStringLiteral("Cannot write %1: %2.").arg(output, file.errorString()));
        const LayoutGraph graph = scene.layoutInput(scene.tables());
        file.write(toDotText(graph, engineFor(int(graph.nodes.size()), int(graph.edges.size()))));
        if (!file.commit())
            return failure(QStringLiteral("Cannot write %1: %2.").arg(output, file.errorString()));
        return Done;
    }
    if (Status placed = scene.layOutNow(); !placed)
        return failure(placed.error().message);
    if (Status written = exportDiagram(scene, scene.diagramRect(), output); !written)
        return failure(written.error().message);
    QTextStream(stderr) << "Wrote " << output << ": "
                        << counted(scene.tables().size(), QStringLiteral("table"),
                                   QStringLiteral("tables"))
                        << ", "
                        << counted(scene.edges().size(), QStringLiteral("foreign key"),
                                   QStringLiteral("foreign keys"))
                        << ".\n";
    return Done;
}

} // namespace bridgescope::cli
