package io.rationalspark.jobs.data;

import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * An {@link ExampleSet} cut into minibatches of {@code batchSize} examples (the last one holds the remainder), in
 * file order or in one seeded shuffle. Minibatches are built when asked for, so a set whose dense form is large
 * (one-hot characters) is never materialised whole; {@link #toList()} does materialise them, e.g. to hand them to
 * Spark. An {@code Iterable}, so DL4J's {@code ExistingDataSetIterator} can wrap it for {@code fit}/{@code evaluate}.
 *
 * <p>Shuffle before training on a file that is sorted by label: the IMDB splits hold all negative reviews first.
 */
public final class Minibatches implements Iterable<DataSet> {

    private final ExampleSet examples;
    private final int[] order;
    private final int batchSize;

    private Minibatches(ExampleSet examples, int[] order, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be ≥ 1, got " + batchSize);
        }
        this.examples = examples;
        this.order = order;
        this.batchSize = batchSize;
    }

    /** Minibatches of consecutive examples: 0 … batchSize − 1, then batchSize … 2·batchSize − 1, and so on. */
    public static Minibatches inOrder(ExampleSet examples, int batchSize) {
        int[] order = new int[examples.size()];
        Arrays.setAll(order, i -> i);
        return new Minibatches(examples, order, batchSize);
    }

    /**
     * Minibatches over one permutation of the examples drawn from {@code seed} (Fisher–Yates with
     * {@link java.util.Random}, whose algorithm Java specifies, so the order is the same on every JVM).
     */
    public static Minibatches shuffled(ExampleSet examples, int batchSize, long seed) {
        int[] order = new int[examples.size()];
        Arrays.setAll(order, i -> i);
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return new Minibatches(examples, order, batchSize);
    }

    /** Number of minibatches: ⌈examples / batchSize⌉. */
    public int count() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** The example indices that minibatch {@code index} holds, in order. */
    public int[] examplesOf(int index) {
        if (index < 0 || index >= count()) {
            throw new IndexOutOfBoundsException("minibatch " + index + " of " + count());
        }
        int from = index * batchSize;
        return Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length));
    }

    /** Minibatch {@code index}, built now. */
    public DataSet get(int index) {
        return examples.batch(examplesOf(index));
    }

    /** All minibatches, built now. */
    public List<DataSet> toList() {
        List<DataSet> all = new ArrayList<>(count());
        for (DataSet batch : this) {
            all.add(batch);
        }
        return all;
    }

    @Override
    public Iterator<DataSet> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count();
            }

            @Override
            public DataSet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }
}
