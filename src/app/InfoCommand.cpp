// bridgescope info [--dsn URI]: connect as the GUI would and say what is at the other end.
#include "Cli.h"
#include "connection/ConnectionProfile.h"
#include "connection/Replication.h"
#include "connection/ServerVersion.h"
#include "connection/Session.h"

#include <QTextStream>

namespace bridgescope::cli {

int runInfo(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Connect (read-only) and print the server, database, user and version."));
    parser.addHelpOption();
    addDsnOption(parser);
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return *done;

    std::expected<Session, int> session = openReadOnlySession(parser, QStringLiteral("cli-info"));
    if (!session)
        return session.error();
    Result<ServerInfo> info = session->serverInfo();
    if (!info)
        return failure(info.error().message);
    QTextStream out(stdout);
    out << "server:   " << info->host << ':' << info->port << '\n'
        << "database: " << info->database << '\n'
        << "user:     " << info->user << '\n'
        << "version:  PostgreSQL " << info->serverVersion << '\n';
    if (Result<ReplicationRole> role = readReplicationRole(*session); role) {
        const QString described = role->describe();
        out << "role:     " << (described.isEmpty() ? QStringLiteral("primary") : described)
            << '\n';
    }
    if (const QString note = serverVersionNote(info->serverVersionNumber); !note.isEmpty())
        out << "note:     " << note << '\n';
    return Done;
}

} // namespace bridgescope::cli
