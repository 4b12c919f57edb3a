#!/usr/bin/env bash
# Builds the PTX of our CUDA kernels with Debian's clang, without the CUDA SDK, and writes it where the Java code
# loads it from (a resource of rational-layers). The PTX is committed; CI runs `--check`.
#
#   scripts/build-ptx.sh            rebuild rational-layers/src/main/resources/io/rationalspark/layers/cuda/rational.ptx
#   scripts/build-ptx.sh --check    rebuild into a temporary file and fail, naming the file, if the committed PTX differs
#
# Target: sm_75 (Turing), PTX ISA 6.3, which every driver since CUDA 10 loads and JIT-compiles for any newer GPU.
# The output is deterministic: the CUDA path points at an empty directory (so a local CUDA installation cannot
# change clang's choices), the PTX version is fixed, and the source is given by a relative path.
# Needs clang 14 (`apt-get install clang-14`); CLANG overrides the compiler.
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE=rational-layers/src/main/cuda/rational.cu
OUTPUT=rational-layers/src/main/resources/io/rationalspark/layers/cuda/rational.ptx
CLANG=${CLANG:-clang-14}

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  -h|--help) usage; exit 0 ;;
  *) echo "build-ptx.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

if ! command -v "$CLANG" >/dev/null 2>&1; then
  echo "build-ptx.sh: $CLANG not found; install it with: apt-get install -y clang-14 (or set CLANG)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/no-cuda-sdk"

"$CLANG" -x cuda --cuda-device-only --cuda-gpu-arch=sm_75 --cuda-path="$work/no-cuda-sdk" -nocudainc -nocudalib \
  -Xclang -target-feature -Xclang +ptx63 -O3 -S "$SOURCE" -o "$work/rational.ptx" 2> "$work/clang.log" || {
  cat "$work/clang.log" >&2
  echo "build-ptx.sh: clang failed on $SOURCE" >&2
  exit 1
}
# clang warns that it does not know the (absent) CUDA version; anything else is worth showing.
grep -v -e 'CUDA version' -e '^$' "$work/clang.log" >&2 || true

for entry in rational_forward_f32 rational_forward_f64 rational_forward_mixed_f32 rational_forward_mixed_f64 \
             rational_backward_f32 rational_backward_f64 relu_forward_f32 relu_backward_f32; do
  grep -q "^\.visible \.entry $entry(" "$work/rational.ptx" || {
    echo "build-ptx.sh: entry point $entry missing from the PTX of $SOURCE" >&2
    exit 1
  }
done

if $check; then
  if [ ! -f "$OUTPUT" ]; then
    echo "build-ptx.sh --check: $OUTPUT is missing; run scripts/build-ptx.sh and commit it" >&2
    exit 1
  fi
  if ! cmp -s "$work/rational.ptx" "$OUTPUT"; then
    echo "build-ptx.sh --check: $OUTPUT is stale (it differs from a rebuild of $SOURCE);" \
         "run scripts/build-ptx.sh and commit it" >&2
    diff -u "$OUTPUT" "$work/rational.ptx" | head -20 >&2 || true
    exit 1
  fi
  echo "build-ptx.sh --check: $OUTPUT is up to date ($(sha256sum "$OUTPUT" | cut -c1-16))"
else
  mkdir -p "$(dirname "$OUTPUT")"
  cp "$work/rational.ptx" "$OUTPUT"
  echo "wrote $OUTPUT ($(wc -c < "$OUTPUT") bytes, sha256 $(sha256sum "$OUTPUT" | cut -c1-16))"
fi
