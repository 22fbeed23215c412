#pragma once

#include "catalog/SchemaSnapshot.h"
#include "connection/Session.h"

#include <QCommandLineParser>
#include <QStringList>

#include <expected>
#include <functional>
#include <optional>

namespace bridgescope::cli {

// Exit codes shared by every subcommand: 0 done, 1 failed (one sentence on stderr), 2 usage.
enum ExitCode { Done = 0, Failed = 1, Usage = 2 };

// The subcommands. A first argument that is neither one nor an option is a usage error; with
// options only (or none) the GUI starts.
bool isSubcommand(const QString &name);
QStringList subcommandNames();
// One line per subcommand, for `bridgescope --help`.
QString subcommandSummary();
// "… is not a subcommand; the subcommands are …" on stderr; returns Usage.
int unknownSubcommand(const QString &name);

// Whether it draws (the diagram): it then needs a QApplication, offscreen without a display.
bool subcommandDrawsWidgets(const QString &name);

// Runs `bridgescope <subcommand> …` with a QCoreApplication already made.
int runSubcommand(const QStringList &arguments);

// Shared pieces for the subcommands.
void addDsnOption(QCommandLineParser &parser);
void addSchemaOption(QCommandLineParser &parser); // --schema S, read by readSchemaFromOptions
int usageError(const QCommandLineParser &parser, const QString &message);
// A file argument's bytes (- for standard input), or the sentence why it cannot be read.
std::expected<QByteArray, QString> readInputFile(const QString &path);
int failure(const QString &message);

// The session --dsn names, opened with the given options. On failure the sentence is printed
// and the exit code (Usage for a malformed DSN, Failed for a connection that failed) comes back.
std::expected<Session, int> openSession(const QCommandLineParser &parser, const QString &purpose,
                                        const SessionOptions &options);
// The read-only session --dsn names. On failure the sentence is printed and the exit code
// (Usage for a malformed DSN, Failed for a connection that failed) comes back instead.
std::expected<Session, int> openReadOnlySession(const QCommandLineParser &parser,
                                                const QString &purpose);
// The catalog of the database --dsn names, of --schema only when given (schema, diagram).
// `connected`, when given, is called once the session is open (the catalog read follows).
std::expected<SchemaSnapshot, int>
readSchemaFromOptions(const QCommandLineParser &parser, const QString &purpose,
                      const std::function<void()> &connected = {}, bool sizes = true);

// Parses; prints --help; refuses positional arguments unless the command takes some. An exit
// code when the command is over (help printed, usage error), nothing when it should go on.
std::optional<int> parseStandardOptions(QCommandLineParser &parser, const QStringList &arguments,
                                        bool takesArguments = false);

int runCancel(const QStringList &arguments);
int runChart(const QStringList &arguments);
int runCluster(const QStringList &arguments);
int runComplete(const QStringList &arguments);
int runDemoData(const QStringList &arguments);
int runDdl(const QStringList &arguments);
int runDiagram(const QStringList &arguments);
int runExplain(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runFailures(const QStringList &arguments);
int runFind(const QStringList &arguments);
int runHealth(const QStringList &arguments);
int runInfo(const QStringList &arguments);
int runMigrate(const QStringList &arguments);
int runNamespaces(const QStringList &arguments);
int runQuery(const QStringList &arguments);
int runSchema(const QStringList &arguments);
int runSession(const QStringList &arguments);
int runTerminate(const QStringList &arguments);
int runTrace(const QStringList &arguments);

} // namespace bridgescope::cli
