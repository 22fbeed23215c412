// bridgescope health | cancel PID | terminate PID: the Health view's sessions and blocking tree,
// and the two actions on a backend, from a shell (src/core/health).
#include "Cli.h"
#include "connection/Replication.h"
#include "health/SessionActivity.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace bridgescope::cli {

namespace {

constexpr qint64 kSlowQueryMs = 5'000; // the database guide's threshold for a long query

QString oneLine(QString query)
{
    query = query.simplified();
    return query.size() > 80 ? query.left(79) + QChar(0x2026) : query;
}

QString seconds(qint64 ms)
{
    return ms < 0 ? QStringLiteral("-")
                  : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

void printTree(QTextStream &out, const BlockingNode &node, int depth)
{
    out << QString(depth * 4, QLatin1Char(' ')) << (depth ? "└ waits: " : "blocks: ")
        << node.session.pid << "  " << node.session.user << "  " << node.session.state
        << "  transaction " << seconds(node.session.transactionMs) << "  "
        << oneLine(node.session.query) << '\n';
    for (const BlockingNode &waiter : node.waiters)
        printTree(out, waiter, depth + 1);
}

QJsonObject sessionJson(const BackendSession &s)
{
    QJsonArray blockedBy;
    for (int pid : s.blockedBy)
        blockedBy.append(pid);
    return QJsonObject { { QStringLiteral("pid"), s.pid },
                         { QStringLiteral("user"), s.user },
                         { QStringLiteral("application_name"), s.application },
                         { QStringLiteral("client_addr"),
                           s.client.isEmpty() ? QJsonValue() : QJsonValue(s.client) },
                         { QStringLiteral("database"), s.database },
                         { QStringLiteral("state"), s.state },
                         { QStringLiteral("wait_event_type"), s.waitEventType },
                         { QStringLiteral("wait_event"), s.waitEvent },
                         { QStringLiteral("query"), s.query },
                         { QStringLiteral("query_ms"), double(s.queryMs) },
                         { QStringLiteral("transaction_ms"), double(s.transactionMs) },
                         { QStringLiteral("blocked_by"), blockedBy },
                         { QStringLiteral("bridgescope"), s.bridgescope } };
}

QJsonArray treeJson(const QList<BlockingNode> &nodes)
{
    QJsonArray array;
    for (const BlockingNode &node : nodes)
        array.append(QJsonObject { { QStringLiteral("pid"), node.session.pid },
                                   { QStringLiteral("waiters"), treeJson(node.waiters) } });
    return array;
}

int signal(const QStringList &arguments, bool terminate)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        terminate
            ? QStringLiteral("End a server process (pg_terminate_backend): its transaction "
                             "rolls back and its client is disconnected.")
            : QStringLiteral("Cancel the query a server process runs now (pg_cancel_backend): "
                             "its transaction rolls back; the session stays."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addPositionalArgument(QStringLiteral("PID"), QStringLiteral("the server process id"));
    if (std::optional<int> done = parseStandardOptions(parser, arguments, true))
        return *done;
    bool ok = false;
    const int pid = parser.positionalArguments().value(0).toInt(&ok);
    if (parser.positionalArguments().size() != 1 || !ok || pid <= 0)
        return usageError(
            parser, QStringLiteral("Give one process id (a number, from `bridgescope health`)."));
    SessionOptions options;
    options.mode
        = AccessMode::ReadWrite; // signalling is not a write, but read-only sessions stay pure
    std::expected<Session, int> session
        = openSession(parser, QStringLiteral("cli-signal"), options);
    if (!session)
        return session.error();
    const Status done = terminate ? terminateBackend(*session, pid) : cancelBackend(*session, pid);
    if (!done)
        return failure(done.error().message);
    QTextStream(stdout) << (terminate ? "Terminated process " : "Cancelled the query of process ")
                        << pid << ".\n";
    return Done;
}

} // namespace

int runHealth(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The server's client sessions (queries over 5 s marked *) and who blocks whom."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print JSON.") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return *done;
    std::expected<Session, int> session = openReadOnlySession(parser, QStringLiteral("cli-health"));
    if (!session)
        return session.error();
    Result<QList<BackendSession>> sessions = readSessions(*session);
    if (!sessions)
        return failure(sessions.error().message);
    const QList<BlockingNode> tree = blockingTree(*sessions);
    const Result<ReplicationRole> role = readReplicationRole(*session);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const BackendSession &s : *sessions)
            array.append(sessionJson(s));
        QTextStream(stdout) << QJsonDocument(
                                   QJsonObject { { QStringLiteral("format"), 1 },
                                                 { QStringLiteral("role"),
                                                   role ? role->describe() : QString() },
                                                 { QStringLiteral("sessions"), array },
                                                 { QStringLiteral("blocking"), treeJson(tree) } })
                                   .toJson(QJsonDocument::Indented);
        return Done;
    }
    QTextStream out(stdout);
    if (role && !role->describe().isEmpty())
        out << "This server: " << role->describe() << "\n\n";
    out << sessions->size() << " client sessions\n";
    for (const BackendSession &s : *sessions) {
        const bool slow = s.state == QLatin1String("active") && s.queryMs > kSlowQueryMs;
        out << (slow ? "* " : "  ") << QStringLiteral("%1").arg(s.pid, 7) << "  "
            << QStringLiteral("%1").arg(s.user, -10) << "  "
            << QStringLiteral("%1").arg(s.state, -20) << "  "
            << QStringLiteral("%1").arg(seconds(s.queryMs), 8) << "  "
            << (s.waitEventType.isEmpty()
                    ? QString()
                    : s.waitEventType + QLatin1Char(':') + s.waitEvent + QLatin1Char(' '))
            << oneLine(s.query) << (s.bridgescope ? "  [bridgescope]" : "") << '\n';
    }
    if (tree.isEmpty()) {
        out << "\nNobody is waiting on a lock held by another session.\n";
    } else {
        out << "\nBlocking:\n";
        for (const BlockingNode &node : tree)
            printTree(out, node, 0);
    }
    return Done;
}

int runCancel(const QStringList &arguments)
{
    return signal(arguments, false);
}

int runTerminate(const QStringList &arguments)
{
    return signal(arguments, true);
}

} // namespace bridgescope::cli
