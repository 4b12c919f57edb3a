/**
 * Kernels of the rational activation behind one interface, {@link io.rationalspark.layers.rational.kernel.RationalKernel}:
 * the ND4J-op reference ({@link io.rationalspark.layers.rational.kernel.ReferenceRationalKernel}), the fused CPU kernel
 * ({@link io.rationalspark.layers.rational.kernel.FusedCpuRationalKernel}), the ND4J adapter of our CUDA kernels
 * ({@link io.rationalspark.layers.rational.kernel.CudaRationalKernel}, on {@link io.rationalspark.layers.cuda}) and the
 * choice between them ({@link io.rationalspark.layers.rational.kernel.RationalKernels}), which falls back to the fused
 * CPU kernel where the CUDA kernel cannot run
 * ({@link io.rationalspark.layers.rational.kernel.CudaFallback},
 * {@link io.rationalspark.layers.rational.kernel.HostFallbackKernel}).
 */
package io.rationalspark.layers.rational.kernel;
