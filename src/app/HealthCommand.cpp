// bridgescope health [SECTION…] | cancel PID | terminate PID: the Health tab's sections and the
// two actions on a backend, from a shell (src/core/health).
#include "Cli.h"
#include "HealthText.h"
#include "health/HealthJson.h"

#include <QJsonDocument>
#include <QTextStream>
#include <QThread>

namespace bridgescope::cli {

namespace {

const QStringList kSections { QStringLiteral("sessions"),    QStringLiteral("blocking"),
                              QStringLiteral("replication"), QStringLiteral("storage"),
                              QStringLiteral("indexes"),     QStringLiteral("statements"),
                              QStringLiteral("activity") };

// One pass over the sections asked for, printed as text or as one JSON object.
class HealthRound
{
public:
    HealthRound(Session &session, QStringList sections, bool json)
        : m_session(session)
        , m_sections(std::move(sections))
        , m_json(json)
    { }

    // Activity needs an earlier sample: the previous round's, or one taken `interval` before.
    Status prime(int intervalMs)
    {
        if (!m_sections.contains(QStringLiteral("activity")))
            return {};
        Result<ActivityCounters> counters = readActivityCounters(m_session);
        if (!counters)
            return std::unexpected(counters.error());
        m_previous = *counters;
        QThread::msleep(intervalMs);
        return {};
    }

    Status run(bool compact)
    {
        QJsonObject json { { QStringLiteral("format"), kHealthJsonFormat } };
        QTextStream out(stdout);
        bool first = true;
        const auto heading = [&] {
            if (!m_json && !first)
                out << '\n';
            first = false;
        };
        QList<BackendSession> sessions;
        if (has("sessions") || has("blocking")) {
            Result<QList<BackendSession>> read = readSessions(m_session);
            if (!read)
                return std::unexpected(read.error());
            sessions = *read;
        }
        if (has("sessions")) {
            heading();
            m_json ? void(json.insert(QStringLiteral("sessions"), sessionsJson(sessions)))
                   : printSessions(out, sessions);
        }
        if (has("blocking")) {
            heading();
            const QList<BlockingNode> tree = blockingTree(sessions);
            m_json ? void(json.insert(QStringLiteral("blocking"), blockingJson(tree)))
                   : printBlocking(out, tree);
        }
        if (has("replication")) {
            Result<ReplicationRole> role = readReplicationRole(m_session);
            if (!role)
                return std::unexpected(role.error());
            Result<QList<StandbyStatus>> standbys = readStandbys(m_session);
            if (!standbys)
                return std::unexpected(standbys.error());
            heading();
            m_json ? void(
                json.insert(QStringLiteral("replication"), replicationJson(*role, *standbys)))
                   : printReplication(out, *role, *standbys);
        }
        if (has("storage")) {
            Result<StorageReport> storage = readStorage(m_session);
            if (!storage)
                return std::unexpected(storage.error());
            heading();
            m_json ? void(json.insert(QStringLiteral("storage"), storageJson(*storage)))
                   : printStorage(out, *storage);
        }
        if (has("indexes")) {
            Result<IndexReport> indexes = readIndexHealth(m_session);
            if (!indexes)
                return std::unexpected(indexes.error());
            heading();
            m_json ? void(json.insert(QStringLiteral("indexes"), indexesJson(*indexes)))
                   : printIndexes(out, *indexes);
        }
        if (has("statements")) {
            Result<TopStatementsReport> statements = readTopStatements(m_session);
            if (!statements)
                return std::unexpected(statements.error());
            heading();
            m_json ? void(json.insert(QStringLiteral("statements"), statementsJson(*statements)))
                   : printStatements(out, *statements);
        }
        if (has("activity")) {
            Result<ActivityCounters> counters = readActivityCounters(m_session);
            if (!counters)
                return std::unexpected(counters.error());
            const std::optional<ActivityRates> rates = activityRates(m_previous, *counters);
            m_previous = *counters;
            heading();
            if (m_json)
                json.insert(QStringLiteral("activity"),
                            rates ? QJsonValue(activityJson(*rates)) : QJsonValue());
            else if (rates)
                printActivity(out, *rates);
            else
                out << "The statistics were reset since the last sample: no rates this time.\n";
        }
        if (m_json)
            out << QJsonDocument(json).toJson(compact ? QJsonDocument::Compact
                                                      : QJsonDocument::Indented)
                << (compact ? "\n" : "");
        out.flush();
        return {};
    }

private:
    bool has(const char *section) const { return m_sections.contains(QLatin1String(section)); }

    Session &m_session;
    QStringList m_sections;
    bool m_json;
    ActivityCounters m_previous;
};

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
        "The server's health, by section: sessions (queries over 5 s marked *), blocking (who "
        "waits on whom), replication (role, standbys and their lag), storage (sizes, dead rows, "
        "bloat estimate, vacuum, transaction ID age), indexes (unused and duplicate), "
        "statements (pg_stat_statements) and activity (rates between two samples). Without a "
        "section, all but activity."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addPositionalArgument(QStringLiteral("section"), kSections.join(QLatin1Char('|')),
                                 QStringLiteral("[section…]"));
    parser.addOption({ QStringLiteral("json"),
                       QStringLiteral("Print JSON (docs/health-json.md); with --every, one "
                                      "object per line.") });
    parser.addOption({ QStringLiteral("every"),
                       QStringLiteral("Repeat every SECONDS on the same connection until "
                                      "interrupted; activity then covers each interval."),
                       QStringLiteral("SECONDS") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments, true))
        return *done;
    QStringList sections = parser.positionalArguments();
    for (const QString &section : sections) {
        if (!kSections.contains(section))
            return usageError(parser,
                              QStringLiteral("Unknown section \"%1\": choose from %2.")
                                  .arg(section, kSections.join(QStringLiteral(", "))));
    }
    if (sections.isEmpty())
        sections = kSections.mid(0, kSections.size() - 1);
    double every = 0;
    if (parser.isSet(QStringLiteral("every"))) {
        bool ok = false;
        every = parser.value(QStringLiteral("every")).toDouble(&ok);
        if (!ok || every < 0.1 || every > 86400)
            return usageError(parser, QStringLiteral("--every takes seconds, from 0.1 to 86400."));
    }
    std::expected<Session, int> session = openReadOnlySession(parser, QStringLiteral("cli-health"));
    if (!session)
        return session.error();
    const int intervalMs = every > 0 ? int(every * 1000) : 1000;
    HealthRound round(*session, sections, parser.isSet(QStringLiteral("json")));
    if (Status primed = round.prime(intervalMs); !primed)
        return failure(primed.error().message);
    for (;;) {
        if (Status done = round.run(every > 0); !done)
            return failure(done.error().message);
        if (every <= 0)
            return Done;
        QThread::msleep(intervalMs);
    }
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
