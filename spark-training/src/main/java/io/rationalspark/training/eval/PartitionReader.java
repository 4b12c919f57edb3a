package io.rationalspark.training.eval;

import io.rationalspark.training.TrainingData;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.Iterator;

/** How an evaluation task turns the elements of its partition into the minibatches to evaluate. */
@FunctionalInterface
interface PartitionReader<T> extends Serializable {

    Iterator<DataSet> minibatches(int partition, Iterator<T> elements);

    /** An RDD of minibatches: every element is one minibatch. */
    final class Whole implements PartitionReader<DataSet> {
        @Override
        public Iterator<DataSet> minibatches(int partition, Iterator<DataSet> elements) {
            return elements;
        }
    }

    /** Every minibatch of every partition of a {@link TrainingData}, through its {@link TrainingData#access()}. */
    final class AllOf<T> implements PartitionReader<T> {
        private final TrainingData.PartitionAccess<T> access;
        private final long[] minibatchesPerPartition;

        AllOf(TrainingData.PartitionAccess<T> access, long[] minibatchesPerPartition) {
            this.access = access;
            this.minibatchesPerPartition = minibatchesPerPartition.clone();
        }

        @Override
        public Iterator<DataSet> minibatches(int partition, Iterator<T> elements) {
            return access.minibatches(partition, elements, 0, minibatchesPerPartition[partition]);
        }
    }
}
