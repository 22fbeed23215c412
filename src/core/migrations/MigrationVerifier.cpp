#include "migrations/MigrationVerifier.h"

#include "connection/ConnectionProfile.h"
#include "connection/Session.h"
#include "migrations/MigrationSet.h"
#include "migrations/ScratchDatabase.h"

#include <QSet>

namespace bridgescope {

namespace {

Status checkRoundTripPossible(const MigrationSet &set)
{
    if (!set.problems().isEmpty())
        return fail(Error::Kind::Usage,
                    QStringLiteral("The migrations folder has problems (run `bridgescope migrate "
                                   "status`); nothing was verified."));
    QStringList missing;
    for (const Migration &migration : set.migrations()) {
        if (!migration.rollback.isValid())
            missing << formatVersion(migration.version);
    }
    if (!missing.isEmpty())
        return fail(Error::Kind::Usage,
                    QStringLiteral("A round trip needs a rollback file for every migration; "
                                   "%1 have none.")
                        .arg(missing.join(QLatin1String(", "))));
    return {};
}

// Records differences, each object once, at the step where it first appeared: a rollback that
// leaves a column behind would otherwise be reported again after every later rollback.
class FindingLog
{
public:
    explicit FindingLog(VerifyReport &report)
        : m_report(report)
    { }

    void check(const QString &stage, const CatalogSnapshot &expected, const CatalogSnapshot &actual)
    {
        for (const CatalogDifference &difference : compareCatalogs(expected, actual)) {
            if (m_seen.contains(difference.object))
                continue;
            m_seen.insert(difference.object);
            m_report.findings.append({ stage, difference });
        }
    }

private:
    VerifyReport &m_report;
    QSet<QString> m_seen;
};

} // namespace

Result<VerifyReport> verifyRoundTrip(const ConnectionProfile &profile, const MigrationSet &set,
                                     const std::function<void(const QString &)> &progress)
{
    if (Status possible = checkRoundTripPossible(set); !possible)
        return std::unexpected(possible.error());
    Result<std::unique_ptr<ScratchDatabase>> scratch = ScratchDatabase::create(
        profile, QStringLiteral("verify"), ScratchDatabase::Fallback::None);
    if (!scratch)
        return std::unexpected(scratch.error());
    Session &session = (*scratch)->session();

    VerifyReport report;
    report.migrations = int(set.migrations().size());
    report.scratchDatabase = (*scratch)->name();
    MigrationRunner runner(session, set);
    FindingLog log(report);

    auto step = [&](Direction direction, int target,
                    const QString &stage) -> Result<std::optional<CatalogSnapshot>> {
        if (progress)
            progress(stage);
        report.stages << stage;
        RunOptions options;
        options.target = target;
        Result<RunReport> run = runner.run(direction, options);
        if (!run)
            return std::unexpected(run.error());
        if (run->failure) {
            report.failure = run->failure;
            return std::optional<CatalogSnapshot> {};
        }
        Result<CatalogSnapshot> catalog = readCatalog(session);
        if (!catalog)
            return std::unexpected(catalog.error());
        return std::optional<CatalogSnapshot>(*catalog);
    };

    Result<CatalogSnapshot> empty = readCatalog(session);
    if (!empty)
        return std::unexpected(empty.error());
    QList<CatalogSnapshot> afterApply { *empty }; // [i]: after the first i migrations
    const QList<Migration> &migrations = set.migrations();

    for (const Migration &migration : migrations) {
        auto catalog = step(Direction::Up, migration.version,
                            QStringLiteral("apply %1").arg(migration.label()));
        if (!catalog)
            return std::unexpected(catalog.error());
        if (!*catalog)
            return report;
        afterApply << **catalog;
    }
    for (qsizetype i = migrations.size() - 1; i >= 0; --i) {
        const int previous = i > 0 ? migrations.at(i - 1).version : 0;
        const QString stage
            = QStringLiteral("rollback of %1 (expected the catalog %2)")
                  .arg(formatVersion(migrations.at(i).version),
                       i > 0 ? QStringLiteral("after %1").arg(formatVersion(previous))
                             : QStringLiteral("of the empty start"));
        auto catalog = step(Direction::Down, previous, stage);
        if (!catalog)
            return std::unexpected(catalog.error());
        if (!*catalog)
            return report;
        log.check(stage, afterApply.at(i), **catalog);
    }
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        const QString stage = QStringLiteral("re-apply of %1 (expected the first pass's catalog)")
                                  .arg(formatVersion(migrations.at(i).version));
        auto catalog = step(Direction::Up, migrations.at(i).version, stage);
        if (!catalog)
            return std::unexpected(catalog.error());
        if (!*catalog)
            return report;
        log.check(stage, afterApply.at(i + 1), **catalog);
    }
    return report;
}

} // namespace bridgescope
