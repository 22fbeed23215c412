#pragma once

#include "data/BrowseQuery.h"

#include <QComboBox>

namespace bridgescope {

// Beside the table box: for a partitioned table or one of its partitions, "all partitions"
// and each partition by name, to browse one alone (a month of data, say). Hidden for any other
// table.
class PartitionPicker : public QComboBox
{
    Q_OBJECT
public:
    explicit PartitionPicker(QWidget *parent = nullptr);

    // What the grid shows now.
    void showTable(const BrowseTable &table);

signals:
    void relationChosen(const QString &schema, const QString &name);
};

} // namespace bridgescope
