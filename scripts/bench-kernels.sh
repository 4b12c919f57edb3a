#!/usr/bin/env bash
# Times forward+backward of the rational kernels against DL4J's ReLU with JMH and prints the table that
# docs/benchmarks.md records. Usage: scripts/bench-kernels.sh [--quick]   (takes about 2 minutes; --quick ~30 s)
#
# scripts/bench-kernels.sh training [DATA_DIR [IMAGES [REPS [mlp|lenet]]]]: one epoch of the quick MLP and LeNet with rational,
#   ReLU and tanh in one process (plain fit, no Spark), a warm-up epoch each then REPS interleaved repetitions, and
#   the table of epoch times and ratios to ReLU (target rational / ReLU <= 1.15). Defaults data/fashion-mnist, the
#   quick presets' 6,000 images, 3 repetitions (EpochCostBenchmark; needs scripts/fetch-data.sh first).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/spark-env.sh
rs_java17_opens # the parent pom's Java 17 flags, with --add-modules=jdk.incubator.vector for the kernel's SIMD path

# ---- training: the epoch-cost benchmark (jobs' test classpath) -------------------------------------------------
if [ "${1:-}" = training ]; then
  shift
  mvn -B -q -pl jobs -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
  cp="jobs/target/test-classes:jobs/target/classes:spark-training/target/classes:rational-layers/target/classes"
  cp="$cp:$(cat jobs/target/bench.classpath)"
  exec java -Xmx4g "${RS_JAVA17_OPENS[@]}" -cp "$cp" io.rationalspark.jobs.bench.EpochCostBenchmark "$@"
fi

# ---- default: the JMH kernel benchmark ------------------------------------------------------------------------
mvn -B -q -pl rational-layers -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="rational-layers/target/test-classes:rational-layers/target/classes:$(cat rational-layers/target/bench.classpath)"
exec java -Xmx2g "${RS_JAVA17_OPENS[@]}" -cp "$cp" io.rationalspark.layers.bench.RationalKernelBenchmark "$@"
