#!/usr/bin/env bash
# Our spark-submit (no Spark distribution can be downloaded here): runs Spark's own SparkSubmit
# (org.apache.spark.deploy.SparkSubmit, what bin/spark-submit runs) from the Maven-resolved Spark runtime, with
# the job jar jobs/target/rationalspark-jobs.jar as the application.
#
# Usage: scripts/spark-submit.sh [SPARK-SUBMIT OPTIONS] CLASS [ARGS...]
#   e.g. scripts/spark-submit.sh --master 'local[2]' io.rationalspark.jobs.demo.RationalDemo 5
#        scripts/spark-submit.sh --master spark://127.0.0.1:7077 --conf spark.executor.cores=1 \
#            io.rationalspark.jobs.ClusterCheck
#
# Options are spark-submit's (--master M, --conf k=v, --name N, --driver-memory 4g, --executor-memory 2g,
# --total-executor-cores N, --deploy-mode, --verbose, ...), given before CLASS; --master defaults to local[*].
# The main class is the first argument that is not an option (do not pass --class).
#
# What it does: builds the job jar if it is missing or older than a pom or a main source; resolves the Spark/Hadoop
# classpath once (jobs/target/spark-classpath.txt); renders conf/spark-defaults.conf[.template] and
# conf/log4j2.properties[.template] into jobs/target/spark-conf/ (SPARK_CONF_DIR), which give the driver and the
# executors the Java 17 --add-opens of the parent pom; then runs, as the client-mode driver JVM,
#   java -Xmx<driver memory> <Java 17 opens> -Dlog4j2.configurationFile=... -cp <spark classpath>
#        org.apache.spark.deploy.SparkSubmit --class CLASS [OPTIONS] jobs/target/rationalspark-jobs.jar [ARGS]
# Driver memory: --driver-memory, else $SPARK_DRIVER_MEMORY, else 2g; other options of the driver JVM: $SPARK_SUBMIT_OPTS
# (as with bin/spark-submit; --driver-java-options only reaches drivers started in cluster deploy mode). With a local
# master, or a standalone master on 127.0.0.1/localhost, the driver binds to 127.0.0.1 (SPARK_LOCAL_IP, unless set).
#
# With a real Spark 3.5 installation instead (same jar, same class; build the jar with `mvn -DskipTests package`):
#   $SPARK_HOME/bin/spark-submit --master spark://HOST:7077 --class CLASS \
#       --properties-file jobs/target/spark-conf/spark-defaults.conf jobs/target/rationalspark-jobs.jar [ARGS]
# (the rendered spark-defaults.conf holds the Java 17 options; its log4j2 path is valid on this machine only).
set -euo pipefail
# shellcheck source=lib/spark-env.sh
. "$(dirname "$0")/lib/spark-env.sh"

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

options=()
master=
driver_memory=${SPARK_DRIVER_MEMORY:-2g}
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help)
      usage
      exit 0
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
        --driver-memory=*) driver_memory=${1#--driver-memory=} ;;
      esac
      options+=("$1")
      shift
      ;;
    --* | -c)
      [ $# -ge 2 ] || rs_die "$1 needs a value"
      case $1 in
        --master) master=$2 ;;
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
