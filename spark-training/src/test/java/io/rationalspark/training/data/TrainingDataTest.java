package io.rationalspark.training.data;

import io.rationalspark.training.LocalSpark;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.rationalspark.training.data.ShardFixtures.assertMinibatchesEqual;
import static io.rationalspark.training.data.ShardFixtures.dense;
import static io.rationalspark.training.data.ShardFixtures.hadoop;
import static io.rationalspark.training.data.ShardFixtures.readPartitions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ShardedTrainingData and CachedTrainingData in local Spark: balance, order, determinism, ranges, validation. */
@ExtendWith(LocalSpark.class)
class TrainingDataTest {

    @TempDir
    Path tmp;

    private String shards(List<DataSet> minibatches, int perShard) throws IOException {
        String dir = tmp.resolve("shards").toUri().toString();
        new ShardWriter(hadoop(), perShard).write(minibatches.iterator(), dir);
        return dir;
    }

    @Test
    void shardedDataIsBalancedContiguousAndDeterministic(JavaSparkContext sc) throws IOException {
        List<DataSet> input = dense(10, 5, 21);
        String dir = shards(input, 4);
        ShardedTrainingData data = ShardedTrainingData.open(sc, dir, 3);

        assertArrayEquals(new long[]{4, 3, 3}, data.minibatchesPerPartition());
        assertEquals(3, data.partitions().getNumPartitions());
        List<List<ShardSlice>> slices = data.partitions().glom().collect();
        assertEquals(data.plan(), slices, "partition p holds the slices planned for p");
        assertEquals(List.of(new ShardSlice(data.directory() + "/shard-00001.rsb", 0, 3,
                        data.manifest().shards().get(1).sha256())),
                slices.get(1), "shard 1 is split between partitions 1 and 2");
        assertEquals(2, slices.get(2).size());

        List<List<DataSet>> all = readPartitions(data, 0, Long.MAX_VALUE);
        assertMinibatchesEqual(input.subList(0, 4), all.get(0), "partition 0");
        assertMinibatchesEqual(input.subList(4, 7), all.get(1), "partition 1");
        assertMinibatchesEqual(input.subList(7, 10), all.get(2), "partition 2");

        ShardedTrainingData again = ShardedTrainingData.open(sc, dir, 3);
        assertEquals(slices, again.partitions().glom().collect(), "same plan from a second construction");
        List<List<DataSet>> allAgain = readPartitions(again, 0, Long.MAX_VALUE);
        for (int p = 0; p < 3; p++) {
            assertMinibatchesEqual(all.get(p), allAgain.get(p), "second construction, partition " + p);
        }

        List<List<DataSet>> range = readPartitions(data, 1, 3);
        assertMinibatchesEqual(input.subList(1, 3), range.get(0), "partition 0 [1, 3)");
        assertMinibatchesEqual(input.subList(5, 7), range.get(1), "partition 1 [1, 3)");
        assertMinibatchesEqual(input.subList(8, 10), range.get(2), "partition 2 [1, 3)");
        List<List<DataSet>> crossing = readPartitions(data, 2, 3);
        assertMinibatchesEqual(input.subList(9, 10), crossing.get(2), "partition 2 [2, 3), in its second slice");

        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                () -> data.access().minibatches(1, data.plan().get(1).iterator(), 2, 4));
        assertTrue(beyond.getMessage().contains("partition 1 has 3 minibatches"), beyond.getMessage());
    }

    @Test
    void fewerMinibatchesThanWorkersIsAnError(JavaSparkContext sc) throws IOException {
        String dir = shards(dense(2, 8, 22), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShardedTrainingData.open(sc, dir, 3));
        assertTrue(e.getMessage().contains("2 minibatches") && e.getMessage().contains("3 workers"),
                e.getMessage());
    }

    /** A shard written without validation holds a NaN: reading it must fail naming the file and the record. */
    @Test
    void nanInAShardFailsAtReadTime(JavaSparkContext sc) throws IOException {
        List<DataSet> input = dense(6, 8, 23);
        input.get(4).getFeatures().putScalar(2, 2, Double.NaN);
        Path dir = tmp.resolve("unchecked");
        Files.createDirectories(dir);
        FileSystem fs = FileSystem.get(dir.toUri(), hadoop());
        org.apache.hadoop.fs.Path hadoopDir = new org.apache.hadoop.fs.Path(dir.toUri());
        try (ShardFileWriter writer = new ShardFileWriter(fs.create(new org.apache.hadoop.fs.Path(hadoopDir,
                "shard-00000.rsb")))) {
            for (DataSet minibatch : input) {
                writer.append(minibatch);
            }
            writer.finish();
        }
        new ShardManifest(1, 8, 6, 48, MinibatchShape.of(input.get(0)),
                List.of(new ShardManifest.Shard("shard-00000.rsb", 6, 48, null)), null).write(fs, hadoopDir);

        ShardedTrainingData data = ShardedTrainingData.open(sc, dir.toUri().toString(), 2);
        List<DataSet> clean = new ArrayList<>();
        data.access().minibatches(0, data.plan().get(0).iterator(), 0, 3).forEachRemaining(clean::add);
        assertMinibatchesEqual(input.subList(0, 3), clean, "partition 0 is clean");
        java.io.UncheckedIOException unchecked = assertThrows(java.io.UncheckedIOException.class,
                () -> data.access().minibatches(1, data.plan().get(1).iterator(), 0, 3).forEachRemaining(d -> { }));
        assertTrue(unchecked.getCause() instanceof CorruptShardException, "bad data: " + unchecked.getCause());
        String direct = unchecked.getCause().getMessage();
        assertTrue(direct.contains("shard-00000.rsb") && direct.contains("record 4") && direct.contains("NaN"), direct);
        SparkException inTask = assertThrows(SparkException.class, () -> readPartitions(data, 0, 3));
        assertTrue(inTask.getMessage().contains("shard-00000.rsb, record 4"), inTask.getMessage());
        assertMinibatchesEqual(input.subList(3, 4), readPartitions(data, 0, 1).get(1), "records before the NaN still read");
    }

    @Test
    void cachedDataIsBalancedRoundRobinAndDeterministic(JavaSparkContext sc) {
        List<DataSet> input = dense(10, 5, 24);
        JavaRDD<DataSet> rdd = sc.parallelize(input, 4);
        CachedTrainingData data = CachedTrainingData.of(rdd, 3);
        try {
            assertArrayEquals(new long[]{4, 3, 3}, data.minibatchesPerPartition());
            assertEquals(3, data.partitions().getNumPartitions());
            assertEquals(StorageLevel.MEMORY_ONLY(), data.partitions().getStorageLevel());

            List<List<DataSet>> all = readPartitions(data, 0, Long.MAX_VALUE);
            assertMinibatchesEqual(List.of(input.get(0), input.get(3), input.get(6), input.get(9)), all.get(0),
                    "partition 0");
            assertMinibatchesEqual(List.of(input.get(1), input.get(4), input.get(7)), all.get(1), "partition 1");
            assertMinibatchesEqual(List.of(input.get(2), input.get(5), input.get(8)), all.get(2), "partition 2");

            CachedTrainingData again = CachedTrainingData.of(sc.parallelize(input, 3), 3);
            try {
                List<List<DataSet>> allAgain = readPartitions(again, 0, Long.MAX_VALUE);
                for (int p = 0; p < 3; p++) {
                    assertMinibatchesEqual(all.get(p), allAgain.get(p), "second construction, partition " + p);
                }
            } finally {
                again.release();
            }

            List<List<DataSet>> range = readPartitions(data, 1, 3);
            assertMinibatchesEqual(List.of(input.get(3), input.get(6)), range.get(0), "partition 0 [1, 3)");
            assertMinibatchesEqual(List.of(input.get(4), input.get(7)), range.get(1), "partition 1 [1, 3)");
            IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                    () -> data.access().minibatches(2, List.<PartitionMinibatches>of().iterator(), 1, 4));
            assertTrue(beyond.getMessage().contains("partition 2 has 3 minibatches"), beyond.getMessage());
            assertEquals(List.of(4, 3, 3), data.partitions().map(PartitionMinibatches::size).collect(),
                    "each partition is cached as one element: a round reaches its minibatches by index");
            IllegalStateException changed = assertThrows(IllegalStateException.class,
                    () -> data.access().minibatches(1, List.<PartitionMinibatches>of().iterator(), 2, 3));
            assertTrue(changed.getMessage().contains("partition 1 no longer holds the 3 minibatches"),
                    changed.getMessage());
        } finally {
            data.release();
        }
        assertFalse(sc.getPersistentRDDs().containsKey(data.partitions().id()), "release unpersists");
    }

    @Test
    void cachedFromShardsReadsOnceAndKeepsTheMinibatches(JavaSparkContext sc) throws IOException {
        List<DataSet> input = dense(10, 5, 25);
        String dir = shards(input, 4);
        CachedTrainingData data = CachedTrainingData.fromShards(sc, dir, 3, StorageLevel.MEMORY_ONLY());
        try {
            assertArrayEquals(new long[]{4, 3, 3}, data.minibatchesPerPartition());
            try (var files = Files.list(tmp.resolve("shards"))) {
                for (Path file : files.collect(Collectors.toList())) {
                    Files.delete(file);
                }
            }
            List<List<DataSet>> all = readPartitions(data, 0, Long.MAX_VALUE);
            assertMinibatchesEqual(input.subList(0, 4), all.get(0), "partition 0 (from the cache, files gone)");
            assertMinibatchesEqual(input.subList(4, 7), all.get(1), "partition 1");
            assertMinibatchesEqual(input.subList(7, 10), all.get(2), "partition 2");
            assertMinibatchesEqual(input.subList(8, 10), readPartitions(data, 1, 3).get(2), "partition 2 [1, 3)");
        } finally {
            data.release();
        }
    }

    @Test
    void cachedDataValidatesInOnePassAndCachesNothingOnError(JavaSparkContext sc) {
        int persistedBefore = sc.getPersistentRDDs().size();

        List<DataSet> nan = dense(10, 8, 26);
        nan.get(7).getFeatures().putScalar(1, 1, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CachedTrainingData.of(sc.parallelize(nan, 2), 3));
        assertTrue(e.getMessage().contains("partition 1, minibatch 2 (minibatch 7 of the input)")
                && e.getMessage().contains("NaN"), e.getMessage());

        List<DataSet> shapes = dense(10, 8, 27);
        shapes.set(5, dense(1, 6, 28).get(0));
        shapes.get(5).setLabels(shapes.get(5).getLabels().getColumns(0, 1));
        e = assertThrows(IllegalArgumentException.class, () -> CachedTrainingData.of(sc.parallelize(shapes, 2), 3));
        assertTrue(e.getMessage().contains("partition 2") && e.getMessage().contains("minibatch 5 of the input")
                && e.getMessage().contains("labels shape [2] instead of [3]"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> CachedTrainingData.of(sc.parallelize(List.<DataSet>of(), 2), 3));
        assertEquals("training data is empty", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> CachedTrainingData.of(sc.parallelize(dense(2, 8, 29), 2), 3));
        assertTrue(e.getMessage().contains("2 minibatches") && e.getMessage().contains("3 workers"),
                e.getMessage());

        assertEquals(persistedBefore, sc.getPersistentRDDs().size(), "failed constructions leave nothing cached");
    }
}
