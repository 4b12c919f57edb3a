#!/usr/bin/env bash
# One epoch of the same small rational CNN three ways — single-process fit, our model-averaging trainer in
# local[2], dl4j-spark's ParameterAveragingTrainingMaster in local[2] — and the ratios docs/benchmarks.md records.
# Usage: scripts/bench-trainer.sh [examples [k [batch]]]   (defaults 60000 5 32; about 5 minutes on 2 quiet cores)
#        scripts/bench-trainer.sh rounds [R [LEVEL]]         does round R - 100 cost what round 10 does? (one run of R
#                                                             rounds, default 2100, storage level default MEMORY_ONLY;
#                                                             RoundCostBenchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl spark-training -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
cp="spark-training/target/test-classes:spark-training/target/classes:rational-layers/target/classes"
cp="$cp:$(cat spark-training/target/bench.classpath)"
main=io.rationalspark.training.bench.TrainerBenchmark
if [ "${1:-}" = rounds ]; then
  main=io.rationalspark.training.bench.RoundCostBenchmark
  shift
fi
# shellcheck disable=SC2086
exec java -Xmx6g $opens -cp "$cp" "$main" "$@"
