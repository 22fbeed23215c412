DO $$ BEGIN RAISE NOTICE 'a;b'; END $$;
-- c;
/* x; /* nested; */ */ SELECT $tag$ ; $tag$, E'it''s\'';
SELECT "a;""b" FROM t;
