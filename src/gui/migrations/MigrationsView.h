#pragma once

#include "WorkspaceView.h"
#include "connection/ConnectionProfile.h"
#include "migrations/MigrationController.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QAbstractButton;

namespace Ui {
class MigrationsView;
}

namespace bridgescope {

class MigrationTableModel;

// The Migrations tab: every migration with its state, Apply and Roll back buttons that are
// enabled only where the engine's plan allows (with the reason in the tooltip when not), the
// selected migration's SQL, a log of each statement and its time, dry runs, the round-trip
// verification and drift (before each run, and on demand). All work runs on the controller's
// workers; this widget only shows and asks.
class MigrationsView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    explicit MigrationsView(QWidget *parent = nullptr);
    ~MigrationsView() override;

    // WorkspaceView
    QWidget *widget() override { return this; }
    QString title() const override { return tr("Migrations"); }
    void useConnection(const ConnectionContext &connection) override;

    void setConnection(const ConnectionProfile &profile);
    void clearConnection();
    void setDirectory(const QString &directory);

    MigrationController &controller() { return *m_controller; }
    const MigrationTableModel &model() const { return *m_model; }

    // Asks before a rollback or an override; QMessageBox::question unless a test replaces it.
    using Confirmation = std::function<bool(const QString &title, const QString &text)>;
    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }

    void selectVersion(int version);

signals:
    void schemaChanged();
    void snapshotShown(); // the table shows a fresh snapshot (tests wait on it)
    void runEnded(); // a run, dry run or verify finished and its outcome is shown

private:
    void showSnapshot(const MigrationSnapshot &snapshot);
    void showLoadError(const Error &error);
    void updateButtons();
    void updatePreview();
    void setBusy(bool busy);
    void startRun(Direction direction, std::optional<int> target, bool trial = false);
    void applyNext();
    void rollBack(std::optional<int> target);
    void dryRun();
    void chooseFolder();
    void onOverrideToggled(QAbstractButton *box, bool checked, const QString &question);
    void onRunFinished(const RunOutcome &outcome);
    void onVerifyFinished(const VerifyOutcome &outcome);

    // Drift (MigrationsDrift.cpp): the Check for drift button, and the check before each Apply
    // and Roll back that asks first when the drift touches what the run changes.
    struct PendingRun
    {
        Direction direction = Direction::Up;
        std::optional<int> target;
        QList<int> plan;
    };
    void checkDrift();
    void runAfterDriftCheck(Direction direction, std::optional<int> target);
    void onDriftChecked(const DriftOutcome &outcome);
    bool confirmDespiteDrift(const DriftReport &report, const PendingRun &run);
    // A database with tables of its own, none of the bridge's and no history: applying asks.
    bool isStrangersDatabase() const;
    bool confirmApplyToStranger(int migrations);
    void showDriftState(const QString &text);
    void resetDrift();
    void log(const QString &line);
    int selectedVersion() const; // 0: none
    PlanOptions planOptions() const;

    std::unique_ptr<Ui::MigrationsView> m_ui;
    MigrationController *m_controller = nullptr;
    MigrationTableModel *m_model = nullptr;
    std::optional<MigrationSnapshot> m_snapshot;
    Confirmation m_confirm;
    QString m_runningStatement;
    bool m_lastRunTrial = false;
    std::optional<PendingRun> m_runAfterDrift;
};

} // namespace bridgescope
