package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.config.LocalSgdConfig;
import io.rationalspark.jobs.data.RealData;
import io.rationalspark.jobs.prepare.PrepareJob;
import io.rationalspark.training.OuterOptimizer;
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
 * The local-SGD study on a slice of the real Fashion-MNIST: a session cut short by output.stopAfter leaves a partial
 * report and an unfinished study, the next start completes it without retraining what was done, and the table's
 * communication column is the ratio of rounds. Also the grid's config checks.
 */
class LocalSgdStudyJobTest {

    @Test
    void aStudyStoppedEarlyResumesAndReportsEveryCell(@TempDir Path tmp) throws Exception {
        Path raw = RealData.require("fashion-mnist", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
                .getParent();
        List<String> settings = List.of("spark.master=local[2]", "data.name=fashion-mnist", "data.raw=" + raw,
                "data.train=" + tmp.resolve("shards/train").toUri(), "data.test=" + tmp.resolve("shards/test").toUri(),
                "data.minibatch=50", "data.limit=2000", "model.kind=mlp", "model.mlp.hidden=[32]", "trainer.epochs=1",
                "trainer.checkpointEvery=0", "study.seeds=1", "study.localSgd.workers=[2]",
                "study.localSgd.averagingPeriods=[1, 5]", "study.localSgd.outers=[none, \"nesterov:0.7:0.9\"]",
                "output.dir=" + tmp.resolve("study").toUri());
        JobConfig config = JobConfig.load(settings);
        PrepareJob.run(config, new org.apache.hadoop.conf.Configuration());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("local-sgd-study")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            LocalSgdStudyJob.Result partial = LocalSgdStudyJob.run(config.with("output.stopAfter=1ms"), sc);
            assertFalse(partial.complete());
            assertTrue(partial.cells().isEmpty(), "the warm-up alone outlasts 1 ms: no run is started");
            assertTrue(partial.report().contains("**Partial**"));
            assertFalse(Files.exists(tmp.resolve("study/_FINISHED")), "a partial study stays open");

            LocalSgdStudyJob.Result full = LocalSgdStudyJob.run(config, sc);
            assertTrue(full.complete());
            assertTrue(Files.exists(tmp.resolve("study/_FINISHED")));
            assertEquals(1 + 2 * 2, full.cells().size(), "the baseline and 2 periods x 2 outer optimizers");
            LocalSgdStudyJob.CellResult single = full.cell(1, 5, "none").orElseThrow();
            LocalSgdStudyJob.CellResult k1 = full.cell(2, 1, "none").orElseThrow();
            LocalSgdStudyJob.CellResult k5 = full.cell(2, 5, "nesterov:0.7:0.9").orElseThrow();
            // 2,000 examples / 50 = 40 minibatches: one worker 40 / 5 = 8 rounds; 2 workers of 20 each: 20 and 4
            assertEquals(8, single.roundsPerEpoch(), 1e-9);
            assertEquals(20, k1.roundsPerEpoch(), 1e-9);
            assertEquals(4, k5.roundsPerEpoch(), 1e-9);
            assertTrue(single.accuracy().mean() > 0.6, "single-process MLP on 2,000 images: " + single.accuracy());
            assertTrue(full.report().contains("| 2 | 5 | nesterov:0.7:0.9 | 1 |"), full.report());
            assertTrue(full.report().contains("5.0× less"), "k = 5 communicates 5x less than k = 1: " + full.report());
            for (String file : new String[]{"local-sgd.md", "runs.csv", "accuracy-vs-rounds.png",
                    "accuracy-vs-time.png"}) {
                assertTrue(Files.size(tmp.resolve("study").resolve(file)) > 0, file + " written");
            }
            JobConfigException again = assertThrows(JobConfigException.class, () -> LocalSgdStudyJob.run(config, sc));
            assertTrue(again.getMessage().contains("holds a finished run"), again.getMessage());
        }
    }

    @Test
    void theGridIsChecked() {
        JobConfigException bad = assertThrows(JobConfigException.class,
                () -> JobConfig.load(List.of("study.localSgd.outers=[\"nesterov:0:0.9\"]")));
        assertTrue(bad.getMessage().contains("study.localSgd.outers[0].learningRate must be > 0, got 0.0"),
                bad.getMessage());
        JobConfigException spec = assertThrows(JobConfigException.class,
                () -> JobConfig.load(List.of("study.localSgd.outers=[\"nesterov:0.7\"]")));
        assertTrue(spec.getMessage().contains("study.localSgd.outers[0]: 'nesterov:0.7' is not none,"),
                spec.getMessage());
        JobConfigException one = assertThrows(JobConfigException.class,
                () -> JobConfig.load(List.of("study.localSgd.workers=[1, 4]")));
        assertTrue(one.getMessage().contains("study.localSgd.workers[0]"), one.getMessage());
        JobConfigException momentum = assertThrows(JobConfigException.class,
                () -> JobConfig.load(List.of("trainer.outer.name=slowmo", "trainer.outer.momentum=1")));
        assertTrue(momentum.getMessage().contains("trainer.outer.momentum must be in [0, 1), got 1.0"),
                momentum.getMessage());

        LocalSgdConfig grid = JobConfig.load(List.of()).study().localSgd();
        assertEquals(List.of(2, 4), grid.workers());
        assertEquals(new OuterOptimizer.Nesterov(0.7, 0.9), grid.outers().get(1).optimizer());
        List<LocalSgdStudyJob.Cell> cells = LocalSgdStudyJob.cells(grid);
        assertEquals(1 + 2 * 4 * 3, cells.size());
        assertEquals(1, cells.get(0).workers(), "the baseline runs first");
        assertEquals("w2-k1-slowmo-1.0-0.5", cells.get(3).name());
    }
}
