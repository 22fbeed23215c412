// bridgescope query [--dsn URI] (-c SQL | -f FILE) [--write] [--json | --csv] [-o FILE]: the SQL
// console's twin. The statements are split and run as the console runs them (core/console).
#include "Cli.h"
#include "SavedFile.h"
#include "console/StatementRunner.h"
#include "data/CsvWriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QTextStream>

#include <memory>

namespace bridgescope::cli {

namespace {

QJsonValue cellJson(const SqlText &cell)
{
    return cell ? QJsonValue(QString::fromUtf8(*cell)) : QJsonValue(QJsonValue::Null);
}

QJsonObject statementJson(const QString &script, const StatementOutcome &outcome,
                          const QJsonArray &rows, const QJsonArray &notices)
{
    QJsonObject object;
    object[QStringLiteral("statement")] = outcome.statement.text;
    object[QStringLiteral("command")]
        = outcome.command.isEmpty() ? QJsonValue() : QJsonValue(outcome.command);
    QJsonArray columns;
    for (const ResultColumn &column : outcome.columns)
        columns.append(QJsonObject { { QStringLiteral("name"), column.name },
                                     { QStringLiteral("type"), column.type } });
    object[QStringLiteral("columns")] = columns;
    object[QStringLiteral("rows")] = outcome.returnsRows ? QJsonValue(rows) : QJsonValue();
    object[QStringLiteral("rows_affected")]
        = outcome.rowsAffected >= 0 ? QJsonValue(double(outcome.rowsAffected)) : QJsonValue();
    object[QStringLiteral("notices")] = notices;
    if (outcome.error) {
        const ScriptPlace place = errorPlace(script, outcome);
        object[QStringLiteral("error")] = QJsonObject {
            { QStringLiteral("message"), outcome.error->message },
            { QStringLiteral("sqlstate"), outcome.error->sqlState },
            { QStringLiteral("detail"), outcome.errorDetail },
            { QStringLiteral("hint"), outcome.errorHint },
            { QStringLiteral("line"), place.line },
            { QStringLiteral("column"), place.column },
        };
    } else {
        object[QStringLiteral("error")] = QJsonValue();
    }
    return object;
}

QString noticeLine(const ServerMessage &message)
{
    return QStringLiteral("%1:  %2").arg(message.severity, message.text);
}

// --csv: the rows of the script's last returning statement. Its last statement writes straight
// to the destination (a file through QSaveFile, or standard output); an earlier one to a
// temporary file, kept while no later statement returns rows and copied at the end. A run that
// fails leaves an existing file as it was.
class CsvOutput
{
public:
    CsvOutput(const QString &path, QFile &standardOut)
        : m_path(path)
        , m_standardOut(standardOut)
    { }
    bool toStandardOutput() const { return m_path.isEmpty() || m_path == QLatin1String("-"); }

    void begin(const QList<ResultColumn> &columns, bool lastStatement)
    {
        QStringList names;
        for (const ResultColumn &column : columns)
            names << column.name;
        m_writer.emplace(int(columns.size()));
        if (lastStatement) {
            if (!toStandardOutput()) {
                m_final = std::make_unique<QSaveFile>(m_path);
                if (!m_final->open(QIODevice::WriteOnly))
                    m_problem = m_final->errorString();
            }
            m_target
                = toStandardOutput() ? static_cast<QIODevice *>(&m_standardOut) : m_final.get();
        } else {
            m_pending = std::make_unique<QTemporaryFile>();
            if (!m_pending->open())
                m_problem = m_pending->errorString();
            m_target = m_pending.get();
        }
        QByteArray header;
        m_writer->appendHeader(header, names);
        write(header);
    }
    bool rows(const CellTable &block)
    {
        QByteArray bytes;
        bytes.reserve(block.textSize()
                      + qsizetype(block.rowCount()) * (block.columnCount() + 1) * 2);
        for (int row = 0; row < block.rowCount(); ++row)
            m_writer->appendRow(bytes, block, row);
        write(bytes);
        return !m_problem;
    }
    // A statement ended: one that returned rows is the one kept (so far).
    void statementEnded(bool returnedRows)
    {
        if (!returnedRows)
            return;
        m_kept = m_target == m_pending.get() ? std::move(m_pending) : nullptr;
        m_keptFinal = m_target != nullptr && !m_kept;
        m_target = nullptr;
    }
    const std::optional<QString> &problem() const { return m_problem; }
    bool hasRows() const { return m_kept || m_keptFinal; }

    // After a run that succeeded: the kept rows where they belong.
    Status finish()
    {
        if (m_kept) {
            QIODevice *to = &m_standardOut;
            if (!toStandardOutput()) {
                m_final = std::make_unique<QSaveFile>(m_path);
                if (!m_final->open(QIODevice::WriteOnly))
                    return std::unexpected(cannotWrite(m_path, m_final->errorString()));
                to = m_final.get();
            }
            m_kept->seek(0);
            while (!m_kept->atEnd() && !m_problem) {
                const QByteArray chunk = m_kept->read(1 << 20);
                m_problem = writeFully(*to, chunk.constData(), chunk.size());
            }
        }
        if (m_problem)
            return std::unexpected(cannotWrite(
                toStandardOutput() ? QStringLiteral("standard output") : m_path, *m_problem));
        if (m_final) {
            if (std::optional<QString> problem = flushFully(*m_final))
                return std::unexpected(cannotWrite(m_path, *problem));
            if (!m_final->commit())
                return std::unexpected(cannotWrite(m_path, m_final->errorString()));
        }
        return {};
    }

private:
    void write(const QByteArray &bytes)
    {
        if (!m_problem && m_target)
            m_problem = writeFully(*m_target, bytes.constData(), bytes.size());
    }

    QString m_path;
    QFile &m_standardOut;
    std::optional<CsvWriter> m_writer;
    std::unique_ptr<QSaveFile> m_final;
    std::unique_ptr<QTemporaryFile> m_pending; // an earlier statement's rows, being written
    std::unique_ptr<QTemporaryFile> m_kept; // the last returning statement's, if earlier
    bool m_keptFinal = false; // the last returning statement was the script's last
    QIODevice *m_target = nullptr;
    std::optional<QString> m_problem;
};

} // namespace

int runQuery(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run SQL as the console runs it: the statements split as psql splits them (at ';' "
        "outside quotes, dollar quotes and comments), one after another, stopping at the first "
        "error. The session is read-only unless --write is given. Without --json or --csv each "
        "statement's command tag, rows and notices are printed as text."));
    parser.addHelpOption();
    addDsnOption(parser);
    parser.addOption({ { QStringLiteral("c"), QStringLiteral("command") },
                       QStringLiteral("The SQL to run."),
                       QStringLiteral("SQL") });
    parser.addOption({ { QStringLiteral("f"), QStringLiteral("file") },
                       QStringLiteral("A file of SQL to run (- for standard input)."),
                       QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("write"),
                       QStringLiteral("Allow statements that change data or the schema.") });
    parser.addOption({ QStringLiteral("json"),
                       QStringLiteral("Print a JSON array with one object per statement.") });
    parser.addOption({ QStringLiteral("csv"),
                       QStringLiteral("Write the last row-returning statement's rows as psql's "
                                      "\\copy (…) to FILE csv header writes them.") });
    parser.addOption({ { QStringLiteral("o"), QStringLiteral("output") },
                       QStringLiteral("Write to FILE instead of standard output."),
                       QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("timeout"),
                       QStringLiteral("The statement timeout in seconds (default: none)."),
                       QStringLiteral("S"), QStringLiteral("0") });
    if (std::optional<int> done = parseStandardOptions(parser, arguments))
        return *done;
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool csv = parser.isSet(QStringLiteral("csv"));
    if (json && csv)
        return usageError(parser, QStringLiteral("--json and --csv do not go together."));
    if (parser.isSet(QStringLiteral("command")) == parser.isSet(QStringLiteral("file")))
        return usageError(parser, QStringLiteral("Give the SQL with -c SQL or -f FILE (one)."));
    bool timeoutOk = false;
    const double timeoutSeconds = parser.value(QStringLiteral("timeout")).toDouble(&timeoutOk);
    if (!timeoutOk || timeoutSeconds < 0)
        return usageError(parser, QStringLiteral("--timeout takes seconds, 0 for none."));

    QString script;
    if (parser.isSet(QStringLiteral("command"))) {
        script = parser.value(QStringLiteral("command"));
    } else {
        const std::expected<QByteArray, QString> text
            = readInputFile(parser.value(QStringLiteral("file")));
        if (!text)
            return failure(text.error());
        script = QString::fromUtf8(*text);
    }
    Result<QList<SqlStatement>> statements = splitSqlScript(script, SplitMode::Lenient);
    if (!statements)
        return failure(statements.error().message);
    if (statements->isEmpty())
        return usageError(parser, QStringLiteral("There is no statement to run."));

    SessionOptions options;
    options.mode
        = parser.isSet(QStringLiteral("write")) ? AccessMode::ReadWrite : AccessMode::ReadOnly;
    options.statementTimeoutMs = int(timeoutSeconds * 1000);
    std::expected<Session, int> session = openSession(parser, QStringLiteral("cli-query"), options);
    if (!session)
        return session.error();
    Result<TypeNames> types = readTypeNames(*session);
    if (!types)
        return failure(types.error().message);

    const QString outputPath = parser.value(QStringLiteral("output"));
    QFile standardOut;
    if (!standardOut.open(stdout, QIODevice::WriteOnly))
        return failure(QStringLiteral("Cannot write to standard output."));
    QTextStream err(stderr);

    QJsonArray statementObjects;
    CsvOutput csvOutput(outputPath, standardOut);
    QByteArray text; // the plain output
    int exitCode = Done;
    for (qsizetype index = 0; index < statements->size(); ++index) {
        const SqlStatement &statement = statements->at(index);
        QJsonArray rows;
        QJsonArray notices;
        RowReceiver receiver;
        receiver.blockRows = 1000;
        receiver.begin = [&](const QList<ResultColumn> &columns) {
            if (csv) {
                csvOutput.begin(columns, index + 1 == statements->size());
            } else if (!json) {
                QStringList names;
                for (const ResultColumn &column : columns)
                    names << column.name;
                text += names.join(QLatin1Char('|')).toUtf8() + '\n';
            }
        };
        receiver.rows = [&](CellTable block) {
            if (csv)
                return csvOutput.rows(block);
            for (int row = 0; row < block.rowCount(); ++row) {
                if (json) {
                    QJsonArray cells;
                    for (int column = 0; column < block.columnCount(); ++column)
                        cells.append(cellJson(block.cell(row, column)));
                    rows.append(cells);
                } else {
                    QByteArrayList cells;
                    for (int column = 0; column < block.columnCount(); ++column)
                        cells << block.cell(row, column).value_or(QByteArray());
                    text += cells.join('|') + '\n';
                }
            }
            return true;
        };
        const StatementOutcome outcome = runStatement(
            *session, statement, *types, receiver, [&](const ServerMessage &message) {
                notices.append(noticeLine(message));
                if (!json)
                    err << noticeLine(message) << Qt::endl;
            });
        if (csv)
            csvOutput.statementEnded(outcome.returnsRows);
        if (const std::optional<QString> &problem = csvOutput.problem())
            return failure(cannotWrite(csvOutput.toStandardOutput()
                                           ? QStringLiteral("standard output")
                                           : outputPath,
                                       *problem)
                               .message);
        if (json)
            statementObjects.append(statementJson(script, outcome, rows, notices));
        if (!json && !csv) {
            if (outcome.returnsRows)
                text += QStringLiteral("(%1 rows)\n").arg(outcome.rows).toUtf8();
            if (!outcome.command.isEmpty())
                text += outcome.command.toUtf8() + '\n';
            if (!outcome.error)
                text += '\n';
        }
        if (outcome.error) {
            err << QStringLiteral("ERROR: %1").arg(describeStatementError(script, outcome));
            if (!outcome.errorDetail.isEmpty())
                err << QStringLiteral("\nDETAIL: %1").arg(outcome.errorDetail);
            if (!outcome.errorHint.isEmpty())
                err << QStringLiteral("\nHINT: %1").arg(outcome.errorHint);
            err << Qt::endl;
            exitCode = Failed;
            break; // the statements after it may depend on it
        }
    }

    QByteArray output;
    if (json)
        output = QJsonDocument(statementObjects).toJson(QJsonDocument::Indented);
    else if (!csv)
        output = text;
    if (csv) {
        if (exitCode != Done)
            return exitCode; // an existing file stays as it was
        if (!csvOutput.hasRows())
            return failure(QStringLiteral("No statement returned rows, so there is no CSV."));
        if (Status written = csvOutput.finish(); !written)
            return failure(written.error().message);
        return Done;
    }
    if (outputPath.isEmpty() || outputPath == QLatin1String("-")) {
        if (std::optional<QString> problem
            = writeFully(standardOut, output.constData(), output.size()))
            return failure(cannotWrite(QStringLiteral("standard output"), *problem).message);
    } else if (Status saved = saveFile(outputPath, output); !saved) {
        return failure(saved.error().message);
    }
    return exitCode;
}

} // namespace bridgescope::cli
