#include "MainWindow.h"

#include "ElidedLabel.h"
#include "connection/ConnectionController.h"
#include "connection/ConnectionDialog.h"
#include "connection/DbWorker.h"
#include "connection/PasswordVault.h"
#include "connection/ProfileStore.h"
#include "connection/Replication.h"
#include "connection/ServerVersion.h"
#include "console/ConsoleView.h"
#include "data/DataView.h"
#include "demo/DemoDatabase.h"
#include "diagram/SchemaView.h"
#include "health/HealthView.h"
#include "metrics/DemoDataDialog.h"
#include "metrics/MetricsView.h"
#include "migrations/MigrationsView.h"
#include "navigator/NavigatorView.h"
#include "plan/PlanView.h"
#include "ui_MainWindow.h"
#include "workflows/WorkflowsView.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFutureWatcher>
#include <QLabel>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

static void initResources()
{
    Q_INIT_RESOURCE(bridgescope);
}

namespace bridgescope {

MainWindow::MainWindow(QSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_profiles(std::make_unique<ProfileStore>(settings))
    , m_vault(new PasswordVault(this))
    , m_connector(new ConnectionController(*m_vault, this))
{
    initResources();
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/bridgescope.svg")));
    m_connectionLabel = new ElidedLabel(this); // cut with "…" in a narrow window
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    statusBar()->addPermanentWidget(m_connectionLabel);
    // Replication changes while connected (a standby falls behind, loses its primary): the
    // status bar reads it again every few seconds, only where there is replication to show.
    m_replicationTimer = new QTimer(this);
    m_replicationTimer->setInterval(5'000);
    connect(m_replicationTimer, &QTimer::timeout, this, &MainWindow::readReplication);
    connect(m_connector, &ConnectionController::connected, this, &MainWindow::adoptConnection);
    connect(m_connector, &ConnectionController::failed, this, [this](const Error &error) {
        showError(tr("Could not connect"), error);
        emit connectionFailed(error.message);
    });
    connect(m_connector, &ConnectionController::cancelled, this, [this](const QString &reason) {
        setStatus(connectionSummary());
        emit connectionFailed(reason);
    });
    setUpTabs(settings);
    setUpActions();
    setStatus(tr("Not connected"));
}

MainWindow::~MainWindow()
{
    if (m_worker)
        m_worker->retire();
}

void MainWindow::setUpTabs(QSettings &settings)
{
    m_router = new ViewRouter(this);
    // The views, in tab order (Ctrl+1 …). A new view is one more line here.
    m_views = { new SchemaView(settings, this), new DataView(this),      new MigrationsView(this),
                new MetricsView(this),          new WorkflowsView(this), new HealthView(this),
                new ConsoleView(this),          new PlanView(this) };
    for (int index = 0; index < m_views.size(); ++index) {
        WorkspaceView *view = m_views[index];
        QWidget *widget = view->widget();
        const QString title = view->title();
        const QString name = title.toLower().remove(QLatin1Char(' '));
        widget->setObjectName(name + QStringLiteral("View"));
        view->setRouter(m_router);
        view->useSettings(settings);
        m_ui->viewTabs->addTab(widget, title);
        auto *show = new QAction(title, this);
        show->setObjectName(QStringLiteral("actionShow") + QString(title).remove(QLatin1Char(' ')));
        if (index < 9)
            show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
        connect(show, &QAction::triggered, this,
                [this, widget] { m_ui->viewTabs->setCurrentWidget(widget); });
        m_ui->menuView->addAction(show);
    }
    setUpNavigator(settings);
    connect(m_router, &ViewRouter::openRequested, this, &MainWindow::openTarget);
    connect(m_router, &ViewRouter::databaseChanged, this, [this](DatabaseChange change) {
        for (WorkspaceView *view : everyView())
            view->databaseChanged(change);
    });
    connect(m_router, &ViewRouter::demoDataRequested, this, &MainWindow::showDemoDataDialog);
    // The view the user last looked at opens again.
    const QString lastView = settings.value(QStringLiteral("window/view")).toString();
    for (WorkspaceView *view : std::as_const(m_views))
        if (view->widget()->objectName() == lastView)
            m_ui->viewTabs->setCurrentWidget(view->widget());
    connect(m_ui->viewTabs, &QTabWidget::currentChanged, this, [this, &settings](int index) {
        if (QWidget *shown = m_ui->viewTabs->widget(index))
            settings.setValue(QStringLiteral("window/view"), shown->objectName());
    });
}

void MainWindow::setUpNavigator(QSettings &settings)
{
    // Beside every view, in a dock the user may move, close (View ▸ Navigator) or float.
    m_navigator = new NavigatorView(this);
    m_navigator->setObjectName(QStringLiteral("navigatorView"));
    m_navigator->setRouter(m_router);
    m_navigator->useSettings(settings);
    auto *dock = new QDockWidget(tr("Navigator"), this);
    dock->setObjectName(QStringLiteral("navigatorDock"));
    dock->setWidget(m_navigator);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({ dock }, { 280 }, Qt::Horizontal);
    // On a small screen the views need the width: the navigator starts closed there.
    if (const QScreen *shown = screen(); shown && shown->availableGeometry().width() < 1100)
        dock->hide();
    QAction *toggle = dock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("actionShowNavigator"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    auto *goTo = new QAction(tr("&Go to Anything…"), this);
    goTo->setObjectName(QStringLiteral("actionGoTo"));
    goTo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(goTo, &QAction::triggered, this, [this, dock] {
        dock->show();
        m_navigator->showGoTo(centralWidget());
    });
    m_ui->menuView->addSeparator();
    m_ui->menuView->addAction(toggle);
    m_ui->menuView->addAction(goTo);
}

QList<WorkspaceView *> MainWindow::everyView() const
{
    QList<WorkspaceView *> views = m_views;
    views << m_navigator;
    return views;
}

void MainWindow::openTarget(const ViewTarget &target)
{
    for (WorkspaceView *view : std::as_const(m_views)) {
        if (!view->canOpen(target))
            continue;
        m_ui->viewTabs->setCurrentWidget(view->widget());
        view->open(target);
        return;
    }
}

bool MainWindow::viewsLetGo()
{
    if (!isConnected())
        return true;
    for (WorkspaceView *view : std::as_const(m_views))
        if (!view->readyToDisconnect())
            return false;
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!viewsLetGo()) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::clearViews()
{
    for (WorkspaceView *view : everyView())
        view->clearConnection();
}

void MainWindow::setUpActions()
{
    m_ui->actionConnect->setShortcut(QKeySequence::Open);
    m_ui->actionQuit->setShortcut(QKeySequence::Quit);
    connect(m_ui->actionConnect, &QAction::triggered, this, &MainWindow::showConnectionDialog);
    connect(m_ui->actionDisconnect, &QAction::triggered, this, [this] {
        if (viewsLetGo())
            disconnectFromServer();
    });
    connect(m_ui->actionStartDemo, &QAction::triggered, this, [this] {
        if (!viewsLetGo())
            return;
        LocalClusterOptions options;
        options.directory = LocalCluster::defaultDemoDirectory();
        startDemo(options);
    });
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionAboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::showConnectionDialog()
{
    auto *dialog = new ConnectionDialog(*m_profiles, *m_vault, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_profile.values().isEmpty() && m_profiles->lastUsed().isEmpty())
        dialog->setProfile(m_profile);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!viewsLetGo())
            return;
        if (Result<ConnectionProfile> chosen = dialog->profile())
            connectTo(*chosen, dialog->profileName());
    });
    dialog->open();
}

void MainWindow::connectTo(const ConnectionProfile &profile, const QString &profileName)
{
    // The current connection (if any) stays until the new one is open.
    setStatus(tr("Connecting to %1…").arg(profile.displayName()));
    m_connector->connectTo(profile, profileName);
}

void MainWindow::adoptConnection(DbWorker *worker, const ConnectionProfile &profile,
                                 const ServerInfo &server)
{
    ++m_generation; // the old worker's answers (replication) are stale
    if (m_worker)
        m_worker->retire();
    m_worker = worker;
    m_worker->setParent(this);
    m_replicationTimer->stop();
    m_replicationPending = false;
    clearViews();
    m_profile = profile;
    m_serverInfo = server;
    m_ui->actionDisconnect->setEnabled(true);
    setStatus(connectionSummary());
    if (const QString note = serverVersionNote(server.serverVersionNumber); !note.isEmpty())
        statusBar()->showMessage(note);
    if (!server.replication.isEmpty())
        m_replicationTimer->start();
    setWindowTitle(tr("%1 — BridgeScope").arg(server.database));
    const ConnectionContext connection { profile, server };
    for (WorkspaceView *view : everyView())
        view->useConnection(connection);
    emit connected(connectionSummary());
}

void MainWindow::showError(const QString &title, const Error &error)
{
    setStatus(connectionSummary()); // the connection there was, if any, is still there
    statusBar()->showMessage(error.message);
    // Window-modal and opened, not exec()'d: the event loop keeps running behind it.
    auto *box = new QMessageBox(QMessageBox::Warning, title, error.message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("connectionErrorBox"));
    box->setDetailedText(error.detail);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::startDemo(const LocalClusterOptions &options)
{
    m_connector->abandon();
    setStatus(tr("Starting the demo PostgreSQL cluster in %1, applying the bundled migrations and "
                 "filling demo data…")
                  .arg(options.directory));
    m_demoOptions = options;
    m_demoStart = QtConcurrent::run([options] {
        LocalCluster cluster(options);
        const bool wasRunning = cluster.state() == LocalCluster::State::Running;
        Result<ConnectionProfile> clusterProfile = cluster.start();
        if (!clusterProfile)
            return DemoStart { wasRunning, false, clusterProfile };
        return DemoStart { wasRunning, !wasRunning, prepareDemoDatabase(*clusterProfile) };
    });
    auto *watcher = new QFutureWatcher<DemoStart>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const DemoStart outcome = watcher->result();
        if (!outcome.profile) {
            showError(tr("The demo database did not start"), outcome.profile.error());
            emit connectionFailed(outcome.profile.error().message);
            return;
        }
        connectTo(*outcome.profile);
    });
    watcher->setFuture(m_demoStart);
}

void MainWindow::showDemoDataDialog()
{
    if (!m_ui->actionDisconnect->isEnabled())
        return; // not connected
    auto *dialog = new DemoDataDialog(m_profile, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DemoDataDialog::generated, m_router,
            [this] { m_router->announce(DatabaseChange::Data); });
    dialog->open();
}

std::optional<LocalClusterOptions> MainWindow::demoClusterToStop()
{
    if (!m_demoOptions)
        return std::nullopt;
    // The user may quit while the cluster is still starting: wait for that start to end, so a
    // cluster this window started is never left behind.
    m_demoStart.waitForFinished();
    const DemoStart outcome = m_demoStart.result();
    if (!outcome.started)
        return std::nullopt;
    return m_demoOptions;
}

void MainWindow::disconnectFromServer()
{
    ++m_generation;
    m_connector->abandon();
    if (m_worker) {
        m_worker->retire();
        m_worker = nullptr;
    }
    m_serverInfo.reset();
    m_replicationTimer->stop();
    m_replicationPending = false;
    clearViews();
    m_ui->actionDisconnect->setEnabled(false);
    setWindowTitle(tr("BridgeScope"));
    setStatus(tr("Not connected"));
}

QString MainWindow::connectionSummary() const
{
    if (!m_serverInfo)
        return tr("Not connected");
    const ServerInfo &info = *m_serverInfo;
    const QString server = info.host.startsWith(QLatin1Char('/'))
        ? tr("socket %1:%2").arg(info.host, info.port)
        : tr("%1:%2").arg(info.host, info.port);
    const QString summary = tr("%1 · database %2 · user %3 · PostgreSQL %4")
                                .arg(server, info.database, info.user, info.serverVersion);
    return info.replication.isEmpty() ? summary
                                      : summary + QStringLiteral(" · ") + info.replication;
}

void MainWindow::readReplication()
{
    if (!m_worker || !m_serverInfo || m_replicationPending)
        return;
    m_replicationPending = true;
    const quint64 generation = m_generation;
    m_worker->run<ReplicationRole>(
        [](Session &session) { return readReplicationRole(session); }, this,
        [this, generation](Result<ReplicationRole> role) {
            if (generation != m_generation || !m_serverInfo)
                return;
            m_replicationPending = false;
            if (!role)
                return; // the views say what went wrong with the connection
            m_serverInfo->replication = role->describe();
            setStatus(connectionSummary());
        });
}

void MainWindow::setStatus(const QString &text)
{
    m_connectionLabel->setText(text);
    const bool showsServer = m_serverInfo && text == connectionSummary();
    m_connectionLabel->setToolTip(showsServer ? serverVersionNote(m_serverInfo->serverVersionNumber)
                                              : QString());
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About BridgeScope"),
                       tr("<h3>BridgeScope %1</h3>"
                          "<p>A schema and data explorer for PostgreSQL and the OmniNode Bridge "
                          "database.</p><p>Built with Qt %2 (running on Qt %3).</p>")
                           .arg(QApplication::applicationVersion(), QStringLiteral(QT_VERSION_STR),
                                QString::fromLatin1(qVersion())));
}

} // namespace bridgescope
