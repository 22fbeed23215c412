#include "diagram/TableItem.h"

#include "diagram/DiagramColors.h"
#include "diagram/DiagramScene.h"
#include "diagram/EdgeItem.h"

#include <QFontMetricsF>
#include <QGraphicsSceneHoverEvent>
#include <QGraphicsSceneMouseEvent>
#include <QLocale>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTextLayout>

namespace bridgescope {

namespace colors = diagramcolors;

namespace {

QStringList badgesOf(const ColumnRoles &roles)
{
    QStringList badges;
    if (roles.primaryKey)
        badges << QStringLiteral("PK");
    if (roles.foreignKey)
        badges << QStringLiteral("FK");
    if (roles.unique && !roles.primaryKey)
        badges << QStringLiteral("UK");
    if (roles.indexed && !roles.primaryKey && !roles.unique)
        badges << QStringLiteral("IX");
    return badges.mid(0, 2); // room for two; the tooltip has them all
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

DiagramMetrics::DiagramMetrics(const QFont &base)
    : font(base)
    , bold(base)
    , italic(base)
    , small(base)
    , overview(base)
{
    font.setPointSizeF(9);
    bold = font;
    bold.setBold(true);
    italic = font;
    italic.setItalic(true);
    small = font;
    small.setPointSizeF(6.5);
    small.setBold(true);
    overview = bold;
    const QFontMetricsF metrics(font);
    rowHeight = std::ceil(metrics.height() + 4);
    headerHeight = std::ceil(metrics.height() * 1.5 + 4);
    badgeWidth = std::ceil(QFontMetricsF(small).horizontalAdvance(QStringLiteral("PK")) + 6);
}

TableItem::TableItem(const TableInfo &table, QList<ColumnRoles> roles,
                     const DiagramMetrics &metrics, bool showSchema)
    : m_table(table)
    , m_roles(std::move(roles))
    , m_metrics(metrics)
    , m_showSchema(showSchema)
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(1);
    setCacheMode(DeviceCoordinateCache);

    // Several schemas are framed, each frame named: the box says the table's name alone.
    m_title = table.name;
    QStringList subtitle;
    if (table.kind != RelationKind::Table)
        subtitle << relationKindName(table.kind);
    if (!table.readable)
        subtitle << QStringLiteral("no access");
    m_subtitle = subtitle.join(QStringLiteral(", "));
    m_headerHeight = metrics.headerHeight + (m_subtitle.isEmpty() ? 0 : metrics.rowHeight - 4);

    // Widths from the text as it is drawn: a key column's name in bold, "?" after a nullable
    // one. Every column counts, shown or not, so that expanding keeps the width.
    const QFontMetricsF regular(metrics.font);
    const QFontMetricsF bold(metrics.bold);
    qreal nameWidth = 0, typeWidth = 0;
    for (int i = 0; i < table.columns.size(); ++i) {
        const ColumnInfo &column = table.columns.at(i);
        const QString drawn = column.name + (column.notNull ? QString() : QStringLiteral("?"));
        nameWidth = std::max(
            nameWidth, (m_roles.value(i).primaryKey ? bold : regular).horizontalAdvance(drawn));
        typeWidth = std::max(typeWidth, regular.horizontalAdvance(column.type));
    }
    const qreal pad = metrics.padding;
    m_nameX = pad + 2 * metrics.badgeWidth + pad / 2;
    m_typeColumnX = m_nameX + nameWidth + 1.5 * pad;
    const qreal columnsWidth = m_typeColumnX + typeWidth + pad;
    const qreal typeRoom = m_typeColumnX + std::min(typeWidth, 60.0) + pad;
    const qreal titleWidth = std::max(bold.horizontalAdvance(m_title),
                                      QFontMetricsF(metrics.italic).horizontalAdvance(m_subtitle))
        + 2 * pad + 4;
    const qreal width
        = std::max({ std::min(columnsWidth, metrics.maxWidth), typeRoom, titleWidth, 120.0 });
    m_size.setWidth(std::ceil(width));
    layOut();
}

void TableItem::layOut()
{
    m_shown.clear();
    const int columns = int(m_table.columns.size());
    if (!isCollapsible() || m_expanded) {
        for (int i = 0; i < columns; ++i)
            m_shown << i;
    } else {
        // Keys first (they carry the edges), then the first columns, in table order.
        QList<bool> keep(columns, false);
        int kept = 0;
        for (int i = 0; i < columns && kept < kShownCollapsed; ++i) {
            const ColumnRoles roles = m_roles.value(i);
            if (roles.primaryKey || roles.foreignKey || roles.unique) {
                keep[i] = true;
                ++kept;
            }
        }
        for (int i = 0; i < columns && kept < kShownCollapsed; ++i) {
            if (!keep[i]) {
                keep[i] = true;
                ++kept;
            }
        }
        for (int i = 0; i < columns; ++i) {
            if (keep[i])
                m_shown << i;
        }
    }
    const qreal more = isCollapsible() ? m_metrics.rowHeight : 0;
    const qreal footer = m_table.partitions.isEmpty() ? 0 : m_metrics.rowHeight;
    m_size.setHeight(m_headerHeight + m_shown.size() * m_metrics.rowHeight + more + footer + 2);
}

qreal TableItem::moreRowTop() const
{
    return m_headerHeight + m_shown.size() * m_metrics.rowHeight;
}

void TableItem::setExpanded(bool expanded)
{
    if (!isCollapsible() || expanded == m_expanded)
        return;
    prepareGeometryChange();
    m_expanded = expanded;
    m_hoverRow = -2;
    layOut();
    update();
    for (EdgeItem *edge : std::as_const(m_edges))
        edge->reroute();
    if (auto *diagram = qobject_cast<DiagramScene *>(scene()))
        diagram->tablesDropped(); // schema frames follow the new size
}

QRectF TableItem::boundingRect() const
{
    return QRectF(QPointF(-2, -2), m_size + QSizeF(4, 4));
}

int TableItem::columnIndex(const QString &name) const
{
    for (int i = 0; i < m_table.columns.size(); ++i) {
        if (m_table.columns.at(i).name == name)
            return i;
    }
    return -1;
}

QPointF TableItem::anchor(int column, bool rightSide) const
{
    // A column folded away anchors on the "… more columns" row.
    qreal y = m_headerHeight / 2;
    if (const qsizetype row = m_shown.indexOf(column); column >= 0 && row >= 0)
        y = m_headerHeight + (row + 0.5) * m_metrics.rowHeight;
    else if (column >= 0 && isCollapsible())
        y = moreRowTop() + m_metrics.rowHeight / 2;
    return mapToScene(QPointF(rightSide ? m_size.width() : 0, y));
}

int TableItem::rowAt(QPointF local) const
{
    if (local.y() < m_headerHeight)
        return -1;
    const int row = int((local.y() - m_headerHeight) / m_metrics.rowHeight);
    if (row < m_shown.size())
        return m_shown.at(row);
    if (isCollapsible() && row == m_shown.size())
        return kMoreRow;
    return -1;
}

void TableItem::setDimmed(bool dimmed)
{
    setOpacity(dimmed ? 0.22 : 1.0);
}

void TableItem::setMatch(bool matched, int column)
{
    if (m_matched == matched && m_matchedColumn == column)
        return;
    m_matched = matched;
    m_matchedColumn = matched ? column : -1;
    if (m_matchedColumn >= 0 && !m_shown.contains(m_matchedColumn))
        setExpanded(true); // a match among the folded columns is shown
    update();
}

QStringList TableItem::overviewLines(qreal scale, QFont *fitted) const
{
    // The name may break after '_' or '.' (a zero-width space there), never inside a word: the
    // font shrinks from a size that stays readable however far out the view is until the lines
    // fit the box.
    QString text = m_table.name;
    text.replace(QLatin1Char('_'), QStringLiteral("_\u200B"));
    text.replace(QLatin1Char('.'), QStringLiteral(".\u200B"));
    const QRectF room = QRectF(QPointF(0, 0), m_size).adjusted(4, 4, -4, -4);
    QFont font = m_metrics.overview;
    qreal size = std::min(9.0 / std::max(scale, 0.02), m_size.height() * 0.3);
    QStringList lines;
    for (int attempt = 0; attempt < 24; ++attempt, size *= 0.88) {
        font.setPointSizeF(std::max(size, 1.0));
        QTextLayout layout(text, font);
        QTextOption option;
        option.setWrapMode(QTextOption::WordWrap);
        layout.setTextOption(option);
        layout.beginLayout();
        lines.clear();
        qreal height = 0;
        bool fits = true;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(room.width());
            if (line.naturalTextWidth() > room.width() + 0.5)
                fits = false; // one word wider than the box
            height += line.height();
            lines << text.mid(line.textStart(), line.textLength()).remove(QChar(0x200B));
        }
        layout.endLayout();
        if (fits && height <= room.height() + 0.5)
            break;
    }
    if (fitted)
        *fitted = font;
    return lines;
}

void TableItem::paintOverview(QPainter *painter, qreal scale) const
{
    // Names only, in a size that stays readable however far out the view is.
    const QRectF box(QPointF(0, 0), m_size);
    painter->setPen(QPen(isSelected() ? colors::selection() : colors::boxBorder(), 0));
    painter->setBrush(colors::header(m_table.kind == RelationKind::View
                                     || m_table.kind == RelationKind::MaterializedView));
    painter->drawRect(box);
    if (m_matched) // a search match, seen however far out the view is
        painter->fillRect(box.adjusted(0, 0, 0, -box.height() * 0.75), colors::match());
    // The lines depend on the zoom only: kept for the zoom they were made at.
    if (m_overviewScale != scale) {
        m_overviewLines = overviewLines(scale, &m_overviewFont);
        m_overviewScale = scale;
    }
    painter->setFont(m_overviewFont);
    painter->setPen(colors::headerText());
    painter->drawText(box.adjusted(4, 4, -4, -4), Qt::AlignCenter,
                      m_overviewLines.join(QLatin1Char('\n')));
}

void TableItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal scale = option->levelOfDetailFromTransform(painter->worldTransform());
    if (scale < kOverviewScale) {
        paintOverview(painter, scale);
        return;
    }
    const bool isView
        = m_table.kind == RelationKind::View || m_table.kind == RelationKind::MaterializedView;
    const QRectF box(QPointF(0, 0), m_size);
    const qreal pad = m_metrics.padding;

    painter->setPen(Qt::NoPen);
    painter->setBrush(colors::boxFill());
    painter->drawRect(box);
    const QRectF header(0, 0, m_size.width(), m_headerHeight);
    painter->setBrush(colors::header(isView));
    painter->drawRect(header);
    if (m_matched && m_matchedColumn < 0) { // matched by its name: the header framed
        painter->setPen(QPen(colors::match(), 3));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(header.adjusted(1.5, 1.5, -1.5, -1.5));
        painter->setPen(Qt::NoPen);
    }

    // The name whole (the box is as wide as it needs); the kind on a line of its own.
    painter->setPen(colors::headerText());
    painter->setFont(isView ? m_metrics.italic : m_metrics.bold);
    const QRectF titleLine(pad, 0, m_size.width() - 2 * pad, m_metrics.headerHeight);
    painter->drawText(titleLine, Qt::AlignVCenter | Qt::AlignLeft, m_title);
    if (!m_subtitle.isEmpty()) {
        painter->setFont(m_metrics.italic);
        painter->drawText(
            QRectF(pad, m_metrics.headerHeight - 6, titleLine.width(), m_metrics.rowHeight),
            Qt::AlignVCenter | Qt::AlignLeft, m_subtitle);
    }

    const QFontMetricsF regular(m_metrics.font);
    for (int r = 0; r < m_shown.size(); ++r) {
        const int i = m_shown.at(r);
        const ColumnInfo &column = m_table.columns.at(i);
        const QRectF row(0, m_headerHeight + r * m_metrics.rowHeight, m_size.width(),
                         m_metrics.rowHeight);
        if (i == m_matchedColumn || i == m_hoverRow) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(i == m_matchedColumn ? colors::match() : QColor(0xee, 0xf3, 0xfa));
            painter->drawRect(row);
        }
        qreal x = pad;
        for (const QString &badge : badgesOf(m_roles.value(i))) {
            const QRectF badgeRect(x, row.top() + 3, m_metrics.badgeWidth - 2, row.height() - 6);
            painter->setPen(Qt::NoPen);
            painter->setBrush(colors::badge(badge));
            painter->drawRoundedRect(badgeRect, 2, 2);
            painter->setPen(Qt::white);
            painter->setFont(m_metrics.small);
            painter->drawText(badgeRect, Qt::AlignCenter, badge);
            x += m_metrics.badgeWidth;
        }
        const ColumnRoles roles = m_roles.value(i);
        painter->setFont(roles.primaryKey ? m_metrics.bold : m_metrics.font);
        painter->setPen(colors::text());
        // The name column is as wide as the widest name: nothing to elide.
        painter->drawText(QRectF(m_nameX, row.top(), m_typeColumnX - m_nameX, row.height()),
                          Qt::AlignVCenter | Qt::AlignLeft,
                          column.name + (column.notNull ? QString() : QStringLiteral("?")));
        painter->setFont(m_metrics.font);
        painter->setPen(colors::typeText());
        const qreal typeWidth = m_size.width() - m_typeColumnX - pad;
        painter->drawText(QRectF(m_typeColumnX, row.top(), typeWidth, row.height()),
                          Qt::AlignVCenter | Qt::AlignRight,
                          regular.elidedText(column.type, Qt::ElideRight, typeWidth));
    }
    if (isCollapsible()) {
        const QRectF row(0, moreRowTop(), m_size.width(), m_metrics.rowHeight);
        if (m_hoverRow == kMoreRow) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(0xee, 0xf3, 0xfa));
            painter->drawRect(row);
        }
        painter->setFont(m_metrics.italic);
        painter->setPen(colors::selection());
        const int hidden = int(m_table.columns.size() - m_shown.size());
        painter->drawText(row.adjusted(pad, 0, -pad, 0), Qt::AlignVCenter | Qt::AlignLeft,
                          m_expanded ? QStringLiteral("\u25b4 show fewer columns")
                                     : QStringLiteral("\u2026 %1 more columns").arg(hidden));
    }
    if (!m_table.partitions.isEmpty()) {
        painter->setFont(m_metrics.italic);
        painter->setPen(colors::typeText());
        painter->drawText(QRectF(pad, m_size.height() - m_metrics.rowHeight - 1,
                                 m_size.width() - 2 * pad, m_metrics.rowHeight),
                          Qt::AlignVCenter | Qt::AlignLeft,
                          QStringLiteral("%1 partitions").arg(m_table.partitions.size()));
    }
    painter->setBrush(Qt::NoBrush);
    painter->setPen(isSelected() ? QPen(colors::selection(), 2.5) : QPen(colors::boxBorder(), 1));
    painter->drawRect(box);
}

QString TableItem::tableToolTip() const
{
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> — %2")
                 .arg(escaped(m_table.qualifiedName()), relationKindName(m_table.kind));
    if (!m_table.comment.isEmpty())
        lines << QStringLiteral("<i>%1</i>").arg(escaped(m_table.comment));
    QStringList facts;
    if (m_table.estimatedRows >= 0)
        facts << QStringLiteral("about %1 rows (planner estimate)")
                     .arg(QLocale().toString(m_table.estimatedRows));
    if (m_table.totalBytes >= 0)
        facts << QLocale().formattedDataSize(m_table.totalBytes);
    if (!facts.isEmpty())
        lines << facts.join(QStringLiteral(", "));
    if (!m_table.partitions.isEmpty())
        lines << QStringLiteral("partitions: %1")
                     .arg(escaped(m_table.partitionNames().join(QStringLiteral(", "))));
    if (!m_table.readable)
        lines << QStringLiteral("You may not SELECT from this table.");
    // A temporal key's WITHOUT OVERLAPS shows in no index's keys: its definition, then.
    for (const ConstraintInfo &key : QList { m_table.primaryKey } + m_table.uniqueConstraints) {
        if (key.definition.contains(QLatin1String("WITHOUT OVERLAPS")))
            lines << escaped(key.definition);
    }
    for (const IndexInfo &index : m_table.indexes) {
        QString line
            = QStringLiteral("%1 %2 (%3)")
                  .arg(index.unique ? QStringLiteral("unique") : QStringLiteral("index"),
                       escaped(index.name), escaped(index.keys.join(QStringLiteral(", "))));
        if (index.method != QLatin1String("btree"))
            line += QStringLiteral(" <b>%1</b>").arg(index.method.toUpper());
        if (!index.predicate.isEmpty())
            line += QStringLiteral(" WHERE %1").arg(escaped(index.predicate));
        lines << line;
    }
    for (const ConstraintInfo &check : m_table.checkConstraints)
        lines << escaped(check.definition); // "CHECK (…)" already

    return lines.join(QStringLiteral("<br>"));
}

QString TableItem::columnToolTip(int columnIndex) const
{
    const ColumnInfo &column = m_table.columns.at(columnIndex);
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> %2%3")
                 .arg(escaped(column.name), escaped(column.type),
                      column.notNull ? QStringLiteral(" NOT NULL") : QString());
    if (!column.notNullConstraint.isEmpty())
        lines << QStringLiteral("NOT NULL as constraint %1").arg(escaped(column.notNullConstraint));
    if (const QString source = column.valueSource(); !source.isEmpty())
        lines << escaped(source);
    if (!column.comment.isEmpty())
        lines << QStringLiteral("<i>%1</i>").arg(escaped(column.comment));
    for (const IndexInfo &index : m_table.indexes) {
        for (const QString &key : index.keys) {
            if (key == column.name || key.startsWith(column.name + QLatin1Char(' '))) {
                QString line = QStringLiteral("in %1 (%2, %3)")
                                   .arg(escaped(index.name), index.method,
                                        escaped(index.keys.join(QStringLiteral(", "))));
                if (!index.predicate.isEmpty())
                    line += QStringLiteral(" WHERE %1").arg(escaped(index.predicate));
                lines << line;
                break;
            }
        }
    }
    return lines.join(QStringLiteral("<br>"));
}

QVariant TableItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        m_moved = true;
    return QGraphicsItem::itemChange(change, value);
}

void TableItem::hoverMoveEvent(QGraphicsSceneHoverEvent *event)
{
    const int row = rowAt(event->pos());
    if (row != m_hoverRow) {
        m_hoverRow = row;
        setToolTip(
            row == kMoreRow
                ? (m_expanded
                       ? QStringLiteral("Click to show the key and first columns only")
                       : QStringLiteral("Click to show all %1 columns").arg(m_table.columns.size()))
                : row < 0 ? tableToolTip()
                          : columnToolTip(row));
        update();
    }
    QGraphicsItem::hoverMoveEvent(event);
}

void TableItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hoverRow = -2;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

void TableItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    m_moved = false; // moves by the layout are not this gesture's
    QGraphicsItem::mousePressEvent(event);
}

void TableItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsItem::mouseReleaseEvent(event);
    // A click (no drag) on "… N more columns" expands the box; on "show fewer", collapses it.
    if (!m_moved && event->button() == Qt::LeftButton && rowAt(event->pos()) == kMoreRow) {
        setExpanded(!m_expanded);
        return;
    }
    if (m_moved) {
        m_moved = false;
        // Edges follow once the box is dropped (of every selected box that moved with it).
        if (auto *diagram = qobject_cast<DiagramScene *>(scene()))
            diagram->tablesDropped();
    }
}

void TableItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsItem::mouseDoubleClickEvent(event);
    if (auto *diagram = qobject_cast<DiagramScene *>(scene()))
        emit diagram->tableActivated(m_table.schema, m_table.name);
}

} // namespace bridgescope
