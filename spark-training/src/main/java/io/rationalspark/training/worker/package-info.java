/**
 * What runs on the executors during a round: {@link io.rationalspark.training.worker.LocalSteps} (one worker's k
 * minibatches), the per-executor network cache ({@link io.rationalspark.training.worker.WorkerNetworks}), the
 * round's broadcast and partial sums ({@link io.rationalspark.training.worker.RoundBroadcast},
 * {@link io.rationalspark.training.worker.RoundAccumulator}, {@link io.rationalspark.training.worker.WorkerReport}),
 * and the binding of a task to the GPU Spark assigned it ({@link io.rationalspark.training.worker.GpuBinding}).
 */
package io.rationalspark.training.worker;
