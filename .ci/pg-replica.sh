#!/usr/bin/env bash
# A PostgreSQL 15 primary and its streaming replica as two throwaway local clusters, for the
# read-routing tests (tests/db/read-replica.test.ts). Run as root (or with passwordless sudo).
#   .ci/pg-replica.sh up   <primary-port> <replica-port>   # prints the two URLs to use
#   .ci/pg-replica.sh down <primary-port> <replica-port>   # stops and removes both; never fails
# Clusters are named recycle_p<port> / recycle_r<port>; a leftover pair from an earlier run with
# the same ports is removed first. The replica is made with pg_basebackup -R (streaming, hot standby).
set -euo pipefail
exec </dev/null
action=${1:?up or down}
PRIMARY_PORT=${2:-5458}
REPLICA_PORT=${3:-5459}
V=15
PRIMARY=recycle_p$PRIMARY_PORT
REPLICA=recycle_r$REPLICA_PORT

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
as_postgres() (
  cd /
  if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then runuser -u postgres -- "$@"
  else sudo -n -u postgres "$@"; fi
)
drop() { as_root pg_dropcluster --stop "$V" "$1" >/dev/null 2>&1 || true; }

if [ "$action" = down ]; then
  drop "$REPLICA"
  drop "$PRIMARY"
  exit 0
fi

drop "$REPLICA"
drop "$PRIMARY"
as_root pg_createcluster "$V" "$PRIMARY" --port "$PRIMARY_PORT" >/dev/null -- --auth-local=peer --auth-host=scram-sha-256
cat <<CONF | as_root tee -a "/etc/postgresql/$V/$PRIMARY/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
max_connections = 100
fsync = off
CONF
as_root pg_ctlcluster "$V" "$PRIMARY" start
as_postgres psql -q -p "$PRIMARY_PORT" -c "create role app login superuser replication password 'app'"

as_root pg_createcluster "$V" "$REPLICA" --port "$REPLICA_PORT" >/dev/null -- --auth-local=peer --auth-host=scram-sha-256
echo "listen_addresses = '127.0.0.1'" | as_root tee -a "/etc/postgresql/$V/$REPLICA/postgresql.conf" >/dev/null
data=/var/lib/postgresql/$V/$REPLICA
as_root find "$data" -mindepth 1 -delete
as_postgres env PGPASSWORD=app pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U app -D "$data" -R -X stream -c fast
as_root pg_ctlcluster "$V" "$REPLICA" start
for _ in $(seq 1 30); do
  [ "$(as_postgres psql -p "$REPLICA_PORT" -tAc 'select pg_is_in_recovery()' 2>/dev/null)" = t ] && break
  sleep 1
done
[ "$(as_postgres psql -p "$REPLICA_PORT" -tAc 'select pg_is_in_recovery()')" = t ] || { echo "replica did not start in recovery" >&2; exit 1; }
echo "TEST_REPLICA_PRIMARY_URL=postgres://app:app@127.0.0.1:$PRIMARY_PORT/postgres"
echo "TEST_REPLICA_URL=postgres://app:app@127.0.0.1:$REPLICA_PORT/postgres"
