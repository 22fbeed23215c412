#pragma once

#include "catalog/CatalogIndex.h"
#include "catalog/SchemaSnapshot.h"

#include <QComboBox>

class QCompleter;
class QStringListModel;

namespace bridgescope {

// The Data tab's choice of a table: a list to open, and a line to type in that lists the
// matches as you type with Go to anything's matcher (exact name first, word starts, `s.t`),
// the best first. Enter takes the best match.
class TablePicker : public QComboBox
{
    Q_OBJECT
public:
    explicit TablePicker(QWidget *parent = nullptr);

    void setTables(const QList<RelationName> &tables); // keeps the shown one if still there
    void clearTables();
    void showTable(const QString &schema, const QString &name); // no signal
    // The names listed for what was typed, best first ("public" tables by their bare name).
    QStringList matchesFor(const QString &typed, int limit = 20) const;

signals:
    void tableChosen(const QString &schema, const QString &name);

private:
    static QString displayName(const QString &schema, const QString &name);
    void typed(const QString &text);
    void chooseText(const QString &text);

    CatalogIndex m_index;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_matches = nullptr;
};

} // namespace bridgescope
