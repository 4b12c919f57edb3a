#!/usr/bin/env bash
# A real YARN cluster with its HDFS on this machine, on loopback only: Hadoop's MiniYARNCluster (a resource manager and
# NODES node managers) and MiniDFSCluster (a name node and a data node), both in one background Java process
# (jobs/src/test/java/io/rationalspark/jobs/LocalYarn.java, run with Java's source launcher; Hadoop 3.3.4 from Maven,
# jobs/spark-runtime/pom.xml -Plocal-hadoop). Applications of either Spark line can be submitted to it.
#
# Usage: scripts/local-yarn.sh start [NODES [MEMORY_MB [VCORES]]]
#                                     NODES node managers (default 2) of MEMORY_MB (default 6144) and VCORES (default 4)
#        scripts/local-yarn.sh stop   stops exactly the process started here (its running applications die with it)
#        scripts/local-yarn.sh status
# Then: scripts/spark-submit.sh [--spark 3|4] --master yarn [--deploy-mode client|cluster] CLASS [ARGS...]
# (spark-submit.sh finds this cluster's HADOOP_CONF_DIR and settings by itself while it runs; see its header).
#
# State under runs/local-yarn/ (git-ignored; another directory with RATIONALSPARK_LOCAL_YARN_DIR), all of it
# recreated at each start:
#   hadoop-conf/        the HADOOP_CONF_DIR of a submission: core-site.xml (fs.defaultFS, the HDFS) and yarn-site.xml
#                       (the resource manager's addresses)
#   uri                 the HDFS URI, hdfs://127.0.0.1:PORT (written once the cluster is up; use it in job configs:
#                       --set data.train=$(cat runs/local-yarn/uri)/rs/fashion-mnist/train)
#   spark-defaults.conf what a submission to this cluster gets (--properties-file): conf/spark-defaults.conf rendered,
#                       plus spark.authenticate and spark.network.crypto.enabled (YARN gives each application a secret
#                       of its own: nothing to share) and SPARK_LOCAL_IP=127.0.0.1 for the containers' JVMs
#   nm-log-dirs         the node managers' log directories, one per line: application_*/container_*/{stdout,stderr}
#                       of each container (a cluster-mode driver's output is in its first container, _000001)
#   yarn.pid, yarn.log  the process and its log; cluster/ its HDFS blocks and the node managers' directories
# The node managers start containers as this user with $JAVA_HOME/bin/java (JAVA_HOME: from `java` on the PATH unless
# set). Memory of the cluster's JVM: LOCAL_YARN_MEMORY (default 1g); the containers are JVMs of their own.
set -euo pipefail
# shellcheck source=lib/spark-env.sh
. "$(dirname "$0")/lib/spark-env.sh"

STATE=$RS_YARN_STATE
PIDFILE=$STATE/yarn.pid
MAIN=$RS_ROOT/jobs/src/test/java/io/rationalspark/jobs/LocalYarn.java

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# Prints the pid when yarn.pid names a live LocalYarn process.
running_pid() {
  rs_pid_of "$PIDFILE" "LocalYarn.java"
}

start() {
  local nodes=${1:-2} memory=${2:-6144} vcores=${3:-4} classpath pid i
  for value in "$nodes" "$memory" "$vcores"; do
    [[ $value =~ ^[1-9][0-9]*$ ]] || rs_die "NODES, MEMORY_MB and VCORES are positive numbers, got '$value'"
  done
  if pid=$(running_pid); then
    rs_die "YARN is already running (pid $pid, HDFS $(cat "$STATE/uri" 2> /dev/null || echo 'starting'))"
  fi
  if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME
  fi
  [ -x "$JAVA_HOME/bin/java" ] || rs_die "JAVA_HOME=$JAVA_HOME has no bin/java (the node managers start containers with it)"
  classpath=$(rs_local_hadoop_classpath)
  rs_render_conf
  mkdir -p "$STATE"
  rm -rf "$STATE/hadoop-conf" "$STATE/uri" "$STATE/nm-log-dirs" "$STATE/spark-defaults.conf"
  # shellcheck disable=SC2086 # the opens are separate words
  (cd "$STATE" || exit 1
    nohup java -Xmx"${LOCAL_YARN_MEMORY:-1g}" "${RS_JAVA17_OPENS[@]}" \
      -Dlog4j2.configurationFile="$RS_SPARK_CONF/log4j2.properties" -cp "$classpath" "$MAIN" "$STATE" \
      "$nodes" "$memory" "$vcores" > "$STATE/yarn.log" 2>&1 < /dev/null &
    echo $! > "$PIDFILE")
  for ((i = 0; i < 360; i++)); do
    if [ -s "$STATE/uri" ]; then
      write_spark_defaults
      echo "YARN up: $nodes node managers, HDFS $(cat "$STATE/uri"), HADOOP_CONF_DIR=$STATE/hadoop-conf (pid $(cat "$PIDFILE"); log $STATE/yarn.log)"
      return 0
    fi
    if ! kill -0 "$(<"$PIDFILE")" 2> /dev/null; then
      grep -v '^[[:space:]]*at ' "$STATE/yarn.log" | tail -n 20 >&2
      rm -f "$PIDFILE"
      rs_die "YARN exited before it was up (log: $STATE/yarn.log)"
    fi
    sleep 0.5
  done
  stop
  rs_die "YARN not up after 180 s (log: $STATE/yarn.log)"
}

write_spark_defaults() {
  local tmp=$STATE/spark-defaults.conf.tmp
  {
    cat "$RS_SPARK_CONF/spark-defaults.conf"
    echo
    echo "# scripts/local-yarn.sh: every application authenticates and encrypts its RPC and block transfers with a"
    echo "# secret YARN generates for it."
    echo "spark.authenticate true"
    echo "spark.network.crypto.enabled true"
    echo "# Containers run on this machine: the application master (a cluster-mode driver) and the executors bind to"
    echo "# loopback, as the cluster does (Spark would pick the machine's network address)."
    echo "spark.yarn.appMasterEnv.SPARK_LOCAL_IP 127.0.0.1"
    echo "spark.executorEnv.SPARK_LOCAL_IP 127.0.0.1"
  } > "$tmp"
  mv "$tmp" "$STATE/spark-defaults.conf"
}

stop() {
  local pid leftovers
  if ! pid=$(running_pid); then
    echo "YARN: not running"
    rm -f "$PIDFILE" "$STATE/uri"
    return 0
  fi
  rs_stop_pid YARN "$pid" 60
  # The node managers stop their containers when they stop; a container JVM left behind (the process killed) runs in
  # a directory under cluster/, which its command line names.
  leftovers=$(pgrep -f -- "$STATE/cluster/" || true)
  if [ -n "$leftovers" ]; then
    echo "YARN: stopping containers left behind: $(echo $leftovers)" >&2
    kill -9 $leftovers 2> /dev/null || true
  fi
  rm -f "$PIDFILE" "$STATE/uri" "$STATE/spark-defaults.conf"
  echo "YARN ($pid) stopped"
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "YARN pid $pid running, HDFS $(cat "$STATE/uri" 2> /dev/null || echo 'not up yet'), HADOOP_CONF_DIR=$STATE/hadoop-conf"
  else
    echo "YARN: not running"
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
