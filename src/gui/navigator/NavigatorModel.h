#pragma once

#include "catalog/CatalogIndex.h"

#include <QAbstractItemModel>
#include <QHash>

#include <functional>
#include <memory>
#include <vector>

namespace bridgescope {

// Every object of the catalog as a tree: schemas → folders (Tables, Views, Materialized views,
// Foreign tables, Sequences, Functions, Procedures, Aggregates, Types) → objects; a table →
// its partitions and its Columns, Indexes, Constraints, Triggers and Policies; then the
// database's Extensions, Publications and Subscriptions. Each folder says how many it holds.
// Nodes are made when the view first asks for them, so a 10,000-table catalog opens at once:
// the grouping is one pass over the index, the tree asks only for what it shows.
class NavigatorModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    static constexpr int ObjectRole = Qt::UserRole + 1; // index into the catalog, or -1

    explicit NavigatorModel(QObject *parent = nullptr);

    void setIndex(std::shared_ptr<const CatalogIndex> index);
    // The same catalog with the parts of tables after it (CatalogIndex::withParts): the tree
    // keeps what is open and gains each table's Columns, Indexes, … folders.
    void addParts(std::shared_ptr<const CatalogIndex> withParts);
    const CatalogIndex *catalog() const { return m_index.get(); }
    // Only the objects that match (Go to anything's matcher), and what holds them; a table
    // shows only its parts that match, unless it matches itself. Empty: everything.
    void setFilter(const QString &text);
    const QString &filter() const { return m_filter; }
    int matchCount() const { return m_matchCount; } // objects the filter let through

    // The object at a model index, or -1 for a folder or schema.
    int objectAt(const QModelIndex &index) const;
    // Where an object is in the tree (its folders made as needed); invalid if filtered out.
    QModelIndex indexOfObject(int object);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;

private:
    enum class NodeType { Schema, Folder, Object, PartFolder };
    struct Node
    {
        NodeType type = NodeType::Schema;
        int parent = -1; // node id; -1 for the roots
        int row = 0;
        QString label; // schema name, folder title
        int object = -1; // Object nodes
        QList<int> members; // a folder's objects (catalog indexes), in name order
        QList<int> children; // node ids, once made
        bool made = false;
    };

    void rebuild();
    void makeChildren(int node) const;
    int addNode(Node node) const; // returns its id
    QList<int> partsOf(int object) const;
    QList<int> partitionsOf(int object) const;
    QModelIndex childWhere(const QModelIndex &parent,
                           const std::function<bool(const Node &)> &wanted);

    std::shared_ptr<const CatalogIndex> m_index;
    QString m_filter;
    int m_matchCount = 0;
    // Grouped once per index or filter: top-level objects per schema, partitions and parts
    // per table ("schema\x1Ftable"), and the objects of no schema.
    QStringList m_schemas;
    QHash<QString, QList<int>> m_topLevel;
    QHash<QString, QList<int>> m_partitions;
    QHash<QString, QList<int>> m_parts;
    QList<int> m_unscoped; // extensions, publications, subscriptions
    QHash<QString, int> m_relations; // "schema\x1Ftable" → its object
    mutable std::vector<Node> m_nodes;
    mutable QList<int> m_roots;
    mutable bool m_rootsMade = false;
};

} // namespace bridgescope
