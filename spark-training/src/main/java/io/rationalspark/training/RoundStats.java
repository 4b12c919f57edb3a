package io.rationalspark.training;

import java.io.Serializable;
import java.util.Map;

/**
 * What one averaging round did, written as one JSON line per round.
 *
 * @param round              0-based round index over the whole training
 * @param epoch              0-based epoch the round belongs to
 * @param period             k used this round (1 during warm-up)
 * @param workers            workers that processed at least one minibatch
 * @param examples           examples processed by all workers this round
 * @param meanLoss           example-weighted mean training loss of the minibatches fitted
 * @param broadcastMs        driver time to create the round's broadcast
 * @param slowestWorkerMs    the slowest worker's compute time (fetch of the broadcast excluded)
 * @param medianWorkerMs     the median worker's compute time
 * @param aggregationMs      wall time of the round's Spark job minus the slowest worker's compute
 * @param driverMs           driver time after the job: averaging, setting parameters, monitors
 * @param roundMs            wall time of the round on the driver, from the broadcast to the parameters set
 * @param examplesPerSecond  examples / wall time of the round
 * @param coefficientSpread  per rational layer: largest (max − min) over workers of any coefficient before
 *                           averaging
 * @param minDenominator     per rational layer: min Q(x) over a sample of its inputs after averaging
 */
public record RoundStats(long round, int epoch, int period, int workers, long examples, double meanLoss,
                         double broadcastMs, double slowestWorkerMs, double medianWorkerMs, double aggregationMs,
                         double driverMs, double roundMs, double examplesPerSecond, Map<String, Double> coefficientSpread,
                         Map<String, Double> minDenominator) implements Serializable {
}
