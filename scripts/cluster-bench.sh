#!/usr/bin/env bash
# The cluster benchmark (io.rationalspark.jobs.bench.ClusterBenchJob) on a real local standalone Spark cluster
# with an HDFS, all on 127.0.0.1: our model-averaging trainer and dl4j-spark's ParameterAveragingTrainingMaster
# over workers 1/2/4, averaging period k 1/5/20/50, data size ×1/×2/×4 and width ×1/×2/×4 (see the preset).
#
# Usage: scripts/cluster-bench.sh [CONF] [--set key=value ...]
#        CONF defaults to conf/cluster-bench-quick.conf; conf/cluster-bench.conf is the full LeNet / 60k run.
#
# What it does, in order: fetches Fashion-MNIST into data/ if it is missing (scripts/fetch-data.sh); starts an
# HDFS (scripts/local-hdfs.sh) on port $HDFS_PORT (default 8120); prepares the shards onto it with the prepare job
# (skipped when complete shards are there: the HDFS data survive in runs/local-hdfs/data); starts a standalone
# Master on $SPARK_MASTER_PORT (default 7177, web UI $SPARK_MASTER_WEBUI_PORT, default 8180) and $BENCH_WORKERS
# (default 4) Workers of one core each (scripts/local-cluster.sh), so every executor has one core; runs the
# benchmark through scripts/spark-submit.sh (which builds the job jar if needed); and stops the cluster and the
# HDFS by their pid files on exit, also when something fails or on Ctrl-C.
#
# Duration: the quick preset took 5 min 56 s in all (`time scripts/cluster-bench.sh conf/cluster-bench-quick.conf`,
# 2026-12-03, HDFS and cluster start-up, jar build and shard preparation included) on the otherwise idle 2-vCPU
# development machine (docs/benchmarks.md, "Cluster benchmark"); the full preset needs hours there (estimated, not run).
# Outputs: the preset's output.dir (runs/cluster-bench-quick/ or runs/cluster-bench/): results.md (table with
# ours/dl4j-spark ratios, targets, the fitted cost model and its marked predictions), results.csv, epoch-vs-*.png,
# points/*.json (one per point and engine: an interrupted run resumes from them), config.conf; the driver's log in
# runs/cluster-bench-logs/. A finished benchmark is never overwritten (pass --set output.dir=ANOTHER_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

conf=conf/cluster-bench-quick.conf
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  conf=$1
  shift
fi
[ -f "$conf" ] || { echo "cluster-bench.sh: no config file $conf" >&2; exit 2; }
case ${1:-} in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac

export SPARK_MASTER_PORT=${SPARK_MASTER_PORT:-7177}
export SPARK_MASTER_WEBUI_PORT=${SPARK_MASTER_WEBUI_PORT:-8180}
export SPARK_DAEMON_MEMORY=${SPARK_DAEMON_MEMORY:-512m}
HDFS_PORT=${HDFS_PORT:-8120}
WORKERS=${BENCH_WORKERS:-4}
name=$(basename "$conf" .conf)
logs=runs/cluster-bench-logs
mkdir -p "$logs"

started=$(date +%s)
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  echo "cluster-bench.sh: stopping the cluster and the HDFS"
  scripts/local-cluster.sh stop || true
  scripts/local-hdfs.sh stop || true
  echo "cluster-bench.sh: exit $rc after $(($(date +%s) - started)) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

scripts/fetch-data.sh data fashion-mnist

scripts/local-hdfs.sh start "$HDFS_PORT"
hdfs=$(cat runs/local-hdfs/uri)
shards=(--set "data.train=$hdfs/rationalspark/$name/train" --set "data.test=$hdfs/rationalspark/$name/test")

echo "cluster-bench.sh: preparing shards on $hdfs/rationalspark/$name"
scripts/spark-submit.sh --master 'local[2]' io.rationalspark.jobs.prepare.PrepareJob --conf "$conf" \
    "${shards[@]}" "$@"

scripts/local-cluster.sh start "$WORKERS" 1
master=$(cat runs/local-cluster/master-url)

echo "cluster-bench.sh: benchmark on $master ($WORKERS executors of 1 core), config $conf"
bench_started=$(date +%s)
# The scheduler waits until every executor has registered before the first job, so that the cached partitions are
# spread over all of them.
scripts/spark-submit.sh --master "$master" --conf spark.executor.cores=1 --conf spark.cores.max="$WORKERS" \
    --conf spark.executor.memory=1g --conf spark.scheduler.minRegisteredResourcesRatio=1.0 \
    --conf spark.scheduler.maxRegisteredResourcesWaitingTime=120s io.rationalspark.jobs.bench.ClusterBenchJob --conf "$conf" \
    "${shards[@]}" "$@" 2>&1 | tee "$logs/$name-$(date -u +%Y%m%dT%H%M%SZ).log"
echo "cluster-bench.sh: the benchmark job took $(($(date +%s) - bench_started)) s"
