#!/usr/bin/env bash
# Our spark-submit (no Spark distribution can be downloaded here): runs Spark's own SparkSubmit
# (org.apache.spark.deploy.SparkSubmit, what bin/spark-submit runs) from the Maven-resolved Spark runtime, with
# the job jar jobs/target/rationalspark-jobs.jar as the application.
#
# Usage: scripts/spark-submit.sh [--spark 3|4] [SPARK-SUBMIT OPTIONS] CLASS [ARGS...]
#   e.g. scripts/spark-submit.sh --master 'local[2]' io.rationalspark.jobs.demo.RationalDemo 5
#        scripts/spark-submit.sh --master spark://127.0.0.1:7077 --conf spark.executor.cores=1 \
#            io.rationalspark.jobs.ClusterCheck
#        scripts/spark-submit.sh --spark 4 --master 'local[2]' io.rationalspark.jobs.ClusterCheck
#
# --spark LINE: the Spark line, 3 (default: Spark 3.5.9 / Scala 2.12, jobs/target/rationalspark-jobs.jar) or 4 (Spark
# 4.2.0 / Scala 2.13, jobs/target/spark-4/rationalspark-jobs-spark4.jar, built with -Pspark-4); the default comes from
# $RATIONALSPARK_SPARK_LINE. Submitting to the cluster of scripts/local-cluster.sh with another line than it runs is
# refused (the two lines' RPC does not interoperate).
# Options are spark-submit's (--master M, --conf k=v, --name N, --driver-memory 4g, --executor-memory 2g,
# --total-executor-cores N, --deploy-mode, --verbose, ...), given before CLASS; --master defaults to local[*].
# The main class is the first argument that is not an option (do not pass --class).
#
# What it does: builds the line's job jar if it is missing or older than a pom or a main source; resolves its
# Spark/Hadoop classpath once (spark-classpath.txt beside the jar); renders conf/spark-defaults.conf[.template] and
# conf/log4j2.properties[.template] into jobs/target/spark-conf/ (SPARK_CONF_DIR), which give the driver and the
# executors the Java 17 --add-opens of the parent pom; then runs, as the client-mode driver JVM,
#   java -Xmx<driver memory> <Java 17 opens> -Dlog4j2.configurationFile=... -cp <spark classpath>
#        org.apache.spark.deploy.SparkSubmit --class CLASS [OPTIONS] JOB-JAR [ARGS]
# Driver memory: --driver-memory, else $SPARK_DRIVER_MEMORY, else 2g; other options of the driver JVM: $SPARK_SUBMIT_OPTS
# (as with bin/spark-submit; --driver-java-options only reaches drivers started in cluster deploy mode). With a local
# master, or a standalone master on 127.0.0.1/localhost, the driver binds to 127.0.0.1 (SPARK_LOCAL_IP, unless set).
#
# With a real Spark installation instead (same class; build the jar with `mvn -DskipTests package`, for Spark 4 with
# `mvn -Pspark-4 -DskipTests package`):
#   $SPARK_HOME/bin/spark-submit --master spark://HOST:7077 --class CLASS \
#       --properties-file jobs/target/spark-conf/spark-defaults.conf JOB-JAR [ARGS]
# (the rendered spark-defaults.conf holds the Java 17 options; its log4j2 path is valid on this machine only).
#
# Submitting to the cluster of scripts/local-cluster.sh (the master URL it recorded), the driver gets that cluster's
# spark-defaults.conf (--properties-file): the rendered defaults plus the cluster's secret, so that it authenticates and
# encrypts as the cluster does. A --properties-file of your own replaces it, and must then carry
# spark.authenticate=true and the secret (the cluster refuses the application otherwise).
set -euo pipefail
# shellcheck source=lib/spark-env.sh
. "$(dirname "$0")/lib/spark-env.sh"

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

options=()
master=
properties_file=
driver_memory=${SPARK_DRIVER_MEMORY:-2g}
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    --spark | --spark=*)
      if [ "$1" = --spark ]; then
        [ $# -ge 2 ] || rs_die "--spark needs a value (3 or 4)"
        rs_spark_line "$2"
        shift 2
      else
        rs_spark_line "${1#--spark=}"
        shift
      fi
      ;;
    --class | --class=*)
      rs_die "give the main class as the first argument after the options, not with --class"
      ;;
    -v | --verbose | --supervise | --version)
      options+=("$1")
      shift
      ;;
    --*=*)
      case $1 in
        --master=*) master=${1#--master=} ;;
        --properties-file=*) properties_file=${1#--properties-file=} ;;
        --driver-memory=*) driver_memory=${1#--driver-memory=} ;;
      esac
      options+=("$1")
      shift
      ;;
    --* | -c)
      [ $# -ge 2 ] || rs_die "$1 needs a value"
      case $1 in
        --master) master=$2 ;;
        --properties-file) properties_file=$2 ;;
        --driver-memory) driver_memory=$2 ;;
      esac
      options+=("$1" "$2")
      shift 2
      ;;
    -*)
      rs_die "unknown option '$1' (see --help)"
      ;;
    *)
      break
      ;;
  esac
done
if [ $# -eq 0 ]; then
  usage >&2
  exit 2
fi
main_class=$1
shift

# The local cluster records the line it runs (scripts/local-cluster.sh start --spark LINE).
cluster_state=$RS_CLUSTER_STATE
if [ -n "$master" ] && [ -f "$cluster_state/master-url" ] && [ "$master" = "$(<"$cluster_state/master-url")" ] &&
    [ -f "$cluster_state/spark-line" ] && [ "$(<"$cluster_state/spark-line")" != "$RS_SPARK_LINE" ]; then
  rs_die "the local cluster at $master runs Spark line $(<"$cluster_state/spark-line"), this submission line" \
      "$RS_SPARK_LINE: pass --spark $(<"$cluster_state/spark-line") (or restart the cluster with --spark $RS_SPARK_LINE)"
fi

# The local cluster authenticates with the secret in its spark-defaults.conf.
if [ -n "$master" ] && [ -f "$cluster_state/master-url" ] && [ "$master" = "$(<"$cluster_state/master-url")" ] &&
    [ -f "$cluster_state/spark-defaults.conf" ] && [ -z "$properties_file" ]; then
  options+=(--properties-file "$cluster_state/spark-defaults.conf")
fi

rs_job_jar
spark_classpath=$(rs_spark_classpath)
rs_render_conf
rs_spark_env

case $master in
  "" | local | local\[* | spark://127.0.0.1:* | spark://localhost:*)
    export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
    ;;
esac

read -r -a submit_opts <<< "${SPARK_SUBMIT_OPTS:-}"
exec java -Xmx"$driver_memory" "${RS_JAVA17_OPENS[@]}" -Dlog4j2.configurationFile="$RS_SPARK_CONF/log4j2.properties" \
    ${submit_opts[@]+"${submit_opts[@]}"} -cp "$spark_classpath" org.apache.spark.deploy.SparkSubmit \
    --class "$main_class" ${options[@]+"${options[@]}"} "$RS_JOB_JAR" "$@"
