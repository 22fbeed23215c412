#include "migrations/DriftPane.h"

#include "migrations/SqlHighlighter.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bridgescope {

namespace {

constexpr int kFindingRole = Qt::UserRole + 1;

QColor kindColour(CatalogDifference::Kind kind)
{
    switch (kind) {
    case CatalogDifference::Kind::Extra:
        return QColor(0xb0, 0x5a, 0x00); // amber: something was added by hand
    case CatalogDifference::Kind::Missing:
        return QColor(0xc0, 0x1c, 0x28); // red: something the migrations made is gone
    case CatalogDifference::Kind::Changed:
        return QColor(0x1c, 0x71, 0xd8); // blue: both have it, defined differently
    }
    return {};
}

QString commentBlock(const QString &text)
{
    return QStringLiteral("-- ") + QString(text).replace(QLatin1Char('\n'), QLatin1String("\n-- "));
}

} // namespace

QString driftKindLabel(CatalogDifference::Kind kind)
{
    switch (kind) {
    case CatalogDifference::Kind::Extra:
        return DriftPane::tr("in the database only");
    case CatalogDifference::Kind::Missing:
        return DriftPane::tr("in the migrations only");
    case CatalogDifference::Kind::Changed:
        return DriftPane::tr("different");
    }
    return {};
}

DriftPane::DriftPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_sql(new QPlainTextEdit(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Check for drift compares the database with what its applied "
                          "migrations make, in an empty database."));
    layout->addWidget(m_summary);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_list->setHeaderLabels({ tr("Difference"), tr("Object") });
    m_list->setRootIsDecorated(true);
    m_list->setUniformRowHeights(true);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_sql->setReadOnly(true);
    m_sql->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_sql->document());
    splitter->addWidget(m_list);
    splitter->addWidget(m_sql);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        while (item && item->parent())
            item = item->parent();
        showFinding(item ? item->data(0, kFindingRole).toInt() : -1);
    });
}

void DriftPane::clear()
{
    m_findings.clear();
    m_list->clear();
    m_sql->clear();
}

void DriftPane::showMessage(const QString &message)
{
    clear();
    m_summary->setText(message);
}

void DriftPane::showReport(const DriftReport &report)
{
    clear();
    QString summary = report.summary();
    if (report.compared())
        summary += QLatin1Char(' ')
            + tr("Replayed in %1; compared schema(s) %2.")
                  .arg(report.scratch, report.schemas.join(QLatin1String(", ")));
    m_summary->setText(summary);
    m_findings = report.findings;
    for (qsizetype i = 0; i < m_findings.size(); ++i) {
        const DriftFinding &finding = m_findings.at(i);
        auto *item = new QTreeWidgetItem(
            m_list, { driftKindLabel(finding.difference.kind), finding.difference.object });
        item->setData(0, kFindingRole, int(i));
        item->setForeground(0, kindColour(finding.difference.kind));
        item->setToolTip(1, finding.difference.explain());
        for (const QString &part : finding.within)
            new QTreeWidgetItem(item, { tr("with it"), part });
    }
    if (!m_findings.isEmpty())
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void DriftPane::showFinding(int index)
{
    if (index < 0 || index >= m_findings.size()) {
        m_sql->clear();
        return;
    }
    const DriftFinding &finding = m_findings.at(index);
    QStringList text { commentBlock(finding.difference.explain()) };
    if (!finding.within.isEmpty())
        text << commentBlock(tr("with %1").arg(finding.within.join(QLatin1String(", "))));
    text << QString() << tr("-- To make the database match the migrations:")
         << finding.sql.toMatchMigrations << QString()
         << tr("-- Or, to record the database as it is, in a new migration:")
         << finding.sql.toMatchDatabase;
    m_sql->setPlainText(text.join(QLatin1Char('\n')));
}

} // namespace bridgescope
