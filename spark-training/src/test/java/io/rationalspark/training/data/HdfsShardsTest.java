package io.rationalspark.training.data;

import io.rationalspark.training.LocalSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static io.rationalspark.training.data.ShardFixtures.assertMinibatchesEqual;
import static io.rationalspark.training.data.ShardFixtures.dense;
import static io.rationalspark.training.data.ShardFixtures.readPartitions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shards on HDFS: a one-datanode MiniDFSCluster on 127.0.0.1, written, read and trained on from local Spark. */
@ExtendWith(LocalSpark.class)
class HdfsShardsTest {

    @TempDir
    static java.nio.file.Path base;

    private static MiniDFSCluster cluster;
    private static Configuration conf;

    @BeforeAll
    static void startHdfs() throws IOException {
        conf = new Configuration();
        for (String key : List.of("dfs.datanode.address", "dfs.datanode.http.address", "dfs.datanode.ipc.address",
                "dfs.namenode.http-address")) {
            conf.set(key, "127.0.0.1:0");
        }
        cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).checkDataNodeAddrConfig(true)
                .build();
        cluster.waitActive();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    private static String uri(String dir) {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/" + dir;
    }

    @Test
    void roundTripOnHdfs() throws IOException {
        List<DataSet> input = dense(23, 3, 31);
        ShardManifest manifest = new ShardWriter(conf, 5).write(input.iterator(), uri("roundtrip"));
        assertEquals(List.of(5, 5, 5, 5, 3), manifest.shards().stream().map(ShardManifest.Shard::records).toList());

        FileSystem fs = cluster.getFileSystem();
        List<String> names = Arrays.stream(fs.listStatus(new Path("/roundtrip"))).map(s -> s.getPath().getName())
                .sorted().collect(Collectors.toList());
        assertEquals(List.of("_manifest.json", "shard-00000.rsb", "shard-00001.rsb", "shard-00002.rsb",
                "shard-00003.rsb", "shard-00004.rsb"), names);
        assertEquals(List.of("roundtrip"), Arrays.stream(fs.listStatus(new Path("/")))
                .map(s -> s.getPath().getName()).filter(n -> n.contains("roundtrip")).toList(), "no temp left");
        assertEquals(manifest, ShardManifest.read(fs, new Path(uri("roundtrip"))));

        List<DataSet> read = new ArrayList<>();
        for (ShardManifest.Shard shard : manifest.shards()) {
            try (ShardReader reader = ShardReader.open(uri("roundtrip/" + shard.file()), conf)) {
                assertTrue(reader.file().startsWith("hdfs://"), reader.file());
                reader.iterator(0, reader.recordCount()).forEachRemaining(read::add);
            }
        }
        assertMinibatchesEqual(input, read, "read back from HDFS");
        try (ShardReader reader = ShardReader.open(uri("roundtrip/shard-00002.rsb"), conf)) {
            List<DataSet> tail = new ArrayList<>();
            reader.iterator(3, 5).forEachRemaining(tail::add);
            assertMinibatchesEqual(input.subList(13, 15), tail, "records 3-4 of shard 2");
        }
    }

    @Test
    void existingTargetsOnHdfs() throws IOException {
        FileSystem fs = cluster.getFileSystem();
        fs.mkdirs(new Path("/occupied"));
        fs.create(new Path("/occupied/keep")).close();
        assertThrows(FileAlreadyExistsException.class,
                () -> new ShardWriter(conf, 2).write(dense(3, 8, 32).iterator(), uri("occupied")));
        assertEquals(1, fs.listStatus(new Path("/occupied")).length);

        fs.mkdirs(new Path("/vacant"));
        new ShardWriter(conf, 2).write(dense(3, 8, 33).iterator(), uri("vacant"));
        assertEquals(3, ShardManifest.read(fs, new Path("/vacant")).minibatches(),
                "an empty directory is filled, not nested into");
        assertEquals(List.of("/occupied", "/vacant"), Arrays.stream(fs.listStatus(new Path("/")))
                .map(s -> s.getPath().toUri().getPath()).filter(p -> p.contains("occupied") || p.contains("vacant"))
                .sorted().toList(), "no temp left");
    }

    @Test
    void trainingDataOverHdfs(JavaSparkContext sc) throws IOException {
        List<DataSet> input = dense(10, 8, 34);
        new ShardWriter(conf, 4).write(input.iterator(), uri("training"));

        ShardedTrainingData sharded = ShardedTrainingData.open(sc, uri("training"), 3);
        assertArrayEquals(new long[]{4, 3, 3}, sharded.minibatchesPerPartition());
        List<List<DataSet>> streamed = readPartitions(sharded, 0, Long.MAX_VALUE);
        assertMinibatchesEqual(input.subList(0, 4), streamed.get(0), "partition 0");
        assertMinibatchesEqual(input.subList(4, 7), streamed.get(1), "partition 1");
        assertMinibatchesEqual(input.subList(7, 10), streamed.get(2), "partition 2");
        assertMinibatchesEqual(input.subList(5, 7), readPartitions(sharded, 1, 3).get(1), "partition 1 [1, 3)");

        CachedTrainingData cached = CachedTrainingData.fromShards(sc, uri("training"), 3,
                StorageLevel.MEMORY_AND_DISK_SER());
        try {
            List<List<DataSet>> all = readPartitions(cached, 0, Long.MAX_VALUE);
            for (int p = 0; p < 3; p++) {
                assertMinibatchesEqual(streamed.get(p), all.get(p), "cached partition " + p);
            }
        } finally {
            cached.release();
        }
    }
}
