/**
 * The rational activation on NVIDIA GPUs through the CUDA driver API (JCuda), with no ND4J in its API.
 *
 * <p>The kernels are CUDA C ({@code rational-layers/src/main/cuda/rational.cu}) compiled by clang to PTX for sm_75
 * ({@code scripts/build-ptx.sh}); the PTX is a resource of this module ({@link io.rationalspark.layers.cuda.RationalPtx})
 * and the driver compiles it for whatever GPU of compute capability 7.5 or newer is present.
 * {@link io.rationalspark.layers.cuda.CudaDevice} opens a device's primary context and, once, checks the compute
 * capability and loads the module ({@link io.rationalspark.layers.cuda.CudaSupport} says whether that worked and why
 * not); {@link io.rationalspark.layers.cuda.RationalCuda} launches the forward and backward kernels on device buffers
 * ({@code CUdeviceptr}) or on plain Java arrays;
 * {@link io.rationalspark.layers.cuda.LaunchGeometry}, {@link io.rationalspark.layers.cuda.RunLayout} and
 * {@link io.rationalspark.layers.cuda.CoefficientPacking} are the pure host-side logic. The ND4J adapter is
 * {@code io.rationalspark.layers.rational.kernel.CudaRationalKernel}.
 */
package io.rationalspark.layers.cuda;
