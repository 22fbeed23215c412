#pragma once

// What the DDL writers share (ObjectDdl and the writer of each kind): reading one object's
// catalog rows, their cells, literals and dollar quoting, grants, as pg_dump writes them.
// Internal to core/catalog.
#include "Error.h"
#include "connection/PgQuery.h"

#include <QStringList>

namespace bridgescope {

class Session;

namespace ddl {

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
    // The object's one row; an Error saying it is gone (dropped since the catalog was read)
    // when there is none. `what`: "table", "function", …
    Result<RowSet> object(const char *sql, const char *what) const
    {
        Result<RowSet> found = rows(sql);
        if (found && found->rows.isEmpty())
            return fail(Error::Kind::Generic,
                        QStringLiteral("The %1 is gone: it was dropped since the catalog was read.")
                            .arg(QString::fromLatin1(what)));
        return found;
    }
    int version() const { return m_version; }

private:
    Session &m_session;
    QString m_oid;
    int m_version = 0;
};

QString cell(const RowSet &rows, int row, int column);
bool isNull(const RowSet &rows, int row, int column);
bool flag(const RowSet &rows, int row, int column);
QString literal(const QString &text); // 'it''s'
// A function's SET value as pg_dump writes it: a list setting (search_path, …) one quoted
// element at a time, 'pg_catalog', 'public'; any other as one literal.
QString settingValue(const QString &name, const QString &value);

// Whose ACL, for grantStatements.
struct AclOf
{
    QString type; // TABLE, SEQUENCE, FUNCTION, PROCEDURE
    QString name; // as the statements name it: public.t, public.f(a integer)
    QString owner; // quoted
    bool aclIsDefault = false; // the catalog's ACL is NULL (aclIsNull): nothing to write
};

// The GRANT (and REVOKE) statements of an ACL read as rows of (grantee, privilege,
// grantable), against the object's default, as pg_dump writes them: the owner holds every
// privilege, and PUBLIC may run a function. pg_dump's order of privileges; ALL for every one.
QStringList grantStatements(const RowSet &acl, const AclOf &object, int serverVersion);
// A relation's and a function's ACL as those rows ($1: its oid), each with whether the
// catalog's ACL is NULL (the default) in a fourth column.
extern const char kRelationAcl[];
extern const char kRoutineAcl[];
bool aclIsNull(const RowSet &acl);

// Each kind's statements, in pg_dump's order.
Result<QStringList> relationDdl(Session &session, quint32 oid, int version);
Result<QStringList> sequenceDdl(Session &session, quint32 oid, int version);
Result<QStringList> foreignTableDdl(Session &session, quint32 oid, int version);
Result<QStringList> routineDdl(Session &session, quint32 oid, int version);
Result<QStringList> typeDdl(Session &session, quint32 oid, int version);
Result<QStringList> extensionDdl(Session &session, quint32 oid, int version);
Result<QStringList> publicationDdl(Session &session, quint32 oid, int version);

} // namespace ddl

} // namespace bridgescope
