#include "health/StoragePane.h"

#include "health/HealthFormat.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

using namespace health;

namespace {

// Dead rows past a fifth of the live ones: autovacuum's default trigger, so it is behind.
constexpr double kDeadShareWarning = 0.2;
constexpr double kBloatShareWarning = 0.3;

QTreeWidget *sortableTree(const QStringList &headers, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    tree->setSortingEnabled(true);
    return tree;
}

void tint(QTreeWidgetItem *item, int column, const QColor &color, const QString &why)
{
    item->setBackground(column, color);
    item->setToolTip(column, why);
}

QTreeWidgetItem *indexItem(QTreeWidget *tree, const IndexUse &index, const QString &verdict)
{
    auto *item = new SortableItem(tree,
                                  { verdict, index.schema + QLatin1Char('.') + index.name,
                                    index.table, health::bytes(index.bytes),
                                    QString::number(index.scans), index.definition });
    item->setSortValue(3, double(index.bytes));
    item->setSortValue(4, double(index.scans));
    item->setToolTip(5, index.definition);
    return item;
}

QString latest(const QDateTime &manual, const QDateTime &automatic)
{
    if (!manual.isValid() && !automatic.isValid())
        return ago(QDateTime());
    return manual.isValid() && (!automatic.isValid() || manual > automatic)
        ? ago(manual)
        : QObject::tr("%1 (auto)").arg(ago(automatic));
}

} // namespace

StoragePane::StoragePane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_tables(sortableTree({ tr("Table"), tr("Table size"), tr("Index size"), tr("Live rows"),
                              tr("Dead rows"), tr("Bloat (estimate)"), tr("Vacuumed"),
                              tr("Analysed"), tr("XID age") },
                            this))
    , m_databases(
          sortableTree({ tr("Database"), tr("Size"), tr("XID age"), tr("To wraparound") }, this))
    , m_unused(sortableTree(
          { QString(), tr("Index"), tr("Table"), tr("Size"), tr("Scans"), tr("Definition") }, this))
    , m_duplicates(sortableTree(
          { QString(), tr("Index"), tr("Table"), tr("Size"), tr("Scans"), tr("Definition") }, this))
{
    m_tables->setObjectName(QStringLiteral("storageTables"));
    m_unused->setObjectName(QStringLiteral("unusedIndexes"));
    m_duplicates->setObjectName(QStringLiteral("duplicateIndexes"));
    m_summary->setObjectName(QStringLiteral("storageSummary"));
    m_summary->setWordWrap(true);
    m_tables->headerItem()->setToolTip(
        5,
        tr("Wasted heap space estimated from the statistics of the last ANALYZE (average "
           "widths and null fractions), as the widely used catalog queries do: no extension, "
           "no table read. It ignores TOAST and padding between columns and reads high on "
           "wide, mostly-null columns; pgstattuple measures exactly."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(titled(m_tables, tr("Tables, the largest first"), splitter));
    auto *bottom = new QSplitter(Qt::Horizontal, splitter);
    bottom->addWidget(titled(m_databases, tr("Databases: age against wraparound"), bottom));
    bottom->addWidget(titled(m_unused, tr("Indexes never scanned"), bottom));
    bottom->addWidget(titled(m_duplicates, tr("Duplicate indexes"), bottom));
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    clear();
}

QString StoragePane::summary() const
{
    return m_summary->text();
}

void StoragePane::clear()
{
    m_loaded = false;
    for (QTreeWidget *tree : { m_tables, m_databases, m_unused, m_duplicates })
        tree->clear();
    m_summary->setText(tr("Sizes, dead rows and indexes are read when this page is shown and on "
                          "Refresh (F5)."));
}

void StoragePane::showLoading()
{
    m_summary->setText(tr("Reading sizes and statistics\u2026"));
}

void StoragePane::showError(const QString &message)
{
    m_summary->setText(message);
}

void StoragePane::showReport(const StorageReport &storage, const IndexReport &indexes)
{
    const bool first = !m_loaded;
    m_loaded = true;
    for (QTreeWidget *tree : { m_tables, m_databases, m_unused, m_duplicates }) {
        tree->setSortingEnabled(false);
        tree->clear();
    }
    int attention = 0;
    for (const TableStorage &t : storage.tables) {
        auto *item = new SortableItem(
            m_tables,
            { t.partitions
                  ? tr("%1 (%n partition(s))", nullptr, t.partitions).arg(t.qualifiedName())
                  : t.qualifiedName(),
              health::bytes(t.tableBytes) + (t.sizeFromCatalog ? QStringLiteral(" ~") : QString()),
              health::bytes(t.indexBytes), QLocale().toString(t.liveTuples),
              QLocale().toString(t.deadTuples),
              t.bloatBytes ? QStringLiteral("%1 (%2)").arg(health::bytes(*t.bloatBytes),
                                                           percent(t.bloatShare.value_or(0)))
                           : QStringLiteral("\u2013"),
              t.partitions ? QStringLiteral("\u2013") : latest(t.lastVacuum, t.lastAutovacuum),
              t.partitions ? QStringLiteral("\u2013") : latest(t.lastAnalyze, t.lastAutoanalyze),
              QLocale().toString(t.xidAge) });
        item->setSortValue(1, double(t.tableBytes));
        item->setSortValue(2, double(t.indexBytes));
        item->setSortValue(3, double(t.liveTuples));
        item->setSortValue(4, double(t.deadTuples));
        item->setSortValue(5, double(t.bloatBytes.value_or(-1)));
        item->setSortValue(8, double(t.xidAge));
        if (t.sizeFromCatalog)
            item->setToolTip(1,
                             tr("Locked exclusively by another session: sized from the "
                                "catalog (as of its last VACUUM or ANALYZE) rather than wait."));
        bool flagged = false;
        if (t.deadTuples > 1000 && t.deadTuples > kDeadShareWarning * double(t.liveTuples)) {
            tint(item, 4, kWarningColor,
                 tr("More dead rows than a fifth of the live ones: autovacuum is behind."));
            flagged = true;
        }
        if (t.bloatShare && *t.bloatShare > kBloatShareWarning && t.tableBytes > 1 << 20) {
            tint(item, 5, kWarningColor,
                 tr("Over %1 of the heap looks wasted: VACUUM FULL or pg_repack would give it "
                    "back.")
                     .arg(percent(kBloatShareWarning)));
            flagged = true;
        }
        if (storage.freezeMaxAge > 0 && t.xidAge > storage.freezeMaxAge) {
            tint(item, 8, kDangerColor,
                 tr("Older than autovacuum_freeze_max_age: an anti-wraparound vacuum is due."));
            flagged = true;
        }
        attention += flagged;
    }
    qint64 oldest = 0;
    for (const DatabaseStorage &d : storage.databases) {
        const double share = StorageReport::wraparoundShare(d.xidAge);
        auto *item = new SortableItem(
            m_databases,
            { d.name, health::bytes(d.bytes), QLocale().toString(d.xidAge), percent(share) });
        item->setSortValue(1, double(d.bytes));
        item->setSortValue(2, double(d.xidAge));
        item->setSortValue(3, share);
        if (share > 0.5)
            tint(item, 3, kDangerColor,
                 tr("Past half way to wraparound, when the server stops taking writes."));
        oldest = qMax(oldest, d.xidAge);
    }
    for (const IndexUse &index : indexes.unused)
        indexItem(m_unused, index, tr("unused"));
    for (const DuplicateIndexes &group : indexes.duplicates) {
        indexItem(m_duplicates, group.keep, tr("keep"));
        for (const IndexUse &index : group.redundant)
            tint(indexItem(m_duplicates, index, tr("drop")), 0, kWarningColor,
                 tr("The same as %1: it costs writes and space and adds nothing.")
                     .arg(group.keep.name));
    }
    // Turning sorting on sorts at once by the header's indicator (the first column, Z to A,
    // until the user clicks one): at first the tables keep the server's order, largest first,
    // by an indicator on no column, and the databases and unused indexes go largest first.
    // Later reads keep the order the user chose.
    if (first) {
        m_tables->header()->setSortIndicator(-1, Qt::AscendingOrder);
        m_databases->header()->setSortIndicator(1, Qt::DescendingOrder);
        m_unused->header()->setSortIndicator(3, Qt::DescendingOrder);
    }
    for (QTreeWidget *tree : { m_tables, m_databases, m_unused })
        tree->setSortingEnabled(true);
    for (int column = 0; column < m_tables->columnCount(); ++column)
        m_tables->resizeColumnToContents(column);
    for (QTreeWidget *tree : { m_databases, m_unused, m_duplicates })
        for (int column = 0; column < tree->columnCount() - 1; ++column)
            tree->resizeColumnToContents(column);
    const QString since = indexes.statsReset.isValid()
        ? tr("since %1").arg(QLocale().toString(indexes.statsReset, QLocale::ShortFormat))
        : tr("since the statistics began");
    m_summary->setText(
        tr("Database %1: %2. Oldest transaction ID age %3 (%4 of the way to wraparound; "
           "autovacuum forces a freeze at %5). %6 of %7 tables shown, %8 needing attention. "
           "%9 unused and %10 duplicate indexes (scans counted %11).")
            .arg(storage.database, health::bytes(storage.databaseBytes), QLocale().toString(oldest),
                 percent(StorageReport::wraparoundShare(oldest)),
                 QLocale().toString(storage.freezeMaxAge))
            .arg(storage.tables.size())
            .arg(storage.tableCount)
            .arg(attention)
            .arg(indexes.unused.size())
            .arg(indexes.duplicates.size())
            .arg(since));
}

} // namespace bridgescope
