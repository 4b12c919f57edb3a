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
#        scripts/spark-submit.sh --master yarn --deploy-mode cluster --num-executors 2 io.rationalspark.jobs.ClusterCheck
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
# YARN (--master yarn, --deploy-mode client or cluster): HADOOP_CONF_DIR (or YARN_CONF_DIR) names the directory of the
# cluster's core-site.xml and yarn-site.xml; unset, it is the one of scripts/local-yarn.sh while that runs. Both are
# put on the driver's classpath (as bin/spark-submit does). The containers need the Spark runtime: unless
# spark.yarn.jars or spark.yarn.archive is given (--conf), it is this line's Spark classpath, as local: paths for the
# local YARN (its node managers share this file system) and uploaded to the application's staging directory for any
# other cluster (≈300 MB per submission: better, put a zip of those jars on HDFS once and pass spark.yarn.archive, or
# use the cluster's own spark-submit). Unless given, spark.executorEnv.OMP_NUM_THREADS is the executor's cores
# (--executor-cores or spark.executor.cores, default 1) and, in cluster mode, spark.yarn.appMasterEnv.OMP_NUM_THREADS
# the driver's (--driver-cores or spark.driver.cores, default 1): ND4J would otherwise run one thread per core of the
# node in every container. Submitting to the local YARN, the driver gets its spark-defaults.conf (--properties-file:
# the rendered defaults plus spark.authenticate and network encryption; YARN generates each application's secret) and
# binds to 127.0.0.1.
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
deploy_mode=client
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
        --deploy-mode=*) deploy_mode=${1#--deploy-mode=} ;;
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
        --deploy-mode) deploy_mode=$2 ;;
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

# conf_value KEY [OPTION]: prints the last value the options give KEY (--conf KEY=V, --conf=KEY=V, -c KEY=V) or OPTION
# (--executor-cores V, --executor-cores=V); fails when they give none.
conf_value() {
  local option previous= value= found=1
  for option in ${options[@]+"${options[@]}"}; do
    case $previous/$option in
      --conf/"$1"=* | -c/"$1"=*) value=${option#*=} found=0 ;;
      */--conf="$1"=*) value=${option#--conf="$1"=} found=0 ;;
      *)
        if [ -n "${2:-}" ]; then
          case $previous/$option in
            "$2"/*) value=$option found=0 ;;
            */"$2"=*) value=${option#"$2"=} found=0 ;;
          esac
        fi
        ;;
    esac
    previous=$option
  done
  [ "$found" = 1 ] || echo "$value"
  return "$found"
}

local_host_only=0
case $master in
  "" | local | local\[* | spark://127.0.0.1:* | spark://localhost:*) local_host_only=1 ;;
  yarn)
    case $deploy_mode in
      client | cluster) ;;
      *) rs_die "--deploy-mode is client or cluster, got '$deploy_mode'" ;;
    esac
    if [ -z "${HADOOP_CONF_DIR:-}" ] && [ -z "${YARN_CONF_DIR:-}" ]; then
      [ -s "$RS_YARN_STATE/uri" ] || rs_die "--master yarn needs HADOOP_CONF_DIR (or YARN_CONF_DIR): the directory" \
          "of the cluster's core-site.xml and yarn-site.xml (scripts/local-yarn.sh start runs a YARN cluster here)"
      export HADOOP_CONF_DIR=$RS_YARN_STATE/hadoop-conf
    fi
    local_yarn=0
    if [ "${HADOOP_CONF_DIR:-}" = "$RS_YARN_STATE/hadoop-conf" ]; then
      [ -s "$RS_YARN_STATE/uri" ] || rs_die "HADOOP_CONF_DIR is the local YARN's ($HADOOP_CONF_DIR), which does not" \
          "run: scripts/local-yarn.sh start"
      local_yarn=1
      local_host_only=1
      [ -n "$properties_file" ] || options+=(--properties-file "$RS_YARN_STATE/spark-defaults.conf")
    fi
    if ! conf_value spark.yarn.jars > /dev/null && ! conf_value spark.yarn.archive > /dev/null; then
      if [ "$local_yarn" = 1 ]; then
        options+=(--conf "spark.yarn.jars=$(tr ':' '\n' <<< "$spark_classpath" | sed 's/^/local:/' | paste -sd, -)")
      else
        echo "spark-submit.sh: uploading the Spark $RS_SPARK_LINE runtime (spark.yarn.jars, $(tr ':' ' ' <<< "$spark_classpath" |
            xargs du -cm | tail -n 1 | cut -f1) MB) with this application; pass spark.yarn.archive to avoid it" >&2
        options+=(--conf "spark.yarn.jars=$(tr ':' ',' <<< "$spark_classpath")")
      fi
    fi
    conf_value spark.executorEnv.OMP_NUM_THREADS > /dev/null || options+=(--conf \
        "spark.executorEnv.OMP_NUM_THREADS=$(conf_value spark.executor.cores --executor-cores || echo 1)")
    if [ "$deploy_mode" = cluster ] && ! conf_value spark.yarn.appMasterEnv.OMP_NUM_THREADS > /dev/null; then
      options+=(--conf "spark.yarn.appMasterEnv.OMP_NUM_THREADS=$(conf_value spark.driver.cores --driver-cores || echo 1)")
    fi
    ;;
esac
if [ "$local_host_only" = 1 ]; then
  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
fi
# As bin/spark-submit: the Hadoop configuration directories on the driver's classpath.
for dir in "${YARN_CONF_DIR:-}" "${HADOOP_CONF_DIR:-}"; do
  [ -z "$dir" ] || spark_classpath=$dir:$spark_classpath
done

read -r -a submit_opts <<< "${SPARK_SUBMIT_OPTS:-}"
exec java -Xmx"$driver_memory" "${RS_JAVA17_OPENS[@]}" -Dlog4j2.configurationFile="$RS_SPARK_CONF/log4j2.properties" \
    ${submit_opts[@]+"${submit_opts[@]}"} -cp "$spark_classpath" org.apache.spark.deploy.SparkSubmit \
    --class "$main_class" ${options[@]+"${options[@]}"} "$RS_JOB_JAR" "$@"
