package io.rationalspark.training.data;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.LocalSpark;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.TestNets;
import io.rationalspark.training.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.rationalspark.training.data.ShardFixtures.damage;
import static io.rationalspark.training.data.ShardFixtures.hadoop;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged shard met by training, not just by a reader: a shard cut off in the middle of a record (as a copy or an
 * upload that died half-way leaves it) and a shard with flipped bytes inside a record. Training from the streamed
 * shards ({@link ShardedTrainingData}) and caching them ({@link CachedTrainingData#fromShards}) must both fail with an
 * error that names the file, and the record where the file still says where its records are.
 */
@ExtendWith(LocalSpark.class)
class CorruptShardTrainingTest {

    private static final String DAMAGED = "shard-00002.rsb";

    @TempDir
    Path tmp;

    /** 16 XOR minibatches in 4 shards of 4 records each. */
    private Path shards() throws IOException {
        Path dir = tmp.resolve("xor");
        new ShardWriter(hadoop(), 4).write(TestNets.xorMinibatches(16, 8, DataType.FLOAT, 3).iterator(),
                dir.toUri().toString());
        return dir;
    }

    private static long recordOffset(Path file, int record) throws IOException {
        try (ShardReader reader = ShardReader.open(file.toUri().toString(), hadoop())) {
            return reader.recordOffset(record);
        }
    }

    @Test
    void aShardCutOffInsideARecordIsNamedByTraining(JavaSparkContext sc) throws IOException {
        Path dir = shards();
        Path file = dir.resolve(DAMAGED);
        long cut = recordOffset(file, 1) + 10;
        damage(file, bytes -> Arrays.copyOf(bytes, (int) cut));

        String streamed = failureOf(sc, () -> ShardedTrainingData.open(sc, dir.toUri().toString(), 2));
        assertNamesTheFile(streamed, "truncated");
        String cached = failureOf(sc, () -> CachedTrainingData.fromShards(sc, dir.toUri().toString(), 2,
                StorageLevel.MEMORY_ONLY()));
        assertNamesTheFile(cached, "truncated");
    }

    @Test
    void flippedBytesInARecordAreNamedByTrainingWithTheRecord(JavaSparkContext sc) throws IOException {
        Path dir = shards();
        Path file = dir.resolve(DAMAGED);
        long offset = recordOffset(file, 2);
        damage(file, bytes -> {
            for (int i = 40; i < 48; i++) {
                bytes[(int) offset + i] ^= (byte) 0xA5;
            }
            return bytes;
        });

        String streamed = failureOf(sc, () -> ShardedTrainingData.open(sc, dir.toUri().toString(), 2));
        assertNamesTheFile(streamed, "record 2");
        assertTrue(streamed.contains("CRC32 mismatch"), streamed);
        String cached = failureOf(sc, () -> CachedTrainingData.fromShards(sc, dir.toUri().toString(), 2,
                StorageLevel.MEMORY_ONLY()));
        assertNamesTheFile(cached, "record 2");
    }

    /** Opens the data and trains on it; returns the message of what was thrown (training must not succeed). */
    private static String failureOf(JavaSparkContext sc, DataSource source) {
        Exception e = assertThrows(Exception.class, () -> {
            TrainingData<?> data = source.open();
            try {
                new ModelAveragingTrainer(AveragingConfig.builder().workers(2).averagingPeriod(2).epochs(1).build(),
                        List.of()).fit(sc, TestNets.rationalMlp(new Adam(0.02), DenominatorForm.SAFE_ABS_TERMS,
                        DataType.FLOAT, 1), data);
            } finally {
                data.release();
            }
        }, "training on a damaged shard must fail");
        return e.getMessage();
    }

    private static void assertNamesTheFile(String message, String detail) {
        assertTrue(message.contains(DAMAGED) && message.contains(detail), "the error names " + DAMAGED + " and "
                + detail + ": " + message);
    }

    @FunctionalInterface
    private interface DataSource {
        TrainingData<?> open() throws IOException;
    }
}
