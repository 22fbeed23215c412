#include "migrations/MigrationSet.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>

namespace bridgescope {

namespace {

// Reads and checks one file's text. An error is a problem with the file.
Result<MigrationScript> parseScript(const QString &fileName, const QString &path,
                                    const QByteArray &bytes)
{
    MigrationScript script { fileName, path, bytes, {}, true };
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return fail(Error::Kind::Usage,
                    QStringLiteral("is not UTF-8 text; save it as UTF-8 (PostgreSQL's "
                                   "client_encoding for migrations)."));
    Result<QList<SqlStatement>> statements = splitSqlScript(text);
    if (!statements)
        return std::unexpected(statements.error());
    if (statements->isEmpty())
        return fail(Error::Kind::Usage,
                    QStringLiteral("holds no SQL statement (empty, or only comments)."));
    script.statements = std::move(*statements);
    script.transactional = !hasNoTransactionMarker(text);
    if (script.transactional) {
        for (const SqlStatement &statement : std::as_const(script.statements)) {
            if (isTransactionControl(statement))
                return fail(Error::Kind::Usage,
                            QStringLiteral("line %1: %2 — bridgescope runs each migration in "
                                           "its own transaction; remove the transaction "
                                           "control, or mark the file with -- %3.")
                                .arg(statement.line)
                                .arg(statement.text.section(QLatin1Char('\n'), 0, 0))
                                .arg(QLatin1String(kNoTransactionMarker)));
        }
    }
    return script;
}

QList<int> findGaps(const QList<Migration> &migrations)
{
    QList<int> gaps;
    for (qsizetype i = 1; i < migrations.size(); ++i) {
        for (int v = migrations.at(i - 1).version + 1; v < migrations.at(i).version; ++v)
            gaps.append(v);
    }
    return gaps;
}

} // namespace

QString formatVersion(int version)
{
    return QStringLiteral("%1").arg(version, 3, 10, QLatin1Char('0'));
}

QString Migration::label() const
{
    return formatVersion(version) + QLatin1Char(' ') + description;
}

Result<MigrationFileName> parseMigrationFileName(const QString &fileName)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^(\d+)_(rollback_)?([A-Za-z0-9_\-]+)\.sql$)"));
    const QRegularExpressionMatch match = pattern.match(fileName);
    if (!match.hasMatch()) {
        if (!fileName.endsWith(QLatin1String(".sql")))
            return fail(Error::Kind::Usage, QStringLiteral("is not an .sql file."));
        if (!fileName.front().isDigit())
            return fail(Error::Kind::Usage,
                        QStringLiteral("has no version number: name migrations "
                                       "NNN_description.sql and NNN_rollback_description.sql."));
        return fail(Error::Kind::Usage,
                    QStringLiteral("is not named NNN_description.sql (letters, digits, _ and - "
                                   "after the number)."));
    }
    bool ok = false;
    const int version = match.captured(1).toInt(&ok);
    if (!ok || version <= 0)
        return fail(Error::Kind::Usage,
                    QStringLiteral("has version %1; versions start at 1.").arg(match.captured(1)));
    QString description = match.captured(3);
    description.replace(QLatin1Char('_'), QLatin1Char(' '));
    return MigrationFileName { version, !match.captured(2).isEmpty(), description };
}

bool hasNoTransactionMarker(const QString &script)
{
    // Only the comment lines before the first statement count: a marker is a promise about the
    // whole file and belongs at its top.
    static const QRegularExpression marker(
        QStringLiteral(R"(^--\s*%1\s*$)").arg(QLatin1String(kNoTransactionMarker)));
    const QStringList lines = script.split(QLatin1Char('\n'));
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        if (!line.startsWith(QLatin1String("--")))
            return false;
        if (marker.match(line).hasMatch())
            return true;
    }
    return false;
}

QString MigrationSet::bundledDirectory()
{
    return QStringLiteral(":/migrations");
}

Result<MigrationSet> MigrationSet::load(const QString &directory)
{
    QDir dir(directory);
    if (!dir.exists())
        return fail(Error::Kind::Usage,
                    QStringLiteral("The migrations folder %1 does not exist.").arg(directory));
    const QStringList names = dir.entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name);
    QList<std::pair<QString, QByteArray>> files;
    for (const QString &name : names) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return fail(
                Error::Kind::Environment,
                QStringLiteral("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
        files.append({ name, file.readAll() });
    }
    return fromFiles(files, directory);
}

MigrationSet MigrationSet::fromFiles(const QList<std::pair<QString, QByteArray>> &files,
                                     const QString &directory)
{
    MigrationSet set;
    set.m_directory = directory;
    QMap<int, Migration> forwards;
    QMap<int, MigrationScript> rollbacks;
    QSet<int> brokenForwards; // a rollback of a broken forward file is not an orphan

    for (const auto &[name, bytes] : files) {
        Result<MigrationFileName> parsed = parseMigrationFileName(name);
        if (!parsed) {
            set.m_problems.append({ name, parsed.error().message });
            continue;
        }
        const QString path = directory.isEmpty() ? name : QDir(directory).filePath(name);
        Result<MigrationScript> script = parseScript(name, path, bytes);
        if (!script) {
            set.m_problems.append({ name, script.error().message });
            if (!parsed->rollback)
                brokenForwards.insert(parsed->version);
            continue;
        }
        if (parsed->rollback) {
            if (rollbacks.contains(parsed->version)) {
                set.m_problems.append(
                    { name,
                      QStringLiteral("is a second rollback for version %1 (the other is %2).")
                          .arg(parsed->version)
                          .arg(rollbacks.value(parsed->version).fileName) });
                continue;
            }
            rollbacks.insert(parsed->version, *script);
            continue;
        }
        if (forwards.contains(parsed->version)) {
            set.m_problems.append(
                { name,
                  QStringLiteral("has version %1, like %2; each version needs one number of its "
                                 "own.")
                      .arg(parsed->version)
                      .arg(forwards.value(parsed->version).forward.fileName) });
            continue;
        }
        Migration migration;
        migration.version = parsed->version;
        migration.description = parsed->description;
        migration.checksum = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        migration.forward = std::move(*script);
        forwards.insert(parsed->version, std::move(migration));
    }

    for (auto it = rollbacks.begin(); it != rollbacks.end(); ++it) {
        auto forward = forwards.find(it.key());
        if (forward == forwards.end()) {
            if (brokenForwards.contains(it.key()))
                continue;
            set.m_problems.append(
                { it->fileName,
                  QStringLiteral("rolls back version %1, but there is no forward migration "
                                 "%1.")
                      .arg(it.key()) });
            continue;
        }
        forward->rollback = *it;
    }
    set.m_migrations = forwards.values();
    set.m_gaps = findGaps(set.m_migrations);
    return set;
}

const Migration *MigrationSet::find(int version) const
{
    for (const Migration &migration : m_migrations) {
        if (migration.version == version)
            return &migration;
    }
    return nullptr;
}

} // namespace bridgescope
