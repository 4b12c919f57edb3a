package io.rationalspark.training;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The peer engine: the same network and data trained by dl4j-spark's {@code ParameterAveragingTrainingMaster}
 * (deprecated upstream, kept for side-by-side runs). Its settings are made explicit rather than left to its
 * defaults: averaging frequency = our averaging period, {@code saveUpdater} = (updater policy is AVERAGE), its
 * "direct" RDD approach (no export of minibatches to files), no repartitioning, no prefetch. It records
 * epoch times only; its averaging is per worker, not per example. Only in the Spark 3.5 build (see {@link PeerEngine}).
 */
public final class Dl4jSparkEngine implements PeerEngine {

    private static final Logger LOG = LoggerFactory.getLogger(Dl4jSparkEngine.class);

    /** Public for {@link PeerEngine#dl4jSpark()}, which finds this class by name (absent from the Spark 4 build). */
    public Dl4jSparkEngine() {
    }

    /**
     * Fits {@code model} for {@code config.epochs()} epochs on {@code minibatches} (minibatches of
     * {@code batchSize} examples) and copies the trained parameters back into {@code model}. Do not persist
     * {@code minibatches} yourself: dl4j-spark's direct approach persists it and fails on an RDD that already
     * has a storage level.
     */
    @Override
    public TrainingResult fit(JavaSparkContext sc, Model model, JavaRDD<DataSet> minibatches, AveragingConfig config,
                              int batchSize) {
        if (config.epochs() < 1) {
            throw new IllegalArgumentException("the dl4j-spark engine trains whole epochs: trainer.epochs must be >= 1,"
                    + " got " + config.epochs());
        }
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(config.workers(), batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(config.averagingPeriod())
                .saveUpdater(config.updaterPolicy() == UpdaterPolicy.AVERAGE)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .rngSeed(config.seed())
                .build();
        List<Double> epochSeconds = new ArrayList<>();
        long start = System.nanoTime();
        if (model instanceof MultiLayerNetwork) {
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, (MultiLayerNetwork) model, master);
            for (int e = 0; e < config.epochs(); e++) {
                long t = System.nanoTime();
                spark.fit(minibatches);
                epochSeconds.add((System.nanoTime() - t) / 1e9);
                LOG.info("dl4j-spark epoch {}/{}: {} s", e + 1, config.epochs(), String.format("%.2f", epochSeconds.get(e)));
            }
            model.setParams(spark.getNetwork().params());
        } else {
            SparkComputationGraph spark = new SparkComputationGraph(sc, (ComputationGraph) model, master);
            for (int e = 0; e < config.epochs(); e++) {
                long t = System.nanoTime();
                spark.fit(minibatches);
                epochSeconds.add((System.nanoTime() - t) / 1e9);
            }
            model.setParams(spark.getNetwork().params());
        }
        master.deleteTempFiles(sc);
        TrainerState end = new TrainerState(TrainerState.FORMAT_VERSION, 0, config.epochs(), 0, 0, config.seed(),
                RoundTotals.NONE, List.of(), null);
        return new TrainingResult("dl4j-spark", end, -1, (System.nanoTime() - start) / 1e9, "epochs",
                List.copyOf(epochSeconds));
    }
}
