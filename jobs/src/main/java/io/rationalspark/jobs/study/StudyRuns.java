package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.train.TrainJob;
import io.rationalspark.jobs.train.TrainResult;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one training run of a study in its own run directory under the study's, or reads back the result of a
 * run that already finished there (so an interrupted study resumes where it stopped), and logs progress with
 * an ETA over the study's runs. With {@code output.stopAfter} it tells the study when to start no new run
 * ({@link #outOfTime}): the study then writes the report of the runs done so far and leaves its directory unfinished,
 * so the same command continues it.
 */
final class StudyRuns {

    private static final Logger LOG = LoggerFactory.getLogger(StudyRuns.class);

    private final JavaSparkContext sc;
    private final String studyDir;
    private final int total;
    private final Optional<Duration> stopAfter;
    private final long start = System.nanoTime();
    private boolean stopped;
    private int done;
    private int trained;
    private long trainingNanos;

    StudyRuns(JavaSparkContext sc, String studyDir, int total, Optional<Duration> stopAfter) {
        this.sc = sc;
        this.studyDir = studyDir;
        this.total = total;
        this.stopAfter = stopAfter;
    }

    /**
     * True when {@code output.stopAfter} has passed since this study started and the run {@code name} would have to
     * be trained (a finished run is still read back): the study should start no new run. Once true, stays true.
     */
    boolean outOfTime(String name) throws IOException {
        if (stopped) {
            return true;
        }
        if (!pastStopAfter() || isFinished(name)) {
            return false;
        }
        LOG.info("output.stopAfter ({}) reached before run {}: no new run is started; the same command continues the"
                + " study", stopAfter.get(), name);
        stopped = true;
        return true;
    }

    /** Whether {@code output.stopAfter} has passed since this study started. */
    boolean pastStopAfter() {
        return stopAfter.isPresent() && System.nanoTime() - start > stopAfter.get().toNanos();
    }

    /** Whether {@link #outOfTime} stopped the study. */
    boolean stopped() {
        return stopped;
    }

    /** A short untimed run (4 rounds) of {@code config} in {@code runs/warm-up}, to warm the JVM and Spark up. */
    void warmUp(JobConfig config) throws IOException {
        String dir = studyDir + "/runs/warm-up";
        if (!RunDirectory.isFinished(dir, sc.hadoopConfiguration())) {
            TrainJob.run(config.with("trainer.epochs=0", "trainer.maxRounds=4", "output.dir=" + dir), sc, 1.0);
        }
    }

    /** Whether the run named {@code name} has finished (its result can be read back). */
    boolean isFinished(String name) throws IOException {
        return RunDirectory.isFinished(studyDir + "/runs/" + name, sc.hadoopConfiguration());
    }

    /** The run named {@code name} of {@code config} with {@code overrides}, trained or read back. */
    TrainResult run(JobConfig config, String name, double widthMultiplier, String... overrides) throws IOException {
        String dir = studyDir + "/runs/" + name;
        String[] all = java.util.Arrays.copyOf(overrides, overrides.length + 1);
        all[overrides.length] = "output.dir=" + dir;
        JobConfig runConfig = config.with(all);
        TrainResult result;
        long runStart = System.nanoTime();
        boolean readBack = RunDirectory.isFinished(dir, sc.hadoopConfiguration());
        if (readBack) {
            Path file = new Path(dir, "result.json");
            try (var in = file.getFileSystem(sc.hadoopConfiguration()).open(file)) {
                result = TrainResult.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            LOG.info("run {}: already finished in {}, result read back", name, dir);
        } else {
            result = TrainJob.run(runConfig, sc, widthMultiplier);
        }
        done++;
        if (!readBack) {
            trained++;
            trainingNanos += System.nanoTime() - runStart;
        }
        // the ETA averages the runs trained in this session only: read-back runs take no time
        String eta = trained == 0 ? "unknown" : Duration.ofSeconds(trainingNanos / trained * (total - done)
                / 1_000_000_000L).toString().substring(2).toLowerCase(Locale.ROOT);
        LOG.info(String.format(Locale.ROOT, "study run %d/%d (%s%s): test %s %.4f, %,d parameters; ETA %s", done, total,
                name, readBack ? ", read back" : "", result.metricName(), result.testMetric(), result.parameters(), eta));
        return result;
    }
}
