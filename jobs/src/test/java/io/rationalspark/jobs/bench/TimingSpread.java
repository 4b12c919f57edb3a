package io.rationalspark.jobs.bench;

import java.util.Arrays;

/**
 * The median, minimum and maximum of a few repeated measurements (epoch seconds, or ratios of them). The median
 * of an even count is the mean of the two middle values.
 */
record TimingSpread(double median, double min, double max) {

    TimingSpread {
        if (!(min <= median && median <= max)) {
            throw new IllegalArgumentException("need min ≤ median ≤ max, got " + min + ", " + median + ", " + max);
        }
    }

    /** The spread of {@code values}; at least one, none NaN. */
    static TimingSpread of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("NaN among " + Arrays.toString(values));
        }
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new TimingSpread(median, sorted[0], sorted[sorted.length - 1]);
    }

    /** {@code numerators[i] / denominators[i]} for each repetition i: the ratios paired within a repetition. */
    static double[] pairedRatios(double[] numerators, double[] denominators) {
        if (numerators.length != denominators.length) {
            throw new IllegalArgumentException(numerators.length + " numerators but " + denominators.length
                    + " denominators");
        }
        double[] ratios = new double[numerators.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerators[i] / denominators[i];
        }
        return ratios;
    }
}
