#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, on 127.0.0.1 only: one Master and WORKERS Workers as background
# Java processes from the same Spark classpath as scripts/spark-submit.sh (no Spark distribution needed).
#
# Usage: scripts/local-cluster.sh [--spark 3|4] start [WORKERS] [CORES]
#                                                           WORKERS Workers (default 1) of CORES cores (default 2)
#                                                           and 2g each, of Spark line 3 (default: 3.5.9) or 4
#                                                           (4.2.0; default from $RATIONALSPARK_SPARK_LINE)
#        scripts/local-cluster.sh stop                      stops exactly the processes started here (and their
#                                                           executors; a running spark-submit driver is not one of
#                                                           them: it waits for the master to come back until stopped)
#        scripts/local-cluster.sh status                    prints them
# Then: scripts/spark-submit.sh [--spark 3|4] --master spark://127.0.0.1:7077 CLASS [ARGS...], with the cluster's line
# (spark-submit.sh refuses another: the two lines' RPC does not interoperate).
#
# Master: spark://127.0.0.1:7077, web UI http://127.0.0.1:8080 (override with SPARK_MASTER_PORT,
# SPARK_MASTER_WEBUI_PORT); Worker i's web UI on 8080 + i. State under runs/local-cluster/ (git-ignored; another
# directory with RATIONALSPARK_LOCAL_CLUSTER_DIR): master.pid, worker-N.pid, their logs master.log, worker-N.log, the
# master URL in master-url, its Spark line in spark-line, and each Worker's work directory work/worker-N/ (each
# application's executor stdout/stderr: look there when an executor fails).
# Every executor copies the job jar (150 MB) into its directory there; stop deletes those copies, not the logs.
#
# Secured by default: the Master, the Workers and every application authenticate with a secret generated at each start
# (spark.authenticate) and encrypt RPC and block transfers with it (spark.network.crypto.enabled, AES). The secret is in
# spark-defaults.conf in the state directory (mode 600, with the rest of conf/spark-defaults.conf; deleted by stop),
# which the daemons read and scripts/spark-submit.sh passes (--properties-file) to every submission to this cluster;
# a submission without it cannot register with the Master. spark.io.encryption.enabled (shuffle and spill files on the
# executors' local disks) stays off: those disks belong to this machine's user, and it costs CPU on every shuffle; turn
# it on where executors' local disks are shared. The web UIs listen on 127.0.0.1 only and are not authenticated (see
# conf/spark-defaults.conf.template for spark.ui.filters where they must be exposed).
# Memory of each daemon JVM: SPARK_DAEMON_MEMORY (default 1g).
#
# How the Workers launch executors without a distribution: SPARK_HOME is jobs/target/spark-home, whose jars/ is
# empty; SPARK_DIST_CLASSPATH (which Spark's launcher appends to every executor's classpath) is the Spark classpath;
# SPARK_SCALA_VERSION is set (else the launcher looks for a Spark build tree); SPARK_LOCAL_IP=127.0.0.1 keeps the
# daemons, their web UIs and the executors on loopback. The application's classes come with the job jar.
set -euo pipefail
# shellcheck source=lib/spark-env.sh
. "$(dirname "$0")/lib/spark-env.sh"

STATE=$RS_CLUSTER_STATE
MASTER_PORT=${SPARK_MASTER_PORT:-7077}
MASTER_WEBUI_PORT=${SPARK_MASTER_WEBUI_PORT:-8080}
MASTER_URL=spark://127.0.0.1:$MASTER_PORT
MASTER_CLASS=org.apache.spark.deploy.master.Master
WORKER_CLASS=org.apache.spark.deploy.worker.Worker

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# pid_alive PIDFILE CLASS: prints the pid when the file names a live process running CLASS (a pid the system has
# since reused for something else does not count).
pid_alive() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- " $2 " || return 1
  echo "$pid"
}

# port_open PORT: something listens on 127.0.0.1:PORT.
port_open() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# write_secured_conf: the state directory's spark-defaults.conf, mode 600: conf/spark-defaults.conf as rendered, then
# authentication with a new random secret (256 bits) and network encryption.
write_secured_conf() {
  local secret tmp=$STATE/.spark-defaults.conf.tmp
  secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  [ ${#secret} -eq 64 ] || rs_die "could not read a secret from /dev/urandom"
  (
    umask 077
    rm -f "$tmp"
    {
      cat "$RS_SPARK_CONF/spark-defaults.conf"
      echo
      echo "# Written by scripts/local-cluster.sh start: this cluster's shared secret (a new one each start)."
      echo "spark.authenticate true"
      echo "spark.authenticate.secret $secret"
      echo "spark.network.crypto.enabled true"
      echo "spark.io.encryption.enabled false"
    } > "$tmp"
  )
  mv "$tmp" "$STATE/spark-defaults.conf"
}

# Fills PID_FILES with the recorded pid files: master.pid first, then worker-N.pid.
pid_files() {
  shopt -s nullglob
  PID_FILES=("$STATE"/master[.]pid "$STATE"/worker-*.pid)
  shopt -u nullglob
}

class_of() {
  case $(basename "$1") in
    master.pid) echo "$MASTER_CLASS" ;;
    *) echo "$WORKER_CLASS" ;;
  esac
}

# daemon NAME CLASS ARGS...: starts CLASS in the background, logging to NAME.log, its pid in NAME.pid.
daemon() {
  local name=$1 class=$2
  shift 2
  nohup java -Xmx"${SPARK_DAEMON_MEMORY:-1g}" "${RS_JAVA17_OPENS[@]}" \
      -Dlog4j2.configurationFile="$RS_SPARK_CONF/log4j2.properties" -cp "$SPARK_DIST_CLASSPATH" \
      "$class" "$@" > "$STATE/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/$name.pid"
}

# wait_for WHAT SECONDS PIDFILE COMMAND...: waits until COMMAND succeeds; fails when the process dies or time runs
# out, showing the end of its log.
wait_for() {
  local what=$1 seconds=$2 pidfile=$3 i
  shift 3
  for ((i = 0; i < seconds * 2; i++)); do
    if "$@"; then
      return 0
    fi
    if ! kill -0 "$(<"$pidfile")" 2> /dev/null; then
      tail -n 30 "${pidfile%.pid}.log" >&2
      rs_die "$(basename "${pidfile%.pid}") exited before $what (log: ${pidfile%.pid}.log); stopping"
    fi
    sleep 0.5
  done
  tail -n 30 "${pidfile%.pid}.log" >&2
  rs_die "no $what after ${seconds}s (log: ${pidfile%.pid}.log)"
}

# The number of live workers the Master reports on its web UI's JSON page (0 while it cannot be read).
alive_workers() {
  local n
  n=$(curl -s --max-time 2 "http://127.0.0.1:$MASTER_WEBUI_PORT/json/" | tr -d ' \n' |
      sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p')
  echo "${n:-0}"
}

alive_workers_at_least() {
  [ "$(alive_workers)" -ge "$1" ]
}

start() {
  local workers=${1:-1} cores=${2:-2}
  [[ $workers =~ ^[1-9][0-9]*$ ]] || rs_die "WORKERS must be a positive integer, got '$workers'"
  [[ $cores =~ ^[1-9][0-9]*$ ]] || rs_die "CORES must be a positive integer, got '$cores'"
  local f
  pid_files
  for f in ${PID_FILES[@]+"${PID_FILES[@]}"}; do
    if pid_alive "$f" "$(class_of "$f")" > /dev/null; then
      rs_die "a local cluster is already running (see: $0 status; stop it with: $0 stop)"
    fi
    rm -f "$f"
  done
  if port_open "$MASTER_PORT" || port_open "$MASTER_WEBUI_PORT"; then
    rs_die "port $MASTER_PORT or $MASTER_WEBUI_PORT on 127.0.0.1 is taken (set SPARK_MASTER_PORT / SPARK_MASTER_WEBUI_PORT)"
  fi

  SPARK_DIST_CLASSPATH=$(rs_spark_classpath)
  export SPARK_DIST_CLASSPATH
  rs_render_conf
  rs_spark_env
  export SPARK_LOCAL_IP=127.0.0.1
  mkdir -p "$STATE"

  # Whatever fails from here on (a daemon exits, a timeout), stop what was started.
  trap 'echo "start failed: stopping what was started" >&2; stop' EXIT
  write_secured_conf
  daemon master "$MASTER_CLASS" --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_WEBUI_PORT" \
      --properties-file "$STATE/spark-defaults.conf"
  wait_for "master on port $MASTER_PORT" 60 "$STATE/master.pid" port_open "$MASTER_PORT"
  wait_for "master web UI on port $MASTER_WEBUI_PORT" 30 "$STATE/master.pid" port_open "$MASTER_WEBUI_PORT"
  local i
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$STATE/work/worker-$i"
    daemon "worker-$i" "$WORKER_CLASS" "$MASTER_URL" --host 127.0.0.1 --cores "$cores" --memory 2g \
        --webui-port $((MASTER_WEBUI_PORT + i)) --work-dir "$STATE/work/worker-$i" \
        --properties-file "$STATE/spark-defaults.conf"
  done
  for ((i = 1; i <= workers; i++)); do
    wait_for "registration of $workers worker(s)" 90 "$STATE/worker-$i.pid" \
        alive_workers_at_least "$workers"
  done
  trap - EXIT
  echo "$RS_SPARK_LINE" > "$STATE/spark-line"
  echo "$MASTER_URL" > "$STATE/master-url"
  echo "Spark $RS_SPARK_LINE standalone cluster up: master $MASTER_URL (web UI http://127.0.0.1:$MASTER_WEBUI_PORT)," \
      "$workers worker(s) of $cores cores and 2g; authenticated and encrypted (secret in $STATE/spark-defaults.conf)"
  echo "Submit with: scripts/spark-submit.sh --spark $RS_SPARK_LINE --master $MASTER_URL CLASS [ARGS...]"
  status
}

# stop_one PIDFILE: TERM, then KILL after 30 s; then the executor processes it had started, if any outlived it.
stop_one() {
  local file=$1 name pid children child i
  name=$(basename "${file%.pid}")
  if ! pid=$(pid_alive "$file" "$(class_of "$file")"); then
    echo "$name: not running"
    rm -f "$file"
    return 0
  fi
  children=$(pgrep -P "$pid" || true)
  kill "$pid"
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2> /dev/null; then
    echo "$name ($pid) did not stop in 30 s: killing it" >&2
    kill -9 "$pid"
  fi
  for child in $children; do
    for ((i = 0; i < 20; i++)); do
      kill -0 "$child" 2> /dev/null || break
      sleep 0.5
    done
    if kill -0 "$child" 2> /dev/null; then
      echo "$name's executor $child outlived it: killing it" >&2
      kill -9 "$child"
    fi
  done
  rm -f "$file"
  echo "$name ($pid) stopped${children:+, with its executor(s) $(echo $children)}"
}

stop() {
  local f found= i
  pid_files
  # Workers first (each stops its executors), then the Master.
  for ((i = ${#PID_FILES[@]} - 1; i >= 0; i--)); do
    found=1
    stop_one "${PID_FILES[i]}"
  done
  [ -n "$found" ] || echo "no local cluster recorded in $STATE"
  rm -f "$STATE/master-url" "$STATE/spark-line" "$STATE/spark-defaults.conf"
  remove_jar_copies
}

# The job jar each executor copied into its work directory (150 MB per executor and application).
remove_jar_copies() {
  local copies
  shopt -s nullglob
  copies=("$STATE"/work/worker-*/app-*/*/*.jar)
  shopt -u nullglob
  if [ ${#copies[@]} -gt 0 ]; then
    rm -f "${copies[@]}"
    echo "removed ${#copies[@]} executor copies of application jars from $STATE/work"
  fi
}

status() {
  local f pid running=0 total=0 children
  pid_files
  for f in ${PID_FILES[@]+"${PID_FILES[@]}"}; do
    total=$((total + 1))
    if pid=$(pid_alive "$f" "$(class_of "$f")"); then
      running=$((running + 1))
      children=$(pgrep -P "$pid" | tr '\n' ' ' || true)
      printf '%-10s pid %-8s running%s\n' "$(basename "${f%.pid}")" "$pid" \
          "${children:+, executor pid(s) ${children% }}"
    else
      printf '%-10s pid %-8s not running\n' "$(basename "${f%.pid}")" "$(cat "$f")"
    fi
  done
  if [ "$total" -eq 0 ]; then
    echo "no local cluster recorded in $STATE"
    return 1
  fi
  [ -f "$STATE/master-url" ] && echo "master $(cat "$STATE/master-url") (Spark line $(cat "$STATE/spark-line" 2> /dev/null ||
      echo '?')), web UI http://127.0.0.1:$MASTER_WEBUI_PORT"
  [ "$running" -eq "$total" ]
}

case ${1:-} in
  --spark)
    [ $# -ge 2 ] || rs_die "--spark needs a value (3 or 4)"
    rs_spark_line "$2"
    shift 2
    ;;
  --spark=*)
    rs_spark_line "${1#--spark=}"
    shift
    ;;
esac
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
