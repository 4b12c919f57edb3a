#!/usr/bin/env bash
# Continues one full-size study of issue #13 wherever it stands, in Spark local mode, and keeps its state in
# docs/studies/STUDY so that a later session (or another machine) continues it from there:
#   1. when runs/STUDY is missing and docs/studies/STUDY exists, restores it (scripts/study-archive.sh restore);
#   2. fetches the data set and prepares the shards when they are missing (not for the approximation experiment);
#   3. runs the study with output.stopAfter=DURATION (--for): after that no new training run (no new network, for the
#      approximation experiment) starts; the one running finishes, so allow for one run more (each study's time
#      per run or network on the 2-vCPU VM: the table at the top of docs/results.md);
#   4. saves it into docs/studies/STUDY (scripts/study-archive.sh save: config, reports, finished runs' results and
#      the approximation measurements; no checkpoints or weights), ready to commit.
# A finished study prints where its report is and changes nothing.
#
# Usage: scripts/run-study.sh STUDY [--for DURATION] [--set key=value ...]
#   STUDY: compare-fashion-mnist, compare-mnist, compare-imdb, compare-imdb-attention, compare-moby-dick,
#          param-efficiency, approximation, and local-sgd-study (issue #10's full preset) (conf/STUDY.conf; runs/STUDY)
#   --for DURATION: output.stopAfter, e.g. 90m or 2h (default: no limit, run to the end)
# The master: local[2] (local[1] with one native thread for the approximation experiment, local[4] for the local-SGD
# study, whose largest cell has 4 workers); RATIONALSPARK_MASTER changes it. The presets fix trainer.workers, so a
# study continued on another machine trains the same way.
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
  echo "run-study.sh: $*" >&2
  exit 2
}

[ $# -ge 1 ] || die "usage: scripts/run-study.sh STUDY [--for DURATION] [--set key=value ...]"
study=$1
shift
conf=conf/$study.conf
out=runs/$study
archive=docs/studies/$study
master=${RATIONALSPARK_MASTER:-local[2]}
case $study in
  compare-fashion-mnist) job=io.rationalspark.jobs.study.CompareJob; data=fashion-mnist ;;
  compare-mnist) job=io.rationalspark.jobs.study.CompareJob; data=mnist ;;
  compare-imdb | compare-imdb-attention) job=io.rationalspark.jobs.study.CompareJob; data=imdb ;;
  compare-moby-dick) job=io.rationalspark.jobs.study.CompareJob; data=moby-dick ;;
  param-efficiency) job=io.rationalspark.jobs.study.ParamEfficiencyJob; data=fashion-mnist ;;
  local-sgd-study)
    job=io.rationalspark.jobs.study.LocalSgdStudyJob
    data=fashion-mnist
    master=${RATIONALSPARK_MASTER:-local[4]}
    ;;
  approximation)
    job=io.rationalspark.jobs.study.ParamEfficiencyJob
    data=
    master=${RATIONALSPARK_MASTER:-local[1]}
    export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
    ;;
  *) die "unknown study '$study': expected compare-fashion-mnist, compare-mnist, compare-imdb, compare-imdb-attention, compare-moby-dick, param-efficiency, approximation or local-sgd-study" ;;
esac
settings=()
while [ $# -gt 0 ]; do
  case $1 in
    --for)
      [ $# -ge 2 ] || die "--for needs a duration (e.g. 90m)"
      settings+=(--set "output.stopAfter=$2")
      shift 2
      ;;
    --set)
      [ $# -ge 2 ] || die "--set needs key=value"
      case $2 in output.dir=*) die "the study's directory is $out (its archive $archive): do not set output.dir" ;; esac
      settings+=(--set "$2")
      shift 2
      ;;
    *) die "unknown argument '$1'" ;;
  esac
done

if [ -f "$out/_FINISHED" ]; then
  echo "$study has finished: its report is in $out (and $archive once saved)."
  exit 0
fi
if [ ! -e "$out" ] && [ -f "$archive/config.conf" ]; then
  if [ -f "$archive/_FINISHED" ]; then
    echo "$study has finished: its report is in $archive."
    exit 0
  fi
  scripts/study-archive.sh restore "$archive" "$out"
fi
if [ -n "$data" ]; then
  scripts/fetch-data.sh data "$data"
  scripts/spark-submit.sh --master "$master" io.rationalspark.jobs.prepare.PrepareJob --conf "$conf" \
    ${settings[@]+"${settings[@]}"}
fi
status=0
scripts/spark-submit.sh --master "$master" "$job" --conf "$conf" --set "output.dir=$out" \
  ${settings[@]+"${settings[@]}"} || status=$?
if [ -f "$out/config.conf" ]; then
  scripts/study-archive.sh save "$out" "$archive"
fi
exit $status
