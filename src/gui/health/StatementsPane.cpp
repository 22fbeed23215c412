#include "health/StatementsPane.h"

#include "health/HealthFormat.h"

#include <QAction>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

StatementsPane::StatementsPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_statements(new QTreeWidget(this))
{
    m_summary->setObjectName(QStringLiteral("statementsSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statements->setObjectName(QStringLiteral("statementTree"));
    m_statements->setHeaderLabels({ tr("Calls"), tr("Total ms"), tr("Mean ms"), tr("Rows"),
                                    tr("Cache hit"), tr("User"), tr("Statement") });
    m_statements->setRootIsDecorated(false);
    m_statements->setUniformRowHeights(true);
    m_statements->setSortingEnabled(true);
    m_statements->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *open = new QAction(tr("Open in console"), m_statements);
    open->setObjectName(QStringLiteral("openStatementInConsole"));
    m_statements->addAction(open);
    auto openCurrent = [this] {
        if (QTreeWidgetItem *item = m_statements->currentItem())
            emit openInConsoleRequested(item->data(6, Qt::UserRole).toString());
    };
    connect(open, &QAction::triggered, this, openCurrent);
    auto *explain = new QAction(tr("Explain in console"), m_statements);
    explain->setObjectName(QStringLiteral("explainStatementInConsole"));
    m_statements->addAction(explain);
    connect(explain, &QAction::triggered, this, [this] {
        if (QTreeWidgetItem *item = m_statements->currentItem())
            emit explainRequested(item->data(6, Qt::UserRole).toString());
    });
    connect(m_statements, &QTreeWidget::itemDoubleClicked, this, openCurrent);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_statements, 1);
    clear();
}

QString StatementsPane::summary() const
{
    return m_summary->text();
}

void StatementsPane::clear()
{
    m_loaded = false;
    m_statements->clear();
    m_summary->setText(tr("Top statements are read when this page is shown and on Refresh (F5)."));
}

void StatementsPane::showError(const QString &message)
{
    m_summary->setText(message);
}

void StatementsPane::showReport(const TopStatementsReport &report)
{
    m_loaded = true;
    m_statements->setSortingEnabled(false);
    m_statements->clear();
    m_statements->setVisible(report.available);
    if (!report.available) {
        m_summary->setText(report.unavailableReason);
        return;
    }
    for (const StatementStats &s : report.statements) {
        const qint64 blocks = s.sharedBlocksHit + s.sharedBlocksRead;
        const double hit = blocks ? double(s.sharedBlocksHit) / double(blocks) : -1;
        auto *item = new health::SortableItem(
            m_statements,
            { QLocale().toString(s.calls), QLocale().toString(s.totalMs, 'f', 1),
              QLocale().toString(s.meanMs, 'f', 2), QLocale().toString(s.rows),
              hit < 0 ? QStringLiteral("\u2013") : health::percent(hit), s.user,
              health::oneLine(s.query, 200) });
        item->setSortValue(0, double(s.calls));
        item->setSortValue(1, s.totalMs);
        item->setSortValue(2, s.meanMs);
        item->setSortValue(3, double(s.rows));
        item->setSortValue(4, hit);
        item->setToolTip(6, s.query);
        item->setData(6, Qt::UserRole, s.query);
    }
    m_statements->setSortingEnabled(true);
    m_statements->sortByColumn(1, Qt::DescendingOrder);
    for (int column = 0; column < 6; ++column)
        m_statements->resizeColumnToContents(column);
    m_summary->setText(tr("%n statement(s) of this database by total time, from "
                          "pg_stat_statements (constants shown as $1, $2 \u2026).",
                          nullptr, int(report.statements.size())));
}

} // namespace bridgescope
