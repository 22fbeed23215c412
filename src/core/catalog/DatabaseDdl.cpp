// The DDL of what belongs to the database rather than a schema: an extension, a publication.
#include "catalog/DdlWriters.h"

namespace bridgescope::ddl {

namespace {

const char kExtensionQuery[] = R"sql(
SELECT quote_ident(e.extname), quote_ident(n.nspname), obj_description(e.oid, 'pg_extension')
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.oid = $1::oid
)sql";

const char kPublicationQuery[] = R"sql(
SELECT quote_ident(p.pubname), p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete,
       p.pubtruncate, p.pubviaroot, quote_ident(pg_get_userbyid(p.pubowner)),
       obj_description(p.oid, 'pg_publication')
FROM pg_publication p WHERE p.oid = $1::oid
)sql";

// The tables, with their column lists and row filters (PostgreSQL 15).
const char kPublicationTables[] = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), %COLUMNS%, %FILTER%
FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE pr.prpubid = $1::oid
ORDER BY n.nspname, c.relname
)sql";

const char kPublicationSchemas[] = R"sql(
SELECT quote_ident(n.nspname)
FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid
WHERE pn.pnpubid = $1::oid
ORDER BY n.nspname
)sql";

} // namespace

Result<QStringList> extensionDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> extension = reader.object(kExtensionQuery, "extension");
    if (!extension)
        return std::unexpected(extension.error());
    const QString name = cell(*extension, 0, 0);
    QStringList out { QStringLiteral("CREATE EXTENSION IF NOT EXISTS %1 WITH SCHEMA %2;")
                          .arg(name, cell(*extension, 0, 1)) };
    if (!isNull(*extension, 0, 2))
        out << QStringLiteral("COMMENT ON EXTENSION %1 IS %2;")
                   .arg(name, literal(cell(*extension, 0, 2)));
    return out;
}

Result<QStringList> publicationDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> publication = reader.object(kPublicationQuery, "publication");
    if (!publication)
        return std::unexpected(publication.error());
    const RowSet &p = *publication;
    const QString name = cell(p, 0, 0);
    QStringList actions;
    const char *const names[] = { "insert", "update", "delete", "truncate" };
    for (int i = 0; i < 4; ++i)
        if (flag(p, 0, 2 + i))
            actions << QString::fromLatin1(names[i]);
    QString create = QStringLiteral("CREATE PUBLICATION ") + name;
    if (flag(p, 0, 1))
        create += QStringLiteral(" FOR ALL TABLES");
    create += QStringLiteral(" WITH (publish = '%1'").arg(actions.join(QStringLiteral(", ")));
    if (flag(p, 0, 6))
        create += QStringLiteral(", publish_via_partition_root = true");
    QStringList out { create + QStringLiteral(");") };
    out << QStringLiteral("ALTER PUBLICATION %1 OWNER TO %2;").arg(name, cell(p, 0, 7));
    if (!isNull(p, 0, 8))
        out << QStringLiteral("COMMENT ON PUBLICATION %1 IS %2;").arg(name, literal(cell(p, 0, 8)));
    const bool from15 = version >= 150000;
    QString tablesSql = QString::fromUtf8(kPublicationTables);
    tablesSql.replace(QLatin1String("%COLUMNS%"),
                      from15 ? QLatin1String("(SELECT string_agg(quote_ident(a.attname), ', ' "
                                             "ORDER BY a.attnum) FROM pg_attribute a WHERE "
                                             "a.attrelid = pr.prrelid AND a.attnum = ANY "
                                             "(pr.prattrs))")
                             : QLatin1String("NULL::text"));
    tablesSql.replace(QLatin1String("%FILTER%"),
                      from15 ? QLatin1String("pg_get_expr(pr.prqual, pr.prrelid)")
                             : QLatin1String("NULL::text"));
    const QByteArray tablesQuery = tablesSql.toUtf8();
    Result<RowSet> tables = reader.rows(tablesQuery.constData());
    if (!tables)
        return std::unexpected(tables.error());
    for (int i = 0; i < tables->rows.size(); ++i) {
        QString add = QStringLiteral("ALTER PUBLICATION %1 ADD TABLE ONLY %2")
                          .arg(name, cell(*tables, i, 0));
        if (!isNull(*tables, i, 1))
            add += QStringLiteral(" (%1)").arg(cell(*tables, i, 1));
        if (!isNull(*tables, i, 2))
            add += QStringLiteral(" WHERE (%1)").arg(cell(*tables, i, 2));
        out << add + QLatin1Char(';');
    }
    if (from15) {
        Result<RowSet> schemas = reader.rows(kPublicationSchemas);
        if (!schemas)
            return std::unexpected(schemas.error());
        for (int i = 0; i < schemas->rows.size(); ++i)
            out << QStringLiteral("ALTER PUBLICATION %1 ADD TABLES IN SCHEMA %2;")
                       .arg(name, cell(*schemas, i, 0));
    }
    return out;
}

} // namespace bridgescope::ddl
