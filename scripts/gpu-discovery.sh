#!/usr/bin/env bash
# Spark's GPU discovery script (spark.executor.resource.gpu.discoveryScript / spark.worker.resource.gpu.discoveryScript):
# prints the GPUs of this machine as Spark's resource JSON, e.g. {"name":"gpu","addresses":["0","1"]}.
# Addresses are nvidia-smi's indices, which are CUDA's ordinals unless CUDA_VISIBLE_DEVICES renumbers them; in that
# case the script prints the visible entries and the task code (GpuBinding) maps them back to ordinals.
# Fails with a message (exit 1) when nvidia-smi is missing or lists no GPU, so Spark reports why an executor has none.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
  addresses=$(printf '%s' "$CUDA_VISIBLE_DEVICES" | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep -v '^$' || true)
else
  if ! command -v nvidia-smi >/dev/null 2>&1; then
    echo "gpu-discovery.sh: nvidia-smi not found: no NVIDIA driver on $(hostname), so no GPUs to offer Spark" >&2
    exit 1
  fi
  if ! addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>&1); then
    echo "gpu-discovery.sh: nvidia-smi failed on $(hostname): $addresses" >&2
    exit 1
  fi
  addresses=$(printf '%s\n' "$addresses" | sed 's/^ *//; s/ *$//' | grep -E '^[0-9]+$' || true)
fi
if [ -z "$addresses" ]; then
  echo "gpu-discovery.sh: no GPU found on $(hostname)" >&2
  exit 1
fi
printf '{"name":"gpu","addresses":[%s]}\n' "$(printf '%s\n' "$addresses" | sed 's/.*/"&"/' | paste -sd, -)"
