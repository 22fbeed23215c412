#pragma once

#include "Error.h"
#include "migrations/SqlScript.h"

#include <QList>
#include <QString>

namespace bridgescope {

// A version as the files and every view write it: 9 → "009".
QString formatVersion(int version);

// One migration file of a folder: NNN_description.sql, or NNN_rollback_description.sql.
struct MigrationScript
{
    QString fileName; // "001_create_workflow_executions.sql"
    QString path; // where it was read from (a folder or ":/migrations")
    QByteArray bytes; // exactly as stored: the checksum is over these
    QList<SqlStatement> statements;
    bool transactional = true; // false when the file carries the no-transaction marker

    bool isValid() const { return !fileName.isEmpty(); }
};

struct Migration
{
    int version = 0;
    QString description; // from the forward file's name: "create workflow executions"
    MigrationScript forward;
    MigrationScript rollback; // !isValid() when there is no rollback file
    QString checksum; // sha256 of forward.bytes, lower-case hex

    QString label() const; // "001 create workflow executions"
};

// Something wrong with a file of the folder. Any problem keeps `migrate up` and `down` from
// running; `status` lists them.
struct MigrationProblem
{
    QString fileName;
    QString message;
};

// The parsed name of a migration file.
struct MigrationFileName
{
    int version = 0;
    bool rollback = false;
    QString description;
};

// "012_add_x.sql" → {12, false, "add x"}; an error says what is wrong with the name.
Result<MigrationFileName> parseMigrationFileName(const QString &fileName);

// The no-transaction marker: a comment line `-- bridgescope:no-transaction` before the file's
// first statement. Such a file runs statement by statement outside a transaction, for
// CREATE INDEX CONCURRENTLY and the other commands PostgreSQL refuses inside one.
inline constexpr char kNoTransactionMarker[] = "bridgescope:no-transaction";
bool hasNoTransactionMarker(const QString &script);

// The migrations of one folder, in version order, with the folder's problems and gaps.
class MigrationSet
{
public:
    // The chain compiled into bridgescope (migrations/ at build time).
    static QString bundledDirectory();

    // Reads every *.sql file of the folder. Other files (README.md) are ignored. Fails only when
    // the folder cannot be read; a bad file becomes a problem.
    static Result<MigrationSet> load(const QString &directory);

    // Builds a set from (file name, contents) pairs, as load() does from a folder.
    static MigrationSet fromFiles(const QList<std::pair<QString, QByteArray>> &files,
                                  const QString &directory = {});

    const QString &directory() const { return m_directory; }
    const QList<Migration> &migrations() const { return m_migrations; }
    const QList<MigrationProblem> &problems() const { return m_problems; }
    // Versions missing between the lowest and the highest file ("001, 002, 004": 3).
    const QList<int> &gaps() const { return m_gaps; }

    const Migration *find(int version) const;

private:
    QString m_directory;
    QList<Migration> m_migrations;
    QList<MigrationProblem> m_problems;
    QList<int> m_gaps;
};

} // namespace bridgescope
