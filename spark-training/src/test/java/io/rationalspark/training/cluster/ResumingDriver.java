package io.rationalspark.training.cluster;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.CheckpointListener;
import io.rationalspark.training.LocalSpark;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.StatsJsonLines;
import io.rationalspark.training.TestNets;
import io.rationalspark.training.TrainingResult;
import io.rationalspark.training.checkpoint.CheckpointStore;
import io.rationalspark.training.data.CachedTrainingData;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A driver in a JVM of its own, for {@link DriverLossTest}: connects to a standalone master as a client-mode driver
 * (two one-core executors), trains the XOR network on shards for a fixed number of rounds with checkpoints every
 * {@code checkpointEvery} rounds, resuming from the newest checkpoint in the run directory if there is one, and
 * writes {@value #RESULT_FILE} there at the end.
 *
 * <p>Arguments: master URL, shard directory URI, run directory (local path), rounds, checkpointEvery.
 * The executors' class path and Java options are this JVM's ({@code java.class.path} and the system property
 * {@value StandaloneSparkCluster#OPENS_PROPERTY}).
 */
public final class ResumingDriver {

    /** Written at the end of a successful run: resumedFromRound, nextRound, stoppedBy, finiteParameters, accuracy. */
    public static final String RESULT_FILE = "result.properties";

    private ResumingDriver() {
    }

    public static void main(String[] args) throws IOException {
        String master = args[0];
        String shards = args[1];
        Path run = Path.of(args[2]);
        long rounds = Long.parseLong(args[3]);
        int checkpointEvery = Integer.parseInt(args[4]);
        SparkConf conf = LocalSpark.conf(master, "resuming-driver")
                .set("spark.executor.cores", "1")
                .set("spark.cores.max", "2")
                .set("spark.executor.memory", "1024m")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", System.getProperty(StandaloneSparkCluster.OPENS_PROPERTY))
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            CheckpointStore store = new CheckpointStore(run.resolve("checkpoints").toUri().toString(),
                    sc.hadoopConfiguration(), 3);
            MultiLayerNetwork net = TestNets.rationalMlp(new Adam(0.02), DenominatorForm.SAFE_ABS_TERMS,
                    DataType.FLOAT, 7);
            AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(4).warmupRounds(2)
                    .epochs(0).maxRounds(rounds).build();
            CachedTrainingData data = CachedTrainingData.fromShards(sc, shards, 2, StorageLevel.MEMORY_ONLY());
            TrainingResult result;
            try {
                result = new ModelAveragingTrainer(config, List.of(
                        new StatsJsonLines(run.resolve("rounds.jsonl").toUri().toString(), sc.hadoopConfiguration()),
                        new CheckpointListener(store, checkpointEvery, Map.of("test", "DriverLossTest"))))
                        .fitResuming(sc, net, data, store);
            } finally {
                data.release();
            }
            boolean finite = true;
            for (double p : net.params().data().asDouble()) {
                finite &= Double.isFinite(p);
            }
            DataSet test = DataSet.merge(TestNets.xorMinibatches(16, 32, DataType.FLOAT, 12));
            Evaluation eval = new Evaluation(2);
            eval.eval(test.getLabels(), net.output(test.getFeatures()));
            Properties out = new Properties();
            out.setProperty("resumedFromRound", String.valueOf(result.resumedFromRound()));
            out.setProperty("nextRound", String.valueOf(result.state().nextRound()));
            out.setProperty("stoppedBy", result.stoppedBy());
            out.setProperty("finiteParameters", String.valueOf(finite));
            out.setProperty("accuracy", String.valueOf(eval.accuracy()));
            Path temp = run.resolve(RESULT_FILE + ".tmp");
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.store(w, "ResumingDriver");
            }
            Files.move(temp, run.resolve(RESULT_FILE));
        }
    }
}
