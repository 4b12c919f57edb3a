/**
 * Model averaging of DL4J networks across Spark executors.
 *
 * <p>{@link io.rationalspark.training.ModelAveragingTrainer} runs the rounds (broadcast, k local steps per
 * worker, example-weighted averaging in one Spark job, listeners); {@link io.rationalspark.training.AveragingConfig}
 * says how; {@link io.rationalspark.training.TrainingData} is what it reads (cached in the executors or streamed
 * from shards, see the {@code data} package); {@link io.rationalspark.training.RoundListener}s log progress, write
 * statistics ({@link io.rationalspark.training.StatsJsonLines}) and checkpoints
 * ({@link io.rationalspark.training.CheckpointListener}). {@link io.rationalspark.training.Dl4jSparkEngine} trains
 * the same network with dl4j-spark for side-by-side runs. This package knows nothing of data-set formats or job
 * configs.
 */
package io.rationalspark.training;
