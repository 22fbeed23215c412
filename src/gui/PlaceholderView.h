#pragma once

#include <QWidget>

namespace bridgescope {

// Stands in a tab whose view is not built yet, and says so plainly: no fake content.
class PlaceholderView : public QWidget
{
    Q_OBJECT
public:
    PlaceholderView(const QString &title, const QString &whatItWillDo, QWidget *parent = nullptr);
};

} // namespace bridgescope
