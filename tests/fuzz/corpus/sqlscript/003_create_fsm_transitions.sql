-- 003: fsm_transitions, the state-machine audit trail of any entity (workflow, bridge, node).
-- entity_id is a generic reference, so there is no foreign key (seed 002).

CREATE TABLE IF NOT EXISTS fsm_transitions (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    entity_id        UUID NOT NULL,
    entity_type      VARCHAR(50) NOT NULL,
    from_state       VARCHAR(50),
    to_state         VARCHAR(50) NOT NULL,
    transition_event VARCHAR(100) NOT NULL,
    transition_data  JSONB DEFAULT '{}'::jsonb,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

CREATE INDEX IF NOT EXISTS idx_fsm_transitions_entity
    ON fsm_transitions (entity_id, entity_type);
CREATE INDEX IF NOT EXISTS idx_fsm_transitions_entity_type ON fsm_transitions (entity_type);
CREATE INDEX IF NOT EXISTS idx_fsm_transitions_created_at ON fsm_transitions (created_at DESC);

COMMENT ON TABLE fsm_transitions IS 'State machine transition history for all entities';
COMMENT ON COLUMN fsm_transitions.id IS 'Primary key';
COMMENT ON COLUMN fsm_transitions.entity_id IS
    'The entity that changed state (generic reference, no foreign key)';
COMMENT ON COLUMN fsm_transitions.entity_type IS 'Kind of entity: workflow, bridge, node, ...';
COMMENT ON COLUMN fsm_transitions.from_state IS 'State before the transition (NULL for the first)';
COMMENT ON COLUMN fsm_transitions.to_state IS 'State after the transition';
COMMENT ON COLUMN fsm_transitions.transition_event IS 'The event that caused the transition';
COMMENT ON COLUMN fsm_transitions.transition_data IS 'Transition context';
COMMENT ON COLUMN fsm_transitions.created_at IS 'When the transition happened';
