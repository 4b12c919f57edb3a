#!/usr/bin/env bash
# Assembles the device check of our CUDA kernels into device-bundle/ (git-ignored, < 64 MiB), runnable on a GPU
# machine that has only the NVIDIA driver: a jlinked Java 17 runtime, our kernel classes with the PTX, the JCuda jars
# and io.rationalspark.layers.cuda.check.GpuCheck (no ND4J: it checks against the scalar Java reference).
#
#   scripts/gpu-check.sh            build the bundle and print the command to run on the device
#   scripts/gpu-check.sh --run      build it, then run the check here (fails cleanly with "no CUDA driver" on a CPU machine)
#
# On the device:  device-bundle/run-gpu-check.sh [--device N] [--log2-elements 26] [--repeats 50]
# It prints Markdown tables (correctness per case, GB/s against a device-to-device copy, time against ReLU) for
# docs/benchmarks.md. Exit status 0: all correct; 1: a case failed; 2: no CUDA driver or device.
set -euo pipefail
cd "$(dirname "$0")/.."

BUNDLE=device-bundle
LIMIT_BYTES=$((64 * 1024 * 1024))
JCUDA_VERSION=$(sed -n 's:.*<jcuda.version>\(.*\)</jcuda.version>.*:\1:p' pom.xml)
M2=${MAVEN_REPO:-$HOME/.m2/repository}

run=false
case "${1:-}" in
  "") ;;
  --run) run=true ;;
  -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "gpu-check.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

scripts/build-ptx.sh --check >/dev/null || { echo "gpu-check.sh: the committed PTX is stale; run scripts/build-ptx.sh" >&2; exit 1; }

echo "compiling rational-layers ..."
offline=-o
[ -f "$M2/org/jcuda/jcuda/$JCUDA_VERSION/jcuda-$JCUDA_VERSION.jar" ] || offline=
mvn -B -q $offline -pl rational-layers compile

rm -rf "$BUNDLE/lib" "$BUNDLE/classes" "$BUNDLE/run-gpu-check.sh"
mkdir -p "$BUNDLE/lib" "$BUNDLE/classes"

# The Java runtime, rebuilt only when missing or made by another JDK.
java_version=$(java -version 2>&1 | head -1)
if [ ! -x "$BUNDLE/runtime/bin/java" ] || [ "$(cat "$BUNDLE/runtime/.built-by" 2>/dev/null)" != "$java_version" ]; then
  echo "jlinking a Java runtime ..."
  rm -rf "$BUNDLE/runtime"
  jlink --add-modules java.base,java.logging,jdk.unsupported,java.management --strip-debug --no-header-files \
    --no-man-pages --compress=2 --output "$BUNDLE/runtime"
  echo "$java_version" > "$BUNDLE/runtime/.built-by"
fi

# Our classes the check needs: the cuda packages and the ND4J-free coefficient types they use.
classes=rational-layers/target/classes
staging="$BUNDLE/classes"
( cd "$classes" && { find io/rationalspark/layers/cuda -type f; \
    printf '%s\n' io/rationalspark/layers/rational/RationalCoefficients.class \
      io/rationalspark/layers/rational/RationalFunction.class io/rationalspark/layers/rational/DenominatorForm.class \
      io/rationalspark/layers/rational/kernel/CoefficientGradients.class; } | tar -cf - -T - ) | tar -xf - -C "$staging"
jar --create --file "$BUNDLE/lib/rationalspark-cuda-check.jar" --main-class io.rationalspark.layers.cuda.check.GpuCheck \
  -C "$staging" .
rm -rf "$staging"
cp "$M2/org/jcuda/jcuda/$JCUDA_VERSION/jcuda-$JCUDA_VERSION.jar" "$BUNDLE/lib/"
cp "$M2/org/jcuda/jcuda-natives/$JCUDA_VERSION/jcuda-natives-$JCUDA_VERSION-linux-x86_64.jar" "$BUNDLE/lib/"

# Everything the check's classes reference must be in the bundle (no ND4J, no Spark).
missing=$(jdeps --multi-release 17 -verbose:class -cp "$BUNDLE/lib/jcuda-$JCUDA_VERSION.jar" \
  "$BUNDLE/lib/rationalspark-cuda-check.jar" | grep 'not found' || true)
if [ -n "$missing" ]; then
  echo "gpu-check.sh: the check's classes reference classes outside the bundle:" >&2
  echo "$missing" >&2
  exit 1
fi

cat > "$BUNDLE/run-gpu-check.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the device check of the rational CUDA kernels (built by scripts/gpu-check.sh). Arguments go to GpuCheck:
# [--device N] [--log2-elements 26] [--repeats 50].
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/runtime/bin/java" -Xmx8g -cp "$here/lib/*" io.rationalspark.layers.cuda.check.GpuCheck "$@"
RUN
chmod +x "$BUNDLE/run-gpu-check.sh"

bytes=$(du -sb "$BUNDLE" | cut -f1)
if [ "$bytes" -ge "$LIMIT_BYTES" ]; then
  echo "gpu-check.sh: $BUNDLE is $bytes bytes, over the 64 MiB limit" >&2
  exit 1
fi
echo "bundle: $BUNDLE ($((bytes / 1024 / 1024)) MiB): runtime/ (jlinked $(echo "$java_version" | cut -d'"' -f2)), lib/ ($(ls "$BUNDLE/lib" | tr '\n' ' '))"
echo "run on the GPU machine:  $BUNDLE/run-gpu-check.sh --log2-elements 26 --repeats 50"
if $run; then
  "$BUNDLE/run-gpu-check.sh"
fi
