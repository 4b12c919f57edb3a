package io.rationalspark.jobs;

import io.rationalspark.jobs.Scripts.Run;
import io.rationalspark.jobs.Scripts.Started;
import io.rationalspark.jobs.data.RealData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.rationalspark.jobs.Scripts.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job jar this build just packaged, on a real YARN cluster: {@code scripts/local-yarn.sh} starts Hadoop's mini YARN
 * (a resource manager and 2 node managers) and HDFS on loopback, in a directory of its own, and
 * {@code scripts/spark-submit.sh --spark LINE --master yarn} submits to it. It checks that ClusterCheck's tasks run in
 * two executor containers; prepares shards on that HDFS; trains the quick MLP with 2 executors in client and in
 * cluster deploy mode, each run directory on HDFS holding the model, the report and {@code _FINISHED}, with the test
 * accuracy of the same training in local mode (fixed seeds); refuses a second submission of a finished run; and
 * finishes a training whose executor container (started with the Java 17 flags and {@code OMP_NUM_THREADS} of its
 * cores) is killed ({@code kill -9}) mid-training, and one whose cluster-mode
 * driver is killed: YARN's second attempt of the application resumes from the newest checkpoint.
 *
 * <p>Integration-test phase (failsafe), after {@code package}, like {@link JobJarIT}; tagged {@code cluster}.
 */
@Tag("cluster")
class YarnJobJarIT {

    private static final Duration SUBMIT_LIMIT = Duration.ofMinutes(4);
    private static final Pattern APPLICATION = Pattern.compile("Submitting application (application_\\d+_\\d+)");
    private static final Pattern TEST_METRIC = Pattern.compile("\"testMetric\" : ([0-9.]+)");
    private static final String TRAIN = "io.rationalspark.jobs.train.TrainJob";
    private static final String EXECUTOR_CLASS = "org.apache.spark.executor.YarnCoarseGrainedExecutorBackend";

    private final String line = System.getProperty("rationalspark.spark.line");

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void theJobJarTrainsOnYarnInBothDeployModes(@TempDir Path tmp) throws Exception {
        assertTrue("3".equals(line) || "4".equals(line), "rationalspark.spark.line is 3 or 4, got " + line);
        Path raw = RealData.require("fashion-mnist", "train-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz").getParent();
        Path state = tmp.resolve("yarn");
        Map<String, String> env = new HashMap<>();
        env.put("RATIONALSPARK_LOCAL_YARN_DIR", state.toString());
        env.put("RATIONALSPARK_JOB_JAR_AS_IS", "1");
        // the local YARN's configuration, whatever this machine's HADOOP_CONF_DIR says
        env.put("HADOOP_CONF_DIR", state.resolve("hadoop-conf").toString());
        Scripts scripts = new Scripts(tmp, env, SUBMIT_LIMIT);

        Run started = scripts.run("scripts/local-yarn.sh", "start", "2", "4096", "2");
        try {
            assertEquals(0, started.exit(), started.output());
            assertTrue(started.output().contains("YARN up: 2 node managers"), started.output());
            String hdfs = Files.readString(state.resolve("uri")).strip();
            assertTrue(hdfs.startsWith("hdfs://127.0.0.1:"), hdfs);
            for (String file : new String[] {"core-site.xml", "yarn-site.xml"}) {
                assertTrue(Files.isRegularFile(state.resolve("hadoop-conf").resolve(file)), file);
            }

            Run check = submit(scripts, "client", List.of("io.rationalspark.jobs.ClusterCheck"));
            assertEquals(0, check.exit(), check.output());
            assertTrue(check.output().contains("counted 100000 of 100000 elements (OK) in 2 JVM(s), 2 of them"
                    + " executor(s)"), "the tasks ran in two executors: " + check.output());
            assertEquals(2, executorContainers(state, application(check)), "two executor containers");

            List<String> job = List.of("--conf", Scripts.ROOT.resolve("conf/fashion-mnist-mlp-quick.conf").toString(),
                    "--set", "data.raw=" + raw, "--set", "data.limit=3000",
                    "--set", "data.train=" + hdfs + "/rs/shards/train",
                    "--set", "data.test=" + hdfs + "/rs/shards/test",
                    "--set", "model.mlp.hidden=[64]", "--set", "trainer.epochs=1", "--set", "trainer.workers=2");
            Run prepared = scripts.run(concat(List.of("scripts/spark-submit.sh", "--spark", line, "--master",
                    "local[2]", "io.rationalspark.jobs.prepare.PrepareJob"), job));
            assertEquals(0, prepared.exit(), prepared.output());

            // the same training in local mode: the accuracy YARN must reproduce
            Run local = scripts.run(concat(List.of("scripts/spark-submit.sh", "--spark", line, "--master", "local[2]",
                    TRAIN), concat(job, List.of("--set",
                    "output.dir=" + tmp.resolve("run-local").toUri()))));
            assertEquals(0, local.exit(), local.output());
            String localMetric = testMetric(Files.readString(tmp.resolve("run-local/result.json")));

            try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs), new Configuration())) {
                for (String mode : new String[] {"client", "cluster"}) {
                    String run = hdfs + "/rs/run-" + mode;
                    Run trained = scripts.run(concat(submitCommand(mode), mode.equals("cluster")
                            ? shipped(job, List.of("--set", "output.dir=" + run))
                            : concat(List.of(TRAIN), concat(job, List.of("--set", "output.dir=" + run)))));
                    assertEquals(0, trained.exit(), trained.output());
                    // a cluster-mode driver's output is in its container; the YARN client reports how it ended
                    assertTrue(trained.output().contains(mode.equals("cluster") ? "final status: SUCCEEDED"
                            : "test accuracy "), trained.output());
                    assertEquals(2, executorContainers(state, application(trained)),
                            mode + " mode: two executor containers\n" + trained.output());
                    for (String file : new String[] {"config.conf", "model.zip", "result.json", "report.md",
                            "_FINISHED"}) {
                        assertTrue(isFile(fs, run, file), mode + " mode: " + file + " on HDFS");
                    }
                    assertEquals(localMetric, testMetric(read(fs, run, "result.json")),
                            mode + " mode: the test accuracy of local mode (same seeds, same 2 workers)");
                }

                Run again = submit(scripts, "client", concat(List.of(TRAIN),
                        concat(job, List.of("--set", "output.dir=" + hdfs + "/rs/run-client"))));
                assertEquals(2, again.exit(), again.output());
                assertTrue(again.output().contains("finished run"), again.output());

                String killedRun = hdfs + "/rs/run-executor-killed";
                Started training = scripts.start(concat(submitCommand("client"),
                        concat(List.of(TRAIN), concat(job, List.of(
                                "--set", "trainer.epochs=6", "--set", "output.dir=" + killedRun)))));
                try {
                    String appId = awaitRound(training, 3);
                    ProcessHandle executor = executors(appId).findFirst().orElseThrow(() -> new AssertionError(
                            "no executor process of " + appId + " found"));
                    // what our defaults give an executor container: the Java 17 flags, one ND4J thread per core
                    String command = executor.info().commandLine().orElse("");
                    assertTrue(command.contains("--add-modules=jdk.incubator.vector")
                            && command.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), command);
                    String environment = new String(Files.readAllBytes(
                            Path.of("/proc", String.valueOf(executor.pid()), "environ")), StandardCharsets.ISO_8859_1);
                    assertTrue(List.of(environment.split("\0")).contains("OMP_NUM_THREADS=1"),
                            "the executor's environment has OMP_NUM_THREADS=1 (its one core)");
                    executor.destroyForcibly();
                    assertTrue(training.process().waitFor(SUBMIT_LIMIT.toSeconds(), TimeUnit.SECONDS),
                            "the training finished after its executor was killed\n" + training.output());
                    String output = training.output();
                    assertEquals(0, training.process().exitValue(), output);
                    assertTrue(output.contains("Lost executor"), "the driver saw the executor go\n" + output);
                    assertTrue(isFile(fs, killedRun, "_FINISHED"), "the disturbed run finished");
                } finally {
                    if (training.process().isAlive()) {
                        training.kill();
                    }
                }

                // cluster mode: the driver (in the application master's container) killed mid-training; YARN starts
                // a second attempt, which resumes from the newest checkpoint
                String resumedRun = hdfs + "/rs/run-driver-killed";
                Started resumed = scripts.start(concat(submitCommand("cluster"), shipped(job, List.of(
                        "--set", "trainer.epochs=6", "--set", "trainer.checkpointEvery=3",
                        "--set", "output.dir=" + resumedRun))));
                try {
                    String appId = awaitApplication(resumed);
                    Path firstDriver = awaitContainerLog(state, appId, "_01_000001", "round 8/", resumed);
                    ProcessHandle driver = processes("org.apache.spark.deploy.yarn.ApplicationMaster", appId)
                            .findFirst().orElseThrow(() -> new AssertionError("no driver process of " + appId));
                    driver.destroyForcibly();
                    assertTrue(resumed.process().waitFor(SUBMIT_LIMIT.toSeconds(), TimeUnit.SECONDS),
                            "the second attempt finished\n" + resumed.output());
                    assertEquals(0, resumed.process().exitValue(), resumed.output());
                    assertTrue(resumed.output().contains("final status: SUCCEEDED"), resumed.output());
                    Path secondDriver = containerLog(state, appId, "_02_000001").orElseThrow(
                            () -> new AssertionError("no second attempt of " + appId + " after " + firstDriver));
                    String second = Files.readString(secondDriver.resolve("stderr"));
                    assertTrue(second.contains("resuming from"), "the second attempt resumed\n" + second);
                    assertTrue(isFile(fs, resumedRun, "_FINISHED"), "the resumed run finished");
                } finally {
                    if (resumed.process().isAlive()) {
                        resumed.kill();
                    }
                }
            }
        } finally {
            Run stopped = scripts.run("scripts/local-yarn.sh", "stop");
            assertEquals(0, stopped.exit(), stopped.output());
            assertTrue(stopped.output().contains("stopped"), stopped.output());
        }
    }

    private List<String> submitCommand(String deployMode) {
        return List.of("scripts/spark-submit.sh", "--spark", line, "--master", "yarn", "--deploy-mode", deployMode,
                "--num-executors", "2", "--executor-memory", "1g");
    }

    private Run submit(Scripts scripts, String deployMode, List<String> classAndArgs)
            throws IOException, InterruptedException {
        return scripts.run(concat(submitCommand(deployMode), classAndArgs));
    }

    private static String application(Run run) {
        Matcher m = APPLICATION.matcher(run.output());
        assertTrue(m.find(), "the YARN client names the application it submitted\n" + run.output());
        return m.group(1);
    }

    /** The application's containers other than its application masters' (container IDs ending in 000001). */
    private static long executorContainers(Path state, String appId) throws IOException {
        long count = 0;
        for (String dir : Files.readAllLines(state.resolve("nm-log-dirs"))) {
            Path app = Path.of(dir.strip()).resolve(appId);
            if (!Files.isDirectory(app)) {
                continue;
            }
            try (Stream<Path> containers = Files.list(app)) {
                count += containers.map(c -> c.getFileName().toString())
                        .filter(name -> name.startsWith("container_") && !name.endsWith("_000001")).count();
            }
        }
        return count;
    }

    /** Waits until the driver has logged round {@code round}; returns the application's ID. */
    private static String awaitRound(Started training, int round) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SUBMIT_LIMIT.toNanos();
        Pattern done = Pattern.compile("epoch \\d+, round " + round + "/");
        while (System.nanoTime() < deadline) {
            String output = training.output();
            Matcher app = APPLICATION.matcher(output);
            if (app.find() && done.matcher(output).find()) {
                return app.group(1);
            }
            assertTrue(training.process().isAlive(), "the training ended before round " + round + "\n" + output);
            Thread.sleep(100);
        }
        throw new AssertionError("no round " + round + " in " + SUBMIT_LIMIT + "\n" + training.output());
    }

    /**
     * The train job as a cluster-mode driver needs it: the preset shipped with {@code --files} (it lands in the
     * driver's working directory) and named without its directory; then the class, the job's arguments and
     * {@code more}.
     */
    private static List<String> shipped(List<String> job, List<String> more) {
        List<String> args = new ArrayList<>(job);
        int conf = args.indexOf("--conf");
        Path preset = Path.of(args.get(conf + 1));
        args.set(conf + 1, preset.getFileName().toString());
        return concat(List.of("--files", preset.toString(), TRAIN), concat(args, more));
    }

    private static String awaitApplication(Started submission) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SUBMIT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher app = APPLICATION.matcher(submission.output());
            if (app.find()) {
                return app.group(1);
            }
            assertTrue(submission.process().isAlive(), "the submission ended early\n" + submission.output());
            Thread.sleep(100);
        }
        throw new AssertionError("no application submitted in " + SUBMIT_LIMIT + "\n" + submission.output());
    }

    /** The log directory of the application's container whose ID ends in {@code suffix}, once it exists. */
    private static Optional<Path> containerLog(Path state, String appId,
            String suffix) throws IOException {
        for (String dir : Files.readAllLines(state.resolve("nm-log-dirs"))) {
            Path app = Path.of(dir.strip()).resolve(appId);
            if (Files.isDirectory(app)) {
                try (Stream<Path> containers = Files.list(app)) {
                    Optional<Path> found = containers
                            .filter(c -> c.getFileName().toString().endsWith(suffix)).findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Waits until the stderr of the application's container ending in {@code suffix} contains {@code text}. */
    private static Path awaitContainerLog(Path state, String appId, String suffix,
            String text, Started submission) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SUBMIT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> log = containerLog(state, appId, suffix);
            if (log.isPresent() && Files.isRegularFile(log.get().resolve("stderr"))
                    && Files.readString(log.get().resolve("stderr")).contains(text)) {
                return log.get();
            }
            assertTrue(submission.process().isAlive(), "the submission ended early\n" + submission.output());
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' in the log of container *" + suffix + " of " + appId);
    }

    private static Stream<ProcessHandle> executors(String appId) {
        return processes(EXECUTOR_CLASS, appId);
    }

    /**
     * This machine's Java processes whose command line names both {@code mainClass} and {@code appId} (not the shells
     * of the containers' launch scripts, whose command lines name them too).
     */
    private static Stream<ProcessHandle> processes(String mainClass, String appId) {
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(command -> {
            if (p.info().command().orElse("").endsWith("/java") && command.contains(mainClass)
                    && command.contains(appId)) {
                found.add(p);
            }
        }));
        return found.stream();
    }

    private static String testMetric(String resultJson) {
        Matcher m = TEST_METRIC.matcher(resultJson);
        assertTrue(m.find(), "result.json has the test metric: " + resultJson);
        return m.group(1);
    }

    private static boolean isFile(FileSystem fs, String dir, String name) throws IOException {
        return fs.isFile(new org.apache.hadoop.fs.Path(dir, name));
    }

    private static String read(FileSystem fs, String dir, String name) throws IOException {
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(dir, name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
