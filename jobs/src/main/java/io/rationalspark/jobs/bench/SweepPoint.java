package io.rationalspark.jobs.bench;

import java.util.Locale;

/**
 * One point of the benchmark's sweep.
 *
 * @param workers         workers (partitions of the training data)
 * @param averagingPeriod k: minibatches each worker fits between two averagings
 * @param dataSize        data-size multiplier: the first {@code dataSize × baseMinibatches} training minibatches
 * @param width           width multiplier of every hidden layer
 */
public record SweepPoint(int workers, int averagingPeriod, int dataSize, double width) {

    /** A name for files and logs: {@code w4-k5-d1-x1}. */
    public String name() {
        return String.format(Locale.ROOT, "w%d-k%d-d%d-x%s", workers, averagingPeriod, dataSize, widthText());
    }

    /** The width multiplier as written in reports: {@code 1}, {@code 0.5}. */
    public String widthText() {
        return width == Math.rint(width) ? String.valueOf((long) width) : String.valueOf(width);
    }

    SweepPoint withWorkers(int w) {
        return new SweepPoint(w, averagingPeriod, dataSize, width);
    }

    SweepPoint withAveragingPeriod(int k) {
        return new SweepPoint(workers, k, dataSize, width);
    }

    SweepPoint withDataSize(int d) {
        return new SweepPoint(workers, averagingPeriod, d, width);
    }

    SweepPoint withWidth(double x) {
        return new SweepPoint(workers, averagingPeriod, dataSize, x);
    }
}
