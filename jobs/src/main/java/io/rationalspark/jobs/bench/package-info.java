/**
 * The cluster benchmark ({@link io.rationalspark.jobs.bench.ClusterBenchJob}): one network and data set trained
 * by our model-averaging trainer and by dl4j-spark's parameter averaging over a one-factor-at-a-time sweep of
 * workers, averaging period, data size and parameter count ({@link io.rationalspark.jobs.bench.BenchPlan}); each
 * point measured once per engine ({@link io.rationalspark.jobs.bench.Measurement}); a fitted round-time model
 * ({@link io.rationalspark.jobs.bench.CostModel}) and the report ({@link io.rationalspark.jobs.bench.BenchReport}).
 */
package io.rationalspark.jobs.bench;
