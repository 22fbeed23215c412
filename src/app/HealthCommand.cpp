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

    // One round; a section that fails says so in one sentence (on stderr, or as {"error": …})
    // and the others still run. False when any failed.
    bool run(bool compact)
    {
        m_jsonOut = QJsonObject { { QStringLiteral("format"), kHealthJsonFormat } };
        m_first = true;
        m_ok = true;
        QList<BackendSession> sessions;
        bool sessionsRead = false;
        if (has("sessions") || has("blocking")) {
            Result<QList<BackendSession>> read = readSessions(m_session);
            sessionsRead = bool(read);
            if (read)
                sessions = *read;
            else
                for (const char *name : { "sessions", "blocking" })
                    if (has(name))
                        failed(name, read.error());
        }
        if (has("sessions") && sessionsRead)
            show("sessions", sessionsJson(sessions),
                 [&](QTextStream &out) { printSessions(out, sessions); });
        if (has("blocking") && sessionsRead) {
            const QList<BlockingNode> tree = blockingTree(sessions);
            show("blocking", blockingJson(tree),
                 [&](QTextStream &out) { printBlocking(out, tree); });
        }
        if (has("replication")) {
            Result<ReplicationRole> role = readReplicationRole(m_session);
            Result<QList<StandbyStatus>> standbys
                = role ? readStandbys(m_session) : Result<QList<StandbyStatus>>({});
            if (!role || !standbys)
                failed("replication", role ? standbys.error() : role.error());
            else
                show("replication", replicationJson(*role, *standbys),
                     [&](QTextStream &out) { printReplication(out, *role, *standbys); });
        }
        if (has("storage")) {
            Result<StorageReport> storage = readStorage(m_session);
            if (!storage)
                failed("storage", storage.error());
            else
                show("storage", storageJson(*storage),
                     [&](QTextStream &out) { printStorage(out, *storage); });
        }
        if (has("indexes")) {
            Result<IndexReport> indexes = readIndexHealth(m_session);
            if (!indexes)
                failed("indexes", indexes.error());
            else
                show("indexes", indexesJson(*indexes),
                     [&](QTextStream &out) { printIndexes(out, *indexes); });
        }
        if (has("statements")) {
            Result<TopStatementsReport> statements = readTopStatements(m_session);
            if (!statements)
                failed("statements", statements.error());
            else
                show("statements", statementsJson(*statements),
                     [&](QTextStream &out) { printStatements(out, *statements); });
        }
        if (has("activity")) {
            Result<ActivityCounters> counters = readActivityCounters(m_session);
            if (!counters) {
                failed("activity", counters.error());
            } else {
                const std::optional<ActivityRates> rates = activityRates(m_previous, *counters);
                m_previous = *counters;
                show("activity", rates ? QJsonValue(activityJson(*rates)) : QJsonValue(),
                     [&](QTextStream &out) {
                         if (rates)
                             printActivity(out, *rates);
                         else
                             out << "The statistics were reset since the last sample: no rates "
                                    "this time.\n";
                     });
            }
        }
        QTextStream out(stdout);
        if (m_json)
            out << QJsonDocument(m_jsonOut).toJson(compact ? QJsonDocument::Compact
                                                           : QJsonDocument::Indented)
                << (compact ? "\n" : "");
        out.flush();
        return m_ok;
    }

private:
    bool has(const char *section) const { return m_sections.contains(QLatin1String(section)); }

    void show(const char *name, const QJsonValue &json,
              const std::function<void(QTextStream &)> &print)
    {
        if (m_json) {
            m_jsonOut.insert(QLatin1String(name), json);
            return;
        }
        QTextStream out(stdout);
        if (!m_first)
            out << '\n';
        m_first = false;
        print(out);
    }

    void failed(const char *name, const Error &error)
    {
        m_ok = false;
        if (m_json)
            m_jsonOut.insert(QLatin1String(name),
                             QJsonObject { { QStringLiteral("error"), error.message } });
        QTextStream(stderr) << "bridgescope: " << name << ": " << error.message << '\n';
    }

    Session &m_session;
    QStringList m_sections;
    bool m_json;
    ActivityCounters m_previous;
    QJsonObject m_jsonOut;
    bool m_first = true;
    bool m_ok = true;
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
        const bool answered = round.run(every > 0);
        if (every <= 0)
            return answered ? Done : Failed;
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
