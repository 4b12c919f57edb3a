package io.rationalspark.training.cluster;

import io.rationalspark.training.RoundStats;
import io.rationalspark.training.StatsJsonLines;
import io.rationalspark.training.TestNets;
import io.rationalspark.training.checkpoint.CheckpointInfo;
import io.rationalspark.training.checkpoint.CheckpointStore;
import io.rationalspark.training.data.ShardWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The driver killed with SIGKILL mid-training, then submitted again: it must resume from the newest checkpoint,
 * losing at most {@code checkpointEvery} rounds, and finish with a valid model. The driver is a JVM of its own
 * ({@link ResumingDriver}, started with this JVM's class path and Java 17 openings) connected as a client-mode driver
 * to the test's standalone Master. The extension's own application holds the cluster's first Worker (one
 * executor), so the test adds a second Worker of two cores to the same Master for the driver's executors; when the
 * driver dies the Master removes its application and that Worker kills its executors.
 */
@Tag("cluster")
@Tag("fault")
class DriverLossTest {

    private static final Logger LOG = LoggerFactory.getLogger(DriverLossTest.class);
    private static final long ROUNDS = 40;
    private static final int CHECKPOINT_EVERY = 5;
    /** Rounds (lines in rounds.jsonl) to wait for before the kill: past two checkpoints, well before the end. */
    private static final int KILL_AFTER_ROUNDS = 12;
    private static final Duration PROGRESS_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final StandaloneSparkCluster SPARK = new StandaloneSparkCluster(1, 512);

    @TempDir
    Path tmp;

    @Test
    void aKilledDriverResumesFromTheNewestCheckpoint() throws Exception {
        Configuration hadoop = new Configuration();
        String shards = tmp.resolve("shards").toUri().toString();
        new ShardWriter(hadoop, 8).write(TestNets.xorMinibatches(64, 16, DataType.FLOAT, 31).iterator(), shards);
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path workDir = Files.createDirectories(tmp.resolve("worker"));
        Path rounds = run.resolve("rounds.jsonl");
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoints").toUri().toString(), hadoop, 3);

        RpcEnv worker = Worker.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, 2, 2048, new String[]{SPARK.masterUrl()},
                workDir.toString(), Option.apply(2), new SparkConf(false), Option.empty());
        Process first = null;
        Process second = null;
        try {
            first = startDriver(shards, run, tmp.resolve("driver-1.log"));
            Process driver = first;
            awaitOrFail(() -> lines(rounds) >= KILL_AFTER_ROUNDS && !checkpoints(store).isEmpty(), driver,
                    tmp.resolve("driver-1.log"), PROGRESS_TIMEOUT, "driver 1 to pass " + KILL_AFTER_ROUNDS + " rounds and write a checkpoint");
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "driver 1 ends after SIGKILL");
            long roundsDone = lines(rounds);
            List<CheckpointInfo> saved = checkpoints(store);
            long newest = saved.get(saved.size() - 1).round();
            LOG.info("killed driver {} (exit {}) after {} rounds; newest checkpoint: round {}", first.pid(),
                    first.exitValue(), roundsDone, newest);
            assertEquals(137, first.exitValue(), "SIGKILL");
            assertTrue(roundsDone < ROUNDS, "killed mid-training: " + roundsDone + " of " + ROUNDS + " rounds done");
            assertFalse(Files.exists(run.resolve(ResumingDriver.RESULT_FILE)), "driver 1 never finished");

            second = startDriver(shards, run, tmp.resolve("driver-2.log"));
            Process again = second;
            awaitOrFail(() -> !again.isAlive(), again, tmp.resolve("driver-2.log"), FINISH_TIMEOUT,
                    "driver 2 to finish");
            assertEquals(0, second.exitValue(), "driver 2 exit status; log:\n" + tail(tmp.resolve("driver-2.log")));

            Properties result = new Properties();
            try (Reader r = Files.newBufferedReader(run.resolve(ResumingDriver.RESULT_FILE), StandardCharsets.UTF_8)) {
                result.load(r);
            }
            long resumedFrom = Long.parseLong(result.getProperty("resumedFromRound"));
            LOG.info("driver 2 resumed from round {} (rounds lost {}, checkpointEvery {}): {}", resumedFrom,
                    roundsDone - resumedFrom, CHECKPOINT_EVERY, result);
            assertEquals(newest, resumedFrom, "resumed from the newest checkpoint");
            assertTrue(roundsDone - resumedFrom <= CHECKPOINT_EVERY, "rounds lost: " + roundsDone + " done, resumed "
                    + "from " + resumedFrom + ", checkpointEvery " + CHECKPOINT_EVERY);
            assertEquals(ROUNDS, Long.parseLong(result.getProperty("nextRound")));
            assertEquals("maxRounds", result.getProperty("stoppedBy"));
            assertEquals("true", result.getProperty("finiteParameters"), "a valid model");
            double accuracy = Double.parseDouble(result.getProperty("accuracy"));
            assertTrue(accuracy >= 0.9, "XOR accuracy after " + ROUNDS + " rounds with a resume: " + accuracy);

            // the statistics match the resumed state: one line per round, no round twice (the rounds after the
            // checkpoint that the killed driver had done are replaced, not repeated)
            List<RoundStats> stats = StatsJsonLines.read(rounds.toUri().toString(), hadoop);
            long[] numbers = stats.stream().mapToLong(RoundStats::round).toArray();
            long[] expected = new long[(int) ROUNDS];
            Arrays.setAll(expected, i -> i);
            assertTrue(Arrays.equals(expected, numbers), "rounds.jsonl holds rounds 0.." + (ROUNDS - 1)
                    + " once each: " + Arrays.toString(numbers));
            assertEquals(ROUNDS, checkpoints(store).get(checkpoints(store).size() - 1).round(),
                    "the final round is checkpointed");
        } finally {
            for (Process p : new Process[]{first, second}) {
                if (p != null) {
                    p.destroyForcibly();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
            worker.shutdown();
            worker.awaitTermination();
        }
    }

    private Process startDriver(String shards, Path run, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx1g");
        command.addAll(Arrays.asList(System.getProperty(StandaloneSparkCluster.OPENS_PROPERTY).trim().split("\\s+")));
        command.add("-D" + StandaloneSparkCluster.OPENS_PROPERTY + "="
                + System.getProperty(StandaloneSparkCluster.OPENS_PROPERTY));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ResumingDriver.class.getName());
        command.addAll(List.of(SPARK.masterUrl(), shards, run.toString(), String.valueOf(ROUNDS),
                String.valueOf(CHECKPOINT_EVERY)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Polls {@code condition}; fails with the driver's log if the driver exits first or the time runs out. */
    private static void awaitOrFail(BooleanSupplier condition, Process driver, Path log, Duration timeout,
                                    String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!driver.isAlive() && !condition.getAsBoolean()) {
                fail("the driver exited (" + driver.exitValue() + ") while waiting for " + what + "; log:\n"
                        + tail(log));
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toSeconds() + " s for " + what + "; log:\n" + tail(log));
            }
            Thread.sleep(200);
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<CheckpointInfo> checkpoints(CheckpointStore store) {
        try {
            return store.list();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "(no log " + log + ")";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
