/**
 * Model averaging of DL4J networks across Spark executors. Empty until the trainer issue lands; the module
 * already depends on the rational layers so that the build shape is final.
 */
package io.rationalspark.training;
