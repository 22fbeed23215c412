// CatalogReader on a real server: the bundled schema as the diagram must show it, and the
// shapes of catalog that break naive readers (hostile names, partitions, views, multi-column
// and cross-schema keys, 300 columns, a table the user may not read).
#include "TestDatabase.h"
#include "catalog/CatalogReader.h"
#include "catalog/SchemaJson.h"
#include "connection/Session.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace bridgescope;
using namespace bridgescope::test;

namespace {

Result<SchemaSnapshot> read(const ConnectionProfile &profile, const QString &schema = {})
{
    Result<Session> session = Session::open(profile, {}, QStringLiteral("test-catalog"));
    if (!session)
        return std::unexpected(session.error());
    return readSchema(*session, CatalogReadOptions { schema });
}

const ForeignKeyInfo *findKey(const SchemaSnapshot &snapshot, const QString &from,
                              const QString &to)
{
    for (const ForeignKeyInfo &key : snapshot.foreignKeys) {
        if (key.fromTable == from && key.toTable == to)
            return &key;
    }
    return nullptr;
}

const IndexInfo *findIndex(const TableInfo &table, const QString &name)
{
    for (const IndexInfo &index : table.indexes) {
        if (index.name == name)
            return &index;
    }
    return nullptr;
}

} // namespace

class tst_CatalogReader : public QObject
{
    Q_OBJECT
private slots:
    void bundledSchema()
    {
        ScratchDatabase db(QStringLiteral("catalog_bundled"));
        QVERIFY(db.isValid());
        Status migrated = applyBundledMigrations(db.profile());
        QVERIFY2(migrated, migrated ? "" : qPrintable(migrated.error().message));
        const auto snapshot = read(db.profile());
        QVERIFY2(snapshot, snapshot ? "" : qPrintable(snapshot.error().message));

        QCOMPARE(snapshot->schemas, QStringList { QStringLiteral("public") });
        QVERIFY2(!snapshot->table(QStringLiteral("bridgescope"), QStringLiteral("schema_history")),
                 "BridgeScope's own history table is not part of the user's schema");
        for (const char *name :
             { "workflow_executions", "workflow_steps", "fsm_transitions", "bridge_states",
               "node_registrations", "metadata_stamps", "event_logs", "agent_definitions" })
            QVERIFY2(snapshot->table(QStringLiteral("public"), QString::fromLatin1(name)), name);

        const ForeignKeyInfo *steps = findKey(*snapshot, QStringLiteral("workflow_steps"),
                                              QStringLiteral("workflow_executions"));
        QVERIFY(steps);
        QCOMPARE(steps->onDelete, QStringLiteral("CASCADE"));
        QCOMPARE(steps->fromColumns, QStringList { QStringLiteral("workflow_id") });
        QCOMPARE(steps->toColumns, QStringList { QStringLiteral("id") });
        const ForeignKeyInfo *stamps = findKey(*snapshot, QStringLiteral("metadata_stamps"),
                                               QStringLiteral("workflow_executions"));
        QVERIFY(stamps);
        QCOMPARE(stamps->onDelete, QStringLiteral("SET NULL"));

        const TableInfo *executions
            = snapshot->table(QStringLiteral("public"), QStringLiteral("workflow_executions"));
        QCOMPARE(executions->primaryKey.columns, QStringList { QStringLiteral("id") });
        QVERIFY(!executions->comment.isEmpty());
        const ColumnInfo *id = executions->column(QStringLiteral("id"));
        QCOMPARE(id->type, QStringLiteral("uuid"));
        QVERIFY(id->notNull);
        QCOMPARE(id->defaultExpression, QStringLiteral("gen_random_uuid()"));

        // Every partial index carries its predicate; every GIN index says GIN.
        int partial = 0, gin = 0;
        for (const TableInfo &table : snapshot->tables) {
            for (const IndexInfo &index : table.indexes) {
                const bool declaredPartial = index.definition.contains(QLatin1String(" WHERE "));
                QCOMPARE(!index.predicate.isEmpty(), declaredPartial);
                if (declaredPartial) {
                    ++partial;
                    QVERIFY(index.definition.endsWith(index.predicate));
                }
                const bool declaredGin = index.definition.contains(QLatin1String("USING gin"));
                QCOMPARE(index.method == QLatin1String("gin"), declaredGin);
                gin += declaredGin;
            }
        }
        QVERIFY2(partial >= 3, qPrintable(QString::number(partial)));
        QVERIFY2(gin >= 5, qPrintable(QString::number(gin)));
        const IndexInfo *created = findIndex(
            *snapshot->table(QStringLiteral("public"), QStringLiteral("agent_definitions")),
            QStringLiteral("idx_agent_definitions_created_at"));
        QVERIFY(created);
        QCOMPARE(created->keys, QStringList { QStringLiteral("created_at DESC") });

        // The self-reference of the agent tables.
        const ForeignKeyInfo *self
            = findKey(*snapshot, QStringLiteral("agent_transformation_events"),
                      QStringLiteral("agent_transformation_events"));
        QVERIFY(self);
        QVERIFY(self->isSelfReference());
        const ColumnRoles roles = columnRoles(*snapshot, *executions, QStringLiteral("id"));
        QVERIFY(roles.primaryKey);
        QVERIFY(!roles.foreignKey);
    }

    void hostileShapes()
    {
        ScratchDatabase db(QStringLiteral("catalog_hostile"));
        QVERIFY(db.isValid());
        // Roles are cluster-wide: one of this process's own, dropped at the end.
        const QString reader
            = QStringLiteral("bs_catalog_reader_%1").arg(QCoreApplication::applicationPid());
        const QString longName = QString(63, QLatin1Char('x'));
        QString wide = QStringLiteral("CREATE TABLE wide (");
        for (int i = 0; i < 300; ++i)
            wide += QStringLiteral("%1c%2 int").arg(i ? QStringLiteral(", ") : QString()).arg(i);
        wide += QStringLiteral(");");
        const QString setup = QStringLiteral(R"sql(
            CREATE SCHEMA "Other Schema";
            CREATE TABLE "Odd ""Quoted"" Name" ("Id" int PRIMARY KEY, "Ünïcødé col" text);
            COMMENT ON TABLE "Odd ""Quoted"" Name" IS 'a comment with ''quotes''';
            CREATE TABLE "Other Schema".parent (a int, b int, PRIMARY KEY (a, b));
            CREATE TABLE child (id int PRIMARY KEY, pa int, pb int, odd int,
                FOREIGN KEY (pa, pb) REFERENCES "Other Schema".parent (a, b)
                    ON DELETE SET NULL ON UPDATE CASCADE,
                FOREIGN KEY (odd) REFERENCES "Odd ""Quoted"" Name" ("Id") ON DELETE RESTRICT);
            CREATE TABLE %1 (id int PRIMARY KEY, parent int REFERENCES %1);
            CREATE TABLE events (id bigint, at date NOT NULL, payload jsonb,
                                 PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            CREATE TABLE events_2026 PARTITION OF events
                FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            CREATE TABLE events_2027 PARTITION OF events
                FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
            CREATE TABLE event_refs (id int, event_id bigint, event_at date,
                FOREIGN KEY (event_id, event_at) REFERENCES events (id, at) ON DELETE CASCADE);
            CREATE INDEX events_payload ON events USING gin (payload);
            CREATE VIEW child_view AS SELECT id FROM child;
            CREATE MATERIALIZED VIEW child_counts AS SELECT count(*) AS n FROM child;
            CREATE TABLE secret (id int);
            REVOKE ALL ON secret FROM PUBLIC;
            CREATE ROLE %3 LOGIN;
            %2
        )sql")
                                  .arg(longName, wide, reader);
        Status created = execSql(setup, db.profile());
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));

        ConnectionProfile readerProfile = db.profile();
        readerProfile.setValue(QStringLiteral("user"), reader);
        const auto snapshot = read(readerProfile);
        QVERIFY2(snapshot, snapshot ? "" : qPrintable(snapshot.error().message));

        QCOMPARE(snapshot->schemas,
                 (QStringList { QStringLiteral("Other Schema"), QStringLiteral("public") }));
        const TableInfo *odd
            = snapshot->table(QStringLiteral("public"), QStringLiteral("Odd \"Quoted\" Name"));
        QVERIFY(odd);
        QCOMPARE(odd->comment, QStringLiteral("a comment with 'quotes'"));
        QVERIFY(odd->column(QStringLiteral("Ünïcødé col")));
        QCOMPARE(odd->primaryKey.columns, QStringList { QStringLiteral("Id") });

        const ForeignKeyInfo *multi
            = findKey(*snapshot, QStringLiteral("child"), QStringLiteral("parent"));
        QVERIFY(multi);
        QCOMPARE(multi->toSchema, QStringLiteral("Other Schema"));
        QCOMPARE(multi->fromColumns, (QStringList { QStringLiteral("pa"), QStringLiteral("pb") }));
        QCOMPARE(multi->toColumns, (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
        QCOMPARE(multi->onDelete, QStringLiteral("SET NULL"));
        QCOMPARE(multi->onUpdate, QStringLiteral("CASCADE"));
        QCOMPARE(findKey(*snapshot, QStringLiteral("child"), odd->name)->onDelete,
                 QStringLiteral("RESTRICT"));

        const ForeignKeyInfo *self = findKey(*snapshot, longName, longName);
        QVERIFY(self);
        QVERIFY(self->isSelfReference());

        const TableInfo *events
            = snapshot->table(QStringLiteral("public"), QStringLiteral("events"));
        QVERIFY(events);
        QCOMPARE(events->kind, RelationKind::PartitionedTable);
        QCOMPARE(events->partitionNames(),
                 (QStringList { QStringLiteral("public.events_2026"),
                                QStringLiteral("public.events_2027") }));
        QVERIFY2(!snapshot->table(QStringLiteral("public"), QStringLiteral("events_2026")),
                 "partitions are folded under their parent");
        QVERIFY(findIndex(*events, QStringLiteral("events_payload")));
        int keysToEvents = 0;
        for (const ForeignKeyInfo &key : snapshot->foreignKeys)
            keysToEvents += key.toTable.startsWith(QLatin1String("events"));
        QCOMPARE(keysToEvents, 1); // not one more per partition

        QCOMPARE(snapshot->table(QStringLiteral("public"), QStringLiteral("child_view"))->kind,
                 RelationKind::View);
        QCOMPARE(snapshot->table(QStringLiteral("public"), QStringLiteral("child_counts"))->kind,
                 RelationKind::MaterializedView);
        QCOMPARE(snapshot->table(QStringLiteral("public"), QStringLiteral("wide"))->columns.size(),
                 300);
        QVERIFY(!snapshot->table(QStringLiteral("public"), QStringLiteral("secret"))->readable);
        QVERIFY(snapshot->table(QStringLiteral("public"), QStringLiteral("child"))->readable
                == false); // owned by postgres, no grant to the reader either

        const auto onlyOther = read(db.profile(), QStringLiteral("Other Schema"));
        QVERIFY(onlyOther);
        QCOMPARE(onlyOther->tables.size(), 1);
        QCOMPARE(onlyOther->tables.first().name, QStringLiteral("parent"));
        QVERIFY(execSql(QStringLiteral("DROP ROLE %1").arg(reader)));
    }

    void foreignKeysThatPartitionsDeclareFoldOntoTheirTable()
    {
        // As real databases grow: the key is added per partition, not on the parent; one
        // partition says it another way; a key on the parent (cloned onto every partition)
        // must stay one; a key may point at a partition, and partitions may have odd names.
        ScratchDatabase db(QStringLiteral("catalog_partkeys"));
        const Status created = execSql(QStringLiteral(R"sql(
            CREATE SCHEMA archive;
            CREATE TABLE customers (id int PRIMARY KEY);
            CREATE TABLE products (id int PRIMARY KEY);
            CREATE TABLE regions (id int PRIMARY KEY);
            CREATE TABLE orders (id int, placed date, customer_id int, product_id int,
                                 region_id int REFERENCES regions, PRIMARY KEY (id, placed))
                PARTITION BY RANGE (placed);
            CREATE TABLE orders_2025 PARTITION OF orders
                FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE orders_2026 PARTITION OF orders
                FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            CREATE TABLE archive."Orders ""Before"" 2025" PARTITION OF orders
                FOR VALUES FROM ('2000-01-01') TO ('2025-01-01');
            ALTER TABLE orders_2025 ADD CONSTRAINT orders_2025_customer
                FOREIGN KEY (customer_id) REFERENCES customers ON DELETE CASCADE;
            ALTER TABLE orders_2026 ADD CONSTRAINT orders_2026_customer
                FOREIGN KEY (customer_id) REFERENCES customers ON DELETE CASCADE;
            ALTER TABLE archive."Orders ""Before"" 2025" ADD CONSTRAINT archived_customer
                FOREIGN KEY (customer_id) REFERENCES customers;
            ALTER TABLE orders_2026 ADD CONSTRAINT orders_2026_product
                FOREIGN KEY (product_id) REFERENCES products;
            CREATE TABLE shipments (id int PRIMARY KEY, order_id int, placed date,
                FOREIGN KEY (order_id, placed) REFERENCES orders_2026 (id, placed));
        )sql"),
                                       db.profile());
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        const auto snapshot = read(db.profile());
        QVERIFY2(snapshot, snapshot ? "" : qPrintable(snapshot.error().message));

        QList<ForeignKeyInfo> fromOrders;
        for (const ForeignKeyInfo &key : snapshot->foreignKeys) {
            if (key.fromTable == QLatin1String("orders"))
                fromOrders << key;
        }
        // The parent's key once, and each key that a partition declares, under the parent.
        QCOMPARE(fromOrders.size(), 5);
        QStringList declaredOn;
        for (const ForeignKeyInfo &key : std::as_const(fromOrders)) {
            QCOMPARE(key.fromSchema, QStringLiteral("public"));
            declaredOn << (key.declaredOn.isEmpty() ? QStringLiteral("-")
                                                    : key.declaredOn.first().qualifiedName());
        }
        declaredOn.sort();
        QCOMPARE(declaredOn,
                 (QStringList {
                     QStringLiteral("-"), QStringLiteral("archive.Orders \"Before\" 2025"),
                     QStringLiteral("public.orders_2025"), QStringLiteral("public.orders_2026"),
                     QStringLiteral("public.orders_2026") }));

        // The diagram's edges: alike keys become one, naming every partition that declares it.
        const QList<ForeignKeyInfo> drawn = distinctForeignKeys(fromOrders);
        QCOMPARE(drawn.size(), 4);
        int cascades = 0;
        for (const ForeignKeyInfo &key : drawn) {
            if (key.toTable == QLatin1String("customers")
                && key.onDelete == QLatin1String("CASCADE")) {
                ++cascades;
                QCOMPARE(key.declaredOn.size(), 2);
            }
        }
        QCOMPARE(cascades, 1);

        // A key that references a partition is drawn to the partitioned table.
        const ForeignKeyInfo *shipment
            = findKey(*snapshot, QStringLiteral("shipments"), QStringLiteral("orders"));
        QVERIFY(shipment);
        QCOMPARE(shipment->toColumns,
                 (QStringList { QStringLiteral("id"), QStringLiteral("placed") }));

        // And the partitions themselves, with their schemas, stay folded under the table.
        const TableInfo *orders
            = snapshot->table(QStringLiteral("public"), QStringLiteral("orders"));
        QVERIFY(orders);
        QCOMPARE(orders->partitions.size(), 3);
        QCOMPARE(snapshot->partitionRoot(QStringLiteral("archive"),
                                         QStringLiteral("Orders \"Before\" 2025")),
                 orders);
    }

    // How a column gets its value, on every major: a generated column's expression is no
    // default, and an identity says which kind it is; the text, JSON and drift's catalog say so.
    void generatedAndIdentityColumnsSayWhatTheyAre()
    {
        ScratchDatabase db(QStringLiteral("catalog_generated"));
        QVERIFY(db.isValid());
        QVERIFY(execSql(
            QStringLiteral("CREATE TABLE priced (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                           "code int GENERATED BY DEFAULT AS IDENTITY, "
                           "price numeric NOT NULL DEFAULT 1, "
                           "total numeric GENERATED ALWAYS AS (price * 2) STORED)"),
            db.profile()));
        const auto snapshot = read(db.profile());
        QVERIFY(snapshot);
        const TableInfo *table
            = snapshot->table(QStringLiteral("public"), QStringLiteral("priced"));
        QVERIFY(table);
        const ColumnInfo *total = table->column(QStringLiteral("total"));
        QCOMPARE(total->generated, QStringLiteral("STORED"));
        QCOMPARE(total->generationExpression, QStringLiteral("(price * (2)::numeric)"));
        QVERIFY(total->defaultExpression.isEmpty());
        QCOMPARE(table->column(QStringLiteral("id"))->identity, QStringLiteral("ALWAYS"));
        QCOMPARE(table->column(QStringLiteral("code"))->identity, QStringLiteral("BY DEFAULT"));
        QCOMPARE(table->column(QStringLiteral("price"))->defaultExpression, QStringLiteral("1"));

        const QString text = schemaToText(*snapshot);
        QVERIFY2(
            text.contains(QStringLiteral("generated always as ((price * (2)::numeric)) stored")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("generated always as identity")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("generated by default as identity")),
                 qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("default (price")), qPrintable(text));
        const QJsonObject json = schemaToJson(*snapshot);
        const QJsonArray columns
            = json.value("tables").toArray().at(0).toObject().value("columns").toArray();
        const QJsonObject totalJson = columns.at(3).toObject();
        QCOMPARE(totalJson.value("generated_kind").toString(), QStringLiteral("STORED"));
        QVERIFY(totalJson.value("default").isNull());
        QCOMPARE(columns.at(0).toObject().value("identity").toString(), QStringLiteral("ALWAYS"));
    }

    // PostgreSQL 18's catalog: NOT NULL constraints with names (one line per column, not a
    // constraint of its own), virtual generated columns, temporal keys.
    void postgres18CatalogShapes()
    {
        ScratchDatabase db(QStringLiteral("catalog_pg18"));
        QVERIFY(db.isValid());
        Result<Session> session = Session::open(db.profile(), {}, QStringLiteral("test-version"));
        QVERIFY(session);
        if (session->serverInfo()->serverVersionNumber < 180000)
            QSKIP("needs PostgreSQL 18 (scripts/test-versions 18)");
        QVERIFY(execSql(QStringLiteral(R"sql(
            CREATE EXTENSION btree_gist;
            CREATE TABLE room (
                id int, valid tstzrange, name text CONSTRAINT room_has_name NOT NULL,
                label text NOT NULL,
                shout text GENERATED ALWAYS AS (upper(name)) VIRTUAL,
                PRIMARY KEY (id, valid WITHOUT OVERLAPS));
            CREATE TABLE booking (
                id int PRIMARY KEY, room_id int, during tstzrange,
                FOREIGN KEY (room_id, PERIOD during) REFERENCES room (id, PERIOD valid));
        )sql"),
                        db.profile()));
        const auto snapshot = read(db.profile());
        QVERIFY(snapshot);
        const TableInfo *room = snapshot->table(QStringLiteral("public"), QStringLiteral("room"));
        QVERIFY(room);
        QCOMPARE(room->column(QStringLiteral("name"))->notNullConstraint,
                 QStringLiteral("room_has_name"));
        QVERIFY(room->column(QStringLiteral("label"))->notNull);
        QVERIFY(room->column(QStringLiteral("label"))->notNullConstraint.isEmpty());
        QCOMPARE(room->column(QStringLiteral("shout"))->generated, QStringLiteral("VIRTUAL"));
        QCOMPARE(room->primaryKey.definition,
                 QStringLiteral("PRIMARY KEY (id, valid WITHOUT OVERLAPS)"));
        for (const ConstraintInfo &check : room->checkConstraints)
            QVERIFY2(check.definition.startsWith(QLatin1String("CHECK")),
                     qPrintable(check.definition));
        const ForeignKeyInfo *key
            = findKey(*snapshot, QStringLiteral("booking"), QStringLiteral("room"));
        QVERIFY(key);
        QVERIFY(key->period);

        const QString text = schemaToText(*snapshot);
        for (const char *expected :
             { "fk (room_id, PERIOD during) -> public.room (id, PERIOD valid)",
               "primary key room_pkey PRIMARY KEY (id, valid WITHOUT OVERLAPS)",
               "(constraint room_has_name)", "generated always as (upper(name)) virtual" })
            QVERIFY2(text.contains(QLatin1String(expected)), qPrintable(text));
        QVERIFY(schemaToJson(*snapshot)
                    .value("foreign_keys")
                    .toArray()
                    .at(0)
                    .toObject()
                    .value("period")
                    .toBool());
    }

    void emptyDatabase()
    {
        ScratchDatabase db(QStringLiteral("catalog_empty"));
        QVERIFY(db.isValid());
        const auto snapshot = read(db.profile());
        QVERIFY(snapshot);
        QVERIFY(snapshot->tables.isEmpty());
        QVERIFY(snapshot->foreignKeys.isEmpty());
        QCOMPARE(snapshot->schemas, QStringList { QStringLiteral("public") });
    }

    void neighbourhoodFollowsKeysBothWays()
    {
        ScratchDatabase db(QStringLiteral("catalog_focus"));
        QVERIFY(db.isValid());
        QVERIFY(applyBundledMigrations(db.profile()));
        const auto snapshot = read(db.profile());
        QVERIFY(snapshot);
        const SchemaSnapshot one = neighbourhood(*snapshot, QStringLiteral("public"),
                                                 QStringLiteral("workflow_executions"), 1);
        QStringList names;
        for (const TableInfo &table : one.tables)
            names << table.name;
        QVERIFY2(names.contains(QStringLiteral("workflow_steps")), qPrintable(names.join(',')));
        QVERIFY(names.contains(QStringLiteral("metadata_stamps")));
        QVERIFY(!names.contains(QStringLiteral("agent_definitions")));
        for (const ForeignKeyInfo &key : one.foreignKeys) {
            QVERIFY(one.table(key.fromSchema, key.fromTable));
            QVERIFY(one.table(key.toSchema, key.toTable));
        }
        const SchemaSnapshot zero = neighbourhood(*snapshot, QStringLiteral("public"),
                                                  QStringLiteral("workflow_executions"), 0);
        QCOMPARE(zero.tables.size(), 1);
        QVERIFY(neighbourhood(*snapshot, QStringLiteral("public"), QStringLiteral("nope"), 2)
                    .tables.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_CatalogReader)
#include "tst_catalogreader.moc"
