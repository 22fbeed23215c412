#include "navigator/NavigatorModel.h"

#include <QFont>
#include <QSet>

#include <algorithm>

namespace bridgescope {

namespace {

// The folders of a schema, in the order they are listed.
struct Folder
{
    const char *title;
    QList<ObjectKind> kinds;
};

const QList<Folder> &schemaFolders()
{
    static const QList<Folder> folders {
        { "Tables", { ObjectKind::Table, ObjectKind::PartitionedTable } },
        { "Views", { ObjectKind::View } },
        { "Materialized views", { ObjectKind::MaterializedView } },
        { "Foreign tables", { ObjectKind::ForeignTable } },
        { "Sequences", { ObjectKind::Sequence } },
        { "Functions", { ObjectKind::Function } },
        { "Procedures", { ObjectKind::Procedure } },
        { "Aggregates", { ObjectKind::Aggregate } },
        { "Types",
          { ObjectKind::EnumType, ObjectKind::CompositeType, ObjectKind::Domain,
            ObjectKind::RangeType } },
    };
    return folders;
}

const QList<Folder> &tableFolders()
{
    static const QList<Folder> folders {
        { "Columns", { ObjectKind::Column } },         { "Indexes", { ObjectKind::Index } },
        { "Constraints", { ObjectKind::Constraint } }, { "Triggers", { ObjectKind::Trigger } },
        { "Policies", { ObjectKind::Policy } },
    };
    return folders;
}

const QList<Folder> &databaseFolders()
{
    static const QList<Folder> folders {
        { "Extensions", { ObjectKind::Extension } },
        { "Publications", { ObjectKind::Publication } },
        { "Subscriptions", { ObjectKind::Subscription } },
    };
    return folders;
}

QString tableKey(const QString &schema, const QString &table)
{
    return schema + QChar(0x1F) + table;
}

QString folderLabel(const char *title, qsizetype count)
{
    return QStringLiteral("%1 (%2)").arg(QString::fromLatin1(title)).arg(count);
}

} // namespace

NavigatorModel::NavigatorModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

void NavigatorModel::setIndex(std::shared_ptr<const CatalogIndex> index)
{
    m_index = std::move(index);
    rebuild();
}

void NavigatorModel::addParts(std::shared_ptr<const CatalogIndex> withParts)
{
    const qsizetype before = m_index ? m_index->size() : 0;
    if (!m_index || !m_filter.isEmpty() || withParts->size() < before) {
        setIndex(std::move(withParts)); // a filtered tree is small: made again
        return;
    }
    // The objects before keep their places: the nodes made stay valid. The parts are grouped
    // as rebuild() groups them, and a table whose children were made gets its new folders.
    m_index = std::move(withParts);
    const QList<CatalogObject> &objects = m_index->objects();
    QSet<QString> touched;
    for (qsizetype i = before; i < objects.size(); ++i) {
        const CatalogObject &object = objects.at(i);
        if (!isTablePart(object.kind))
            continue;
        const QString key = tableKey(object.schema, object.parent);
        m_parts[key] << int(i);
        touched.insert(key);
    }
    for (const QString &key : std::as_const(touched)) {
        QList<int> &members = m_parts[key];
        std::stable_sort(members.begin(), members.end(), [&objects](int a, int b) {
            if (objects.at(a).kind == ObjectKind::Column
                && objects.at(b).kind == ObjectKind::Column)
                return objects.at(a).position < objects.at(b).position;
            return QString::compare(objects.at(a).name, objects.at(b).name, Qt::CaseInsensitive)
                < 0;
        });
    }
    for (size_t id = 0; id < m_nodes.size(); ++id) {
        const Node node = m_nodes[id];
        if (node.type != NodeType::Object || !node.made
            || !isRelation(objects.at(node.object).kind))
            continue;
        const QList<int> parts = partsOf(node.object);
        QList<int> folders;
        for (const Folder &folder : tableFolders()) {
            QList<int> members;
            for (int part : parts)
                if (folder.kinds.contains(objects.at(part).kind))
                    members << part;
            if (members.isEmpty())
                continue;
            Node made;
            made.type = NodeType::PartFolder;
            made.parent = int(id);
            made.row = int(m_nodes[id].children.size() + folders.size());
            made.label = folderLabel(folder.title, members.size());
            made.members = members;
            folders << addNode(std::move(made));
        }
        if (folders.isEmpty())
            continue;
        const QModelIndex parent = createIndex(node.row, 0, quintptr(id));
        const int first = int(m_nodes[id].children.size());
        beginInsertRows(parent, first, first + int(folders.size()) - 1);
        m_nodes[id].children << folders;
        endInsertRows();
    }
    // Tables not opened yet now have children: the view lays its rows out again.
    emit layoutAboutToBeChanged();
    emit layoutChanged();
}

void NavigatorModel::setFilter(const QString &text)
{
    if (text.trimmed() == m_filter)
        return;
    m_filter = text.trimmed();
    rebuild();
}

void NavigatorModel::rebuild()
{
    beginResetModel();
    m_nodes.clear();
    m_roots.clear();
    m_rootsMade = false;
    m_schemas.clear();
    m_topLevel.clear();
    m_partitions.clear();
    m_parts.clear();
    m_unscoped.clear();
    m_relations.clear();
    m_matchCount = 0;
    if (m_index) {
        const QList<CatalogObject> &objects = m_index->objects();
        // With a filter: the objects that match, and the tables that hold a match.
        QSet<int> matches;
        QSet<QString> holders;
        const bool filtered = !m_filter.isEmpty();
        if (filtered) {
            for (const CatalogMatch &match : m_index->find(m_filter, 5'000))
                matches.insert(match.index);
            m_matchCount = int(matches.size());
            for (int i : std::as_const(matches)) {
                const CatalogObject &object = objects.at(i);
                if (isTablePart(object.kind) || object.kind == ObjectKind::Partition)
                    holders.insert(tableKey(object.schema, object.parent));
            }
        }
        QSet<QString> matchedTables;
        for (int i : std::as_const(matches))
            if (isRelation(objects.at(i).kind))
                matchedTables.insert(tableKey(objects.at(i).schema, objects.at(i).name));
        for (int i = 0; i < objects.size(); ++i) {
            const CatalogObject &object = objects.at(i);
            if (isRelation(object.kind))
                m_relations.insert(tableKey(object.schema, object.name), i);
            const bool shown = !filtered || matches.contains(i);
            if (object.kind == ObjectKind::Schema) {
                m_schemas << object.name;
            } else if (object.schema.isEmpty()) {
                if (shown)
                    m_unscoped << i;
            } else if (isTablePart(object.kind)) {
                if (shown || matchedTables.contains(tableKey(object.schema, object.parent)))
                    m_parts[tableKey(object.schema, object.parent)] << i;
            } else if (object.kind == ObjectKind::Partition) {
                const QString key = tableKey(object.schema, object.name);
                if (shown || holders.contains(key)
                    || matchedTables.contains(tableKey(object.schema, object.parent)))
                    m_partitions[tableKey(object.schema, object.parent)] << i;
            } else if (shown || holders.contains(tableKey(object.schema, object.name))) {
                m_topLevel[object.schema] << i;
            }
        }
        // A partition that shows, for a filter, shows under its parent.
        if (filtered) {
            for (auto it = m_partitions.cbegin(); it != m_partitions.cend(); ++it) {
                const int parent = m_relations.value(it.key(), -1);
                if (parent < 0 || objects.at(parent).kind == ObjectKind::Partition)
                    continue;
                QList<int> &top = m_topLevel[objects.at(parent).schema];
                if (!top.contains(parent))
                    top << parent;
            }
        }
        const auto byName = [&objects](int a, int b) {
            const int order
                = QString::compare(objects.at(a).name, objects.at(b).name, Qt::CaseInsensitive);
            return order != 0 ? order < 0 : objects.at(a).arguments < objects.at(b).arguments;
        };
        for (QList<int> &members : m_topLevel)
            std::sort(members.begin(), members.end(), byName);
        for (QList<int> &members : m_partitions)
            std::sort(members.begin(), members.end(), byName);
        for (QList<int> &members : m_parts)
            std::stable_sort(members.begin(), members.end(), [&objects, &byName](int a, int b) {
                if (objects.at(a).kind == ObjectKind::Column
                    && objects.at(b).kind == ObjectKind::Column)
                    return objects.at(a).position < objects.at(b).position;
                return byName(a, b);
            });
        std::sort(m_unscoped.begin(), m_unscoped.end(), byName);
        if (filtered)
            m_schemas.removeIf(
                [this](const QString &schema) { return !m_topLevel.contains(schema); });
        std::sort(m_schemas.begin(), m_schemas.end(), [](const QString &a, const QString &b) {
            return QString::compare(a, b, Qt::CaseInsensitive) < 0;
        });
    }
    endResetModel();
}

int NavigatorModel::addNode(Node node) const
{
    m_nodes.push_back(std::move(node));
    return int(m_nodes.size() - 1);
}

QList<int> NavigatorModel::partsOf(int object) const
{
    const CatalogObject &table = m_index->objects().at(object);
    return m_parts.value(tableKey(table.schema, table.name));
}

QList<int> NavigatorModel::partitionsOf(int object) const
{
    const CatalogObject &table = m_index->objects().at(object);
    return m_partitions.value(tableKey(table.schema, table.name));
}

void NavigatorModel::makeChildren(int id) const
{
    // Children are made once, in the order they show; ids are stable from then on.
    const auto addFolder = [this](int parent, NodeType type, const char *title,
                                  const QList<int> &members, QList<int> &into) {
        if (members.isEmpty())
            return;
        Node folder;
        folder.type = type;
        folder.parent = parent;
        folder.row = int(into.size());
        folder.label = folderLabel(title, members.size());
        folder.members = members;
        into << addNode(std::move(folder));
    };
    const auto byKind = [this](const QList<int> &objects, const QList<ObjectKind> &kinds) {
        QList<int> members;
        for (int i : objects)
            if (kinds.contains(m_index->objects().at(i).kind))
                members << i;
        return members;
    };
    if (id < 0) {
        if (m_rootsMade || !m_index)
            return;
        m_rootsMade = true;
        for (const QString &schema : m_schemas) {
            Node node;
            node.type = NodeType::Schema;
            node.row = int(m_roots.size());
            node.label = schema;
            m_roots << addNode(std::move(node));
        }
        for (const Folder &folder : databaseFolders())
            addFolder(-1, NodeType::Folder, folder.title, byKind(m_unscoped, folder.kinds),
                      m_roots);
        return;
    }
    if (m_nodes[size_t(id)].made)
        return;
    m_nodes[size_t(id)].made = true;
    QList<int> children;
    const Node node = m_nodes[size_t(id)]; // a copy: addNode may move the vector
    switch (node.type) {
    case NodeType::Schema: {
        const QList<int> objects = m_topLevel.value(node.label);
        for (const Folder &folder : schemaFolders())
            addFolder(id, NodeType::Folder, folder.title, byKind(objects, folder.kinds), children);
        break;
    }
    case NodeType::Folder:
    case NodeType::PartFolder:
        for (int member : node.members) {
            Node object;
            object.type = NodeType::Object;
            object.parent = id;
            object.row = int(children.size());
            object.object = member;
            children << addNode(std::move(object));
        }
        break;
    case NodeType::Object: {
        if (!isRelation(m_index->objects().at(node.object).kind))
            break;
        addFolder(id, NodeType::Folder, "Partitions", partitionsOf(node.object), children);
        const QList<int> parts = partsOf(node.object);
        for (const Folder &folder : tableFolders())
            addFolder(id, NodeType::PartFolder, folder.title, byKind(parts, folder.kinds),
                      children);
        break;
    }
    }
    m_nodes[size_t(id)].children = children;
}

int NavigatorModel::objectAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return -1;
    const Node &node = m_nodes[size_t(index.internalId())];
    return node.type == NodeType::Object ? node.object : -1;
}

QModelIndex NavigatorModel::childWhere(const QModelIndex &parent,
                                       const std::function<bool(const Node &)> &wanted)
{
    for (int row = 0; row < rowCount(parent); ++row) {
        const QModelIndex child = index(row, 0, parent);
        if (wanted(m_nodes[size_t(child.internalId())]))
            return child;
    }
    return {};
}

QModelIndex NavigatorModel::indexOfObject(int object)
{
    if (!m_index || object < 0 || object >= m_index->size())
        return {};
    const CatalogObject &target = m_index->objects().at(object);
    const auto holding = [object](const Node &node) {
        return node.members.contains(object);
    };
    const auto isObject = [object](const Node &node) {
        return node.type == NodeType::Object && node.object == object;
    };
    QModelIndex folder;
    if (target.schema.isEmpty()) {
        folder = childWhere({}, holding);
    } else if (isTablePart(target.kind) || target.kind == ObjectKind::Partition) {
        // Under its table: find the table first (a partition's parent may be a partition).
        const int table = m_relations.value(tableKey(target.schema, target.parent), -1);
        const QModelIndex owner = indexOfObject(table);
        if (!owner.isValid())
            return {};
        folder = childWhere(owner, holding);
    } else {
        const QModelIndex schema = childWhere({}, [&target](const Node &node) {
            return node.type == NodeType::Schema && node.label == target.schema;
        });
        if (!schema.isValid())
            return {};
        folder = childWhere(schema, holding);
    }
    return folder.isValid() ? childWhere(folder, isObject) : QModelIndex();
}

QModelIndex NavigatorModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const int id = parent.isValid() ? int(parent.internalId()) : -1;
    makeChildren(id);
    const QList<int> &children = id < 0 ? m_roots : m_nodes[size_t(id)].children;
    if (row >= children.size())
        return {};
    return createIndex(row, 0, quintptr(children.at(row)));
}

QModelIndex NavigatorModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parent = m_nodes[size_t(child.internalId())].parent;
    if (parent < 0)
        return {};
    return createIndex(m_nodes[size_t(parent)].row, 0, quintptr(parent));
}

int NavigatorModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const int id = parent.isValid() ? int(parent.internalId()) : -1;
    makeChildren(id);
    return int(id < 0 ? m_roots.size() : m_nodes[size_t(id)].children.size());
}

int NavigatorModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool NavigatorModel::hasChildren(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_index != nullptr;
    const Node &node = m_nodes[size_t(parent.internalId())];
    if (node.type != NodeType::Object)
        return true; // a schema or folder is never empty
    const CatalogObject &object = m_index->objects().at(node.object);
    return isRelation(object.kind)
        && (!partsOf(node.object).isEmpty() || !partitionsOf(node.object).isEmpty());
}

QVariant NavigatorModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &node = m_nodes[size_t(index.internalId())];
    if (node.type != NodeType::Object) {
        if (role == Qt::DisplayRole)
            return node.label;
        if (role == ObjectRole)
            return -1;
        if (role == Qt::FontRole && node.type == NodeType::Schema) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    }
    const CatalogObject &object = m_index->objects().at(node.object);
    switch (role) {
    case Qt::DisplayRole:
        if (isFunctionKind(object.kind))
            return QStringLiteral("%1(%2)").arg(object.name, object.arguments);
        if (object.kind == ObjectKind::Column)
            return QStringLiteral("%1 : %2").arg(object.name, object.detail);
        return object.name;
    case Qt::ToolTipRole:
        return QStringLiteral("%1 %2%3").arg(
            objectKindName(object.kind), object.qualified,
            object.detail.isEmpty() ? QString() : QStringLiteral("\n") + object.detail);
    case ObjectRole:
        return node.object;
    default:
        return {};
    }
}

} // namespace bridgescope
