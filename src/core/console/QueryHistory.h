#pragma once

#include "Error.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace bridgescope {

// One statement the console ran, as history keeps it: the last time it ran and how it went.
struct StatementRecord
{
    QString sql; // as last typed
    QDateTime lastRun; // UTC
    int runs = 0;
    qint64 durationMs = 0; // of the last run
    qint64 rows = -1; // returned or affected by the last run; -1 when neither
    QString outcome; // the command tag, or "ERROR: …"
};

// Every statement the console runs, per database, kept in an SQLite file of its own (Qt's
// QSQLITE driver): searched with Ctrl+R, kept across restarts. A statement run again (the same
// text, whatever its spacing) is one entry that moves to the top. The file is opened on the
// thread that makes the object; a history that cannot be opened works in memory and says why.
class QueryHistory
{
public:
    explicit QueryHistory(const QString &path);
    ~QueryHistory();
    QueryHistory(const QueryHistory &) = delete;
    QueryHistory &operator=(const QueryHistory &) = delete;

    // Where the file lives by default: the user's data folder.
    static QString defaultPath();
    // Why the file could not be used (history is then kept for this run only), or empty.
    const QString &problem() const { return m_problem; }

    void record(const QString &database, const QString &sql, qint64 durationMs, qint64 rows,
                const QString &outcome);
    // The database's statements holding `text` (case ignored), the latest first.
    QList<StatementRecord> search(const QString &database, const QString &text, int limit = 200) const;

    // The text a statement is known by: spacing outside quotes collapsed, the final ';' gone.
    static QString normalized(const QString &sql);

private:
    QString m_connection;
    QString m_problem;
};

} // namespace bridgescope
