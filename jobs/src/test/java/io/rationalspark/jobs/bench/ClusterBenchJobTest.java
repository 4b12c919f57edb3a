package io.rationalspark.jobs.bench;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.prepare.PrepareJob;
import io.rationalspark.training.PeerEngine;
import io.rationalspark.training.data.ShardWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny sweep in local[2] on generated shards: two points (1 and 2 workers) × the engines of this build (ours and
 * dl4j-spark on Spark 3.5, ours alone on Spark 4); the outputs are written, an interrupted benchmark resumes without
 * retraining its finished points, and a finished one is refused.
 */
class ClusterBenchJobTest {

    private static final int PIXELS = 784;

    /** {@code count} minibatches of {@code batch} images: class c lights up pixel block c, plus noise. */
    private static List<DataSet> minibatches(int count, int batch, long seed) {
        Random random = new Random(seed);
        List<DataSet> list = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            float[][] x = new float[batch][PIXELS];
            float[][] y = new float[batch][10];
            for (int i = 0; i < batch; i++) {
                int label = random.nextInt(10);
                for (int j = 0; j < PIXELS; j++) {
                    x[i][j] = 0.2f * random.nextFloat() + (j / 78 == label ? 0.8f : 0f);
                }
                y[i][label] = 1;
            }
            list.add(new DataSet(Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT)));
        }
        return list;
    }

    private static void writeShards(Path dir, int count, long seed) throws Exception {
        new ShardWriter(new Configuration(), 4, Map.of(PrepareJob.CLASSES, "10"))
                .write(minibatches(count, 8, seed).iterator(), dir.toUri().toString());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sweepsTheEnginesWritesTheReportResumesAndNeverOverwrites(@TempDir Path tmp) throws Exception {
        // JobConfigLoadTest checks that the Spark 3.5 build has dl4j-spark and the Spark 4 build does not.
        boolean withDl4jSpark = PeerEngine.dl4jSpark().isPresent();
        String engines = withDl4jSpark ? "[model-averaging, dl4j-spark]" : "[model-averaging]";
        int measurements = withDl4jSpark ? 4 : 2;
        String removed = withDl4jSpark ? "w1-k2-d1-x1-dl4j-spark" : "w1-k2-d1-x1-model-averaging";
        writeShards(tmp.resolve("train"), 16, 1);
        writeShards(tmp.resolve("test"), 4, 2);
        Path out = tmp.resolve("bench");
        JobConfig config = JobConfig.load(List.of("spark.master=local[2]", "data.minibatch=8",
                "data.train=" + tmp.resolve("train").toUri(), "data.test=" + tmp.resolve("test").toUri(),
                "model.kind=mlp", "model.mlp.hidden=[8]", "trainer.epochs=1", "trainer.checkpointEvery=0",
                "bench.engines=" + engines, "bench.workers=[1, 2]", "bench.averagingPeriods=[2]", "bench.dataSizes=[1]", "bench.widths=[1]",
                "bench.base.workers=2", "bench.base.averagingPeriod=2", "bench.warmUpRounds=1",
                "bench.baseMinibatches=12", "output.dir=" + out.toUri()));
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("cluster-bench-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            ClusterBenchJob.Result first = ClusterBenchJob.run(config, sc);
            assertEquals(2, first.plan().points().size());
            assertEquals(measurements, first.measurements().size(), "2 points × " + engines);
            assertEquals(measurements, first.measuredNow());
            for (Measurement m : first.measurements()) {
                assertEquals(12, m.minibatches());
                assertEquals(96, m.examples());
                assertTrue(m.epochSeconds() > 0 && m.accuracy() >= 0 && m.accuracy() <= 1, m.toString());
                if (m.engine().equals("model-averaging")) {
                    // 12 minibatches over w workers, k = 2 per round: 6 / w minibatches each, 3 rounds at w = 2
                    assertEquals(m.point().workers() == 2 ? 3 : 6, m.rounds(), 1e-9, m.toString());
                    assertTrue(m.slowestWorkerMs() > 0, m.toString());
                } else {
                    assertTrue(Double.isNaN(m.rounds()), "dl4j-spark reports no rounds");
                }
            }
            assertTrue(first.summary().costModel().isPresent());
            assertTrue(first.report().contains("PREDICTION"), first.report());
            assertTrue(first.report().contains("| w2-k2-d1-x1 | model-averaging |"), first.report());
            List<String> csv = Files.readAllLines(out.resolve("results.csv"));
            assertEquals(1 + measurements, csv.size(), "header + the measurements: " + csv);
            assertTrue(csv.get(0).startsWith("engine,workers,averaging_period,data_size,width,parameters"), csv.get(0));
            assertTrue(Files.size(out.resolve("epoch-vs-workers.png")) > 1000, "plot written");
            assertTrue(Files.isRegularFile(out.resolve("results.md")));

            // An interrupted benchmark: one measurement and the end missing. The rerun trains only that one.
            Files.delete(out.resolve("_FINISHED"));
            Files.delete(out.resolve("points/" + removed + ".json"));
            ClusterBenchJob.Result resumed = ClusterBenchJob.run(config, sc);
            assertEquals(1, resumed.measuredNow());
            assertEquals(measurements, resumed.measurements().size());
            int kept = measurements - 1; // the 2-worker point of the last engine
            assertEquals(first.measurements().get(kept), resumed.measurements().get(kept), "read back as saved");
            assertTrue(Files.isRegularFile(out.resolve("_FINISHED")));

            JobConfigException refused = assertThrows(JobConfigException.class, () -> ClusterBenchJob.run(config, sc));
            assertTrue(refused.getMessage().contains("finished run"), refused.getMessage());
        }
    }
}
