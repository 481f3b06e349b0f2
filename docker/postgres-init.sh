#!/usr/bin/env bash
# Run once by the postgres image on a fresh volume (/docker-entrypoint-initdb.d): Metabase's application
# database (its dashboards and questions, instead of an H2 file inside its container that is lost when
# the container is recreated), and the read-only role dashboards connect with, so they never hold the
# writer's password. worksync's migrations grant that role SELECT on the platform schemas and `worksync`.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v metabase_pw="$METABASE_DB_PASSWORD" -v reader_pw="$WORKSYNC_READER_PASSWORD" <<'SQL'
CREATE ROLE metabase LOGIN PASSWORD :'metabase_pw';
CREATE DATABASE metabase OWNER metabase;
CREATE ROLE worksync_reader LOGIN PASSWORD :'reader_pw';
SQL
