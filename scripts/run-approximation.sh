#!/usr/bin/env bash
# The function-approximation experiment alone: the param-efficiency job with study.approximation.only = true (no
# width study, no data needed), in Spark local mode. Small rational networks and ReLU, GELU and tanh networks fitted to
# the targets of study.approximation.targets on [-1, 1] (near-pole bumps, GELU, tanh, |x|, ...); writes
# approximation.md, approximation.csv, approximation-max-error-vs-parameters.png and, when |x| is a target,
# composition.md (the composition experiment). Each measurement is saved under approximation/ as it finishes.
# Usage: scripts/run-approximation.sh [quick|full] [--set key=value ...]
#   quick (default): conf/param-efficiency-quick.conf's experiment (bump-0.1 and |x|), about 2 minutes on 2 cores,
#                    into runs/approximation-quick
#   full:            conf/approximation.conf (the defaults: 378 measurements, about 6 hours on one core), into
#                    runs/approximation
# A finished run directory is never overwritten: pass --set output.dir=ANOTHER_DIR to run again. An unfinished one
# (stopped, killed, out of time) resumes: the same command reads its saved measurements back and trains the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=quick
if [ $# -gt 0 ] && [ "$1" != --set ]; then
  preset=$1
  shift
fi
case $preset in
  quick) conf=conf/param-efficiency-quick.conf; out=runs/approximation-quick ;;
  full) conf=conf/approximation.conf; out=runs/approximation ;;
  *) echo "unknown preset '$preset': expected quick or full" >&2; exit 2 ;;
esac
# one thread per native op: the networks are tiny, and extra threads only contend on a shared machine
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
exec scripts/spark-submit.sh --master 'local[1]' io.rationalspark.jobs.study.ParamEfficiencyJob --conf "$conf" \
  --set study.approximation.only=true --set "output.dir=$out" "$@"
