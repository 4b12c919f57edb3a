package io.rationalspark.training.cluster;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.CheckpointListener;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.RoundListener;
import io.rationalspark.training.RoundStats;
import io.rationalspark.training.StatsJsonLines;
import io.rationalspark.training.TestNets;
import io.rationalspark.training.TrainerState;
import io.rationalspark.training.TrainingResult;
import io.rationalspark.training.checkpoint.CheckpointInfo;
import io.rationalspark.training.checkpoint.CheckpointStore;
import io.rationalspark.training.data.CachedTrainingData;
import io.rationalspark.training.data.ShardedTrainingData;
import io.rationalspark.training.data.ShardWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer on a real Spark standalone cluster: a Master and a Worker on 127.0.0.1 in this JVM, two executors in
 * two JVMs of their own, and a one-datanode HDFS (MiniDFSCluster, also in this JVM) that the executors stream the
 * training shards from and the driver checkpoints to. Nothing is shared through memory or the local file system:
 * the network, its updater state and the data cross process boundaries the way they do on a cluster.
 */
@Tag("cluster")
class StandaloneClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneClusterTest.class);
    private static final int EXECUTORS = StandaloneSparkCluster.SHARED_EXECUTORS;
    private static final int EPOCHS = 4;

    @RegisterExtension
    static final StandaloneSparkCluster SPARK = StandaloneSparkCluster.shared();

    private static final List<DataSet> TRAIN = TestNets.xorMinibatches(64, 16, DataType.FLOAT, 11);
    private static final DataSet TEST = DataSet.merge(TestNets.xorMinibatches(16, 32, DataType.FLOAT, 12));

    @RegisterExtension
    static final MiniHdfs HDFS = new MiniHdfs();

    private static String uri(String path) {
        return HDFS.uri(path);
    }

    private static double accuracy(MultiLayerNetwork net) {
        Evaluation eval = new Evaluation(2);
        eval.eval(TEST.getLabels(), net.output(TEST.getFeatures()));
        return eval.accuracy();
    }

    @Test
    void tasksRunInExecutorJvmsOtherThanTheDriver(JavaSparkContext sc) {
        Set<String> jvms = StandaloneSparkCluster.taskJvms(sc, 8, 200);
        String driver = StandaloneSparkCluster.jvmName();
        assertFalse(jvms.contains(driver), "no task may run in the driver " + driver + ": " + jvms);
        assertEquals(EXECUTORS, jvms.size(), "one JVM per executor: " + jvms);
        Set<Long> children = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        for (String jvm : jvms) {
            long pid = Long.parseLong(jvm.substring(0, jvm.indexOf('@')));
            assertTrue(children.contains(pid), jvm + " is a process the in-process Worker launched; children: "
                    + children);
        }
    }

    @Test
    void trainsFromHdfsShardsCheckpointsToHdfsAndResumes(JavaSparkContext sc) throws IOException {
        new ShardWriter(HDFS.conf(), 8).write(TRAIN.iterator(), uri("xor/train"));
        String stats = uri("run/stats.jsonl");
        CheckpointStore store = new CheckpointStore(uri("run/checkpoints"), HDFS.conf(), 3);
        Map<String, String> metadata = Map.of("test", "StandaloneClusterTest");

        // 1. a few epochs, every worker streaming its 32 minibatches from HDFS in its own executor JVM
        MultiLayerNetwork net = TestNets.rationalMlp(new Adam(0.02), DenominatorForm.SAFE_ABS_TERMS, DataType.FLOAT,
                1);
        AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(4).warmupRounds(2).epochs(EPOCHS)
                .build();
        ShardedTrainingData streamed = ShardedTrainingData.open(sc, uri("xor/train"), 2);
        assertArrayEquals(new long[]{32, 32}, streamed.minibatchesPerPartition());
        TrainingResult first = new ModelAveragingTrainer(config, List.of(new CheckpointListener(store, 10, metadata),
                new StatsJsonLines(stats, HDFS.conf()))).fit(sc, net, streamed);
        long saved = first.state().nextRound();
        double trainedAccuracy = accuracy(net);
        LOG.info("{} epochs, {} rounds in {} s on {} executor JVMs (mean per round: slowest worker {} ms, "
                        + "aggregation {} ms): accuracy {}, loss {} -> {}", EPOCHS, saved,
                String.format("%.1f", first.wallSeconds()), EXECUTORS,
                mean(first.recentRounds(), RoundStats::slowestWorkerMs), mean(first.recentRounds(), RoundStats::aggregationMs),
                trainedAccuracy, first.recentRounds().get(0).meanLoss(), first.recentRounds().get((int) saved - 1).meanLoss());
        assertEquals("epochs", first.stoppedBy());
        assertEquals(EPOCHS, first.state().epoch());
        // seen: 0.98 in every run (seeded network, data and worker RNGs)
        assertTrue(trainedAccuracy >= 0.9, "XOR accuracy after " + EPOCHS + " epochs on the cluster: "
                + trainedAccuracy);

        List<RoundStats> lines = StatsJsonLines.read(stats, HDFS.conf());
        assertEquals(saved, lines.size(), "one JSON line per round");
        assertEquals(first.recentRounds(), lines);
        assertEquals(64 * 16, lines.stream().filter(r -> r.epoch() == 0).mapToLong(RoundStats::examples).sum(),
                "every example once per epoch");
        assertTrue(lines.stream().allMatch(r -> r.workers() == 2), "both workers fitted every round");

        assertCheckpointsOnHdfs(store, saved);

        // 2. resume from the HDFS checkpoint into a fresh network; the data now cached in the executors
        MultiLayerNetwork resumed = TestNets.rationalMlp(new Adam(0.02), DenominatorForm.SAFE_ABS_TERMS,
                DataType.FLOAT, 99);
        StartingPoint start = new StartingPoint();
        CachedTrainingData cached = CachedTrainingData.fromShards(sc, uri("xor/train"), 2, StorageLevel.MEMORY_ONLY());
        TrainingResult more;
        try {
            more = new ModelAveragingTrainer(config.toBuilder().epochs(0).maxRounds(saved + 2).build(),
                    List.of(start, new CheckpointListener(store, 10, metadata), new StatsJsonLines(stats, HDFS.conf())))
                    .fitResuming(sc, resumed, cached, store);
        } finally {
            cached.release();
        }
        assertEquals(saved, more.resumedFromRound());
        assertEquals(saved + 2, more.state().nextRound());
        assertEquals("maxRounds", more.stoppedBy());
        assertNotNull(start.params, "the trainer announced its start");
        assertEquals(saved, start.round);
        assertTrue(net.params().equalsWithEps(start.params, 0), "round " + saved + " starts from the checkpointed "
                + "parameters, not the fresh network's");
        assertTrue(net.getUpdater().getStateViewArray().equalsWithEps(start.updaterState, 0),
                "and from the checkpointed updater state");

        List<RoundStats> all = StatsJsonLines.read(stats, HDFS.conf());
        assertEquals(saved + 2, all.size(), "the stats file is rewritten with the history, then the new rounds");
        assertEquals(lines, all.subList(0, (int) saved));
        double firstLoss = lines.get(0).meanLoss();
        double lastLoss = lines.get(lines.size() - 1).meanLoss();
        double resumedLoss = all.get((int) saved).meanLoss();
        assertTrue(resumedLoss < 0.5 * firstLoss && resumedLoss <= 1.5 * lastLoss, "the resumed round's loss "
                + resumedLoss + " continues from the trained " + lastLoss + ", far below the untrained " + firstLoss);
        assertCheckpointsOnHdfs(store, saved + 2);
        double resumedAccuracy = accuracy(resumed);
        assertTrue(resumedAccuracy >= trainedAccuracy - 0.05, "accuracy after resuming " + resumedAccuracy
                + ", before " + trainedAccuracy);
    }

    /** The newest checkpoint is of round {@code newest}; every kept one is complete, on HDFS. */
    private static void assertCheckpointsOnHdfs(CheckpointStore store, long newest) throws IOException {
        List<CheckpointInfo> checkpoints = store.list();
        assertEquals("hdfs", store.directory().toUri().getScheme());
        assertEquals(newest, checkpoints.get(checkpoints.size() - 1).round(), "the final state is checkpointed");
        assertEquals(3, checkpoints.size(), "keepLast = 3 of " + checkpoints);
        FileSystem fs = HDFS.fileSystem();
        for (CheckpointInfo c : checkpoints) {
            for (String file : List.of(CheckpointStore.MODEL_FILE, CheckpointStore.STATE_FILE,
                    CheckpointStore.MANIFEST_FILE)) {
                Path p = new Path(c.path(), file);
                assertTrue(fs.exists(p) && fs.getFileStatus(p).getLen() > 0, "on HDFS: " + p);
            }
        }
    }

    private static String mean(List<RoundStats> rounds, ToDoubleFunction<RoundStats> value) {
        return String.format("%.0f", rounds.stream().mapToDouble(value).average().orElse(Double.NaN));
    }

    /** Records the parameters and updater state the model holds when training (re)starts. */
    private static final class StartingPoint implements RoundListener {
        private INDArray params;
        private INDArray updaterState;
        private long round = -1;

        @Override
        public void trainingStarted(Model model, TrainerState state, long totalRounds) {
            params = model.params().dup();
            updaterState = ((MultiLayerNetwork) model).getUpdater().getStateViewArray().dup();
            round = state.nextRound();
        }

        @Override
        public void roundEnded(Model model, TrainerState state, RoundStats stats) {
        }
    }
}
