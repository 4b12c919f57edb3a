package io.rationalspark.training.worker;

import java.io.Serializable;
import java.util.Map;

/**
 * One worker's account of a round: how much it did, how long it took, and its rational coefficients before
 * averaging (per rational layer, all coefficient sets flattened), for the spread statistic.
 */
public record WorkerReport(int partition, long examples, int minibatches, double computeMs, double broadcastFetchMs,
                           Map<String, double[]> rationalCoefficients) implements Serializable {
}
