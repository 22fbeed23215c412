// The DDL of a function, a procedure and an aggregate.
#include "catalog/DdlWriters.h"
#include "catalog/ObjectDdl.h"

#include <QHash>

namespace bridgescope::ddl {

namespace {

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

const char kAggregateQuery[] = R"sql(
SELECT a.aggkind, a.aggtransfn::regproc::text, format_type(a.aggtranstype, NULL),
       a.aggtransspace, CASE WHEN a.aggfinalfn <> 0 THEN a.aggfinalfn::regproc::text END,
       a.aggfinalextra, a.aggfinalmodify,
       CASE WHEN a.aggcombinefn <> 0 THEN a.aggcombinefn::regproc::text END,
       CASE WHEN a.aggserialfn <> 0 THEN a.aggserialfn::regproc::text END,
       CASE WHEN a.aggdeserialfn <> 0 THEN a.aggdeserialfn::regproc::text END,
       a.agginitval, CASE WHEN a.aggsortop <> 0 THEN a.aggsortop::regoperator::text END,
       a.aggmtransfn <> 0
FROM pg_aggregate a WHERE a.aggfnoid = $1::oid
)sql";

// An aggregate as pg_dump writes one: CREATE AGGREGATE name(arguments) with its options, one a
// line, then its owner and comment. `f` is the function row of kFunctionQuery.
Result<QStringList> aggregateDdl(const DdlReader &reader, const RowSet &f)
{
    Result<RowSet> rows = reader.object(kAggregateQuery, "aggregate");
    if (!rows)
        return std::unexpected(rows.error());
    const RowSet &a = *rows;
    const QString signature = QStringLiteral("%1(%2)").arg(cell(f, 0, 1), cell(f, 0, 3));
    if (cell(a, 0, 0) != QLatin1String("n") || flag(a, 0, 12))
        return fail(Error::Kind::Usage,
                    QStringLiteral("%1 is an ordered-set, hypothetical-set or moving aggregate, "
                                   "whose DDL is not written here yet.")
                        .arg(signature));
    QStringList options { QStringLiteral("SFUNC = ") + cell(a, 0, 1),
                          QStringLiteral("STYPE = ") + cell(a, 0, 2) };
    if (cell(a, 0, 3) != QLatin1String("0"))
        options << QStringLiteral("SSPACE = ") + cell(a, 0, 3);
    if (!isNull(a, 0, 4)) {
        options << QStringLiteral("FINALFUNC = ") + cell(a, 0, 4);
        if (flag(a, 0, 5))
            options << QStringLiteral("FINALFUNC_EXTRA");
        if (cell(a, 0, 6) == QLatin1String("s"))
            options << QStringLiteral("FINALFUNC_MODIFY = SHAREABLE");
        else if (cell(a, 0, 6) == QLatin1String("w"))
            options << QStringLiteral("FINALFUNC_MODIFY = READ_WRITE");
    }
    if (!isNull(a, 0, 7))
        options << QStringLiteral("COMBINEFUNC = ") + cell(a, 0, 7);
    if (!isNull(a, 0, 8))
        options << QStringLiteral("SERIALFUNC = ") + cell(a, 0, 8);
    if (!isNull(a, 0, 9))
        options << QStringLiteral("DESERIALFUNC = ") + cell(a, 0, 9);
    if (!isNull(a, 0, 10))
        options << QStringLiteral("INITCOND = ") + literal(cell(a, 0, 10));
    if (!isNull(a, 0, 11))
        options << QStringLiteral("SORTOP = OPERATOR(%1)")
                       .arg(cell(a, 0, 11).section(QLatin1Char('('), 0, 0));
    if (cell(f, 0, 13) == QLatin1String("s"))
        options << QStringLiteral("PARALLEL = safe");
    else if (cell(f, 0, 13) == QLatin1String("r"))
        options << QStringLiteral("PARALLEL = restricted");
    QStringList out { QStringLiteral("CREATE AGGREGATE %1 (\n    %2\n);")
                          .arg(signature, options.join(QStringLiteral(",\n    "))) };
    out << QStringLiteral("ALTER AGGREGATE %1 OWNER TO %2;").arg(signature, cell(f, 0, 18));
    if (!isNull(f, 0, 19))
        out << QStringLiteral("COMMENT ON AGGREGATE %1 IS %2;")
                   .arg(signature, literal(cell(f, 0, 19)));
    return out;
}

} // namespace

Result<QStringList> routineDdl(Session &session, quint32 oid, int version)
{
    DdlReader reader(session, oid, version);
    Result<RowSet> rows = reader.object(kFunctionQuery, "function");
    if (!rows)
        return std::unexpected(rows.error());
    const RowSet &f = *rows;
    if (cell(f, 0, 0) == QLatin1String("a"))
        return aggregateDdl(reader, f);
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
    Result<RowSet> acl = reader.rows(kRoutineAcl);
    if (!acl)
        return std::unexpected(acl.error());
    out << grantStatements(*acl, AclOf { keyword, signature, cell(f, 0, 18), aclIsNull(*acl) },
                           version);
    return out;
}

} // namespace bridgescope::ddl
