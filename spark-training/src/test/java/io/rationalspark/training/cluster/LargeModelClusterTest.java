package io.rationalspark.training.cluster;

import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.Networks;
import io.rationalspark.training.RoundStats;
import io.rationalspark.training.TrainingResult;
import io.rationalspark.training.data.CachedTrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network of 25 million parameters trained by 4 workers in 4 executor JVMs with Spark's default
 * {@code spark.driver.maxResultSize} (1 GiB). Each worker's result (float parameters and Adam's two moments, 300 MB)
 * times 4 is more than that limit, so a plain {@code reduce}, which sends every worker's result to the driver, fails
 * the job; the trainer's tree aggregation sums them in the executors and the driver receives one result per round.
 */
@Tag("cluster")
class LargeModelClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(LargeModelClusterTest.class);
    private static final int WORKERS = 4;
    private static final long GIB = 1L << 30;

    @RegisterExtension
    static final StandaloneSparkCluster SPARK = StandaloneSparkCluster.shared();

    /** Dense(1000→5000) → rational → Dense(5000→4000) → rational → Output(2): 25,017,012 parameters. */
    private static MultiLayerNetwork largeNetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(1e-4)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(5000).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new DenseLayer.Builder().nOut(4000).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(1000)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Gaussian features; label 1 when the first ten features sum above zero. */
    private static List<DataSet> minibatches(int count, int size) {
        Nd4j.getRandom().setSeed(17);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            INDArray x = Nd4j.randn(DataType.FLOAT, size, 1000);
            INDArray positive = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10)).sum(1).gt(0).castTo(DataType.FLOAT);
            INDArray y = Nd4j.hstack(positive.rsub(1).reshape(size, 1), positive.reshape(size, 1));
            out.add(new DataSet(x, y));
        }
        return out;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aModelWhoseWorkerResultsExceedMaxResultSizeTrainsWithTheDefaultLimit(JavaSparkContext sc) throws Exception {
        assertFalse(sc.getConf().contains("spark.driver.maxResultSize"), "the test runs with Spark's default limit");
        long maxResultSize = sc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
        MultiLayerNetwork net = largeNetwork();
        long perWorker = 4L * (net.numParams() + Networks.updaterState(net).length());
        assertTrue(net.numParams() >= 20_000_000, "at least 20M parameters: " + net.numParams());
        assertTrue(WORKERS * perWorker > maxResultSize, "fixture: " + WORKERS + " worker results of " + perWorker
                + " bytes must exceed maxResultSize " + maxResultSize + " for the test to mean anything");
        INDArray before = net.params().dup();

        ResultTasks results = new ResultTasks();
        sc.sc().addSparkListener(results);
        CachedTrainingData data = CachedTrainingData.of(sc.parallelize(minibatches(2 * WORKERS, 16), WORKERS),
                WORKERS, StorageLevel.MEMORY_ONLY());
        TrainingResult result;
        try {
            AveragingConfig config = AveragingConfig.builder().workers(WORKERS).averagingPeriod(1).epochs(0)
                    .maxRounds(2).build();
            result = new ModelAveragingTrainer(config, List.of()).fit(sc, net, data);
        } finally {
            data.release();
            sc.sc().listenerBus().waitUntilEmpty();
            sc.sc().removeSparkListener(results);
        }

        assertEquals(2, result.totals().rounds());
        for (RoundStats r : result.recentRounds()) {
            assertEquals(WORKERS, r.workers(), "every worker fitted: " + r);
            assertTrue(Double.isFinite(r.meanLoss()), r.toString());
            LOG.info("round {}: {} ms (broadcast {} ms, slowest worker {} ms, aggregation {} ms, driver {} ms)",
                    r.round(), Math.round(r.roundMs()), Math.round(r.broadcastMs()), Math.round(r.slowestWorkerMs()),
                    Math.round(r.aggregationMs()), Math.round(r.driverMs()));
        }
        INDArray after = net.params();
        long nonFinite = after.isInfinite().castTo(DataType.INT).sumNumber().longValue()
                + after.isNaN().castTo(DataType.INT).sumNumber().longValue();
        assertEquals(0, nonFinite, "the averaged parameters are finite");
        assertFalse(before.equalsWithEps(after, 0), "training moved the parameters");

        List<Long> large = results.sizes.stream().filter(s -> s > perWorker / 2).toList();
        LOG.info("result tasks carrying a model to the driver: {} (bytes {}), per worker {} bytes", large.size(), large,
                perWorker);
        assertEquals(2, large.size(), "one summed result per round reaches the driver, not one per worker: "
                + results.sizes);
        assertTrue(large.stream().allMatch(s -> s < maxResultSize), "each under maxResultSize: " + large);
    }

    /** The result sizes of every result task (what executors send to the driver). */
    private static final class ResultTasks extends SparkListener {
        private final List<Long> sizes = new CopyOnWriteArrayList<>();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if ("ResultTask".equals(end.taskType()) && end.taskMetrics() != null) {
                sizes.add(end.taskMetrics().resultSize());
            }
        }
    }
}
