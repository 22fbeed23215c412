#include "data/PartitionPicker.h"

namespace bridgescope {

PartitionPicker::PartitionPicker(QWidget *parent)
    : QComboBox(parent)
{
    setObjectName(QStringLiteral("partitionBox"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setToolTip(tr("Browse one partition alone, or all of them through the partitioned table"));
    hide();
    connect(this, &QComboBox::activated, this, [this](int index) {
        const QStringList parts = itemData(index).toStringList();
        if (parts.size() == 2)
            emit relationChosen(parts[0], parts[1]);
    });
}

void PartitionPicker::showTable(const BrowseTable &table)
{
    clear();
    const bool isPartition = !table.partitionOf.name.isEmpty();
    if (table.partitions.isEmpty()) {
        hide();
        return;
    }
    const RelationName root
        = isPartition ? table.partitionOf : RelationName { table.schema, table.name };
    addItem(tr("all %n partition(s)", nullptr, int(table.partitions.size())),
            QStringList { root.schema, root.name });
    for (const RelationName &partition : table.partitions) {
        // In the table's schema the bare name; elsewhere qualified.
        addItem(partition.schema == root.schema ? partition.name : partition.qualifiedName(),
                QStringList { partition.schema, partition.name });
        if (isPartition && partition.schema == table.schema && partition.name == table.name)
            setCurrentIndex(count() - 1);
    }
    if (!isPartition)
        setCurrentIndex(0);
    show();
}

} // namespace bridgescope
