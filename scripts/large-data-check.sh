#!/usr/bin/env bash
# Trains on more data than the executors' memory: starts a local HDFS and a standalone Spark cluster of 2 one-core
# executors with 1 GiB of heap each, writes GIB GiB of synthetic minibatch shards to the HDFS (once; later runs reuse
# them), streams them through one epoch of a small rational MLP (ShardedTrainingData), prints the epoch and each
# executor's heap peak and off-heap bytes, and stops what it started (also on failure or Ctrl-C).
#
# Usage: scripts/large-data-check.sh [GIB]      (default 4; measured 8 min 37 s on the 2-vCPU VM with GIB = 4, of which
#                                               190 s writing the shards and 158 s the epoch: docs/benchmarks.md)
# Ports (change them if they are taken): SPARK_MASTER_PORT (default 7277), SPARK_MASTER_WEBUI_PORT (8280), HDFS_PORT
# (8220). The shards live in runs/local-hdfs/data/ (delete it to free the space); logs under runs/.
# It refuses to run while scripts/local-cluster.sh or scripts/local-hdfs.sh already run something (stop them first).
# The class it runs: io.rationalspark.jobs.LargeDataCheck (usable on any cluster with spark-submit, see its Javadoc).
set -euo pipefail
cd "$(dirname "$0")/.."
gib=${1:-4}
export SPARK_MASTER_PORT=${SPARK_MASTER_PORT:-7277}
export SPARK_MASTER_WEBUI_PORT=${SPARK_MASTER_WEBUI_PORT:-8280}
hdfs_port=${HDFS_PORT:-8220}

started_cluster=
started_hdfs=
cleanup() {
  [ -z "$started_cluster" ] || scripts/local-cluster.sh stop || true
  [ -z "$started_hdfs" ] || scripts/local-hdfs.sh stop || true
}
trap cleanup EXIT

scripts/local-hdfs.sh start "$hdfs_port"
started_hdfs=1
scripts/local-cluster.sh start 2 1
started_cluster=1
uri=$(cat runs/local-hdfs/uri)
SPARK_DRIVER_MEMORY=${SPARK_DRIVER_MEMORY:-2g} scripts/spark-submit.sh --master "spark://127.0.0.1:$SPARK_MASTER_PORT" \
    --executor-memory 1g --conf spark.executor.cores=1 --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    io.rationalspark.jobs.LargeDataCheck "$uri/rationalspark/large-data-${gib}g" "$gib" 2
