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
 * each round so the file can be followed live. A resumed run rewrites the history it carries first, so the
 * file always matches the training state.
 */
public final class StatsJsonLines implements RoundListener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            out = create();
            for (RoundStats stats : state.history()) {
                write(stats);
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
