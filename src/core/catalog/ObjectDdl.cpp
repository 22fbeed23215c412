#include "catalog/ObjectDdl.h"

#include "connection/PgQuery.h"
#include "connection/Session.h"

#include <QHash>

namespace bridgescope {

namespace {

// One object's catalog rows, read with the object's oid as $1.
class DdlReader
{
public:
    DdlReader(Session &session, quint32 oid, int serverVersion)
        : m_session(session)
        , m_oid(QString::number(oid))
        , m_version(serverVersion)
    { }

    Result<RowSet> rows(const char *sql) const
    {
        BoundSql statement;
        statement.sql = QString::fromUtf8(sql);
        // What PostgreSQL 13 lacks: SQL-standard bodies and multiranges (both 14).
        const bool before14 = m_version > 0 && m_version < 140000;
        statement.sql.replace(QLatin1String("%SQLBODY%"),
                              before14 ? QLatin1String("NULL::text")
                                       : QLatin1String("CASE WHEN p.prosqlbody IS NOT NULL THEN "
                                                       "pg_get_function_sqlbody(p.oid) END"));
        statement.sql.replace(QLatin1String("%MULTIRANGE%"),
                              before14 ? QLatin1String("NULL::oid")
                                       : QLatin1String("r.rngmultitypid"));
        statement.params << m_oid;
        return queryRows(m_session, statement);
    }
    int version() const { return m_version; }

private:
    Session &m_session;
    QString m_oid;
    int m_version = 0;
};

QString cell(const RowSet &rows, int row, int column)
{
    const SqlText value = rows.rows.value(row).value(column);
    return value ? QString::fromUtf8(*value) : QString();
}

bool isNull(const RowSet &rows, int row, int column)
{
    return !rows.rows.value(row).value(column).has_value();
}

bool flag(const RowSet &rows, int row, int column)
{
    return cell(rows, row, column) == QLatin1String("t");
}

QString literal(const QString &text)
{
    return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QLatin1String("''"))
        + QLatin1Char('\'');
}

// The privileges of one grantee, in the order pg_dump writes them; ALL when every one is
// there. Grants with the grant option come in a statement of their own.
QStringList grantStatements(const RowSet &acl, const QString &objectType, const QString &name,
                            int serverVersion)
{
    QStringList order;
    if (objectType == QLatin1String("TABLE")) {
        order = { QStringLiteral("SELECT"), QStringLiteral("INSERT"),  QStringLiteral("REFERENCES"),
                  QStringLiteral("DELETE"), QStringLiteral("TRIGGER"), QStringLiteral("TRUNCATE") };
        if (serverVersion >= 170000)
            order << QStringLiteral("MAINTAIN");
        order << QStringLiteral("UPDATE");
    } else if (objectType == QLatin1String("SEQUENCE")) {
        order = { QStringLiteral("SELECT"), QStringLiteral("USAGE"), QStringLiteral("UPDATE") };
    } else {
        order = { QStringLiteral("EXECUTE") };
    }
    // grantee → (privilege → grantable), in the order the ACL lists grantees.
    QStringList grantees;
    QHash<QString, QHash<QString, bool>> granted;
    QString owner;
    for (int i = 0; i < acl.rows.size(); ++i) {
        const QString grantee = cell(acl, i, 0);
        if (!granted.contains(grantee))
            grantees << grantee;
        granted[grantee][cell(acl, i, 1)] = flag(acl, i, 2);
        if (flag(acl, i, 3))
            owner = grantee;
    }
    QStringList statements;
    for (const QString &grantee : std::as_const(grantees)) {
        const QHash<QString, bool> &privileges = granted[grantee];
        QStringList plain;
        QStringList withOption;
        for (const QString &privilege : std::as_const(order)) {
            if (!privileges.contains(privilege))
                continue;
            (privileges[privilege] ? withOption : plain) << privilege;
        }
        const bool all = plain.size() + withOption.size() == order.size();
        if (grantee == owner && all && withOption.isEmpty())
            continue; // the owner's own privileges, as the object was made
        if (grantee == owner)
            statements
                << QStringLiteral("REVOKE ALL ON %1 %2 FROM %3;").arg(objectType, name, grantee);
        if (all && withOption.isEmpty())
            plain = { QStringLiteral("ALL") };
        if (all && plain.isEmpty())
            withOption = { QStringLiteral("ALL") };
        if (!plain.isEmpty())
            statements << QStringLiteral("GRANT %1 ON %2 %3 TO %4;")
                              .arg(plain.join(QLatin1Char(',')), objectType, name, grantee);
        if (!withOption.isEmpty())
            statements << QStringLiteral("GRANT %1 ON %2 %3 TO %4 WITH GRANT OPTION;")
                              .arg(withOption.join(QLatin1Char(',')), objectType, name, grantee);
    }
    return statements;
}

// grantee, privilege, grantable, is the owner: of a relation's, function's ACL.
const char kRelationAcl[] = R"sql(
SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END,
       a.privilege_type, a.is_grantable, a.grantee = c.relowner
FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
LEFT JOIN pg_roles r ON r.oid = a.grantee
WHERE c.oid = $1::oid
)sql";

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

Result<QStringList> sequenceDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> seq = reader.rows(kSequenceQuery);
    if (!seq)
        return std::unexpected(seq.error());
    if (seq->rows.isEmpty())
        return fail(Error::Kind::Generic, QStringLiteral("The sequence is gone."));
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
    out << grantStatements(*acl, QStringLiteral("SEQUENCE"), name, version);
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

QString policyStatement(const RowSet &policies, int i, const QString &table)
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
    Result<RowSet> relation = reader.rows(kRelationQuery);
    if (!relation)
        return std::unexpected(relation.error());
    if (relation->rows.isEmpty())
        return fail(Error::Kind::Generic, QStringLiteral("The relation is gone."));
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
    out << grantStatements(*acl, QStringLiteral("TABLE"), name, version);
    return out;
}

// A function's SET value as pg_dump writes it: a list setting (search_path, …) one quoted
// element at a time, 'pg_catalog', 'public'; any other as one literal.
QString settingValue(const QString &name, const QString &value)
{
    static const QStringList lists {
        QStringLiteral("local_preload_libraries"),   QStringLiteral("search_path"),
        QStringLiteral("session_preload_libraries"), QStringLiteral("shared_preload_libraries"),
        QStringLiteral("temp_tablespaces"),          QStringLiteral("unix_socket_directories")
    };
    if (!lists.contains(name.toLower()))
        return literal(value);
    QStringList elements;
    QString current;
    bool quoted = false;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c == QLatin1Char('"')) {
            if (quoted && i + 1 < value.size() && value.at(i + 1) == QLatin1Char('"')) {
                current += c;
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == QLatin1Char(',') && !quoted) {
            elements << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.trimmed().isEmpty() || !elements.isEmpty())
        elements << current.trimmed();
    if (elements.isEmpty())
        return QStringLiteral("''");
    QStringList literals;
    for (const QString &element : std::as_const(elements))
        literals << literal(element);
    return literals.join(QStringLiteral(", "));
}

const char kFunctionQuery[] = R"sql(
SELECT p.prokind, quote_ident(n.nspname) || '.' || quote_ident(p.proname),
       pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid),
       pg_get_function_result(p.oid), quote_ident(l.lanname), p.provolatile, p.proisstrict,
       p.prosecdef, p.proleakproof, p.procost, p.prorows, p.proretset, p.proparallel,
       p.proconfig, p.prosrc, p.probin,
       %SQLBODY%,
       quote_ident(pg_get_userbyid(p.proowner)), obj_description(p.oid, 'pg_proc'),
       CASE WHEN p.prosupport <> 0 THEN p.prosupport::regproc::text END
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE p.oid = $1::oid
)sql";

Result<QStringList> functionDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> rows = reader.rows(kFunctionQuery);
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->rows.isEmpty())
        return fail(Error::Kind::Generic, QStringLiteral("The function is gone."));
    const RowSet &f = *rows;
    if (cell(f, 0, 0) == QLatin1String("a"))
        return fail(Error::Kind::Usage,
                    QStringLiteral("An aggregate's DDL is not written here yet; its state "
                                   "function and final function are functions of their own."));
    const bool procedure = cell(f, 0, 0) == QLatin1String("p");
    const QString keyword = procedure ? QStringLiteral("PROCEDURE") : QStringLiteral("FUNCTION");
    const QString name = cell(f, 0, 1);
    QString create = QStringLiteral("CREATE %1 %2(%3)").arg(keyword, name, cell(f, 0, 2));
    if (!procedure)
        create += QStringLiteral(" RETURNS ") + cell(f, 0, 4);
    create += QStringLiteral("\n    LANGUAGE ") + cell(f, 0, 5);
    const QString language = cell(f, 0, 5);
    if (cell(f, 0, 6) == QLatin1String("i"))
        create += QStringLiteral(" IMMUTABLE");
    else if (cell(f, 0, 6) == QLatin1String("s"))
        create += QStringLiteral(" STABLE");
    if (flag(f, 0, 7))
        create += QStringLiteral(" STRICT");
    if (flag(f, 0, 8))
        create += QStringLiteral(" SECURITY DEFINER");
    if (flag(f, 0, 9))
        create += QStringLiteral(" LEAKPROOF");
    const double defaultCost
        = language == QLatin1String("internal") || language == QLatin1String("c") ? 1 : 100;
    if (cell(f, 0, 10).toDouble() != defaultCost)
        create += QStringLiteral(" COST ") + cell(f, 0, 10);
    if (flag(f, 0, 12) && cell(f, 0, 11).toDouble() != 1000 && cell(f, 0, 11).toDouble() != 0)
        create += QStringLiteral(" ROWS ") + cell(f, 0, 11);
    if (!isNull(f, 0, 20))
        create += QStringLiteral(" SUPPORT ") + cell(f, 0, 20);
    if (cell(f, 0, 13) == QLatin1String("s"))
        create += QStringLiteral(" PARALLEL SAFE");
    else if (cell(f, 0, 13) == QLatin1String("r"))
        create += QStringLiteral(" PARALLEL RESTRICTED");
    for (const QString &setting : textArrayElements(cell(f, 0, 14))) {
        const qsizetype equals = setting.indexOf(QLatin1Char('='));
        create += QStringLiteral("\n    SET %1 TO %2")
                      .arg(setting.left(equals),
                           settingValue(setting.left(equals), setting.mid(equals + 1)));
    }
    if (!isNull(f, 0, 17))
        create += QStringLiteral("\n    ") + cell(f, 0, 17);
    else if (language == QLatin1String("c"))
        create += QStringLiteral("\n    AS %1, %2")
                      .arg(literal(cell(f, 0, 16)), literal(cell(f, 0, 15)));
    else
        create += QStringLiteral("\n    AS ") + dollarQuoted(cell(f, 0, 15));
    QStringList out { create + QLatin1Char(';') };
    const QString signature = QStringLiteral("%1(%2)").arg(name, cell(f, 0, 3));
    out << QStringLiteral("ALTER %1 %2 OWNER TO %3;").arg(keyword, signature, cell(f, 0, 18));
    if (!isNull(f, 0, 19))
        out << QStringLiteral("COMMENT ON %1 %2 IS %3;")
                   .arg(keyword, signature, literal(cell(f, 0, 19)));
    return out;
}

const char kTypeQuery[] = R"sql(
SELECT t.typtype, quote_ident(n.nspname) || '.' || quote_ident(t.typname),
       quote_ident(pg_get_userbyid(t.typowner)), obj_description(t.oid, 'pg_type'),
       format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN
           (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
            FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE co.oid = t.typcollation) END
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
WHERE t.oid = $1::oid
)sql";

const char kEnumLabels[] = R"sql(
SELECT enumlabel FROM pg_enum WHERE enumtypid = $1::oid ORDER BY enumsortorder
)sql";

const char kCompositeAttributes[] = R"sql(
SELECT quote_ident(a.attname), format_type(a.atttypid, a.atttypmod)
FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid
WHERE t.oid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
)sql";

const char kDomainConstraints[] = R"sql(
SELECT quote_ident(conname), pg_get_constraintdef(oid)
FROM pg_constraint WHERE contypid = $1::oid AND contype = 'c'
ORDER BY conname
)sql";

const char kRangeQuery[] = R"sql(
SELECT format_type(r.rngsubtype, NULL),
       (SELECT quote_ident(mn.nspname) || '.' || quote_ident(m.typname)
        FROM pg_type m JOIN pg_namespace mn ON mn.oid = m.typnamespace
        WHERE m.oid = %MULTIRANGE%),
       CASE WHEN NOT opc.opcdefault THEN
           quote_ident(on_.nspname) || '.' || quote_ident(opc.opcname) END,
       CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN
           (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
            FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE co.oid = r.rngcollation) END,
       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END,
       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END
FROM pg_range r JOIN pg_type st ON st.oid = r.rngsubtype
JOIN pg_opclass opc ON opc.oid = r.rngsubopc
JOIN pg_namespace on_ ON on_.oid = opc.opcnamespace
WHERE r.rngtypid = $1::oid
)sql";

Result<QStringList> typeDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> type = reader.rows(kTypeQuery);
    if (!type)
        return std::unexpected(type.error());
    if (type->rows.isEmpty())
        return fail(Error::Kind::Generic, QStringLiteral("The type is gone."));
    const QString typtype = cell(*type, 0, 0);
    const QString name = cell(*type, 0, 1);
    QStringList out;
    QString alter = QStringLiteral("TYPE");
    if (typtype == QLatin1String("e")) {
        Result<RowSet> labels = reader.rows(kEnumLabels);
        if (!labels)
            return std::unexpected(labels.error());
        QStringList quoted;
        for (int i = 0; i < labels->rows.size(); ++i)
            quoted << QStringLiteral("    ") + literal(cell(*labels, i, 0));
        out << QStringLiteral("CREATE TYPE %1 AS ENUM (\n%2\n);")
                   .arg(name, quoted.join(QStringLiteral(",\n")));
    } else if (typtype == QLatin1String("c")) {
        Result<RowSet> attributes = reader.rows(kCompositeAttributes);
        if (!attributes)
            return std::unexpected(attributes.error());
        QStringList lines;
        for (int i = 0; i < attributes->rows.size(); ++i)
            lines << QStringLiteral("\t%1 %2").arg(cell(*attributes, i, 0),
                                                   cell(*attributes, i, 1));
        out << QStringLiteral("CREATE TYPE %1 AS (\n%2\n);")
                   .arg(name, lines.join(QStringLiteral(",\n")));
    } else if (typtype == QLatin1String("d")) {
        alter = QStringLiteral("DOMAIN");
        QString create = QStringLiteral("CREATE DOMAIN %1 AS %2").arg(name, cell(*type, 0, 4));
        if (!isNull(*type, 0, 7))
            create += QStringLiteral(" COLLATE ") + cell(*type, 0, 7);
        if (flag(*type, 0, 5))
            create += QStringLiteral(" NOT NULL");
        if (!isNull(*type, 0, 6))
            create += QStringLiteral(" DEFAULT ") + cell(*type, 0, 6);
        Result<RowSet> checks = reader.rows(kDomainConstraints);
        if (!checks)
            return std::unexpected(checks.error());
        for (int i = 0; i < checks->rows.size(); ++i)
            create += QStringLiteral("\n\tCONSTRAINT %1 %2")
                          .arg(cell(*checks, i, 0), cell(*checks, i, 1));
        out << create + QLatin1Char(';');
    } else if (typtype == QLatin1String("r")) {
        Result<RowSet> range = reader.rows(kRangeQuery);
        if (!range)
            return std::unexpected(range.error());
        QStringList lines { QStringLiteral("    subtype = ") + cell(*range, 0, 0) };
        if (!isNull(*range, 0, 1))
            lines << QStringLiteral("    multirange_type_name = ") + cell(*range, 0, 1);
        if (!isNull(*range, 0, 2))
            lines << QStringLiteral("    subtype_opclass = ") + cell(*range, 0, 2);
        if (!isNull(*range, 0, 3))
            lines << QStringLiteral("    collation = ") + cell(*range, 0, 3);
        if (!isNull(*range, 0, 4))
            lines << QStringLiteral("    canonical = ") + cell(*range, 0, 4);
        if (!isNull(*range, 0, 5))
            lines << QStringLiteral("    subtype_diff = ") + cell(*range, 0, 5);
        out << QStringLiteral("CREATE TYPE %1 AS RANGE (\n%2\n);")
                   .arg(name, lines.join(QStringLiteral(",\n")));
    } else {
        return fail(Error::Kind::Usage,
                    QStringLiteral("%1 is a base type, made by C code.").arg(name));
    }
    out << QStringLiteral("ALTER %1 %2 OWNER TO %3;").arg(alter, name, cell(*type, 0, 2));
    if (!isNull(*type, 0, 3))
        out << QStringLiteral("COMMENT ON %1 %2 IS %3;")
                   .arg(alter, name, literal(cell(*type, 0, 3)));
    return out;
}

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
        // The table's DDL holds them; pick out the statement or line.
        return fail(
            Error::Kind::Usage,
            QStringLiteral("A %1 is part of its table: see the DDL of %2.")
                .arg(objectKindName(object.kind), quoteQualified(object.schema, object.parent)));
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
                    QStringLiteral("The %1 is gone.").arg(objectKindName(object.kind)));
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
        return functionDdl(session, object.oid, version);
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
    case ObjectKind::Extension:
    case ObjectKind::Publication:
    case ObjectKind::Subscription:
        break;
    }
    return fail(Error::Kind::Usage,
                QStringLiteral("The DDL of a %1 is not written here yet.")
                    .arg(objectKindName(object.kind)));
}

} // namespace

QString dollarQuoted(const QString &body)
{
    // pg_dump's rule: grow the delimiter, without its closing $, until the body does not hold
    // it: $$ for most bodies, $_$ for one that holds a $ ($1), then $_X$, $_XX$, …
    static const QString suffixes = QStringLiteral("_XXXXXXX");
    QString delimiter = QStringLiteral("$");
    int next = 0;
    while (body.contains(delimiter)) {
        delimiter += suffixes.at(next++);
        next %= int(suffixes.size());
    }
    delimiter += QLatin1Char('$');
    return delimiter + body + delimiter;
}

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
