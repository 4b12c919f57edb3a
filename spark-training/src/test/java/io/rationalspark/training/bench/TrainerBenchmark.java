package io.rationalspark.training.bench;

import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.Dl4jSparkEngine;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.RoundStats;
import io.rationalspark.training.TrainingResult;
import io.rationalspark.training.data.CachedTrainingData;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One epoch of the same small CNN (with rational activations) on the same 60,000 synthetic 28×28 images,
 * three ways: single-process {@code fit}, our model-averaging trainer in local[2], and dl4j-spark's
 * ParameterAveragingTrainingMaster in local[2], with the same averaging period and minibatch size. Prints the
 * epoch times, the ratios ours/single and ours/dl4j-spark, and the test accuracy each reached.
 *
 * <p>Usage: {@code TrainerBenchmark [examples] [k] [batch]} (defaults 60000, 5, 32).
 */
public final class TrainerBenchmark {

    private TrainerBenchmark() {
    }

    /** Ten classes, each a fixed random 28×28 template; an image is its template plus noise. */
    static List<DataSet> synthetic(int examples, int batch, long seed) {
        Random r = new Random(42);
        float[][] templates = new float[10][784];
        for (float[] t : templates) {
            for (int i = 0; i < 784; i++) {
                t[i] = (float) r.nextGaussian();
            }
        }
        Random noise = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start < examples; start += batch) {
            int n = Math.min(batch, examples - start);
            float[] x = new float[n * 784];
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
            for (int i = 0; i < n; i++) {
                int c = noise.nextInt(10);
                for (int p = 0; p < 784; p++) {
                    x[i * 784 + p] = 0.5f * templates[c][p] + (float) noise.nextGaussian();
                }
                y.putScalar(i, c, 1);
            }
            out.add(new DataSet(Nd4j.create(x, new long[] {n, 1, 28, 28}, 'c'), y));
        }
        return out;
    }

    static MultiLayerNetwork cnn() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static double accuracy(MultiLayerNetwork net, List<DataSet> test) {
        Evaluation eval = new Evaluation(10);
        for (DataSet d : test) {
            eval.eval(d.getLabels(), net.output(d.getFeatures()));
        }
        return eval.accuracy();
    }

    private static double mean(TrainingResult result, java.util.function.ToDoubleFunction<RoundStats> f) {
        return result.recentRounds().stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        List<DataSet> train = synthetic(examples, batch, 1);
        List<DataSet> test = synthetic(5_000, 500, 2);
        System.out.printf(Locale.ROOT, "data: %d examples in %d minibatches of %d; k = %d; 2 workers%n", examples,
                train.size(), batch, k);

        MultiLayerNetwork single = cnn();
        // each list element is already a minibatch: the iterator's "batch" of 1 hands them out one by one
        single.fit(new ListDataSetIterator<>(train.subList(0, Math.min(20, train.size())), 1)); // JIT warm-up
        single = cnn();
        long t0 = System.nanoTime();
        single.fit(new ListDataSetIterator<>(train, 1));
        double singleSeconds = (System.nanoTime() - t0) / 1e9;
        double singleAccuracy = accuracy(single, test);
        System.out.printf(Locale.ROOT, "single-process fit: %.2f s, test accuracy %.4f%n", singleSeconds, singleAccuracy);

        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("trainer-benchmark")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1").set("spark.driver.memory", "4g");
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        try {
            AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(k).epochs(1).build();
            JavaRDD<DataSet> rdd = sc.parallelize(train, 2);

            CachedTrainingData data = CachedTrainingData.of(rdd, 2, StorageLevel.MEMORY_ONLY());
            MultiLayerNetwork ours = cnn();
            TrainingResult oursResult;
            try {
                oursResult = new ModelAveragingTrainer(config, List.of()).fit(sc, ours, data);
            } finally {
                data.release();
            }
            double oursSeconds = oursResult.epochSeconds().get(0);
            System.out.printf(Locale.ROOT, "ours, mean per round (ms): broadcast %.1f, slowest worker %.1f, median worker"
                            + " %.1f, aggregation %.1f, driver %.1f%n",
                    mean(oursResult, RoundStats::broadcastMs), mean(oursResult, RoundStats::slowestWorkerMs),
                    mean(oursResult, RoundStats::medianWorkerMs), mean(oursResult, RoundStats::aggregationMs),
                    mean(oursResult, RoundStats::driverMs));
            double oursAccuracy = accuracy(ours, test);
            System.out.printf(Locale.ROOT, "model averaging (ours), local[2]: %.2f s, %d rounds, test accuracy %.4f%n",
                    oursSeconds, oursResult.recentRounds().size(), oursAccuracy);

            JavaRDD<DataSet> peerData = sc.parallelize(train, 2); // not cached: its "direct" approach persists it itself
            MultiLayerNetwork peer = cnn();
            TrainingResult peerResult = new Dl4jSparkEngine().fit(sc, peer, peerData, config, batch);
            double peerSeconds = peerResult.epochSeconds().get(0);
            double peerAccuracy = accuracy(peer, test);
            System.out.printf(Locale.ROOT, "dl4j-spark ParameterAveragingTrainingMaster, local[2]: %.2f s,"
                    + " test accuracy %.4f%n", peerSeconds, peerAccuracy);

            System.out.println();
            System.out.println("| engine | epoch (s) | test accuracy | ours / this |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| single-process fit | %.2f | %.4f | %.2f |%n", singleSeconds, singleAccuracy,
                    oursSeconds / singleSeconds);
            System.out.printf(Locale.ROOT, "| ours, model averaging, local[2] | %.2f | %.4f | 1.00 |%n", oursSeconds,
                    oursAccuracy);
            System.out.printf(Locale.ROOT, "| dl4j-spark ParameterAveragingTrainingMaster, local[2] | %.2f | %.4f | %.2f |%n",
                    peerSeconds, peerAccuracy, oursSeconds / peerSeconds);
        } finally {
            sc.stop();
        }
    }
}
