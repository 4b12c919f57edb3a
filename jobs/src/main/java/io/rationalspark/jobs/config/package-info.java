/**
 * Job configuration: one immutable, validated {@link io.rationalspark.jobs.config.JobConfig} per job, built
 * from HOCON (Typesafe Config) layers — {@code --set key=value} overrides over the {@code --conf} file over the
 * defaults file {@code defaults.conf} beside these classes, the one place defaults and key descriptions live.
 *
 * <p>Sections are records: {@link io.rationalspark.jobs.config.SparkConfig},
 * {@link io.rationalspark.jobs.config.DataConfig}, {@link io.rationalspark.jobs.config.ModelConfig} (with
 * {@link io.rationalspark.jobs.config.RationalConfig}), {@link io.rationalspark.jobs.config.TrainerConfig}
 * (with {@link io.rationalspark.jobs.config.OptimizerConfig}), {@link io.rationalspark.jobs.config.OutputConfig},
 * {@link io.rationalspark.jobs.config.StudyConfig}. Each validates at construction; every message names the
 * full key and the value.
 */
package io.rationalspark.jobs.config;
