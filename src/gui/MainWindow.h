#pragma once

#include "WorkspaceView.h"
#include "connection/ConnectionProfile.h"
#include "connection/LocalCluster.h"
#include "connection/Session.h"

#include <QFuture>
#include <QMainWindow>

#include <memory>
#include <optional>

class QLabel;
class QTimer;
class QSettings;

namespace Ui {
class MainWindow;
}

namespace bridgescope {

class ConnectionController;
class DbWorker;
class NavigatorView;
class PasswordVault;
class ViewRouter;
class WorkspaceView;
class ProfileStore;

// The window: one tab per view (WorkspaceView, in one list), a connection dialog, and a status bar
// that names the server, database, user and version. Connecting is the ConnectionController's
// (keyring, password prompt, retry); the current connection stays until the new one is open,
// and stays when it fails or is cancelled.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    void connectTo(const ConnectionProfile &profile, const QString &profileName = {});
    void startDemo(const LocalClusterOptions &options);
    void disconnectFromServer();
    void showConnectionDialog();
    void showDemoDataDialog(); // "Generate demo data" on the connected database

    bool isConnected() const { return m_serverInfo.has_value(); }
    const ConnectionProfile &profile() const { return m_profile; }
    QString connectionSummary() const;

    // The demo cluster this window started (not one it found running), for main() to stop once
    // the event loop has ended. Waits for a start still in flight.
    std::optional<LocalClusterOptions> demoClusterToStop();

protected:
    void closeEvent(QCloseEvent *event) override;

signals:
    void connected(const QString &summary);
    void connectionFailed(const QString &message);

private:
    void setUpTabs(QSettings &settings);
    void setUpNavigator(QSettings &settings);
    QList<WorkspaceView *> everyView() const; // the tabs and the navigator
    void openTarget(const ViewTarget &target);
    void clearViews();
    bool viewsLetGo(); // each view's readyToDisconnect: false when one keeps the connection
    void setUpActions();
    // The new connection is open: the current one goes, the views take the new one.
    void adoptConnection(DbWorker *worker, const ConnectionProfile &profile,
                         const ServerInfo &server);
    void setStatus(const QString &text);
    void readReplication();
    void showError(const QString &title, const Error &error);
    void showAbout();

    std::unique_ptr<Ui::MainWindow> m_ui;
    std::unique_ptr<ProfileStore> m_profiles;
    PasswordVault *m_vault = nullptr;
    ConnectionController *m_connector = nullptr; // keyring, prompt, retry: one attempt at a time
    QLabel *m_connectionLabel = nullptr;
    DbWorker *m_worker = nullptr;
    ViewRouter *m_router = nullptr;
    QList<WorkspaceView *> m_views; // the tabs, in order
    NavigatorView *m_navigator = nullptr; // in a dock beside them
    quint64 m_generation = 0;
    QTimer *m_replicationTimer = nullptr; // a standby's lag (or a primary's standbys), live
    bool m_replicationPending = false;
    ConnectionProfile m_profile;
    std::optional<ServerInfo> m_serverInfo;
    struct DemoStart
    {
        bool wasRunning = false;
        bool started = false; // this window's start brought the cluster up (stop it on quit)
        Result<ConnectionProfile> profile; // the demo database, migrated
    };
    QFuture<DemoStart> m_demoStart;
    std::optional<LocalClusterOptions> m_demoOptions;
};

} // namespace bridgescope
