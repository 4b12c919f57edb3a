package io.rationalspark.jobs.train;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.prepare.PrepareJob;
import io.rationalspark.jobs.run.RunDirectory;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The train job with {@code trainer.engine = dl4j-spark} in Spark local mode, on generated 28×28 images whose class
 * is a bright horizontal band (learnable in a few hundred steps): it trains from the shards to a good accuracy and
 * writes its run directory; an unfinished dl4j-spark run directory is refused with a message that says why and what
 * to do, and nothing is written into it.
 */
class Dl4jSparkTrainJobTest {

    private static final int TRAIN = 1000;
    private static final int TEST = 300;

    @Test
    void trainsFromTheShardsAndRefusesToResume(@TempDir Path tmp) throws IOException {
        Path raw = tmp.resolve("raw");
        writeBands(raw.resolve("mnist"), "train", TRAIN, 1);
        writeBands(raw.resolve("mnist"), "t10k", TEST, 2);
        JobConfig config = JobConfig.load(List.of("spark.master=local[2]", "data.name=mnist", "data.raw=" + raw,
                "data.train=" + tmp.resolve("shards/train").toUri(), "data.test=" + tmp.resolve("shards/test").toUri(),
                "data.minibatch=25", "model.kind=mlp", "model.mlp.hidden=[32]", "trainer.engine=dl4j-spark",
                "trainer.workers=2", "trainer.averagingPeriod=4", "trainer.epochs=2",
                "output.dir=" + tmp.resolve("run").toUri()));
        PrepareJob.run(config, new Configuration());

        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("dl4j-spark-train-job")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            TrainResult trained = TrainJob.run(config, sc);
            assertEquals("dl4j-spark", trained.engine());
            assertEquals(2, trained.epochs().size(), "evaluated after every epoch");
            // chance is 0.1; seen: 1.0
            assertTrue(trained.testMetric() >= 0.8, "dl4j-spark on ten band classes, 2 epochs: test accuracy "
                    + trained.testMetric());
            for (String file : new String[] {"config.conf", "model.zip", "result.json", "report.md", "_FINISHED"}) {
                assertTrue(Files.isRegularFile(tmp.resolve("run").resolve(file)), file + " written");
            }
            assertEquals(0, sc.sc().getPersistentRDDs().size(), "the job leaves nothing cached: "
                    + sc.sc().getPersistentRDDs());

            // an unfinished dl4j-spark run, as a driver killed mid-training leaves it
            JobConfig interrupted = config.with("output.dir=" + tmp.resolve("interrupted").toUri());
            RunDirectory.open(interrupted, sc.hadoopConfiguration());
            JobConfigException refused = assertThrows(JobConfigException.class,
                    () -> TrainJob.run(interrupted, sc));
            String message = refused.getMessage();
            assertTrue(message.contains(tmp.resolve("interrupted").toString()) && message.contains("dl4j-spark")
                    && message.contains("cannot resume") && message.contains("delete")
                    && message.contains("another output.dir"), message);
            assertFalse(Files.exists(tmp.resolve("interrupted").resolve("model.zip")), "nothing trained or written");
            assertFalse(Files.exists(tmp.resolve("interrupted").resolve("_FINISHED")));
        }
    }

    /** IDX images and labels of {@code count} 28×28 images: class c is a bright band on rows 2c+4..2c+5, plus noise. */
    static void writeBands(Path dir, String split, int count, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        try (DataOutputStream img = new DataOutputStream(images); DataOutputStream lab = new DataOutputStream(labels)) {
            img.writeInt(2051);
            img.writeInt(count);
            img.writeInt(28);
            img.writeInt(28);
            lab.writeInt(2049);
            lab.writeInt(count);
            for (int i = 0; i < count; i++) {
                int label = random.nextInt(10);
                lab.writeByte(label);
                for (int row = 0; row < 28; row++) {
                    boolean band = row / 2 == label + 2;
                    for (int col = 0; col < 28; col++) {
                        img.writeByte(band ? 200 + random.nextInt(56) : random.nextInt(80));
                    }
                }
            }
        }
        Files.write(dir.resolve(split + "-images-idx3-ubyte"), images.toByteArray());
        Files.write(dir.resolve(split + "-labels-idx1-ubyte"), labels.toByteArray());
    }
}
