#pragma once

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

namespace bridgescope::cli {

// Exit codes shared by every subcommand (DESIGN.md, errors).
enum ExitCode { Done = 0, Failed = 1, Usage = 2 };

// The subcommands; anything else starts the GUI.
bool isSubcommand(const QString &name);

// Whether it draws (the diagram): it then needs a QApplication, offscreen without a display.
bool subcommandDrawsWidgets(const QString &name);

// Runs `bridgescope <subcommand> …` with a QCoreApplication already made.
int runSubcommand(const QStringList &arguments);

// Shared pieces for the subcommands.
void addDsnOption(QCommandLineParser &parser);
int usageError(const QCommandLineParser &parser, const QString &message);
int failure(const QString &message);

int runCluster(const QStringList &arguments);
int runDiagram(const QStringList &arguments);
int runInfo(const QStringList &arguments);
int runMigrate(const QStringList &arguments);
int runSchema(const QStringList &arguments);

} // namespace bridgescope::cli
