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
        const QString path = parser.value(QStringLiteral("file"));
        QFile file(path);
        const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                       : file.open(QIODevice::ReadOnly);
        if (!opened)
            return failure(QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
        script = QString::fromUtf8(file.readAll());
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
    // --csv: each returning statement's rows go to a file of their own; the last one is kept.
    std::unique_ptr<QTemporaryFile> csvRows;
    std::optional<QString> csvProblem;
    QByteArray text; // the plain output
    int exitCode = Done;
    for (const SqlStatement &statement : std::as_const(*statements)) {
        QJsonArray rows;
        QJsonArray notices;
        std::unique_ptr<QTemporaryFile> statementCsv;
        std::optional<CsvWriter> writer;
        RowReceiver receiver;
        receiver.begin = [&](const QList<ResultColumn> &columns) {
            QStringList names;
            for (const ResultColumn &column : columns)
                names << column.name;
            if (csv) {
                statementCsv = std::make_unique<QTemporaryFile>();
                if (!statementCsv->open())
                    csvProblem = statementCsv->errorString();
                writer.emplace(int(columns.size()));
                QByteArray header;
                writer->appendHeader(header, names);
                if (!csvProblem)
                    csvProblem = writeFully(*statementCsv, header.constData(), header.size());
            } else if (!json) {
                text += names.join(QLatin1Char('|')).toUtf8() + '\n';
            }
        };
        receiver.rows = [&](CellTable block) {
            if (csv) {
                QByteArray bytes;
                for (int row = 0; row < block.rowCount(); ++row)
                    writer->appendRow(bytes, block, row);
                if (!csvProblem)
                    csvProblem = writeFully(*statementCsv, bytes.constData(), bytes.size());
                return !csvProblem;
            }
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
        if (csvProblem)
            return failure(cannotWrite(QStringLiteral("a temporary file"), *csvProblem).message);
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
        if (csv && outcome.returnsRows && statementCsv)
            csvRows = std::move(statementCsv);
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
        if (!csvRows) {
            if (exitCode == Done)
                return failure(QStringLiteral("No statement returned rows, so there is no CSV."));
            return exitCode;
        }
        csvRows->seek(0);
        if (outputPath.isEmpty() || outputPath == QLatin1String("-")) {
            while (!csvRows->atEnd()) {
                const QByteArray chunk = csvRows->read(1 << 20);
                if (std::optional<QString> problem
                    = writeFully(standardOut, chunk.constData(), chunk.size()))
                    return failure(
                        cannotWrite(QStringLiteral("standard output"), *problem).message);
            }
            return exitCode;
        }
        QFile::remove(outputPath + QStringLiteral(".part"));
        if (!csvRows->copy(outputPath + QStringLiteral(".part"))
            || (QFile::exists(outputPath) && !QFile::remove(outputPath))
            || !QFile::rename(outputPath + QStringLiteral(".part"), outputPath))
            return failure(cannotWrite(outputPath, csvRows->errorString()).message);
        return exitCode;
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
