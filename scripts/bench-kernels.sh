#!/usr/bin/env bash
# Times forward+backward of the rational kernels against DL4J's ReLU with JMH and prints the table that
# docs/benchmarks.md records. Usage: scripts/bench-kernels.sh [--quick]   (takes about 2 minutes; --quick ~30 s)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl rational-layers -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="rational-layers/target/test-classes:rational-layers/target/classes:$(cat rational-layers/target/bench.classpath)"
exec java -Xmx2g -cp "$cp" io.rationalspark.layers.bench.RationalKernelBenchmark "$@"
