#!/usr/bin/env bash
# The quick activation study (conf/compare-fashion-mnist-quick.conf: 16 activations × 2 seeds, 3 epochs) in Spark local
# mode (local[2]) and on the local YARN cluster (client mode, 2 executors of 1 core: the same 2 workers), its shards on
# that cluster's HDFS for both; then checks that every run's test accuracy and loss are the same, and prints the wall
# time of each study and the ratio YARN / local. About 5 minutes for the local study and 6 for the YARN one on the idle
# 2-vCPU VM (the YARN one starts executors in containers and ships them the job jar once).
#
# Usage: scripts/compare-yarn-local.sh [--spark 3|4] [OUT_DIR]      default OUT_DIR runs/yarn-local
# (the studies' output directories are file:// URIs: with the local YARN's HADOOP_CONF_DIR a path without a scheme
# would be on its HDFS)
# Starts scripts/local-yarn.sh if it is not running (and stops it again at the end); writes OUT_DIR/compare-local/ and
# OUT_DIR/compare-yarn/ (each a complete study: compare.md, runs.csv, plots), their logs and OUT_DIR/times.tsv.
# Refuses an OUT_DIR that already holds times.tsv.
set -euo pipefail
# shellcheck source=lib/spark-env.sh
. "$(dirname "$0")/lib/spark-env.sh"
cd "$RS_ROOT"
if [ "${1:-}" = --spark ]; then
  [ $# -ge 2 ] || rs_die "--spark needs a value (3 or 4)"
  rs_spark_line "$2"
  shift 2
fi
out=${1:-runs/yarn-local}
conf=conf/compare-fashion-mnist-quick.conf
if [ -e "$out/times.tsv" ]; then
  rs_die "$out already holds a comparison ($out/times.tsv); give another OUT_DIR"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

started_yarn=0
cleanup() {
  if [ "$started_yarn" = 1 ]; then
    scripts/local-yarn.sh stop > /dev/null || echo "compare-yarn-local.sh: scripts/local-yarn.sh stop failed" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

scripts/fetch-data.sh data fashion-mnist
if ! scripts/local-yarn.sh status > /dev/null; then
  scripts/local-yarn.sh start
  started_yarn=1
fi
hdfs=$(<"$RS_YARN_STATE/uri")
shards=(--set "data.train=$hdfs/yarn-local/fashion-mnist/train" --set "data.test=$hdfs/yarn-local/fashion-mnist/test")
scripts/spark-submit.sh --master 'local[2]' io.rationalspark.jobs.prepare.PrepareJob --conf "$conf" "${shards[@]}" \
    > "$out/prepare.log" 2>&1 || { tail -n 30 "$out/prepare.log" >&2; exit 1; }

printf 'where\twall_seconds\n' > "$out/times.tsv.partial"
for where in local yarn; do
  if [ "$where" = local ]; then
    master=(--master 'local[2]')
  else
    master=(--master yarn --deploy-mode client --num-executors 2 --executor-cores 1 --executor-memory 1g)
  fi
  start=$(date +%s.%N)
  scripts/spark-submit.sh "${master[@]}" io.rationalspark.jobs.study.CompareJob --conf "$conf" "${shards[@]}" \
      --set trainer.workers=2 --set output.dir="file://$out/compare-$where" > "$out/compare-$where.log" 2>&1 ||
      { tail -n 30 "$out/compare-$where.log" >&2; exit 1; }
  end=$(date +%s.%N)
  [ -s "$out/compare-$where/runs.csv" ] || rs_die "the $where study wrote no $out/compare-$where/runs.csv"
  printf '%s\t%.1f\n' "$where" "$(echo "$end - $start" | bc)" | tee -a "$out/times.tsv.partial"
done
mv "$out/times.tsv.partial" "$out/times.tsv"

# runs.csv's first five columns: activation, seed, parameters, test accuracy, test loss.
runs=$(($(wc -l < "$out/compare-local/runs.csv") - 1))
if diff <(cut -d, -f1-5 "$out/compare-local/runs.csv") <(cut -d, -f1-5 "$out/compare-yarn/runs.csv"); then
  echo "test accuracy and loss of all $runs runs identical in local mode and on YARN: yes"
  same=yes
else
  echo "test accuracy and loss of the $runs runs identical in local mode and on YARN: NO (the lines above differ)"
  same=no
fi
awk -F'\t' 'NR > 1 { t[$1] = $2 } END { printf "YARN / local wall time = %.3f (%.1f s / %.1f s)\n", t["yarn"] / t["local"], t["yarn"], t["local"] }' \
    "$out/times.tsv"
[ "$same" = yes ]
