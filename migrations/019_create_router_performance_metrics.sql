-- 019: router_performance_metrics, timing, confidence, cache and prediction figures of the
-- agent router (seed 004): microsecond timing, the four confidence components, cache hits
-- and age, and the prediction error fed back for learning.

CREATE TABLE IF NOT EXISTS router_performance_metrics (
    id                     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_type            VARCHAR(50) NOT NULL,
    correlation_id         UUID,
    request_hash           CHAR(64),
    selected_agent         VARCHAR(255),
    alternative_agents     JSONB NOT NULL DEFAULT '[]'::jsonb,
    confidence_score       DECIMAL(5, 4),
    trigger_confidence     DECIMAL(5, 4),
    context_confidence     DECIMAL(5, 4),
    capability_confidence  DECIMAL(5, 4),
    historical_confidence  DECIMAL(5, 4),
    total_routing_time_us  INTEGER,
    cache_hit              BOOLEAN NOT NULL DEFAULT FALSE,
    cache_age_seconds      INTEGER,
    actual_quality_score   DECIMAL(5, 4),
    prediction_error       DECIMAL(5, 4),
    feedback               JSONB,
    measured_at            TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT router_performance_metrics_metric_type_check
        CHECK (metric_type IN ('routing_decision', 'cache_lookup', 'prediction_feedback')),
    CONSTRAINT router_performance_metrics_confidence_check
        CHECK (confidence_score BETWEEN 0 AND 1 AND trigger_confidence BETWEEN 0 AND 1
               AND context_confidence BETWEEN 0 AND 1 AND capability_confidence BETWEEN 0 AND 1
               AND historical_confidence BETWEEN 0 AND 1),
    CONSTRAINT router_performance_metrics_quality_check
        CHECK (actual_quality_score BETWEEN 0 AND 1),
    CONSTRAINT router_performance_metrics_prediction_error_check
        CHECK (prediction_error BETWEEN -1 AND 1),
    CONSTRAINT router_performance_metrics_timing_check
        CHECK (total_routing_time_us >= 0 AND cache_age_seconds >= 0)
);

CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_measured_at
    ON router_performance_metrics (measured_at DESC);
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_metric_type
    ON router_performance_metrics (metric_type);
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_selected_agent
    ON router_performance_metrics (selected_agent);
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_correlation
    ON router_performance_metrics (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_request_hash
    ON router_performance_metrics (request_hash);
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_cache
    ON router_performance_metrics (cache_hit, measured_at DESC);
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_confidence
    ON router_performance_metrics (confidence_score);
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_actual_quality
    ON router_performance_metrics (actual_quality_score) WHERE actual_quality_score IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_prediction_error
    ON router_performance_metrics (prediction_error) WHERE prediction_error IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_router_performance_metrics_alternatives_gin
    ON router_performance_metrics USING GIN (alternative_agents);

COMMENT ON TABLE router_performance_metrics IS
    'Agent router timing, confidence, cache and prediction accuracy';
COMMENT ON COLUMN router_performance_metrics.id IS 'Primary key';
COMMENT ON COLUMN router_performance_metrics.metric_type IS
    'routing_decision, cache_lookup or prediction_feedback';
COMMENT ON COLUMN router_performance_metrics.correlation_id IS 'Distributed tracing identifier';
COMMENT ON COLUMN router_performance_metrics.request_hash IS
    'SHA-256 of the request, for deduplication';
COMMENT ON COLUMN router_performance_metrics.selected_agent IS 'Agent the router chose';
COMMENT ON COLUMN router_performance_metrics.alternative_agents IS
    'Other candidates with their scores';
COMMENT ON COLUMN router_performance_metrics.confidence_score IS 'Overall confidence, 0 to 1';
COMMENT ON COLUMN router_performance_metrics.trigger_confidence IS 'Trigger component (40%)';
COMMENT ON COLUMN router_performance_metrics.context_confidence IS 'Context component (30%)';
COMMENT ON COLUMN router_performance_metrics.capability_confidence IS
    'Capability component (20%)';
COMMENT ON COLUMN router_performance_metrics.historical_confidence IS
    'Historical component (10%)';
COMMENT ON COLUMN router_performance_metrics.total_routing_time_us IS
    'Routing time in microseconds (target under 100 ms)';
COMMENT ON COLUMN router_performance_metrics.cache_hit IS 'Whether the routing cache answered';
COMMENT ON COLUMN router_performance_metrics.cache_age_seconds IS 'Age of the cached answer';
COMMENT ON COLUMN router_performance_metrics.actual_quality_score IS 'Measured outcome, 0 to 1';
COMMENT ON COLUMN router_performance_metrics.prediction_error IS
    'confidence_score minus actual_quality_score';
COMMENT ON COLUMN router_performance_metrics.feedback IS 'Human feedback for the learning loop';
COMMENT ON COLUMN router_performance_metrics.measured_at IS 'When the figure was measured';
