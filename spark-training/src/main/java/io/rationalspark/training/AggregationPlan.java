package io.rationalspark.training;

/**
 * How a round's worker results are summed ({@code treeAggregate}): the depth of the tree, and where its last merge
 * runs. Spark's last merge on an executor costs a shuffle stage per round (seen: 0.1–0.3 s on one-core executors), so
 * it is taken only when it pays: when the workers' results together exceed {@value #DRIVER_MERGE_LIMIT_BYTES} bytes
 * or a quarter of {@code spark.driver.maxResultSize}. Below that the driver merges the W results itself, which costs
 * it O(parameters × workers) of small arrays; above it the driver receives one summed result, O(parameters), whatever
 * the workers, and {@code spark.driver.maxResultSize} need not grow with them.
 *
 * @param depth               the tree's depth ({@link AveragingConfig#treeDepth()})
 * @param lastMergeOnExecutor whether the last merge runs on an executor (else on the driver)
 * @param resultBytes         the workers' results together, as estimated
 */
public record AggregationPlan(int depth, boolean lastMergeOnExecutor, long resultBytes) {

    /** The workers' results together up to which the driver merges them itself: 64 MiB. */
    public static final long DRIVER_MERGE_LIMIT_BYTES = 64L << 20;

    /**
     * The plan for {@code config}'s workers each returning {@code workerResultBytes} (parameters and, when averaged,
     * updater state), under {@code maxResultSize} ({@code spark.driver.maxResultSize}; 0 = unlimited).
     */
    public static AggregationPlan of(AveragingConfig config, long workerResultBytes, long maxResultSize) {
        long total = workerResultBytes * config.workers();
        long limit = maxResultSize <= 0 ? DRIVER_MERGE_LIMIT_BYTES : Math.min(DRIVER_MERGE_LIMIT_BYTES, maxResultSize / 4);
        return new AggregationPlan(config.treeDepth(), total > limit, total);
    }

    @Override
    public String toString() {
        return "tree depth " + depth + ", last merge on " + (lastMergeOnExecutor ? "an executor" : "the driver")
                + String.format(java.util.Locale.ROOT, " (worker results %.1f %s together)",
                resultBytes < (1L << 20) ? resultBytes / 1024.0 : resultBytes / 1048576.0,
                resultBytes < (1L << 20) ? "KiB" : "MiB");
    }
}
