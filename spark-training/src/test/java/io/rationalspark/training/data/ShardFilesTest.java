package io.rationalspark.training.data;

import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.rationalspark.training.data.ShardFixtures.assertMinibatchEquals;
import static io.rationalspark.training.data.ShardFixtures.assertMinibatchesEqual;
import static io.rationalspark.training.data.ShardFixtures.damage;
import static io.rationalspark.training.data.ShardFixtures.dense;
import static io.rationalspark.training.data.ShardFixtures.everything;
import static io.rationalspark.training.data.ShardFixtures.hadoop;
import static io.rationalspark.training.data.ShardFixtures.listing;
import static io.rationalspark.training.data.ShardFixtures.sequences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shard files and manifests on file://: round trips, seeking, corruption, bad input. */
class ShardFilesTest {

    @TempDir
    Path tmp;

    private String uri(Path dir) {
        return dir.toUri().toString();
    }

    private ShardManifest write(List<DataSet> minibatches, int perShard, Path dir) throws IOException {
        return new ShardWriter(hadoop(), perShard).write(minibatches.iterator(), uri(dir));
    }

    private ShardReader reader(Path file) throws IOException {
        return ShardReader.open(uri(file), hadoop());
    }

    private static List<DataSet> readAll(ShardReader reader) throws IOException {
        List<DataSet> all = new ArrayList<>();
        for (int i = 0; i < reader.recordCount(); i++) {
            all.add(reader.read(i));
        }
        return all;
    }

    @Test
    void roundTripOf23MinibatchesIn5PerShard() throws IOException {
        List<DataSet> input = dense(23, 3, 1);
        Path dir = tmp.resolve("data");
        ShardManifest manifest = new ShardWriter(hadoop(), 5, Map.of("vocabulary", "hdfs:///vocab.txt"))
                .write(input.iterator(), uri(dir));

        assertEquals(List.of("_manifest.json", "shard-00000.rsb", "shard-00001.rsb", "shard-00002.rsb",
                "shard-00003.rsb", "shard-00004.rsb"), listing(dir));
        assertEquals(ShardFormat.MANIFEST_VERSION, manifest.formatVersion());
        assertEquals(23, manifest.minibatches());
        assertEquals(22 * 8 + 3, manifest.examples());
        assertEquals(8, manifest.minibatchSize());
        assertEquals(List.of(5, 5, 5, 5, 3), manifest.shards().stream().map(ShardManifest.Shard::records).toList());
        assertEquals(List.of(40L, 40L, 40L, 40L, 19L),
                manifest.shards().stream().map(ShardManifest.Shard::examples).toList());
        assertEquals(List.of(4L), manifest.minibatch().featureShape());
        assertEquals(List.of(3L), manifest.minibatch().labelShape());
        assertFalse(manifest.minibatch().featureMask());
        assertFalse(manifest.minibatch().labelMask());
        assertEquals("FLOAT", manifest.minibatch().featureType());
        assertEquals(Map.of("vocabulary", "hdfs:///vocab.txt"), manifest.metadata());

        FileSystem fs = FileSystem.get(dir.toUri(), hadoop());
        assertEquals(manifest, ShardManifest.read(fs, new org.apache.hadoop.fs.Path(uri(dir))));
        String json = Files.readString(dir.resolve("_manifest.json"));
        assertTrue(json.contains("\"featureMask\" : false"), json);

        List<DataSet> read = new ArrayList<>();
        for (ShardManifest.Shard shard : manifest.shards()) {
            try (ShardReader reader = reader(dir.resolve(shard.file()))) {
                assertEquals(shard.records(), reader.recordCount());
                assertEquals(shard.examples(), reader.totalExamples());
                for (int i = 0; i < reader.recordCount(); i++) {
                    assertEquals(input.get(read.size() + i).numExamples(), reader.examples(i));
                }
                read.addAll(readAll(reader));
            }
        }
        assertMinibatchesEqual(input, read, "read back");
        assertEquals(List.of("data"), listing(tmp), "no temporary directory is left");
    }

    @Test
    void roundTripKeepsMasks() throws IOException {
        List<DataSet> input = sequences(7, 2);
        Path dir = tmp.resolve("sequences");
        ShardManifest manifest = write(input, 3, dir);

        assertEquals(List.of(3, 3, 1), manifest.shards().stream().map(ShardManifest.Shard::records).toList());
        assertTrue(manifest.minibatch().featureMask());
        assertTrue(manifest.minibatch().labelMask());
        assertEquals(List.of(3L, 5L), manifest.minibatch().featureShape());
        assertEquals(List.of(5L), manifest.minibatch().featureMaskShape());
        List<DataSet> read = new ArrayList<>();
        for (ShardManifest.Shard shard : manifest.shards()) {
            try (ShardReader reader = reader(dir.resolve(shard.file()))) {
                read.addAll(readAll(reader));
            }
        }
        assertMinibatchesEqual(input, read, "read back");
    }

    @Test
    void iteratorEqualsTheSublist() throws IOException {
        List<DataSet> input = dense(12, 8, 3);
        Path dir = tmp.resolve("data");
        write(input, 12, dir);
        try (ShardReader reader = reader(dir.resolve("shard-00000.rsb"))) {
            int[][] ranges = {{0, 12}, {7, 10}, {11, 12}, {4, 4}, {0, 1}};
            for (int[] range : ranges) {
                List<DataSet> read = new ArrayList<>();
                reader.iterator(range[0], range[1]).forEachRemaining(read::add);
                assertMinibatchesEqual(input.subList(range[0], range[1]), read, Arrays.toString(range));
            }
            IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                    () -> reader.iterator(13, 14));
            assertTrue(beyond.getMessage().contains("shard-00000.rsb") && beyond.getMessage().contains("[13, 14)")
                    && beyond.getMessage().contains("12 records"), beyond.getMessage());
            assertThrows(IllegalArgumentException.class, () -> reader.iterator(5, 4));
            assertThrows(IllegalArgumentException.class, () -> reader.read(12));
        }
    }

    /** Records 0–6 are damaged: reading record 7 onwards works only if nothing before 7 is read. */
    @Test
    void seeksToARecordWithoutReadingEarlierOnes() throws IOException {
        List<DataSet> input = dense(10, 8, 4);
        Path dir = tmp.resolve("data");
        write(input, 10, dir);
        Path file = dir.resolve("shard-00000.rsb");
        long[] offsets = new long[7];
        try (ShardReader reader = reader(file)) {
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = reader.recordOffset(i);
            }
        }
        damage(file, bytes -> {
            for (long offset : offsets) {
                bytes[(int) offset + 4 + 20] ^= 0x5A;
            }
            return bytes;
        });
        try (ShardReader reader = reader(file)) {
            assertMinibatchEquals(input.get(7), reader.read(7), "record 7");
            List<DataSet> tail = new ArrayList<>();
            reader.iterator(7, 10).forEachRemaining(tail::add);
            assertMinibatchesEqual(input.subList(7, 10), tail, "records 7-9");
            CorruptShardException damaged = assertThrows(CorruptShardException.class, () -> reader.read(6));
            assertTrue(damaged.getMessage().contains("record 6"), damaged.getMessage());
        }
    }

    @Test
    void truncatedFileNamesTheFile() throws IOException {
        Path dir = tmp.resolve("data");
        write(dense(6, 8, 5), 6, dir);
        Path file = dir.resolve("shard-00000.rsb");
        damage(file, bytes -> Arrays.copyOf(bytes, bytes.length - 10));
        CorruptShardException e = assertThrows(CorruptShardException.class, () -> reader(file));
        assertTrue(e.getMessage().contains("shard-00000.rsb") && e.getMessage().contains("truncated"),
                e.getMessage());

        damage(file, bytes -> Arrays.copyOf(bytes, 20));
        e = assertThrows(CorruptShardException.class, () -> reader(file));
        assertTrue(e.getMessage().contains("shard-00000.rsb") && e.getMessage().contains("20 bytes"),
                e.getMessage());
    }

    @Test
    void flippedByteInARecordFailsItsCrc() throws IOException {
        List<DataSet> input = dense(6, 8, 6);
        Path dir = tmp.resolve("data");
        write(input, 6, dir);
        Path file = dir.resolve("shard-00000.rsb");
        long offset;
        try (ShardReader reader = reader(file)) {
            offset = reader.recordOffset(3);
        }
        damage(file, bytes -> {
            bytes[(int) offset + 4 + 60] ^= 0x01;
            return bytes;
        });
        try (ShardReader reader = reader(file)) {
            assertMinibatchEquals(input.get(2), reader.read(2), "undamaged record");
            CorruptShardException e = assertThrows(CorruptShardException.class, () -> reader.read(3));
            assertTrue(e.getMessage().contains("shard-00000.rsb") && e.getMessage().contains("record 3")
                    && e.getMessage().contains("CRC"), e.getMessage());
            UncheckedIOException viaIterator = assertThrows(UncheckedIOException.class,
                    () -> reader.iterator(3, 4).next());
            assertTrue(viaIterator.getCause().getMessage().contains("record 3"));
        }
    }

    @Test
    void wrongMagicOrVersionNamesTheFile() throws IOException {
        Path dir = tmp.resolve("data");
        write(dense(3, 8, 7), 3, dir);
        Path file = dir.resolve("shard-00000.rsb");
        byte[] original = Files.readAllBytes(file);

        damage(file, bytes -> {
            bytes[0] = 'X';
            return bytes;
        });
        CorruptShardException magic = assertThrows(CorruptShardException.class, () -> reader(file));
        assertTrue(magic.getMessage().contains("shard-00000.rsb") && magic.getMessage().contains("magic"),
                magic.getMessage());

        damage(file, bytes -> {
            byte[] copy = original.clone();
            copy[ShardFormat.MAGIC.length + 3] = 9;
            return copy;
        });
        CorruptShardException version = assertThrows(CorruptShardException.class, () -> reader(file));
        assertTrue(version.getMessage().contains("shard-00000.rsb")
                && version.getMessage().contains("unsupported shard format version 9"), version.getMessage());

        damage(file, bytes -> original.clone());
        try (ShardReader reader = reader(file)) {
            assertEquals(3, reader.recordCount());
        }
    }

    @Test
    void manifestOfAnUnknownVersionOrShapeIsRejected() throws IOException {
        Path dir = tmp.resolve("data");
        write(dense(3, 8, 8), 3, dir);
        Path manifest = dir.resolve("_manifest.json");
        String json = Files.readString(manifest);
        FileSystem fs = FileSystem.get(dir.toUri(), hadoop());
        org.apache.hadoop.fs.Path hadoopDir = new org.apache.hadoop.fs.Path(uri(dir));

        damage(manifest, bytes -> json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 3")
                .getBytes(StandardCharsets.UTF_8));
        CorruptShardException version = assertThrows(CorruptShardException.class,
                () -> ShardManifest.read(fs, hadoopDir));
        assertTrue(version.getMessage().contains("_manifest.json")
                && version.getMessage().contains("unsupported manifest format version 3"), version.getMessage());

        damage(manifest, bytes -> json.replaceFirst("\"sha256\" : \"[0-9a-f]{64}\"", "\"sha256\" : null")
                .getBytes(StandardCharsets.UTF_8));
        CorruptShardException noDigest = assertThrows(CorruptShardException.class,
                () -> ShardManifest.read(fs, hadoopDir));
        assertTrue(noDigest.getMessage().contains("has no SHA-256"), noDigest.getMessage());

        damage(manifest, bytes -> json.replace("\"minibatches\" : 3", "\"minibatches\" : 4")
                .getBytes(StandardCharsets.UTF_8));
        CorruptShardException inconsistent = assertThrows(CorruptShardException.class,
                () -> ShardManifest.read(fs, hadoopDir));
        assertTrue(inconsistent.getMessage().contains("_manifest.json")
                && inconsistent.getMessage().contains("minibatches"), inconsistent.getMessage());

        damage(manifest, bytes -> json.replace("\"metadata\"", "\"unknownField\" : 1, \"metadata\"")
                .getBytes(StandardCharsets.UTF_8));
        CorruptShardException unknown = assertThrows(CorruptShardException.class,
                () -> ShardManifest.read(fs, hadoopDir));
        assertTrue(unknown.getMessage().contains("unknownField"), unknown.getMessage());

        Files.delete(manifest);
        FileNotFoundException missing = assertThrows(FileNotFoundException.class,
                () -> ShardManifest.read(fs, hadoopDir));
        assertTrue(missing.getMessage().contains("_manifest.json"), missing.getMessage());
    }

    @Test
    void mismatchedShapesAreRefusedAndNothingIsLeft() throws IOException {
        List<DataSet> input = new ArrayList<>(dense(10, 8, 9));
        input.set(6, dense(1, 8, 10).get(0).copy());
        input.get(6).setFeatures(input.get(6).getFeatures().reshape(8, 2, 2));
        Path dir = tmp.resolve("data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(input, 3, dir));
        assertTrue(e.getMessage().contains("minibatch 6") && e.getMessage().contains("features shape [2, 2]")
                && e.getMessage().contains("[4]"), e.getMessage());
        assertEquals(List.of(), everything(tmp), "nothing may be left behind");
    }

    @Test
    void nonFiniteValuesAreRefusedNamingTheMinibatch() throws IOException {
        List<DataSet> nan = dense(12, 8, 11);
        nan.get(9).getFeatures().putScalar(3, 1, Double.NaN);
        Path dir = tmp.resolve("data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(nan, 3, dir));
        assertTrue(e.getMessage().contains("minibatch 9") && e.getMessage().contains("NaN")
                && e.getMessage().contains("features"), e.getMessage());
        assertEquals(List.of(), everything(tmp), "nothing may be left behind");

        List<DataSet> infinite = dense(4, 8, 12);
        infinite.get(2).getLabels().putScalar(0, 0, Double.POSITIVE_INFINITY);
        e = assertThrows(IllegalArgumentException.class, () -> write(infinite, 3, dir));
        assertTrue(e.getMessage().contains("minibatch 2") && e.getMessage().contains("labels"), e.getMessage());
        assertEquals(List.of(), everything(tmp), "nothing may be left behind");
    }

    @Test
    void disagreeingBatchSizesAreRefused() {
        List<DataSet> input = dense(3, 8, 13);
        input.set(1, new DataSet(input.get(1).getFeatures(), input.get(0).getLabels().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5), org.nd4j.linalg.indexing.NDArrayIndex.all())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(input, 3, tmp.resolve("data")));
        assertTrue(e.getMessage().contains("minibatch 1") && e.getMessage().contains("8 examples"),
                e.getMessage());
    }

    @Test
    void emptyInputIsRefused() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(List.of(), 3, tmp.resolve("data")));
        assertTrue(e.getMessage().contains("no minibatches to write"), e.getMessage());
        assertEquals(List.of(), everything(tmp));
    }

    @Test
    void existingTargetIsNotOverwritten() throws IOException {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.txt"), "mine");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> write(dense(3, 8, 14), 3, dir));
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("data"), e.getMessage());
        assertEquals(List.of("data", "data/keep.txt"), everything(tmp));

        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        assertThrows(FileAlreadyExistsException.class, () -> write(dense(3, 8, 14), 3, file));

        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        assertEquals(3, write(dense(3, 8, 14), 3, empty).minibatches(), "an empty directory may be filled");
    }

    @Test
    void everyShardCarriesItsSha256AndAShardReplacedAfterwardsIsRefusedNamingIt() throws Exception {
        List<DataSet> input = dense(10, 4, 21);
        Path dir = tmp.resolve("digests");
        ShardManifest manifest = write(input, 5, dir);
        for (ShardManifest.Shard shard : manifest.shards()) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(dir.resolve(shard.file())));
            assertEquals(java.util.HexFormat.of().formatHex(digest), shard.sha256(), shard.file());
        }
        List<ShardSlice> slices = new ArrayList<>();
        for (ShardManifest.Shard shard : manifest.shards()) {
            slices.add(new ShardSlice(uri(dir.resolve(shard.file())), 0, shard.records(), shard.sha256()));
        }
        ShardAccess access = new ShardAccess(new HadoopConf(hadoop()), manifest.minibatch());
        List<DataSet> read = new ArrayList<>();
        access.minibatches(0, slices.iterator(), 0, 10).forEachRemaining(read::add);
        assertEquals(input, read);

        // shard 1 copied over shard 0: a valid shard file, every CRC right, the same record count; only the digest
        // tells that these are not the minibatches the manifest describes
        Files.copy(dir.resolve("shard-00001.rsb"), dir.resolve("shard-00000.rsb"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dir.resolve(".shard-00000.rsb.crc"));
        java.io.UncheckedIOException replaced = assertThrows(java.io.UncheckedIOException.class,
                () -> access.minibatches(0, slices.iterator(), 0, 10).forEachRemaining(m -> { }));
        assertTrue(replaced.getCause() instanceof CorruptShardException, String.valueOf(replaced.getCause()));
        String message = replaced.getCause().getMessage();
        assertTrue(message.contains("shard-00000.rsb: SHA-256 ") && message.contains("but the manifest says "
                + manifest.shards().get(0).sha256()), message);
    }

    @Test
    void aVersion1ManifestWithoutDigestsIsStillRead() throws IOException {
        Path dir = tmp.resolve("v1");
        ShardManifest written = write(dense(6, 4, 5), 3, dir);
        Path manifest = dir.resolve("_manifest.json");
        String json = Files.readString(manifest);
        damage(manifest, bytes -> json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 1")
                .replaceAll(",\\s*\"sha256\" : \"[0-9a-f]{64}\"", "").getBytes(StandardCharsets.UTF_8));
        ShardManifest v1 = ShardManifest.read(FileSystem.get(dir.toUri(), hadoop()),
                new org.apache.hadoop.fs.Path(uri(dir)));
        assertEquals(1, v1.formatVersion());
        assertEquals(written.shards().stream().map(ShardManifest.Shard::records).toList(),
                v1.shards().stream().map(ShardManifest.Shard::records).toList());
        assertTrue(v1.shards().stream().allMatch(shard -> shard.sha256() == null));
    }
}
