package io.rationalspark.jobs.bench;

import io.rationalspark.training.TrainingData;
import io.rationalspark.training.data.CachedTrainingData;
import io.rationalspark.training.data.ShardedTrainingData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;

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
                .mapPartitionsWithIndex(new TrainingData.AllMinibatches<>(shards.access(), take), true)
                .setName("first " + minibatches + " minibatches of " + shards.directory());
        return CachedTrainingData.of(prefix, workers, StorageLevel.MEMORY_ONLY());
    }
}
