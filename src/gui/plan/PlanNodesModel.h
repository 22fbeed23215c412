#pragma once

#include "plan/Plan.h"

#include <QAbstractTableModel>

namespace bridgescope {

// The plan's nodes as rows, beside the diagram: sortable by any figure (its sort role is the
// number), so "the slowest first" or "the worst estimate first" is a header click.
class PlanNodesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Id,
        Node,
        OwnMs,
        TotalMs,
        Share,
        Rows,
        PlannedRows,
        Misestimate,
        Removed,
        Loops,
        SharedHit,
        SharedRead,
        TempRead,
        TempWritten,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int NodeIdRole = Qt::UserRole + 2;

    using QAbstractTableModel::QAbstractTableModel;
    void setPlan(const Plan &plan);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    Plan m_plan;
};

} // namespace bridgescope
