#!/bin/sh
# Runs once, when the TimescaleDB container starts on an empty volume (docker-entrypoint-initdb.d):
# creates the SELECT-only role exowatch_reader with its password, for Grafana's PostgreSQL data source.
# The collector's migrations let it read the `reporting` views only (014_reporting_views.sql), where
# customers' numbers are pseudonymised. To change the password later:
#   docker compose exec timescaledb psql -U exowatch -c "ALTER ROLE exowatch_reader PASSWORD '…'"
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v reader_password="$EXOWATCH_READER_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE exowatch_reader LOGIN PASSWORD %L', :'reader_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'exowatch_reader')
\gexec
ALTER ROLE exowatch_reader LOGIN PASSWORD :'reader_password';
CREATE EXTENSION IF NOT EXISTS timescaledb;
SQL
