#include "catalog/ObjectDdl.h"

#include "catalog/DdlWriters.h"
#include "connection/PgQuery.h"
#include "connection/Session.h"

namespace bridgescope {

namespace {

using namespace ddl;

// A column, index, constraint, trigger or policy: its own statement.
const char kPartQuery[] = R"sql(
SELECT CASE $2
    WHEN 'index' THEN (SELECT pg_get_indexdef($1::oid))
    WHEN 'trigger' THEN (SELECT pg_get_triggerdef($1::oid))
    WHEN 'constraint' THEN
        (SELECT 'ALTER TABLE ONLY ' || conrelid::regclass::text || E'\n    ADD CONSTRAINT '
                || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
         FROM pg_constraint WHERE oid = $1::oid)
END
)sql";

Result<QStringList> partDdl(Session &session, const CatalogObject &object, int version)
{
    if (object.kind == ObjectKind::Policy || object.kind == ObjectKind::Column) {
        // No statement of their own in pg_dump: the table's DDL, which holds them.
        BoundSql table;
        table.sql = QStringLiteral("SELECT to_regclass($1)::oid");
        table.params << quoteQualified(object.schema, object.parent);
        Result<RowSet> found = queryRows(session, table);
        if (!found)
            return std::unexpected(found.error());
        if (isNull(*found, 0, 0))
            return fail(Error::Kind::Generic,
                        QStringLiteral("The table %1 is gone: it was dropped since the catalog "
                                       "was read.")
                            .arg(quoteQualified(object.schema, object.parent)));
        return relationDdl(session, cell(*found, 0, 0).toUInt(), version);
    }
    BoundSql statement;
    statement.sql = QString::fromUtf8(kPartQuery);
    statement.params << QString::number(object.oid)
                     << (object.kind == ObjectKind::Index         ? QStringLiteral("index")
                             : object.kind == ObjectKind::Trigger ? QStringLiteral("trigger")
                                                                  : QStringLiteral("constraint"));
    Result<RowSet> rows = queryRows(session, statement);
    if (!rows)
        return std::unexpected(rows.error());
    if (isNull(*rows, 0, 0))
        return fail(Error::Kind::Generic,
                    QStringLiteral("The %1 is gone: it was dropped since the catalog was read.")
                        .arg(objectKindName(object.kind)));
    (void)version;
    return QStringList { cell(*rows, 0, 0) + QLatin1Char(';') };
}

Result<QStringList> ddlStatements(Session &session, const CatalogObject &object, int version)
{
    switch (object.kind) {
    case ObjectKind::Table:
    case ObjectKind::PartitionedTable:
    case ObjectKind::Partition:
    case ObjectKind::View:
    case ObjectKind::MaterializedView:
        return relationDdl(session, object.oid, version);
    case ObjectKind::Sequence:
        return sequenceDdl(session, object.oid, version);
    case ObjectKind::Function:
    case ObjectKind::Procedure:
    case ObjectKind::Aggregate:
        return routineDdl(session, object.oid, version);
    case ObjectKind::EnumType:
    case ObjectKind::CompositeType:
    case ObjectKind::Domain:
    case ObjectKind::RangeType:
        return typeDdl(session, object.oid, version);
    case ObjectKind::Index:
    case ObjectKind::Constraint:
    case ObjectKind::Trigger:
    case ObjectKind::Policy:
    case ObjectKind::Column:
        return partDdl(session, object, version);
    case ObjectKind::Schema:
        return QStringList { QStringLiteral("CREATE SCHEMA %1;").arg(object.qualified) };
    case ObjectKind::ForeignTable:
        return foreignTableDdl(session, object.oid, version);
    case ObjectKind::Extension:
        return extensionDdl(session, object.oid, version);
    case ObjectKind::Publication:
        return publicationDdl(session, object.oid, version);
    case ObjectKind::Subscription:
        break; // its connection string is for superusers only
    }
    return fail(Error::Kind::Usage,
                QStringLiteral("The DDL of a %1 is not written here yet.")
                    .arg(objectKindName(object.kind)));
}

} // namespace

Result<QString> readObjectDdl(Session &session, const CatalogObject &object)
{
    int version = 0;
    if (const Result<ServerInfo> server = session.serverInfo(); server)
        version = server->serverVersionNumber;
    // pg_dump's view of names: with an empty search_path every name the server prints
    // (types, tables in a view, functions in a default) carries its schema. In a read-only
    // transaction that is rolled back, so the session's own setting is left as it was.
    for (const char *step : { "BEGIN TRANSACTION READ ONLY", "SET LOCAL search_path = ''" }) {
        if (Result<RowSet> done = queryRows(session, QString::fromLatin1(step)); !done) {
            (void)queryRows(session, QStringLiteral("ROLLBACK"));
            return std::unexpected(done.error());
        }
    }
    Result<QStringList> statements = ddlStatements(session, object, version);
    (void)queryRows(session, QStringLiteral("ROLLBACK"));
    if (!statements)
        return std::unexpected(statements.error());
    return statements->join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

} // namespace bridgescope
