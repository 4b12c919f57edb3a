package io.rationalspark.jobs.data;

import org.nd4j.linalg.dataset.DataSet;

/**
 * A finite, indexed set of examples held in memory in a compact form, that builds an ND4J {@link DataSet} for any
 * selection of them. {@link Minibatches} cuts one into minibatches.
 */
public interface ExampleSet {

    /** Number of examples, indexed 0 … size − 1. */
    int size();

    /** The examples at these indices, in this order, as one ND4J minibatch (features, labels and masks if any). */
    DataSet batch(int[] examples);
}
