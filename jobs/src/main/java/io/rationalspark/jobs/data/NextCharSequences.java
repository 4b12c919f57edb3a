package io.rationalspark.jobs.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Next-symbol prediction examples over a symbol sequence s: example i is the window starting at p = i·T, with
 * features s[p … p+T−1] and labels s[p+1 … p+T] (the same window shifted by one). Windows do not overlap, so there
 * are ⌊(n − 1) / T⌋ examples and the last few symbols may go unused. A minibatch of m holds one-hot features and
 * labels [m, V, T] (NCW, DL4J's recurrent layout): entry (j, c, t) is 1 when the t-th symbol of the j-th example
 * is c.
 */
public final class NextCharSequences implements ExampleSet {

    private final int[] symbols;
    private final int vocabularySize;
    private final int length;

    NextCharSequences(int[] symbols, int vocabularySize, int length) {
        this.symbols = symbols;
        this.vocabularySize = vocabularySize;
        this.length = length;
    }

    @Override
    public int size() {
        return (symbols.length - 1) / length;
    }

    /** The sequence length T. */
    public int length() {
        return length;
    }

    /** Alphabet size V. */
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public DataSet batch(int[] examples) {
        int m = examples.length;
        int perExample = vocabularySize * length;
        float[] features = new float[m * perExample];
        float[] labels = new float[m * perExample];
        for (int j = 0; j < m; j++) {
            int example = examples[j];
            if (example < 0 || example >= size()) {
                throw new IndexOutOfBoundsException("example " + example + " of " + size());
            }
            int start = example * length;
            for (int t = 0; t < length; t++) {
                features[j * perExample + symbols[start + t] * length + t] = 1f;
                labels[j * perExample + symbols[start + t + 1] * length + t] = 1f;
            }
        }
        long[] shape = {m, vocabularySize, length};
        INDArray x = Nd4j.create(features, shape, DataType.FLOAT);
        INDArray y = Nd4j.create(labels, shape, DataType.FLOAT);
        return new DataSet(x, y);
    }
}
