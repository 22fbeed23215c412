-- Undoes 019.
DROP TABLE IF EXISTS router_performance_metrics;
