#!/usr/bin/env bash
# The main job on the embedded default (Spark local mode): the quick Fashion-MNIST activation study.
# Fetches Fashion-MNIST if it is missing, builds the job jar if needed, prepares the shards, then trains the same
# MLP with the rational activation and each of the 15 fixed ones (2 seeds, 3 epochs on 6,000 images) and prints
# the table and where the plots are. About 10 minutes on 2 cores (plus the first build).
# Usage: scripts/run-embedded.sh [--spark 3|4] [--set key=value ...]   (e.g. --set study.seeds=1; see conf/README.md)
#   --spark 4 runs it on Spark 4.2 / Scala 2.13 (the -Pspark-4 job jar) instead of Spark 3.5.9.
# A finished study is never overwritten: a second run prints where the first one's results are.
set -euo pipefail
cd "$(dirname "$0")/.."
conf=conf/compare-fashion-mnist-quick.conf
out=runs/compare-fashion-mnist-quick
case ${1:-} in
  --spark)
    [ $# -ge 2 ] || { echo "run-embedded.sh: --spark needs a value (3 or 4)" >&2; exit 2; }
    export RATIONALSPARK_SPARK_LINE=$2 # scripts/spark-submit.sh's default line
    shift 2
    ;;
esac
for arg in "$@"; do
  case $arg in output.dir=*) out=${arg#output.dir=} ;; esac
done
if [ -f "$out/_FINISHED" ]; then
  echo "The quick study already finished in $out (it is never overwritten):"
  echo "  table: $out/compare.md   plots: $out/test-metric-per-epoch.png, $out/rational-curves.png"
  echo "To run it again, remove $out or pass --set output.dir=ANOTHER_DIR."
  exit 0
fi
scripts/fetch-data.sh data fashion-mnist
scripts/spark-submit.sh --master 'local[2]' io.rationalspark.jobs.prepare.PrepareJob --conf "$conf" "$@"
scripts/spark-submit.sh --master 'local[2]' io.rationalspark.jobs.study.CompareJob --conf "$conf" "$@"
