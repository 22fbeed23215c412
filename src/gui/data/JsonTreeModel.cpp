#include "data/JsonTreeModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace bridgescope {

namespace {

int childCount(const QJsonValue &value)
{
    if (value.isObject())
        return int(value.toObject().size());
    if (value.isArray())
        return int(value.toArray().size());
    return 0;
}

QByteArray compactJson(const QJsonValue &value)
{
    // QJsonDocument writes objects and arrays only: wrap a scalar and unwrap it again.
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

} // namespace

QString postgresPathExpression(const JsonPath &path)
{
    QStringList elements;
    for (const QVariant &step : path) {
        QString text
            = step.typeId() == QMetaType::Int ? QString::number(step.toInt()) : step.toString();
        static const QRegularExpression plain(QStringLiteral(R"(^[^\s,{}"\\]+$)"));
        if (!plain.match(text).hasMatch()
            || text.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0) {
            text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
            text.replace(QLatin1Char('"'), QLatin1String("\\\""));
            text = QLatin1Char('"') + text + QLatin1Char('"');
        }
        text.replace(QLatin1Char('\''), QLatin1String("''")); // inside an SQL string literal
        elements << text;
    }
    return QStringLiteral("#> '{%1}'").arg(elements.join(QLatin1Char(',')));
}

QString jsonPathExpression(const JsonPath &path)
{
    QString text = QStringLiteral("$");
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (const QVariant &step : path) {
        if (step.typeId() == QMetaType::Int) {
            text += QStringLiteral("[%1]").arg(step.toInt());
            continue;
        }
        const QString key = step.toString();
        if (identifier.match(key).hasMatch())
            text += QLatin1Char('.') + key;
        else
            text += QLatin1Char('.') + QString::fromUtf8(compactJson(QJsonValue(key)));
    }
    return text;
}

QByteArray containmentDocument(const JsonPath &path, const QJsonValue &value)
{
    QJsonValue document = value;
    for (auto step = path.crbegin(); step != path.crend(); ++step) {
        if (step->typeId() == QMetaType::Int)
            document = QJsonArray { document }; // an array contains it at any position
        else
            document = QJsonObject { { step->toString(), document } };
    }
    return compactJson(document);
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Null:
        return QStringLiteral("null");
    default:
        return QStringLiteral("undefined");
    }
}

QString jsonValueText(const QJsonValue &value)
{
    if (value.isObject())
        return QStringLiteral("{%1 keys}").arg(value.toObject().size());
    if (value.isArray())
        return QStringLiteral("[%1 items]").arg(value.toArray().size());
    if (value.isString())
        return value.toString();
    return QString::fromUtf8(compactJson(value));
}

namespace {

void searchInto(const QJsonValue &value, JsonPath &path, const QString &text, int limit,
                QList<JsonPath> &found)
{
    auto visit = [&](const QVariant &key, const QString &keyText, const QJsonValue &child) {
        if (found.size() >= limit)
            return;
        path.append(key);
        const bool scalar = !child.isObject() && !child.isArray();
        if (keyText.contains(text, Qt::CaseInsensitive)
            || (scalar && jsonValueText(child).contains(text, Qt::CaseInsensitive)))
            found.append(path);
        searchInto(child, path, text, limit, found);
        path.removeLast();
    };
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            visit(it.key(), it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (int at = 0; at < array.size(); ++at)
            visit(at, QString(), array.at(at));
    }
}

} // namespace

QList<JsonPath> searchJson(const QJsonValue &root, const QString &text, int limit)
{
    QList<JsonPath> found;
    if (text.isEmpty())
        return found;
    JsonPath path;
    searchInto(root, path, text, limit, found);
    return found;
}

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setRoot(const QJsonValue &root)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->value = root;
    m_created = 0;
    endResetModel();
}

JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

void JsonTreeModel::populate(Node *node) const
{
    if (!node || node->populated)
        return;
    node->populated = true;
    auto add = [&](const QVariant &key, const QJsonValue &value) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->value = value;
        child->parent = node;
        child->row = int(node->children.size());
        node->children.push_back(std::move(child));
    };
    if (node->value.isObject()) {
        const QJsonObject object = node->value.toObject();
        node->children.reserve(object.size());
        for (auto it = object.begin(); it != object.end(); ++it)
            add(it.key(), it.value());
    } else if (node->value.isArray()) {
        const QJsonArray array = node->value.toArray();
        node->children.reserve(array.size());
        for (int at = 0; at < array.size(); ++at)
            add(at, array.at(at));
    }
    m_created += int(node->children.size());
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    Node *node = nodeOf(parent);
    if (!node || row < 0 || column < 0 || column >= ColumnCount)
        return {};
    populate(node);
    if (row >= int(node->children.size()))
        return {};
    return createIndex(row, column, node->children[row].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    Node *node = nodeOf(child);
    if (!child.isValid() || !node->parent || node->parent == m_root.get())
        return {};
    return createIndex(node->parent->row, 0, node->parent);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    Node *node = nodeOf(parent);
    return node ? childCount(node->value) : 0;
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const Node *node = nodeOf(index);
    switch (index.column()) {
    case Key:
        return node->key.typeId() == QMetaType::Int ? QStringLiteral("[%1]").arg(node->key.toInt())
                                                    : node->key.toString();
    case Type:
        return jsonTypeName(node->value);
    case Value: {
        const QString text = jsonValueText(node->value);
        return role == Qt::DisplayRole && text.size() > 300 ? text.left(300) + QChar(0x2026) : text;
    }
    case Children: {
        const int count = childCount(node->value);
        return node->value.isObject() || node->value.isArray() ? QVariant(count) : QVariant();
    }
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Key:
        return tr("Key");
    case Type:
        return tr("Type");
    case Value:
        return tr("Value");
    case Children:
        return tr("Children");
    default:
        return {};
    }
}

QJsonValue JsonTreeModel::valueAt(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    return node ? node->value : QJsonValue();
}

JsonPath JsonTreeModel::pathOf(const QModelIndex &index) const
{
    JsonPath path;
    for (const Node *node = nodeOf(index); node && node != m_root.get(); node = node->parent)
        path.prepend(node->key);
    return path;
}

QModelIndex JsonTreeModel::indexOf(const JsonPath &path)
{
    QModelIndex at;
    for (const QVariant &step : path) {
        Node *node = nodeOf(at);
        populate(node);
        const auto found = std::find_if(node->children.begin(), node->children.end(),
                                        [&step](const auto &child) { return child->key == step; });
        if (found == node->children.end())
            return {};
        at = createIndex((*found)->row, 0, found->get());
    }
    return at;
}

} // namespace bridgescope
