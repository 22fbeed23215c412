#pragma once

#include "Error.h"
#include "WorkspaceView.h"
#include "connection/ConnectionProfile.h"
#include "data/BrowseHistory.h"
#include "data/BrowseQuery.h"
#include "data/JumpMap.h"
#include "data/RowCopy.h"
#include "data/TableBrowser.h"
#include "data/TableExport.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace bridgescope {

class FilterBar;
class RowCache;
class PartitionPicker;
class TablePicker;

class DataGrid;
class DataTableModel;
class DbWorker;
class JsonViewer;
class TablePicker;

// The Data tab: a table's rows in a grid read in blocks on a worker (DataTableModel), sorted
// and filtered on the server, with a detail panel for the current cell (whole text, or the
// JSONB viewer), foreign-key links both ways, an exact count and an export that can be
// cancelled from the status line, and the planner's word on the filter's index.
//
// A new sort or filter is read first and shown only if it worked: a filter the server refuses
// leaves the grid as it was and puts the server's message under the filter box.
class DataView : public QWidget, public WorkspaceView
{
    Q_OBJECT
public:
    explicit DataView(QWidget *parent = nullptr);
    ~DataView() override;

    // WorkspaceView
    QWidget *widget() override { return this; }
    QString title() const override { return tr("Data"); }
    void useConnection(const ConnectionContext &connection) override;
    bool canOpen(const ViewTarget &target) const override;
    void open(const ViewTarget &target) override;
    void databaseChanged(DatabaseChange change) override;

    void setConnection(const ConnectionProfile &profile);
    void clearConnection();

    void openTable(const QString &schema, const QString &table, const QList<Filter> &filters = {});
    void reloadTable(); // after a migration: the columns may have changed
    void openInConsole(); // the SELECT for what the grid shows, through the router
    void setSort(const QString &column, bool descending);
    void addFilter(const Filter &filter); // applied if the server accepts it
    void removeFilters();
    void countRows(); // exact, on the second worker
    void exportTo(const QString &path, ExportFormat format);
    void cancelRunning(); // the status line's Cancel: fetch, count and export
    // Rows are numbered in the table (from 0), not in the grid's window.
    void showCell(qint64 row, int column); // the detail panel
    void openReferencedRow(qint64 row, int column);
    // Alt+Left: back to the table, filters, row and column a foreign key was followed from.
    void goBack();
    bool canGoBack() const { return !m_back.isEmpty(); }
    void openReferencingRows(qint64 row, const ForeignKeyInfo &key);
    // The grid's selection (or current cell) to the clipboard. Whole values: read on the count
    // worker (and cancellable) where the grid holds only previews or not all the rows.
    void copySelection(CopyFormat format);
    static constexpr qint64 kMaxCopyRows = 100'000;

    DataTableModel *model() const { return m_model; }
    RowCache *rows() const { return m_rows; } // the table browse the grid shows
    DataGrid *grid() const { return m_grid; }
    JsonViewer *jsonViewer() const { return m_json; }
    const BrowseSpec &spec() const;
    QString statusText() const;
    QString filterError() const;
    QString detailText() const;
    bool isBusy() const;

signals:
    void tableShown(); // a table's (or a new view's) first block is on screen
    void viewRefused(const QString &message); // the filter or sort was not applied
    void rowsCounted(qint64 rows);
    void exportFinished(bool ok, const QString &message);
    void detailShown();
    void copied(bool ok, const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct ViewStart
    {
        BrowseSpec spec;
        Block first;
        qint64 estimate = 0;
        FilterPlan plan;
        JumpMap jumps; // where jumps land (readJumpMap)
    };
    void buildControls();
    void activate();
    void loadTableList();
    void applySpec(const BrowseSpec &spec, bool reloadColumns = false);
    void showViewStart(ViewStart start);
    void updateFilterControls(); // usable with a connection and a table
    void updateStatus();
    void showContextMenu(const QPoint &position);
    void setBusy(const QString &what);
    void followKey(qint64 row, const ForeignKeyInfo &key, bool toReferenced);
    QList<Filter> keyFilters(qint64 row, const QStringList &fromColumns,
                             const QStringList &toColumns) const;
    void finishCopy(CopyFormat format, const CopiedCells &cells);

    std::optional<ConnectionProfile> m_profile;
    DbWorker *m_worker = nullptr; // blocks, first blocks, whole values
    DbWorker *m_countWorker = nullptr; // counts and exports: no statement timeout
    RowCache *m_rows = nullptr;
    DataTableModel *m_model = nullptr;
    quint64 m_generation = 0; // a new view makes older answers stale
    quint64 m_connectionGeneration = 0; // a new connection makes the table list stale
    std::optional<QPair<QString, QString>> m_pendingOpen;
    QList<Filter> m_pendingFilters;
    FilterPlan m_plan;
    QString m_busyWhat;
    QString m_problem; // the last failed read or count, said first on the status line
    bool m_counting = false;
    bool m_exporting = false;
    bool m_copying = false;

    TablePicker *m_tableBox = nullptr;
    PartitionPicker *m_partitionBox = nullptr;
    FilterBar *m_filterBar = nullptr;
    QLabel *m_filtersLabel = nullptr;
    QLabel *m_filterError = nullptr;
    DataGrid *m_grid = nullptr;
    QStackedWidget *m_detail = nullptr;
    QLabel *m_detailTitle = nullptr; // "Row 1,234 · current_state"
    quint64 m_detailRequest = 0; // the cell asked for last: an earlier cell's late value is dropped
    QPlainTextEdit *m_text = nullptr;
    JsonViewer *m_json = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_backButton = nullptr;
    BrowseHistory m_back;
    std::optional<BrowsePlace> m_returning; // a Back under way: where to put the cursor
    QPushButton *m_countButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QPushButton *m_consoleButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace bridgescope
