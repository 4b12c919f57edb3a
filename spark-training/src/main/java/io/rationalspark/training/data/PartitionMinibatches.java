package io.rationalspark.training.data;

import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.List;

/**
 * One partition's minibatches, in order, as a single element: what {@link CachedTrainingData} caches, so that a
 * worker reaches minibatch {@code i} by index instead of walking (and, at serialized storage levels, deserialising)
 * the {@code i} before it. Read-only: the minibatches are handed to every round as they are.
 */
public final class PartitionMinibatches implements Serializable {

    private static final long serialVersionUID = 1L;

    private final DataSet[] minibatches;

    PartitionMinibatches(List<DataSet> minibatches) {
        this.minibatches = minibatches.toArray(new DataSet[0]);
    }

    /** Minibatch {@code i} of the partition. */
    public DataSet get(int i) {
        return minibatches[i];
    }

    public int size() {
        return minibatches.length;
    }
}
