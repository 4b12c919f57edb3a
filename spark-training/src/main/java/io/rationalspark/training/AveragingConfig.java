package io.rationalspark.training;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ModelAveragingTrainer} trains: immutable and validated at construction, with messages that
 * name the setting and the value. Build with {@link #builder()}; defaults are the builder's field initialisers,
 * pinned by a test.
 *
 * <p>How the schedules combine (see {@link #period(long, int)}): round r of epoch e uses k = 1 while r &lt;
 * warmupRounds, else min(maxAveragingPeriod, averagingPeriod · 2^⌊e / periodDoublingEpochs⌋). Warm-up rounds count
 * towards the epoch like any other; during them the outer optimizer is off (the plain average, synchronous SGD: the
 * post-local-SGD recipe) and its momentum stays zero. Learning-rate scaling ramps over rounds, independently of k.
 *
 * @param workers                 number of workers (Spark partitions of the training data)
 * @param averagingPeriod         k: minibatches each worker fits between two averagings
 * @param warmupRounds            synchronous warm-up: the first rounds use k = 1
 * @param updaterPolicy           average or reset the updater state each round
 * @param learningRateScaling     opt-in: scale every layer's learning rate by the number of workers, ramped
 *                                linearly over {@code learningRateWarmupRounds} rounds (Goyal et al. 2017)
 * @param learningRateWarmupRounds rounds over which the scaling ramps from 1× to workers×
 * @param epochs                  stop after this many passes over the data (0: no epoch limit)
 * @param maxRounds               stop after this many rounds in total (0: no round limit)
 * @param timeBudget              stop at the first round boundary after this much time (null: none)
 * @param seed                    base seed: worker RNGs are seeded from (seed, round, worker)
 * @param aggregationDepth        depth of the tree that sums the workers' results in the executors (Spark's
 *                                {@code treeAggregate}); 0: chosen from the worker count ({@link #treeDepth()})
 * @param outer                   the outer optimizer applied to the averaged step after the warm-up
 * @param periodDoublingEpochs    k doubles every this many epochs, up to {@code maxAveragingPeriod} (0: k stays)
 * @param maxAveragingPeriod      the cap of that growth
 */
public record AveragingConfig(int workers, int averagingPeriod, int warmupRounds, UpdaterPolicy updaterPolicy,
                              boolean learningRateScaling, int learningRateWarmupRounds, int epochs, long maxRounds,
                              Duration timeBudget, long seed, int aggregationDepth, OuterOptimizer outer,
                              int periodDoublingEpochs, int maxAveragingPeriod) implements Serializable {

    public AveragingConfig {
        require(workers >= 1, "trainer.workers must be >= 1, got " + workers);
        require(averagingPeriod >= 1, "trainer.averagingPeriod must be >= 1, got " + averagingPeriod);
        require(warmupRounds >= 0, "trainer.warmupRounds must be >= 0, got " + warmupRounds);
        Objects.requireNonNull(updaterPolicy, "trainer.updaterPolicy must not be null");
        require(learningRateWarmupRounds >= 1, "trainer.learningRateWarmupRounds must be >= 1, got "
                + learningRateWarmupRounds);
        require(epochs >= 0, "trainer.epochs must be >= 0, got " + epochs);
        require(maxRounds >= 0, "trainer.maxRounds must be >= 0, got " + maxRounds);
        require(timeBudget == null || !timeBudget.isNegative() && !timeBudget.isZero(),
                "trainer.timeBudget must be positive, got " + timeBudget);
        require(aggregationDepth >= 0, "trainer.aggregationDepth must be >= 0 (0: chosen from the workers), got "
                + aggregationDepth);
        Objects.requireNonNull(outer, "trainer.outer must not be null");
        require(periodDoublingEpochs >= 0, "trainer.periodDoublingEpochs must be >= 0 (0: k stays), got "
                + periodDoublingEpochs);
        require(periodDoublingEpochs == 0 || maxAveragingPeriod >= averagingPeriod,
                "trainer.maxAveragingPeriod must be >= trainer.averagingPeriod (" + averagingPeriod
                        + ") when k grows (trainer.periodDoublingEpochs = " + periodDoublingEpochs + "), got "
                        + maxAveragingPeriod);
        require(epochs > 0 || maxRounds > 0 || timeBudget != null,
                "trainer: set at least one of epochs, maxRounds or timeBudget (all are unset)");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * k for round {@code round} of epoch {@code epoch} (both 0-based): 1 during the synchronous warm-up, then the
     * averaging period, doubled every {@code periodDoublingEpochs} epochs up to {@code maxAveragingPeriod} when set.
     */
    public int period(long round, int epoch) {
        if (isWarmUp(round)) {
            return 1;
        }
        if (periodDoublingEpochs == 0) {
            return averagingPeriod;
        }
        long k = averagingPeriod;
        for (int doublings = epoch / periodDoublingEpochs; doublings > 0 && k < maxAveragingPeriod; doublings--) {
            k *= 2;
        }
        return (int) Math.min(k, maxAveragingPeriod);
    }

    /** Whether round {@code round} (0-based) is a synchronous warm-up round: k = 1, no outer step. */
    public boolean isWarmUp(long round) {
        return round < warmupRounds;
    }

    /**
     * The depth of the aggregation tree: {@code aggregationDepth} when set, else the smallest depth ≥ 2 at which
     * Spark's {@code treeAggregate} merges at most about 4 results per task at every level (2 up to 16 workers, 3 up
     * to 64, 4 up to 256). The last level always runs in an executor, so the driver receives one summed result
     * whatever the depth.
     */
    public int treeDepth() {
        if (aggregationDepth > 0) {
            return aggregationDepth;
        }
        int depth = 2;
        long reach = 16;
        while (reach < workers) {
            depth++;
            reach *= 4;
        }
        return depth;
    }

    /** The learning-rate multiplier of round {@code round} (0-based): 1 unless scaling is on. */
    public double learningRateMultiplier(long round) {
        if (!learningRateScaling) {
            return 1;
        }
        double ramp = Math.min(1.0, (round + 1.0) / learningRateWarmupRounds);
        return 1 + (workers - 1) * ramp;
    }

    public Builder toBuilder() {
        return new Builder().workers(workers).averagingPeriod(averagingPeriod).warmupRounds(warmupRounds)
                .updaterPolicy(updaterPolicy).learningRateScaling(learningRateScaling, learningRateWarmupRounds)
                .epochs(epochs).maxRounds(maxRounds).timeBudget(timeBudget).seed(seed)
                .aggregationDepth(aggregationDepth).outer(outer)
                .periodGrowth(periodDoublingEpochs, maxAveragingPeriod);
    }

    /** Builder; the defaults live here. */
    public static final class Builder {
        private int workers = 2;
        private int averagingPeriod = 5;
        private int warmupRounds = 0;
        private UpdaterPolicy updaterPolicy = UpdaterPolicy.AVERAGE;
        private boolean learningRateScaling = false;
        private int learningRateWarmupRounds = 1;
        private int epochs = 1;
        private long maxRounds = 0;
        private Duration timeBudget = null;
        private long seed = 12345;
        private int aggregationDepth = 0;
        private OuterOptimizer outer = new OuterOptimizer.None();
        private int periodDoublingEpochs = 0;
        private int maxAveragingPeriod = 64;

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder averagingPeriod(int k) {
            this.averagingPeriod = k;
            return this;
        }

        public Builder warmupRounds(int rounds) {
            this.warmupRounds = rounds;
            return this;
        }

        public Builder updaterPolicy(UpdaterPolicy policy) {
            this.updaterPolicy = policy;
            return this;
        }

        public Builder learningRateScaling(boolean on, int warmupRounds) {
            this.learningRateScaling = on;
            this.learningRateWarmupRounds = warmupRounds;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder maxRounds(long maxRounds) {
            this.maxRounds = maxRounds;
            return this;
        }

        public Builder timeBudget(Duration budget) {
            this.timeBudget = budget;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder aggregationDepth(int depth) {
            this.aggregationDepth = depth;
            return this;
        }

        public Builder outer(OuterOptimizer outer) {
            this.outer = outer;
            return this;
        }

        /** k doubles every {@code doublingEpochs} epochs (0: never) up to {@code maxPeriod}. */
        public Builder periodGrowth(int doublingEpochs, int maxPeriod) {
            this.periodDoublingEpochs = doublingEpochs;
            this.maxAveragingPeriod = maxPeriod;
            return this;
        }

        public AveragingConfig build() {
            return new AveragingConfig(workers, averagingPeriod, warmupRounds, updaterPolicy, learningRateScaling,
                    learningRateWarmupRounds, epochs, maxRounds, timeBudget, seed, aggregationDepth, outer,
                    periodDoublingEpochs, maxAveragingPeriod);
        }
    }
}
