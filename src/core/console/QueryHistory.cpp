#include "console/QueryHistory.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace bridgescope {

namespace {

bool exec(QSqlDatabase &db, const QString &sql, QString *problem)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (problem && problem->isEmpty())
        *problem = query.lastError().text();
    return false;
}

} // namespace

QueryHistory::QueryHistory(const QString &path)
    : m_connection(QStringLiteral("bridgescope-history-")
                   + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (!db.isValid()) {
        m_problem = QStringLiteral("Qt's SQLite driver is missing (Debian: libqt6sql6-sqlite)");
        return;
    }
    QString file = path;
    if (!path.isEmpty() && !QDir().mkpath(QFileInfo(path).absolutePath())) {
        m_problem = QStringLiteral("cannot make the folder %1").arg(QFileInfo(path).absolutePath());
        file.clear();
    }
    db.setDatabaseName(file.isEmpty() ? QStringLiteral(":memory:") : file);
    if (!db.open()) {
        m_problem = db.lastError().text();
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (!db.open())
            return;
    }
    // WAL and NORMAL: a commit writes one small log record, not a full sync of the file.
    exec(db, QStringLiteral("PRAGMA journal_mode = WAL"), nullptr);
    exec(db, QStringLiteral("PRAGMA synchronous = NORMAL"), nullptr);
    exec(db,
         QStringLiteral("CREATE TABLE IF NOT EXISTS history ("
                        "database TEXT NOT NULL, normalized TEXT NOT NULL, sql TEXT NOT NULL, "
                        "last_run TEXT NOT NULL, runs INTEGER NOT NULL, duration_ms INTEGER, "
                        "rows INTEGER, outcome TEXT, PRIMARY KEY (database, normalized))"),
         &m_problem);
    exec(
        db,
        QStringLiteral("CREATE INDEX IF NOT EXISTS history_latest ON history (database, last_run)"),
        &m_problem);
}

QueryHistory::~QueryHistory()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QString QueryHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/history.sqlite");
}

QString QueryHistory::normalized(const QString &sql)
{
    QString out;
    out.reserve(sql.size());
    QChar quote;
    bool space = false;
    for (const QChar c : sql.trimmed()) {
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
            quote = c;
        if (c.isSpace()) {
            space = true;
            continue;
        }
        if (space && !out.isEmpty())
            out += QLatin1Char(' ');
        space = false;
        out += c;
    }
    while (out.endsWith(QLatin1Char(';')))
        out.chop(1);
    return out.trimmed();
}

void QueryHistory::record(const QString &database, const QString &sql, qint64 durationMs,
                          qint64 rows, const QString &outcome)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return;
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO history (database, normalized, sql, last_run, runs, duration_ms, rows, "
        "outcome) VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (database, normalized) DO UPDATE "
        "SET sql = excluded.sql, last_run = excluded.last_run, runs = history.runs + 1, "
        "duration_ms = excluded.duration_ms, rows = excluded.rows, outcome = excluded.outcome"));
    query.addBindValue(database);
    query.addBindValue(normalized(sql));
    query.addBindValue(sql.trimmed());
    query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    query.addBindValue(durationMs);
    query.addBindValue(rows);
    query.addBindValue(outcome);
    if (!query.exec() && m_problem.isEmpty())
        m_problem = query.lastError().text();
}

QList<StatementRecord> QueryHistory::search(const QString &database, const QString &text,
                                         int limit) const
{
    QList<StatementRecord> entries;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return entries;
    QSqlQuery query(db);
    // instr() on lower-cased text: the typed text is never a LIKE pattern (%, _ mean themselves).
    query.prepare(QStringLiteral("SELECT sql, last_run, runs, duration_ms, rows, outcome FROM "
                                 "history WHERE database = ? AND instr(lower(sql), lower(?)) > 0 "
                                 "ORDER BY last_run DESC LIMIT ?"));
    query.addBindValue(database);
    query.addBindValue(text.isNull() ? QStringLiteral("") : text); // a null QString binds NULL
    query.addBindValue(limit);
    if (!query.exec())
        return entries;
    while (query.next())
        entries << StatementRecord {
            query.value(0).toString(),
            QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs),
            query.value(2).toInt(),
            query.value(3).toLongLong(),
            query.value(4).isNull() ? -1 : query.value(4).toLongLong(),
            query.value(5).toString(),
        };
    return entries;
}

} // namespace bridgescope
