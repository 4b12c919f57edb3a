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
 * with a message when scripts/fetch-data.sh has not fetched it; CI fetches it); and prepare → train of the
 * character language model on a generated corpus.
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

    /**
     * The character LSTM learns a generated text with a few repeated sentences: its test perplexity falls well
     * below the alphabet size, and the training loss it reports is per character, like the test loss (DL4J's
     * sequence score is summed over time steps).
     */
    @Test
    void characterLanguageModelOnAGeneratedCorpus(@TempDir Path tmp) throws Exception {
        String[] sentences = {"call me ishmael. ", "some years ago, never mind how long precisely, ",
                "having little or no money in my purse, ", "and nothing particular to interest me on shore, "};
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(3);
        while (text.length() < 60_000) {
            text.append(sentences[random.nextInt(sentences.length)]);
        }
        Path raw = tmp.resolve("raw");
        Files.createDirectories(raw.resolve("moby-dick"));
        Files.writeString(raw.resolve("moby-dick").resolve("moby-dick.txt"), text);
        JobConfig config = JobConfig.load(List.of("spark.master=local[2]", "data.name=moby-dick", "data.raw=" + raw,
                "data.train=" + tmp.resolve("shards/train").toUri(), "data.test=" + tmp.resolve("shards/test").toUri(),
                "data.minibatch=32", "data.charLm.sequenceLength=40", "model.kind=char-lstm",
                "model.charLstm.units=[48]", "trainer.workers=2", "trainer.averagingPeriod=2", "trainer.epochs=3",
                "trainer.optimizer.learningRate=0.01",
                "trainer.checkpointEvery=0", "output.dir=" + tmp.resolve("run").toUri()));
        PrepareJob.run(config, new org.apache.hadoop.conf.Configuration());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("end-to-end-char-lm")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            TrainResult trained = TrainJob.run(config, sc);
            assertEquals("perplexity", trained.metricName());
            double unigram = unigramPerplexity(text);
            assertTrue(trained.testMetric() < unigram / 2, "test perplexity " + trained.testMetric()
                    + " should be well below the " + unigram + " of character frequencies alone");
            TrainResult.EpochMetrics last = trained.epochs().get(trained.epochs().size() - 1);
            // the training loss is the epoch's running mean, so it lags the test loss; a sum over the 40 time steps
            // would be ~40× off
            double ratio = last.trainLoss() / last.testLoss();
            assertTrue(ratio > 0.25 && ratio < 4, "train loss " + last.trainLoss() + " and test loss " + last.testLoss()
                    + " should both be per character");
        }
    }

    /** The perplexity of predicting each character by its frequency alone: what a model without context reaches. */
    private static double unigramPerplexity(CharSequence text) {
        java.util.Map<Integer, Long> counts = text.chars().boxed()
                .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()));
        double entropy = 0;
        for (long count : counts.values()) {
            double p = (double) count / text.length();
            entropy -= p * Math.log(p);
        }
        return Math.exp(entropy);
    }
}
