package io.rationalspark.training;

import java.io.Serializable;

/**
 * Running totals over every completed round: what a report needs from the whole run without keeping each round's
 * statistics in memory. Times are sums in milliseconds; divide by {@code rounds} for means.
 *
 * @param rounds          rounds completed
 * @param examples        examples fitted, over all workers
 * @param lossSum         sum over rounds of (mean loss × examples): {@code lossSum / examples} is the run's
 *                        example-weighted mean training loss
 * @param roundMs         wall time of the rounds
 * @param broadcastMs     driver time creating broadcasts
 * @param slowestWorkerMs the slowest worker's compute, summed over rounds
 * @param medianWorkerMs  the median worker's compute, summed over rounds
 * @param aggregationMs   the rounds' Spark jobs minus their slowest workers
 * @param driverMs        driver time after the jobs
 */
public record RoundTotals(long rounds, long examples, double lossSum, double roundMs, double broadcastMs,
                          double slowestWorkerMs, double medianWorkerMs, double aggregationMs, double driverMs)
        implements Serializable {

    /** No rounds yet. */
    public static final RoundTotals NONE = new RoundTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** These totals with one more round. */
    public RoundTotals plus(RoundStats s) {
        return new RoundTotals(rounds + 1, examples + s.examples(), lossSum + s.meanLoss() * s.examples(),
                roundMs + s.roundMs(), broadcastMs + s.broadcastMs(), slowestWorkerMs + s.slowestWorkerMs(),
                medianWorkerMs + s.medianWorkerMs(), aggregationMs + s.aggregationMs(), driverMs + s.driverMs());
    }

    /** Example-weighted mean training loss of every round, NaN before the first. */
    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /** Mean wall time of a round in milliseconds, NaN before the first. */
    public double meanRoundMs() {
        return rounds == 0 ? Double.NaN : roundMs / rounds;
    }
}
