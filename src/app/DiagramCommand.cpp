// bridgescope diagram [--dsn URI] [--schema S] [--focus TABLE --depth N] -o FILE.svg|png|dot:
// the Schema tab's diagram, drawn by the same scene, without a window.
#include "Cli.h"
#include "Counted.h"
#include "SavedFile.h"
#include "catalog/CatalogReader.h"
#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "diagram/DiagramExport.h"
#include "diagram/DiagramScene.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <unistd.h>

namespace bridgescope::cli {

namespace {

// Seconds per stage, the first from the process's own start (Qt, fonts, plugins).
class StageClock
{
public:
    StageClock()
    {
        m_timer.start();
        m_stages << qMakePair(QStringLiteral("start"), secondsSinceProcessStart());
    }
    void mark(const char *stage)
    {
        m_stages << qMakePair(QLatin1String(stage), m_timer.restart() / 1000.0);
    }
    QString describe() const
    {
        QStringList parts;
        for (const auto &[name, seconds] : m_stages)
            parts << QStringLiteral("%1 %2 s").arg(name).arg(seconds, 0, 'f', 3);
        return parts.join(QStringLiteral(", "));
    }

private:
    static double secondsSinceProcessStart()
    {
        // /proc/self/stat field 22: start time in clock ticks after boot.
        QFile stat(QStringLiteral("/proc/self/stat"));
        QFile uptime(QStringLiteral("/proc/uptime"));
        if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
            return 0;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        const double started = fields.value(19).toDouble() / double(sysconf(_SC_CLK_TCK));
        const double now = uptime.readAll().split(' ').value(0).toDouble();
        return std::max(0.0, now - started);
    }

    QElapsedTimer m_timer;
    QList<QPair<QString, double>> m_stages;
};

} // namespace

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
    parser.addOption({ QStringLiteral("timings"),
                       QStringLiteral("Also print how long each stage took (start, connect, "
                                      "catalog, scene, layout, write).") });
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

    // Where the time goes, for the bench: from the process's start to here is Qt's start.
    StageClock clock;
    std::expected<SchemaSnapshot, int> snapshot = readSchemaFromOptions(
        parser, QStringLiteral("cli-diagram"), [&clock] { clock.mark("connect"); },
        false); // a drawing shows no sizes
    clock.mark("catalog");
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
    clock.mark("scene");
    if (dotOutput) {
        const LayoutGraph graph = scene.layoutInput(scene.tables());
        const Status written = saveFile(
            output, toDotText(graph, engineFor(int(graph.nodes.size()), int(graph.edges.size()))));
        return written ? Done : failure(written.error().message);
    }
    if (Status placed = scene.layOutNow(); !placed)
        return failure(placed.error().message);
    clock.mark("layout");
    if (Status written = exportDiagram(scene, scene.diagramRect(), output); !written)
        return failure(written.error().message);
    clock.mark("write");
    if (parser.isSet(QStringLiteral("timings")))
        QTextStream(stderr) << "Timings: " << clock.describe() << '\n';
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
