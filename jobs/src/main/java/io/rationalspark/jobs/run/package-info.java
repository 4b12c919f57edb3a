/**
 * What every job main shares: {@link io.rationalspark.jobs.run.JobCli} turns the command line
 * ({@code --conf FILE}, {@code --set key=value}, {@code --help}) into a validated config, and
 * {@link io.rationalspark.jobs.run.RunDirectory} holds a run's outputs on any Hadoop file system, refusing to
 * overwrite a finished run and resuming an unfinished run of the same config.
 */
package io.rationalspark.jobs.run;
