#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <QWidget>

namespace bridgescope::test {

// With BRIDGESCOPE_SCREENSHOT_DIR set (README screenshots, run under xvfb), saves the widget
// as drawn to that folder. GUI tests only: it needs Qt Widgets.
inline void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString directory = qEnvironmentVariable("BRIDGESCOPE_SCREENSHOT_DIR");
    if (directory.isEmpty())
        return;
    // Text that changed just now (a wrapped label) is laid out by posted events: run them, as
    // the window would before it paints.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QVERIFY(widget.grab().save(QDir(directory).filePath(name)));
}

} // namespace bridgescope::test
