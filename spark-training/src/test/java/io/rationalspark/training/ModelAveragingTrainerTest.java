package io.rationalspark.training;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.training.checkpoint.CheckpointInfo;
import io.rationalspark.training.checkpoint.CheckpointStore;
import io.rationalspark.training.data.CachedTrainingData;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer in local[2]: it learns, reports honest statistics, checkpoints and resumes exactly. */
@ExtendWith(LocalSpark.class)
class ModelAveragingTrainerTest {

    private static final List<DataSet> TRAIN = TestNets.xorMinibatches(64, 16, DataType.FLOAT, 11);
    private static final DataSet TEST = DataSet.merge(TestNets.xorMinibatches(16, 32, DataType.FLOAT, 12));

    private static CachedTrainingData data(JavaSparkContext sc, int workers) {
        return CachedTrainingData.of(sc.parallelize(TRAIN, 4), workers, StorageLevel.MEMORY_ONLY());
    }

    private static double accuracy(MultiLayerNetwork net) {
        Evaluation eval = new Evaluation(2);
        eval.eval(TEST.getLabels(), net.output(TEST.getFeatures()));
        return eval.accuracy();
    }

    @Test
    void rationalMlpLearnsXorAndReportsEveryRound(JavaSparkContext sc, @TempDir Path dir) throws IOException {
        MultiLayerNetwork net = TestNets.rationalMlp(new Adam(0.02), DenominatorForm.SAFE_ABS_TERMS, DataType.FLOAT, 1);
        String stats = dir.resolve("stats.jsonl").toUri().toString();
        AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(4).warmupRounds(2).epochs(25)
                .build();
        CachedTrainingData data = data(sc, 2);
        TrainingResult result;
        try {
            result = new ModelAveragingTrainer(config, List.of(new ProgressLogger(),
                    new StatsJsonLines(stats, new Configuration()))).fit(sc, net, data);
        } finally {
            data.release();
        }
        double accuracy = accuracy(net);
        assertTrue(accuracy >= 0.9, "XOR accuracy after 25 epochs of model averaging: " + accuracy);
        assertEquals("epochs", result.stoppedBy());
        assertEquals(25, result.epochSeconds().size());

        // 32 minibatches per worker: warm-up rounds of k = 1, 1, then k = 4 → 2 + 30/4 → 10 rounds per first epoch
        List<RoundStats> rounds = StatsJsonLines.read(stats, new Configuration());
        assertEquals(rounds.size(), result.totals().rounds(), "one JSON line per round the trainer ran");
        assertTrue(rounds.size() > TrainerState.RECENT_ROUNDS, "fixture: more rounds than the state keeps");
        assertEquals(rounds.subList(rounds.size() - TrainerState.RECENT_ROUNDS, rounds.size()), result.recentRounds(),
                "the state keeps the last rounds, the file holds them all");
        assertEquals(25L * 64 * 16, result.totals().examples());
        assertEquals(rounds.stream().mapToLong(RoundStats::period).sum(), result.state().iteration());
        double lossSum = rounds.stream().mapToDouble(r -> r.meanLoss() * r.examples()).sum();
        assertEquals(lossSum, result.totals().lossSum(), 1e-9 * Math.abs(lossSum));
        assertEquals(1, rounds.get(0).period());
        assertEquals(1, rounds.get(1).period());
        assertEquals(4, rounds.get(2).period());
        long firstEpochExamples = rounds.stream().filter(r -> r.epoch() == 0).mapToLong(RoundStats::examples).sum();
        assertEquals(64 * 16, firstEpochExamples, "every example once per epoch");
        for (RoundStats r : rounds) {
            assertTrue(r.minDenominator().get("rational") >= 1.0, "safe forms keep Q >= 1: " + r);
            assertTrue(r.slowestWorkerMs() >= r.medianWorkerMs() && r.examplesPerSecond() > 0, r.toString());
        }
        assertTrue(rounds.get(5).coefficientSpread().get("rational") > 0,
                "workers fitting different data drift apart before averaging");
    }

    static java.util.stream.Stream<OuterOptimizer> outerOptimizers() {
        return java.util.stream.Stream.of(new OuterOptimizer.None(), new OuterOptimizer.Nesterov(0.7, 0.9),
                new OuterOptimizer.SlowMo(1.0, 0.5));
    }

    @ParameterizedTest
    @MethodSource("outerOptimizers")
    void trainingTwiceRRoundsEqualsRThenResumeR(OuterOptimizer outer, JavaSparkContext sc, @TempDir Path dir)
            throws IOException {
        AveragingConfig full = AveragingConfig.builder().workers(2).averagingPeriod(3).epochs(0).maxRounds(8).seed(5)
                .warmupRounds(1).outer(outer).build();
        CachedTrainingData data = data(sc, 2);
        try {
            MultiLayerNetwork straight = TestNets.rationalMlp(new Adam(0.01), DenominatorForm.SAFE_ABS_POLYNOMIAL,
                    DataType.FLOAT, 2);
            TrainingResult straightResult = new ModelAveragingTrainer(full, List.of()).fit(sc, straight, data);

            CheckpointStore store = new CheckpointStore(dir.resolve("ckpt").toUri().toString(), new Configuration(), 3);
            MultiLayerNetwork first = TestNets.rationalMlp(new Adam(0.01), DenominatorForm.SAFE_ABS_POLYNOMIAL,
                    DataType.FLOAT, 2);
            AveragingConfig half = full.toBuilder().maxRounds(4).build();
            new ModelAveragingTrainer(half, List.of(new CheckpointListener(store, 2, Map.of("test", "resume"))))
                    .fit(sc, first, data);
            assertEquals(List.of(2L, 4L), store.list().stream().map(CheckpointInfo::round).toList());
            assertEquals(outer.hasMomentum(), Files.exists(dir.resolve("ckpt").resolve("checkpoint-000000004")
                    .resolve(CheckpointStore.OUTER_MOMENTUM_FILE)), "the momentum is checkpointed when there is one");

            MultiLayerNetwork resumed = TestNets.rationalMlp(new Adam(0.01), DenominatorForm.SAFE_ABS_POLYNOMIAL,
                    DataType.FLOAT, 99);
            TrainingResult result = new ModelAveragingTrainer(full, List.of()).fitResuming(sc, resumed, data, store);
            assertEquals(4, result.resumedFromRound());
            assertEquals(8, result.state().nextRound());
            assertEquals(straightResult.state().iteration(), result.state().iteration());
            assertEquals(straightResult.totals().examples(), result.totals().examples(),
                    "the running totals survive the checkpoint");
            assertTrue(straight.params().equalsWithEps(resumed.params(), 1e-6),
                    "8 rounds straight must equal 4 rounds + resume + 4 rounds");
            assertTrue(straight.getUpdater().getStateViewArray()
                    .equalsWithEps(resumed.getUpdater().getStateViewArray(), 1e-6), "updater state too");
            if (outer.hasMomentum()) {
                assertTrue(straightResult.state().outerMomentum().norm2Number().doubleValue() > 0);
                assertTrue(straightResult.state().outerMomentum().equalsWithEps(result.state().outerMomentum(), 1e-6),
                        "and the outer momentum");
                // and the momentum matters: resuming without it gives other parameters
                MultiLayerNetwork forgetful = TestNets.rationalMlp(new Adam(0.01),
                        DenominatorForm.SAFE_ABS_POLYNOMIAL, DataType.FLOAT, 99);
                var checkpoint = store.load(store.list().get(store.list().size() - 2));
                forgetful.setParams(checkpoint.model().params());
                Networks.setUpdaterState(forgetful, Networks.updaterState(checkpoint.model()));
                new ModelAveragingTrainer(full, List.of()).fit(sc, forgetful, data,
                        checkpoint.state().withOuterMomentum(null));
                assertTrue(straight.params().distance2(forgetful.params()) > 1e-4,
                        "a resume that lost the momentum would not be exact");
            } else {
                assertNull(result.state().outerMomentum());
            }
        } finally {
            data.release();
        }
    }

    @Test
    void theAveragingPeriodDoublesWithTheEpochs(JavaSparkContext sc) {
        // 64 minibatches over 2 workers: 32 each; k = 4 in epoch 1 (8 rounds), 8 in epoch 2 (4 rounds), capped at 8
        AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(4).periodGrowth(1, 8).epochs(3)
                .build();
        CachedTrainingData data = data(sc, 2);
        try {
            MultiLayerNetwork net = TestNets.rationalMlp(new Adam(0.01), DenominatorForm.SAFE_ABS_TERMS, DataType.FLOAT, 4);
            TrainingResult result = new ModelAveragingTrainer(config, List.of()).fit(sc, net, data);
            assertEquals(8 + 4 + 4, result.state().nextRound());
            assertEquals(List.of(4, 4, 4, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8),
                    result.recentRounds().stream().map(RoundStats::period).toList());
            assertEquals(32 * 3, result.state().iteration());
        } finally {
            data.release();
        }
    }

    @Test
    void aCorruptNewestCheckpointIsSkipped(JavaSparkContext sc, @TempDir Path dir) throws IOException {
        CachedTrainingData data = data(sc, 2);
        try {
            CheckpointStore store = new CheckpointStore(dir.resolve("ckpt").toUri().toString(), new Configuration(), 5);
            AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(2).epochs(0).maxRounds(4).build();
            MultiLayerNetwork net = TestNets.rationalMlp(new Adam(0.01), DenominatorForm.SAFE_ABS_TERMS, DataType.FLOAT, 3);
            new ModelAveragingTrainer(config, List.of(new CheckpointListener(store, 1, Map.of()))).fit(sc, net, data);
            Path newest = dir.resolve("ckpt").resolve("checkpoint-000000004").resolve("model.zip");
            try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
                f.setLength(f.length() / 2);
            }
            Files.deleteIfExists(newest.resolveSibling(".model.zip.crc"));
            MultiLayerNetwork resumed = TestNets.rationalMlp(new Adam(0.01), DenominatorForm.SAFE_ABS_TERMS,
                    DataType.FLOAT, 3);
            TrainingResult result = new ModelAveragingTrainer(config.toBuilder().maxRounds(5).build(), List.of())
                    .fitResuming(sc, resumed, data, store);
            assertEquals(3, result.resumedFromRound(), "round 4 is corrupt: resume from round 3");
            assertEquals(5, result.state().nextRound());
        } finally {
            data.release();
        }
    }

    @Test
    void badSettingsAreNamed(JavaSparkContext sc) {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> AveragingConfig.builder().averagingPeriod(0).build());
        assertTrue(k.getMessage().contains("trainer.averagingPeriod must be >= 1, got 0"), k.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> AveragingConfig.builder().workers(0).build());
        assertTrue(w.getMessage().contains("trainer.workers"), w.getMessage());
        IllegalArgumentException stop = assertThrows(IllegalArgumentException.class,
                () -> AveragingConfig.builder().epochs(0).build());
        assertTrue(stop.getMessage().contains("epochs, maxRounds or timeBudget"), stop.getMessage());

        CachedTrainingData data = data(sc, 2);
        try {
            MultiLayerNetwork net = TestNets.rationalMlp(new Adam(0.01), DenominatorForm.SAFE_ABS_TERMS, DataType.FLOAT, 3);
            AveragingConfig three = AveragingConfig.builder().workers(3).build();
            IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                    () -> new ModelAveragingTrainer(three, List.of()).fit(sc, net, data));
            assertTrue(mismatch.getMessage().contains("2 partitions but trainer.workers = 3"), mismatch.getMessage());
        } finally {
            data.release();
        }
    }

    @Test
    void theAggregationTreeDeepensWithTheWorkers() {
        int[][] expected = {{1, 2}, {4, 2}, {16, 2}, {17, 3}, {64, 3}, {65, 4}, {256, 4}, {257, 5}};
        for (int[] e : expected) {
            assertEquals(e[1], AveragingConfig.builder().workers(e[0]).build().treeDepth(), e[0] + " workers");
        }
        assertEquals(7, AveragingConfig.builder().workers(4).aggregationDepth(7).build().treeDepth(), "set: kept");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AveragingConfig.builder().aggregationDepth(-1).build());
        assertTrue(e.getMessage().contains("trainer.aggregationDepth must be >= 0"), e.getMessage());
    }

    @Test
    void theLastMergeMovesToAnExecutorOnlyForLargeResults() {
        long mib = 1L << 20;
        AveragingConfig four = AveragingConfig.builder().workers(4).build();
        assertEquals(false, AggregationPlan.of(four, mib, 1L << 30).lastMergeOnExecutor(), "4 MiB: the driver merges");
        assertEquals(false, AggregationPlan.of(four, 16 * mib, 1L << 30).lastMergeOnExecutor(), "64 MiB: still");
        assertEquals(true, AggregationPlan.of(four, 16 * mib + 1, 1L << 30).lastMergeOnExecutor(), "over 64 MiB");
        assertEquals(true, AggregationPlan.of(four, 9 * mib, 128 * mib).lastMergeOnExecutor(),
                "over a quarter of a 128 MiB spark.driver.maxResultSize");
        assertEquals(false, AggregationPlan.of(four, 16 * mib, 0).lastMergeOnExecutor(), "0 = unlimited: 64 MiB");
        AggregationPlan large = AggregationPlan.of(AveragingConfig.builder().workers(64).build(), 300 * mib, 1L << 30);
        assertEquals(true, large.lastMergeOnExecutor());
        assertEquals(3, large.depth());
        assertEquals(64 * 300 * mib, large.resultBytes());
    }

    @Test
    void defaultsArePinned() {
        AveragingConfig d = AveragingConfig.builder().build();
        assertEquals(2, d.workers());
        assertEquals(5, d.averagingPeriod());
        assertEquals(0, d.warmupRounds());
        assertEquals(UpdaterPolicy.AVERAGE, d.updaterPolicy());
        assertEquals(false, d.learningRateScaling());
        assertEquals(1, d.epochs());
        assertEquals(0, d.aggregationDepth());
        assertEquals(new OuterOptimizer.None(), d.outer());
        assertEquals(0, d.periodDoublingEpochs());
        assertEquals(64, d.maxAveragingPeriod());
        assertEquals(1.0, d.learningRateMultiplier(0));
        AveragingConfig scaled = d.toBuilder().workers(4).learningRateScaling(true, 4).build();
        assertEquals(1 + 3 * 0.25, scaled.learningRateMultiplier(0), 1e-12);
        assertEquals(4.0, scaled.learningRateMultiplier(10), 1e-12);
    }
}
