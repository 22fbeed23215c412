#pragma once

#include "WorkspaceView.h"
#include "connection/ConnectionProfile.h"
#include "health/ActivitySample.h"
#include "health/SessionsPane.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QLabel;
class QTabWidget;
class QTreeWidget;

namespace bridgescope {

class ActivityPane;
class DbWorker;
class ReplicationPane;
class StatementsPane;
class StoragePane;

// The Health tab: Sessions (and blocking), Storage (sizes, bloat, vacuum, wraparound, indexes),
// Activity (rates over time), Statements (pg_stat_statements) and Replication, over one worker
// connection of its own. It samples only while it is on screen, one sample at a time: the
// sessions or the standbys of the page shown and the activity counters each tick; Storage and
// Statements when their page is first shown and on Refresh.
class HealthView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    enum class Page { Sessions, Storage, Activity, Statements, Replication };

    explicit HealthView(QWidget *parent = nullptr);
    ~HealthView() override;

    // WorkspaceView
    QWidget *widget() override { return this; }
    QString title() const override { return tr("Health"); }
    void useConnection(const ConnectionContext &connection) override;
    void useSettings(QSettings &settings) override;

    void setConnection(const ConnectionProfile &profile);
    void clearConnection();
    void refresh(); // a sample of what is sampled each tick
    void refreshPage(); // the Refresh button: that, and Storage or Statements read again
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    bool isSampling() const { return m_timer.isActive(); }
    void showPage(Page page);

    void setConfirmation(SessionsPane::Confirmation confirmation);

    SessionsPane *sessionsPane() const { return m_sessions; }
    StoragePane *storagePane() const { return m_storage; }
    ActivityPane *activityPane() const { return m_activity; }
    StatementsPane *statementsPane() const { return m_statements; }
    ReplicationPane *replicationPane() const { return m_replication; }
    QTreeWidget *sessionTree() const { return m_sessions->sessionTree(); }
    QTreeWidget *blockingTree() const { return m_sessions->blockingTree(); }
    QString statusText() const;
    void selectPid(int pid) { m_sessions->selectPid(pid); }
    void cancelSelected() { m_sessions->cancelSelected(); }
    void terminateSelected() { m_sessions->terminateSelected(); }

signals:
    void refreshed(); // a sample is on screen (tests wait on it)
    void storageRead(bool ok);
    void statementsRead(bool ok);
    void signalled(bool ok); // a cancel or terminate answered
    void pageChanged(HealthView::Page page);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    Page currentPage() const;
    void pageShown();
    void readStorage();
    void readStatements();
    void signalBackend(int pid, bool terminate);

    std::optional<ConnectionProfile> m_profile;
    DbWorker *m_worker = nullptr;
    quint64 m_generation = 0;
    bool m_sampling = false; // a sample is on its way: the next tick waits for it
    bool m_statusIsError = false; // the status line shows a failed sample: clear it on success
    std::optional<ActivityCounters> m_lastCounters;
    QTimer m_timer;
    QLabel *m_role = nullptr;
    QLabel *m_status = nullptr;
    QTabWidget *m_pages = nullptr;
    SessionsPane *m_sessions = nullptr;
    StoragePane *m_storage = nullptr;
    ActivityPane *m_activity = nullptr;
    StatementsPane *m_statements = nullptr;
    ReplicationPane *m_replication = nullptr;
};

} // namespace bridgescope
