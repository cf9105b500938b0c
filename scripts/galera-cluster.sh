#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback, for the cluster tests and the benchmark.
#
#   scripts/galera-cluster.sh start DIR        initialise DIR/node{1,2,3}, bootstrap node 1, join 2 and 3, wait for Synced
#   scripts/galera-cluster.sh stop DIR         stop every node (SIGTERM, then SIGKILL after 30 s)
#   scripts/galera-cluster.sh status DIR       each node's wsrep_local_state_comment and cluster size
#   scripts/galera-cluster.sh kill-node DIR N  SIGKILL node N (a crash)
#   scripts/galera-cluster.sh start-node DIR N start node N again (it rejoins by IST, or SST by rsync) and wait for Synced
#
# Node N listens for SQL on 127.0.0.1:$((BASE+N-1)) (BASE = GALERA_BASE_PORT, default 4306), for Galera
# replication on BASE+100+N-1, IST on BASE+200+N-1 and SST (rsync) on BASE+300+N-1. Run as root: the
# servers run as the `mysql` user. SQL: root without password over TCP (a throwaway test cluster).
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,11p' "$0"; exit 2; }
BASE="${GALERA_BASE_PORT:-4306}"
NODES=3
PROVIDER="${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"

sql_port() { echo $((BASE + $1 - 1)); }
gcomm_port() { echo $((BASE + 100 + $1 - 1)); }
sock() { echo "$dir/node$1.sock"; }
pidfile() { echo "$dir/node$1.pid"; }
client() { mariadb --no-defaults -uroot -S "$(sock "$1")" -N -B "${@:2}"; }
state() { client "$1" -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2; }
# The pid as launched (setsid execs mariadbd in place): known before the server writes its pid file.
launched() { echo "$dir/node$1.launched"; }
alive() { [ -f "$(launched "$1")" ] && kill -0 "$(cat "$(launched "$1")")" 2>/dev/null; }

write_config() {
  local n=$1 members=""
  for i in $(seq 1 $NODES); do members+="${members:+,}127.0.0.1:$(gcomm_port "$i")"; done
  cat >"$dir/node$n.cnf" <<CNF
[mysqld]
user=mysql
datadir=$dir/node$n
socket=$(sock "$n")
pid-file=$(pidfile "$n")
log-error=$dir/node$n.err
port=$(sql_port "$n")
bind-address=127.0.0.1
skip-name-resolve
performance_schema=OFF
max_connections=400
innodb_buffer_pool_size=128M
innodb_log_file_size=32M
# Durability comes from the other nodes holding the write set; the usual Galera setting.
innodb_flush_log_at_trx_commit=2
# Galera's requirements: row-based replication, InnoDB, interleaved auto-increment locks.
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=mpd_test_cluster
wsrep_cluster_address=gcomm://$members
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$(gcomm_port "$n")
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$((BASE + 300 + n - 1))
wsrep_slave_threads=2
# Short failure detection (defaults: suspect 5 s, inactive 15 s) so a killed node leaves the view quickly.
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$((BASE + 200 + n - 1));gcache.size=64M;evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S"
CNF
}

launch() {
  local n=$1 extra=${2:-}
  # shellcheck disable=SC2086
  setsid mariadbd --defaults-file="$dir/node$n.cnf" $extra </dev/null >>"$dir/node$n.out" 2>&1 &
  echo $! >"$(launched "$n")"
}

wait_synced() {
  local n=$1 deadline=$((SECONDS + ${GALERA_START_TIMEOUT:-90}))
  until [ "$(state "$n")" = "Synced" ]; do
    if [ $SECONDS -ge $deadline ] || ! alive "$n"; then
      echo "node $n did not reach Synced; its log:" >&2
      tail -n 40 "$dir/node$n.err" >&2
      exit 1
    fi
    sleep 0.2
  done
}

start() {
  mkdir -p "$dir"
  # The servers (user mysql) write their sockets, pid files and logs here.
  chown mysql:mysql "$dir"
  chmod 755 "$dir"
  for n in $(seq 1 $NODES); do
    if alive "$n"; then echo "node $n is already running" >&2; exit 1; fi
    write_config "$n"
  done
  if [ ! -d "$dir/node1/mysql" ]; then
    mariadb-install-db --defaults-file="$dir/node1.cnf" --user=mysql --skip-test-db >"$dir/install.log" 2>&1 ||
      { cat "$dir/install.log" >&2; exit 1; }
  fi
  # Nodes 2 and 3 start empty and receive node 1's data by rsync SST.
  for n in $(seq 2 $NODES); do install -d -o mysql -g mysql "$dir/node$n"; done
  launch 1 --wsrep-new-cluster
  wait_synced 1
  client 1 -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
  for n in $(seq 2 $NODES); do launch "$n"; done
  for n in $(seq 2 $NODES); do wait_synced "$n"; done
  status
}

stop_node() {
  local n=$1 pid
  alive "$n" || return 0
  pid=$(cat "$(launched "$n")")
  kill -TERM "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  # The last node to leave is the one with the newest state; order does not matter for a throwaway cluster.
  for n in $(seq $NODES -1 1); do stop_node "$n" & done
  wait
}

status() {
  for n in $(seq 1 $NODES); do
    if alive "$n"; then
      echo "node$n 127.0.0.1:$(sql_port "$n") $(state "$n") size=$(client "$n" -e "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)"
    else
      echo "node$n 127.0.0.1:$(sql_port "$n") down"
    fi
  done
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill-node)
    n="${3:?node number}"
    alive "$n" && kill -KILL "$(cat "$(launched "$n")")"
    for _ in $(seq 1 100); do alive "$n" || break; sleep 0.1; done
    ;;
  start-node)
    n="${3:?node number}"
    alive "$n" && { echo "node $n is running" >&2; exit 1; }
    launch "$n"
    wait_synced "$n"
    ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac
