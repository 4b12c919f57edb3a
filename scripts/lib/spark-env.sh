# Sourced by scripts/spark-submit.sh, scripts/local-cluster.sh, scripts/local-hdfs.sh, scripts/local-yarn.sh and the
# scripts that use them:
# the Spark runtime a Spark distribution would provide, assembled from Maven (no distribution can be downloaded here),
# for either Spark line the build supports.
#
#   rs_spark_line LINE   chooses the Spark line: 3 (Spark 3.5.9, Scala 2.12, the default build) or 4 (Spark 4.2.0,
#                        Scala 2.13, mvn -Pspark-4). Sourcing this file chooses $RATIONALSPARK_SPARK_LINE, else 3;
#                        the scripts' --spark LINE option exports it, so the scripts they call use the same line
#   rs_job_jar           builds the line's job jar if missing or older than a pom or main source: 3
#                        jobs/target/rationalspark-jobs.jar, 4 jobs/target/spark-4/rationalspark-jobs-spark4.jar
#   rs_spark_classpath   the line's Spark/Hadoop classpath (jobs/spark-runtime/pom.xml), resolved once into
#                        spark-classpath.txt beside the job jar
#   rs_local_hadoop_classpath
#                        Hadoop's mini clusters (HDFS, YARN) for scripts/local-hdfs.sh and scripts/local-yarn.sh
#                        (jobs/spark-runtime/pom.xml -Plocal-hadoop), resolved once into jobs/target/hadoop-classpath.txt
#   rs_pid_of, rs_stop_pid
#                        the local HDFS's and YARN's background process: is it (still) ours, and stop it
#   rs_java17_opens      the parent pom's spark.java17.opens, as an array RS_JAVA17_OPENS
#   rs_render_conf       conf/spark-defaults.conf and conf/log4j2.properties (or their .template) into
#                        jobs/target/spark-conf/ (the same for both lines)
#   rs_spark_env         exports SPARK_HOME (a directory with an empty jars/), SPARK_SCALA_VERSION (the Scala of the
#                        resolved classpath), SPARK_CONF_DIR
#
# RS_CLUSTER_STATE is where scripts/local-cluster.sh keeps its cluster's pids, logs and line: runs/local-cluster, or
# $RATIONALSPARK_LOCAL_CLUSTER_DIR (the job-jar test starts its own cluster there). RS_YARN_STATE is scripts/local-yarn.sh's:
# runs/local-yarn, or $RATIONALSPARK_LOCAL_YARN_DIR. With RATIONALSPARK_JOB_JAR_AS_IS=1
# a missing or outdated job jar is an error instead of a build (the test runs inside a Maven build).

RS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RS_SPARK_HOME=$RS_ROOT/jobs/target/spark-home
RS_SPARK_CONF=$RS_ROOT/jobs/target/spark-conf
RS_CLUSTER_STATE=${RATIONALSPARK_LOCAL_CLUSTER_DIR:-$RS_ROOT/runs/local-cluster}
RS_YARN_STATE=${RATIONALSPARK_LOCAL_YARN_DIR:-$RS_ROOT/runs/local-yarn}

# rs_spark_line LINE: RS_SPARK_LINE, the Maven profiles of its build (RS_MVN_PROFILES), its job jar (RS_JOB_JAR) and
# classpath file (RS_SPARK_CP_FILE).
rs_spark_line() {
  case $1 in
    3)
      RS_MVN_PROFILES=()
      RS_JOB_JAR=$RS_ROOT/jobs/target/rationalspark-jobs.jar
      ;;
    4)
      RS_MVN_PROFILES=(-Pspark-4)
      RS_JOB_JAR=$RS_ROOT/jobs/target/spark-4/rationalspark-jobs-spark4.jar
      ;;
    *) rs_die "unknown Spark line '$1': 3 (Spark 3.5, Scala 2.12) or 4 (Spark 4.x, Scala 2.13)" ;;
  esac
  RS_SPARK_LINE=$1
  export RATIONALSPARK_SPARK_LINE=$1
  RS_SPARK_CP_FILE=$(dirname "$RS_JOB_JAR")/spark-classpath.txt
}

rs_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# Maven, quiet, with its stdout on stderr: callers capture stdout (and Maven 3.8 prints ANSI resets there even in
# batch mode).
rs_mvn() {
  (cd "$RS_ROOT" && mvn -B -q "$@") >&2
}

# rs_stale FILE PATH...: true when FILE is missing or any file under the PATHs is newer than it.
rs_stale() {
  local file=$1
  shift
  [ ! -s "$file" ] || [ -n "$(find "$@" -newer "$file" -print -quit 2>/dev/null)" ]
}

# The parent pom's <name>value</name> (single-line properties only).
rs_pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$RS_ROOT/pom.xml" | head -n 1
}

rs_job_jar() {
  if rs_stale "$RS_JOB_JAR" "$RS_ROOT"/pom.xml "$RS_ROOT"/*/pom.xml "$RS_ROOT"/*/src/main; then
    [ "${RATIONALSPARK_JOB_JAR_AS_IS:-0}" != 1 ] ||
      rs_die "$RS_JOB_JAR is missing or older than a pom or main source (RATIONALSPARK_JOB_JAR_AS_IS=1: not building it)"
    echo "Building $RS_JOB_JAR (mvn ${RS_MVN_PROFILES[*]} package -pl jobs -am, tests skipped; ≈1-2 min)..." >&2
    rs_mvn ${RS_MVN_PROFILES[@]+"${RS_MVN_PROFILES[@]}"} -DskipTests -pl jobs -am package
    [ -s "$RS_JOB_JAR" ] || rs_die "the build did not produce $RS_JOB_JAR"
  fi
}

rs_spark_classpath() {
  if rs_stale "$RS_SPARK_CP_FILE" "$RS_ROOT/pom.xml" "$RS_ROOT/jobs/spark-runtime/pom.xml"; then
    echo "Resolving the Spark $RS_SPARK_LINE runtime classpath (jobs/spark-runtime/pom.xml) into $RS_SPARK_CP_FILE..." >&2
    mkdir -p "$(dirname "$RS_SPARK_CP_FILE")"
    rs_mvn -f jobs/spark-runtime/pom.xml ${RS_MVN_PROFILES[@]+"${RS_MVN_PROFILES[@]}"} dependency:build-classpath \
        -DincludeScope=provided \
        -Dmdep.outputFile="$RS_SPARK_CP_FILE"
    [ -s "$RS_SPARK_CP_FILE" ] || rs_die "could not resolve the Spark classpath into $RS_SPARK_CP_FILE"
    touch "$RS_SPARK_CP_FILE" # the plugin leaves an unchanged file as it was, old timestamp included
  fi
  cat "$RS_SPARK_CP_FILE"
}

# rs_pid_of PIDFILE TEXT: prints the pid in PIDFILE when it names a live process whose command line contains TEXT (a
# pid the system has since given to another process does not count).
rs_pid_of() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -q -- "$2" || return 1
  echo "$pid"
}

# rs_stop_pid NAME PID SECONDS: SIGTERM, then SIGKILL if PID still runs after SECONDS.
rs_stop_pid() {
  local i
  kill "$2" 2> /dev/null || return 0
  for ((i = 0; i < 2 * $3; i++)); do
    kill -0 "$2" 2> /dev/null || return 0
    sleep 0.5
  done
  echo "$1 ($2) did not stop in $3 s: killing it" >&2
  kill -9 "$2" 2> /dev/null || true
}

rs_local_hadoop_classpath() {
  local file=$RS_ROOT/jobs/target/hadoop-classpath.txt
  if rs_stale "$file" "$RS_ROOT/pom.xml" "$RS_ROOT/jobs/spark-runtime/pom.xml"; then
    echo "Resolving Hadoop's mini clusters (jobs/spark-runtime/pom.xml -Plocal-hadoop) into $file..." >&2
    mkdir -p "$(dirname "$file")"
    rs_mvn -f jobs/spark-runtime/pom.xml -Plocal-hadoop dependency:build-classpath -DincludeScope=provided \
        -Dmdep.outputFile="$file"
    [ -s "$file" ] || rs_die "could not resolve the local Hadoop classpath into $file"
    touch "$file" # the plugin leaves an unchanged file as it was, old timestamp included
  fi
  cat "$file"
}

rs_java17_opens() {
  local opens
  opens=$(rs_pom_property spark.java17.opens)
  [ -n "$opens" ] || rs_die "no <spark.java17.opens> property in $RS_ROOT/pom.xml"
  read -r -a RS_JAVA17_OPENS <<< "$opens"
}

# rs_render TEMPLATE_BASENAME: conf/NAME if present, else conf/NAME.template, placeholders filled, into
# jobs/target/spark-conf/NAME.
rs_render() {
  local name=$1 source=$RS_ROOT/conf/$1 text
  [ -f "$source" ] || source=$RS_ROOT/conf/$1.template
  [ -f "$source" ] || rs_die "neither conf/$name nor conf/$name.template exists"
  text=$(<"$source")
  text=${text//@SPARK_JAVA17_OPENS@/${RS_JAVA17_OPENS[*]}}
  text=${text//@LOG4J2_CONF@/$RS_SPARK_CONF/log4j2.properties}
  mkdir -p "$RS_SPARK_CONF"
  printf '%s\n' "$text" > "$RS_SPARK_CONF/$name"
}

rs_render_conf() {
  rs_java17_opens
  rs_render spark-defaults.conf
  rs_render log4j2.properties
}

rs_spark_env() {
  mkdir -p "$RS_SPARK_HOME/jars"
  export SPARK_HOME=$RS_SPARK_HOME
  # Spark's launcher needs it (else it looks for a Spark build tree): the Scala of the classpath's scala-library.
  SPARK_SCALA_VERSION=$(rs_spark_classpath | tr ':' '\n' | sed -n 's:.*/scala-library-\([0-9]*\.[0-9]*\)\.[^/]*\.jar$:\1:p' |
      head -n 1)
  [ -n "$SPARK_SCALA_VERSION" ] || rs_die "no scala-library jar in the Spark classpath $RS_SPARK_CP_FILE"
  export SPARK_SCALA_VERSION
  export SPARK_CONF_DIR=$RS_SPARK_CONF
}

rs_spark_line "${RATIONALSPARK_SPARK_LINE:-3}"
