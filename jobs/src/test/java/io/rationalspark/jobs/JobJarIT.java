package io.rationalspark.jobs;

import io.rationalspark.jobs.Scripts.Run;
import io.rationalspark.jobs.data.RealData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rationalspark.jobs.Scripts.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job jar this build just packaged, used the way a user uses it, on this build's Spark line (3.5 or 4, the
 * system property {@code rationalspark.spark.line}): {@code scripts/local-cluster.sh --spark LINE} starts a standalone
 * cluster of that line (a Master and 2 Workers of 1 core on 127.0.0.1, in a directory of its own), and
 * {@code scripts/spark-submit.sh --spark LINE} resolves that line's Spark runtime classpath and runs, from the jar,
 * ClusterCheck on the cluster (authenticated with the secret the cluster generated; a submission without it is
 * refused), the prepare job in local mode on a slice of the real Fashion-MNIST, the train job on
 * the cluster, the same train submission again (refused: the run is finished) and the evaluate job. This is what the
 * in-process tests cannot see: what the jar leaves out for the Spark runtime to provide, the scripts, and the flags
 * the driver and executors get.
 *
 * <p>It runs in the integration-test phase (failsafe), after {@code package}; the scripts are told not to build
 * (RATIONALSPARK_JOB_JAR_AS_IS). Tagged {@code cluster}, like the other tests that start clusters.
 */
@Tag("cluster")
class JobJarIT {

    private static final Path ROOT = Scripts.ROOT;
    private static final Duration SUBMIT_LIMIT = Duration.ofMinutes(4);

    private final String line = System.getProperty("rationalspark.spark.line");

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void theJobJarRunsOnAClusterOfItsSparkLine(@TempDir Path tmp) throws Exception {
        assertTrue("3".equals(line) || "4".equals(line), "rationalspark.spark.line is 3 or 4, got " + line);
        Path raw = RealData.require("fashion-mnist", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
                .getParent();
        Map<String, String> env = new HashMap<>();
        env.put("RATIONALSPARK_LOCAL_CLUSTER_DIR", tmp.resolve("cluster").toString());
        env.put("RATIONALSPARK_JOB_JAR_AS_IS", "1");
        env.put("SPARK_MASTER_PORT", String.valueOf(Scripts.freePort()));
        int webUi = Scripts.freePort();
        env.put("SPARK_MASTER_WEBUI_PORT", String.valueOf(webUi));
        String master = "spark://127.0.0.1:" + env.get("SPARK_MASTER_PORT");
        Scripts scripts = new Scripts(tmp, env, SUBMIT_LIMIT);

        List<String> job = List.of("--conf", ROOT.resolve("conf/fashion-mnist-mlp-quick.conf").toString(),
                "--set", "data.raw=" + raw, "--set", "data.limit=3000",
                "--set", "data.train=" + tmp.resolve("shards/train").toUri(),
                "--set", "data.test=" + tmp.resolve("shards/test").toUri(),
                "--set", "model.mlp.hidden=[64]", "--set", "trainer.epochs=1", "--set", "trainer.workers=2",
                "--set", "output.dir=" + tmp.resolve("run").toUri());

        Run started = scripts.run("scripts/local-cluster.sh", "--spark", line, "start", "2", "1");
        try {
            assertEquals(0, started.exit(), started.output());
            assertTrue(started.output().contains("Spark " + line + " standalone cluster up"), started.output());
            assertEquals(line, Files.readString(tmp.resolve("cluster/spark-line")).strip());

            Run check = submit(scripts, master, List.of("io.rationalspark.jobs.ClusterCheck"));
            assertEquals(0, check.exit(), check.output());
            assertTrue(check.output().contains("counted 100000 of 100000 elements (OK) in 2 JVM(s), 2 of them"
                    + " executor(s)"), "the tasks ran in the two executors: " + check.output());

            // secured by default: the cluster's secret is readable by its owner only, and an application without it
            // (a properties file of its own, with no secret) cannot register with the Master
            Path secured = tmp.resolve("cluster/spark-defaults.conf");
            assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(secured));
            String conf = Files.readString(secured);
            assertTrue(conf.contains("spark.authenticate true\n") && conf.contains("spark.network.crypto.enabled true\n")
                    && Pattern.compile("spark\\.authenticate\\.secret [0-9a-f]{64}\n").matcher(conf).find(), conf);
            Path noSecret = tmp.resolve("no-secret.conf");
            Files.writeString(noSecret, "spark.executor.cores 1\n");
            Run refused = scripts.run("scripts/spark-submit.sh", "--spark", line, "--master", master,
                    "--properties-file", noSecret.toString(), "io.rationalspark.jobs.ClusterCheck");
            assertNotEquals(0, refused.exit(), refused.output());
            assertTrue(refused.output().contains("All masters are unresponsive"), refused.output());
            assertTrue(Files.readString(tmp.resolve("cluster/master.log")).contains("Expected SaslMessage"),
                    "the Master refused the unauthenticated application");

            List<String> otherLine = List.of("--spark", line.equals("3") ? "4" : "3", "--master", master,
                    "io.rationalspark.jobs.ClusterCheck");
            Run mismatched = scripts.run(concat(List.of("scripts/spark-submit.sh"), otherLine));
            assertNotEquals(0, mismatched.exit(), mismatched.output());
            assertTrue(mismatched.output().contains("runs Spark line " + line), mismatched.output());

            Run prepared = submit(scripts, "local[2]", concat(List.of("io.rationalspark.jobs.prepare.PrepareJob"), job));
            assertEquals(0, prepared.exit(), prepared.output());

            Run trained = submit(scripts, master, concat(List.of("io.rationalspark.jobs.train.TrainJob"), job));
            assertEquals(0, trained.exit(), trained.output());
            for (String file : new String[] {"config.conf", "rounds.jsonl", "model.zip", "result.json", "report.md",
                    "_FINISHED"}) {
                assertTrue(Files.isRegularFile(tmp.resolve("run").resolve(file)), file + " written\n" + trained.output());
            }
            Matcher metric = Pattern.compile("\"testMetric\" : ([0-9.]+)")
                    .matcher(Files.readString(tmp.resolve("run/result.json")));
            assertTrue(metric.find(), "result.json has the test metric");
            double accuracy = Double.parseDouble(metric.group(1));
            assertTrue(accuracy > 0.6, "one epoch on 3,000 images, far above chance (0.1): " + accuracy);

            Run again = submit(scripts, master, concat(List.of("io.rationalspark.jobs.train.TrainJob"), job));
            assertNotEquals(0, again.exit(), again.output());
            assertTrue(again.output().contains("finished run"), again.output());

            Run evaluated = submit(scripts, master, concat(List.of("io.rationalspark.jobs.evaluate.EvaluateJob"), job));
            assertEquals(0, evaluated.exit(), evaluated.output());
            assertTrue(evaluated.output().contains(String.format(Locale.ROOT, "test accuracy %.4f", accuracy))
                    && evaluated.output().contains("10000 examples"), "the saved model, evaluated again on the 10,000"
                    + " test images, gives the accuracy training reported (" + accuracy + ")\n" + evaluated.output());
        } finally {
            Run stopped = scripts.run("scripts/local-cluster.sh", "stop");
            assertEquals(0, stopped.exit(), stopped.output());
            assertTrue(Files.notExists(tmp.resolve("cluster/spark-defaults.conf")), "stop deletes the secret");
        }
    }

    private Run submit(Scripts scripts, String master, List<String> classAndArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("scripts/spark-submit.sh", "--spark", line, "--master", master,
                "--conf", "spark.executor.cores=1", "--conf", "spark.executorEnv.OMP_NUM_THREADS=1"));
        command.addAll(classAndArgs);
        return scripts.run(command);
    }
}
