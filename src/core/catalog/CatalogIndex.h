#pragma once

#include "Error.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace bridgescope {

class Session;

// Every object of a database a person may look for, as plain values: what the navigator
// lists, Go to anything matches, and `bridgescope find` prints. Read in one statement.
enum class ObjectKind {
    Schema,
    Table,
    PartitionedTable,
    Partition,
    View,
    MaterializedView,
    ForeignTable,
    Sequence,
    Function,
    Procedure,
    Aggregate,
    EnumType,
    CompositeType,
    Domain,
    RangeType,
    Column,
    Index,
    Constraint,
    Trigger,
    Policy,
    Extension,
    Publication,
    Subscription,
};

// "table", "partitioned table", "materialized view", "function", "enum type", …
QString objectKindName(ObjectKind kind);
// The objects that live under a table (its columns, indexes, constraints, triggers, policies).
bool isTablePart(ObjectKind kind);
// A table, view, materialized view or foreign table: rows to browse.
bool isRelation(ObjectKind kind);
bool isFunctionKind(ObjectKind kind); // function, procedure, aggregate
bool isTypeKind(ObjectKind kind);

struct CatalogObject
{
    ObjectKind kind = ObjectKind::Table;
    QString schema; // empty for a schema itself, an extension, a publication, a subscription
    QString name;
    QString arguments; // a function's argument types: "integer, text"
    // The table a column, index, constraint, trigger or policy belongs to; a partition's
    // parent. Of the same schema.
    QString parent;
    QString detail; // a column's type, an index's method, a constraint's kind, a function's result
    quint32 oid = 0; // 0 for a column
    int position = 0; // a column's number in its table (attnum); 0 for the rest
    // As PostgreSQL would read it, quoted where it quotes (the server's quote_ident):
    // public."Odd Name", public.f(integer, text), public.t.col; a schema, an extension … by
    // its name alone.
    QString qualified;
};

// A match of Go to anything: which object, and how well.
struct CatalogMatch
{
    int index = 0; // into CatalogIndex::objects()
    int score = 0;
};

class CatalogIndex
{
public:
    CatalogIndex() = default;
    explicit CatalogIndex(QList<CatalogObject> objects, QStringList searchPath = {});

    const QList<CatalogObject> &objects() const { return m_objects; }
    qsizetype size() const { return m_objects.size(); }
    const QStringList &searchPath() const { return m_searchPath; }

    // The best matches for what was typed, the best first: the exact name first, then a
    // prefix, word starts, a substring, a subsequence (FuzzyMatcher's bands); within a band
    // a table before a function or type before its columns and indexes, a schema on the
    // search path first, then the shorter name. "schema.name" and "s.n" match the schema
    // (or a column's table) and the name apart; a quoted part is matched as written. Never
    // touches the server: 10,000 tables and their columns in a few milliseconds.
    QList<CatalogMatch> find(const QString &text, int limit = 50) const;

    // The object named as `bridgescope ddl` takes it ("schema.name", quoted as PostgreSQL
    // quotes, a bare name in the search path; a function with its argument types); -1 if
    // none, or if a bare function name has several overloads (then listed in `overloads`).
    int lookup(const QString &name, QList<int> *overloads = nullptr) const;

    // This index and the parts of tables read after it (readTableParts): the objects here keep
    // their places, the parts come after them.
    CatalogIndex withParts(const QList<CatalogObject> &parts) const;

private:
    QList<CatalogObject> m_objects;
    QStringList m_searchPath;
    QList<QString> m_lower; // each name in lower case
    QList<quint64> m_masks; // FuzzyMatcher::charMask of each
};

// Everything, or what comes first: schemas, relations, functions, types, extensions,
// publications and subscriptions, without the parts of tables (a large catalog's columns are
// most of its rows: the navigator paints before they come).
enum class CatalogScope { Everything, WithoutTableParts };

// Reads the objects of the user schemas (not pg_catalog, information_schema, pg_toast or temp
// schemas; not the members of an extension, which belong to it): in one statement without
// the parts of tables, and one more for them. A role may list what it may not read: the
// catalog is public.
Result<CatalogIndex> readCatalogIndex(Session &session,
                                      CatalogScope scope = CatalogScope::Everything);
// The columns, indexes, constraints, triggers and policies of every table, for withParts().
Result<QList<CatalogObject>> readTableParts(Session &session);

} // namespace bridgescope
