// The DDL of a table, a partition, a view, a materialized view, a sequence and a foreign
// table.
#include "catalog/DdlWriters.h"

#include <QHash>

namespace bridgescope::ddl {

namespace {

QString sequenceOptions(const RowSet &seq, int row, bool identity)
{
    // type, start, increment, min, max, cache, cycle
    const QString type = cell(seq, row, 0);
    const qint64 increment = cell(seq, row, 2).toLongLong();
    const QString min = cell(seq, row, 3);
    const QString max = cell(seq, row, 4);
    QString typeMin = QStringLiteral("-9223372036854775808");
    QString typeMax = QStringLiteral("9223372036854775807");
    if (type == QLatin1String("integer")) {
        typeMin = QStringLiteral("-2147483648");
        typeMax = QStringLiteral("2147483647");
    } else if (type == QLatin1String("smallint")) {
        typeMin = QStringLiteral("-32768");
        typeMax = QStringLiteral("32767");
    }
    const QString defaultMin = increment > 0 ? QStringLiteral("1") : typeMin;
    const QString defaultMax = increment > 0 ? typeMax : QStringLiteral("-1");
    QStringList lines;
    if (!identity && type != QLatin1String("bigint"))
        lines << QStringLiteral("AS ") + type;
    lines << QStringLiteral("START WITH ") + cell(seq, row, 1)
          << QStringLiteral("INCREMENT BY ") + cell(seq, row, 2)
          << (min == defaultMin ? QStringLiteral("NO MINVALUE") : QStringLiteral("MINVALUE ") + min)
          << (max == defaultMax ? QStringLiteral("NO MAXVALUE") : QStringLiteral("MAXVALUE ") + max)
          << QStringLiteral("CACHE ") + cell(seq, row, 5);
    if (flag(seq, row, 6))
        lines << QStringLiteral("CYCLE");
    return QStringLiteral("    ") + lines.join(QStringLiteral("\n    "));
}

const char kSequenceQuery[] = R"sql(
SELECT format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
       s.seqcache, s.seqcycle, quote_ident(n.nspname) || '.' || quote_ident(c.relname),
       quote_ident(pg_get_userbyid(c.relowner)),
       (SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.'
               || quote_ident(a.attname)
        FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
        JOIN pg_namespace tn ON tn.oid = t.relnamespace
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'
          AND d.refclassid = 'pg_class'::regclass),
       obj_description(c.oid, 'pg_class')
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE s.seqrelid = $1::oid
)sql";

} // namespace

Result<QStringList> sequenceDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> seq = reader.object(kSequenceQuery, "sequence");
    if (!seq)
        return std::unexpected(seq.error());
    const QString name = cell(*seq, 0, 7);
    QStringList out;
    out << QStringLiteral("CREATE SEQUENCE %1\n%2;").arg(name, sequenceOptions(*seq, 0, false));
    out << QStringLiteral("ALTER TABLE %1 OWNER TO %2;").arg(name, cell(*seq, 0, 8));
    if (!isNull(*seq, 0, 10))
        out << QStringLiteral("COMMENT ON SEQUENCE %1 IS %2;")
                   .arg(name, literal(cell(*seq, 0, 10)));
    if (!isNull(*seq, 0, 9))
        out << QStringLiteral("ALTER SEQUENCE %1 OWNED BY %2;").arg(name, cell(*seq, 0, 9));
    Result<RowSet> acl = reader.rows(kRelationAcl);
    if (!acl)
        return std::unexpected(acl.error());
    out << grantStatements(
        *acl, AclOf { QStringLiteral("SEQUENCE"), name, cell(*seq, 0, 8), aclIsNull(*acl) },
        version);
    return out;
}

const char kRelationQuery[] = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind,
       quote_ident(pg_get_userbyid(c.relowner)), obj_description(c.oid, 'pg_class'),
       c.relrowsecurity, c.relforcerowsecurity, pg_get_partkeydef(c.oid),
       c.relispartition, pg_get_expr(c.relpartbound, c.oid),
       (SELECT quote_ident(pn.nspname) || '.' || quote_ident(p.relname)
        FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid),
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = $1::oid
)sql";

const char kColumnsQuery[] = R"sql(
SELECT quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid),
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
           (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
            FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE co.oid = a.attcollation) END,
       col_description(a.attrelid, a.attnum),
       pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname),
                              a.attname)
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
)sql";

const char kConstraintsQuery[] = R"sql(
SELECT quote_ident(conname), contype, pg_get_constraintdef(oid), convalidated, conislocal,
       conparentid <> 0, obj_description(oid, 'pg_constraint')
FROM pg_constraint
WHERE conrelid = $1::oid AND contype IN ('c', 'p', 'u', 'x', 'f')
ORDER BY conname
)sql";

const char kIndexesQuery[] = R"sql(
SELECT pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = $1::oid
  AND NOT EXISTS (SELECT FROM pg_constraint k
                  WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
ORDER BY c.relname
)sql";

const char kTriggersQuery[] = R"sql(
SELECT pg_get_triggerdef(oid), quote_ident(tgname), tgenabled
FROM pg_trigger
WHERE tgrelid = $1::oid AND NOT tgisinternal AND tgparentid = 0
ORDER BY tgname
)sql";

const char kPoliciesQuery[] = R"sql(
SELECT quote_ident(pol.polname), pol.polpermissive, pol.polcmd,
       CASE WHEN pol.polroles = '{0}' THEN NULL ELSE
           array_to_string(ARRAY(SELECT quote_ident(rolname) FROM pg_roles
                                 WHERE oid = ANY (pol.polroles)), ', ') END,
       pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid)
FROM pg_policy pol
WHERE pol.polrelid = $1::oid
ORDER BY pol.polname
)sql";

const char kOwnedSequences[] = R"sql(
SELECT d.objid
FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
WHERE d.classid = 'pg_class'::regclass AND d.refobjid = $1::oid AND d.deptype = 'a'
ORDER BY s.relname
)sql";

const char kIdentitySequence[] = R"sql(
SELECT format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
       s.seqcache, s.seqcycle, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE d.classid = 'pg_class'::regclass AND d.refobjid = $1::oid AND d.deptype = 'i'
ORDER BY d.refobjsubid
)sql";

static QString policyStatement(const RowSet &policies, int i, const QString &table)
{
    static const QHash<QString, QString> commands {
        { QStringLiteral("r"), QStringLiteral("SELECT") },
        { QStringLiteral("a"), QStringLiteral("INSERT") },
        { QStringLiteral("w"), QStringLiteral("UPDATE") },
        { QStringLiteral("d"), QStringLiteral("DELETE") },
    };
    QString statement = QStringLiteral("CREATE POLICY %1 ON %2").arg(cell(policies, i, 0), table);
    if (!flag(policies, i, 1))
        statement += QStringLiteral(" AS RESTRICTIVE");
    if (const QString command = commands.value(cell(policies, i, 2)); !command.isEmpty())
        statement += QStringLiteral(" FOR ") + command;
    if (!isNull(policies, i, 3))
        statement += QStringLiteral(" TO ") + cell(policies, i, 3);
    if (!isNull(policies, i, 4))
        statement += QStringLiteral(" USING (%1)").arg(cell(policies, i, 4));
    if (!isNull(policies, i, 5))
        statement += QStringLiteral(" WITH CHECK (%1)").arg(cell(policies, i, 5));
    return statement + QLatin1Char(';');
}

Result<QStringList> relationDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> relation = reader.object(kRelationQuery, "relation");
    if (!relation)
        return std::unexpected(relation.error());
    const QString name = cell(*relation, 0, 0);
    const QString kind = cell(*relation, 0, 1);
    const QString owner = cell(*relation, 0, 2);
    Result<RowSet> columns = reader.rows(kColumnsQuery);
    if (!columns)
        return std::unexpected(columns.error());
    QStringList out;
    const bool view = kind == QLatin1String("v");
    const bool materialized = kind == QLatin1String("m");
    if (view || materialized) {
        QString definition = cell(*relation, 0, 10);
        if (materialized) {
            if (definition.endsWith(QLatin1Char(';')))
                definition.chop(1);
            out << QStringLiteral("CREATE MATERIALIZED VIEW %1 AS\n%2\n  WITH NO DATA;")
                       .arg(name, definition);
        } else {
            out << QStringLiteral("CREATE VIEW %1 AS\n%2").arg(name, definition);
        }
    } else {
        Result<RowSet> constraints = reader.rows(kConstraintsQuery);
        if (!constraints)
            return std::unexpected(constraints.error());
        QStringList lines;
        for (int i = 0; i < columns->rows.size(); ++i) {
            QString line
                = QStringLiteral("    %1 %2").arg(cell(*columns, i, 0), cell(*columns, i, 1));
            const QString generated = cell(*columns, i, 4);
            const QString defaultExpression = cell(*columns, i, 5);
            if (generated == QLatin1String("s"))
                line += QStringLiteral(" GENERATED ALWAYS AS (%1) STORED").arg(defaultExpression);
            else if (generated == QLatin1String("v"))
                line += QStringLiteral(" GENERATED ALWAYS AS (%1)").arg(defaultExpression);
            else if (!defaultExpression.isEmpty() && isNull(*columns, i, 8))
                line += QStringLiteral(" DEFAULT ") + defaultExpression;
            if (flag(*columns, i, 2))
                line += QStringLiteral(" NOT NULL");
            if (!isNull(*columns, i, 6))
                line += QStringLiteral(" COLLATE ") + cell(*columns, i, 6);
            lines << line;
        }
        for (int i = 0; i < constraints->rows.size(); ++i) {
            if (cell(*constraints, i, 1) == QLatin1String("c") && flag(*constraints, i, 3)
                && flag(*constraints, i, 4))
                lines << QStringLiteral("    CONSTRAINT %1 %2")
                             .arg(cell(*constraints, i, 0), cell(*constraints, i, 2));
        }
        QString create = QStringLiteral("CREATE TABLE %1 (\n%2\n)")
                             .arg(name, lines.join(QStringLiteral(",\n")));
        if (kind == QLatin1String("p"))
            create += QStringLiteral("\nPARTITION BY ") + cell(*relation, 0, 6);
        out << create + QLatin1Char(';');
        if (flag(*relation, 0, 5))
            out << QStringLiteral("ALTER TABLE ONLY %1 FORCE ROW LEVEL SECURITY;").arg(name);
        out << QStringLiteral("ALTER TABLE %1 OWNER TO %2;").arg(name, owner);
        if (!isNull(*relation, 0, 3))
            out << QStringLiteral("COMMENT ON TABLE %1 IS %2;")
                       .arg(name, literal(cell(*relation, 0, 3)));
        for (int i = 0; i < columns->rows.size(); ++i)
            if (!isNull(*columns, i, 7))
                out << QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3;")
                           .arg(name, cell(*columns, i, 0), literal(cell(*columns, i, 7)));
        // The sequences the table owns (serial columns), as pg_dump -t brings them along.
        Result<RowSet> owned = reader.rows(kOwnedSequences);
        if (!owned)
            return std::unexpected(owned.error());
        for (int i = 0; i < owned->rows.size(); ++i) {
            Result<QStringList> sequence
                = sequenceDdl(session, cell(*owned, i, 0).toUInt(), version);
            if (!sequence)
                return std::unexpected(sequence.error());
            out << *sequence;
        }
        Result<RowSet> identities = reader.rows(kIdentitySequence);
        if (!identities)
            return std::unexpected(identities.error());
        int identity = 0;
        for (int i = 0; i < columns->rows.size(); ++i) {
            const QString kindOfIdentity = cell(*columns, i, 3);
            if (kindOfIdentity.isEmpty() || identity >= identities->rows.size())
                continue;
            out << QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 ADD GENERATED %3 AS IDENTITY (\n"
                                  "    SEQUENCE NAME %4\n%5\n);")
                       .arg(name, cell(*columns, i, 0),
                            kindOfIdentity == QLatin1String("a") ? QStringLiteral("ALWAYS")
                                                                 : QStringLiteral("BY DEFAULT"),
                            cell(*identities, identity, 7),
                            sequenceOptions(*identities, identity, true));
            ++identity;
        }
        if (flag(*relation, 0, 7))
            out << QStringLiteral("ALTER TABLE ONLY %1 ATTACH PARTITION %2 %3;")
                       .arg(cell(*relation, 0, 9), name, cell(*relation, 0, 8));
        // A serial's default names its sequence, made after the table: set apart, as pg_dump does.
        for (int i = 0; i < columns->rows.size(); ++i)
            if (!isNull(*columns, i, 8) && !cell(*columns, i, 5).isEmpty()
                && cell(*columns, i, 4).isEmpty())
                out << QStringLiteral("ALTER TABLE ONLY %1 ALTER COLUMN %2 SET DEFAULT %3;")
                           .arg(name, cell(*columns, i, 0), cell(*columns, i, 5));
        const auto addConstraint = [&](int i, const QString &only) {
            out << QStringLiteral("ALTER TABLE %1%2\n    ADD CONSTRAINT %3 %4;")
                       .arg(only, name, cell(*constraints, i, 0), cell(*constraints, i, 2));
        };
        for (int i = 0; i < constraints->rows.size(); ++i) {
            const QString type = cell(*constraints, i, 1);
            if (flag(*constraints, i, 5) || !flag(*constraints, i, 4))
                continue; // a partition's copy of its parent's
            if (type == QLatin1String("c") && !flag(*constraints, i, 3))
                addConstraint(i, QString());
            else if (type == QLatin1String("p") || type == QLatin1String("u")
                     || type == QLatin1String("x"))
                addConstraint(i, QStringLiteral("ONLY "));
        }
        Result<RowSet> indexes = reader.rows(kIndexesQuery);
        if (!indexes)
            return std::unexpected(indexes.error());
        for (int i = 0; i < indexes->rows.size(); ++i)
            out << cell(*indexes, i, 0) + QLatin1Char(';');
        Result<RowSet> triggers = reader.rows(kTriggersQuery);
        if (!triggers)
            return std::unexpected(triggers.error());
        for (int i = 0; i < triggers->rows.size(); ++i) {
            out << cell(*triggers, i, 0) + QLatin1Char(';');
            if (cell(*triggers, i, 2) == QLatin1String("D"))
                out << QStringLiteral("ALTER TABLE %1 DISABLE TRIGGER %2;")
                           .arg(name, cell(*triggers, i, 1));
        }
        for (int i = 0; i < constraints->rows.size(); ++i)
            if (cell(*constraints, i, 1) == QLatin1String("f") && !flag(*constraints, i, 5)
                && flag(*constraints, i, 4))
                addConstraint(i, kind == QLatin1String("p") ? QString() : QStringLiteral("ONLY "));
        if (flag(*relation, 0, 4))
            out << QStringLiteral("ALTER TABLE %1 ENABLE ROW LEVEL SECURITY;").arg(name);
        Result<RowSet> policies = reader.rows(kPoliciesQuery);
        if (!policies)
            return std::unexpected(policies.error());
        for (int i = 0; i < policies->rows.size(); ++i)
            out << policyStatement(*policies, i, name);
    }
    if (view || materialized) {
        out << QStringLiteral("ALTER TABLE %1 OWNER TO %2;").arg(name, owner);
        if (!isNull(*relation, 0, 3))
            out << QStringLiteral("COMMENT ON %1 %2 IS %3;")
                       .arg(view ? QStringLiteral("VIEW") : QStringLiteral("MATERIALIZED VIEW"),
                            name, literal(cell(*relation, 0, 3)));
        for (int i = 0; i < columns->rows.size(); ++i)
            if (!isNull(*columns, i, 7))
                out << QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3;")
                           .arg(name, cell(*columns, i, 0), literal(cell(*columns, i, 7)));
        if (materialized) {
            Result<RowSet> indexes = reader.rows(kIndexesQuery);
            if (!indexes)
                return std::unexpected(indexes.error());
            for (int i = 0; i < indexes->rows.size(); ++i)
                out << cell(*indexes, i, 0) + QLatin1Char(';');
        }
    }
    Result<RowSet> acl = reader.rows(kRelationAcl);
    if (!acl)
        return std::unexpected(acl.error());
    out << grantStatements(*acl, AclOf { QStringLiteral("TABLE"), name, owner, aclIsNull(*acl) },
                           version);
    return out;
}

} // namespace bridgescope::ddl

namespace bridgescope::ddl {

namespace {

const char kForeignTableQuery[] = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(s.srvname),
       array_to_string(ARRAY(SELECT quote_ident(option_name) || ' ' || quote_literal(option_value)
                             FROM pg_options_to_table(ft.ftoptions) ORDER BY option_name),
                       E',\n    '),
       quote_ident(pg_get_userbyid(c.relowner)), obj_description(c.oid, 'pg_class')
FROM pg_foreign_table ft JOIN pg_class c ON c.oid = ft.ftrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_foreign_server s ON s.oid = ft.ftserver
WHERE ft.ftrelid = $1::oid
)sql";

const char kForeignColumnsQuery[] = R"sql(
SELECT quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid),
       array_to_string(ARRAY(SELECT quote_ident(option_name) || ' ' || quote_literal(option_value)
                             FROM pg_options_to_table(a.attfdwoptions) ORDER BY option_name),
                       E',\n    ')
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
)sql";

} // namespace

Result<QStringList> foreignTableDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> table = reader.object(kForeignTableQuery, "foreign table");
    if (!table)
        return std::unexpected(table.error());
    Result<RowSet> columns = reader.rows(kForeignColumnsQuery);
    if (!columns)
        return std::unexpected(columns.error());
    const QString name = cell(*table, 0, 0);
    QStringList lines;
    QStringList columnOptions;
    for (int i = 0; i < columns->rows.size(); ++i) {
        QString line = QStringLiteral("    %1 %2").arg(cell(*columns, i, 0), cell(*columns, i, 1));
        if (!isNull(*columns, i, 3))
            line += QStringLiteral(" DEFAULT ") + cell(*columns, i, 3);
        if (flag(*columns, i, 2))
            line += QStringLiteral(" NOT NULL");
        lines << line;
        if (!cell(*columns, i, 4).isEmpty())
            columnOptions << QStringLiteral("ALTER FOREIGN TABLE %1 ALTER COLUMN %2 OPTIONS (\n    "
                                            "%3\n);")
                                 .arg(name, cell(*columns, i, 0), cell(*columns, i, 4));
    }
    QString create = QStringLiteral("CREATE FOREIGN TABLE %1 (\n%2\n)\nSERVER %3")
                         .arg(name, lines.join(QStringLiteral(",\n")), cell(*table, 0, 1));
    if (!cell(*table, 0, 2).isEmpty())
        create += QStringLiteral("\nOPTIONS (\n    %1\n)").arg(cell(*table, 0, 2));
    QStringList out { create + QLatin1Char(';') };
    out << columnOptions;
    out << QStringLiteral("ALTER FOREIGN TABLE %1 OWNER TO %2;").arg(name, cell(*table, 0, 3));
    if (!isNull(*table, 0, 4))
        out << QStringLiteral("COMMENT ON FOREIGN TABLE %1 IS %2;")
                   .arg(name, literal(cell(*table, 0, 4)));
    Result<RowSet> acl = reader.rows(kRelationAcl);
    if (!acl)
        return std::unexpected(acl.error());
    out << grantStatements(
        *acl, AclOf { QStringLiteral("TABLE"), name, cell(*table, 0, 3), aclIsNull(*acl) },
        version);
    return out;
}

} // namespace bridgescope::ddl
