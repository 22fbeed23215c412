// DataView's Copy: the grid's selection to the clipboard in a chosen format (RowCopy), from
// the rows the grid holds when they are there whole, else read on the count worker.
#include "Counted.h"
#include "connection/DbWorker.h"
#include "data/DataGrid.h"
#include "data/DataTableModel.h"
#include "data/DataView.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>

#include <algorithm>

namespace bridgescope {

namespace {

struct RowSpan
{
    qint64 first = 0;
    qint64 last = 0;
    qint64 count() const { return last - first + 1; }
};

// The selected rows as sorted, merged spans, and the columns any range covers. A copy is a
// table: every chosen column for every chosen row.
QList<RowSpan> rowSpans(const QList<CellRange> &ranges, qint64 totalRows)
{
    QList<RowSpan> spans;
    for (const CellRange &range : ranges)
        if (range.top < totalRows)
            spans << RowSpan { range.top, qMin(range.bottom, totalRows - 1) };
    std::sort(spans.begin(), spans.end(),
              [](const RowSpan &a, const RowSpan &b) { return a.first < b.first; });
    QList<RowSpan> merged;
    for (const RowSpan &span : spans)
        if (!merged.isEmpty() && span.first <= merged.last().last + 1)
            merged.last().last = qMax(merged.last().last, span.last);
        else
            merged << span;
    return merged;
}

QList<int> spannedColumns(const QList<CellRange> &ranges)
{
    QList<int> columns;
    for (const CellRange &range : ranges)
        for (int column = range.left; column <= range.right; ++column)
            if (!columns.contains(column))
                columns << column;
    std::sort(columns.begin(), columns.end());
    return columns;
}

// Whether the grid's text for a cell is the whole value (BrowseQuery cuts long ones).
bool isWhole(ColumnKind kind, const SqlText &raw)
{
    if (!raw)
        return true;
    if (kind == ColumnKind::Bytea)
        return false;
    return raw->size() <= kPreviewChars;
}

} // namespace

void DataView::copySelection(CopyFormat format)
{
    if (spec().table.columns.isEmpty() || m_copying)
        return;
    QList<CellRange> ranges = m_grid->selectedRanges();
    if (ranges.isEmpty() && m_grid->currentRow() >= 0)
        ranges << CellRange { m_grid->currentRow(), m_grid->currentRow(), m_grid->currentColumn(),
                              m_grid->currentColumn() };
    const QList<RowSpan> spans = rowSpans(ranges, m_model->totalRows());
    const QList<int> columns = spannedColumns(ranges);
    if (spans.isEmpty() || columns.isEmpty())
        return;
    qint64 rows = 0;
    for (const RowSpan &span : spans)
        rows += span.count();
    if (rows > kMaxCopyRows) {
        const QString message
            = tr("%1 are selected; Copy takes at most %2. Export writes any number to a file.")
                  .arg(counted(rows, tr("row"), tr("rows")), QLocale().toString(kMaxCopyRows));
        m_status->setText(message);
        emit copied(false, message);
        return;
    }

    CopiedCells cells;
    cells.qualifiedTable = spec().table.qualifiedName();
    for (int column : columns)
        cells.columns << spec().table.columns.value(column);

    // From the grid's rows when every one is there, whole.
    bool whole = true;
    for (const RowSpan &span : spans)
        for (qint64 row = span.first; whole && row <= span.last; ++row) {
            if (!m_model->isRowLoaded(row)) {
                whole = false;
                break;
            }
            QList<SqlText> values;
            for (int column : columns) {
                const SqlText raw = m_model->rawValue(row, column);
                whole = whole && isWhole(spec().table.columns[column].kind, raw);
                values << raw;
            }
            cells.rows << values;
        }
    if (whole) {
        finishCopy(format, cells);
        return;
    }

    // Else read them, each span from its first row's key where the grid has it.
    struct Piece
    {
        BlockStart start;
        qint64 count = 0;
    };
    QList<Piece> pieces;
    for (const RowSpan &span : spans) {
        Piece piece;
        piece.count = span.count();
        const std::optional<RowKey> key = m_rows->rowKey(span.first);
        if (key && !spec().table.key.isEmpty()) {
            piece.start.after = key;
            piece.start.inclusive = true;
        } else {
            piece.start.offset = span.first;
        }
        pieces << piece;
    }
    cells.rows.clear();
    m_copying = true;
    m_status->setText(tr("Copying %1\u2026").arg(counted(rows, tr("row"), tr("rows"))));
    m_cancel->setVisible(true);
    const quint64 generation = m_generation;
    m_countWorker->run<CellTable>(
        [current = spec(), pieces](Session &session) -> Result<CellTable> {
            CellTable all;
            for (const Piece &piece : pieces) {
                Result<Block> block = fetchBlock(session, current, piece.start, int(piece.count),
                                                 false, CellValues::Whole);
                if (!block)
                    return std::unexpected(block.error());
                all.appendRows(block->rows);
            }
            return all;
        },
        this,
        [this, generation, format, cells, columns](Result<CellTable> read) mutable {
            m_copying = false;
            m_cancel->setVisible(isBusy());
            if (generation != m_generation)
                return;
            if (!read) {
                const QString message = read.error().kind == Error::Kind::Cancelled
                    ? tr("Copying was cancelled; the clipboard is as it was.")
                    : tr("Copying failed: %1").arg(read.error().message);
                m_status->setText(message);
                emit copied(false, message);
                return;
            }
            for (int row = 0; row < read->rowCount(); ++row) {
                QList<SqlText> values;
                for (int column : columns)
                    values << read->cell(row, column);
                cells.rows << values;
            }
            finishCopy(format, cells);
        });
}

void DataView::finishCopy(CopyFormat format, const CopiedCells &cells)
{
    QGuiApplication::clipboard()->setText(formatCopy(format, cells));
    const QString message = cells.rows.size() == 1 && cells.columns.size() == 1
        ? tr("Copied one value.")
        : tr("Copied %1 \u00d7 %2 as %3.")
              .arg(counted(cells.rows.size(), tr("row"), tr("rows")),
                   counted(cells.columns.size(), tr("column"), tr("columns")),
                   copyFormatLabel(format));
    updateStatus();
    m_status->setText(message);
    emit copied(true, message);
}

} // namespace bridgescope
