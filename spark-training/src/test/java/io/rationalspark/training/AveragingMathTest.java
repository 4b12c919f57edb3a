package io.rationalspark.training;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.training.data.CachedTrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With k = 1 and plain SGD, one round over workers with unequal minibatches equals one single-process step
 * on the union of their minibatches: the mean gradient, which is what weighting by examples gives.
 */
@ExtendWith(LocalSpark.class)
class AveragingMathTest {

    @Test
    void oneSynchronousRoundIsOneStepOnTheUnion(JavaSparkContext sc) {
        // two workers: one minibatch of 4 examples, one of 6
        DataSet a = TestNets.xorMinibatches(1, 4, DataType.DOUBLE, 1).get(0);
        DataSet b = TestNets.xorMinibatches(1, 6, DataType.DOUBLE, 2).get(0);
        MultiLayerNetwork distributed = TestNets.rationalMlp(new Sgd(0.5), DenominatorForm.PLAIN, DataType.DOUBLE, 3);
        MultiLayerNetwork single = distributed.clone();
        INDArray start = distributed.params().dup();

        AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(1).epochs(0).maxRounds(1).build();
        CachedTrainingData data = CachedTrainingData.of(sc.parallelize(List.of(a, b), 2), 2, StorageLevel.MEMORY_ONLY());
        try {
            TrainingResult result = new ModelAveragingTrainer(config, List.of()).fit(sc, distributed, data);
            assertEquals(1, result.recentRounds().size());
            assertEquals(10, result.recentRounds().get(0).examples());
        } finally {
            data.release();
        }

        single.fit(DataSet.merge(List.of(a, b)));
        assertTrue(single.params().equalsWithEps(distributed.params(), 1e-10),
                "weighted average of the workers' steps must equal the step on the union");

        // the unweighted mean of the two workers' steps differs: weighting matters here
        MultiLayerNetwork wa = TestNets.rationalMlp(new Sgd(0.5), DenominatorForm.PLAIN, DataType.DOUBLE, 3);
        MultiLayerNetwork wb = wa.clone();
        wa.setParams(start);
        wb.setParams(start);
        wa.fit(a);
        wb.fit(b);
        INDArray unweighted = wa.params().add(wb.params()).divi(2);
        assertTrue(unweighted.distance2(distributed.params()) > 1e-6, "test data must make the weighting visible");
    }

    @Test
    void learningRateScalingMultipliesEveryLayersRateByTheWorkers(JavaSparkContext sc) {
        DataSet a = TestNets.xorMinibatches(1, 5, DataType.DOUBLE, 7).get(0);
        DataSet b = TestNets.xorMinibatches(1, 5, DataType.DOUBLE, 8).get(0);
        MultiLayerNetwork distributed = TestNets.rationalMlp(new Sgd(0.1), DenominatorForm.PLAIN, DataType.DOUBLE, 9);
        MultiLayerNetwork single = TestNets.rationalMlp(new Sgd(0.2), DenominatorForm.PLAIN, DataType.DOUBLE, 9);
        single.setParams(distributed.params());
        AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(1).epochs(0).maxRounds(1)
                .learningRateScaling(true, 1).build();
        CachedTrainingData data = CachedTrainingData.of(sc.parallelize(List.of(a, b), 2), 2, StorageLevel.MEMORY_ONLY());
        try {
            new ModelAveragingTrainer(config, List.of()).fit(sc, distributed, data);
        } finally {
            data.release();
        }
        single.fit(DataSet.merge(List.of(a, b)));
        assertTrue(single.params().equalsWithEps(distributed.params(), 1e-10),
                "2 workers with scaling: one step at twice the rate on the union");
    }

    @Test
    void resetPolicyLeavesNoUpdaterState(JavaSparkContext sc) {
        MultiLayerNetwork net = TestNets.rationalMlp(new org.nd4j.linalg.learning.config.Adam(0.01),
                DenominatorForm.SAFE_ABS_TERMS, DataType.DOUBLE, 10);
        AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(2).epochs(0).maxRounds(2)
                .updaterPolicy(UpdaterPolicy.RESET).build();
        CachedTrainingData data = CachedTrainingData.of(
                sc.parallelize(TestNets.xorMinibatches(8, 4, DataType.DOUBLE, 11), 2), 2, StorageLevel.MEMORY_ONLY());
        INDArray before = net.params().dup();
        try {
            new ModelAveragingTrainer(config, List.of()).fit(sc, net, data);
        } finally {
            data.release();
        }
        assertTrue(before.distance2(net.params()) > 0, "training moved the parameters");
        assertEquals(0.0, net.getUpdater().getStateViewArray().norm2Number().doubleValue(), 0.0,
                "RESET: the driver keeps a zero updater state");
    }

    @Test
    void afterAResetTheFirstAdamStepIsAFreshAdamsStep(JavaSparkContext sc) {
        // one worker, k = 1: round r is one Adam step from the averaged parameters on minibatch r. With the updater
        // reset, round 3's step must be what a fresh Adam (zero moments, iteration 0) does from the same parameters.
        // Zero moments with the iteration count of a long run (bias corrections ~1) step sqrt(1-b2)/(1-b1) = 0.32/0.1,
        // about 3x further: the bug.
        List<DataSet> batches = TestNets.xorMinibatches(4, 8, DataType.DOUBLE, 21);
        MultiLayerNetwork net = TestNets.rationalMlp(new org.nd4j.linalg.learning.config.Adam(0.01),
                DenominatorForm.SAFE_ABS_TERMS, DataType.DOUBLE, 22);
        AveragingConfig three = AveragingConfig.builder().workers(1).averagingPeriod(1).epochs(0).maxRounds(3)
                .updaterPolicy(UpdaterPolicy.RESET).build();
        CachedTrainingData data = CachedTrainingData.of(sc.parallelize(batches, 1), 1, StorageLevel.MEMORY_ONLY());
        INDArray beforeFourth;
        try {
            new ModelAveragingTrainer(three, List.of()).fit(sc, net, data);
            beforeFourth = net.params().dup();
            TrainerState afterThree = TrainerState.start(three.seed());
            for (int r = 0; r < 3; r++) {
                afterThree = afterThree.after(TrainerStateTest.round(r, 1, 8, 1), 0, r + 1);
            }
            new ModelAveragingTrainer(three.toBuilder().maxRounds(4).build(), List.of())
                    .fit(sc, net, data, afterThree);
        } finally {
            data.release();
        }
        MultiLayerNetwork fresh = TestNets.rationalMlp(new org.nd4j.linalg.learning.config.Adam(0.01),
                DenominatorForm.SAFE_ABS_TERMS, DataType.DOUBLE, 22);
        fresh.setParams(beforeFourth);
        fresh.fit(batches.get(3));
        assertTrue(fresh.params().equalsWithEps(net.params(), 1e-12),
                "the 4th round's step equals a fresh Adam's first step");

        MultiLayerNetwork stale = TestNets.rationalMlp(new org.nd4j.linalg.learning.config.Adam(0.01),
                DenominatorForm.SAFE_ABS_TERMS, DataType.DOUBLE, 22);
        stale.setParams(beforeFourth);
        stale.setIterationCount(10_000);
        stale.fit(batches.get(3));
        double freshStep = fresh.params().sub(beforeFourth).norm2Number().doubleValue();
        double staleStep = stale.params().sub(beforeFourth).norm2Number().doubleValue();
        assertTrue(staleStep > 2 * freshStep, "zero moments at iteration 10,000 step " + staleStep / freshStep
                + "x further: the bug the reset avoids");
    }

    @Test
    void resetWithALearningRateScheduleIsRefused(JavaSparkContext sc) {
        MultiLayerNetwork net = TestNets.rationalMlp(new org.nd4j.linalg.learning.config.Adam(
                new org.nd4j.linalg.schedule.ExponentialSchedule(org.nd4j.linalg.schedule.ScheduleType.ITERATION,
                        0.01, 0.99)), DenominatorForm.SAFE_ABS_TERMS, DataType.DOUBLE, 22);
        AveragingConfig config = AveragingConfig.builder().workers(1).averagingPeriod(1).epochs(0).maxRounds(1)
                .updaterPolicy(UpdaterPolicy.RESET).build();
        CachedTrainingData data = CachedTrainingData.of(
                sc.parallelize(TestNets.xorMinibatches(2, 8, DataType.DOUBLE, 21), 1), 1, StorageLevel.MEMORY_ONLY());
        try {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new ModelAveragingTrainer(config, List.of()).fit(sc, net, data));
            assertTrue(e.getMessage().startsWith("trainer.updaterPolicy = reset restarts the updater"), e.getMessage());
        } finally {
            data.release();
        }
    }

    @Test
    void theOuterStepWaitsForTheWarmUpThenActs(JavaSparkContext sc) {
        List<DataSet> batches = TestNets.xorMinibatches(12, 8, DataType.DOUBLE, 31);
        AveragingConfig plain = AveragingConfig.builder().workers(2).averagingPeriod(2).warmupRounds(3).epochs(0)
                .maxRounds(3).build();
        AveragingConfig nesterov = plain.toBuilder().outer(new OuterOptimizer.Nesterov(0.7, 0.9)).build();
        CachedTrainingData data = CachedTrainingData.of(sc.parallelize(batches, 2), 2, StorageLevel.MEMORY_ONLY());
        try {
            MultiLayerNetwork a = TestNets.rationalMlp(new Sgd(0.1), DenominatorForm.SAFE_ABS_TERMS, DataType.DOUBLE, 5);
            MultiLayerNetwork b = a.clone();
            new ModelAveragingTrainer(plain, List.of()).fit(sc, a, data);
            TrainingResult warm = new ModelAveragingTrainer(nesterov, List.of()).fit(sc, b, data);
            assertTrue(a.params().equalsWithEps(b.params(), 1e-12), "warm-up rounds take the plain average");
            assertNull(warm.state().outerMomentum(), "and leave no momentum");

            MultiLayerNetwork c = a.clone();
            MultiLayerNetwork d = a.clone();
            INDArray start = a.params().dup();
            new ModelAveragingTrainer(plain.toBuilder().maxRounds(4).build(), List.of()).fit(sc, c, data,
                    warm.state());
            TrainingResult outer = new ModelAveragingTrainer(nesterov.toBuilder().maxRounds(4).build(), List.of())
                    .fit(sc, d, data, warm.state());
            // first outer step: m = D, theta = start - 0.7 (D + 0.9 D) = start - 1.33 D, with D = start - mean
            INDArray delta = start.sub(c.params());
            assertTrue(start.sub(delta.mul(1.33)).equalsWithEps(d.params(), 1e-10), "after it, DiLoCo's step");
            assertTrue(outer.state().outerMomentum().equalsWithEps(delta, 1e-10), "m = D after the first outer step");
        } finally {
            data.release();
        }
    }

    @Test
    void lossIsTheExampleWeightedMean(JavaSparkContext sc) {
        DataSet a = TestNets.xorMinibatches(1, 3, DataType.DOUBLE, 4).get(0);
        DataSet b = TestNets.xorMinibatches(1, 9, DataType.DOUBLE, 5).get(0);
        MultiLayerNetwork net = TestNets.rationalMlp(new Sgd(0.1), DenominatorForm.SAFE_ABS_TERMS, DataType.DOUBLE, 6);
        double lossA = net.score(a);
        double lossB = net.score(b);
        CachedTrainingData data = CachedTrainingData.of(sc.parallelize(List.of(a, b), 2), 2, StorageLevel.MEMORY_ONLY());
        try {
            AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(1).epochs(0).maxRounds(1).build();
            RoundStats stats = new ModelAveragingTrainer(config, List.of()).fit(sc, net, data).recentRounds().get(0);
            assertEquals((3 * lossA + 9 * lossB) / 12, stats.meanLoss(), 1e-9);
            assertEquals(2, stats.workers());
        } finally {
            data.release();
        }
    }
}
