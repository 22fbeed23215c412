#pragma once

#include "catalog/CatalogIndex.h"

#include <QFrame>

#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;

namespace bridgescope {

// Go to anything (Ctrl+P): one line, and the objects that match it listed as you type, the
// best first; Up and Down move, Enter goes, Esc closes. It matches the catalog held in memory
// and never waits on the server.
class GoToPopup : public QFrame
{
    Q_OBJECT
public:
    explicit GoToPopup(QWidget *parent = nullptr);

    void setIndex(std::shared_ptr<const CatalogIndex> index); // null: not read yet
    void popUp(); // over the top of the parent, text selected
    void setText(const QString &text);
    QStringList shownNames() const; // the qualified names listed, best first
    static constexpr int kListed = 50;

signals:
    void chosen(int object);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();
    void choose();

    std::shared_ptr<const CatalogIndex> m_index;
    QLineEdit *m_edit = nullptr;
    QListWidget *m_list = nullptr;
    QLabel *m_note = nullptr;
};

} // namespace bridgescope
