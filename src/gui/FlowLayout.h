#pragma once

#include <QBoxLayout>
#include <QLayout>
#include <QList>

namespace bridgescope {

// A row of controls that wraps onto a further line when the window is too narrow for it,
// instead of squeezing its buttons and combo boxes until their words are cut ("pply nex").
// Items keep their size hint; a line is as tall as its tallest item, items centred in it.
// An expanding spacer (addStretch) or a widget whose size policy expands horizontally takes
// a share of what its line leaves over, so controls after a stretch sit at the right edge as
// in a QHBoxLayout. Hidden widgets take no room.
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr);
    ~FlowLayout() override;

    void addStretch(); // an expanding spacer, as QBoxLayout::addStretch
    // Items that stay on one line together ("Split:" and its combo box).
    void addLayout(QLayout *layout);
    // The row built as a QBoxLayout (by Designer's .ui) replaced in its parent layout by a
    // FlowLayout holding the same items in the same order.
    static FlowLayout *replace(QBoxLayout *row);

    void addItem(QLayoutItem *item) override;
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override; // the widest item: the row never needs more
    QSize sizeHint() const override; // everything on one line
    void setGeometry(const QRect &rect) override;

    // The lines the items fell into at the last setGeometry (for tests and tooltips).
    int lineCount() const { return m_lines; }

private:
    int horizontalGap() const;
    int verticalGap() const;
    // Lays the items out in rect (when apply) and returns the height they take.
    int arrange(const QRect &rect, bool apply) const;

    QList<QLayoutItem *> m_items;
    mutable int m_lines = 0;
};

} // namespace bridgescope
