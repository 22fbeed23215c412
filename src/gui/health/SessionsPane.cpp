#include "health/SessionsPane.h"

#include "DestructiveQuestion.h"
#include "FlowLayout.h"
#include "health/HealthFormat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

constexpr int kPidRole = Qt::UserRole + 1;

QStringList columnsOf(const BackendSession &s)
{
    return { QString::number(s.pid),
             s.user,
             s.bridgescope ? QStringLiteral("%1 (BridgeScope)").arg(s.application) : s.application,
             s.client.isEmpty() ? QStringLiteral("local") : s.client,
             s.state,
             s.waitEventType.isEmpty() ? QString()
                                       : s.waitEventType + QLatin1Char(':') + s.waitEvent,
             health::seconds(s.runningMs()),
             health::seconds(s.transactionMs),
             health::oneLine(s.query, 200) };
}

void addNode(QTreeWidget *tree, QTreeWidgetItem *parent, const BlockingNode &node)
{
    const QStringList columns { QString::number(node.session.pid), node.session.user,
                                node.session.state, health::seconds(node.session.transactionMs),
                                health::oneLine(node.session.query, 200) };
    auto *item = parent ? new QTreeWidgetItem(parent, columns) : new QTreeWidgetItem(tree, columns);
    item->setData(0, kPidRole, node.session.pid);
    item->setToolTip(4, node.session.query);
    for (const BlockingNode &waiter : node.waiters)
        addNode(tree, item, waiter);
}

} // namespace

SessionsPane::SessionsPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_threshold(new QSpinBox(this))
    , m_sessions(new QTreeWidget(this))
    , m_blocking(new QTreeWidget(this))
    , m_cancel(new QPushButton(tr("&Cancel query"), this))
    , m_terminate(new QPushButton(tr("&Terminate"), this))
{
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_terminate->setObjectName(QStringLiteral("terminateButton"));
    m_confirm = [this](const QString &title, const QString &text) {
        return askBeforeDestroying(this, title, text, tr("Let it run"));
    };
    auto *layout = new QVBoxLayout(this);
    auto *controls = new FlowLayout; // wraps in a narrow window
    m_summary->setObjectName(QStringLiteral("sessionsSummary"));
    m_summary->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    controls->addWidget(m_summary);
    auto *threshold = new QHBoxLayout;
    threshold->setContentsMargins(0, 0, 0, 0);
    threshold->addWidget(new QLabel(tr("Highlight queries over"), this));
    m_threshold->setRange(1, 3600);
    m_threshold->setValue(5); // the database guide's threshold
    m_threshold->setSuffix(tr(" s"));
    threshold->addWidget(m_threshold);
    controls->addLayout(threshold);
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
    splitter->addWidget(health::titled(m_sessions, tr("Client sessions"), splitter));
    splitter->addWidget(health::titled(
        m_blocking, tr("Blocking: who waits on whom, the root blocker first"), splitter));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_threshold, &QSpinBox::valueChanged, this, [this] { showSessions(m_shown); });
    connect(m_cancel, &QPushButton::clicked, this, &SessionsPane::cancelSelected);
    connect(m_terminate, &QPushButton::clicked, this, &SessionsPane::terminateSelected);
    // The last session picked in either tree is the one Cancel and Terminate act on.
    for (QTreeWidget *tree : { m_sessions, m_blocking })
        connect(tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
            if (item)
                m_selected = item->data(0, kPidRole).toInt();
            updateButtons();
        });
    updateButtons();
}

void SessionsPane::setConnected(bool connected)
{
    m_connected = connected;
    updateButtons();
}

void SessionsPane::clear()
{
    m_shown.clear();
    m_summary->clear();
    m_sessions->clear();
    m_blocking->clear();
    updateButtons();
}

void SessionsPane::showSessions(const QList<BackendSession> &sessions)
{
    const int selected = m_selected;
    m_shown = sessions;
    const QSignalBlocker blockSessions(m_sessions);
    const QSignalBlocker blockTree(m_blocking);
    m_sessions->clear();
    const qint64 threshold = qint64(m_threshold->value()) * 1000;
    int slow = 0;
    for (const BackendSession &s : sessions) {
        auto *item = new QTreeWidgetItem(m_sessions, columnsOf(s));
        item->setData(0, kPidRole, s.pid);
        item->setToolTip(8, s.query);
        if (s.runningMs() > threshold) {
            ++slow;
            for (int column = 0; column < item->columnCount(); ++column)
                item->setBackground(column, health::kWarningColor);
        }
    }
    m_blocking->clear();
    const QList<BlockingNode> tree = bridgescope::blockingTree(sessions);
    for (const BlockingNode &node : tree)
        addNode(m_blocking, nullptr, node);
    m_blocking->expandAll();
    m_blocking->resizeColumnToContents(0); // the pids, indented by their depth
    for (int column = 0; column < 8; ++column)
        m_sessions->resizeColumnToContents(column);
    m_summary->setText(tr("%1 sessions, %2 over %3 s, %4 blocking others.")
                           .arg(sessions.size())
                           .arg(slow)
                           .arg(m_threshold->value())
                           .arg(tree.size()));
    if (selected > 0)
        selectPid(selected);
    updateButtons();
}

QString SessionsPane::summary() const
{
    return m_summary->text();
}

int SessionsPane::selectedPid() const
{
    for (const BackendSession &s : m_shown) {
        if (s.pid == m_selected)
            return m_selected;
    }
    return 0; // gone since it was picked
}

void SessionsPane::selectPid(int pid)
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

void SessionsPane::updateButtons()
{
    const bool any = m_connected && selectedPid() > 0;
    m_cancel->setEnabled(any);
    m_terminate->setEnabled(any);
}

void SessionsPane::askToSignal(bool terminate)
{
    const int pid = selectedPid();
    if (!m_connected || pid <= 0)
        return;
    const QString question = terminate
        ? tr("Terminate process %1? Its transaction rolls back and its client is disconnected.")
              .arg(pid)
        : tr("Cancel the query process %1 is running? Its transaction rolls back; the session "
             "stays.")
              .arg(pid);
    if (m_confirm(terminate ? tr("Terminate a session") : tr("Cancel a query"), question))
        emit signalRequested(pid, terminate);
}

} // namespace bridgescope
