package io.rationalspark.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Writes every round's {@link RoundStats} as one JSON line to a file on any Hadoop file system, flushed after
 * each round so the file can be followed live: the full record of a run (the {@link TrainerState} keeps only the
 * last rounds). A resumed run keeps the lines of the rounds before its checkpoint and drops those after it (they
 * were lost with the driver and are trained again), so the file always matches the training state: line i is round
 * i. The old file is first renamed to {@code <name>.previous} and copied back line by line, so a crash during the
 * copy loses nothing (the next start copies from {@code .previous} again).
 */
public final class StatsJsonLines implements RoundListener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatsJsonLines.class);

    private final Path path;
    private final Configuration conf;
    private FSDataOutputStream out;

    public StatsJsonLines(String uri, Configuration conf) {
        this.path = new Path(URI.create(uri));
        this.conf = conf;
    }

    @Override
    public void trainingStarted(Model model, TrainerState state, long totalRounds) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            Path previous = new Path(path.getParent(), path.getName() + ".previous");
            if (state.nextRound() == 0) {
                fs.delete(previous, false);
                out = create();
            } else {
                if (!fs.exists(previous) && fs.exists(path) && !fs.rename(path, previous)) {
                    throw new IOException("cannot rename " + path + " to " + previous);
                }
                out = create();
                long kept = fs.exists(previous) ? copyRoundsBefore(fs, previous, state.nextRound()) : 0;
                out.hflush();
                fs.delete(previous, false);
                if (kept != state.nextRound()) {
                    LOG.warn("{} held {} of the {} rounds before the resume; their lines are missing", path, kept,
                            state.nextRound());
                }
            }
            out.hflush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training statistics to " + path, e);
        }
    }

    /**
     * Opens the file for writing, replacing it. On the local file system the file is written without Hadoop's
     * {@code .crc} sibling: the checksummed {@code LocalFileSystem} holds back the last partial 512-byte checksum
     * chunk on {@code hflush}, so the newest lines would appear only when the file is closed, and the file could
     * not be followed live (seen: nothing of a 40-round run until its end).
     */
    private FSDataOutputStream create() throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        if (fs instanceof LocalFileSystem) {
            Path qualified = fs.makeQualified(path);
            // a checksum left by an earlier writer would no longer match
            fs.delete(((LocalFileSystem) fs).getChecksumFile(qualified), false);
            return ((LocalFileSystem) fs).getRawFileSystem().create(qualified, true);
        }
        return fs.create(path, true);
    }

    @Override
    public void roundEnded(Model model, TrainerState state, RoundStats stats) {
        try {
            write(stats);
            out.hflush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training statistics to " + path, e);
        }
    }

    /** Copies the lines of rounds [0, end) of {@code from} into the output; returns how many. */
    private long copyRoundsBefore(FileSystem fs, Path from, long end) throws IOException {
        long kept = 0;
        // a driver killed mid-write leaves a checksummed local file's .crc behind its data: read the bytes as they are
        FileSystem raw = fs instanceof org.apache.hadoop.fs.ChecksumFileSystem
                ? ((org.apache.hadoop.fs.ChecksumFileSystem) fs).getRawFileSystem() : fs;
        try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(raw.open(from),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                long round;
                try {
                    round = JSON.readTree(line).path("round").asLong(-1);
                } catch (IOException e) {
                    LOG.warn("{}: skipping an unreadable line (a write cut short?): {}", from, e.getMessage());
                    continue;
                }
                if (round >= 0 && round < end) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    kept++;
                }
            }
        }
        return kept;
    }

    private void write(RoundStats stats) throws IOException {
        out.write((JSON.writeValueAsString(stats) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void trainingEnded(Model model, TrainerState state) {
        close();
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close training statistics file " + path, e);
            } finally {
                out = null;
            }
        }
    }

    /** Reads a JSON-lines statistics file back (for reports and tests). */
    public static java.util.List<RoundStats> read(String uri, Configuration conf) throws IOException {
        Path p = new Path(URI.create(uri));
        java.util.List<RoundStats> rounds = new java.util.ArrayList<>();
        try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                p.getFileSystem(conf).open(p), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rounds.add(JSON.readValue(line, RoundStats.class));
                }
            }
        }
        return rounds;
    }
}
