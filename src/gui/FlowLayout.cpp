#include "FlowLayout.h"

#include <QSpacerItem>
#include <QStyle>
#include <QWidget>

#include <algorithm>

namespace bridgescope {

namespace {

bool isStretch(QLayoutItem *item)
{
    return item->spacerItem()
        && (item->spacerItem()->sizePolicy().horizontalPolicy() & QSizePolicy::ExpandFlag);
}

// A stretch, or a widget that asks for more width than its hint (a filter bar): each takes a
// share of what its line leaves over.
bool takesSpare(QLayoutItem *item)
{
    return isStretch(item) || (!item->isEmpty() && (item->expandingDirections() & Qt::Horizontal));
}

} // namespace

FlowLayout::FlowLayout(QWidget *parent)
    : QLayout(parent)
{ }

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addStretch()
{
    addItem(new QSpacerItem(0, 0, QSizePolicy::Expanding, QSizePolicy::Minimum));
}

void FlowLayout::addLayout(QLayout *layout)
{
    addChildLayout(layout);
    addItem(layout);
}

FlowLayout *FlowLayout::replace(QBoxLayout *row)
{
    auto *parent = qobject_cast<QBoxLayout *>(row->parent());
    Q_ASSERT(parent);
    const int index = parent->indexOf(row);
    auto *flow = new FlowLayout;
    flow->setContentsMargins(row->contentsMargins());
    flow->setSpacing(row->spacing());
    while (QLayoutItem *item = row->takeAt(0)) {
        if (QLayout *inner = item->layout()) {
            inner->setParent(nullptr);
            flow->addLayout(inner);
        } else {
            flow->addItem(item);
        }
    }
    delete parent->takeAt(index); // the emptied row
    parent->insertLayout(index, flow);
    return flow;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items << item;
    invalidate();
}

int FlowLayout::count() const
{
    return int(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const
{
    return m_items.value(index);
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    invalidate();
    return m_items.takeAt(index);
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    return {};
}

bool FlowLayout::hasHeightForWidth() const
{
    return true;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (QLayoutItem *item : m_items)
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    const QMargins margins = contentsMargins();
    return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

QSize FlowLayout::sizeHint() const
{
    int width = 0;
    int height = 0;
    int shown = 0;
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        width += item->sizeHint().width();
        height = std::max(height, item->sizeHint().height());
        ++shown;
    }
    width += std::max(0, shown - 1) * horizontalGap();
    const QMargins margins = contentsMargins();
    return QSize(width + margins.left() + margins.right(),
                 height + margins.top() + margins.bottom());
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::horizontalGap() const
{
    if (spacing() >= 0)
        return spacing();
    const QWidget *owner = parentWidget();
    const int gap = owner
        ? owner->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, owner)
        : -1;
    return gap >= 0 ? gap : 6;
}

int FlowLayout::verticalGap() const
{
    if (spacing() >= 0)
        return spacing();
    const QWidget *owner = parentWidget();
    const int gap = owner
        ? owner->style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing, nullptr, owner)
        : -1;
    return gap >= 0 ? gap : 6;
}

int FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int gap = horizontalGap();
    int top = area.y();
    int lines = 0;
    qsizetype next = 0;
    while (next < m_items.size()) {
        // One line: as many items as fit (always at least one), stretches included.
        QList<QLayoutItem *> line;
        int used = 0;
        int height = 0;
        int growing = 0;
        for (; next < m_items.size(); ++next) {
            QLayoutItem *item = m_items[next];
            if (item->isEmpty() && !isStretch(item))
                continue;
            const int width = isStretch(item) ? 0 : item->sizeHint().width();
            const int needed = line.isEmpty() ? width : used + gap + width;
            if (!line.isEmpty() && needed > area.width() && !isStretch(item))
                break;
            used = needed;
            line << item;
            growing += takesSpare(item);
            if (!isStretch(item))
                height = std::max(height, item->sizeHint().height());
        }
        if (line.isEmpty())
            break;
        // A stretch that ends or starts a wrapped line gives nothing: its line is full.
        const int spare = std::max(0, area.width() - used);
        if (apply) {
            int x = area.x();
            bool first = true;
            for (QLayoutItem *item : std::as_const(line)) {
                if (!first)
                    x += gap;
                first = false;
                const int extra = takesSpare(item) ? spare / growing : 0;
                if (isStretch(item)) {
                    item->setGeometry(QRect(x, top, extra, height));
                    x += extra;
                    continue;
                }
                const QSize size
                    = (item->sizeHint() + QSize(extra, 0)).boundedTo(QSize(area.width(), height));
                item->setGeometry(QRect(QPoint(x, top + (height - size.height()) / 2), size));
                x += size.width();
            }
        }
        top += height + verticalGap();
        ++lines;
    }
    if (apply)
        m_lines = lines;
    const QMargins margins = contentsMargins();
    return std::max(0, top - verticalGap() - area.y()) + margins.top() + margins.bottom();
}

} // namespace bridgescope
