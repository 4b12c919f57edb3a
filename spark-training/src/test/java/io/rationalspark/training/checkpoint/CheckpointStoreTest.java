package io.rationalspark.training.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rationalspark.training.TrainerState;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.rationalspark.training.checkpoint.TinyNets.assertSameNetwork;
import static io.rationalspark.training.checkpoint.TinyNets.params;
import static io.rationalspark.training.checkpoint.TinyNets.state;
import static io.rationalspark.training.checkpoint.TinyNets.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

    private static final Configuration CONF = new Configuration();

    @TempDir
    java.nio.file.Path tmp;

    private CheckpointStore store(java.nio.file.Path dir, int keepLast) {
        return new CheckpointStore(dir.toUri().toString(), CONF, keepLast);
    }

    private java.nio.file.Path dir() {
        return tmp.resolve("checkpoints");
    }

    private List<String> entries(java.nio.file.Path dir) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void multiLayerNetworkComesBackWithUpdaterStateAndTrainerState() throws IOException {
        MultiLayerNetwork net = train(TinyNets.multiLayer(1), 4, 10);
        TrainerState state = state(3);
        CheckpointStore store = store(dir(), 3);

        CheckpointInfo written = store.save(net, state, Map.of("config", "{\"trainer\":{\"workers\":2}}"));

        assertEquals(3, written.round());
        assertEquals("checkpoint-000000003", written.name());
        assertEquals(List.of(CheckpointStore.MARKER, "checkpoint-000000003"), entries(dir()));
        assertEquals(List.of("checkpoint.json", "model.zip", "state.json"),
                entries(dir().resolve("checkpoint-000000003")));

        Checkpoint loaded = store.loadLatestValid().orElseThrow();
        assertEquals(state, loaded.state());
        assertEquals(Map.of("config", "{\"trainer\":{\"workers\":2}}"), loaded.metadata());
        assertEquals(List.of(), loaded.skipped());
        CheckpointManifest manifest = loaded.manifest();
        assertEquals(CheckpointManifest.FORMAT_VERSION, manifest.formatVersion());
        assertEquals(ModelKind.MULTI_LAYER_NETWORK, manifest.modelType());
        assertEquals("1.0.0-M2.1", manifest.libraries().get("deeplearning4j"));
        assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), manifest.libraries().get("spark"));
        String pinnedHadoop = System.getProperty("rationalspark.hadoop.version");
        assertNotNull(pinnedHadoop, "run by Maven: surefire sets rationalspark.hadoop.version to the pom's hadoop.version");
        assertEquals(pinnedHadoop, manifest.libraries().get("hadoop"));
        assertTrue(manifest.libraries().get("java").startsWith(System.getProperty("java.version")));
        assertEquals(Files.size(dir().resolve("checkpoint-000000003/model.zip")),
                manifest.files().get("model.zip").bytes());
        assertInstanceOf(MultiLayerNetwork.class, loaded.model());
        assertSameNetwork(net, loaded.model());
    }

    @Test
    void computationGraphComesBackWithUpdaterState() throws IOException {
        ComputationGraph net = train(TinyNets.graph(2), 4, 20);
        CheckpointStore store = store(dir(), 3);
        store.save(net, state(5), Map.of());

        Checkpoint loaded = store.loadLatestValid().orElseThrow();

        assertEquals(ModelKind.COMPUTATION_GRAPH, loaded.manifest().modelType());
        assertEquals(state(5), loaded.state());
        assertInstanceOf(ComputationGraph.class, loaded.model());
        assertSameNetwork(net, loaded.model());
    }

    @Test
    void rationalCoefficientsComeBackWithTheirUpdaterState() throws IOException {
        MultiLayerNetwork net = train(TinyNets.rational(3), 4, 30);
        CheckpointStore store = store(dir(), 1);
        store.save(net, state(2), null);

        Checkpoint loaded = store.loadLatestValid().orElseThrow();

        assertEquals(Map.of(), loaded.metadata());
        assertSameNetwork(net, loaded.model());
    }

    @Test
    void keepsOnlyTheNewestAndLoadsTheNewest() throws IOException {
        CheckpointStore store = store(dir(), 2);
        MultiLayerNetwork net = TinyNets.multiLayer(4);
        double[] last = null;
        for (long round = 1; round <= 4; round++) {
            train(net, 1, 40 + round);
            store.save(net, state(round), Map.of("round", Long.toString(round)));
            last = params(net);
        }

        assertEquals(List.of(3L, 4L), store.list().stream().map(CheckpointInfo::round).collect(Collectors.toList()));
        assertEquals(List.of(CheckpointStore.MARKER, "checkpoint-000000003", "checkpoint-000000004"), entries(dir()));
        Checkpoint loaded = store.loadLatestValid().orElseThrow();
        assertEquals(4, loaded.round());
        assertEquals(Map.of("round", "4"), loaded.metadata());
        assertArrayEquals(last, params(loaded.model()), 0.0);
    }

    @Test
    void savingTheSameRoundAgainReplacesIt() throws IOException {
        CheckpointStore store = store(dir(), 3);
        store.save(train(TinyNets.multiLayer(5), 1, 50), state(2), Map.of());
        MultiLayerNetwork second = train(TinyNets.multiLayer(6), 2, 60);
        store.save(second, state(2), Map.of("second", "yes"));

        assertEquals(List.of(2L), store.list().stream().map(CheckpointInfo::round).collect(Collectors.toList()));
        Checkpoint loaded = store.loadLatestValid().orElseThrow();
        assertEquals(Map.of("second", "yes"), loaded.metadata());
        assertArrayEquals(params(second), params(loaded.model()), 0.0);
    }

    /** Ways the newest checkpoint can be broken, and what the skip reason must say. */
    enum Corruption {
        TRUNCATED_MODEL("model.zip has ") {
            @Override
            void apply(FileSystem fs, Path checkpoint) throws IOException {
                byte[] bytes = read(fs, new Path(checkpoint, "model.zip"));
                write(fs, new Path(checkpoint, "model.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
            }
        },
        TRUNCATED_MODEL_ON_DISK("model.zip") { // behind Hadoop's back: its .crc no longer matches either
            @Override
            void apply(FileSystem fs, Path checkpoint) throws IOException {
                try (RandomAccessFile file = new RandomAccessFile(new java.io.File(
                        new Path(checkpoint, "model.zip").toUri()), "rw")) {
                    file.setLength(file.length() - 100);
                }
            }
        },
        FLIPPED_BYTE_IN_MODEL("model.zip: SHA-256 ") {
            @Override
            void apply(FileSystem fs, Path checkpoint) throws IOException {
                byte[] bytes = read(fs, new Path(checkpoint, "model.zip"));
                bytes[bytes.length / 2] ^= 0x01;
                write(fs, new Path(checkpoint, "model.zip"), bytes);
            }
        },
        MISSING_STATE("state.json is missing") {
            @Override
            void apply(FileSystem fs, Path checkpoint) throws IOException {
                assertTrue(fs.delete(new Path(checkpoint, "state.json"), false));
            }
        },
        MISSING_MANIFEST("checkpoint.json is missing") {
            @Override
            void apply(FileSystem fs, Path checkpoint) throws IOException {
                assertTrue(fs.delete(new Path(checkpoint, "checkpoint.json"), false));
            }
        },
        MALFORMED_MANIFEST("checkpoint.json: malformed JSON") {
            @Override
            void apply(FileSystem fs, Path checkpoint) throws IOException {
                byte[] bytes = read(fs, new Path(checkpoint, "checkpoint.json"));
                write(fs, new Path(checkpoint, "checkpoint.json"), java.util.Arrays.copyOf(bytes, bytes.length - 5));
            }
        },
        FUTURE_FORMAT_VERSION("unsupported format version 99 (this build reads version 1)") {
            @Override
            void apply(FileSystem fs, Path checkpoint) throws IOException {
                editManifest(fs, checkpoint, manifest -> manifest.put("formatVersion", 99));
            }
        },
        UNREADABLE_ZIP_WITH_MATCHING_DIGEST("model.zip: DL4J cannot restore") {
            @Override
            void apply(FileSystem fs, Path checkpoint) throws IOException {
                byte[] garbage = "not a zip archive at all".getBytes(StandardCharsets.UTF_8);
                write(fs, new Path(checkpoint, "model.zip"), garbage);
                editManifest(fs, checkpoint, manifest -> {
                    ObjectNode digest = (ObjectNode) manifest.get("files").get("model.zip");
                    digest.put("bytes", garbage.length);
                    digest.put("sha256", HexFormat.of().formatHex(CheckpointStore.sha256().digest(garbage)));
                });
            }
        };

        final String reason;

        Corruption(String reason) {
            this.reason = reason;
        }

        abstract void apply(FileSystem fs, Path checkpoint) throws IOException;

        static byte[] read(FileSystem fs, Path file) throws IOException {
            try (var in = fs.open(file)) {
                return in.readAllBytes();
            }
        }

        static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
            try (OutputStream out = fs.create(file, true)) {
                out.write(bytes);
            }
        }

        static void editManifest(FileSystem fs, Path checkpoint, java.util.function.Consumer<ObjectNode> edit)
                throws IOException {
            ObjectMapper mapper = new ObjectMapper();
            Path file = new Path(checkpoint, "checkpoint.json");
            ObjectNode manifest = (ObjectNode) mapper.readTree(read(fs, file));
            edit.accept(manifest);
            write(fs, file, mapper.writeValueAsBytes(manifest));
        }
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void aBrokenNewestCheckpointIsSkippedWithAWarning(Corruption corruption) throws IOException {
        CheckpointStore store = store(dir(), 5);
        MultiLayerNetwork net = train(TinyNets.multiLayer(7), 2, 70);
        store.save(net, state(1), Map.of("which", "older"));
        double[] older = params(net);
        train(net, 2, 80);
        CheckpointInfo newest = store.save(net, state(2), Map.of("which", "newer"));
        corruption.apply(newest.path().getFileSystem(CONF), newest.path());

        Optional<Checkpoint> loaded;
        try (CapturedLog log = new CapturedLog(CheckpointStore.class)) {
            loaded = store.loadLatestValid();
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN")
                            && line.contains("checkpoint-000000002") && line.contains(corruption.reason)),
                    "no WARN naming the checkpoint and '" + corruption.reason + "' in " + log.lines());
        }

        Checkpoint checkpoint = loaded.orElseThrow();
        assertEquals(1, checkpoint.round());
        assertEquals(Map.of("which", "older"), checkpoint.metadata());
        assertArrayEquals(older, params(checkpoint.model()), 0.0);
        assertEquals(1, checkpoint.skipped().size());
        SkippedCheckpoint skipped = checkpoint.skipped().get(0);
        assertEquals(newest, skipped.info());
        assertTrue(skipped.reason().contains(corruption.reason), skipped.reason());

        InvalidCheckpointException direct = assertThrows(InvalidCheckpointException.class, () -> store.load(newest));
        assertTrue(direct.getMessage().contains("checkpoint-000000002"), direct.getMessage());
    }

    @Test
    void resumingPastACorruptNewestKeepsTheNewWorkAndLaterReplacesTheCorruptOne() throws IOException {
        CheckpointStore store = store(dir(), 2);
        MultiLayerNetwork net = train(TinyNets.multiLayer(13), 1, 140);
        store.save(net, state(4), Map.of());
        CheckpointInfo corrupt = store.save(train(net, 1, 150), state(6), Map.of());
        Corruption.MISSING_STATE.apply(corrupt.path().getFileSystem(CONF), corrupt.path());
        Checkpoint resumed = store.loadLatestValid().orElseThrow();
        assertEquals(4, resumed.round());

        MultiLayerNetwork continued = train((MultiLayerNetwork) resumed.model(), 1, 160);
        store.save(continued, state(5), Map.of());
        assertEquals(List.of(5L, 6L), store.list().stream().map(CheckpointInfo::round).collect(Collectors.toList()),
                "the checkpoint just written is never pruned, even beside a later round");
        assertEquals(5, store.loadLatestValid().orElseThrow().round());

        store.save(train(continued, 1, 170), state(6), Map.of());
        assertEquals(6, store.loadLatestValid().orElseThrow().round());
        assertArrayEquals(params(continued), params(store.loadLatestValid().orElseThrow().model()), 0.0);
    }

    @Test
    void theOuterMomentumComesBackAndIsVerified() throws IOException {
        CheckpointStore store = store(dir(), 5);
        MultiLayerNetwork net = train(TinyNets.multiLayer(7), 2, 70);
        org.nd4j.linalg.api.ndarray.INDArray momentum = org.nd4j.linalg.factory.Nd4j.rand(
                net.params().dataType(), 1, net.numParams()).subi(0.5);
        store.save(net, state(1).withOuterMomentum(momentum), Map.of());
        assertTrue(Files.exists(dir().resolve("checkpoint-000000001").resolve(CheckpointStore.OUTER_MOMENTUM_FILE)));
        Checkpoint loaded = store.loadLatestValid().orElseThrow();
        assertArrayEquals(momentum.toDoubleVector(), loaded.state().outerMomentum().toDoubleVector(), 0.0);

        CheckpointInfo newest = store.save(net, state(2).withOuterMomentum(momentum), Map.of());
        FileSystem fs = newest.path().getFileSystem(CONF);
        Path file = new Path(newest.path(), CheckpointStore.OUTER_MOMENTUM_FILE);
        byte[] bytes = Corruption.read(fs, file);
        bytes[bytes.length - 3] ^= 0x01;
        Corruption.write(fs, file, bytes);
        Checkpoint fallback = store.loadLatestValid().orElseThrow();
        assertEquals(1, fallback.round(), "the newest has a corrupt momentum: the older one is loaded");
        assertTrue(fallback.skipped().get(0).reason().contains(CheckpointStore.OUTER_MOMENTUM_FILE + ": SHA-256"),
                fallback.skipped().get(0).reason());
        assertEquals(null, store.load(store.save(net, state(3), Map.of())).state().outerMomentum(),
                "a state without momentum writes and reads none");
    }

    @Test
    void noValidCheckpointGivesEmpty() throws IOException {
        CheckpointStore store = store(dir(), 5);
        CheckpointInfo only = store.save(train(TinyNets.multiLayer(8), 1, 90), state(1), Map.of());
        Corruption.MISSING_STATE.apply(only.path().getFileSystem(CONF), only.path());

        assertEquals(Optional.empty(), store.loadLatestValid());
        assertEquals(List.of(only), store.list());
    }

    @Test
    void aTemporaryDirectoryLeftByACrashIsIgnoredThenRemoved() throws IOException {
        CheckpointStore store = store(dir(), 5);
        MultiLayerNetwork net = train(TinyNets.multiLayer(9), 1, 100);
        store.save(net, state(1), Map.of());
        java.nio.file.Path crashed = dir().resolve("_tmp-checkpoint-000000002-3f2a");
        Files.createDirectories(crashed);
        Files.copy(dir().resolve("checkpoint-000000001/model.zip"), crashed.resolve("model.zip"));
        Files.writeString(crashed.resolve("state.json"), "{\"formatVersion\": 1, \"nextRou");

        assertEquals(List.of(1L), store.list().stream().map(CheckpointInfo::round).collect(Collectors.toList()));
        assertEquals(1, store.loadLatestValid().orElseThrow().round());
        assertTrue(Files.exists(crashed), "reading must not delete anything");

        store.save(net, state(3), Map.of());
        assertFalse(Files.exists(crashed));
        assertEquals(List.of(CheckpointStore.MARKER, "checkpoint-000000001", "checkpoint-000000003"), entries(dir()));
    }

    /** A network whose serialisation fails after configuration and parameters are written. */
    @SuppressWarnings("overrides") // MultiLayerNetwork's own doEvaluation(T[]) vs the interface's T... is inherited
    static final class FailingNetwork extends MultiLayerNetwork {
        private boolean failing;

        FailingNetwork(MultiLayerNetwork source) {
            super(source.getLayerWiseConfigurations().clone(), source.params().dup());
            init();
        }

        @Override
        public Updater getUpdater() {
            if (failing) {
                throw new IllegalStateException("simulated failure while writing the updater state");
            }
            return super.getUpdater();
        }
    }

    @Test
    void aFailureMidWriteLeavesEarlierCheckpointsAndNoTemporaryDirectory() throws IOException {
        CheckpointStore store = store(dir(), 1);
        MultiLayerNetwork net = train(TinyNets.multiLayer(10), 2, 110);
        store.save(net, state(1), Map.of());
        FailingNetwork failing = new FailingNetwork(net);
        failing.failing = true;

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.save(failing, state(2), Map.of()));

        assertTrue(e.getMessage().contains("simulated failure"), e.getMessage());
        assertEquals(List.of(CheckpointStore.MARKER, "checkpoint-000000001"), entries(dir()));
        Checkpoint loaded = store.loadLatestValid().orElseThrow();
        assertEquals(1, loaded.round());
        assertArrayEquals(params(net), params(loaded.model()), 0.0);
    }

    @Test
    void aForeignDirectoryIsRefusedAndLeftUntouched() throws IOException {
        java.nio.file.Path foreign = tmp.resolve("results");
        Files.createDirectories(foreign.resolve("checkpoint-000000001"));
        Files.writeString(foreign.resolve("checkpoint-000000001/notes.txt"), "keep me");
        Files.writeString(foreign.resolve("thesis.tex"), "\\documentclass{article}");
        CheckpointStore store = store(foreign, 1);

        IllegalStateException onSave = assertThrows(IllegalStateException.class,
                () -> store.save(train(TinyNets.multiLayer(11), 1, 120), state(5), Map.of()));
        IllegalStateException onList = assertThrows(IllegalStateException.class, store::list);
        assertThrows(IllegalStateException.class, store::loadLatestValid);

        for (IllegalStateException e : List.of(onSave, onList)) {
            assertTrue(e.getMessage().contains("is not a RationalSpark checkpoint directory (no marker file "
                    + CheckpointStore.MARKER), e.getMessage());
            assertTrue(e.getMessage().contains("refusing to write or delete there"), e.getMessage());
            assertTrue(e.getMessage().contains(foreign.getFileName().toString()), e.getMessage());
        }
        assertEquals(List.of("checkpoint-000000001", "thesis.tex"), entries(foreign));
        assertEquals(List.of("notes.txt"), entries(foreign.resolve("checkpoint-000000001")));
        assertEquals("keep me", Files.readString(foreign.resolve("checkpoint-000000001/notes.txt")));
    }

    @Test
    void aMissingOrEmptyDirectoryHasNoCheckpointsAndIsClaimedOnSave() throws IOException {
        CheckpointStore missing = store(tmp.resolve("not/yet"), 1);
        assertEquals(List.of(), missing.list());
        assertEquals(Optional.empty(), missing.loadLatestValid());
        assertFalse(Files.exists(tmp.resolve("not")), "reading must not create the directory");

        java.nio.file.Path empty = Files.createDirectories(tmp.resolve("empty"));
        CheckpointStore store = store(empty, 1);
        assertEquals(List.of(), store.list());
        store.save(train(TinyNets.multiLayer(12), 1, 130), state(1), Map.of());
        assertEquals(List.of(CheckpointStore.MARKER, "checkpoint-000000001"), entries(empty));
    }

    @Test
    void keepLastMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store(dir(), 0));
        assertEquals("keepLast must be >= 1, got 0", e.getMessage());
    }

    @Test
    void onlyNetworksAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store(dir(), 1).save(null, state(1), Map.of()));
        assertTrue(e.getMessage().contains("MultiLayerNetwork or a ComputationGraph"), e.getMessage());
        assertFalse(Files.exists(dir()));
    }
}
