package io.rationalspark.training;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Training data as the trainer sees it: one Spark partition per worker, each an ordered list of minibatches
 * that a worker can enter at any position. Elements of type {@code T} are whatever a partition is made of
 * (the minibatches themselves when cached in the executors, shard slices when streamed from files).
 */
public interface TrainingData<T> extends Serializable {

    /** The partitions, one per worker, prepared once (cached or cheap to recompute). */
    JavaRDD<T> partitions();

    /** Minibatches in each partition, in partition order. */
    long[] minibatchesPerPartition();

    /** How a worker reads minibatches [from, to) of its partition. */
    PartitionAccess<T> access();

    /** Releases what {@link #partitions()} holds in the executors (cached blocks). */
    void release();

    /**
     * Every minibatch of every partition, in partition order, as an RDD read on the executors through
     * {@link #access()}: nothing is collected to the driver and nothing is persisted here, so a caller (dl4j-spark's
     * direct approach, an evaluation) may persist it at the level it wants, and a lost block is recomputed from
     * {@link #partitions()}.
     */
    default JavaRDD<DataSet> minibatches() {
        return partitions().mapPartitionsWithIndex(new AllMinibatches<>(access(), minibatchesPerPartition()), true);
    }

    /** Minibatches [0, size) of each partition: what {@link #minibatches()} maps every partition with. */
    final class AllMinibatches<T> implements Function2<Integer, Iterator<T>, Iterator<DataSet>> {
        private static final long serialVersionUID = 1L;

        private final PartitionAccess<T> access;
        private final long[] sizes;

        public AllMinibatches(PartitionAccess<T> access, long[] sizes) {
            this.access = access;
            this.sizes = sizes.clone();
        }

        @Override
        public Iterator<DataSet> call(Integer partition, Iterator<T> elements) {
            return access.minibatches(partition, elements, 0, sizes[partition]);
        }
    }

    /** Reads a range of a partition's minibatches on an executor. */
    @FunctionalInterface
    interface PartitionAccess<T> extends Serializable {
        /**
         * Minibatches [from, to) of partition {@code partition}, given the iterator Spark hands the task over
         * that partition's elements.
         */
        Iterator<DataSet> minibatches(int partition, Iterator<T> elements, long from, long to);
    }
}
