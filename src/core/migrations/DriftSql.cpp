#include "migrations/DriftSql.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>

namespace bridgescope {

namespace {

struct ObjectKey
{
    QString kind;
    QString name;
};

// The kinds readCatalog writes, longest first so "materialized view" is not read as "view".
const QStringList &kindsLongestFirst()
{
    static const QStringList kinds = [] {
        QStringList list = comparedObjectKinds();
        std::stable_sort(list.begin(), list.end(),
                         [](const QString &a, const QString &b) { return a.size() > b.size(); });
        return list;
    }();
    return kinds;
}

ObjectKey splitKey(const QString &key)
{
    for (const QString &kind : kindsLongestFirst()) {
        if (key.startsWith(kind) && key.size() > kind.size()
            && key.at(kind.size()) == QLatin1Char(' '))
            return { kind, key.mid(kind.size() + 1) };
    }
    return { {}, key };
}

// "public.t.c" → ("public.t", "c")
std::pair<QString, QString> parentAndLast(const QString &name)
{
    QStringList parts = splitQualifiedName(name);
    const QString last = parts.isEmpty() ? QString() : parts.takeLast();
    return { parts.join(QLatin1Char('.')), last };
}

QString sqlLiteral(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// A comment's key names its object as pg_identify_object does ("table column public.t.c",
// "table constraint k on public.t"); COMMENT ON takes "COLUMN public.t.c", "CONSTRAINT k ON
// public.t".
QString commentTarget(const QString &name)
{
    static const std::array<std::pair<const char *, const char *>, 4> kTwoWord {
        { { "table column ", "COLUMN " },
          { "table constraint ", "CONSTRAINT " },
          { "domain constraint ", "CONSTRAINT " },
          { "materialized view ", "MATERIALIZED VIEW " } }
    };
    QString target;
    QString identity;
    for (const auto &[from, to] : kTwoWord) {
        if (name.startsWith(QLatin1String(from))) {
            target = QLatin1String(to);
            identity = name.mid(qsizetype(qstrlen(from)));
            break;
        }
    }
    if (target.isEmpty()) {
        const qsizetype space = name.indexOf(QLatin1Char(' '));
        target = name.left(space).toUpper() + QLatin1Char(' ');
        identity = name.mid(space + 1);
    }
    if (target == QLatin1String("CONSTRAINT ") || target == QLatin1String("TRIGGER ")
        || target == QLatin1String("POLICY ") || target == QLatin1String("RULE ")) {
        const qsizetype on = identity.indexOf(QLatin1String(" on "));
        if (on >= 0)
            identity.replace(on, 4,
                             name.startsWith(QLatin1String("domain"))
                                 ? QStringLiteral(" ON DOMAIN ")
                                 : QStringLiteral(" ON "));
    }
    return target + identity;
}

QString viewQuery(const QString &definition)
{
    // "v p {security_barrier=true}  SELECT …": relkind, persistence, options, then the query.
    QString rest = definition.section(QLatin1Char(' '), 2);
    if (rest.startsWith(QLatin1Char('{')))
        rest = rest.mid(rest.indexOf(QLatin1Char('}')) + 1);
    return rest.trimmed();
}

QString relationKeyword(const QString &kind, const QString &definition)
{
    if (kind == QLatin1String("type"))
        return definition.startsWith(QLatin1Char('d')) ? QStringLiteral("DOMAIN")
                                                       : QStringLiteral("TYPE");
    return kind.toUpper();
}

QString withSemicolon(const QString &statement)
{
    const QString trimmed = statement.trimmed();
    return trimmed.endsWith(QLatin1Char(';')) ? trimmed : trimmed + QLatin1Char(';');
}

QStringList childrenOf(const CatalogSnapshot &snapshot, const QString &kind,
                       const QString &relation)
{
    QStringList keys;
    const QString prefix = kind + QLatin1Char(' ') + relation + QLatin1Char('.');
    for (auto it = snapshot.lowerBound(prefix);
         it != snapshot.cend() && it.key().startsWith(prefix); ++it) {
        if (parentAndLast(it.key().mid(kind.size() + 1)).first == relation)
            keys << it.key();
    }
    return keys;
}

QString createTable(const QString &name, const QString &definition, const CatalogSnapshot &snapshot)
{
    if (definition.startsWith(QLatin1Char('p')))
        return QStringLiteral("-- %1 is a partitioned table: its CREATE TABLE … PARTITION BY is in "
                              "the migration that made it.")
            .arg(name);
    QStringList lines;
    QStringList constraintNames;
    for (const QString &key : childrenOf(snapshot, QStringLiteral("column"), name))
        lines << QStringLiteral("    %1 %2")
                     .arg(parentAndLast(splitKey(key).name).second, snapshot.value(key));
    for (const QString &key : childrenOf(snapshot, QStringLiteral("constraint"), name)) {
        const QString constraint = parentAndLast(splitKey(key).name).second;
        constraintNames << constraint;
        lines << QStringLiteral("    CONSTRAINT %1 %2").arg(constraint, snapshot.value(key));
    }
    const bool unlogged = definition.section(QLatin1Char(' '), 1, 1) == QLatin1String("u");
    QStringList statements { QStringLiteral("-- columns in name order\nCREATE %1TABLE %2 (\n%3\n);")
                                 .arg(unlogged ? QStringLiteral("UNLOGGED ") : QString(), name,
                                      lines.join(QStringLiteral(",\n"))) };
    // The table's other indexes (a key's index comes with its constraint), triggers, comments.
    const QString schema = splitQualifiedName(name).value(0);
    for (auto it = snapshot.lowerBound(QStringLiteral("index ") + schema + QLatin1Char('.'));
         it != snapshot.cend() && it.key().startsWith(QStringLiteral("index ")); ++it) {
        const QString index = parentAndLast(splitKey(it.key()).name).second;
        if (owningRelation(it.key(), it.value()) == name && !constraintNames.contains(index))
            statements << withSemicolon(it.value());
    }
    for (const QString &key : childrenOf(snapshot, QStringLiteral("trigger"), name))
        statements << withSemicolon(snapshot.value(key));
    for (auto it = snapshot.lowerBound(QStringLiteral("comment "));
         it != snapshot.cend() && it.key().startsWith(QStringLiteral("comment ")); ++it) {
        if (owningRelation(it.key(), {}) == name)
            statements << QStringLiteral("COMMENT ON %1 IS %2;")
                              .arg(commentTarget(splitKey(it.key()).name), sqlLiteral(it.value()));
    }
    return statements.join(QLatin1Char('\n'));
}

QString createSql(const QString &key, const QString &definition, const CatalogSnapshot &snapshot)
{
    const auto [kind, name] = splitKey(key);
    const auto [relation, last] = parentAndLast(name);
    if (kind == QLatin1String("schema"))
        return QStringLiteral("CREATE SCHEMA %1;").arg(name);
    if (kind == QLatin1String("table"))
        return createTable(name, definition, snapshot);
    if (kind == QLatin1String("view") || kind == QLatin1String("materialized view"))
        return QStringLiteral("CREATE %1 %2 AS\n%3")
            .arg(kind.toUpper(), name, withSemicolon(viewQuery(definition)));
    if (kind == QLatin1String("sequence"))
        return QStringLiteral("CREATE SEQUENCE %1;").arg(name);
    if (kind == QLatin1String("column"))
        return QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3;").arg(relation, last, definition);
    if (kind == QLatin1String("constraint"))
        return QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3;")
            .arg(relation, last, definition);
    if (kind == QLatin1String("index") || kind == QLatin1String("trigger")
        || kind == QLatin1String("function"))
        return withSemicolon(definition);
    if (kind == QLatin1String("extension"))
        return QStringLiteral("CREATE EXTENSION IF NOT EXISTS %1 VERSION %2;")
            .arg(name, sqlLiteral(definition));
    if (kind == QLatin1String("comment"))
        return QStringLiteral("COMMENT ON %1 IS %2;")
            .arg(commentTarget(name), sqlLiteral(definition));
    if (kind == QLatin1String("type") && definition.startsWith(QLatin1String("e ")))
        return QStringLiteral("CREATE TYPE %1 AS ENUM (%2);")
            .arg(name, definition.section(QLatin1Char(' '), 2));
    if (kind == QLatin1String("type") && definition.startsWith(QLatin1String("d ")))
        return QStringLiteral("CREATE DOMAIN %1 AS %2;").arg(name, definition.mid(2));
    return QStringLiteral("-- %1 %2: %3 (write its CREATE by hand)").arg(kind, name, definition);
}

// IF EXISTS: dropping a column or a table takes its indexes and constraints with it, and those
// may be listed as findings of their own.
QString dropSql(const QString &key, const QString &definition)
{
    const auto [kind, name] = splitKey(key);
    const auto [relation, last] = parentAndLast(name);
    if (kind == QLatin1String("column"))
        return QStringLiteral("ALTER TABLE %1 DROP COLUMN IF EXISTS %2;").arg(relation, last);
    if (kind == QLatin1String("constraint"))
        return QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT IF EXISTS %2;").arg(relation, last);
    if (kind == QLatin1String("trigger"))
        return QStringLiteral("DROP TRIGGER IF EXISTS %1 ON %2;").arg(last, relation);
    if (kind == QLatin1String("function"))
        return QStringLiteral("DROP ROUTINE IF EXISTS %1;").arg(name);
    if (kind == QLatin1String("comment"))
        return QStringLiteral("COMMENT ON %1 IS NULL;").arg(commentTarget(name));
    return QStringLiteral("DROP %1 IF EXISTS %2;").arg(relationKeyword(kind, definition), name);
}

QString changeColumnSql(const QString &name, const QString &from, const QString &to)
{
    const auto [relation, column] = parentAndLast(name);
    const ColumnDefinition was = parseColumnDefinition(from);
    const ColumnDefinition now = parseColumnDefinition(to);
    const QString alter = QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 ").arg(relation, column);
    QStringList statements;
    if (was.generated != now.generated)
        statements << QStringLiteral("-- %1 %2: generated or identity clause differs (\"%3\" → "
                                     "\"%4\"); change it by hand")
                          .arg(relation, column, was.generated, now.generated);
    if (was.type != now.type)
        statements << alter
                + QStringLiteral("TYPE %1 USING %2::%3;")
                      .arg(now.type, column, now.type.section(QLatin1String(" COLLATE "), 0, 0));
    if (was.defaultExpression != now.defaultExpression)
        statements << alter
                + (now.defaultExpression.isEmpty()
                       ? QStringLiteral("DROP DEFAULT;")
                       : QStringLiteral("SET DEFAULT %1;").arg(now.defaultExpression));
    if (was.notNull != now.notNull)
        statements << alter
                + (now.notNull ? QStringLiteral("SET NOT NULL;")
                               : QStringLiteral("DROP NOT NULL;"));
    return statements.join(QLatin1Char('\n'));
}

QString changeSql(const QString &key, const QString &from, const QString &to,
                  const CatalogSnapshot &target)
{
    const auto [kind, name] = splitKey(key);
    if (kind == QLatin1String("column"))
        return changeColumnSql(name, from, to);
    if (kind == QLatin1String("function"))
        return withSemicolon(to);
    if (kind == QLatin1String("view") || kind == QLatin1String("materialized view")) {
        if (kind == QLatin1String("view"))
            return QStringLiteral("CREATE OR REPLACE VIEW %1 AS\n%2")
                .arg(name, withSemicolon(viewQuery(to)));
        return dropSql(key, from) + QLatin1Char('\n') + createSql(key, to, target);
    }
    if (kind == QLatin1String("constraint") || kind == QLatin1String("index")
        || kind == QLatin1String("trigger"))
        return dropSql(key, from) + QLatin1Char('\n') + createSql(key, to, target);
    if (kind == QLatin1String("extension"))
        return QStringLiteral("ALTER EXTENSION %1 UPDATE TO %2;").arg(name, sqlLiteral(to));
    if (kind == QLatin1String("comment"))
        return createSql(key, to, target);
    return QStringLiteral("-- %1 %2 differs: \"%3\" → \"%4\"; change it by hand")
        .arg(kind, name, from, to);
}

qsizetype findTopLevel(const QString &text, QLatin1String marker, qsizetype from)
{
    int depth = 0;
    QChar quote;
    for (qsizetype i = from; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            quote = c;
        else if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            --depth;
        else if (depth == 0 && QStringView(text).mid(i).startsWith(marker))
            return i;
    }
    return -1;
}

} // namespace

QStringList splitQualifiedName(const QString &name)
{
    QStringList parts;
    QString current;
    bool quoted = false;
    for (const QChar c : name) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        if (c == QLatin1Char('.') && !quoted) {
            parts << current;
            current.clear();
            continue;
        }
        current += c;
    }
    parts << current;
    return parts;
}

QString owningRelation(const QString &objectKey, const QString &definition)
{
    const auto [kind, name] = splitKey(objectKey);
    if (kind == QLatin1String("column") || kind == QLatin1String("constraint")
        || kind == QLatin1String("trigger"))
        return parentAndLast(name).first;
    if (kind == QLatin1String("index")) {
        static const QRegularExpression on(QStringLiteral(" ON (?:ONLY )?(.+?) USING "));
        const QRegularExpressionMatch match = on.match(definition);
        return match.hasMatch() ? match.captured(1) : name;
    }
    if (kind == QLatin1String("comment")) {
        if (name.startsWith(QLatin1String("table column ")))
            return parentAndLast(name.mid(13)).first;
        const qsizetype on = name.indexOf(QLatin1String(" on "));
        if (on >= 0
            && (name.startsWith(QLatin1String("table constraint "))
                || name.startsWith(QLatin1String("trigger "))))
            return name.mid(on + 4);
        for (const char *relationKind : { "table ", "view ", "materialized view " }) {
            if (name.startsWith(QLatin1String(relationKind)))
                return name.mid(qsizetype(qstrlen(relationKind)));
        }
    }
    return name;
}

ColumnDefinition parseColumnDefinition(const QString &definition)
{
    ColumnDefinition column;
    static const std::array kMarkers { QLatin1String(" NOT NULL"), QLatin1String(" DEFAULT "),
                                       QLatin1String(" GENERATED ") };
    qsizetype typeEnd = definition.size();
    for (QLatin1String marker : kMarkers) {
        const qsizetype at = findTopLevel(definition, marker, 0);
        if (at >= 0 && at < typeEnd)
            typeEnd = at;
    }
    column.type = definition.left(typeEnd);
    QString rest = definition.mid(typeEnd);
    if (rest.startsWith(QLatin1String(" NOT NULL"))) {
        column.notNull = true;
        rest = rest.mid(9);
    }
    if (rest.startsWith(QLatin1String(" DEFAULT ")))
        column.defaultExpression = rest.mid(9);
    else if (rest.startsWith(QLatin1String(" GENERATED ")))
        column.generated = rest.mid(1);
    return column;
}

AlignmentSql alignmentSql(const CatalogDifference &difference, const CatalogSnapshot &expected,
                          const CatalogSnapshot &actual)
{
    using Kind = CatalogDifference::Kind;
    switch (difference.kind) {
    case Kind::Missing:
        return { createSql(difference.object, difference.expected, expected),
                 dropSql(difference.object, difference.expected) };
    case Kind::Extra:
        return { dropSql(difference.object, difference.actual),
                 createSql(difference.object, difference.actual, actual) };
    case Kind::Changed:
        return { changeSql(difference.object, difference.actual, difference.expected, expected),
                 changeSql(difference.object, difference.expected, difference.actual, actual) };
    }
    return {};
}

} // namespace bridgescope
