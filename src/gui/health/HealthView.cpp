#include "health/HealthView.h"

#include "connection/DbWorker.h"
#include "connection/Replication.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

constexpr int kPidRole = Qt::UserRole + 1;

struct Sample
{
    QList<BackendSession> sessions;
    QString role;
};

QString seconds(qint64 ms)
{
    return ms < 0 ? QString() : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString oneLine(const QString &query)
{
    const QString line = query.simplified();
    return line.size() > 200 ? line.left(199) + QChar(0x2026) : line;
}

QStringList columnsOf(const BackendSession &s)
{
    return { QString::number(s.pid),
             s.user,
             s.bridgescope ? QStringLiteral("%1 (BridgeScope)").arg(s.application) : s.application,
             s.client.isEmpty() ? QStringLiteral("local") : s.client,
             s.state,
             s.waitEventType.isEmpty() ? QString()
                                       : s.waitEventType + QLatin1Char(':') + s.waitEvent,
             seconds(s.queryMs),
             seconds(s.transactionMs),
             oneLine(s.query) };
}

void addNode(QTreeWidget *tree, QTreeWidgetItem *parent, const BlockingNode &node)
{
    const QStringList columns { QString::number(node.session.pid), node.session.user,
                                node.session.state, seconds(node.session.transactionMs),
                                oneLine(node.session.query) };
    auto *item = parent ? new QTreeWidgetItem(parent, columns) : new QTreeWidgetItem(tree, columns);
    item->setData(0, kPidRole, node.session.pid);
    item->setToolTip(4, node.session.query);
    for (const BlockingNode &waiter : node.waiters)
        addNode(tree, item, waiter);
}

} // namespace

HealthView::HealthView(QWidget *parent)
    : QWidget(parent)
    , m_role(new QLabel(this))
    , m_status(new QLabel(this))
    , m_threshold(new QSpinBox(this))
    , m_sessions(new QTreeWidget(this))
    , m_blocking(new QTreeWidget(this))
    , m_cancel(new QPushButton(tr("&Cancel query"), this))
    , m_terminate(new QPushButton(tr("&Terminate"), this))
{
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_terminate->setObjectName(QStringLiteral("terminateButton"));
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text) == QMessageBox::Yes;
    };
    auto *layout = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_role, 1);
    controls->addWidget(new QLabel(tr("Highlight queries over"), this));
    m_threshold->setRange(1, 3600);
    m_threshold->setValue(5); // the database guide's threshold
    m_threshold->setSuffix(tr(" s"));
    controls->addWidget(m_threshold);
    auto *interval = new QSpinBox(this);
    interval->setRange(1, 600);
    interval->setValue(2);
    interval->setPrefix(tr("every "));
    interval->setSuffix(tr(" s"));
    controls->addWidget(interval);
    controls->addWidget(m_cancel);
    controls->addWidget(m_terminate);
    layout->addLayout(controls);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_sessions->setObjectName(QStringLiteral("sessionTree"));
    m_sessions->setHeaderLabels({ tr("PID"), tr("User"), tr("Application"), tr("Client"),
                                  tr("State"), tr("Waiting on"), tr("Query for"),
                                  tr("Transaction for"), tr("Query") });
    m_sessions->setRootIsDecorated(false);
    m_sessions->setUniformRowHeights(true);
    m_blocking->setObjectName(QStringLiteral("blockingTree"));
    m_blocking->setHeaderLabels(
        { tr("PID"), tr("User"), tr("State"), tr("Transaction for"), tr("Query") });
    // Each list under a title that says what it is.
    for (auto [tree, title] : { std::pair { m_sessions, tr("Client sessions") },
                                std::pair { m_blocking,
                                            tr("Blocking: who waits on whom, the "
                                               "root blocker first") } }) {
        auto *pane = new QWidget(splitter);
        auto *paneLayout = new QVBoxLayout(pane);
        paneLayout->setContentsMargins(0, 0, 0, 0);
        paneLayout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title), pane));
        paneLayout->addWidget(tree, 1);
        splitter->addWidget(pane);
    }
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    m_status->setObjectName(QStringLiteral("healthStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &HealthView::refresh);
    connect(interval, &QSpinBox::valueChanged, this,
            [this](int value) { setInterval(value * 1000); });
    connect(m_threshold, &QSpinBox::valueChanged, this,
            [this] { showSessions(m_shown, m_role->text()); });
    connect(m_cancel, &QPushButton::clicked, this, &HealthView::cancelSelected);
    connect(m_terminate, &QPushButton::clicked, this, &HealthView::terminateSelected);
    // The last session picked in either tree is the one Cancel and Terminate act on.
    for (QTreeWidget *tree : { m_sessions, m_blocking })
        connect(tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
            if (item)
                m_selected = item->data(0, kPidRole).toInt();
            updateButtons();
        });
    clearConnection();
}

HealthView::~HealthView()
{
    if (m_worker)
        m_worker->retire();
}

void HealthView::setConnection(const ConnectionProfile &profile)
{
    clearConnection();
    m_profile = profile;
    m_worker = new DbWorker(profile, SessionOptions {}, QStringLiteral("health"), this);
    m_status->setText(tr("Sessions are read every few seconds while this tab is on screen."));
    if (isVisible()) {
        refresh();
        m_timer.start();
    }
}

void HealthView::clearConnection()
{
    ++m_generation;
    m_timer.stop();
    m_sampling = false;
    if (m_worker) {
        m_worker->retire();
        m_worker = nullptr;
    }
    m_profile.reset();
    m_shown.clear();
    m_sessions->clear();
    m_blocking->clear();
    m_role->clear();
    m_status->setText(tr("Not connected"));
    updateButtons();
}

void HealthView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_worker) {
        refresh();
        m_timer.start();
    }
}

void HealthView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop(); // no load on the server while nobody looks
}

QString HealthView::statusText() const
{
    return m_status->text();
}

void HealthView::refresh()
{
    if (!m_worker || m_sampling)
        return;
    m_sampling = true;
    const quint64 generation = m_generation;
    m_worker->run<Sample>(
        [](Session &session) -> Result<Sample> {
            Result<QList<BackendSession>> sessions = readSessions(session);
            if (!sessions)
                return std::unexpected(sessions.error());
            Result<ReplicationRole> role = readReplicationRole(session);
            return Sample { *sessions, role ? role->describe() : QString() };
        },
        this,
        [this, generation](Result<Sample> sample) {
            if (generation != m_generation)
                return;
            m_sampling = false;
            if (!sample) {
                m_status->setText(sample.error().message);
                return;
            }
            showSessions(sample->sessions, sample->role);
            emit refreshed();
        });
}

void HealthView::showSessions(const QList<BackendSession> &sessions, const QString &role)
{
    const int selected = m_selected;
    m_shown = sessions;
    m_role->setText(role.isEmpty() ? tr("This server: primary") : tr("This server: %1").arg(role));
    const QSignalBlocker blockSessions(m_sessions);
    const QSignalBlocker blockTree(m_blocking);
    m_sessions->clear();
    const qint64 threshold = qint64(m_threshold->value()) * 1000;
    int slow = 0;
    for (const BackendSession &s : sessions) {
        auto *item = new QTreeWidgetItem(m_sessions, columnsOf(s));
        item->setData(0, kPidRole, s.pid);
        item->setToolTip(8, s.query);
        if (s.state == QLatin1String("active") && s.queryMs > threshold) {
            ++slow;
            for (int column = 0; column < item->columnCount(); ++column)
                item->setBackground(column, QColor(0xff, 0xd8, 0x8a)); // amber: too long
        }
    }
    m_blocking->clear();
    const QList<BlockingNode> tree = bridgescope::blockingTree(sessions);
    for (const BlockingNode &node : tree)
        addNode(m_blocking, nullptr, node);
    m_blocking->expandAll();
    for (int column = 0; column < 8; ++column)
        m_sessions->resizeColumnToContents(column);
    m_status->setText(tr("%1 sessions, %2 over %3 s, %4 blocking others.")
                          .arg(sessions.size())
                          .arg(slow)
                          .arg(m_threshold->value())
                          .arg(tree.size()));
    if (selected > 0)
        selectPid(selected);
    updateButtons();
}

int HealthView::selectedPid() const
{
    for (const BackendSession &s : m_shown) {
        if (s.pid == m_selected)
            return m_selected;
    }
    return 0; // gone since it was picked
}

void HealthView::selectPid(int pid)
{
    m_selected = pid;
    for (int i = 0; i < m_sessions->topLevelItemCount(); ++i) {
        if (m_sessions->topLevelItem(i)->data(0, kPidRole).toInt() == pid) {
            const QSignalBlocker block(m_sessions);
            m_sessions->setCurrentItem(m_sessions->topLevelItem(i));
        }
    }
    updateButtons();
}

void HealthView::updateButtons()
{
    const bool any = m_worker && selectedPid() > 0;
    m_cancel->setEnabled(any);
    m_terminate->setEnabled(any);
}

void HealthView::cancelSelected()
{
    signalSelected(false);
}

void HealthView::terminateSelected()
{
    signalSelected(true);
}

void HealthView::signalSelected(bool terminate)
{
    const int pid = selectedPid();
    if (!m_worker || pid <= 0)
        return;
    const QString question = terminate
        ? tr("Terminate process %1? Its transaction rolls back and its client is disconnected.")
              .arg(pid)
        : tr("Cancel the query process %1 is running? Its transaction rolls back; the session "
             "stays.")
              .arg(pid);
    if (!m_confirm(terminate ? tr("Terminate a session") : tr("Cancel a query"), question))
        return;
    m_worker->run<bool>(
        [pid, terminate](Session &session) -> Result<bool> {
            const Status done
                = terminate ? terminateBackend(session, pid) : cancelBackend(session, pid);
            if (!done)
                return std::unexpected(done.error());
            return true;
        },
        this,
        [this, pid, terminate](Result<bool> done) {
            m_status->setText(!done           ? done.error().message
                                  : terminate ? tr("Terminated process %1.").arg(pid)
                                              : tr("Cancelled the query of process %1.").arg(pid));
            emit signalled(bool(done));
            refresh();
        });
}

} // namespace bridgescope
