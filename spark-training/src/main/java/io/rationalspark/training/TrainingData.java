package io.rationalspark.training;

import org.apache.spark.api.java.JavaRDD;
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
