#pragma once

#include "Error.h"

#include <QWidget>

class QLabel;
class QToolButton;
class QsciScintilla;

namespace bridgescope {

// An object's DDL, read-only and highlighted as the console highlights SQL, with Copy and
// Save…. Says what it is waiting for, or why there is nothing to show.
class DdlPane : public QWidget
{
    Q_OBJECT
public:
    explicit DdlPane(QWidget *parent = nullptr);

    void showDdl(const QString &title, const QString &ddl);
    void showMessage(const QString &message); // reading…, an error, nothing selected
    QString ddl() const { return m_ddl; }
    QString title() const;
    Status saveTo(const QString &path) const;

private:
    void chooseFile();

    QLabel *m_title = nullptr;
    QsciScintilla *m_editor = nullptr;
    QToolButton *m_copy = nullptr;
    QToolButton *m_save = nullptr;
    QString m_ddl;
};

} // namespace bridgescope
