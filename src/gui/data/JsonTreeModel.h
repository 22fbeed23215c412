#pragma once

#include <QAbstractItemModel>
#include <QJsonValue>
#include <QVariant>

#include <memory>
#include <vector>

namespace bridgescope {

// A JSON path: object keys (QString) and array positions (int), from the root.
using JsonPath = QList<QVariant>;

// "#> '{a,0,b}'": PostgreSQL's path operator with the path as a text[] literal, quoted where
// a key needs it.
QString postgresPathExpression(const JsonPath &path);
// "$.a[0].b", with keys that are no identifiers quoted: $."two words".
QString jsonPathExpression(const JsonPath &path);
// The document a @> containment filter needs for "this path has this value": {"a":[{"b":v}]}.
QByteArray containmentDocument(const JsonPath &path, const QJsonValue &value);
QString jsonTypeName(const QJsonValue &value); // "object", "array", "string", …
QString jsonValueText(const QJsonValue &value); // a scalar as JSON writes it; "{3 keys}" …
// Paths whose key or scalar value contains the text (case-insensitive), in document order.
QList<JsonPath> searchJson(const QJsonValue &root, const QString &text, int limit = 1000);

// The tree of a parsed document: key, type, value, child count. Items are made only when a
// view asks for a parent's children, so a 20 MB document costs nothing until expanded.
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Key, Type, Value, Children, ColumnCount };

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    void setRoot(const QJsonValue &root);
    QJsonValue valueAt(const QModelIndex &index) const;
    JsonPath pathOf(const QModelIndex &index) const;
    QModelIndex indexOf(const JsonPath &path); // makes the items on the way
    int createdItems() const { return m_created; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        QVariant key; // QString, int, or invalid for the root
        QJsonValue value;
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
        bool populated = false;
    };
    Node *nodeOf(const QModelIndex &index) const;
    void populate(Node *node) const;

    std::unique_ptr<Node> m_root;
    mutable int m_created = 0;
};

} // namespace bridgescope
