package io.rationalspark.training.data;

import io.rationalspark.training.TrainingData;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Training data kept in the executors: the minibatches themselves, assigned once to {@code workers} balanced
 * partitions and persisted, so that every epoch reads them from memory (or local disk, by storage level). Each
 * partition is cached as one {@link PartitionMinibatches} element, so a round reaches its first minibatch by index:
 * the cost of a round does not depend on where in the epoch it is. (At serialized or disk storage levels Spark still
 * deserialises a whole partition's block per round; for data near the executors' memory stream it with
 * {@link ShardedTrainingData}, which seeks.)
 *
 * <p>Building it runs one Spark job that fills the cache, counts each partition and validates every minibatch
 * (features and labels present, batch sizes agreeing, no NaN or infinite values, the same shapes but for the batch
 * dimension, mask presence and data types everywhere); an error names the partition and the minibatch's position
 * in it and in the input, and leaves nothing cached.
 *
 * <p>The cached {@link DataSet}s are handed to every round as they are: consumers must not modify them in place.
 * ND4J keeps array data off the JVM heap, where Spark's memory accounting does not see it; for data sets near the
 * executors' memory prefer a serialized or disk storage level, or {@link ShardedTrainingData}.
 */
public final class CachedTrainingData implements TrainingData<PartitionMinibatches> {

    private final transient JavaRDD<PartitionMinibatches> partitions;
    private final long[] sizes;

    private CachedTrainingData(JavaRDD<PartitionMinibatches> partitions, long[] sizes) {
        this.partitions = partitions;
        this.sizes = sizes;
    }

    /** {@link #of(JavaRDD, int, StorageLevel)} at {@link StorageLevel#MEMORY_ONLY()}. */
    public static CachedTrainingData of(JavaRDD<DataSet> minibatches, int workers) {
        return of(minibatches, workers, StorageLevel.MEMORY_ONLY());
    }

    /**
     * Assigns minibatch {@code i} of {@code minibatches} (in RDD order) to partition {@code i % workers}, keeping
     * the input order within each partition, and persists the result at {@code level}. The input is computed
     * twice (once by {@code zipWithIndex} to count its partitions, once for the shuffle) unless the caller has
     * cached it.
     *
     * @throws IllegalArgumentException when the input is empty, holds fewer minibatches than workers, or a
     *                                  minibatch fails validation
     */
    public static CachedTrainingData of(JavaRDD<DataSet> minibatches, int workers, StorageLevel level) {
        requireWorkers(workers);
        JavaRDD<DataSet> assigned = minibatches.zipWithIndex()
                .mapToPair(new IndexFirst())
                .repartitionAndSortWithinPartitions(new ModuloPartitioner(workers))
                .values();
        return cache(assigned, workers, level, (partition, position) -> position * workers + partition);
    }

    /**
     * Reads the shard directory {@code dirUri} once into the executors: the partitions are those of
     * {@link ShardedTrainingData#open} (contiguous balanced runs of the shards, no shuffle), persisted at
     * {@code level}.
     */
    public static CachedTrainingData fromShards(JavaSparkContext sc, String dirUri, int workers, StorageLevel level)
            throws IOException {
        requireWorkers(workers);
        ShardedTrainingData shards = ShardedTrainingData.open(sc, dirUri, workers);
        long[] sizes = shards.minibatchesPerPartition();
        long[] starts = new long[workers];
        for (int p = 1; p < workers; p++) {
            starts[p] = starts[p - 1] + sizes[p - 1];
        }
        return cache(shards.minibatches(), workers, level, (partition, position) -> starts[partition] + position);
    }

    private static void requireWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }

    /** Maps a partition and a position in it back to the minibatch's index in the input (for messages). */
    private interface Numbering {
        long inputIndex(int partition, long position);
    }

    private static CachedTrainingData cache(JavaRDD<DataSet> minibatches, int workers, StorageLevel level,
                                            Numbering numbering) {
        JavaRDD<PartitionMinibatches> assigned = minibatches.mapPartitions(new Collect(), true);
        assigned.persist(level);
        boolean done = false;
        try {
            List<PartitionSummary> summaries = assigned.mapPartitionsWithIndex(new Summarise(), true).collect();
            long[] sizes = new long[workers];
            long total = 0;
            MinibatchShape reference = null;
            int referencePartition = -1;
            for (PartitionSummary summary : summaries) {
                if (summary.problem() != null) {
                    throw new IllegalArgumentException("training data: partition " + summary.partition()
                            + ", minibatch " + summary.position() + " (minibatch "
                            + numbering.inputIndex(summary.partition(), summary.position()) + " of the input) "
                            + summary.problem());
                }
                sizes[summary.partition()] = summary.count();
                total += summary.count();
                if (summary.shape() == null) {
                    continue;
                }
                if (reference == null) {
                    reference = summary.shape();
                    referencePartition = summary.partition();
                } else if (summary.shape().mismatch(reference) != null) {
                    throw new IllegalArgumentException("training data: partition " + summary.partition()
                            + ", minibatch 0 (minibatch " + numbering.inputIndex(summary.partition(), 0)
                            + " of the input) differs from partition " + referencePartition + "'s minibatches: "
                            + summary.shape().mismatch(reference));
                }
            }
            if (total == 0) {
                throw new InsufficientDataException("training data is empty");
            }
            if (total < workers) {
                throw new InsufficientDataException("training data holds " + total + " minibatches, fewer than the "
                        + workers + " workers (each worker needs at least one)");
            }
            done = true;
            return new CachedTrainingData(assigned, sizes);
        } finally {
            if (!done) {
                assigned.unpersist(false);
            }
        }
    }

    @Override
    public JavaRDD<PartitionMinibatches> partitions() {
        return partitions;
    }

    @Override
    public long[] minibatchesPerPartition() {
        return sizes.clone();
    }

    @Override
    public PartitionAccess<PartitionMinibatches> access() {
        return new CachedAccess(sizes);
    }

    /** Unpersists the cached minibatches. */
    @Override
    public void release() {
        if (partitions != null) {
            partitions.unpersist(false);
        }
    }

    /** Hands out minibatches [from, to) of the partition's cached element by index. */
    private static final class CachedAccess implements PartitionAccess<PartitionMinibatches> {
        private final long[] sizes;

        CachedAccess(long[] sizes) {
            this.sizes = sizes.clone();
        }

        @Override
        public Iterator<DataSet> minibatches(int partition, Iterator<PartitionMinibatches> elements, long from,
                                             long to) {
            if (partition < 0 || partition >= sizes.length) {
                throw new IllegalArgumentException("no partition " + partition + ": there are " + sizes.length);
            }
            if (from < 0 || to < from || to > sizes[partition]) {
                throw new IllegalArgumentException("partition " + partition + " has " + sizes[partition]
                        + " minibatches; cannot read [" + from + ", " + to + ")");
            }
            PartitionMinibatches cached = elements.hasNext() ? elements.next() : null;
            if (cached == null || cached.size() != sizes[partition] || elements.hasNext()) {
                throw new IllegalStateException("partition " + partition + " no longer holds the " + sizes[partition]
                        + " minibatches counted when it was cached");
            }
            return new Iterator<>() {
                private int position = (int) from;

                @Override
                public boolean hasNext() {
                    return position < to;
                }

                @Override
                public DataSet next() {
                    if (position >= to) {
                        throw new NoSuchElementException();
                    }
                    return cached.get(position++);
                }
            };
        }
    }

    /** A partition's minibatches → one element holding them. */
    private static final class Collect implements FlatMapFunction<Iterator<DataSet>, PartitionMinibatches> {
        @Override
        public Iterator<PartitionMinibatches> call(Iterator<DataSet> minibatches) {
            List<DataSet> all = new ArrayList<>();
            minibatches.forEachRemaining(all::add);
            return List.of(new PartitionMinibatches(all)).iterator();
        }
    }

    /** (minibatch, index) → (index, minibatch). */
    private static final class IndexFirst implements PairFunction<Tuple2<DataSet, Long>, Long, DataSet> {
        @Override
        public Tuple2<Long, DataSet> call(Tuple2<DataSet, Long> pair) {
            return new Tuple2<>(pair._2(), pair._1());
        }
    }

    /** Minibatch {@code i} goes to partition {@code i % workers}. */
    private static final class ModuloPartitioner extends Partitioner {
        private final int workers;

        ModuloPartitioner(int workers) {
            this.workers = workers;
        }

        @Override
        public int numPartitions() {
            return workers;
        }

        @Override
        public int getPartition(Object key) {
            return (int) ((Long) key % workers);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ModuloPartitioner && ((ModuloPartitioner) other).workers == workers;
        }

        @Override
        public int hashCode() {
            return workers;
        }
    }

    /**
     * What one partition holds, or its first problem.
     *
     * @param partition the partition
     * @param count     minibatches in it
     * @param shape     its minibatch 0's shape (null when empty)
     * @param position  position of the first problem in the partition (meaningless without a problem)
     * @param problem   what is wrong with the minibatch at {@code position}, or null
     */
    private record PartitionSummary(int partition, long count, MinibatchShape shape, long position,
                                    String problem) implements Serializable {
    }

    /** Counts and validates one partition (reading it fills the cache). */
    private static final class Summarise
            implements Function2<Integer, Iterator<PartitionMinibatches>, Iterator<PartitionSummary>> {
        @Override
        public Iterator<PartitionSummary> call(Integer partition, Iterator<PartitionMinibatches> elements) {
            long count = 0;
            MinibatchShape first = null;
            PartitionMinibatches minibatches = elements.next();
            for (int i = 0; i < minibatches.size(); i++) {
                DataSet minibatch = minibatches.get(i);
                String problem = MinibatchShape.problem(minibatch);
                if (problem == null) {
                    MinibatchShape shape = MinibatchShape.of(minibatch);
                    if (first == null) {
                        first = shape;
                    } else if (shape.mismatch(first) != null) {
                        problem = "differs from the partition's minibatch 0: " + shape.mismatch(first);
                    }
                }
                if (problem != null) {
                    return List.of(new PartitionSummary(partition, count, first, count, problem)).iterator();
                }
                count++;
            }
            return List.of(new PartitionSummary(partition, count, first, 0, null)).iterator();
        }
    }
}
