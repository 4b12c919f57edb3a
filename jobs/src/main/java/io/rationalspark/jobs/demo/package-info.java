/** The embedded demo: a rational MLP trained in this process, printing its learned activation. */
package io.rationalspark.jobs.demo;
