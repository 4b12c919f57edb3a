package io.rationalspark.jobs;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.data.RealData;
import io.rationalspark.jobs.evaluate.EvaluateJob;
import io.rationalspark.jobs.prepare.PrepareJob;
import io.rationalspark.jobs.study.CompareJob;
import io.rationalspark.jobs.train.TrainJob;
import io.rationalspark.jobs.train.TrainResult;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * prepare → train → evaluate → compare on a small slice of the real Fashion-MNIST in Spark local mode (skipped
 * with a message when scripts/fetch-data.sh has not fetched it; CI fetches it).
 */
class EndToEndTest {

    @Test
    void prepareTrainEvaluateAndCompareOnFashionMnist(@TempDir Path tmp) throws Exception {
        Path raw = RealData.require("fashion-mnist", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
                .getParent();
        JobConfig config = JobConfig.load(List.of("spark.master=local[2]", "data.name=fashion-mnist",
                "data.raw=" + raw, "data.train=" + tmp.resolve("shards/train").toUri(),
                "data.test=" + tmp.resolve("shards/test").toUri(), "data.minibatch=50", "data.limit=3000",
                "model.kind=mlp", "model.mlp.hidden=[64]", "trainer.workers=2", "trainer.averagingPeriod=4",
                "trainer.epochs=2", "trainer.checkpointEvery=0", "output.dir=" + tmp.resolve("run").toUri()));

        PrepareJob.Result prepared = PrepareJob.run(config, new org.apache.hadoop.conf.Configuration());
        assertEquals(3000, prepared.train().examples());
        assertEquals(10000, prepared.test().examples());
        assertTrue(PrepareJob.run(config, new org.apache.hadoop.conf.Configuration()).alreadyPrepared(),
                "a second prepare leaves complete shards alone");

        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("end-to-end")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            TrainResult trained = TrainJob.run(config, sc);
            assertTrue(trained.testMetric() >= 0.72, "rational MLP on 3,000 Fashion-MNIST images, 2 epochs: test"
                    + " accuracy " + trained.testMetric());
            assertEquals(2, trained.epochs().size());
            for (String file : new String[] {"config.conf", "rounds.jsonl", "model.zip", "result.json", "report.md",
                    "evaluation.txt", "rational.png", "_FINISHED"}) {
                assertTrue(Files.isRegularFile(tmp.resolve("run").resolve(file)), file + " written");
            }

            EvaluateJob.Result evaluated = EvaluateJob.run(config, sc);
            assertEquals(trained.testMetric(), evaluated.metric(), 1e-9, "evaluating the saved model gives the same");

            JobConfigException refused = assertThrows(JobConfigException.class, () -> TrainJob.run(config, sc));
            assertTrue(refused.getMessage().contains("finished run"), refused.getMessage());

            JobConfig study = config.with("study.activations=[rational,relu]", "study.seeds=1", "trainer.epochs=1",
                    "output.dir=" + tmp.resolve("study").toUri());
            CompareJob.Result compared = CompareJob.run(study, sc);
            assertEquals(2, compared.rows().size());
            assertTrue(compared.row("relu").metric().mean() > 0.6, "relu accuracy");
            assertEquals(compared.row("rational").parameters() - 10, compared.row("relu").parameters(),
                    "one rational layer (paper default, 10 coefficients) is the only difference");
            for (String file : new String[] {"compare.md", "summary.csv", "runs.csv", "test-metric-per-epoch.png",
                    "rational-curves.png"}) {
                assertTrue(Files.size(tmp.resolve("study").resolve(file)) > 0, file + " written");
            }
        }
    }
}
