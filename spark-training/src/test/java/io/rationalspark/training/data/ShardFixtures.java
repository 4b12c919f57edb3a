package io.rationalspark.training.data;

import io.rationalspark.training.TrainingData;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Generated minibatches and exact comparisons for the shard tests. */
final class ShardFixtures {

    private ShardFixtures() {
    }

    /**
     * {@code n} dense minibatches of 8 examples (features [b, 4], one-hot labels [b, 3]), the last one of
     * {@code lastSize}; content differs between minibatches.
     */
    static List<DataSet> dense(int n, int lastSize, long seed) {
        Random random = new Random(seed);
        List<DataSet> minibatches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int b = i == n - 1 ? lastSize : 8;
            INDArray features = Nd4j.create(floats(random, b * 4), new long[]{b, 4}, DataType.FLOAT);
            float[] oneHot = new float[b * 3];
            for (int e = 0; e < b; e++) {
                oneHot[e * 3 + random.nextInt(3)] = 1;
            }
            INDArray labels = Nd4j.create(oneHot, new long[]{b, 3}, DataType.FLOAT);
            minibatches.add(new DataSet(features, labels));
        }
        return minibatches;
    }

    /** {@code n} time-series minibatches of 4 examples: features [b, 3, 5], labels [b, 2, 5], masks [b, 5]. */
    static List<DataSet> sequences(int n, long seed) {
        Random random = new Random(seed);
        List<DataSet> minibatches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int b = 4;
            INDArray features = Nd4j.create(floats(random, b * 3 * 5), new long[]{b, 3, 5}, DataType.FLOAT);
            INDArray labels = Nd4j.create(floats(random, b * 2 * 5), new long[]{b, 2, 5}, DataType.FLOAT);
            float[] mask = new float[b * 5];
            for (int e = 0; e < b; e++) {
                int length = 1 + random.nextInt(5);
                Arrays.fill(mask, e * 5, e * 5 + length, 1f);
            }
            INDArray featureMask = Nd4j.create(mask, new long[]{b, 5}, DataType.FLOAT);
            INDArray labelMask = featureMask.dup();
            labelMask.putScalar(0, 0, 0f);
            minibatches.add(new DataSet(features, labels, featureMask, labelMask));
        }
        return minibatches;
    }

    private static float[] floats(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Every partition's minibatches [from, to), read by Spark tasks through the data's access. */
    static <T> List<List<DataSet>> readPartitions(TrainingData<T> data, long from, long to) {
        TrainingData.PartitionAccess<T> access = data.access();
        long[] sizes = data.minibatchesPerPartition();
        List<Tuple2<Integer, DataSet>> tagged = data.partitions().mapPartitionsWithIndex((partition, elements) -> {
            List<Tuple2<Integer, DataSet>> out = new ArrayList<>();
            access.minibatches(partition, elements, Math.min(from, sizes[partition]),
                    Math.min(to, sizes[partition])).forEachRemaining(d -> out.add(new Tuple2<>(partition, d)));
            return out.iterator();
        }, true).collect();
        List<List<DataSet>> partitions = new ArrayList<>();
        for (int p = 0; p < sizes.length; p++) {
            int partition = p;
            partitions.add(tagged.stream().filter(t -> t._1() == partition).map(Tuple2::_2)
                    .collect(Collectors.toList()));
        }
        return partitions;
    }

    static Configuration hadoop() {
        return new Configuration();
    }

    /** Asserts bit-for-bit equal features, labels and masks (shape, type and values). */
    static void assertMinibatchEquals(DataSet expected, DataSet actual, String what) {
        assertArraysEqual(expected.getFeatures(), actual.getFeatures(), what + " features");
        assertArraysEqual(expected.getLabels(), actual.getLabels(), what + " labels");
        assertArraysEqual(expected.getFeaturesMaskArray(), actual.getFeaturesMaskArray(), what + " feature mask");
        assertArraysEqual(expected.getLabelsMaskArray(), actual.getLabelsMaskArray(), what + " label mask");
    }

    static void assertMinibatchesEqual(List<DataSet> expected, List<DataSet> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of minibatches");
        for (int i = 0; i < expected.size(); i++) {
            assertMinibatchEquals(expected.get(i), actual.get(i), what + ", minibatch " + i);
        }
    }

    private static void assertArraysEqual(INDArray expected, INDArray actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        assertEquals(expected.dataType(), actual.dataType(), what + " type");
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        assertArrayEquals(expected.dup('c').data().asDouble(),
                actual.dup('c').data().asDouble(), what + " values");
    }

    /**
     * Rewrites a local file with {@code change} applied to its bytes and deletes Hadoop's {@code .crc} sibling,
     * so that the shard's own checks (not Hadoop's checksums) see the damage.
     */
    static void damage(Path file, UnaryOperator<byte[]> change) throws IOException {
        Files.write(file, change.apply(Files.readAllBytes(file)));
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }

    /** Names in a local directory, without Hadoop's .crc files. */
    static List<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Every file and directory below {@code dir}, for "nothing left behind" checks. */
    static List<String> everything(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> !f.equals(dir)).map(f -> dir.relativize(f).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }
}
