-- After the workflow batches: the reducer's aggregation windows over what was written, the
-- node registry, and the agent registry with its transformation events. One transaction.
SET LOCAL work_mem = '64MB';

-- Two reducers per namespace: namespace_grouping over 5-minute windows and file_type_grouping
-- over 15-minute windows, each aggregating the workflows that completed in its window.
-- total_items_aggregated counts files (a batch_stamping workflow carries several);
-- items_per_second is the reducer's own processing rate (items over aggregation_duration_ms),
-- which is higher than the arrival rate over the window.
INSERT INTO bridge_states
    (bridge_id, namespace, total_workflows_processed, total_items_aggregated,
     aggregation_metadata, current_fsm_state, last_aggregation_timestamp, total_size_bytes,
     unique_file_types, unique_workflows, aggregation_type, window_start, window_end,
     aggregation_duration_ms, items_per_second, version, configuration, node_type,
     correlation_id, metadata, created_at, updated_at)
SELECT pg_temp.hex(w.key, 60)::uuid, w.namespace, w.workflows, w.items,
       jsonb_build_object('file_types', w.file_types, 'largest_file_bytes', w.largest,
                          'mean_file_bytes', round(w.size_bytes::numeric / w.workflows)),
       CASE WHEN w.window_end > to_timestamp({{anchor_epoch}}) THEN 'AGGREGATING' ELSE 'IDLE' END,
       w.window_end + make_interval(secs => w.duration_ms / 1000.0),
       w.size_bytes, w.file_types, w.workflow_ids, w.aggregation_type, w.window_start,
       w.window_end, w.duration_ms,
       least(round(w.items * 1000.0 / w.duration_ms, 2), 99999999.99),
       1 + (w.items - 1) / 25,
       jsonb_build_object('window_seconds', extract(epoch FROM w.window_length)::integer,
                          'batch_size', 25),
       'REDUCER', pg_temp.uid(w.key, 61),
       jsonb_build_object('reducer', 'reducer-' || (1 + abs(hashtext(w.namespace)) % 2)),
       w.window_start, w.window_end
FROM (
    SELECT g.*, g.window_start + g.window_length AS window_end,
           abs(hashtext(g.namespace || '/' || g.aggregation_type))::bigint * 100000000
               + extract(epoch FROM g.window_start)::bigint / 60 AS key,
           greatest(1, round(15 + g.items * pg_temp.lognormal(
               pg_temp.u(extract(epoch FROM g.window_start)::bigint, 62),
               pg_temp.u(abs(hashtext(g.namespace))::bigint, 63), 1.8, 0.35)))::integer
               AS duration_ms
    FROM (
        SELECT e.namespace, r.aggregation_type, r.window_length,
               -- date_bin(r.window_length, e.completed_at, origin), which PostgreSQL 13
               -- lacks, as arithmetic: the origin plus the whole windows since.
               TIMESTAMPTZ '2000-01-03 00:00:00+00'
                   + floor(extract(epoch FROM e.completed_at
                                              - TIMESTAMPTZ '2000-01-03 00:00:00+00')
                           / extract(epoch FROM r.window_length)) * r.window_length
                   AS window_start,
               count(*) AS workflows,
               sum((e.metadata ->> 'items')::integer) AS items,
               sum((e.metadata ->> 'file_size_bytes')::bigint) AS size_bytes,
               max((e.metadata ->> 'file_size_bytes')::bigint) AS largest,
               array_agg(DISTINCT e.metadata ->> 'file_type') AS file_types,
               array_agg(e.id ORDER BY e.completed_at) AS workflow_ids
        FROM workflow_executions AS e
        CROSS JOIN (VALUES ('namespace_grouping', interval '5 minutes'),
                           ('file_type_grouping', interval '15 minutes'))
            AS r(aggregation_type, window_length)
        WHERE e.current_state = 'COMPLETED' AND e.metadata ->> 'source' = 'demo'
        GROUP BY 1, 2, 3, 4
    ) AS g
) AS w;

-- The node registry: orchestrators, reducers, a registry and one intelligence node per
-- namespace, with heartbeats near the anchor (one stale, one degraded).
INSERT INTO node_registrations
    (node_id, node_type, node_version, capabilities, endpoints, metadata, health_status,
     last_heartbeat, endpoint_url, registered_at)
SELECT n.node_id, n.node_type, n.version,
       jsonb_build_object('operations', n.operations, 'max_concurrency', n.concurrency),
       jsonb_build_object('http', 'http://' || n.node_id || ':8080', 'metrics',
                          'http://' || n.node_id || ':9090/metrics'),
       jsonb_build_object('region', 'eu-west-1', 'demo', true),
       n.health,
       to_timestamp({{anchor_epoch}}) - n.heartbeat_age,
       'http://' || n.node_id || ':8080',
       to_timestamp({{anchor_epoch}}) - interval '{{days}} days' - interval '1 hour'
FROM (VALUES
    ('orchestrator-1', 'ORCHESTRATOR', '1.4.2', '["stamp", "validate"]'::jsonb, 64, 'HEALTHY', interval '4 seconds'),
    ('orchestrator-2', 'ORCHESTRATOR', '1.4.2', '["stamp", "validate"]'::jsonb, 64, 'HEALTHY', interval '9 seconds'),
    ('reducer-1', 'REDUCER', '1.3.0', '["namespace_grouping", "file_type_grouping"]'::jsonb, 16, 'HEALTHY', interval '2 seconds'),
    ('reducer-2', 'REDUCER', '1.3.0', '["namespace_grouping", "file_type_grouping"]'::jsonb, 16, 'DEGRADED', interval '41 seconds'),
    ('registry-1', 'REGISTRY', '1.1.0', '["discover", "heartbeat"]'::jsonb, 8, 'HEALTHY', interval '1 second'),
    ('metadata-stamping-1', 'EFFECT', '2.0.1', '["blake3", "stamp"]'::jsonb, 32, 'UNHEALTHY', interval '17 minutes')
) AS n(node_id, node_type, version, operations, concurrency, health, heartbeat_age)
UNION ALL
SELECT 'onextree-' || split_part(pg_temp.namespace_name(k), '.', 2), 'INTELLIGENCE', '0.8.' || (k % 3),
       '{"operations": ["content_analysis"], "max_concurrency": 4}'::jsonb,
       jsonb_build_object('http', 'http://onextree-' || k || ':8058'),
       jsonb_build_object('namespace', pg_temp.namespace_name(k), 'demo', true),
       'HEALTHY', to_timestamp({{anchor_epoch}}) - make_interval(secs => 1 + k),
       'http://onextree-' || k || ':8058',
       to_timestamp({{anchor_epoch}}) - interval '{{days}} days'
FROM generate_series(0, {{namespaces}} - 1) AS k;

-- The agent registry and, for one workflow in twenty, an agent transformation.
INSERT INTO agent_definitions
    (id, agent_name, agent_version, description, yaml_config, parsed_metadata, capabilities,
     triggers, config_hash, is_active, success_rate, quality_score, avg_execution_time_ms,
     total_executions, created_at, updated_at)
SELECT pg_temp.uid(a.n, 70), a.name, '1.' || a.n || '.0', a.description,
       jsonb_build_object('name', a.name, 'model', 'sonnet', 'temperature', 0.2,
                          'tools', a.capabilities),
       jsonb_build_object('domain', a.domain),
       a.capabilities, a.triggers,
       pg_temp.hex(a.n, 71) || pg_temp.hex(a.n, 72),
       a.n <> 7, round((0.82 + 0.17 * pg_temp.u(a.n, 73))::numeric, 4),
       round((0.7 + 0.29 * pg_temp.u(a.n, 74))::numeric, 4),
       round(pg_temp.lognormal(pg_temp.u(a.n, 75), pg_temp.u(a.n, 76), 2400, 0.4))::integer,
       0,
       to_timestamp({{anchor_epoch}}) - interval '{{days}} days' - interval '2 days',
       to_timestamp({{anchor_epoch}}) - interval '{{days}} days' - interval '2 days'
FROM (VALUES
    (0, 'agent-api-architect', 'Designs and reviews HTTP APIs', 'api',
        ARRAY['openapi', 'rest_design'], ARRAY['design an api', 'endpoint']),
    (1, 'agent-debug-intelligence', 'Finds root causes from traces and logs', 'debugging',
        ARRAY['log_analysis', 'tracing'], ARRAY['debug', 'why does', 'stack trace']),
    (2, 'agent-performance', 'Profiles and optimises slow paths', 'performance',
        ARRAY['profiling', 'sql_tuning'], ARRAY['slow', 'optimize', 'latency']),
    (3, 'agent-testing', 'Writes and repairs tests', 'testing',
        ARRAY['pytest', 'coverage'], ARRAY['test', 'coverage']),
    (4, 'agent-code-quality', 'Reviews code for clarity and defects', 'quality',
        ARRAY['linting', 'review'], ARRAY['review', 'refactor']),
    (5, 'agent-devops', 'Builds pipelines and deployments', 'operations',
        ARRAY['docker', 'ci'], ARRAY['deploy', 'pipeline']),
    (6, 'agent-documentation', 'Writes user and API documentation', 'docs',
        ARRAY['markdown', 'api_docs'], ARRAY['document', 'readme']),
    (7, 'agent-security-audit', 'Audits dependencies and secrets (retired)', 'security',
        ARRAY['sast', 'secrets'], ARRAY['security', 'cve'])
) AS a(n, name, description, domain, capabilities, triggers);

INSERT INTO agent_transformation_events
    (id, event_type, correlation_id, session_id, agent_definition_id, source_agent,
     target_agent, routing_confidence, routing_strategy, transformation_time_ms,
     initialization_time_ms, execution_time_ms, quality_score, success, error_message,
     context_snapshot, started_at, completed_at)
SELECT pg_temp.uid(t.k, 80),
       CASE WHEN t.ok THEN 'transformation_complete' ELSE 'transformation_failed' END,
       t.correlation_id, t.session_id, d.id, 'polymorphic-agent', d.agent_name,
       round((0.55 + 0.44 * pg_temp.u(t.k, 81))::numeric, 4),
       pg_temp.pick(pg_temp.u(t.k, 82), ARRAY['trigger_match', 'capability_match', 'historical']),
       round(pg_temp.lognormal(pg_temp.u(t.k, 83), pg_temp.u(t.k, 84), 35, 0.5))::integer,
       round(pg_temp.lognormal(pg_temp.u(t.k, 85), pg_temp.u(t.k, 86), 120, 0.4))::integer,
       t.duration_ms,
       CASE WHEN t.ok THEN round((0.6 + 0.39 * pg_temp.u(t.k, 87))::numeric, 4) END,
       t.ok,
       CASE WHEN NOT t.ok THEN 'AgentExecutionError: tool call budget exhausted after 25 calls' END,
       jsonb_build_object('workflow_id', t.id, 'namespace', t.namespace,
                          'prompt_tokens', floor(800 + 3000 * pg_temp.u(t.k, 88))::integer),
       t.started_at, t.started_at + make_interval(secs => t.duration_ms / 1000.0)
FROM (
    SELECT e.id, e.correlation_id, e.session_id, e.namespace, e.started_at,
           abs(hashtext(e.id::text))::bigint AS k,
           pg_temp.u(abs(hashtext(e.id::text)), 89) > 0.06 AS ok,
           round(pg_temp.lognormal(pg_temp.u(abs(hashtext(e.id::text)), 90), 0.3, 2400, 0.6))::integer
               AS duration_ms
    FROM workflow_executions AS e
    WHERE e.metadata ->> 'source' = 'demo' AND get_byte(uuid_send(e.id), 15) < 13
) AS t
JOIN agent_definitions AS d ON d.id = pg_temp.uid(t.k % 7, 70);

UPDATE agent_definitions AS d
SET total_executions = c.n
FROM (SELECT agent_definition_id, count(*)::integer AS n FROM agent_transformation_events
      GROUP BY 1) AS c
WHERE c.agent_definition_id = d.id;
