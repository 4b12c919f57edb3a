package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.data.RealData;
import io.rationalspark.jobs.prepare.PrepareJob;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The activation study on a slice of the real Fashion-MNIST with the coefficient learning-rate ablation: rational
 * once per factor, each rational row compared with the best fixed activation by a Welch interval, and a session cut
 * short by output.stopAfter resumed by the next start.
 */
class CompareJobTest {

    @Test
    void theAblationTrainsRationalPerFactorAndEachRationalRowGetsItsIntervalAgainstTheBestFixed(@TempDir Path tmp)
            throws Exception {
        Path raw = RealData.require("fashion-mnist", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
                .getParent();
        JobConfig config = JobConfig.load(List.of("spark.master=local[2]", "data.name=fashion-mnist",
                "data.raw=" + raw, "data.train=" + tmp.resolve("shards/train").toUri(),
                "data.test=" + tmp.resolve("shards/test").toUri(), "data.minibatch=50", "data.limit=1500",
                "model.kind=mlp", "model.mlp.hidden=[16]", "trainer.workers=2", "trainer.epochs=1",
                "trainer.checkpointEvery=0", "trainer.optimizer.learningRate=0.002",
                "study.activations=[rational, relu, tanh]", "study.seeds=2",
                "study.coefficientLearningRateFactors=[1, 4]", "output.dir=" + tmp.resolve("study").toUri()));
        PrepareJob.run(config, new org.apache.hadoop.conf.Configuration());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("compare-study")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            CompareJob.Result partial = CompareJob.run(config.with("output.stopAfter=1ms"), sc);
            assertFalse(partial.complete());
            assertTrue(partial.rows().isEmpty(), "the warm-up alone outlasts 1 ms: no run is started");
            assertTrue(partial.report().contains("**Partial:**"), partial.report());
            assertFalse(Files.exists(tmp.resolve("study/_FINISHED")), "a partial study stays open");

            CompareJob.Result result = CompareJob.run(config, sc);
            assertTrue(result.complete());
            assertTrue(Files.exists(tmp.resolve("study/_FINISHED")));
            assertEquals(4, result.rows().size(), "relu, tanh and rational at 1x and 4x the network's rate");
            String quadruple = "rational (coef. lr ×4)";
            String single = "rational (coef. lr ×1)";
            assertTrue(Files.readString(tmp.resolve("study/runs/rational-coeflr4-seed1/config.conf"))
                    .contains("learningRate = 0.008"), "the 4x run's coefficients learn at 4 x 0.002");

            String bestFixed = result.bestFixed().orElseThrow();
            CompareJob.Row best = result.row(bestFixed);
            for (String fixed : List.of("relu", "tanh")) {
                assertTrue(result.row(fixed).metric().mean() <= best.metric().mean(), "best fixed is the best mean");
                assertTrue(result.row(fixed).vsBestFixed().isEmpty(), "fixed rows carry no interval");
            }
            for (String rational : List.of(single, quadruple)) {
                CompareJob.Row row = result.row(rational);
                assertEquals(2, row.values().size());
                Difference expected = Difference.of(row.values(), best.values());
                assertEquals(expected, row.vsBestFixed().orElseThrow());
                assertTrue(result.report().contains(expected.verdict(rational, bestFixed, "accuracy", 4, true)),
                        result.report());
            }
            assertFalse(result.row(single).values().equals(result.row(quadruple).values()),
                    "the coefficient learning rate changes the training");
            assertTrue(result.report().contains("Rational (coef. lr ×1) against each fixed activation: better than"),
                    "the rational at the network's own rate is the one compared with each fixed activation: "
                            + result.report());
            for (String file : new String[]{"compare.md", "summary.csv", "runs.csv", "test-metric-per-epoch.png",
                    "rational-curves.png"}) {
                assertTrue(Files.size(tmp.resolve("study").resolve(file)) > 0, file + " written");
            }
            JobConfigException again = assertThrows(JobConfigException.class, () -> CompareJob.run(config, sc));
            assertTrue(again.getMessage().contains("holds a finished run"), again.getMessage());
        }
    }

    @Test
    void factorsNeedARationalToTrainAndMustBePositiveAndDistinct() {
        assertTrue(assertThrows(JobConfigException.class, () -> JobConfig.load(List.of(
                "study.activations=[relu]", "study.coefficientLearningRateFactors=[4]"))).getMessage()
                .contains("study.coefficientLearningRateFactors is set but study.activations has no rational"));
        assertTrue(assertThrows(JobConfigException.class, () -> JobConfig.load(List.of(
                "study.coefficientLearningRateFactors=[1, 0]"))).getMessage()
                .contains("study.coefficientLearningRateFactors[1]"));
        assertTrue(assertThrows(JobConfigException.class, () -> JobConfig.load(List.of(
                "study.coefficientLearningRateFactors=[4, 4]"))).getMessage().contains("listed twice"));
    }

    @Test
    void withoutFactorsRationalIsOneRowTrainedAtItsConfiguredRate() {
        List<CompareJob.Variant> plain = CompareJob.variants(JobConfig.load(List.of("study.activations=[rational, relu]")));
        assertEquals(List.of("rational", "relu"), plain.stream().map(CompareJob.Variant::label).toList());
        assertEquals(List.of("model.activation=rational"), plain.get(0).overrides());
        List<CompareJob.Variant> ablation = CompareJob.variants(JobConfig.load(List.of(
                "study.activations=[relu, rational]", "study.coefficientLearningRateFactors=[0.5, 16]",
                "trainer.optimizer.learningRate=0.001")));
        assertEquals(List.of("relu", "rational (coef. lr ×0.5)", "rational (coef. lr ×16)"),
                ablation.stream().map(CompareJob.Variant::label).toList());
        assertEquals(List.of("relu", "rational-coeflr0.5", "rational-coeflr16"),
                ablation.stream().map(CompareJob.Variant::runPrefix).toList());
        assertEquals("model.rational.learningRate=0.016", ablation.get(2).overrides().get(1));
    }
}
