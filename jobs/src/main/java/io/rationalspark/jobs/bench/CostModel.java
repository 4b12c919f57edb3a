package io.rationalspark.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The round-time model of our trainer, fitted to the benchmark's measurements:
 * <pre>
 *   round_ms = compute(k, batch) + a + b · params · ceil(log2 workers)
 *   compute(k, batch) = c_width · e,   e = examples one worker fits per round (k · batch, fewer when a partition
 *                                          holds fewer than k minibatches)
 * </pre>
 * {@code c_width} (ms per example on one worker) is measured, not guessed: the slowest worker's compute time summed
 * over the points of that width, divided by the examples per worker and round summed over them. {@code a} (fixed
 * cost per round: Spark job, scheduling, driver) and {@code b} (ms per parameter and tree level: moving and summing
 * the parameters) are then the least-squares line of the rest of the round, round − compute, against
 * params · ceil(log2 workers). {@code b} needs points with different params · ceil(log2 workers) (the workers or
 * width sweep); without them it is NaN and so are the predictions.
 *
 * @param computeMsPerExample c_width by width multiplier
 * @param a                   fixed ms per round
 * @param b                   ms per parameter per level of ceil(log2 workers)
 * @param rSquared            R² of the modelled round time against the measured one, over the fitted points
 * @param maxRelativeError    max over the fitted points of |modelled − measured| / measured
 * @param points              measurements fitted
 */
public record CostModel(Map<Double, Double> computeMsPerExample, double a, double b, double rSquared,
                        double maxRelativeError, int points) {

    /** Fits the model to measurements of our engine (rounds and round split present). */
    public static CostModel fit(List<Measurement> ours) {
        if (ours.size() < 2) {
            throw new IllegalArgumentException("the cost model needs at least 2 measurements, got " + ours.size());
        }
        Map<Double, double[]> sums = new LinkedHashMap<>();
        for (Measurement m : ours) {
            double[] s = sums.computeIfAbsent(m.point().width(), w -> new double[2]);
            s[0] += m.slowestWorkerMs();
            s[1] += examplesPerWorkerRound(m);
        }
        Map<Double, Double> c = new LinkedHashMap<>();
        sums.forEach((width, s) -> c.put(width, s[0] / s[1]));
        double[] z = new double[ours.size()];
        double[] rest = new double[ours.size()];
        for (int i = 0; i < z.length; i++) {
            Measurement m = ours.get(i);
            z[i] = communicationTerm(m.parameters(), m.point().workers());
            rest[i] = m.roundMs() - c.get(m.point().width()) * examplesPerWorkerRound(m);
        }
        double a;
        double b;
        if (varies(z)) {
            LinearFit line = LinearFit.of(z, rest);
            a = line.intercept();
            b = line.slope();
        } else {
            a = LinearFit.mean(rest);
            b = Double.NaN;
        }
        double[] measured = new double[z.length];
        double[] modelled = new double[z.length];
        double maxRelative = 0;
        for (int i = 0; i < z.length; i++) {
            Measurement m = ours.get(i);
            measured[i] = m.roundMs();
            modelled[i] = c.get(m.point().width()) * examplesPerWorkerRound(m) + a + (Double.isNaN(b) ? 0 : b * z[i]);
            maxRelative = Math.max(maxRelative, Math.abs(modelled[i] - measured[i]) / measured[i]);
        }
        return new CostModel(c, a, b, LinearFit.rSquared(measured, modelled), maxRelative, z.length);
    }

    /** params · ceil(log2 workers): the levels of a binary aggregation tree times the parameters sent up each. */
    public static double communicationTerm(long parameters, int workers) {
        return (double) parameters * ceilLog2(workers);
    }

    static int ceilLog2(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        return 32 - Integer.numberOfLeadingZeros(workers - 1);
    }

    /** Examples one worker fitted per round: examples per epoch / (rounds per epoch · workers). */
    static double examplesPerWorkerRound(Measurement m) {
        return m.examples() / (m.rounds() * m.point().workers());
    }

    /** The modelled round time of a worker count and width, {@code examplesPerWorker} = k · batch. */
    public double roundMs(double width, double examplesPerWorker, long parameters, int workers) {
        Double perExample = computeMsPerExample.get(width);
        if (perExample == null) {
            throw new IllegalArgumentException("no compute cost measured at width " + width);
        }
        return perExample * examplesPerWorker + a + b * communicationTerm(parameters, workers);
    }

    /** A prediction of the model at a worker count that was not measured. */
    public record Prediction(int workers, double roundMs, double computeMs, double communicationMs,
                             double examplesPerSecond) {
    }

    /** Predictions at {@code workers} for the base point's width, k · batch and parameters. */
    public List<Prediction> predict(List<Integer> workers, double width, double examplesPerWorker, long parameters) {
        List<Prediction> result = new ArrayList<>();
        for (int w : workers) {
            double round = roundMs(width, examplesPerWorker, parameters, w);
            double compute = computeMsPerExample.get(width) * examplesPerWorker;
            result.add(new Prediction(w, round, compute, round - compute, w * examplesPerWorker / round * 1000));
        }
        return result;
    }

    private static boolean varies(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return true;
            }
        }
        return false;
    }
}
