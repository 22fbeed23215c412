#include "migrations/MigrationTableModel.h"

#include <QApplication>
#include <QColor>
#include <QIcon>
#include <QStyle>

namespace bridgescope {

namespace {

// Tints that read on light and dark palettes alike: the state's colour at low opacity.
QColor tint(const QColor &color)
{
    QColor tinted = color;
    tinted.setAlpha(48);
    return tinted;
}

QColor stateColor(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return QColor(46, 160, 67);
    case MigrationState::Pending:
        return {};
    case MigrationState::Failed:
        return QColor(218, 54, 51);
    case MigrationState::Changed:
    case MigrationState::OutOfOrder:
    case MigrationState::FileMissing:
        return QColor(210, 153, 34);
    }
    return {};
}

QIcon stateIcon(MigrationState state)
{
    QStyle *style = QApplication::style();
    switch (state) {
    case MigrationState::Applied:
        return style->standardIcon(QStyle::SP_DialogApplyButton);
    case MigrationState::Pending:
        return style->standardIcon(QStyle::SP_MediaPause);
    case MigrationState::Failed:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case MigrationState::Changed:
    case MigrationState::OutOfOrder:
    case MigrationState::FileMissing:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    }
    return {};
}

} // namespace

MigrationTableModel::MigrationTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void MigrationTableModel::setStatus(const MigrationStatus &status)
{
    const bool sameRows = status.rows.size() == m_status.rows.size()
        && std::equal(status.rows.cbegin(), status.rows.cend(), m_status.rows.cbegin(),
                      [](const MigrationStatusRow &a, const MigrationStatusRow &b) {
                          return a.version == b.version;
                      });
    if (!sameRows) {
        beginResetModel();
        m_status = status;
        endResetModel();
        return;
    }
    // The same migrations with new states: keep the view's scroll position and selection.
    m_status = status;
    if (!m_status.rows.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const MigrationStatusRow *MigrationTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_status.rows.size() ? &m_status.rows.at(row) : nullptr;
}

int MigrationTableModel::rowOfVersion(int version) const
{
    for (int row = 0; row < m_status.rows.size(); ++row) {
        if (m_status.rows.at(row).version == version)
            return row;
    }
    return -1;
}

void MigrationTableModel::setRunning(int version)
{
    const int before = rowOfVersion(m_running);
    m_running = version;
    for (int row : { before, rowOfVersion(version) }) {
        if (row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int MigrationTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_status.rows.size());
}

int MigrationTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MigrationTableModel::stateText(const MigrationStatusRow &row) const
{
    if (row.version == m_running)
        return tr("running…");
    QString text;
    switch (row.state) {
    case MigrationState::Applied:
        text = tr("applied");
        break;
    case MigrationState::Pending:
        text = tr("pending");
        break;
    case MigrationState::Failed:
        text = row.applied ? tr("rollback failed") : tr("failed");
        break;
    case MigrationState::Changed:
        text = tr("changed since applied");
        break;
    case MigrationState::OutOfOrder:
        text = tr("out of order");
        break;
    case MigrationState::FileMissing:
        text = tr("applied, file missing");
        break;
    }
    if (row.rollbackMissing && row.state != MigrationState::FileMissing)
        text += tr(" · no rollback");
    return text;
}

QString MigrationTableModel::stateTooltip(const MigrationStatusRow &row) const
{
    switch (row.state) {
    case MigrationState::Applied:
        return tr("In the database; the file is unchanged.");
    case MigrationState::Pending:
        return tr("Not applied yet.");
    case MigrationState::Failed:
        return tr("The last run failed and was rolled back: %1").arg(row.lastError);
    case MigrationState::Changed:
        return tr("The file changed after it was applied (checksum %1 then, %2 now).")
            .arg(row.appliedChecksum.left(12), row.checksum.left(12));
    case MigrationState::OutOfOrder:
        return tr("Pending, but a higher version is already applied.");
    case MigrationState::FileMissing:
        return tr("Applied, but the migrations folder has no file of this version.");
    }
    return {};
}

QVariant MigrationTableModel::data(const QModelIndex &index, int role) const
{
    const MigrationStatusRow *row = rowAt(index.row());
    if (!row)
        return {};
    if (role == VersionRole)
        return row->version;
    if (role == Qt::BackgroundRole) {
        const QColor color = row->version == m_running ? QApplication::palette().highlight().color()
                                                       : stateColor(row->state);
        return color.isValid() ? QVariant(tint(color)) : QVariant();
    }
    if (role == Qt::DecorationRole && index.column() == State)
        return row->version == m_running ? QApplication::style()->standardIcon(QStyle::SP_MediaPlay)
                                         : stateIcon(row->state);
    if (role == Qt::ToolTipRole) {
        if (index.column() == State)
            return stateTooltip(*row);
        if (index.column() == Checksum)
            return row->checksum;
        if (index.column() == Description)
            return row->fileName;
        return {};
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Duration || index.column() == Version))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Version:
        return formatVersion(row->version);
    case State:
        return stateText(*row);
    case Description:
        return row->description;
    case AppliedAt:
        return row->appliedAt.isValid()
            ? row->appliedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
            : QString();
    case AppliedBy:
        return row->appliedBy;
    case Duration:
        return row->executionMs >= 0 ? tr("%1 ms").arg(row->executionMs) : QString();
    case Checksum:
        return row->checksum.left(12);
    }
    return {};
}

QVariant MigrationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Version:
        return tr("Version");
    case State:
        return tr("State");
    case Description:
        return tr("Description");
    case AppliedAt:
        return tr("Applied at");
    case AppliedBy:
        return tr("By");
    case Duration:
        return tr("Duration");
    case Checksum:
        return tr("Checksum");
    }
    return {};
}

} // namespace bridgescope
