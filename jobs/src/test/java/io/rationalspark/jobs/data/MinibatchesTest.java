package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MinibatchesTest {

    /** Example i has feature i. */
    private static final ExampleSet NUMBERS = new ExampleSet() {
        @Override
        public int size() {
            return 10;
        }

        @Override
        public DataSet batch(int[] examples) {
            float[] values = new float[examples.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = examples[i];
            }
            return new DataSet(Nd4j.create(values, examples.length, 1), Nd4j.zeros(examples.length, 1));
        }
    };

    @Test
    void shuffledIsAPermutationFixedByTheSeed() {
        Minibatches a = Minibatches.shuffled(NUMBERS, 3, 42);
        Minibatches b = Minibatches.shuffled(NUMBERS, 3, 42);
        Minibatches c = Minibatches.shuffled(NUMBERS, 3, 43);

        assertEquals(4, a.count());
        int[] order = concat(a);
        assertArrayEquals(order, concat(b));
        assertFalse(Arrays.equals(order, concat(c)), "another seed, another order");
        assertFalse(Arrays.equals(order, IntStream.range(0, 10).toArray()), "shuffled");
        assertArrayEquals(IntStream.range(0, 10).toArray(), Arrays.stream(order).sorted().toArray());
        DataSet first = a.get(0);
        assertArrayEquals(new float[] {order[0], order[1], order[2]}, first.getFeatures().toFloatVector());
    }

    @Test
    void iteratesEveryMinibatchOnce() {
        int examples = 0;
        int batches = 0;
        for (DataSet batch : Minibatches.inOrder(NUMBERS, 4)) {
            examples += batch.numExamples();
            batches++;
        }
        assertEquals(10, examples);
        assertEquals(3, batches);
    }

    @Test
    void rejectsANonPositiveBatchSize() {
        assertThrows(IllegalArgumentException.class, () -> Minibatches.inOrder(NUMBERS, 0));
    }

    private static int[] concat(Minibatches batches) {
        return IntStream.range(0, batches.count()).flatMap(i -> Arrays.stream(batches.examplesOf(i))).toArray();
    }
}
