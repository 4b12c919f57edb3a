package io.rationalspark.jobs.bench;

import io.rationalspark.jobs.config.BenchConfig;
import io.rationalspark.jobs.config.JobConfigException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The points the benchmark measures: the base point of {@code bench.base} and, for each factor, the sweep that
 * varies that factor alone ({@code bench.workers}, {@code bench.averagingPeriods}, {@code bench.dataSizes},
 * {@code bench.widths}). Points shared by several sweeps (the base point at least) are measured once. Points are
 * ordered by data size and workers, so that consecutive points share the cached training data.
 *
 * @param base             the base point
 * @param points           every distinct point, in measuring order
 * @param baseMinibatches  training minibatches at data size ×1
 * @param totalMinibatches training minibatches in the shards
 */
public record BenchPlan(SweepPoint base, List<SweepPoint> points, long baseMinibatches, long totalMinibatches) {

    /** A factor of the sweep, with how reports name it. */
    public enum Factor {
        WORKERS("workers", "workers", SweepPoint::workers),
        AVERAGING_PERIOD("averaging-period", "averaging period k", SweepPoint::averagingPeriod),
        DATA_SIZE("data-size", "data size (× base)", SweepPoint::dataSize),
        WIDTH("width", "width multiplier", SweepPoint::width);

        private final String fileName;
        private final String label;
        private final ToDoubleFunction<SweepPoint> value;

        Factor(String fileName, String label, ToDoubleFunction<SweepPoint> value) {
            this.fileName = fileName;
            this.label = label;
            this.value = value;
        }

        public String fileName() {
            return fileName;
        }

        public String label() {
            return label;
        }

        public double of(SweepPoint p) {
            return value.applyAsDouble(p);
        }
    }

    public BenchPlan {
        points = List.copyOf(points);
    }

    /**
     * Plans the sweep of {@code bench} over shards holding {@code totalMinibatches} training minibatches.
     *
     * @throws JobConfigException when the data cannot hold the largest data size, or a point has more workers than
     *                            minibatches (every worker needs at least one), naming the keys
     */
    public static BenchPlan of(BenchConfig bench, long totalMinibatches) {
        int largest = bench.largestDataSize();
        long baseMinibatches;
        if (bench.baseMinibatches().isPresent()) {
            baseMinibatches = bench.baseMinibatches().getAsInt();
            if (baseMinibatches * largest > totalMinibatches) {
                throw new JobConfigException("bench.baseMinibatches = " + baseMinibatches + " times the largest data"
                        + " size (" + largest + ", of bench.dataSizes and bench.base.dataSize) needs "
                        + baseMinibatches * largest + " training minibatches, but data.train holds "
                        + totalMinibatches);
            }
        } else {
            baseMinibatches = totalMinibatches / largest;
            if (baseMinibatches < 1) {
                throw new JobConfigException("data.train holds " + totalMinibatches + " training minibatches, fewer"
                        + " than the largest data size " + largest + " (bench.dataSizes): no minibatch for size ×1");
            }
        }
        BenchConfig.Base b = bench.base();
        SweepPoint base = new SweepPoint(b.workers(), b.averagingPeriod(), b.dataSize(), b.width());
        Set<SweepPoint> distinct = new LinkedHashSet<>();
        distinct.add(base);
        for (int w : bench.workers()) {
            distinct.add(base.withWorkers(w));
        }
        for (int k : bench.averagingPeriods()) {
            distinct.add(base.withAveragingPeriod(k));
        }
        for (int d : bench.dataSizes()) {
            distinct.add(base.withDataSize(d));
        }
        for (double x : bench.widths()) {
            distinct.add(base.withWidth(x));
        }
        for (SweepPoint p : distinct) {
            long minibatches = p.dataSize() * baseMinibatches;
            if (p.workers() > minibatches) {
                String key = p.workers() == b.workers() ? "bench.base.workers" : "bench.workers";
                throw new JobConfigException(key + ": " + p.workers() + " workers at point " + p.name() + " but only "
                        + minibatches + " training minibatches at data size ×" + p.dataSize() + " (bench.baseMinibatches"
                        + " = " + baseMinibatches + "); every worker needs at least one minibatch");
            }
        }
        List<SweepPoint> ordered = new ArrayList<>(distinct);
        ordered.sort(Comparator.comparingInt(SweepPoint::dataSize).thenComparingInt(SweepPoint::workers));
        return new BenchPlan(base, ordered, baseMinibatches, totalMinibatches);
    }

    /** Training minibatches read at {@code point}'s data size. */
    public long minibatches(SweepPoint point) {
        return point.dataSize() * baseMinibatches;
    }

    /** The points of {@code factor}'s sweep (the others at their base values), by increasing factor value. */
    public List<SweepPoint> sweep(Factor factor) {
        List<SweepPoint> result = new ArrayList<>();
        for (SweepPoint p : points) {
            boolean others = true;
            for (Factor f : Factor.values()) {
                if (f != factor && f.of(p) != f.of(base)) {
                    others = false;
                }
            }
            if (others) {
                result.add(p);
            }
        }
        result.sort(Comparator.comparingDouble(factor::of));
        return result;
    }
}
