#include "migrations/MigrationsView.h"

#include "Counted.h"
#include "DestructiveQuestion.h"
#include "FlowLayout.h"
#include "migrations/MigrationTableModel.h"
#include "migrations/RollbackSummary.h"
#include "migrations/SqlHighlighter.h"
#include "ui_MigrationsView.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSignalBlocker>
#include <QStringDecoder>

namespace bridgescope {

namespace {

QString firstLine(const QString &sql)
{
    const QString line = sql.section(QLatin1Char('\n'), 0, 0).trimmed();
    return line.size() > 90 ? line.left(89) + QChar(0x2026) : line;
}

QString scriptText(const MigrationScript &script)
{
    return script.isValid() ? QStringDecoder(QStringDecoder::Utf8).decode(script.bytes) : QString();
}

} // namespace

MigrationsView::MigrationsView(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::MigrationsView>())
    , m_controller(new MigrationController(this))
    , m_model(new MigrationTableModel(this))
{
    m_ui->setupUi(this);
    // The rows of buttons and options wrap in a narrow window rather than cutting their words.
    FlowLayout::replace(m_ui->buttonLayout);
    FlowLayout::replace(m_ui->overrideLayout);
    m_confirm = [this](const QString &title, const QString &text) {
        return askBeforeDestroying(this, title, text);
    };
    m_ui->migrationTable->setModel(m_model);
    m_ui->migrationTable->verticalHeader()->hide();
    m_ui->migrationTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_ui->migrationTable->horizontalHeader()->setStretchLastSection(false);
    m_ui->migrationTable->horizontalHeader()->setSectionResizeMode(MigrationTableModel::Description,
                                                                   QHeaderView::Stretch);
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    for (QPlainTextEdit *edit : { m_ui->forwardSqlEdit, m_ui->rollbackSqlEdit })
        new SqlHighlighter(edit->document());
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *edit :
         { m_ui->forwardSqlEdit, m_ui->rollbackSqlEdit, m_ui->logEdit, m_ui->verifyEdit })
        edit->setFont(fixed);
    m_ui->acceptChangedCheck->hide();
    m_ui->allowOutOfOrderCheck->hide();

    connect(m_ui->migrationTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] {
                updatePreview();
                updateButtons();
            });
    connect(m_ui->applyNextButton, &QPushButton::clicked, this, &MigrationsView::applyNext);
    connect(m_ui->applyAllButton, &QPushButton::clicked, this,
            [this] { runAfterDriftCheck(Direction::Up, std::nullopt); });
    connect(m_ui->applyToSelectedButton, &QPushButton::clicked, this,
            [this] { runAfterDriftCheck(Direction::Up, selectedVersion()); });
    connect(m_ui->rollbackLastButton, &QPushButton::clicked, this,
            [this] { rollBack(std::nullopt); });
    connect(m_ui->rollbackToSelectedButton, &QPushButton::clicked, this,
            [this] { rollBack(selectedVersion()); });
    connect(m_ui->dryRunButton, &QPushButton::clicked, this, &MigrationsView::dryRun);
    connect(m_ui->verifyButton, &QPushButton::clicked, this, [this] {
        m_ui->verifyEdit->clear();
        m_ui->detailTabs->setCurrentWidget(m_ui->verifyTab);
        m_ui->runStatusLabel->setText(tr("Verifying the round trip in a scratch database…"));
        m_controller->verify();
    });
    connect(m_ui->driftButton, &QPushButton::clicked, this, &MigrationsView::checkDrift);
    connect(m_ui->refreshButton, &QPushButton::clicked, m_controller,
            &MigrationController::refresh);
    connect(m_ui->folderButton, &QPushButton::clicked, this, &MigrationsView::chooseFolder);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, [this] {
        m_ui->runStatusLabel->setText(tr("Cancelling…"));
        m_controller->cancel();
    });
    connect(m_ui->acceptChangedCheck, &QCheckBox::toggled, this, [this](bool checked) {
        onOverrideToggled(m_ui->acceptChangedCheck, checked,
                          tr("Some applied migrations were edited after they were applied. Run "
                             "anyway, keeping the database as those files were when applied?"));
    });
    connect(m_ui->allowOutOfOrderCheck, &QCheckBox::toggled, this, [this](bool checked) {
        onOverrideToggled(m_ui->allowOutOfOrderCheck, checked,
                          tr("Apply pending migrations that are older than the current version? "
                             "They run after newer ones, which their authors may not expect."));
    });

    connect(m_controller, &MigrationController::snapshotLoaded, this,
            &MigrationsView::showSnapshot);
    connect(m_controller, &MigrationController::loadFailed, this, &MigrationsView::showLoadError);
    connect(m_controller, &MigrationController::busyChanged, this, &MigrationsView::setBusy);
    connect(m_controller, &MigrationController::runFinished, this, &MigrationsView::onRunFinished);
    connect(m_controller, &MigrationController::verifyFinished, this,
            &MigrationsView::onVerifyFinished);
    connect(m_controller, &MigrationController::driftChecked, this,
            &MigrationsView::onDriftChecked);
    connect(m_controller, &MigrationController::schemaChanged, this,
            &MigrationsView::schemaChanged);

    RunProgressRelay *progress = m_controller->progress();
    connect(progress, &RunProgressRelay::lockWaiting, this, [this](const QString &holder) {
        m_ui->runStatusLabel->setText(
            tr("Waiting for the migration lock, held by %1…").arg(holder));
        log(tr("Waiting for the migration lock, held by %1").arg(holder));
    });
    connect(progress, &RunProgressRelay::migrationStarted, this,
            [this](int index, int count, int version, const QString &label) {
                m_ui->runProgress->setRange(0, count);
                m_ui->runProgress->setValue(index);
                m_ui->runProgress->setFormat(tr("%1 of %2").arg(index + 1).arg(count));
                m_model->setRunning(version);
                const int row = m_model->rowOfVersion(version);
                if (row >= 0)
                    m_ui->migrationTable->scrollTo(m_model->index(row, 0));
                log(QStringLiteral("▶ %1").arg(label));
            });
    connect(progress, &RunProgressRelay::statementStarted, this,
            [this](int version, int line, const QString &sql) {
                m_runningStatement = firstLine(sql);
                m_ui->runStatusLabel->setText(tr("%1, line %2: %3")
                                                  .arg(formatVersion(version))
                                                  .arg(line)
                                                  .arg(m_runningStatement));
            });
    connect(progress, &RunProgressRelay::statementFinished, this, [this](int, int line, qint64 ms) {
        log(tr("    line %1 · %2 ms · %3").arg(line).arg(ms).arg(m_runningStatement));
    });
    connect(progress, &RunProgressRelay::migrationFinished, this,
            [this](int version, qint64 ms, int statements) {
                m_ui->runProgress->setValue(m_ui->runProgress->value() + 1);
                // Each migration commits on its own: show the table as the database has it now.
                m_controller->refresh();
                log(tr("✔ %1 done: %2 statements in %3 ms")
                        .arg(formatVersion(version))
                        .arg(statements)
                        .arg(ms));
            });
    connect(progress, &RunProgressRelay::verifyStage, this, [this](const QString &stage) {
        m_ui->verifyEdit->appendPlainText(stage);
        m_ui->runStatusLabel->setText(tr("Verify: %1").arg(stage));
    });
    connect(progress, &RunProgressRelay::driftStage, this, [this](const QString &stage) {
        m_ui->runStatusLabel->setText(tr("Drift: %1").arg(stage));
    });
    updateButtons();
    connect(this, &MigrationsView::schemaChanged, this, [this] {
        if (router())
            router()->announce(DatabaseChange::Schema);
    });
}

MigrationsView::~MigrationsView() = default;

void MigrationsView::setConnection(const ConnectionProfile &profile)
{
    m_snapshot.reset();
    m_model->setStatus({});
    m_ui->versionLabel->setText(tr("Reading the migration history…"));
    resetDrift();
    m_controller->setConnection(profile);
    updateButtons();
}

void MigrationsView::clearConnection()
{
    m_controller->clearConnection();
    m_snapshot.reset();
    m_model->setStatus({});
    m_ui->versionLabel->setText(tr("Not connected"));
    m_ui->lockBanner->hide();
    resetDrift();
    updateButtons();
}

void MigrationsView::setDirectory(const QString &directory)
{
    m_controller->setDirectory(directory);
}

void MigrationsView::selectVersion(int version)
{
    const int row = m_model->rowOfVersion(version);
    if (row >= 0)
        m_ui->migrationTable->selectRow(row);
}

int MigrationsView::selectedVersion() const
{
    const QModelIndex current = m_ui->migrationTable->selectionModel()->currentIndex();
    return current.isValid() ? current.data(MigrationTableModel::VersionRole).toInt() : 0;
}

PlanOptions MigrationsView::planOptions() const
{
    PlanOptions options;
    options.acceptChanged = m_ui->acceptChangedCheck->isChecked();
    options.allowOutOfOrder = m_ui->allowOutOfOrderCheck->isChecked();
    return options;
}

void MigrationsView::showSnapshot(const MigrationSnapshot &snapshot)
{
    const int selected = selectedVersion();
    m_snapshot = snapshot;
    m_model->setStatus(snapshot.status);
    m_ui->migrationTable->resizeColumnsToContents();
    m_ui->migrationTable->horizontalHeader()->setSectionResizeMode(MigrationTableModel::Description,
                                                                   QHeaderView::Stretch);
    if (selected)
        selectVersion(selected);

    const MigrationStatus &status = snapshot.status;
    const QString source = m_controller->directory() == MigrationSet::bundledDirectory()
        ? tr("the bundled OmniNode Bridge chain")
        : m_controller->directory();
    QStringList counts { tr("%1 applied").arg(status.count(MigrationState::Applied)),
                         tr("%1 pending")
                             .arg(status.count(MigrationState::Pending)
                                  + status.count(MigrationState::OutOfOrder)) };
    for (auto [state, name] : { std::pair { MigrationState::Failed, tr("failed") },
                                std::pair { MigrationState::Changed, tr("changed") },
                                std::pair { MigrationState::FileMissing, tr("without file") } }) {
        if (const int n = status.count(state))
            counts << QStringLiteral("%1 %2").arg(n).arg(name);
    }
    QString text = tr("<b>Database at version %1</b> — %2 · migrations from %3")
                       .arg(formatVersion(status.currentVersion), counts.join(QLatin1String(", ")),
                            source.toHtmlEscaped());
    for (int gap : status.gaps)
        text += tr("<br>Gap: the folder has no migration %1.").arg(formatVersion(gap));
    for (const MigrationProblem &problem : status.problems)
        text += tr("<br>Problem: %1 %2")
                    .arg(problem.fileName.toHtmlEscaped(), problem.message.toHtmlEscaped());
    if (isStrangersDatabase())
        text += tr("<br>Not one of BridgeScope's: database %1 %2, and no migration applied. "
                   "Applying asks first.")
                    .arg(snapshot.footprint.database.toHtmlEscaped(),
                         snapshot.footprint.describe().toHtmlEscaped());
    m_ui->versionLabel->setText(text);

    if (snapshot.lockHolder && !m_controller->isBusy()) {
        m_ui->lockBanner->setText(
            tr("Another migration run holds the lock: %1. Apply and Roll back wait for it; this "
               "tab refreshes when it ends.")
                .arg(snapshot.lockHolder->describe()));
        m_ui->lockBanner->show();
    } else {
        m_ui->lockBanner->hide();
    }
    m_ui->acceptChangedCheck->setVisible(status.count(MigrationState::Changed) > 0
                                         || m_ui->acceptChangedCheck->isChecked());
    m_ui->allowOutOfOrderCheck->setVisible(status.count(MigrationState::OutOfOrder) > 0
                                           || m_ui->allowOutOfOrderCheck->isChecked());
    updatePreview();
    updateButtons();
    emit snapshotShown();
}

void MigrationsView::showLoadError(const Error &error)
{
    m_ui->versionLabel->setText(
        tr("Could not read the migrations: %1").arg(error.message.toHtmlEscaped()));
    updateButtons();
    emit snapshotShown();
}

void MigrationsView::updateButtons()
{
    const bool ready = m_snapshot.has_value() && !m_controller->isBusy();
    const int selected = selectedVersion();
    const PlanOptions base = planOptions();
    const MigrationStatus empty;
    const MigrationStatus &status = m_snapshot ? m_snapshot->status : empty;

    auto decide = [&](QPushButton *button, const Result<QList<int>> &plan, const QString &what,
                      const QString &nothing) {
        QString why;
        if (!m_snapshot)
            why = tr("Not connected.");
        else if (m_controller->isBusy())
            why = tr("A run is in progress.");
        else if (!plan)
            why = plan.error().message;
        else if (plan->isEmpty())
            why = nothing;
        button->setEnabled(ready && why.isEmpty());
        button->setToolTip(why.isEmpty() ? what : why);
    };

    const Result<QList<int>> all = planUp(status, base);
    PlanOptions next = base;
    if (all && !all->isEmpty())
        next.target = all->first();
    decide(m_ui->applyNextButton, all && !all->isEmpty() ? planUp(status, next) : all,
           all && !all->isEmpty() ? tr("Apply %1").arg(formatVersion(all->first())) : QString(),
           tr("Nothing to apply."));
    decide(m_ui->applyAllButton, all, tr("Apply every pending migration"), tr("Nothing to apply."));

    const MigrationStatusRow *row = selected ? status.row(selected) : nullptr;
    PlanOptions upTo = base;
    upTo.target = selected;
    decide(m_ui->applyToSelectedButton,
           !row               ? Result<QList<int>>(QList<int> {})
               : row->applied ? Result<QList<int>>(QList<int> {})
                              : planUp(status, upTo),
           tr("Apply pending migrations up to and including %1").arg(formatVersion(selected)),
           row ? tr("%1 is already applied.").arg(formatVersion(selected))
               : tr("Select a pending migration."));
    decide(m_ui->rollbackLastButton, planDown(status, base),
           tr("Roll back %1").arg(formatVersion(status.currentVersion)), tr("Nothing is applied."));
    PlanOptions downTo = base;
    downTo.target = selected;
    decide(m_ui->rollbackToSelectedButton,
           row && row->applied ? planDown(status, downTo) : Result<QList<int>>(QList<int> {}),
           tr("Roll back every migration after %1").arg(formatVersion(selected)),
           row && row->applied ? tr("Nothing is applied after %1.").arg(formatVersion(selected))
                               : tr("Select an applied migration to roll back to."));
    const bool canDryRun = row && !row->fileName.isEmpty();
    m_ui->dryRunButton->setEnabled(ready && canDryRun);
    m_ui->verifyButton->setEnabled(ready);
    m_ui->driftButton->setEnabled(ready);
    m_ui->folderButton->setEnabled(!m_controller->isBusy());
    // A history that could not be read (no rights yet, the server away) can be read again.
    m_ui->refreshButton->setEnabled(m_controller->hasConnection() && !m_controller->isBusy());
}

void MigrationsView::updatePreview()
{
    const int version = selectedVersion();
    const Migration *migration = m_snapshot && version ? m_snapshot->set.find(version) : nullptr;
    if (!migration) {
        m_ui->forwardSqlEdit->setPlainText(version ? tr("-- No file for this version.")
                                                   : QString());
        m_ui->rollbackSqlEdit->clear();
        return;
    }
    m_ui->forwardSqlEdit->setPlainText(scriptText(migration->forward));
    m_ui->rollbackSqlEdit->setPlainText(
        migration->rollback.isValid()
            ? scriptText(migration->rollback)
            : tr("-- %1 has no rollback file, so it cannot be rolled back.")
                  .arg(migration->forward.fileName));
}

void MigrationsView::setBusy(bool busy)
{
    m_ui->cancelButton->setEnabled(busy);
    m_ui->runProgress->setVisible(busy);
    m_ui->lockBanner->setVisible(false);
    if (!busy)
        m_model->setRunning(0);
    updateButtons();
}

void MigrationsView::startRun(Direction direction, std::optional<int> target, bool trial)
{
    RunOptions options;
    static_cast<PlanOptions &>(options) = planOptions();
    options.target = target;
    options.trial = trial;
    m_lastRunTrial = trial;
    m_ui->runProgress->setRange(0, 0);
    m_ui->detailTabs->setCurrentWidget(m_ui->logTab);
    log(QStringLiteral("— %1 %2 —")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")),
                 trial                            ? tr("dry run (rolled back at the end)")
                     : direction == Direction::Up ? tr("apply")
                                                  : tr("roll back")));
    m_ui->runStatusLabel->setText(tr("Starting…"));
    m_controller->run(direction, options);
}

void MigrationsView::applyNext()
{
    if (!m_snapshot)
        return;
    const Result<QList<int>> plan = planUp(m_snapshot->status, planOptions());
    if (plan && !plan->isEmpty())
        runAfterDriftCheck(Direction::Up, plan->first());
}

void MigrationsView::rollBack(std::optional<int> target)
{
    if (!m_snapshot)
        return;
    PlanOptions options = planOptions();
    options.target = target;
    const Result<QList<int>> plan = planDown(m_snapshot->status, options);
    if (!plan || plan->isEmpty())
        return;
    QStringList lines;
    for (int version : *plan) {
        const Migration *migration = m_snapshot->set.find(version);
        QStringList drops = summarizeDrops(migration->rollback);
        if (drops.isEmpty())
            drops << tr("runs %1 (no DROP statements recognised; see its SQL)")
                         .arg(migration->rollback.fileName);
        lines << QStringLiteral("%1:\n  • %2")
                     .arg(migration->label(), drops.join(QLatin1String("\n  • ")));
    }
    const QString question
        = tr("Roll back %1? This drops:\n\n%2\n\nData in dropped tables and columns is lost.")
              .arg(counted(plan->size(), tr("migration"), tr("migrations")),
                   lines.join(QLatin1String("\n")));
    if (!m_confirm(tr("Roll back migrations"), question))
        return;
    runAfterDriftCheck(Direction::Down, target);
}

void MigrationsView::dryRun()
{
    const int version = selectedVersion();
    const MigrationStatusRow *row = m_snapshot ? m_snapshot->status.row(version) : nullptr;
    if (!row)
        return;
    if (row->applied)
        startRun(Direction::Down, version - 1, true);
    else
        startRun(Direction::Up, version, true);
}

void MigrationsView::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Folder of migrations (NNN_name.sql, NNN_rollback_name.sql)"));
    if (!folder.isEmpty())
        m_controller->setDirectory(folder);
}

void MigrationsView::onOverrideToggled(QAbstractButton *box, bool checked, const QString &question)
{
    if (checked && !m_confirm(box->text().remove(QLatin1Char('&')), question)) {
        const QSignalBlocker block(box);
        box->setChecked(false);
    }
    updateButtons();
}

void MigrationsView::onRunFinished(const RunOutcome &outcome)
{
    const Result<RunReport> &report = outcome.report;
    if (!report) {
        log(QStringLiteral("✖ %1").arg(report.error().message));
        m_ui->runStatusLabel->setText(report.error().message);
        emit runEnded();
        return;
    }
    QString summary;
    // The drift line was of the database before the run: once the run has changed it, the
    // line would name a version it is no longer at.
    if (!report->done.isEmpty() && !report->trial)
        showDriftState(tr("Drift not checked since the last run changed the database: it is "
                          "checked before each Apply and Roll back, or with Check for drift."));
    if (report->failure) {
        const MigrationFailure &failure = *report->failure;
        log(QStringLiteral("✖ %1").arg(failure.describe()));
        log(tr("    statement: %1").arg(firstLine(failure.statement)));
        if (!failure.error.detail.isEmpty())
            log(QStringLiteral("    ")
                + QString(failure.error.detail)
                      .replace(QLatin1Char('\n'), QLatin1String("\n    ")));
        summary = failure.error.kind == Error::Kind::Cancelled && !failure.partial
            ? tr("Cancelled: %1 was rolled back; the database is as it was before it.")
                  .arg(failure.fileName)
            : failure.partial
            ? tr("%1 failed partway; see the log.").arg(failure.fileName)
            : tr("%1 failed and was rolled back; the database is as it was before it.")
                  .arg(failure.fileName);
    } else if (report->stopped) {
        summary = tr("Stopped after %1.")
                      .arg(counted(report->done.size(), tr("migration"), tr("migrations")));
    } else if (report->trial) {
        summary = tr("Dry run: %1 ran and rolled back; nothing changed.")
                      .arg(counted(report->done.size(), tr("migration"), tr("migrations")));
    } else if (report->done.isEmpty()) {
        summary = tr("Nothing to do.");
    } else {
        summary = tr("%1 %2.").arg(report->direction == Direction::Up ? tr("Applied")
                                                                      : tr("Rolled back"),
                                   counted(report->done.size(), tr("migration"), tr("migrations")));
    }
    log(summary);
    m_ui->runStatusLabel->setText(summary);
    emit runEnded();
}

void MigrationsView::onVerifyFinished(const VerifyOutcome &outcome)
{
    const Result<VerifyReport> &report = outcome.report;
    QString summary;
    if (!report) {
        summary = report.error().message;
    } else if (report->failure) {
        summary
            = tr("A migration failed in the scratch database: %1").arg(report->failure->describe());
    } else if (!report->ok()) {
        for (const VerifyFinding &finding : report->findings)
            m_ui->verifyEdit->appendPlainText(
                QStringLiteral("✖ %1: %2").arg(finding.stage, finding.difference.describe()));
        summary = tr("The round trip found %1.")
                      .arg(counted(report->findings.size(), tr("catalog difference"),
                                   tr("catalog differences")));
    } else {
        summary = tr("Round trip passed: %1 migrations applied, rolled back and applied again "
                     "with identical catalogs (scratch database %2, dropped).")
                      .arg(report->migrations)
                      .arg(report->scratchDatabase);
    }
    m_ui->verifyEdit->appendPlainText(summary);
    m_ui->runStatusLabel->setText(summary);
    emit runEnded();
}

void MigrationsView::log(const QString &line)
{
    m_ui->logEdit->appendPlainText(line);
}

void MigrationsView::useConnection(const ConnectionContext &connection)
{
    setConnection(connection.profile);
}

} // namespace bridgescope
