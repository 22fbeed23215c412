#pragma once

#include "connection/Replication.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace bridgescope {

// The Health tab's Replication page: whether this server is a primary or a read-only standby
// (with its replay lag and where it streams from), and each standby streaming from it with its
// state and its write, flush and replay lag. Sampled with the rest while the page is shown.
class ReplicationPane : public QWidget
{
    Q_OBJECT
public:
    explicit ReplicationPane(QWidget *parent = nullptr);

    void showReplication(const ReplicationRole &role, const QList<StandbyStatus> &standbys);
    void clear();

    QTreeWidget *standbyTree() const { return m_standbys; }
    QString summary() const;

private:
    QLabel *m_summary = nullptr;
    QTreeWidget *m_standbys = nullptr;
};

} // namespace bridgescope
