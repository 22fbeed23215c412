#include "console/HistoryDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

HistoryDialog::HistoryDialog(const QueryHistory &history, const QString &database, QWidget *parent)
    : QDialog(parent)
    , m_history(history)
    , m_database(database)
{
    setWindowTitle(tr("History"));
    resize(900, 480);
    auto *layout = new QVBoxLayout(this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Find in the statements run on this database"));
    m_search->setClearButtonEnabled(true);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setHeaderLabels(
        { tr("Last run"), tr("Runs"), tr("Time"), tr("Rows"), tr("Outcome"), tr("Statement") });
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Insert"));
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    if (!history.problem().isEmpty())
        m_search->setToolTip(tr("History is kept for this run only: %1").arg(history.problem()));
    connect(m_search, &QLineEdit::textChanged, this, &HistoryDialog::refill);
    connect(m_list, &QTreeWidget::itemActivated, this, &HistoryDialog::choose);
    connect(buttons, &QDialogButtonBox::accepted, this, &HistoryDialog::choose);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refill();
}

void HistoryDialog::refill()
{
    m_list->clear();
    for (const StatementRecord &entry : m_history.search(m_database, m_search->text())) {
        auto *item = new QTreeWidgetItem(
            m_list,
            { QLocale().toString(entry.lastRun.toLocalTime(), QLocale::ShortFormat),
              QString::number(entry.runs), QStringLiteral("%1 ms").arg(entry.durationMs),
              entry.rows < 0 ? QString() : QLocale().toString(entry.rows), entry.outcome,
              QString(entry.sql).replace(QLatin1Char('\n'), QLatin1Char(' ')) });
        item->setData(0, Qt::UserRole, entry.sql);
        item->setToolTip(5, entry.sql);
    }
    for (int column = 0; column < 5; ++column)
        m_list->resizeColumnToContents(column);
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void HistoryDialog::choose()
{
    if (QTreeWidgetItem *item = m_list->currentItem()) {
        m_chosen = item->data(0, Qt::UserRole).toString();
        accept();
    }
}

} // namespace bridgescope
