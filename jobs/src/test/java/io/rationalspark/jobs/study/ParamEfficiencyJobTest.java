package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig.Size;
import io.rationalspark.jobs.config.ApproximationConfig.Target;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.study.ApproximationExperiment.Measurement;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The approximation experiment's measurements kept in the run directory, where a resumed run finds them; the smallest
 * width at which rational matches the best fixed activation; and the width study on a slice of the real
 * Fashion-MNIST, with its per-width intervals.
 */
class ParamEfficiencyJobTest {

    private static ParamEfficiencyJob.Point point(String activation, double width, long parameters, Double... errors) {
        return new ParamEfficiencyJob.Point(activation, width, parameters, Stats.of(List.of(errors)), List.of(errors));
    }

    @Test
    void theMatchIsTheSmallestWidthWhereRationalsMeanErrorIsAtMostTheBestFixedAtWidthOne() {
        List<ParamEfficiencyJob.Point> points = List.of(
                point("relu", 0.5, 500, 0.20, 0.22), point("tanh", 0.5, 500, 0.19, 0.21),
                point("rational", 0.5, 510, 0.16, 0.15),
                point("relu", 1, 1000, 0.15, 0.16), point("tanh", 1, 1000, 0.17, 0.18),
                point("rational", 1, 1010, 0.12, 0.13),
                point("relu", 2, 2000, 0.10, 0.11), point("rational", 2, 2010, 0.09, 0.10));
        ParamEfficiencyJob.Match m = ParamEfficiencyJob.match(points, List.of(0.5, 1.0, 2.0)).orElseThrow();
        assertEquals("relu", m.bestFixed().activation());
        assertEquals(1.0, m.bestFixed().width());
        assertEquals(0.5, m.rational().orElseThrow().width(), "0.155 at x0.5 is below relu's 0.155 at x1");
        assertEquals(Difference.of(List.of(0.16, 0.15), List.of(0.15, 0.16)), m.difference().orElseThrow());

        List<ParamEfficiencyJob.Point> worse = List.of(point("relu", 1, 1000, 0.10, 0.11),
                point("rational", 0.5, 510, 0.20, 0.21), point("rational", 1, 1010, 0.12, 0.13));
        ParamEfficiencyJob.Match none = ParamEfficiencyJob.match(worse, List.of(0.5, 1.0)).orElseThrow();
        assertTrue(none.rational().isEmpty(), "rational never reaches 0.105");
        // without width 1 the largest studied width is the reference
        assertEquals(2.0, ParamEfficiencyJob.referenceWidth(List.of(0.5, 2.0)));
        assertTrue(ParamEfficiencyJob.match(List.of(point("relu", 1, 10, 0.1)), List.of(1.0)).isEmpty(),
                "no rational point: nothing to match");
    }

    @Test
    void theWidthStudyReportsIntervalsAndTheMatchingWidth(@TempDir Path tmp) throws Exception {
        Path raw = io.rationalspark.jobs.data.RealData.require("fashion-mnist", "train-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz").getParent();
        JobConfig config = JobConfig.load(List.of("spark.master=local[2]", "data.name=fashion-mnist",
                "data.raw=" + raw, "data.train=" + tmp.resolve("shards/train").toUri(),
                "data.test=" + tmp.resolve("shards/test").toUri(), "data.minibatch=50", "data.limit=1500",
                "model.kind=mlp", "model.mlp.hidden=[16]", "trainer.workers=2", "trainer.epochs=1",
                "trainer.checkpointEvery=0", "study.activations=[rational, relu]", "study.seeds=2",
                "study.widthMultipliers=[0.5, 1]", "study.approximation.enabled=false",
                "output.dir=" + tmp.resolve("study").toUri()));
        io.rationalspark.jobs.prepare.PrepareJob.run(config, new Configuration());
        try (org.apache.spark.api.java.JavaSparkContext sc = new org.apache.spark.api.java.JavaSparkContext(
                config.spark().toSparkConf("param-efficiency").set("spark.ui.enabled", "false")
                        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"))) {
            ParamEfficiencyJob.Result result = ParamEfficiencyJob.run(config, sc);
            assertTrue(result.complete());
            assertEquals(4, result.points().size());
            ParamEfficiencyJob.Match m = result.match().orElseThrow();
            assertEquals(ParamEfficiencyJob.match(result.points(), List.of(0.5, 1.0)), Optional.of(m));
            assertEquals("relu", m.bestFixed().activation());
            assertTrue(result.report().contains("**Smallest width matching the best fixed activation.**"),
                    result.report());
            for (ParamEfficiencyJob.Point p : result.points()) {
                if (p.activation().equals("rational")) {
                    ParamEfficiencyJob.Point relu = result.points().stream().filter(q -> q.width() == p.width()
                            && q.activation().equals("relu")).findFirst().orElseThrow();
                    assertTrue(result.report().contains(Difference.of(p.errors(), relu.errors()).format(4)),
                            "rational's interval against relu at width " + p.width() + ": " + result.report());
                }
            }
            assertTrue(Files.exists(tmp.resolve("study/_FINISHED")));
        }
    }

    @Test
    void measurementsAreKeptInTheRunDirectoryAndFoundAgainAfterARestart(@TempDir Path tmp) throws Exception {
        JobConfig config = JobConfig.load(List.of("study.approximation.only=true",
                "output.dir=" + tmp.resolve("run").toUri()));
        Measurement m = new Measurement(Target.BUMP_0_03, "rational (3,2) plain", new Size(2, 4), 61, 3.5e-4, 1.25e-4,
                3, 1, 42.5);
        RunDirectory first = RunDirectory.open(config, new Configuration());
        ApproximationExperiment.Saved saved = ParamEfficiencyJob.savedIn(first);
        assertEquals(Optional.empty(), saved.read("bump-0.03_rational-3-2-plain_2x4"));
        saved.write("bump-0.03_rational-3-2-plain_2x4", m);
        assertTrue(Files.isRegularFile(tmp.resolve("run/approximation/bump-0.03_rational-3-2-plain_2x4.txt")));

        RunDirectory resumed = RunDirectory.open(config, new Configuration());
        assertTrue(resumed.resumed(), "the unfinished run of the same config is resumed");
        assertEquals(Optional.of(m), ParamEfficiencyJob.savedIn(resumed).read("bump-0.03_rational-3-2-plain_2x4"));

        // A file cut short (through Hadoop, so that its checksum matches: the local file system's .crc files catch
        // changes made behind its back with a ChecksumException before we read anything)
        resumed.writeText("approximation/bump-0.03_rational-3-2-plain_2x4.txt", "target=bump-0.03\n");
        IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class,
                () -> ParamEfficiencyJob.savedIn(resumed).read("bump-0.03_rational-3-2-plain_2x4"));
        assertTrue(damaged.getMessage().contains("bump-0.03_rational-3-2-plain_2x4.txt is damaged: no family field"),
                damaged.getMessage());
    }

    @Test
    void anApproximationExperimentOutOfTimeStopsWithAPartialReportAndTheSameCommandFinishesIt(@TempDir Path tmp)
            throws Exception {
        List<String> settings = List.of("spark.master=local[1]", "study.approximation.only=true",
                "study.approximation.targets=[abs]", "study.approximation.fixedActivations=[relu]",
                "study.approximation.fixed=[\"1x2\", \"1x4\"]", "study.approximation.rational=[\"1x1\"]",
                "study.approximation.rationalTypes=[\"(3,2) plain\"]", "study.approximation.iterations=100",
                "study.approximation.restarts=1", "study.approximation.trainPoints=200",
                "study.approximation.evaluationPoints=1001", "output.dir=" + tmp.resolve("run").toUri());
        JobConfig config = JobConfig.load(settings);
        List<String> stopping = new java.util.ArrayList<>(settings);
        stopping.add("output.stopAfter=1ms");
        try (org.apache.spark.api.java.JavaSparkContext sc = new org.apache.spark.api.java.JavaSparkContext(
                config.spark().toSparkConf("param-efficiency").set("spark.ui.enabled", "false")
                        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"))) {
            ParamEfficiencyJob.Result partial = ParamEfficiencyJob.run(JobConfig.load(stopping), sc);
            assertFalse(partial.complete());
            ApproximationExperiment.Result first = partial.approximation().orElseThrow();
            assertFalse(first.complete());
            long trainedFirst = first.measurements().stream().filter(Measurement::trained).count();
            assertTrue(trainedFirst < 3, "at most the network started before 1 ms passed: " + trainedFirst);
            assertTrue(partial.report().startsWith("**Partial:**"), partial.report());
            assertTrue(Files.readString(tmp.resolve("run/" + ApproximationReport.MARKDOWN)).contains("**Partial:**"));
            assertTrue(Files.notExists(tmp.resolve("run/_FINISHED")), "a partial experiment leaves the run open");

            ParamEfficiencyJob.Result finished = ParamEfficiencyJob.run(config, sc);
            assertTrue(finished.complete());
            ApproximationExperiment.Result all = finished.approximation().orElseThrow();
            assertTrue(all.complete());
            assertEquals(3, all.measurements().stream().filter(Measurement::trained).count());
            for (Measurement m : first.measurements()) {
                assertTrue(all.measurements().contains(m), "read back unchanged: " + m);
            }
            assertTrue(Files.exists(tmp.resolve("run/_FINISHED")));
            assertFalse(finished.report().contains("**Partial:**"), finished.report());
        }
    }
}
