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
