/**
 * The job entry points run with spark-submit ({@code scripts/spark-submit.sh CLASS [ARGS...]}), such as
 * {@link io.rationalspark.jobs.ClusterCheck}; their configuration, data, models and reports live in the
 * sub-packages.
 */
package io.rationalspark.jobs;
