package io.rationalspark.training.cluster;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.Dl4jSparkEngine;
import io.rationalspark.training.TestNets;
import io.rationalspark.training.TrainingResult;
import io.rationalspark.training.data.ShardWriter;
import io.rationalspark.training.data.ShardedTrainingData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peer engine, dl4j-spark's {@code ParameterAveragingTrainingMaster} ({@link Dl4jSparkEngine}), on the standalone
 * cluster: it trains the rational XOR network on the minibatches that the executors read from HDFS shards
 * ({@link ShardedTrainingData#minibatches()}, nothing collected to the driver), with its direct RDD approach
 * (which persists the RDD itself), and the network learns.
 */
@Tag("cluster")
class Dl4jSparkClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(Dl4jSparkClusterTest.class);

    @RegisterExtension
    static final StandaloneSparkCluster SPARK = StandaloneSparkCluster.shared();

    private static final DataSet TEST = DataSet.merge(TestNets.xorMinibatches(16, 32, DataType.FLOAT, 42));

    @RegisterExtension
    static final MiniHdfs HDFS = new MiniHdfs();

    @Test
    void dl4jSparkTrainsOnMinibatchesReadFromHdfsShardsByTheExecutors(JavaSparkContext sc) throws IOException {
        String shards = HDFS.uri("xor/train");
        new ShardWriter(HDFS.conf(), 8).write(TestNets.xorMinibatches(64, 16, DataType.FLOAT, 41).iterator(), shards);
        ShardedTrainingData data = ShardedTrainingData.open(sc, shards, 2);
        JavaRDD<DataSet> minibatches = data.minibatches();
        assertEquals(2, minibatches.getNumPartitions(), "one partition per worker");
        assertEquals(StorageLevel.NONE(), minibatches.getStorageLevel(), "not persisted by us");
        Set<String> readers = new TreeSet<>(minibatches.mapPartitions(it -> {
            int n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return List.of(StandaloneSparkCluster.jvmName() + " read " + n).iterator();
        }).collect());
        String driver = StandaloneSparkCluster.jvmName();
        assertTrue(readers.stream().noneMatch(r -> r.startsWith(driver + " ")), "executors read the shards, not the "
                + "driver " + driver + ": " + readers);

        MultiLayerNetwork net = TestNets.rationalMlp(new Adam(0.02), DenominatorForm.SAFE_ABS_TERMS, DataType.FLOAT,
                3);
        double before = accuracy(net);
        TrainingResult result = new Dl4jSparkEngine().fit(sc, net, minibatches, AveragingConfig.builder().workers(2)
                .averagingPeriod(4).epochs(6).build(), 16);
        double after = accuracy(net);
        LOG.info("dl4j-spark on the cluster: {} epochs in {} s, accuracy {} -> {}; readers {}", 6,
                String.format("%.1f", result.wallSeconds()), before, after, readers);
        assertEquals(6, result.epochSeconds().size());
        assertTrue(after >= 0.9 && after > before + 0.2, "XOR accuracy " + before + " -> " + after);
        minibatches.unpersist(false);
    }

    private static double accuracy(MultiLayerNetwork net) {
        Evaluation eval = new Evaluation(2);
        eval.eval(TEST.getLabels(), net.output(TEST.getFeatures()));
        return eval.accuracy();
    }
}
