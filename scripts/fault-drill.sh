#!/usr/bin/env bash
# Fault drill on the real local standalone cluster: kill -9 an executor, then the driver, and check that training
# survives both.
#
# Usage: scripts/fault-drill.sh          (from any directory; needs ports 7077 and 8080 on 127.0.0.1 free)
#   env CHECKPOINT_EVERY  trainer.checkpointEvery for the runs (default 5)
#       EPOCHS            trainer.epochs (default 3)
#       TOLERANCE         accuracy difference allowed between a disturbed and the undisturbed run (default 0.02)
#
# What it does:
#   1. fetches Fashion-MNIST if it is missing (scripts/fetch-data.sh), builds the job jar if it is stale;
#   2. starts scripts/local-cluster.sh with 2 Workers of 1 core (two one-core executors per application);
#   3. prepares the shards of conf/fashion-mnist-mlp-quick.conf (6,000 training images) in local mode;
#   4. runs TrainJob on the cluster three times, each in its own run directory under runs/fault-drill/<time>/:
#      (a) undisturbed;
#      (b) kill -9 of one executor JVM once the first 3 rounds are in rounds.jsonl; the job must finish;
#      (c) kill -9 of the driver JVM once 2*CHECKPOINT_EVERY+1 rounds are done, then the same submission again,
#          which must resume from the newest checkpoint (at most CHECKPOINT_EVERY rounds lost) and finish;
#   5. prints a summary: accuracy undisturbed vs executor-killed vs driver-killed, rounds lost vs checkpointEvery,
#      PASS/FAIL per check; exits 1 if any check failed.
# The trap stops, by pid, the driver it started and the cluster (scripts/local-cluster.sh stop), also on failure or ^C.
# Logs: runs/fault-drill/<time>/*.log; each run directory holds rounds.jsonl, checkpoints/, result.json.
#
# Expected duration: ≈4 min once the jar is built on an idle 2-vCPU machine (measured 2026-12-03: 3 min 58 s with
# `time scripts/fault-drill.sh`; 9 min 54 s while other builds loaded it; see docs/cluster-testing.md, "Fault drill").
# The first build of the jar adds ≈2 min.
set -euo pipefail
# shellcheck source=lib/spark-env.sh
. "$(dirname "$0")/lib/spark-env.sh"
cd "$RS_ROOT"

CHECKPOINT_EVERY=${CHECKPOINT_EVERY:-5}
EPOCHS=${EPOCHS:-3}
TOLERANCE=${TOLERANCE:-0.02}
PRESET=conf/fashion-mnist-mlp-quick.conf
MASTER=spark://127.0.0.1:${SPARK_MASTER_PORT:-7077}
DRILL=runs/fault-drill/$(date -u +%Y%m%d-%H%M%S)
TRAIN_CLASS=io.rationalspark.jobs.train.TrainJob
EXECUTOR_CLASS=org.apache.spark.executor.CoarseGrainedExecutorBackend

driver_pid=
cluster_started=0
cleanup() {
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2> /dev/null; then
    kill -9 "$driver_pid" 2> /dev/null || true
  fi
  if [ "$cluster_started" = 1 ]; then
    scripts/local-cluster.sh stop > /dev/null 2>&1 || echo "fault-drill: scripts/local-cluster.sh stop failed" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[fault-drill $(date -u +%H:%M:%S)] $*"; }

# --- 1-3: data, jar, cluster, shards ---------------------------------------------------------------------------
[ -f data/fashion-mnist/train-images-idx3-ubyte.gz ] || scripts/fetch-data.sh data fashion-mnist
rs_job_jar
mkdir -p "$DRILL"
log "starting the local cluster (2 Workers of 1 core)"
scripts/local-cluster.sh start 2 1 > "$DRILL/cluster.log" 2>&1 || { cat "$DRILL/cluster.log" >&2; exit 1; }
cluster_started=1
log "preparing the shards of $PRESET"
scripts/spark-submit.sh --master 'local[2]' io.rationalspark.jobs.prepare.PrepareJob --conf "$PRESET" \
    > "$DRILL/prepare.log" 2>&1 || { tail -n 30 "$DRILL/prepare.log" >&2; exit 1; }

# --- helpers ---------------------------------------------------------------------------------------------------
# submit RUN LOG: TrainJob on the cluster into run directory RUN, in the background; sets driver_pid (spark-submit.sh
# execs the driver JVM, so $! is the driver).
submit() {
  scripts/spark-submit.sh --master "$MASTER" --conf spark.executor.cores=1 --total-executor-cores 2 \
      --executor-memory 1g "$TRAIN_CLASS" --conf "$PRESET" \
      --set "output.dir=\"$1\"" --set "trainer.checkpointEvery=$CHECKPOINT_EVERY" --set "trainer.epochs=$EPOCHS" \
      > "$2" 2>&1 &
  driver_pid=$!
}

# finish LOG: waits for the driver; its exit status is the function's.
finish() {
  local status=0
  wait "$driver_pid" || status=$?
  driver_pid=
  [ "$status" = 0 ] || { log "driver failed ($status), end of $1:"; tail -n 20 "$1"; }
  return "$status"
}

rounds() { if [ -f "$1/rounds.jsonl" ]; then grep -c . "$1/rounds.jsonl" || true; else echo 0; fi; }

# wait_rounds RUN N: until RUN's rounds.jsonl has N lines (fails if the driver exits first).
wait_rounds() {
  while [ "$(rounds "$1")" -lt "$2" ]; do
    kill -0 "$driver_pid" 2> /dev/null || { log "the driver exited before $2 rounds"; return 1; }
    sleep 0.5
  done
}

# The live executor JVMs: children of the Workers (by the pids in runs/local-cluster/) running the executor class.
executor_pids() {
  local f child cmd
  for f in runs/local-cluster/worker-*.pid; do
    for child in $(pgrep -P "$(<"$f")" || true); do
      # not `| grep -q`: with pipefail, tr's SIGPIPE after an early match would make the test fail
      cmd=$(tr '\0' ' ' < "/proc/$child/cmdline" 2> /dev/null || true)
      if [[ $cmd == *"$EXECUTOR_CLASS"* ]]; then echo "$child"; fi
    done
  done
}

accuracy() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["testMetric"])' "$1/result.json" 2> /dev/null || true; }
finished() { [ -f "$1/_FINISHED" ] && echo yes || echo no; }

results=()
check() { # NAME CONDITION-EXIT-STATUS DETAIL
  local verdict=FAIL
  [ "$2" = 0 ] && verdict=PASS
  results+=("$(printf '%-4s  %-52s %s' "$verdict" "$1" "$3")")
}
holds() { python3 -c "import sys; sys.exit(0 if ($1) else 1)"; }

# --- (a) undisturbed -------------------------------------------------------------------------------------------
A=$DRILL/undisturbed
log "(a) undisturbed run -> $A"
t0=$SECONDS
submit "$A" "$DRILL/a-undisturbed.log"
finish "$DRILL/a-undisturbed.log" || true
time_a=$((SECONDS - t0))
acc_a=$(accuracy "$A")
rounds_a=$(rounds "$A")

# --- (b) an executor killed ------------------------------------------------------------------------------------
B=$DRILL/executor-killed
log "(b) executor kill -> $B"
t0=$SECONDS
submit "$B" "$DRILL/b-executor-killed.log"
victim=
if wait_rounds "$B" 3; then
  executors=($(executor_pids))
  victim=${executors[0]:-}
  at_round=$(rounds "$B")
  if [ -n "$victim" ]; then
    kill -9 "$victim"
    log "killed executor JVM $victim after $at_round rounds"
  fi
fi
finish "$DRILL/b-executor-killed.log" || true
time_b=$((SECONDS - t0))
acc_b=$(accuracy "$B")

# --- (c) the driver killed, then submitted again ---------------------------------------------------------------
C=$DRILL/driver-killed
log "(c) driver kill and resubmission -> $C"
t0=$SECONDS
submit "$C" "$DRILL/c-driver-1.log"
done_at_kill=
if wait_rounds "$C" $((2 * CHECKPOINT_EVERY + 1)); then
  kill -9 "$driver_pid"
  wait "$driver_pid" 2> /dev/null || true
  driver_pid=
  done_at_kill=$(rounds "$C")
  log "killed the driver after $done_at_kill rounds; newest checkpoint: $(ls "$C/checkpoints" 2> /dev/null | tail -n 1)"
  sleep 2 # let the Master remove the dead application and its executors
  submit "$C" "$DRILL/c-driver-2.log"
  finish "$DRILL/c-driver-2.log" || true
fi
time_c=$((SECONDS - t0))
acc_c=$(accuracy "$C")
resumed_from=$(sed -n 's/.*resuming from .* (round \([0-9]*\),.*/\1/p' "$DRILL/c-driver-2.log" 2> /dev/null | head -n 1)

# --- summary ---------------------------------------------------------------------------------------------------
check "(a) undisturbed run finished" "$([ "$(finished "$A")" = yes ]; echo $?)" "accuracy ${acc_a:-?}, $rounds_a rounds, ${time_a}s"
check "(b) executor JVM killed" "$([ -n "$victim" ] && ! kill -0 "$victim" 2> /dev/null; echo $?)" "pid ${victim:-none}"
check "(b) job finished anyway" "$([ "$(finished "$B")" = yes ]; echo $?)" "$(rounds "$B") rounds, ${time_b}s"
diff_b=$(python3 -c "print(f'{abs(${acc_b:-nan} - ${acc_a:-nan}):.4f}')" 2> /dev/null || echo "?")
check "(b) accuracy within $TOLERANCE of undisturbed" "$(holds "abs(${acc_b:-9} - ${acc_a:-0}) <= $TOLERANCE"; echo $?)" \
    "${acc_b:-?} vs ${acc_a:-?} (difference $diff_b)"
check "(c) driver killed mid-training" "$([ -n "$done_at_kill" ] && [ "$done_at_kill" -lt "$rounds_a" ]; echo $?)" \
    "after ${done_at_kill:-?} of $rounds_a rounds"
check "(c) resubmission resumed from a checkpoint" "$([ -n "$resumed_from" ]; echo $?)" "from round ${resumed_from:-?}"
lost=$(( ${done_at_kill:-0} - ${resumed_from:-0} ))
check "(c) rounds lost <= checkpointEvery" "$([ -n "$resumed_from" ] && [ "$lost" -le "$CHECKPOINT_EVERY" ]; echo $?)" \
    "lost $lost, checkpointEvery $CHECKPOINT_EVERY"
check "(c) resumed run finished" "$([ "$(finished "$C")" = yes ]; echo $?)" "${time_c}s including the lost rounds"
check "(c) rounds.jsonl has each round once" \
    "$([ "$(rounds "$C")" = "$rounds_a" ] && [ "$(sort -u "$C/rounds.jsonl" | sed -n 's/.*"round":\([0-9]*\).*/\1/p' | sort -un | wc -l)" = "$rounds_a" ]; echo $?)" \
    "$(rounds "$C") lines, undisturbed $rounds_a"
diff_c=$(python3 -c "print(f'{abs(${acc_c:-nan} - ${acc_a:-nan}):.4f}')" 2> /dev/null || echo "?")
check "(c) accuracy within $TOLERANCE of undisturbed" "$(holds "abs(${acc_c:-9} - ${acc_a:-0}) <= $TOLERANCE"; echo $?)" \
    "${acc_c:-?} vs ${acc_a:-?} (difference $diff_c)"

echo
echo "Fault drill ($PRESET, $EPOCHS epochs, checkpointEvery $CHECKPOINT_EVERY, 2 one-core executors; logs in $DRILL)"
printf '%s\n' "${results[@]}"
for r in "${results[@]}"; do
  [[ $r == FAIL* ]] && exit 1
done
exit 0
