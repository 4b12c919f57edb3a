package io.rationalspark.jobs;

import io.rationalspark.jobs.bench.ClusterBenchJob;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.data.RealData;
import io.rationalspark.jobs.evaluate.EvaluateJob;
import io.rationalspark.jobs.prepare.PrepareJob;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.jobs.study.CompareJob;
import io.rationalspark.jobs.study.LocalSgdStudyJob;
import io.rationalspark.jobs.study.ParamEfficiencyJob;
import io.rationalspark.jobs.train.TrainJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every job's main on every kind of bad input a user gives it: a bad command line, an unknown key, a bad value, a
 * missing config file, missing or damaged data, a run directory that holds a finished run, an unreachable master, a run
 * without a model (or with a damaged one) to evaluate. Each must end with exit status 2 and one line on standard error that starts with the job's name,
 * no stack trace, and leave the output directory as it was.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JobMainsTest {

    /** A job main: its command line, what it runs, and which inputs it has. */
    private record Main(String name, JobCli cli, JobCli.Body body, boolean spark, boolean opensRunDirectory) {
    }

    private static final List<Main> MAINS = List.of(
            new Main("prepare", PrepareJob.CLI, PrepareJob::execute, false, false),
            new Main("train", TrainJob.CLI, TrainJob::execute, true, true),
            new Main("evaluate", EvaluateJob.CLI, EvaluateJob::execute, true, false),
            new Main("compare", CompareJob.CLI, CompareJob::execute, true, true),
            new Main("param-efficiency", ParamEfficiencyJob.CLI, ParamEfficiencyJob::execute, true, true),
            new Main("local-sgd", LocalSgdStudyJob.CLI, LocalSgdStudyJob::execute, true, true),
            new Main("cluster-bench", ClusterBenchJob.CLI, ClusterBenchJob::execute, true, true));

    @TempDir
    static Path tmp;

    private static List<String> base;

    /** Small real shards, so that each case fails on the input it is about and on nothing before it. */
    @BeforeAll
    static void prepareShards() throws IOException {
        Path raw = RealData.require("fashion-mnist", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
                .getParent();
        base = List.of("--set", "spark.master=local[1]", "--set", "spark.conf.spark.ui.enabled=false",
                "--set", "spark.conf.spark.driver.host=127.0.0.1", "--set",
                "spark.conf.spark.driver.bindAddress=127.0.0.1", "--set", "data.name=fashion-mnist",
                "--set", "data.raw=" + raw, "--set", "data.train=" + tmp.resolve("shards/train").toUri(),
                "--set", "data.test=" + tmp.resolve("shards/test").toUri(), "--set", "data.limit=200",
                "--set", "trainer.workers=1",
                // the engine every build has (the Spark 4 build refuses dl4j-spark, a default of the cluster benchmark)
                "--set", "bench.engines=[model-averaging]");
        PrepareJob.run(JobConfig.load(settings(base)), new org.apache.hadoop.conf.Configuration());
    }

    private static List<String> settings(List<String> args) {
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            overrides.add(args.get(i + 1));
        }
        return overrides;
    }

    /** The exit status and standard error of one call of {@code main}'s body through its command line. */
    private record Outcome(int status, String err) {
    }

    private static Outcome run(Main main, List<String> extra) {
        List<String> args = new ArrayList<>(base);
        args.addAll(extra);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = main.cli().run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), main.body());
        return new Outcome(status, err.toString(StandardCharsets.UTF_8));
    }

    /** Asserts exit 2 and one line naming the job that contains {@code expected}. */
    private static void assertUserError(Main main, String what, Outcome outcome, String expected) {
        String context = main.name() + ", " + what + ": " + outcome.err();
        assertEquals(JobCli.EXIT_USAGE, outcome.status(), context);
        String[] lines = outcome.err().split("\\R");
        assertEquals(1, lines.length, "one line: " + context);
        assertTrue(lines[0].startsWith(main.name() + ": "), context);
        assertTrue(lines[0].contains(expected), context);
        assertFalse(outcome.err().contains("\tat "), "no stack trace: " + context);
    }

    /** Every file under {@code dir} with its bytes (empty when it does not exist). */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    files.put(dir.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    @Test
    void badCommandLinesAndConfigsEndWithOneLineAndExitTwo() {
        for (Main main : MAINS) {
            assertUserError(main, "unknown argument", run(main, List.of("--frobnicate")), "unknown argument");
            assertUserError(main, "unknown key", run(main, List.of("--set", "trainer.epoch=3")),
                    "unknown key 'trainer.epoch'");
            assertUserError(main, "bad value", run(main, List.of("--set", "trainer.epochs=-1")), "trainer.epochs");
            assertUserError(main, "missing config file",
                    run(main, List.of("--conf", tmp.resolve("none.conf").toString())), "config file not found");
        }
    }

    @Test
    void missingDataEndsWithOneLineAndLeavesNoRunDirectory() throws IOException {
        for (Main main : MAINS) {
            Path out = tmp.resolve("missing-data-" + main.name());
            List<String> extra = main.name().equals("prepare")
                    ? List.of("--set", "data.raw=" + tmp.resolve("no-raw-data"), "--set",
                    "data.train=" + tmp.resolve("new-shards/train").toUri(), "--set",
                    "data.test=" + tmp.resolve("new-shards/test").toUri())
                    : List.of("--set", "data.train=" + tmp.resolve("no-shards/train").toUri(), "--set",
                    "data.test=" + tmp.resolve("no-shards/test").toUri(), "--set", "output.dir=" + out.toUri());
            assertUserError(main, "missing data", run(main, extra), main.name().equals("prepare") ? "no-raw-data"
                    : "no-shards");
            assertEquals(Map.of(), snapshot(out), main.name() + ": nothing written to " + out);
        }
    }

    @Test
    void aFinishedRunDirectoryIsRefusedAndLeftAsItWas() throws IOException {
        for (Main main : MAINS) {
            if (!main.opensRunDirectory()) {
                continue;
            }
            Path out = tmp.resolve("finished-" + main.name());
            Files.createDirectories(out);
            Files.writeString(out.resolve("config.conf"), "# the finished run's config\n");
            Files.writeString(out.resolve("report.md"), "the finished run's report\n");
            Files.writeString(out.resolve("_FINISHED"), "");
            Map<String, String> before = snapshot(out);
            assertUserError(main, "finished run", run(main, List.of("--set", "output.dir=" + out.toUri())),
                    "finished");
            assertEquals(before, snapshot(out), main.name() + ": the finished run is unchanged");
        }
    }

    @Test
    void moreWorkersThanMinibatchesEndsWithOneLine() {
        Main train = MAINS.stream().filter(m -> m.name().equals("train")).findFirst().orElseThrow();
        Path out = tmp.resolve("too-many-workers");
        assertUserError(train, "more workers than minibatches", run(train, List.of("--set", "trainer.workers=100",
                "--set", "output.dir=" + out.toUri())), "fewer than the 100 workers");
    }

    @Test
    void anUnreachableMasterEndsWithOneLine() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        for (Main main : MAINS) {
            if (!main.spark()) {
                continue;
            }
            Path out = tmp.resolve("unreachable-" + main.name());
            assertUserError(main, "unreachable master", run(main, List.of("--set",
                    "spark.master=spark://127.0.0.1:" + closedPort, "--set", "output.dir=" + out.toUri())),
                    "cannot reach the Spark master spark://127.0.0.1:" + closedPort);
            assertEquals(Map.of(), snapshot(out), main.name() + ": nothing written");
        }
    }

    @Test
    void evaluatingARunWithoutAModelEndsWithOneLine() throws IOException {
        Main evaluate = MAINS.stream().filter(m -> m.name().equals("evaluate")).findFirst().orElseThrow();
        Path out = tmp.resolve("no-model");
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.conf"), "# a run without a model\n");
        Map<String, String> before = snapshot(out);
        assertUserError(evaluate, "no model", run(evaluate, List.of("--set", "output.dir=" + out.toUri())),
                "no model.zip");
        assertEquals(before, snapshot(out));

        Files.writeString(out.resolve("model.zip"), "not a zip");
        Map<String, String> damaged = snapshot(out);
        assertUserError(evaluate, "damaged model", run(evaluate, List.of("--set", "output.dir=" + out.toUri())),
                "cannot be read");
        assertEquals(damaged, snapshot(out));
    }

    @Test
    void damagedRawDataEndsWithOneLineNamingTheFile() throws IOException {
        Main prepare = MAINS.get(0);
        Path raw = tmp.resolve("damaged-raw");
        Files.createDirectories(raw);
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            Files.writeString(raw.resolve(name), "not an IDX file");
        }
        Path shards = tmp.resolve("damaged-shards");
        assertUserError(prepare, "damaged raw data", run(prepare, List.of("--set", "data.raw=" + raw, "--set",
                "data.train=" + shards.resolve("train").toUri(), "--set", "data.test=" + shards.resolve("test").toUri())),
                "-idx");
        assertEquals(Map.of(), snapshot(shards), "no shards written");
    }
}
