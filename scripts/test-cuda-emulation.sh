#!/usr/bin/env bash
# Runs the kernels of rational-layers/src/main/cuda/rational.cu on the CPU under a host emulation of the CUDA
# primitives they use (rational-layers/src/test/cuda/rational_emulation.h: a block's threads are std::threads),
# and compares forward, dL/dx and the coefficient gradients with the formulas, for every denominator form,
# sharing mode and several layouts and degrees. No GPU needed; the real-device check is scripts/gpu-check.sh.
# Needs clang 14 (CLANG++ overrides it).
set -euo pipefail
cd "$(dirname "$0")/.."
CXX=${CLANGXX:-clang++-14}
command -v "$CXX" >/dev/null 2>&1 || { echo "test-cuda-emulation.sh: $CXX not found (apt-get install -y clang-14)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$CXX" -std=c++20 -O1 -pthread -Irational-layers/src/test/cuda rational-layers/src/test/cuda/emulation_test.cpp -o "$work/emulation_test"
"$work/emulation_test"
