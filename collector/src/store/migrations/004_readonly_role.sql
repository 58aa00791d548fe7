-- exowatch_reader: the SELECT-only role Grafana's PostgreSQL data source (and anyone writing ad hoc SQL
-- against the documented schema, docs/schema.md) connects as. Grafana does not check that panel SQL is
-- harmless, so the role can only read: no writes, read-only transactions, a statement timeout.
--
-- A migration cannot know a password, so the role is created NOLOGIN here. Whoever deploys sets the
-- password once: docker compose does it in provisioning/postgres/10-exowatch-reader.sh, otherwise run
--   ALTER ROLE exowatch_reader LOGIN PASSWORD '<password>';
-- (docs/operator-guide.md, "Read-only SQL access").
--
-- Roles are cluster-wide while grants are per database, and the collector's database user may not be
-- allowed to create roles (managed PostgreSQL): then the role is skipped with a notice, the collector
-- still starts, and an administrator can create the role and re-run these GRANTs by hand.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'exowatch_reader') THEN
    BEGIN
      CREATE ROLE exowatch_reader NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN
        NULL; -- created concurrently by another database's migration in the same cluster
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'exowatch_reader not created: the database user may not create roles (see docs/operator-guide.md)';
        RETURN;
    END;
  END IF;

  BEGIN
    ALTER ROLE exowatch_reader SET default_transaction_read_only = on;
    ALTER ROLE exowatch_reader SET statement_timeout = '60s';
  EXCEPTION
    WHEN insufficient_privilege THEN
      RAISE NOTICE 'exowatch_reader settings not changed: the database user may not alter roles';
  END;

  BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO exowatch_reader', current_database());
  EXCEPTION
    WHEN insufficient_privilege THEN
      NULL; -- not the database owner: PUBLIC's default CONNECT privilege applies
  END;
  GRANT USAGE ON SCHEMA public TO exowatch_reader;
  GRANT SELECT ON ALL TABLES IN SCHEMA public TO exowatch_reader;
  -- Tables and views added by later migrations (run by this same user) are readable too.
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO exowatch_reader;
  -- Read, never write: also nothing on sequences and no CREATE anywhere.
  REVOKE CREATE ON SCHEMA public FROM exowatch_reader;
END
$$;
