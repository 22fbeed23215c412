-- Session-local helpers for the demo data generator (pg_temp: they vanish with the session).
-- Every "random" value is a hash of (seed, row number, purpose), so the same seed writes the
-- same rows whatever the batch size, and no state is carried between batches.

-- A uniform number in [0, 1): the k-th draw for row i.
CREATE OR REPLACE FUNCTION pg_temp.u(i bigint, k integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(i, {{seed}}::bigint * 1000 + k) & 140737488355327)::float8
                 / 140737488355328 $$;

-- A log-normal draw with the given median (Box–Muller on two uniform draws).
CREATE OR REPLACE FUNCTION pg_temp.lognormal(u1 double precision, u2 double precision,
                                             median double precision, sigma double precision)
    RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT median * exp(least(sigma * sqrt(-2 * ln(greatest(u1, 1e-12)))
                                    * cos(2 * pi() * u2), 6)) $$;

-- 32 hex digits, and the UUID spelled by them, for row i and purpose k (k < 500): two 64-bit
-- hashes, five times faster than md5 over a formatted string.
CREATE OR REPLACE FUNCTION pg_temp.hex(i bigint, k integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT encode(int8send(hashint8extended(i, {{seed}}::bigint * 1000 + k))
                        || int8send(hashint8extended(i, {{seed}}::bigint * 1000 + 500 + k)), 'hex') $$;
CREATE OR REPLACE FUNCTION pg_temp.uid(i bigint, k integer) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT pg_temp.hex(i, k)::uuid $$;

-- The element of a non-empty array that a uniform draw picks.
CREATE OR REPLACE FUNCTION pg_temp.pick(u double precision, choices text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT choices[1 + floor(u * cardinality(choices))::integer] $$;

-- The n-th tenant namespace (0-based); the first few have names, the rest are numbered.
CREATE OR REPLACE FUNCTION pg_temp.namespace_name(n integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce((ARRAY['omninode.acme', 'omninode.globex', 'omninode.initech',
                                 'omninode.umbrella', 'omninode.hooli', 'omninode.stark',
                                 'omninode.wayne', 'omninode.wonka', 'omninode.tyrell',
                                 'omninode.cyberdyne', 'omninode.soylent',
                                 'omninode.massive'])[n + 1],
                          'omninode.tenant-' || (n + 1)) $$;
