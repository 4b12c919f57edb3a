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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The statistics file on the local file system can be followed live and read back after being replaced. */
class StatsJsonLinesTest {

    private static RoundStats round(long r) {
        return new RoundStats(r, 0, 4, 2, 64, 0.5, 1, 2, 2, 1, 1, 1000, Map.of(), Map.of());
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
            stats.roundEnded(null, null, round(r));
            assertEquals(r + 1, Files.readAllLines(file, StandardCharsets.UTF_8).size(),
                    "round " + r + " is in the file as soon as it ended");
        }
        stats.close();
        assertEquals(List.of(round(0), round(1), round(2)), StatsJsonLines.read(file.toUri().toString(), conf),
                "read back through the checksummed file system");
    }
}
