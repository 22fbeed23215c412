#include "plan/PlanTextReader.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <vector>

namespace bridgescope {

namespace {

struct TextNode
{
    QJsonObject properties;
    QList<int> children;
    QString label;
    int depth = 0;
};

constexpr int kMostDepth = 1000; // as the JSON reader: no server nests a plan deeper

int indentOf(const QString &line)
{
    int column = 0;
    while (column < line.size() && line.at(column).isSpace())
        ++column;
    return column;
}

QJsonValue numberOrText(const QString &value)
{
    bool ok = false;
    const double parsed = value.toDouble(&ok);
    return ok ? QJsonValue(parsed) : QJsonValue(value);
}

// A name as EXPLAIN quotes it: "odd name" or plain.
QString unquoted(const QString &name)
{
    if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')))
        return name.mid(1, name.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
    return name;
}

// "a "b c" d" → a, "b c", d: words, a quoted name one word.
QStringList words(const QString &text)
{
    QStringList out;
    QString current;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        if (c == QLatin1Char(' ') && !quoted) {
            if (!current.isEmpty())
                out << current;
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.isEmpty())
        out << current;
    return out;
}

// The node's label into the JSON format's attributes (planNodeLabel's inverse) and its
// target: "Parallel Index Scan Backward using idx on public.t e".
// Returns the name as printed without its target ("Parallel Index Scan Backward"), or an
// empty string for a name that is no node type EXPLAIN knows.
QString describeNode(const QString &printed, QJsonObject &node)
{
    QString label = printed;
    QString target;
    QString index;
    static const QRegularExpression usingOn(
        QStringLiteral("^(.*?) using (\\S+|\"[^\"]*\")(?: on (.*))?$"));
    static const QRegularExpression on(QStringLiteral("^(.*?) on (.*)$"));
    if (const QRegularExpressionMatch m = usingOn.match(label); m.hasMatch()) {
        label = m.captured(1);
        index = unquoted(m.captured(2));
        target = m.captured(3);
    } else if (const QRegularExpressionMatch m = on.match(label);
               m.hasMatch() && !label.startsWith(QLatin1String("Custom Scan ("))) {
        label = m.captured(1);
        target = m.captured(2);
    }
    const QString printedName = label;
    if (label.startsWith(QLatin1String("Parallel "))) {
        node.insert(QStringLiteral("Parallel Aware"), true);
        label = label.mid(9);
    }
    if (label.startsWith(QLatin1String("Async "))) {
        node.insert(QStringLiteral("Async Capable"), true);
        label = label.mid(6);
    }
    if (label.endsWith(QLatin1String(" Backward"))) {
        node.insert(QStringLiteral("Scan Direction"), QStringLiteral("Backward"));
        label.chop(9);
    }
    for (const char *mode : { "Partial", "Finalize" })
        if (label.startsWith(QLatin1String(mode) + QLatin1Char(' '))) {
            node.insert(QStringLiteral("Partial Mode"), QString::fromLatin1(mode));
            label = label.mid(qsizetype(strlen(mode)) + 1);
        }
    static const QRegularExpression join(QStringLiteral(
        "^(Hash|Merge|Nested Loop) (Left|Right|Full|Semi|Anti|Right Semi|Right Anti) Join$"));
    QString type = label;
    if (const QRegularExpressionMatch m = join.match(label); m.hasMatch()) {
        type = m.captured(1) == QLatin1String("Nested Loop")
            ? m.captured(1)
            : m.captured(1) + QStringLiteral(" Join");
        node.insert(QStringLiteral("Join Type"), m.captured(2));
    } else if (label == QLatin1String("Hash Join") || label == QLatin1String("Merge Join")
               || label == QLatin1String("Nested Loop")) {
        node.insert(QStringLiteral("Join Type"), QStringLiteral("Inner"));
    } else if (label == QLatin1String("GroupAggregate") || label == QLatin1String("HashAggregate")
               || label == QLatin1String("MixedAggregate") || label == QLatin1String("Aggregate")) {
        type = QStringLiteral("Aggregate");
        node.insert(QStringLiteral("Strategy"),
                    label.startsWith(QLatin1String("Group"))       ? QStringLiteral("Sorted")
                        : label.startsWith(QLatin1String("Hash"))  ? QStringLiteral("Hashed")
                        : label.startsWith(QLatin1String("Mixed")) ? QStringLiteral("Mixed")
                                                                   : QStringLiteral("Plain"));
    } else if (label == QLatin1String("HashSetOp")) {
        type = QStringLiteral("SetOp");
        node.insert(QStringLiteral("Strategy"), QStringLiteral("Hashed"));
    } else if (label == QLatin1String("Insert") || label == QLatin1String("Update")
               || label == QLatin1String("Delete") || label == QLatin1String("Merge")) {
        type = QStringLiteral("ModifyTable");
        node.insert(QStringLiteral("Operation"), label);
    } else if (label.startsWith(QLatin1String("Foreign "))
               && label != QLatin1String("Foreign Scan")) {
        type = QStringLiteral("Foreign Scan");
        node.insert(QStringLiteral("Operation"), label.mid(8));
    } else if (label.startsWith(QLatin1String("Custom Scan ("))) {
        type = QStringLiteral("Custom Scan");
        node.insert(QStringLiteral("Custom Plan Provider"), label.mid(13).chopped(1));
    }
    static const QStringList known { QStringLiteral("Result"),
                                     QStringLiteral("ProjectSet"),
                                     QStringLiteral("ModifyTable"),
                                     QStringLiteral("Append"),
                                     QStringLiteral("Merge Append"),
                                     QStringLiteral("Recursive Union"),
                                     QStringLiteral("BitmapAnd"),
                                     QStringLiteral("BitmapOr"),
                                     QStringLiteral("Nested Loop"),
                                     QStringLiteral("Merge Join"),
                                     QStringLiteral("Hash Join"),
                                     QStringLiteral("Seq Scan"),
                                     QStringLiteral("Sample Scan"),
                                     QStringLiteral("Gather"),
                                     QStringLiteral("Gather Merge"),
                                     QStringLiteral("Index Scan"),
                                     QStringLiteral("Index Only Scan"),
                                     QStringLiteral("Bitmap Index Scan"),
                                     QStringLiteral("Bitmap Heap Scan"),
                                     QStringLiteral("Tid Scan"),
                                     QStringLiteral("Tid Range Scan"),
                                     QStringLiteral("Subquery Scan"),
                                     QStringLiteral("Function Scan"),
                                     QStringLiteral("Table Function Scan"),
                                     QStringLiteral("Values Scan"),
                                     QStringLiteral("CTE Scan"),
                                     QStringLiteral("Named Tuplestore Scan"),
                                     QStringLiteral("WorkTable Scan"),
                                     QStringLiteral("Foreign Scan"),
                                     QStringLiteral("Custom Scan"),
                                     QStringLiteral("Materialize"),
                                     QStringLiteral("Memoize"),
                                     QStringLiteral("Sort"),
                                     QStringLiteral("Incremental Sort"),
                                     QStringLiteral("Group"),
                                     QStringLiteral("Aggregate"),
                                     QStringLiteral("WindowAgg"),
                                     QStringLiteral("Unique"),
                                     QStringLiteral("SetOp"),
                                     QStringLiteral("LockRows"),
                                     QStringLiteral("Limit"),
                                     QStringLiteral("Hash") };
    node.insert(QStringLiteral("Node Type"), type);
    if (!index.isEmpty())
        node.insert(QStringLiteral("Index Name"), index);
    const QString result = known.contains(type) ? printedName : QString();
    if (target.isEmpty())
        return result;
    const QStringList parts = words(target);
    const QString object = unquoted(parts.value(0));
    const QString alias = parts.size() > 1 ? unquoted(parts.value(1)) : QString();
    // VERBOSE qualifies a relation with its schema: public.t.
    QString schema;
    QString name = object;
    const QStringList qualified
        = words(QString(parts.value(0)).replace(QLatin1Char('.'), QLatin1Char(' ')));
    if (qualified.size() == 2 && !parts.value(0).startsWith(QLatin1Char('"'))) {
        schema = unquoted(qualified[0]);
        name = unquoted(qualified[1]);
    }
    if (type == QLatin1String("Bitmap Index Scan")) {
        node.insert(QStringLiteral("Index Name"), name);
        return result;
    }
    if (type == QLatin1String("CTE Scan"))
        node.insert(QStringLiteral("CTE Name"), name);
    else if (type == QLatin1String("Function Scan"))
        node.insert(QStringLiteral("Function Name"), name);
    else if (type == QLatin1String("WorkTable Scan"))
        node.insert(QStringLiteral("CTE Name"), name);
    else if (type != QLatin1String("Subquery Scan") && type != QLatin1String("Values Scan")
             && type != QLatin1String("Named Tuplestore Scan"))
        node.insert(QStringLiteral("Relation Name"), name);
    if (!schema.isEmpty())
        node.insert(QStringLiteral("Schema"), schema);
    if (type == QLatin1String("Subquery Scan") || type == QLatin1String("Values Scan"))
        node.insert(QStringLiteral("Alias"), name);
    else
        node.insert(QStringLiteral("Alias"), alias.isEmpty() ? name : alias);
    return result;
}

// "shared hit=3 read=2 dirtied=1 written=1, local hit=1, temp read=10 written=10"
void readBuffers(const QString &value, QJsonObject &node)
{
    for (const QString &scope : value.split(QStringLiteral(", "))) {
        const QStringList parts = scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (parts.isEmpty())
            continue;
        QString where = parts[0];
        where[0] = where[0].toUpper();
        for (const char *kind : { "Hit", "Read", "Dirtied", "Written" })
            if (where != QLatin1String("Temp") || QLatin1String(kind) == QLatin1String("Read")
                || QLatin1String(kind) == QLatin1String("Written"))
                node.insert(QStringLiteral("%1 %2 Blocks").arg(where, QLatin1String(kind)), 0);
        for (qsizetype i = 1; i < parts.size(); ++i) {
            QString kind = parts[i].section(QLatin1Char('='), 0, 0);
            if (kind.isEmpty())
                continue;
            kind[0] = kind[0].toUpper();
            node.insert(QStringLiteral("%1 %2 Blocks").arg(where, kind),
                        parts[i].section(QLatin1Char('='), 1).toDouble());
        }
    }
}

// "read=0.123 write=0.1" (before 15), "shared/local read=… , temp read=…" (15, 16),
// "shared read=…, local …, temp …" (17+).
void readIoTimings(const QString &value, QJsonObject &node)
{
    static const QRegularExpression scoped(QStringLiteral(
        "(?:(shared/local|shared|local|temp)\\s+)?((?:(?:read|write)=[0-9.]+\\s*)+)"));
    for (QRegularExpressionMatchIterator it = scoped.globalMatch(value); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString scope = m.captured(1);
        const QString prefix = scope.isEmpty() || scope == QLatin1String("shared/local")
            ? QString()
            : QString(scope).replace(0, 1, scope.at(0).toUpper()) + QLatin1Char(' ');
        for (const QString &part : m.captured(2).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const QString kind = part.section(QLatin1Char('='), 0, 0);
            node.insert(QStringLiteral("%1I/O %2 Time")
                            .arg(prefix,
                                 kind == QLatin1String("read") ? QStringLiteral("Read")
                                                               : QStringLiteral("Write")),
                        part.section(QLatin1Char('='), 1).toDouble());
        }
    }
}

// "Buckets: 1024 (originally 1024)  Batches: 4 (originally 1)  Memory Usage: 9kB"
void readHash(const QString &line, QJsonObject &node)
{
    static const QRegularExpression figure(QStringLiteral(
        "(Buckets|Batches|Memory Usage): ([0-9]+)(?:kB)?(?: \\(originally ([0-9]+)\\))?"));
    for (QRegularExpressionMatchIterator it = figure.globalMatch(line); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString what = m.captured(1);
        if (what == QLatin1String("Memory Usage")) {
            node.insert(QStringLiteral("Peak Memory Usage"), m.captured(2).toDouble());
            continue;
        }
        const QString key = what == QLatin1String("Buckets") ? QStringLiteral("Hash Buckets")
                                                             : QStringLiteral("Hash Batches");
        node.insert(key, m.captured(2).toDouble());
        node.insert(QStringLiteral("Original ") + key,
                    (m.captured(3).isEmpty() ? m.captured(2) : m.captured(3)).toDouble());
    }
}

QJsonObject readJit(const QStringList &lines)
{
    QJsonObject jit;
    for (const QString &line : lines) {
        const QString key = line.trimmed().section(QStringLiteral(": "), 0, 0);
        const QString value = line.trimmed().section(QStringLiteral(": "), 1);
        if (key == QLatin1String("Functions")) {
            jit.insert(key, value.toDouble());
        } else if (key == QLatin1String("Options")) {
            QJsonObject options;
            for (const QString &option : value.split(QStringLiteral(", ")))
                options.insert(option.section(QLatin1Char(' '), 0, -2),
                               option.section(QLatin1Char(' '), -1) == QLatin1String("true"));
            jit.insert(key, options);
        } else if (key == QLatin1String("Timing")) {
            QJsonObject timing;
            static const QRegularExpression part(QStringLiteral("(\\w+) ([0-9.]+) ms"));
            // "Generation 0.3 ms (Deform 0.1 ms), Inlining …": the parts at the top level.
            QString flat = value;
            flat.remove(QRegularExpression(QStringLiteral("\\([^)]*\\)")));
            for (QRegularExpressionMatchIterator it = part.globalMatch(flat); it.hasNext();) {
                const QRegularExpressionMatch m = it.next();
                timing.insert(m.captured(1), m.captured(2).toDouble());
            }
            jit.insert(key, timing);
        }
    }
    return jit;
}

QJsonObject readSettings(const QString &value) // "work_mem = '64kB', jit = 'on'"
{
    QJsonObject settings;
    static const QRegularExpression setting(QStringLiteral("(\\w+) = '((?:[^']|'')*)'"));
    for (QRegularExpressionMatchIterator it = setting.globalMatch(value); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        settings.insert(m.captured(1),
                        QString(m.captured(2)).replace(QStringLiteral("''"), QStringLiteral("'")));
    }
    return settings;
}

class TextPlanReader
{
public:
    explicit TextPlanReader(const QStringList &lines)
        : m_lines(lines)
    { }

    Result<QJsonObject> read()
    {
        for (m_at = 0; m_at < m_lines.size(); ++m_at) {
            QString line = m_lines[m_at];
            // pgAdmin and some GUIs put each line in quotes.
            if (line.trimmed().startsWith(QLatin1Char('"'))
                && line.trimmed().endsWith(QLatin1Char('"')) && line.trimmed().size() >= 2)
                line = line.replace(line.indexOf(QLatin1Char('"')), 1, QString()).chopped(1);
            line.replace(QLatin1Char('\t'), QStringLiteral("    "));
            if (!readLine(line))
                return fail(Error::Kind::Usage,
                            QStringLiteral("Line %1 of the plan is not EXPLAIN's text format: "
                                           "\"%2\".")
                                .arg(m_at + 1)
                                .arg(line.trimmed().left(80)));
        }
        if (m_nodes.empty())
            return fail(Error::Kind::Usage,
                        QStringLiteral("No plan node found: EXPLAIN's text format starts with "
                                       "a line like \"Seq Scan on t  (cost=0.00..1.00 rows=1 "
                                       "width=4)\", its JSON format with \"[\"."));
        m_root.insert(QStringLiteral("Plan"), build(0));
        QJsonArray labels;
        for (const TextNode &node : m_nodes)
            labels << node.label;
        m_root.insert(QStringLiteral("BridgeScope Labels"), labels);
        return m_root;
    }

private:
    struct Open
    {
        int column = 0; // a node's label, or a subplan marker's text
        int node = -1; // -1: a marker (InitPlan, SubPlan, CTE)
        QString relationship;
        QString name;
    };

    QJsonObject build(int index) const
    {
        QJsonObject node = m_nodes[size_t(index)].properties;
        QJsonArray children;
        for (const int child : m_nodes[size_t(index)].children)
            children << build(child);
        if (!children.isEmpty())
            node.insert(QStringLiteral("Plans"), children);
        return node;
    }

    void closeFrom(int column)
    {
        while (!m_open.isEmpty() && m_open.last().column >= column)
            m_open.removeLast();
    }

    int owner() const
    {
        for (qsizetype i = m_open.size() - 1; i >= 0; --i)
            if (m_open[i].node >= 0)
                return m_open[i].node;
        return -1;
    }

    bool readNode(const QString &line, int indent)
    {
        static const QRegularExpression nodeLine(
            QStringLiteral("^(->\\s+)?(.*?)\\s*(?:\\s\\(cost=([0-9.]+)\\.\\.([0-9.]+) "
                           "rows=([0-9]+) width=([0-9]+)\\))?"
                           "(?:\\s+\\((?:actual (?:time=([0-9.]+)\\.\\.([0-9.]+) )?rows=([0-9.]+) "
                           "loops=([0-9]+)|(never executed))\\))?$"));
        const QString body = line.mid(indent);
        const bool arrow = body.startsWith(QLatin1String("->"));
        const QRegularExpressionMatch m = nodeLine.match(body);
        // The top node has no arrow (and, with COSTS OFF and no ANALYZE, no figures).
        if (!m.hasMatch() || (!arrow && !m_nodes.empty()))
            return false;
        const int labelColumn = indent + int(m.capturedLength(1));
        TextNode node;
        node.label = describeNode(m.captured(2).trimmed(), node.properties);
        // A line without an arrow is the top node only if it names a node EXPLAIN knows.
        if (node.label.isEmpty() && !arrow)
            return false;
        closeFrom(arrow ? indent : labelColumn);
        if (node.label.isEmpty())
            node.label = m.captured(2).trimmed(); // a node type newer than this program
        if (!m.captured(3).isEmpty()) {
            node.properties.insert(QStringLiteral("Startup Cost"), m.captured(3).toDouble());
            node.properties.insert(QStringLiteral("Total Cost"), m.captured(4).toDouble());
            node.properties.insert(QStringLiteral("Plan Rows"), m.captured(5).toDouble());
            node.properties.insert(QStringLiteral("Plan Width"), m.captured(6).toDouble());
        }
        if (!m.captured(7).isEmpty()) {
            node.properties.insert(QStringLiteral("Actual Startup Time"), m.captured(7).toDouble());
            node.properties.insert(QStringLiteral("Actual Total Time"), m.captured(8).toDouble());
        }
        if (!m.captured(9).isEmpty()) {
            node.properties.insert(QStringLiteral("Actual Rows"), m.captured(9).toDouble());
            node.properties.insert(QStringLiteral("Actual Loops"), m.captured(10).toDouble());
        }
        if (!m.captured(11).isEmpty()) { // as the JSON format writes a node never executed
            node.properties.insert(QStringLiteral("Actual Startup Time"), 0.0);
            node.properties.insert(QStringLiteral("Actual Total Time"), 0.0);
            node.properties.insert(QStringLiteral("Actual Rows"), 0.0);
            node.properties.insert(QStringLiteral("Actual Loops"), 0.0);
        }
        const int id = int(m_nodes.size());
        if (!m_open.isEmpty() && m_open.last().node < 0) {
            node.properties.insert(QStringLiteral("Parent Relationship"),
                                   m_open.last().relationship);
            node.properties.insert(QStringLiteral("Subplan Name"), m_open.last().name);
        }
        const int parent = owner();
        if (id > 0 && parent < 0)
            return false; // a second top node
        node.depth = parent >= 0 ? m_nodes[size_t(parent)].depth + 1 : 0;
        if (node.depth > kMostDepth)
            return false;
        m_nodes.push_back(node);
        if (parent >= 0)
            m_nodes[size_t(parent)].children << id;
        m_open << Open { labelColumn, id, {}, {} };
        return true;
    }

    // The lines of a block (JIT:, Planning:, a worker's) that are indented under its first.
    QStringList blockUnder(int indent)
    {
        QStringList block;
        while (m_at + 1 < m_lines.size() && indentOf(m_lines[m_at + 1]) > indent)
            block << m_lines[++m_at];
        return block;
    }

    bool readLine(const QString &line)
    {
        const int indent = indentOf(line);
        const QString body = line.mid(indent);
        static const QRegularExpression marker(
            QStringLiteral("^((?:Init|Sub)Plan) ?[0-9]*(?: \\(returns .*\\))?$|^CTE (.+)$"));
        if (const QRegularExpressionMatch m = marker.match(body);
            m.hasMatch() && !m_nodes.empty()) {
            closeFrom(indent);
            m_open << Open {
                indent, -1, m.captured(1).isEmpty() ? QStringLiteral("InitPlan") : m.captured(1),
                m.captured(1).isEmpty() ? QStringLiteral("CTE ") + unquoted(m.captured(2)) : body
            };
            return true;
        }
        if (readNode(line, indent))
            return true;
        if (m_nodes.empty())
            return true; // before the plan: a log line's prefix, "Query Text: …", a command tag
        closeFrom(indent);
        const int nodeIndex = owner();
        QJsonObject &target = nodeIndex >= 0 ? m_nodes[size_t(nodeIndex)].properties : m_root;
        static const QRegularExpression worker(
            QStringLiteral("^Worker ([0-9]+):\\s+(?:actual (?:time=([0-9.]+)\\.\\.([0-9.]+) "
                           ")?rows=([0-9.]+) loops=([0-9]+))?"));
        if (const QRegularExpressionMatch m = worker.match(body); m.hasMatch()) {
            blockUnder(indent); // the worker's own lines are its, not the node's
            if (!m.captured(4).isEmpty()) {
                QJsonArray workers = target.value(QStringLiteral("Workers")).toArray();
                QJsonObject figures { { QStringLiteral("Worker Number"), m.captured(1).toDouble() },
                                      { QStringLiteral("Actual Rows"), m.captured(4).toDouble() },
                                      { QStringLiteral("Actual Loops"),
                                        m.captured(5).toDouble() } };
                if (!m.captured(2).isEmpty()) {
                    figures.insert(QStringLiteral("Actual Startup Time"), m.captured(2).toDouble());
                    figures.insert(QStringLiteral("Actual Total Time"), m.captured(3).toDouble());
                }
                workers << figures;
                target.insert(QStringLiteral("Workers"), workers);
            }
            return true;
        }
        if (body == QLatin1String("JIT:")) {
            const QStringList block = blockUnder(indent);
            if (nodeIndex < 0)
                m_root.insert(QStringLiteral("JIT"), readJit(block));
            return true;
        }
        if (body == QLatin1String("Planning:")) {
            blockUnder(indent); // the planner's buffers
            return true;
        }
        static const QRegularExpression trigger(QStringLiteral(
            "^Trigger (?:for constraint )?(.+?)(?: on (.+?))?: time=([0-9.]+) calls=([0-9]+)$"));
        if (const QRegularExpressionMatch m = trigger.match(body); m.hasMatch()) {
            QJsonArray triggers = m_root.value(QStringLiteral("Triggers")).toArray();
            QJsonObject entry { { QStringLiteral("Trigger Name"), unquoted(m.captured(1)) },
                                { QStringLiteral("Time"), m.captured(3).toDouble() },
                                { QStringLiteral("Calls"), m.captured(4).toDouble() } };
            if (!m.captured(2).isEmpty())
                entry.insert(QStringLiteral("Relation"), unquoted(m.captured(2)));
            triggers << entry;
            m_root.insert(QStringLiteral("Triggers"), triggers);
            return true;
        }
        const qsizetype colon = body.indexOf(QStringLiteral(": "));
        if (colon <= 0) {
            // A line EXPLAIN wraps no further: a long condition continued (auto_explain to a
            // log with a line prefix cut), kept with the line before.
            return true;
        }
        const QString key = body.left(colon);
        const QString value = body.mid(colon + 2).trimmed();
        if (key == QLatin1String("Buffers")) {
            readBuffers(value, target);
        } else if (key == QLatin1String("I/O Timings")) {
            readIoTimings(value, target);
        } else if (key == QLatin1String("Sort Method")) {
            static const QRegularExpression sort(
                QStringLiteral("^(.*?)\\s+(Memory|Disk): ([0-9]+)kB"));
            const QRegularExpressionMatch m = sort.match(value);
            target.insert(key, m.hasMatch() ? m.captured(1) : value);
            if (m.hasMatch()) {
                target.insert(QStringLiteral("Sort Space Type"), m.captured(2));
                target.insert(QStringLiteral("Sort Space Used"), m.captured(3).toDouble());
            }
        } else if (key == QLatin1String("Buckets")) {
            readHash(body, target);
        } else if (key == QLatin1String("Settings")) {
            m_root.insert(key, readSettings(value));
        } else if (key == QLatin1String("Planning Time") || key == QLatin1String("Execution Time")
                   || key == QLatin1String("Total runtime")) {
            m_root.insert(key == QLatin1String("Total runtime") ? QStringLiteral("Execution Time")
                                                                : key,
                          QString(value).remove(QStringLiteral(" ms")).toDouble());
        } else {
            target.insert(key, numberOrText(value));
        }
        return true;
    }

    const QStringList &m_lines;
    qsizetype m_at = 0;
    std::vector<TextNode> m_nodes;
    QList<Open> m_open;
    QJsonObject m_root;
};

} // namespace

Result<QJsonObject> explainObjectFromText(const QStringList &lines)
{
    return TextPlanReader(lines).read();
}

} // namespace bridgescope
