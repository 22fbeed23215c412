#include "console/CompletionCatalog.h"

#include "connection/PgQuery.h"
#include "catalog/FuzzyMatcher.h"

namespace bridgescope {

namespace {

QString text(const QList<SqlText> &row, int column)
{
    const SqlText &cell = row.value(column);
    return cell ? QString::fromUtf8(*cell) : QString();
}

} // namespace

int CompletionCatalog::findRelation(const QString &schema, const QString &name) const
{
    const QList<int> candidates = byName.value(name.toLower());
    int best = -1;
    for (const int index : candidates) {
        const Relation &relation = relations[index];
        if (!schema.isEmpty()) {
            if (relation.schema.compare(schema, Qt::CaseInsensitive) == 0
                && relation.name.compare(name, Qt::CaseInsensitive) == 0)
                return index;
            continue;
        }
        // Unqualified: the first schema of the search path that has it.
        const qsizetype rank = searchPath.indexOf(relation.schema);
        if (rank < 0)
            continue;
        if (best < 0 || rank < searchPath.indexOf(relations[best].schema))
            best = index;
    }
    return best;
}

void CompletionCatalog::index()
{
    byName.clear();
    for (int i = 0; i < relations.size(); ++i) {
        relations[i].lowerName = relations[i].name.toLower();
        relations[i].nameMask = FuzzyMatcher::charMask(relations[i].lowerName);
        relations[i].onSearchPath = searchPath.contains(relations[i].schema);
        byName[relations[i].lowerName] << i;
    }
    for (Function &function : functions) {
        function.lowerName = function.name.toLower();
        function.nameMask = FuzzyMatcher::charMask(function.lowerName);
        function.onSearchPath = searchPath.contains(function.schema);
    }
}

Result<CompletionCatalog> readCompletionCatalog(Session &session)
{
    CompletionCatalog catalog;
    Result<RowSet> path = queryRows(session, QStringLiteral("SELECT current_schemas(true)"));
    if (!path)
        return std::unexpected(path.error());
    if (!path->rows.isEmpty())
        catalog.searchPath = textArrayElements(text(path->rows.first(), 0));

    Result<RowSet> schemas
        = queryRows(session,
                    QStringLiteral("SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_toast' "
                                   "AND nspname !~ '^pg_temp' ORDER BY 1"));
    if (!schemas)
        return std::unexpected(schemas.error());
    for (const QList<SqlText> &row : std::as_const(schemas->rows))
        catalog.schemas << text(row, 0);

    // Relations with their columns in one pass: names and types, in attnum order.
    Result<RowSet> relations = queryRows(session, QStringLiteral(R"(
        SELECT c.oid::int8, n.nspname, c.relname, c.relkind::text,
               coalesce(array_agg(a.attname ORDER BY a.attnum) FILTER (WHERE a.attnum > 0), '{}'),
               coalesce(array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
                        FILTER (WHERE a.attnum > 0), '{}')
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
           AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_toast'
           AND (n.nspname <> 'pg_catalog' OR c.relname ~ '^pg_(stat|locks|settings|roles|user|tables|views|indexes|class|namespace|attribute|constraint|database|proc|type|extension|sequences|matviews|policies|publication|replication|prepared)')
         GROUP BY c.oid, n.nspname, c.relname, c.relkind
         ORDER BY n.nspname, c.relname)"));
    if (!relations)
        return std::unexpected(relations.error());
    QHash<qint64, int> byOid;
    for (const QList<SqlText> &row : std::as_const(relations->rows)) {
        byOid.insert(text(row, 0).toLongLong(), int(catalog.relations.size()));
        catalog.relations << CompletionCatalog::Relation {
            text(row, 1), text(row, 2), text(row, 3).isEmpty() ? QChar() : text(row, 3).at(0),
            textArrayElements(text(row, 4)), textArrayElements(text(row, 5))
        };
    }

    Result<RowSet> functions = queryRows(session, QStringLiteral(R"(
        SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
               CASE WHEN p.prokind = 'p' THEN '' ELSE format_type(p.prorettype, NULL) END
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE p.prokind IN ('f', 'p', 'a', 'w') AND n.nspname <> 'information_schema'
           AND p.proname !~ '^_' AND NOT (n.nspname = 'pg_catalog' AND p.proname ~ '(_in|_out|_recv|_send|handler|_support)$')
         ORDER BY 1, 2)"));
    if (!functions)
        return std::unexpected(functions.error());
    for (const QList<SqlText> &row : std::as_const(functions->rows))
        catalog.functions << CompletionCatalog::Function { text(row, 0), text(row, 1), text(row, 2),
                                                           text(row, 3) };

    Result<RowSet> keys = queryRows(session, QStringLiteral(R"(
        SELECT k.conrelid::int8, k.confrelid::int8,
               array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n
                      ORDER BY u.i),
               array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                       JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n
                      ORDER BY u.i)
          FROM pg_constraint k WHERE k.contype = 'f')"));
    if (!keys)
        return std::unexpected(keys.error());
    for (const QList<SqlText> &row : std::as_const(keys->rows)) {
        const int from = byOid.value(text(row, 0).toLongLong(), -1);
        const int to = byOid.value(text(row, 1).toLongLong(), -1);
        if (from >= 0 && to >= 0)
            catalog.foreignKeys << CompletionCatalog::ForeignKey {
                from, to, textArrayElements(text(row, 2)), textArrayElements(text(row, 3))
            };
    }
    catalog.index();
    return catalog;
}

} // namespace bridgescope
