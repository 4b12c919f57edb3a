/**
 * The device check of our CUDA kernels, runnable without ND4J (the bundle of {@code scripts/gpu-check.sh}):
 * correctness against the scalar reference {@link io.rationalspark.layers.rational.RationalFunction}
 * ({@link io.rationalspark.layers.cuda.check.KernelCorrectness}), bandwidth against a device-to-device copy and
 * speed against our ReLU kernel ({@link io.rationalspark.layers.cuda.check.KernelSpeed}), and the main class that
 * runs both and prints a Markdown table ({@link io.rationalspark.layers.cuda.check.GpuCheck}).
 */
package io.rationalspark.layers.cuda.check;
