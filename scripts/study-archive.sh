#!/usr/bin/env bash
# Carries a long study (an activation study, a width study, the approximation experiment) across machines and
# sessions: `save` copies what the study needs to resume, and what its report is built from, into a small directory
# that can be committed (we keep ours under docs/studies/); `restore` puts it back as a study directory, and the
# study's own command then continues from there.
#
# Usage: scripts/study-archive.sh save STUDY_DIR ARCHIVE_DIR
#        scripts/study-archive.sh restore ARCHIVE_DIR STUDY_DIR
#
# save keeps: the study's own files (config.conf, the partial or final report, its CSVs and plots, the approximation
# measurements under approximation/), and of each run under runs/ that has finished (holds _FINISHED) its config,
# result.json, report and evaluation: not checkpoints/, model.zip (the weights), rounds.jsonl (per-round statistics,
# ≈ 0.5 MB for 10 LeNet epochs) nor its plots, which the study does not read (it needs result.json); never
# temporary files (_tmp-*) nor Hadoop's .crc checksum files (the local file system reads files without them). A run
# that has not finished is left out: the resumed study trains it again from its start. The archive is written beside
# ARCHIVE_DIR and then renamed over it, so an interrupted save leaves the previous archive whole.
# restore copies ARCHIVE_DIR into STUDY_DIR, which must be missing or empty (an existing study directory resumes as it
# is; restoring into it could mix two states).
# Both take local paths (the archive is meant for git); a study on HDFS is resumed where it is.
set -euo pipefail

die() {
  echo "study-archive.sh: $*" >&2
  exit 2
}

[ $# -eq 3 ] || die "usage: scripts/study-archive.sh save STUDY_DIR ARCHIVE_DIR | restore ARCHIVE_DIR STUDY_DIR"
action=$1
from=$2
to=$3

case $action in
  save)
    [ -f "$from/config.conf" ] || die "$from is not a study directory (no config.conf)"
    mkdir -p "$(dirname "$to")"
    to=$(cd "$(dirname "$to")" && pwd)/$(basename "$to") # absolute: the copies below run inside $from
    tmp=$(dirname "$to")/.$(basename "$to").tmp-$$
    old=$(dirname "$to")/.$(basename "$to").old-$$
    rm -rf "$tmp"
    trap 'rm -rf "$tmp"' EXIT
    mkdir "$tmp"
    # the study's own files: everything outside runs/, temporary files (_tmp-*) excepted
    (cd "$from" && find . -path ./runs -prune -o -type f ! -name '_tmp-*' ! -name '.*.crc' -print0) |
      (cd "$from" && xargs -0 -r cp --parents -t "$tmp")
    kept=0
    skipped=0
    if [ -d "$from/runs" ]; then
      for run in "$from"/runs/*/; do
        [ -d "$run" ] || continue
        name=$(basename "$run")
        if [ ! -f "$run/_FINISHED" ]; then
          skipped=$((skipped + 1))
          continue
        fi
        mkdir -p "$tmp/runs/$name"
        (cd "$run" && find . -path ./checkpoints -prune -o -type f ! -name model.zip ! -name rounds.jsonl ! -name '*.png' \
          ! -name '_tmp-*' ! -name '.*.crc' -print0) |
          (cd "$run" && xargs -0 -r cp --parents -t "$tmp/runs/$name")
        kept=$((kept + 1))
      done
    fi
    if [ -e "$to" ]; then
      mv "$to" "$old"
      mv "$tmp" "$to"
      rm -rf "$old"
    else
      mv "$tmp" "$to"
    fi
    trap - EXIT
    echo "saved $from into $to: $kept finished runs kept, $skipped unfinished left out ($(du -sh "$to" | cut -f1))"
    # The archive is meant to be committed: a file git would ignore would be lost without a word (it happened: a
    # pattern meant for the top-level runs/ matched every runs/ directory).
    if git -C "$to" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
      ignored=$(cd "$to" && find . -type f -print0 | { git check-ignore --no-index -z --stdin || true; } |
        tr '\0' '\n' | head -n 3)
      [ -z "$ignored" ] || die "git ignores files of the archive $to, e.g. $(echo $ignored): fix .gitignore before committing it"
    fi
    ;;
  restore)
    [ -f "$from/config.conf" ] || die "$from is not a study archive (no config.conf)"
    if [ -e "$to" ] && [ -n "$(ls -A "$to")" ]; then
      die "$to already exists and is not empty: resume the study there as it is, or restore into another directory"
    fi
    mkdir -p "$to"
    cp -a "$from"/. "$to"/
    echo "restored $from into $to: run the study's command with output.dir=$to to continue it"
    ;;
  *)
    die "unknown action '$action': expected save or restore"
    ;;
esac
