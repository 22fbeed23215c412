#include "data/TablePicker.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>
#include <QStringListModel>

namespace bridgescope {

TablePicker::TablePicker(QWidget *parent)
    : QComboBox(parent)
    , m_completer(new QCompleter(this))
    , m_matches(new QStringListModel(this))
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    lineEdit()->setPlaceholderText(tr("Type to find a table"));
    // The completer lists what the matcher ranked, as ranked: no filtering of its own.
    m_completer->setModel(m_matches);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setMaxVisibleItems(15);
    setCompleter(m_completer);
    connect(lineEdit(), &QLineEdit::textEdited, this, &TablePicker::typed);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &TablePicker::chooseText);
    connect(lineEdit(), &QLineEdit::returnPressed, this, [this] {
        if (m_completer->popup()->isVisible())
            return; // the popup's own Enter chooses
        const QStringList best = matchesFor(lineEdit()->text(), 1);
        if (!best.isEmpty())
            chooseText(best.first());
    });
    connect(this, &QComboBox::activated, this, [this](int index) {
        const QStringList parts = itemData(index).toStringList();
        if (parts.size() == 2)
            emit tableChosen(parts[0], parts[1]);
    });
}

QString TablePicker::displayName(const QString &schema, const QString &name)
{
    return schema == QLatin1String("public") ? name : schema + QLatin1Char('.') + name;
}

void TablePicker::setTables(const QList<RelationName> &tables)
{
    const QString current = currentText();
    const QSignalBlocker quiet(this);
    clear();
    QList<CatalogObject> objects;
    for (const RelationName &table : tables) {
        addItem(displayName(table.schema, table.name), QStringList { table.schema, table.name });
        CatalogObject object;
        object.kind = ObjectKind::Table;
        object.schema = table.schema;
        object.name = table.name;
        objects << object;
    }
    m_index = CatalogIndex(objects, { QStringLiteral("public") });
    setCurrentIndex(findText(current));
}

void TablePicker::clearTables()
{
    const QSignalBlocker quiet(this);
    clear();
    m_index = CatalogIndex();
}

void TablePicker::showTable(const QString &schema, const QString &name)
{
    const QSignalBlocker quiet(this);
    setCurrentIndex(findText(displayName(schema, name)));
}

QStringList TablePicker::matchesFor(const QString &typed, int limit) const
{
    QStringList names;
    for (const CatalogMatch &match : m_index.find(typed, limit)) {
        const CatalogObject &table = m_index.objects().at(match.index);
        names << displayName(table.schema, table.name);
    }
    return names;
}

void TablePicker::typed(const QString &text)
{
    m_matches->setStringList(matchesFor(text));
    if (!text.trimmed().isEmpty())
        m_completer->complete();
}

void TablePicker::chooseText(const QString &text)
{
    const int index = findText(text);
    if (index < 0)
        return;
    setCurrentIndex(index);
    const QStringList parts = itemData(index).toStringList();
    emit tableChosen(parts[0], parts[1]);
}

} // namespace bridgescope
