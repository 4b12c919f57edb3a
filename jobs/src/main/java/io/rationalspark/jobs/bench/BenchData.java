package io.rationalspark.jobs.bench;

import io.rationalspark.training.TrainingData;
import io.rationalspark.training.data.CachedTrainingData;
import io.rationalspark.training.data.ShardSlice;
import io.rationalspark.training.data.ShardedTrainingData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.util.Iterator;

/**
 * The benchmark's training data at one data size and worker count: the first {@code minibatches} minibatches of
 * the shard directory (the same ones whatever the workers), dealt round-robin to {@code workers} partitions and
 * cached in the executors ({@link CachedTrainingData#of}). The same cached minibatches feed both engines.
 */
final class BenchData {

    private BenchData() {
    }

    /**
     * Reads the first {@code minibatches} minibatches of {@code trainDir} into {@code workers} cached partitions.
     * The shards are read by {@code readers} parallel tasks, each the prefix's part of its contiguous run.
     */
    static CachedTrainingData firstMinibatches(JavaSparkContext sc, String trainDir, long minibatches, int workers,
                                               int readers) throws IOException {
        ShardedTrainingData shards = ShardedTrainingData.open(sc, trainDir, readers);
        long[] sizes = shards.minibatchesPerPartition();
        long[] take = new long[sizes.length];
        long start = 0;
        for (int p = 0; p < sizes.length; p++) {
            take[p] = Math.max(0, Math.min(sizes[p], minibatches - start));
            start += sizes[p];
        }
        JavaRDD<DataSet> prefix = shards.partitions()
                .mapPartitionsWithIndex(new ReadPrefix(shards.access(), take), true)
                .setName("first " + minibatches + " minibatches of " + shards.directory());
        return CachedTrainingData.of(prefix, workers, StorageLevel.MEMORY_ONLY());
    }

    /**
     * The cached minibatches as a new, unpersisted RDD with the same partitions, as dl4j-spark's direct approach
     * wants it (it persists its input itself and refuses one that already has a storage level).
     */
    static <T> JavaRDD<DataSet> forDl4jSpark(TrainingData<T> data) {
        return data.partitions().mapPartitionsWithIndex(new AllMinibatches<>(data.access(),
                data.minibatchesPerPartition()), true);
    }

    /** Minibatches [0, take[p]) of reader partition p. */
    private static final class ReadPrefix implements Function2<Integer, Iterator<ShardSlice>, Iterator<DataSet>> {
        private final TrainingData.PartitionAccess<ShardSlice> access;
        private final long[] take;

        ReadPrefix(TrainingData.PartitionAccess<ShardSlice> access, long[] take) {
            this.access = access;
            this.take = take.clone();
        }

        @Override
        public Iterator<DataSet> call(Integer partition, Iterator<ShardSlice> slices) {
            return access.minibatches(partition, slices, 0, take[partition]);
        }
    }

    /** Every minibatch of a partition, in order: a child RDD of the cached one. */
    private static final class AllMinibatches<T> implements Function2<Integer, Iterator<T>, Iterator<DataSet>> {
        private final TrainingData.PartitionAccess<T> access;
        private final long[] sizes;

        AllMinibatches(TrainingData.PartitionAccess<T> access, long[] sizes) {
            this.access = access;
            this.sizes = sizes.clone();
        }

        @Override
        public Iterator<DataSet> call(Integer partition, Iterator<T> elements) {
            return access.minibatches(partition, elements, 0, sizes[partition]);
        }
    }
}
