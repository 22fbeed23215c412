#include "navigator/GoToPopup.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

namespace bridgescope {

GoToPopup::GoToPopup(QWidget *parent)
    : QFrame(parent)
    , m_edit(new QLineEdit(this))
    , m_list(new QListWidget(this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("goToPopup"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_edit->setObjectName(QStringLiteral("goToText"));
    m_edit->setPlaceholderText(tr("Go to a table, view, function, type, column… (schema.name)"));
    m_edit->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("goToMatches"));
    m_list->setUniformItemSizes(true);
    m_note->setObjectName(QStringLiteral("goToNote"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_edit);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_note);
    m_edit->installEventFilter(this);
    connect(m_edit, &QLineEdit::textChanged, this, &GoToPopup::refresh);
    connect(m_list, &QListWidget::itemActivated, this, &GoToPopup::choose);
    // A click anywhere else closes it, as a popup would.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        if (isVisible() && now && now != this && !isAncestorOf(now))
            hide();
    });
    hide();
}

void GoToPopup::setIndex(std::shared_ptr<const CatalogIndex> index)
{
    m_index = std::move(index);
    if (isVisible())
        refresh();
}

void GoToPopup::popUp()
{
    QWidget *host = parentWidget();
    const int width = std::min(host->width() - 40, 720);
    setGeometry((host->width() - width) / 2, 8, width, std::min(host->height() - 16, 420));
    show();
    raise();
    m_edit->setFocus();
    m_edit->selectAll();
    refresh();
}

void GoToPopup::setText(const QString &text)
{
    m_edit->setText(text);
}

QStringList GoToPopup::shownNames() const
{
    QStringList names;
    for (int row = 0; row < m_list->count(); ++row)
        names << m_list->item(row)->data(Qt::UserRole + 1).toString();
    return names;
}

void GoToPopup::refresh()
{
    m_list->clear();
    if (!m_index) {
        m_note->setText(tr("Reading the catalog…"));
        return;
    }
    const QString text = m_edit->text().trimmed();
    if (text.isEmpty()) {
        m_note->setText(
            tr("%1 objects: type a part of a name.").arg(QLocale().toString(m_index->size())));
        return;
    }
    const QList<CatalogMatch> matches = m_index->find(text, kListed);
    for (const CatalogMatch &match : matches) {
        const CatalogObject &object = m_index->objects().at(match.index);
        auto *item = new QListWidgetItem(
            QStringLiteral("%1    %2").arg(object.qualified, objectKindName(object.kind)), m_list);
        item->setData(Qt::UserRole, match.index);
        item->setData(Qt::UserRole + 1, object.qualified);
        item->setToolTip(object.detail);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_note->setText(matches.isEmpty() ? tr("Nothing matches \"%1\".").arg(text)
                                      : tr("Enter opens the object; Esc closes."));
}

void GoToPopup::choose()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const int object = item->data(Qt::UserRole).toInt();
    hide();
    emit chosen(object);
}

bool GoToPopup::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Down:
        case Qt::Key_Up:
        case Qt::Key_PageDown:
        case Qt::Key_PageUp:
            QApplication::sendEvent(m_list, event);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            choose();
            return true;
        case Qt::Key_Escape:
            hide();
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace bridgescope
