// The JSON viewer's model and its path copying on any document: every node the tree shows gives
// a path that finds the same node again (indexOf), and PostgreSQL and JSONPath expressions and a
// containment document for it; search stays within its limit.
#include "FuzzInput.h"
#include "data/JsonTreeModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace bridgescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)), &error);
    if (error.error != QJsonParseError::NoError)
        return 0;
    const QJsonValue root
        = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    JsonTreeModel model;
    model.setRoot(root);
    QList<QModelIndex> pending { QModelIndex() };
    int visited = 0;
    while (!pending.isEmpty() && visited < 2000) {
        const QModelIndex parent = pending.takeFirst();
        const int rows = model.rowCount(parent);
        for (int row = 0; row < rows && visited < 2000; ++row, ++visited) {
            const QModelIndex index = model.index(row, 0, parent);
            if (!index.isValid())
                fuzz::broken("a row the model counts and does not give");
            for (int column = 0; column < model.columnCount(parent); ++column)
                model.data(model.index(row, column, parent));
            const JsonPath path = model.pathOf(index);
            if (model.indexOf(path) != index)
                fuzz::broken("a path that does not lead back to its node",
                             postgresPathExpression(path));
            postgresPathExpression(path);
            jsonPathExpression(path);
            containmentDocument(path, model.valueAt(index));
            if (model.hasChildren(index))
                pending << index;
        }
    }
    const QString needle
        = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(qMin<size_t>(size, 3)));
    if (searchJson(root, needle, 50).size() > 50)
        fuzz::broken("a search past its limit");
    return 0;
}
