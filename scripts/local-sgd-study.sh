#!/usr/bin/env bash
# The local-SGD study (LocalSgdStudyJob) in Spark local mode with 4 task slots (its largest worker count): how much
# accuracy model averaging costs against single-process training, and what an outer optimizer (DiLoCo's Nesterov,
# SlowMo) buys back. Fetches Fashion-MNIST and prepares its shards if needed.
# Usage: scripts/local-sgd-study.sh [quick|full] [--set key=value ...]
#   quick: conf/local-sgd-study-quick.conf (1 epoch, 4 workers, k in {1, 20}, 21 runs)
#   full:  conf/local-sgd-study.conf (3 epochs, 2 and 4 workers, k in {1, 5, 20, 50}, 75 runs)
# Resumable: finished runs are read back, never retrained. --set output.stopAfter=50m starts no new run after 50
# minutes and writes the report of the runs done so far; the same command continues the study later.
# Durations on the 2-vCPU development VM are in docs/results.md ("Local SGD").
set -euo pipefail
cd "$(dirname "$0")/.."
preset=quick
if [ $# -gt 0 ] && [[ $1 != --* ]]; then preset=$1; shift; fi
case $preset in
  quick) conf=conf/local-sgd-study-quick.conf ;;
  full) conf=conf/local-sgd-study.conf ;;
  *) echo "usage: $0 [quick|full] [--set key=value ...]" >&2; exit 2 ;;
esac
scripts/fetch-data.sh data fashion-mnist
scripts/spark-submit.sh --master 'local[4]' io.rationalspark.jobs.prepare.PrepareJob --conf "$conf" "$@"
scripts/spark-submit.sh --master 'local[4]' io.rationalspark.jobs.study.LocalSgdStudyJob --conf "$conf" "$@"
