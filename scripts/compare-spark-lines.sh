#!/usr/bin/env bash
# The quick activation study (conf/compare-fashion-mnist-quick.conf: 16 activations × 2 seeds, 3 epochs, local[2]) on
# Spark 3.5 and on Spark 4, alternating the lines (3, 4, 3, 4, ...) so that drift of the machine hits both alike; then
# checks that every run's test accuracy and loss are the same on both lines and prints the wall time of each study and
# the ratio Spark 4 / Spark 3.5. About 5 minutes a study on the idle 2-vCPU VM, so ≈ 20 minutes with the default 2
# repetitions (plus building the two job jars if needed). Run it on an otherwise idle machine: it is a timing.
#
# Usage: scripts/compare-spark-lines.sh [REPETITIONS [OUT_DIR]]   defaults 2, runs/spark-lines
# Writes OUT_DIR/compare-sparkLINE-repN/ (each a complete study: compare.md, runs.csv, plots), their logs, and
# OUT_DIR/times.tsv (line, repetition, wall seconds). Refuses an OUT_DIR that already holds times.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-2}
out=${2:-runs/spark-lines}
conf=conf/compare-fashion-mnist-quick.conf
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "compare-spark-lines.sh: REPETITIONS must be a positive integer, got '$reps'" >&2; exit 2; }
if [ -e "$out/times.tsv" ]; then
  echo "compare-spark-lines.sh: $out already holds a comparison ($out/times.tsv); give another OUT_DIR" >&2
  exit 2
fi
mkdir -p "$out"

scripts/fetch-data.sh data fashion-mnist
for line in 3 4; do
  scripts/spark-submit.sh --spark "$line" --master 'local[2]' io.rationalspark.jobs.prepare.PrepareJob --conf "$conf" \
      > "$out/prepare-spark$line.log" 2>&1 || { tail -n 30 "$out/prepare-spark$line.log" >&2; exit 1; }
done

printf 'line\trepetition\twall_seconds\n' > "$out/times.tsv.partial"
for ((rep = 1; rep <= reps; rep++)); do
  for line in 3 4; do
    name=compare-spark$line-rep$rep
    start=$(date +%s.%N)
    scripts/spark-submit.sh --spark "$line" --master 'local[2]' io.rationalspark.jobs.study.CompareJob --conf "$conf" \
        --set output.dir="$out/$name" > "$out/$name.log" 2>&1 || { tail -n 30 "$out/$name.log" >&2; exit 1; }
    end=$(date +%s.%N)
    printf '%s\t%s\t%.1f\n' "$line" "$rep" "$(echo "$end - $start" | bc)" | tee -a "$out/times.tsv.partial"
  done
done
mv "$out/times.tsv.partial" "$out/times.tsv"

# Same accuracies and losses: runs.csv's first five columns (activation, seed, parameters, accuracy, loss).
reference=$out/compare-spark3-rep1/runs.csv
same=yes
for runs in "$out"/compare-spark*-rep*/runs.csv; do
  if ! diff -q <(cut -d, -f1-5 "$reference") <(cut -d, -f1-5 "$runs") > /dev/null; then
    echo "DIFFERENT from $reference: $runs" >&2
    same=no
  fi
done
echo "test accuracy and loss of all $(($(wc -l < "$reference") - 1)) runs identical on both lines, all repetitions: $same"
awk -F'\t' 'NR > 1 { n[$1]++; s[$1] += $3; t[$1, $2] = $3 }
  END {
    for (r = 1; r <= n[3]; r++) printf "repetition %d: Spark 4 / Spark 3.5 = %.3f (%.1f s / %.1f s)\n", r, t[4, r] / t[3, r], t[4, r], t[3, r]
    printf "mean: Spark 4 / Spark 3.5 = %.3f (%.1f s / %.1f s)\n", (s[4] / n[4]) / (s[3] / n[3]), s[4] / n[4], s[3] / n[3]
  }' "$out/times.tsv"
[ "$same" = yes ]
