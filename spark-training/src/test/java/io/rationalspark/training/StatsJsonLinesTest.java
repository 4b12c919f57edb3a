package io.rationalspark.training;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * rounds.jsonl is the full record: a resume keeps the rounds before its checkpoint and drops the lost ones; on the
 * local file system it can be followed live and read back after being replaced.
 */
class StatsJsonLinesTest {

    private static final Configuration HADOOP = new Configuration();

    /** Writes rounds [0, n) as a fresh run would, then {@code tail} (e.g. a line cut short by a kill). */
    private static void writeRun(Path file, int n, String tail) throws IOException {
        StatsJsonLines out = new StatsJsonLines(file.toUri().toString(), HADOOP);
        TrainerState state = TrainerState.start(1);
        out.trainingStarted(null, state, -1);
        for (int r = 0; r < n; r++) {
            RoundStats stats = TrainerStateTest.round(r, 5, 50, 1.0 / (r + 1));
            state = state.after(stats, 0, 5L * (r + 1));
            out.roundEnded(null, state, stats);
        }
        out.close();
        Files.writeString(file, tail, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The state of a checkpoint taken after {@code rounds} rounds. */
    private static TrainerState checkpointAfter(int rounds) {
        TrainerState state = TrainerState.start(1);
        for (int r = 0; r < rounds; r++) {
            state = state.after(TrainerStateTest.round(r, 5, 50, 1.0 / (r + 1)), 0, 5L * (r + 1));
        }
        return state;
    }

    private static List<Long> rounds(Path file) throws IOException {
        return StatsJsonLines.read(file.toUri().toString(), HADOOP).stream().map(RoundStats::round)
                .collect(Collectors.toList());
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void aResumeKeepsTheRoundsBeforeItsCheckpointAndDropsTheLostOnes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rounds.jsonl");
        writeRun(file, 10, "{\"round\":10,\"epo");
        TrainerState resumed = checkpointAfter(6);
        StatsJsonLines out = new StatsJsonLines(file.toUri().toString(), HADOOP);
        out.trainingStarted(null, resumed, -1);
        RoundStats again = TrainerStateTest.round(6, 5, 50, 0.25);
        out.roundEnded(null, resumed.after(again, 0, 35), again);
        out.trainingEnded(null, resumed);
        assertEquals(range(0, 7), rounds(file), "rounds 6-9 were lost with the driver, the cut line too; line i is"
                + " round i");
        assertEquals(0.25, StatsJsonLines.read(file.toUri().toString(), HADOOP).get(6).meanLoss());
        assertFalse(Files.exists(dir.resolve("rounds.jsonl.previous")));
    }

    @Test
    void aCopyCutShortIsRedoneFromThePreviousFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rounds.jsonl");
        writeRun(file, 10, "");
        // a driver killed while copying: the complete old file is .previous, rounds.jsonl holds part of the copy
        Files.move(file, dir.resolve("rounds.jsonl.previous"));
        List<String> lines = Files.readAllLines(dir.resolve("rounds.jsonl.previous"), StandardCharsets.UTF_8);
        Files.writeString(file, lines.get(0) + "\n" + lines.get(1) + "\n", StandardCharsets.UTF_8);
        StatsJsonLines out = new StatsJsonLines(file.toUri().toString(), HADOOP);
        out.trainingStarted(null, checkpointAfter(8), -1);
        out.close();
        assertEquals(range(0, 8), rounds(file));
        assertFalse(Files.exists(dir.resolve("rounds.jsonl.previous")));
    }

    @Test
    void aFreshStartOverwrites(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rounds.jsonl");
        writeRun(file, 4, "");
        StatsJsonLines out = new StatsJsonLines(file.toUri().toString(), HADOOP);
        out.trainingStarted(null, TrainerState.start(1), -1);
        out.close();
        assertEquals(List.of(), rounds(file));
    }

    @Test
    void everyRoundIsInTheLocalFileBeforeItIsClosed(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("rounds.jsonl");
        Configuration conf = new Configuration();
        // an earlier writer through the checksummed local file system leaves a .crc beside the file
        FileSystem local = FileSystem.getLocal(conf);
        try (FSDataOutputStream old = local.create(new org.apache.hadoop.fs.Path(file.toUri()), true)) {
            old.write("old\nlines\nof another length\n".getBytes(StandardCharsets.UTF_8));
        }
        StatsJsonLines stats = new StatsJsonLines(file.toUri().toString(), conf);
        stats.trainingStarted(null, TrainerState.start(1), 10);
        for (long r = 0; r < 3; r++) {
            stats.roundEnded(null, null, TrainerStateTest.round(r, 4, 64, 0.5));
            assertEquals(r + 1, Files.readAllLines(file, StandardCharsets.UTF_8).size(),
                    "round " + r + " is in the file as soon as it ended");
        }
        stats.close();
        assertEquals(range(0, 3), rounds(file), "read back through the checksummed file system");
    }
}
