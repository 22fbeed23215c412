#pragma once

#include <QString>

class QMessageBox;
class QWidget;

namespace bridgescope {

// The question before an action that cannot be undone (a rollback, a terminate, a run on a
// database that is not ours): the action named on its own button, and the safe choice the
// default and the escape, so that Enter or Esc leaves everything as it was.
QMessageBox *destructiveQuestion(QWidget *parent, const QString &action, const QString &text,
                                 const QString &safeChoice = {});

// Asks (modal) and says whether the user chose the action.
bool askBeforeDestroying(QWidget *parent, const QString &action, const QString &text,
                         const QString &safeChoice = {});

} // namespace bridgescope
