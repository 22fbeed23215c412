#pragma once

#include "migrations/MigrationStatus.h"

#include <QAbstractTableModel>

namespace bridgescope {

// The Migrations tab's table: one row per migration with its state, when and by whom it was
// applied, how long it took and its checksum. The row of a migration now running says so.
class MigrationTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Version,
        State,
        Description,
        AppliedAt,
        AppliedBy,
        Duration,
        Checksum,
        ColumnCount
    };
    static constexpr int VersionRole = Qt::UserRole + 1;

    explicit MigrationTableModel(QObject *parent = nullptr);

    void setStatus(const MigrationStatus &status);
    const MigrationStatus &status() const { return m_status; }
    const MigrationStatusRow *rowAt(int row) const;
    int rowOfVersion(int version) const;

    // Marks a migration as running (0: none), for the duration of a run.
    void setRunning(int version);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString stateText(const MigrationStatusRow &row) const;
    QString stateTooltip(const MigrationStatusRow &row) const;

    MigrationStatus m_status;
    int m_running = 0;
};

} // namespace bridgescope
