#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the receiver's tests: installs PostgreSQL from Debian packages when it is
# missing, initdb's a cluster in the given directory and runs it on 127.0.0.1 with fsync on.
#   pg-test-server.sh install                 install PostgreSQL if initdb is missing (what .ci/run calls)
#   pg-test-server.sh start <dir> <port>      fresh cluster in <dir> (password in <dir>/password, user hookgate)
#   pg-test-server.sh resume <dir> <port>     start the existing cluster in <dir> again (after stop)
#   pg-test-server.sh stop <dir>              fast shutdown: clients are disconnected
# Every failure exits non-zero with the reason on stderr; nothing is skipped quietly.
# As root the cluster itself lives in /tmp/hookgate-pg-<hash of dir>, owned by the postgres OS user: the checkout may
# sit under a directory that user cannot enter (a clone in a mktemp -d directory is 0700). <dir> keeps the password.
set -euo pipefail

find_bindir() {
  local initdb
  initdb=$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$initdb" ]]; then
    dirname "$initdb"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

install_postgresql() {
  if [[ -n "$(find_bindir)" ]]; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "PostgreSQL (initdb) is not installed and installing it needs root: apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "Installing PostgreSQL from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q postgresql >&2
  if [[ -z "$(find_bindir)" ]]; then
    echo "apt-get install postgresql finished but no initdb was found under /usr/lib/postgresql/*/bin" >&2
    exit 1
  fi
}

# initdb and postgres refuse to run as root: as root, the cluster belongs to the postgres OS user.
as_cluster_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Where the cluster's files live for <dir>: <dir> itself, or as root a directory the postgres user can reach.
cluster_home() {
  local dir=$1
  if [[ $(id -u) -eq 0 ]]; then
    echo "/tmp/hookgate-pg-$(printf '%s' "$dir" | sha256sum | cut -c1-16)"
  else
    echo "$dir"
  fi
}

start_server() {
  local home=$1 port=$2 bindir=$3
  as_cluster_owner "$bindir/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
    -o "-p $port -k $home -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=200" \
    start >&2 || { echo "PostgreSQL did not start; its log:" >&2; cat "$home/server.log" >&2 || true; exit 1; }
}

stop_server() {
  local home=$1 bindir=$2
  if [[ -f "$home/data/postmaster.pid" ]]; then
    as_cluster_owner "$bindir/pg_ctl" -D "$home/data" -m fast -w -t 60 stop >&2
  fi
}

command=${1:?usage: pg-test-server.sh install|start|resume|stop ...}
case "$command" in
  install)
    install_postgresql
    ;;
  start)
    dir=${2:?directory}; port=${3:?port}
    install_postgresql
    bindir=$(find_bindir)
    home=$(cluster_home "$dir")
    stop_server "$home" "$bindir" 2>/dev/null || true  # a cluster left running by a killed earlier run
    rm -rf "$dir" "$home"
    mkdir -p "$dir" "$home"
    chmod 700 "$home"
    head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
    cp "$dir/password" "$home/password"
    if [[ $(id -u) -eq 0 ]]; then
      chown -R postgres "$home"
    fi
    as_cluster_owner "$bindir/initdb" -D "$home/data" -U hookgate --pwfile="$home/password" \
      --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { echo "initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1; }
    start_server "$home" "$port" "$bindir"
    as_cluster_owner "$bindir/createdb" -h "$home" -p "$port" -U hookgate hookgate >&2
    ;;
  resume)
    dir=${2:?directory}; port=${3:?port}
    start_server "$(cluster_home "$dir")" "$port" "$(find_bindir)"
    ;;
  stop)
    dir=${2:?directory}
    home=$(cluster_home "$dir")
    stop_server "$home" "$(find_bindir)"
    ;;
  *)
    echo "unknown command: $command" >&2
    exit 2
    ;;
esac
