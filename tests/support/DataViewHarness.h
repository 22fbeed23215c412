#pragma once

// The Data tab as GUI tests drive it: a DataView shown at a set size on a test database, and a
// table opened in it. Header-only: only the tests that link the GUI library include it.
#include "connection/ConnectionProfile.h"
#include "data/DataTableModel.h"
#include "data/DataView.h"

#include <QSignalSpy>

#include <memory>

namespace bridgescope::test {

inline std::unique_ptr<DataView> shownDataView(const ConnectionProfile &profile)
{
    auto view = std::make_unique<DataView>();
    view->resize(1280, 760);
    view->show();
    view->setConnection(profile);
    return view;
}

// Opens public.<table> and waits until its first rows are shown.
inline bool openTable(DataView &view, const QString &table)
{
    QSignalSpy shown(&view, &DataView::tableShown);
    view.openTable(QStringLiteral("public"), table);
    return shown.wait(30'000) && view.spec().table.name == table;
}

// Asks for a row until it is loaded or lies past the end (which reading may find is nearer
// than the count said); false if a block did not come.
inline bool loadRow(DataTableModel &model, qint64 row)
{
    while (!model.isRowLoaded(row) && row < model.totalRows()) {
        QSignalSpy loaded(&model, &DataTableModel::blockLoaded);
        model.want(row);
        if (!loaded.wait(20'000))
            return false;
    }
    return true;
}

} // namespace bridgescope::test
