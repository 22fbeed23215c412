#pragma once

#include <QLabel>

namespace bridgescope {

// A one-line label that may be narrower than its text: the text is cut with "…" at the end
// and shown whole in the tooltip (before the label's own tooltip, if it has one), so a long
// line (the status bar's server, database and user) never holds the window wide.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    QSize minimumSizeHint() const override; // a dozen characters
    bool isElided() const; // the text does not fit as it is drawn now

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
};

} // namespace bridgescope
