-- One batch of workflows, rows {{first}} to {{last}}: their executions, steps, FSM transitions,
-- stamps, event log entries and agent routing records. Runs in one transaction.
--
-- Time: started_at lies in the {{days}} days before the anchor ({{anchor_epoch}}, epoch
-- seconds). Outside bursts, the hour of day follows a daily rhythm peaking at 14:00 UTC
-- (a warped uniform draw: density 1 / (1 - 0.6 cos 2πf)); 6 % of workflows fall in one of
-- two bursts a day (±10 minutes), where latency is higher and 16 % fail instead of 3.5 %.
SET LOCAL work_mem = '64MB';
-- synchronous_commit stays on: a batch reported written survives a crash of the server (one
-- WAL flush per batch costs nothing beside the batch; with it off, a killed server lost the
-- last batches that the message had counted as kept).

CREATE TEMP TABLE demo_batch ON COMMIT DROP AS
WITH drawn AS MATERIALIZED (
    SELECT i,
           pg_temp.u(i, 4) < 0.06 AS in_burst,
           {{anchor_epoch}}::float8 - {{days}} * 86400.0 AS window_start,
           {{days}} * 86400.0 AS window_length,
           pg_temp.u(i, 3) AS f,
           floor(pg_temp.u(i, 5) * 2 * {{days}})::bigint AS burst
    FROM generate_series({{first}}::bigint, {{last}}::bigint) AS i
), placed AS MATERIALIZED (
    SELECT i, in_burst,
           window_start + mod(mod(
               CASE WHEN in_burst
                    THEN pg_temp.u(burst, 50) * window_length + (pg_temp.u(i, 6) - 0.5) * 1200
                    ELSE floor(window_start / 86400) * 86400 - window_start
                         + floor(pg_temp.u(i, 2) * ({{days}} + 1)) * 86400
                         + mod((f - 0.6 / (2 * pi()) * sin(2 * pi() * f) + 14.0 / 24 + 1)::numeric,
                               1)::float8 * 86400
               END::numeric, window_length::numeric) + window_length::numeric,
               window_length::numeric)::float8 AS started_epoch
    FROM drawn
), shaped AS MATERIALIZED (
    SELECT p.*,
           CASE WHEN pg_temp.u(i, 7) < 0.68 THEN 'stamping'
                WHEN pg_temp.u(i, 7) < 0.82 THEN 'batch_stamping'
                WHEN pg_temp.u(i, 7) < 0.93 THEN 'validation'
                ELSE 'intelligence_analysis' END AS workflow_type,
           pg_temp.namespace_name(floor({{namespaces}} * power(pg_temp.u(i, 8), 1.7))::integer)
               AS namespace,
           pg_temp.pick(pg_temp.u(i, 9),
                        ARRAY['application/pdf', 'application/pdf', 'application/pdf',
                              'image/png', 'image/png', 'image/jpeg', 'text/markdown',
                              'application/json', 'application/json', 'text/x-python',
                              'text/plain', 'application/zip']) AS file_type,
           least(greatest(64, round(pg_temp.lognormal(pg_temp.u(i, 10), pg_temp.u(i, 11),
                                                      180000, 1.3))), 2000000000)::bigint
               AS file_size,
           pg_temp.u(i, 14) < CASE WHEN in_burst THEN 0.16 ELSE 0.035 END AS fails,
           CASE WHEN in_burst THEN 1.8 ELSE 1.0 END AS load
    FROM placed AS p
), sized AS MATERIALIZED (
    SELECT s.*,
           CASE WHEN workflow_type = 'batch_stamping' THEN 5 + floor(pg_temp.u(i, 12) * 46)::int
                ELSE 1 END AS items,
           workflow_type = 'intelligence_analysis' OR pg_temp.u(i, 13) < 0.35 AS intelligent
    FROM shaped AS s
), timed AS MATERIALIZED (
    SELECT z.*,
           -- The step at which a failing workflow fails, weighted as the errors occur.
           CASE WHEN NOT fails THEN NULL
                WHEN pg_temp.u(i, 15) < 0.10 THEN 0
                WHEN pg_temp.u(i, 15) < 0.35 THEN 1
                WHEN pg_temp.u(i, 15) < 0.65 AND intelligent THEN 2
                WHEN pg_temp.u(i, 15) < 0.85 THEN 3
                WHEN pg_temp.u(i, 15) < 0.95 THEN 4
                ELSE 5 END AS fail_step,
           ARRAY[round(load * pg_temp.lognormal(pg_temp.u(i, 16), pg_temp.u(i, 17), 4, 0.5)),
                 round(load * items * (3 + file_size / 60000.0)
                       * pg_temp.lognormal(pg_temp.u(i, 18), pg_temp.u(i, 19), 1, 0.25)),
                 CASE WHEN intelligent
                      THEN round(load * pg_temp.lognormal(pg_temp.u(i, 20), pg_temp.u(i, 21),
                                                          CASE WHEN workflow_type = 'intelligence_analysis'
                                                               THEN 900 ELSE 420 END, 0.55)) END,
                 round(load * pg_temp.lognormal(pg_temp.u(i, 22), pg_temp.u(i, 23), 14, 0.4)),
                 round(load * pg_temp.lognormal(pg_temp.u(i, 24), pg_temp.u(i, 25), 9, 0.6)),
                 round(load * pg_temp.lognormal(pg_temp.u(i, 26), pg_temp.u(i, 27), 3, 0.5))
           ]::integer[] AS planned
    FROM sized AS z
), ran AS MATERIALIZED (
    -- A failing intelligence call is a timeout: it takes the full 5 s.
    SELECT t.*,
           CASE WHEN fail_step = 2 THEN planned[1:2] || 5000 || planned[4:6]
                ELSE planned END AS durations,
           coalesce(fail_step, 5) AS final_step
    FROM timed AS t
), finished AS MATERIALIZED (
    SELECT r.*,
           2 + (SELECT sum(coalesce(d, 0)) FROM unnest(durations[1:final_step + 1]) AS d)::integer
               AS total_ms
    FROM ran AS r
)
SELECT f.i, f.in_burst, f.workflow_type, f.namespace, f.file_type, f.file_size, f.items,
       f.intelligent, f.durations,
       pg_temp.uid(f.i, 1) AS id,
       pg_temp.uid(f.i, 2) AS correlation_id,
       to_timestamp(f.started_epoch) AS started_at,
       CASE WHEN f.started_epoch + f.total_ms / 1000.0 >= {{anchor_epoch}}
            THEN CASE WHEN f.started_epoch + 0.05 >= {{anchor_epoch}} THEN 'PENDING'
                      ELSE 'PROCESSING' END
            WHEN f.fail_step IS NOT NULL THEN 'FAILED'
            ELSE 'COMPLETED' END AS state,
       f.fail_step, f.total_ms,
       to_timestamp(f.started_epoch + f.total_ms / 1000.0) AS finished_at,
       pg_temp.hex(f.i, 3) || pg_temp.hex(f.i, 4) AS file_hash,
       'stamp_' || pg_temp.hex(f.i, 5) AS stamp_id,
       CASE f.file_type WHEN 'application/pdf' THEN 'pdf' WHEN 'image/png' THEN 'png'
                        WHEN 'image/jpeg' THEN 'jpg' WHEN 'text/markdown' THEN 'md'
                        WHEN 'application/json' THEN 'json' WHEN 'text/x-python' THEN 'py'
                        WHEN 'application/zip' THEN 'zip' ELSE 'txt' END AS extension,
       CASE WHEN f.workflow_type = 'batch_stamping' THEN pg_temp.uid(f.i / 16, 40) END
           AS session_id
FROM finished AS f;

-- The step that a failure happened in, with a message as the service would log it.
CREATE TEMP TABLE demo_steps ON COMMIT DROP AS
SELECT b.id AS workflow_id, b.i, k,
       (ARRAY['validate_input', 'generate_hash', 'onextree_intelligence', 'create_stamp',
              'persist_metadata', 'publish_event'])[k + 1] AS step_name,
       (ARRAY['validation', 'hashing', 'intelligence', 'stamping', 'persistence',
              'event'])[k + 1] AS step_type,
       CASE WHEN b.state = 'PROCESSING' THEN 'RUNNING'
            WHEN k = 2 AND NOT b.intelligent THEN 'SKIPPED'
            WHEN k = b.fail_step THEN 'FAILED'
            ELSE 'COMPLETED' END AS status,
       CASE WHEN b.state <> 'PROCESSING' THEN b.durations[k + 1] END AS execution_time_ms,
       b.started_at + make_interval(secs => (SELECT coalesce(sum(coalesce(d, 0)), 0)
                                             FROM unnest(b.durations[1:k]) AS d) / 1000.0)
           AS step_started_at,
       CASE WHEN k = b.fail_step THEN
           CASE k
               WHEN 0 THEN pg_temp.pick(pg_temp.u(b.i, 30), ARRAY[
                   'ValidationError: file_path must be absolute, got "uploads/' || pg_temp.hex(b.i, 6)
                       || '.' || b.extension || '"',
                   'ValidationError: content_type ' || b.file_type || ' is not allowed in namespace '
                       || b.namespace,
                   'ValidationError: file is empty (0 bytes)'])
               WHEN 1 THEN pg_temp.pick(pg_temp.u(b.i, 30), ARRAY[
                   'FileNotFoundError: [Errno 2] No such file or directory: ''/data/ingest/'
                       || b.namespace || '/' || left(pg_temp.hex(b.i, 6), 12) || '.' || b.extension || '''',
                   'PermissionError: [Errno 13] Permission denied: ''/data/ingest/' || b.namespace
                       || '/' || left(pg_temp.hex(b.i, 6), 12) || '.' || b.extension || '''',
                   'HashGenerationError: BLAKE3 read stalled after 30.0 s at byte '
                       || (b.file_size / 3)::text])
               WHEN 2 THEN 'TimeoutError: OnexTree intelligence request exceeded 5000 ms'
               WHEN 3 THEN pg_temp.pick(pg_temp.u(b.i, 30), ARRAY[
                   'StampConflictError: a stamp already exists for file_hash '
                       || left(b.file_hash, 16) || '…',
                   'SchemaValidationError: stamp_data.metadata_version: ''0.2'' is not one of [''0.1'']'])
               WHEN 4 THEN pg_temp.pick(pg_temp.u(b.i, 30), ARRAY[
                   'asyncpg.exceptions.DeadlockDetectedError: deadlock detected',
                   'asyncpg.exceptions.TooManyConnectionsError: sorry, too many clients already',
                   'ConnectionResetError: [Errno 104] Connection reset by peer'])
               ELSE 'KafkaTimeoutError: Failed to update metadata after 60.0 secs.'
           END END AS error_message
FROM demo_batch AS b
CROSS JOIN LATERAL generate_series(0, CASE b.state WHEN 'COMPLETED' THEN 5
                                                   WHEN 'FAILED' THEN b.fail_step
                                                   WHEN 'PROCESSING' THEN 0
                                                   ELSE -1 END) AS k;

INSERT INTO workflow_executions
    (id, correlation_id, workflow_type, current_state, namespace, started_at, completed_at,
     execution_time_ms, error_message, metadata, stamp_id, file_hash, workflow_steps,
     intelligence_data, hash_generation_time_ms, workflow_steps_executed, session_id,
     workflow_id, input_data, output_data, error_info)
SELECT b.id, b.correlation_id, b.workflow_type, b.state, b.namespace, b.started_at,
       CASE WHEN b.state IN ('COMPLETED', 'FAILED') THEN b.finished_at END,
       CASE WHEN b.state IN ('COMPLETED', 'FAILED') THEN b.total_ms END,
       s.error_message,
       jsonb_build_object('source', 'demo', 'file_type', b.file_type,
                          'file_size_bytes', b.file_size, 'items', b.items,
                          'priority', CASE WHEN pg_temp.u(b.i, 31) < 0.1 THEN 'high' ELSE 'normal' END,
                          'client', jsonb_build_object('name', 'omninode-cli', 'version',
                                                       pg_temp.pick(pg_temp.u(b.i, 32),
                                                                    ARRAY['0.9.4', '1.0.0', '1.0.2']))),
       CASE WHEN b.state = 'COMPLETED' THEN b.stamp_id END,
       CASE WHEN b.state IN ('COMPLETED', 'FAILED') AND coalesce(b.fail_step, 9) > 1 THEN b.file_hash END,
       coalesce(s.summary, '[]'::jsonb),
       CASE WHEN b.intelligent AND b.state = 'COMPLETED' THEN jsonb_build_object(
           'analysis_type', 'content_analysis',
           'confidence', round(0.55 + 0.44 * pg_temp.u(b.i, 33)::numeric, 3),
           'language', CASE b.extension WHEN 'py' THEN 'python' WHEN 'md' THEN 'markdown' ELSE 'n/a' END,
           'tags', to_jsonb(ARRAY[b.extension, split_part(b.namespace, '.', 2)])) END,
       CASE WHEN coalesce(b.fail_step, 9) > 1 AND b.state <> 'PROCESSING' THEN b.durations[2] END,
       coalesce(s.executed, 0), b.session_id,
       CASE WHEN b.workflow_type = 'batch_stamping' THEN pg_temp.uid(b.i / 16, 41) ELSE b.id END,
       jsonb_build_object('file_path', '/data/ingest/' || b.namespace || '/'
                                       || left(pg_temp.hex(b.i, 6), 12) || '.' || b.extension,
                          'content_type', b.file_type, 'size_bytes', b.file_size),
       CASE WHEN b.state = 'COMPLETED'
            THEN jsonb_build_object('stamp_id', b.stamp_id, 'file_hash', b.file_hash)
            ELSE '{}'::jsonb END,
       CASE WHEN b.state = 'FAILED'
            THEN jsonb_build_object('step', (ARRAY['validate_input', 'generate_hash',
                                                   'onextree_intelligence', 'create_stamp',
                                                   'persist_metadata', 'publish_event'])[b.fail_step + 1],
                                    'error_type', split_part(s.error_message, ':', 1),
                                    'retryable', b.fail_step IN (2, 4, 5))
            ELSE '{}'::jsonb END
FROM demo_batch AS b
LEFT JOIN (
    SELECT d.workflow_id,
           jsonb_agg(jsonb_build_object('step', d.step_name, 'status', d.status,
                                        'duration_ms', d.execution_time_ms) ORDER BY d.k) AS summary,
           count(*) FILTER (WHERE d.status IN ('COMPLETED', 'FAILED')) AS executed,
           max(d.error_message) AS error_message
    FROM demo_steps AS d
    GROUP BY d.workflow_id
) AS s ON s.workflow_id = b.id;

INSERT INTO workflow_steps
    (id, workflow_id, step_name, step_order, status, execution_time_ms, step_data,
     error_message, created_at, step_type, input_data, output_data, started_at, completed_at)
SELECT pg_temp.uid(d.i * 8 + d.k, 10), d.workflow_id, d.step_name, d.k, d.status,
       d.execution_time_ms,
       jsonb_build_object('attempt', 1, 'worker', 'orchestrator-' || (1 + d.i % 2)),
       d.error_message, d.step_started_at, d.step_type,
       '{}'::jsonb, '{}'::jsonb,
       CASE WHEN d.status <> 'SKIPPED' THEN d.step_started_at END,
       CASE WHEN d.status IN ('COMPLETED', 'FAILED')
            THEN d.step_started_at + make_interval(secs => d.execution_time_ms / 1000.0) END
FROM demo_steps AS d;

INSERT INTO fsm_transitions
    (id, entity_id, entity_type, from_state, to_state, transition_event, transition_data,
     created_at)
SELECT pg_temp.uid(b.i * 4 + t.n, 20), b.id, 'workflow', t.from_state, t.to_state, t.event,
       jsonb_build_object('correlation_id', b.correlation_id, 'namespace', b.namespace),
       t.at
FROM demo_batch AS b
CROSS JOIN LATERAL (VALUES
    (0, NULL, 'PENDING', 'workflow_created', b.started_at),
    (1, 'PENDING', 'PROCESSING', 'processing_started', b.started_at + interval '1 ms'),
    (2, 'PROCESSING', b.state,
        CASE b.state WHEN 'COMPLETED' THEN 'workflow_completed' ELSE 'workflow_failed' END,
        b.finished_at)
) AS t(n, from_state, to_state, event, at)
WHERE t.n = 0 OR (t.n = 1 AND b.state <> 'PENDING')
   OR (t.n = 2 AND b.state IN ('COMPLETED', 'FAILED'));

INSERT INTO metadata_stamps
    (id, workflow_id, file_hash, stamp_data, namespace, created_at, stamp_id, file_metadata,
     intelligence_data, metadata_version)
SELECT pg_temp.uid(b.i, 11), b.id, b.file_hash,
       jsonb_build_object('stamp_id', b.stamp_id, 'file_hash', b.file_hash,
                          'hash_algorithm', 'blake3', 'stamped_by', 'metadata-stamping-service',
                          'namespace', b.namespace, 'stamped_at', b.finished_at),
       b.namespace, b.finished_at, b.stamp_id,
       jsonb_build_object('file_type', b.file_type, 'file_size_bytes', b.file_size,
                          'file_name', left(pg_temp.hex(b.i, 6), 12) || '.' || b.extension),
       CASE WHEN b.intelligent THEN jsonb_build_object('analysis_type', 'content_analysis')
            ELSE '{}'::jsonb END,
       '0.1'
FROM demo_batch AS b
WHERE b.state = 'COMPLETED';

INSERT INTO event_logs (id, event_type, correlation_id, session_id, payload, metadata, created_at)
SELECT pg_temp.uid(b.i * 4 + e.n, 21), e.event_type, b.correlation_id, b.session_id,
       e.payload, jsonb_build_object('topic', 'dev.omninode_bridge.onex.evt.' || lower(e.event_type) || '.v1',
                                     'partition', (b.i % 6)::integer),
       e.at
FROM demo_batch AS b
CROSS JOIN LATERAL (VALUES
    (0, 'WORKFLOW_STARTED', b.started_at,
        jsonb_build_object('workflow_id', b.id, 'workflow_type', b.workflow_type,
                           'namespace', b.namespace)),
    (1, CASE b.state WHEN 'COMPLETED' THEN 'WORKFLOW_COMPLETED' ELSE 'WORKFLOW_FAILED' END,
        b.finished_at,
        jsonb_build_object('workflow_id', b.id, 'state', b.state,
                           'execution_time_ms', b.total_ms)),
    (2, 'STAMP_CREATED', b.finished_at,
        jsonb_build_object('stamp_id', b.stamp_id, 'file_hash', b.file_hash,
                           'namespace', b.namespace))
) AS e(n, event_type, at, payload)
WHERE e.n = 0 OR (e.n = 1 AND b.state IN ('COMPLETED', 'FAILED'))
   OR (e.n = 2 AND b.state = 'COMPLETED');

-- The agent router sees one request in ten.
INSERT INTO router_performance_metrics
    (id, metric_type, correlation_id, request_hash, selected_agent, alternative_agents,
     confidence_score, trigger_confidence, context_confidence, capability_confidence,
     historical_confidence, total_routing_time_us, cache_hit, cache_age_seconds, measured_at)
SELECT pg_temp.uid(b.i, 12), 'routing_decision', b.correlation_id,
       pg_temp.hex(b.i, 13) || pg_temp.hex(b.i, 14),
       pg_temp.pick(pg_temp.u(b.i, 34), ARRAY['agent-api-architect', 'agent-debug-intelligence',
                                             'agent-performance', 'agent-testing',
                                             'agent-code-quality']),
       '["agent-documentation", "agent-devops"]'::jsonb,
       round((0.6 + 0.39 * pg_temp.u(b.i, 35))::numeric, 4),
       round((0.5 + 0.49 * pg_temp.u(b.i, 36))::numeric, 4),
       round((0.5 + 0.49 * pg_temp.u(b.i, 37))::numeric, 4),
       round((0.5 + 0.49 * pg_temp.u(b.i, 38))::numeric, 4),
       round((0.4 + 0.59 * pg_temp.u(b.i, 39))::numeric, 4),
       round(pg_temp.lognormal(pg_temp.u(b.i, 40), pg_temp.u(b.i, 41), 850, 0.5))::integer,
       pg_temp.u(b.i, 42) < 0.3,
       CASE WHEN pg_temp.u(b.i, 42) < 0.3 THEN floor(pg_temp.u(b.i, 43) * 300)::integer END,
       b.started_at
FROM demo_batch AS b
WHERE b.i % 10 = 0;
