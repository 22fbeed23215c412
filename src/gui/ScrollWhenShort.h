#pragma once

#include <QFrame>
#include <QScrollArea>

namespace bridgescope {

// content in a frameless scroll area that fills its place and scrolls only when the window
// is smaller than content's minimum: a page of stacked parts (four charts, a trace's header,
// waterfall and details) stays whole in a short window instead of holding the window tall.
inline QScrollArea *scrollWhenShort(QWidget *content, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setWidget(content);
    return area;
}

} // namespace bridgescope
