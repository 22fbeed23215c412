#include "DestructiveQuestion.h"

#include <QMessageBox>
#include <QPushButton>

namespace bridgescope {

QMessageBox *destructiveQuestion(QWidget *parent, const QString &action, const QString &text,
                                 const QString &safeChoice)
{
    auto *box = new QMessageBox(QMessageBox::Warning, action, text, QMessageBox::NoButton, parent);
    box->setObjectName(QStringLiteral("destructiveQuestion"));
    QPushButton *go = box->addButton(action, QMessageBox::DestructiveRole);
    go->setObjectName(QStringLiteral("destructiveAction"));
    go->setAutoDefault(false);
    QPushButton *safe = box->addButton(
        safeChoice.isEmpty() ? QMessageBox::tr("Cancel") : safeChoice, QMessageBox::RejectRole);
    safe->setObjectName(QStringLiteral("safeChoice"));
    box->setDefaultButton(safe);
    box->setEscapeButton(safe);
    return box;
}

bool askBeforeDestroying(QWidget *parent, const QString &action, const QString &text,
                         const QString &safeChoice)
{
    QMessageBox *box = destructiveQuestion(parent, action, text, safeChoice);
    box->exec();
    const bool chosen = box->clickedButton()
        && box->clickedButton()->objectName() == QLatin1String("destructiveAction");
    delete box;
    return chosen;
}

} // namespace bridgescope
