package io.rationalspark.training.checkpoint;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.rationalspark.training.checkpoint.TinyNets.assertSameNetwork;
import static io.rationalspark.training.checkpoint.TinyNets.params;
import static io.rationalspark.training.checkpoint.TinyNets.state;
import static io.rationalspark.training.checkpoint.TinyNets.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same store on HDFS (an in-process MiniDFSCluster with one data node), where rename semantics differ. */
class CheckpointStoreHdfsTest {

    @TempDir
    static java.nio.file.Path base;

    private static MiniDFSCluster cluster;
    private static Configuration conf;
    private static FileSystem fs;

    @BeforeAll
    static void startCluster() throws IOException {
        Configuration start = new Configuration();
        start.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
        cluster = new MiniDFSCluster.Builder(start).numDataNodes(1).build();
        cluster.waitActive();
        conf = cluster.getConfiguration(0);
        fs = cluster.getFileSystem();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    private static String uri(String dir) {
        return cluster.getURI() + dir;
    }

    private static List<String> names(String dir) throws IOException {
        return Arrays.stream(fs.listStatus(new Path(dir))).map(FileStatus::getPath).map(Path::getName).sorted()
                .collect(Collectors.toList());
    }

    @Test
    void savesPrunesReplacesAndLoadsOnHdfs() throws IOException {
        CheckpointStore store = new CheckpointStore(uri("/runs/mlp/checkpoints"), conf, 2);
        assertEquals("hdfs", store.directory().toUri().getScheme());
        MultiLayerNetwork net = TinyNets.multiLayer(21);
        for (long round = 1; round <= 3; round++) {
            train(net, 2, 200 + 10 * round);
            store.save(net, state(round), Map.of("round", Long.toString(round)));
        }
        train(net, 1, 300);
        store.save(net, state(3), Map.of("round", "3 again")); // the target exists: rename must not nest

        assertEquals(List.of(CheckpointStore.MARKER, "checkpoint-000000002", "checkpoint-000000003"),
                names("/runs/mlp/checkpoints"));
        assertEquals(List.of("checkpoint.json", "model.zip", "state.json"),
                names("/runs/mlp/checkpoints/checkpoint-000000003"));
        Checkpoint loaded = store.loadLatestValid().orElseThrow();
        assertEquals(3, loaded.round());
        assertEquals(state(3), loaded.state());
        assertEquals(Map.of("round", "3 again"), loaded.metadata());
        assertSameNetwork(net, loaded.model());
    }

    @Test
    void computationGraphAndACorruptNewestOnHdfs() throws IOException {
        CheckpointStore store = new CheckpointStore(uri("/runs/graph/checkpoints"), conf, 3);
        ComputationGraph net = train(TinyNets.graph(22), 3, 400);
        store.save(net, state(4), Map.of());
        ComputationGraph older = (ComputationGraph) store.loadLatestValid().orElseThrow().model();
        train(net, 2, 500);
        CheckpointInfo newest = store.save(net, state(5), Map.of());
        Path model = new Path(newest.path(), CheckpointStore.MODEL_FILE);
        byte[] bytes;
        try (var in = fs.open(model)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length - 10] ^= 0x40;
        try (OutputStream out = fs.create(model, true)) {
            out.write(bytes);
        }

        Checkpoint loaded = store.loadLatestValid().orElseThrow();

        assertEquals(4, loaded.round());
        assertEquals(newest, loaded.skipped().get(0).info());
        assertTrue(loaded.skipped().get(0).reason().startsWith("model.zip: SHA-256"), loaded.skipped().toString());
        assertArrayEquals(params(older), params(loaded.model()), 0.0);
        assertSameNetwork(older, loaded.model());
    }

    @Test
    void aForeignHdfsDirectoryIsRefused() throws IOException {
        Path foreign = new Path("/user/someone/data");
        try (OutputStream out = fs.create(new Path(foreign, "part-00000"))) {
            out.write(1);
        }
        CheckpointStore store = new CheckpointStore(uri(foreign.toString()), conf, 1);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.save(TinyNets.multiLayer(23), state(1), Map.of()));

        assertTrue(e.getMessage().contains("is not a RationalSpark checkpoint directory"), e.getMessage());
        assertEquals(List.of("part-00000"), names(foreign.toString()));
    }
}
