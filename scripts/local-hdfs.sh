#!/usr/bin/env bash
# A development HDFS on 127.0.0.1: Hadoop's MiniDFSCluster (one name node, one data node) as a background Java
# process (jobs/src/test/java/io/rationalspark/jobs/LocalHdfs.java, run with Java's source launcher).
#
# Usage: scripts/local-hdfs.sh start [PORT]   name node on 127.0.0.1:PORT (default 8020); prints the URI
#        scripts/local-hdfs.sh stop           stops exactly the process started here
#        scripts/local-hdfs.sh status
# State under runs/local-hdfs/ (git-ignored): the URI in uri (hdfs://127.0.0.1:PORT, written once the cluster is
# up), hdfs.pid, hdfs.log, and the data in data/, which survives stop/start (delete data/ for an empty one).
# Use the URI in job configs, e.g. --set data.train=$(cat runs/local-hdfs/uri)/rs/fashion-mnist/train
set -euo pipefail
# shellcheck source=lib/spark-env.sh
. "$(dirname "$0")/lib/spark-env.sh"

STATE=$RS_ROOT/runs/local-hdfs
PIDFILE=$STATE/hdfs.pid
MAIN=$RS_ROOT/jobs/src/test/java/io/rationalspark/jobs/LocalHdfs.java

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# Prints the pid when hdfs.pid names a live LocalHdfs process.
running_pid() {
  rs_pid_of "$PIDFILE" "LocalHdfs.java"
}

start() {
  local port=${1:-8020} classpath pid i
  [[ $port =~ ^[0-9]+$ ]] || rs_die "PORT must be a number, got '$port'"
  if pid=$(running_pid); then
    rs_die "HDFS is already running (pid $pid, $(cat "$STATE/uri" 2> /dev/null || echo 'starting'))"
  fi
  classpath=$(rs_local_hadoop_classpath)
  rs_render_conf
  mkdir -p "$STATE"
  rm -f "$STATE/uri"
  nohup java -Xmx"${HDFS_MEMORY:-1g}" -Dlog4j2.configurationFile="$RS_SPARK_CONF/log4j2.properties" \
      -cp "$classpath" "$MAIN" "$STATE" "$port" > "$STATE/hdfs.log" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  for ((i = 0; i < 240; i++)); do
    if [ -s "$STATE/uri" ]; then
      echo "HDFS up: $(cat "$STATE/uri") (pid $(cat "$PIDFILE"); log $STATE/hdfs.log)"
      return 0
    fi
    if ! kill -0 "$(<"$PIDFILE")" 2> /dev/null; then
      tail -n 30 "$STATE/hdfs.log" >&2
      rm -f "$PIDFILE"
      rs_die "HDFS exited before it was up (log: $STATE/hdfs.log)"
    fi
    sleep 0.5
  done
  stop
  rs_die "HDFS not up after 120 s (log: $STATE/hdfs.log)"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    echo "HDFS: not running"
    rm -f "$PIDFILE" "$STATE/uri"
    return 0
  fi
  rs_stop_pid HDFS "$pid" 30
  rm -f "$PIDFILE" "$STATE/uri"
  echo "HDFS ($pid) stopped"
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "HDFS pid $pid running, $(cat "$STATE/uri" 2> /dev/null || echo 'not up yet')"
  else
    echo "HDFS: not running"
    return 1
  fi
}

case ${1:-} in
  start)
    shift
    start "$@"
    ;;
  stop) stop ;;
  status) status ;;
  -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
