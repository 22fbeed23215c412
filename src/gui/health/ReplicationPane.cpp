#include "health/ReplicationPane.h"

#include "health/HealthFormat.h"

#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

QString lag(const std::optional<double> &seconds)
{
    return seconds ? QStringLiteral("%1 s").arg(*seconds, 0, 'f', 2) : QStringLiteral("0 s");
}

} // namespace

ReplicationPane::ReplicationPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_standbys(new QTreeWidget(this))
{
    m_summary->setObjectName(QStringLiteral("replicationSummary"));
    m_summary->setWordWrap(true);
    m_standbys->setObjectName(QStringLiteral("standbyTree"));
    m_standbys->setHeaderLabels({ tr("Standby"), tr("Client"), tr("State"), tr("Sync"),
                                  tr("Write lag"), tr("Flush lag"), tr("Replay lag"),
                                  tr("Not yet replayed") });
    m_standbys->setRootIsDecorated(false);
    m_standbys->headerItem()->setToolTip(
        6,
        tr("The time between a commit here and the standby replaying it; 0 once it has "
           "caught up and nothing new was written."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(health::titled(m_standbys, tr("Standbys streaming from this server"), this),
                      1);
    clear();
}

QString ReplicationPane::summary() const
{
    return m_summary->text();
}

void ReplicationPane::clear()
{
    m_standbys->clear();
    m_summary->setText(tr("Not connected"));
}

void ReplicationPane::showReplication(const ReplicationRole &role,
                                      const QList<StandbyStatus> &standbys)
{
    if (role.standby)
        m_summary->setText(
            tr("This server is a <b>read-only standby</b>: it replays what its primary writes. "
               "Replay lag: %1%2. Migrations are refused here; browsing and the Health checks "
               "work.")
                .arg(role.replayLagSeconds ? lag(role.replayLagSeconds)
                                           : tr("nothing replayed yet"),
                     role.upstream.isEmpty() ? QString() : QStringLiteral(", ") + role.upstream));
    else
        m_summary->setText(standbys.isEmpty()
                               ? tr("This server is a <b>primary</b>. No standby streams from it "
                                    "(that this role may see).")
                               : tr("This server is a <b>primary</b> with %n standby(s).", nullptr,
                                    int(standbys.size())));
    m_standbys->clear();
    for (const StandbyStatus &s : standbys) {
        auto *item
            = new QTreeWidgetItem(m_standbys,
                                  { s.name, s.client.isEmpty() ? tr("local") : s.client,
                                    s.state.isEmpty() ? tr("hidden from this role") : s.state,
                                    s.syncState, lag(s.writeLagSeconds), lag(s.flushLagSeconds),
                                    lag(s.replayLagSeconds), health::bytes(s.replayLagBytes) });
        if (s.state != QLatin1String("streaming") && !s.state.isEmpty())
            item->setBackground(2, health::kWarningColor);
    }
    for (int column = 0; column < m_standbys->columnCount(); ++column)
        m_standbys->resizeColumnToContents(column);
}

} // namespace bridgescope
