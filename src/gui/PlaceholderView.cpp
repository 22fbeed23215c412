#include "PlaceholderView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bridgescope {

PlaceholderView::PlaceholderView(const QString &title, const QString &whatItWillDo, QWidget *parent)
    : QWidget(parent)
{
    auto *label = new QLabel(this);
    label->setObjectName(QStringLiteral("placeholderText"));
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setText(tr("<h2>%1</h2><p>This view is not built yet.</p><p>%2</p>")
                       .arg(title.toHtmlEscaped(), whatItWillDo.toHtmlEscaped()));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
}

} // namespace bridgescope
