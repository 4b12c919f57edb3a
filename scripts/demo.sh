#!/usr/bin/env bash
# A one-minute demo without Spark: builds the project if needed, trains a small rational network on two
# interleaved spirals in this process and prints its learned activation.
# Usage: scripts/demo.sh [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=jobs/target/classpath.txt
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$stamp" -print -quit)" ]; then
  echo "Building (mvn package, tests skipped)..." >&2
  # includeScope (not mdep.includeScope) keeps Spark and its log4j2 binding off this classpath: slf4j-simple is the
  # only SLF4J provider. The job jar is not needed here (jobjar.skip). Maven's stdout goes to stderr.
  mvn -B -q -DskipTests -Djobjar.skip=true package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime >&2
  touch "$stamp" # the plugin leaves an unchanged file as it was, old timestamp included
fi
. scripts/lib/spark-env.sh
rs_java17_opens # includes --add-modules=jdk.incubator.vector, the rational kernel's SIMD path
exec java -Xmx2g "${RS_JAVA17_OPENS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "jobs/target/classes:$(cat "$stamp")" io.rationalspark.jobs.demo.RationalDemo "$@"
