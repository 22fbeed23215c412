#pragma once

#include "WorkspaceView.h"
#include "connection/ConnectionProfile.h"
#include "workflows/WorkflowLookup.h"
#include "workflows/WorkflowStats.h"
#include "workflows/WorkflowTrace.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTreeWidget;
class QTreeWidgetItem;

namespace bridgescope {

class DbWorker;
class EventTableModel;
class TracePage;

// The Workflows tab: the database guide's daily questions in one place. Find takes any id the
// guide uses (or its first 8 characters) and traces the workflow; Failures groups the failed
// workflows of a range by error; Sessions follows a session's events; Namespaces compares the
// tenants. Every query runs on the tab's own worker; an answer to an older question is dropped.
class WorkflowsView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    explicit WorkflowsView(QWidget *parent = nullptr);
    ~WorkflowsView() override;

    // WorkspaceView
    QWidget *widget() override { return this; }
    QString title() const override { return tr("Workflows"); }
    void useConnection(const ConnectionContext &connection) override;
    void databaseChanged(DatabaseChange change) override;

    void setConnection(const ConnectionProfile &profile);
    void clearConnection();

    void find(const QString &text);
    void traceWorkflow(const QString &workflowRowId,
                       MatchKind matchedBy = MatchKind::WorkflowRowId);
    void showSession(const QString &sessionId);
    void loadFailures();
    void loadNamespaces();
    void loadRecentSessions(); // the Sessions page's list to pick from
    QTreeWidget *recentSessions() const { return m_recentSessions; }
    void setRefreshInterval(int milliseconds) { m_refresh.setInterval(milliseconds); }

    TracePage *tracePage() const { return m_trace; }
    QTreeWidget *failureTree() const { return m_failures; }
    QTreeWidget *matchList() const { return m_matches; }
    QTreeWidget *namespaceTree() const { return m_namespaces; }
    QString statusText() const;

signals:
    void recentSessionsShown();
    void answered(); // a find, trace, list or payload is on screen (tests wait on it)
    void openRowsRequested(const QString &schema, const QString &table, const QString &column,
                           const QString &value);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildFailuresPage();
    void buildSessionsPage();
    void buildNamespacesPage();
    void setStatus(const QString &text);
    void showMatches(const LookupResult &found);
    void expandGroup(QTreeWidgetItem *item);
    void readPayload(const PayloadRef &ref);
    void readMoreEvents();
    TimeRange failureRange() const;

    std::optional<ConnectionProfile> m_profile;
    DbWorker *m_worker = nullptr;
    quint64 m_generation = 0; // bumped by every new question of the same kind
    // Bumped when the connection goes: answers of the old one's jobs (failures, namespaces,
    // a group's workflows) are not shown over the new one's.
    quint64 m_connection = 0;
    QLineEdit *m_findEdit = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_matches = nullptr;
    QTabWidget *m_pages = nullptr;
    TracePage *m_trace = nullptr;
    QTreeWidget *m_failures = nullptr;
    QComboBox *m_failureRange = nullptr;
    QComboBox *m_failureNamespace = nullptr;
    QList<FailureGroup> m_groups;
    QTreeWidget *m_recentSessions = nullptr;
    QLabel *m_sessionLabel = nullptr;
    QTableView *m_sessionEvents = nullptr;
    EventTableModel *m_sessionModel = nullptr;
    QTreeWidget *m_sessionWorkflows = nullptr;
    QTreeWidget *m_namespaces = nullptr;
    QComboBox *m_namespaceRange = nullptr;
    QTimer m_refresh; // re-reads a PROCESSING workflow while it is on screen
};

} // namespace bridgescope
