/**
 * The studies: the activation study ({@link io.rationalspark.jobs.study.CompareJob}) and the parameter-efficiency
 * study ({@link io.rationalspark.jobs.study.ParamEfficiencyJob}: test error over model widths on Spark, then the
 * function-approximation experiment {@link io.rationalspark.jobs.study.ApproximationExperiment} on the driver, whose
 * tables and plot {@link io.rationalspark.jobs.study.ApproximationReport} writes).
 */
package io.rationalspark.jobs.study;
