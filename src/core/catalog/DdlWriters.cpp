#include "catalog/DdlWriters.h"

#include "catalog/ObjectDdl.h"

#include <QHash>

#include <algorithm>

namespace bridgescope {

namespace ddl {

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
QStringList grantStatements(const RowSet &acl, const AclOf &object, int serverVersion)
{
    if (object.aclIsDefault)
        return {}; // as the object was made: nothing to write
    QStringList order;
    const bool routine
        = object.type == QLatin1String("FUNCTION") || object.type == QLatin1String("PROCEDURE");
    if (object.type == QLatin1String("TABLE")) {
        order = { QStringLiteral("SELECT"), QStringLiteral("INSERT"),  QStringLiteral("REFERENCES"),
                  QStringLiteral("DELETE"), QStringLiteral("TRIGGER"), QStringLiteral("TRUNCATE") };
        if (serverVersion >= 170000)
            order << QStringLiteral("MAINTAIN");
        order << QStringLiteral("UPDATE");
    } else if (object.type == QLatin1String("SEQUENCE")) {
        order = { QStringLiteral("SELECT"), QStringLiteral("USAGE"), QStringLiteral("UPDATE") };
    } else {
        order = { QStringLiteral("EXECUTE") };
    }
    // grantee → (privilege → grantable), in the order the ACL lists grantees.
    QStringList grantees;
    QHash<QString, QHash<QString, bool>> granted;
    for (int i = 0; i < acl.rows.size(); ++i) {
        if (isNull(acl, i, 1))
            continue; // an ACL with no entry (every privilege revoked)
        const QString grantee = cell(acl, i, 0);
        if (!granted.contains(grantee))
            grantees << grantee;
        granted[grantee][cell(acl, i, 1)] = flag(acl, i, 2);
    }
    const auto holdsAll = [&](const QString &grantee) {
        const QHash<QString, bool> privileges = granted.value(grantee);
        return privileges.size() == order.size()
            && std::none_of(privileges.begin(), privileges.end(),
                            [](bool option) { return option; });
    };
    // Against the default, as pg_dump compares: PUBLIC may run a function; the owner holds all.
    QStringList statements;
    const QString public_ = QStringLiteral("PUBLIC");
    if (routine && !granted.value(public_).contains(QStringLiteral("EXECUTE")))
        statements
            << QStringLiteral("REVOKE ALL ON %1 %2 FROM PUBLIC;").arg(object.type, object.name);
    if (!holdsAll(object.owner))
        statements << QStringLiteral("REVOKE ALL ON %1 %2 FROM %3;")
                          .arg(object.type, object.name, object.owner);
    for (const QString &grantee : std::as_const(grantees)) {
        if (grantee == object.owner && holdsAll(grantee))
            continue; // the owner's own privileges, as the object was made
        if (routine && grantee == public_ && holdsAll(grantee))
            continue; // PUBLIC's EXECUTE, as a function is made
        const QHash<QString, bool> &privileges = granted[grantee];
        QStringList plain;
        QStringList withOption;
        for (const QString &privilege : std::as_const(order)) {
            if (!privileges.contains(privilege))
                continue;
            (privileges[privilege] ? withOption : plain) << privilege;
        }
        const bool all = plain.size() + withOption.size() == order.size();
        if (all && withOption.isEmpty())
            plain = { QStringLiteral("ALL") };
        if (all && plain.isEmpty())
            withOption = { QStringLiteral("ALL") };
        if (!plain.isEmpty())
            statements << QStringLiteral("GRANT %1 ON %2 %3 TO %4;")
                              .arg(plain.join(QLatin1Char(',')), object.type, object.name, grantee);
        if (!withOption.isEmpty())
            statements << QStringLiteral("GRANT %1 ON %2 %3 TO %4 WITH GRANT OPTION;")
                              .arg(withOption.join(QLatin1Char(',')), object.type, object.name,
                                   grantee);
    }
    return statements;
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

// grantee, privilege, grantable, is the owner: of a relation's, function's ACL.
extern const char kRelationAcl[];
const char kRelationAcl[] = R"sql(
SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END,
       a.privilege_type, a.is_grantable, c.relacl IS NULL
FROM pg_class c LEFT JOIN LATERAL aclexplode(c.relacl) a ON true
LEFT JOIN pg_roles r ON r.oid = a.grantee
WHERE c.oid = $1::oid
)sql";

const char kRoutineAcl[] = R"sql(
SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END,
       a.privilege_type, a.is_grantable, p.proacl IS NULL
FROM pg_proc p LEFT JOIN LATERAL aclexplode(p.proacl) a ON true
LEFT JOIN pg_roles r ON r.oid = a.grantee
WHERE p.oid = $1::oid
)sql";

bool aclIsNull(const RowSet &acl)
{
    return acl.rows.isEmpty() || flag(acl, 0, 3);
}

} // namespace ddl

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

} // namespace bridgescope
