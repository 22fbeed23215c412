// The Migrations tab's drift: the Check for drift button, the line above the table, and the
// check that runs before every Apply and Roll back, asking first when the database has drifted
// where the run will change it, and when the database is not one of BridgeScope's.
#include "Counted.h"
#include "migrations/DriftPane.h"
#include "migrations/MigrationsView.h"
#include "ui_MigrationsView.h"

#include <QDateTime>
#include <QSet>

namespace bridgescope {

namespace {

QString timeStamp()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

void MigrationsView::resetDrift()
{
    m_runAfterDrift.reset();
    m_ui->driftPane->showMessage(tr("Check for drift compares the database with what its applied "
                                    "migrations make, in an empty database."));
    showDriftState(tr("Drift not checked yet: it is checked before each Apply and Roll back, or "
                      "with Check for drift."));
}

void MigrationsView::showDriftState(const QString &text)
{
    m_ui->driftLabel->setText(text);
}

void MigrationsView::checkDrift()
{
    m_runAfterDrift.reset();
    m_ui->detailTabs->setCurrentWidget(m_ui->driftPane);
    m_ui->driftPane->showMessage(tr("Replaying the applied migrations in an empty database…"));
    m_ui->runStatusLabel->setText(tr("Checking for drift…"));
    m_controller->checkDrift();
}

bool MigrationsView::isStrangersDatabase() const
{
    return m_snapshot && m_snapshot->status.currentVersion == 0
        && m_snapshot->status.count(MigrationState::Failed) == 0
        && m_snapshot->footprint.isStrangers();
}

bool MigrationsView::confirmApplyToStranger(int migrations)
{
    if (!isStrangersDatabase())
        return true;
    const DatabaseFootprint &footprint = m_snapshot->footprint;
    const QString question
        = tr("Database %1 is not one of BridgeScope's: it %2, and no migration applied.\n\n"
             "Applying %3 creates the OmniNode Bridge tables and their indexes in it, beside "
             "its own tables, and a history in schema bridgescope.\n\nApply to %1?")
              .arg(footprint.database, footprint.describe(),
                   counted(migrations, tr("migration"), tr("migrations")));
    if (m_confirm(tr("Apply to %1").arg(footprint.database), question))
        return true;
    log(tr("— %1 nothing applied: %2 is not one of BridgeScope's databases —")
            .arg(timeStamp(), footprint.database));
    return false;
}

void MigrationsView::runAfterDriftCheck(Direction direction, std::optional<int> target)
{
    if (!m_snapshot)
        return;
    PlanOptions options = planOptions();
    options.target = target;
    const Result<QList<int>> plan = direction == Direction::Up
        ? planUp(m_snapshot->status, options)
        : planDown(m_snapshot->status, options);
    if (!plan || plan->isEmpty()) {
        startRun(direction, target); // the engine says why, in the log
        return;
    }
    if (direction == Direction::Up && !confirmApplyToStranger(int(plan->size())))
        return;
    m_runAfterDrift = PendingRun { direction, target, *plan };
    m_ui->detailTabs->setCurrentWidget(m_ui->logTab);
    log(tr("— %1 checking for drift before %2 —")
            .arg(timeStamp(), direction == Direction::Up ? tr("applying") : tr("rolling back")));
    m_ui->runStatusLabel->setText(tr("Checking for drift before running…"));
    m_controller->checkDrift();
}

bool MigrationsView::confirmDespiteDrift(const DriftReport &report, const PendingRun &run)
{
    QSet<int> touching;
    QStringList migrations;
    for (int version : run.plan) {
        const DriftTouch *touch = report.touch(version, run.direction);
        if (!touch)
            continue;
        if (!touch->unknown.isEmpty())
            log(tr("    what %1 changes is not known: it fails in an empty database (%2)")
                    .arg(touch->label, touch->unknown));
        if (!touch->findings.isEmpty())
            migrations << touch->label;
        for (int index : touch->findings)
            touching.insert(index);
    }
    if (touching.isEmpty()) {
        log(tr("    %1 elsewhere; none touches what this run changes.")
                .arg(counted(report.findings.size(), tr("difference"), tr("differences"))));
        return true;
    }
    QList<int> ordered = touching.values();
    std::sort(ordered.begin(), ordered.end());
    QStringList lines;
    for (int index : ordered)
        lines << QStringLiteral("• ") + report.findings.at(index).difference.explain();
    const QString question
        = tr("The database has drifted from its migrations where %1 will change it:\n\n%2\n\n"
             "The run may fail, or succeed on a schema its author did not expect. The Drift tab "
             "has the SQL that would bring either side in line. %3 anyway?")
              .arg(migrations.join(QLatin1String(", ")), lines.join(QLatin1Char('\n')),
                   run.direction == Direction::Up ? tr("Apply") : tr("Roll back"));
    for (const QString &line : lines)
        log(QStringLiteral("    ") + line);
    return m_confirm(run.direction == Direction::Up ? tr("Apply despite the drift")
                                                    : tr("Roll back despite the drift"),
                     question);
}

void MigrationsView::onDriftChecked(const DriftOutcome &outcome)
{
    const Result<DriftReport> &report = outcome.report;
    std::optional<PendingRun> pending = std::exchange(m_runAfterDrift, std::nullopt);
    QString status;
    if (!report) {
        status = report.error().message;
        m_ui->driftPane->showMessage(status);
        showDriftState(tr("Drift not checked: %1").arg(status));
    } else {
        m_ui->driftPane->showReport(*report);
        status = report->summary();
        if (!report->compared())
            showDriftState(status);
        else if (!report->hasDrift())
            showDriftState(tr("<span style='color:#26a269'>●</span> No drift: the database is "
                              "what its %1 make.")
                               .arg(counted(report->applied.size(), tr("applied migration"),
                                            tr("applied migrations"))));
        else
            showDriftState(
                tr("<span style='color:#c64600'>●</span> <b>%1</b> between the "
                   "database and its applied migrations (see Drift).")
                    .arg(counted(report->findings.size(), tr("difference"), tr("differences"))));
    }
    if (!pending) {
        m_ui->runStatusLabel->setText(status);
        emit runEnded();
        return;
    }

    if (!report && report.error().kind == Error::Kind::Cancelled) {
        log(tr("Cancelled before running: nothing was run."));
        m_ui->runStatusLabel->setText(tr("Cancelled before running: nothing was run."));
        emit runEnded();
        return;
    }
    if (!report)
        log(tr("    drift not checked (%1); running anyway").arg(status));
    else if (!report->compared())
        log(QStringLiteral("    ") + status);
    else if (!report->hasDrift())
        log(tr("    no drift"));
    else if (!confirmDespiteDrift(*report, *pending)) {
        log(tr("Not run: the drift was left to look at first."));
        m_ui->runStatusLabel->setText(tr("Not run: the database has drifted where the run would "
                                         "change it (see Drift)."));
        m_ui->detailTabs->setCurrentWidget(m_ui->driftPane);
        emit runEnded();
        return;
    }
    startRun(pending->direction, pending->target);
}

} // namespace bridgescope
