package io.rationalspark.jobs.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reviews as index sequences of length L ({@link ReviewEncoder}). A minibatch of n holds what DL4J's
 * {@code EmbeddingSequenceLayer} takes: features [n, L] (the indices, as floats), a features mask [n, L] (1 for a
 * token, 0 for padding) and one-hot labels [n, 2] (column 0 negative, 1 positive), for a network that pools or
 * takes the last step over time before its output layer.
 */
public final class EncodedReviews implements ExampleSet {

    /** Sentiment classes: negative, positive. */
    public static final int CLASSES = 2;

    private final int[][] sequences;
    private final int[] labels;
    private final int length;

    EncodedReviews(int[][] sequences, int[] labels, int length) {
        this.sequences = sequences;
        this.labels = labels;
        this.length = length;
    }

    @Override
    public int size() {
        return labels.length;
    }

    /** The sequence length L. */
    public int length() {
        return length;
    }

    /** A copy of example {@code index}'s index sequence (padded to L). */
    public int[] sequence(int index) {
        return sequences[index].clone();
    }

    public int label(int index) {
        return labels[index];
    }

    @Override
    public DataSet batch(int[] examples) {
        int n = examples.length;
        float[] features = new float[n * length];
        float[] mask = new float[n * length];
        float[] oneHot = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            int[] sequence = sequences[examples[i]];
            int tokens = ReviewEncoder.tokens(sequence);
            for (int t = 0; t < length; t++) {
                features[i * length + t] = sequence[t];
                mask[i * length + t] = t < tokens ? 1f : 0f;
            }
            oneHot[i * CLASSES + labels[examples[i]]] = 1f;
        }
        long[] shape = {n, length};
        INDArray x = Nd4j.create(features, shape, DataType.FLOAT);
        INDArray m = Nd4j.create(mask, shape, DataType.FLOAT);
        INDArray y = Nd4j.create(oneHot, new long[] {n, CLASSES}, DataType.FLOAT);
        return new DataSet(x, y, m, null);
    }
}
