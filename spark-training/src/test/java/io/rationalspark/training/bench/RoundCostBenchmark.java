package io.rationalspark.training.bench;

import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.CheckpointListener;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.RoundListener;
import io.rationalspark.training.RoundStats;
import io.rationalspark.training.StatsJsonLines;
import io.rationalspark.training.TrainerState;
import io.rationalspark.training.checkpoint.CheckpointStore;
import io.rationalspark.training.data.CachedTrainingData;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Does a round cost the same late in an epoch and a run as early? One run of R rounds (default 2,100) of a small
 * rational MLP in local[2], k = 1, both workers walking one long partition each (so round r starts at minibatch r of
 * its partition), statistics to rounds.jsonl and a checkpoint every 100 rounds. Prints, for rounds [5, 15),
 * [100, 110) (the JIT warmed up) and [R − 105, R − 95) (round 10, round 100 and round 2,000 by default), the median
 * and the interquartile range of the round's wall time ({@code roundMs}), for the first and last also of the interval
 * between two rounds' ends (listeners, checkpoints included), and the ratios of the medians.
 *
 * <p>Usage: {@code RoundCostBenchmark [rounds] [storage level]} (defaults 2100 MEMORY_ONLY).
 */
public final class RoundCostBenchmark {

    private RoundCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2100;
        StorageLevel level = StorageLevel.fromString(args.length > 1 ? args[1] : "MEMORY_ONLY");
        List<DataSet> data = TrainerBenchmark.synthetic(2 * 32 * (rounds + 5), 32, 7);
        for (DataSet d : data) {
            d.setFeatures(d.getFeatures().reshape(d.numExamples(), 784));
        }
        Path dir = Files.createTempDirectory("round-cost-");
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("RoundCostBenchmark")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            CachedTrainingData train = CachedTrainingData.of(sc.parallelize(data, 2), 2, level);
            Intervals intervals = new Intervals();
            try {
                Configuration hadoop = new Configuration();
                CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints").toUri().toString(), hadoop, 2);
                AveragingConfig config = AveragingConfig.builder().workers(2).averagingPeriod(1).epochs(0)
                        .maxRounds(rounds).build();
                new ModelAveragingTrainer(config, List.of(intervals,
                        new StatsJsonLines(dir.resolve("rounds.jsonl").toUri().toString(), hadoop),
                        new CheckpointListener(store, 100, java.util.Map.of("bench", "round-cost"))))
                        .fit(sc, network(), train);
            } finally {
                train.release();
            }
            List<RoundStats> all = StatsJsonLines.read(dir.resolve("rounds.jsonl").toUri().toString(),
                    new Configuration());
            int late = rounds - 105;
            double[] early = window(all, 5, 15);
            double[] warm = window(all, 100, 110);
            double[] lateMs = window(all, late, late + 10);
            double[] earlyGap = Arrays.copyOfRange(intervals.ms(), 5, 15);
            double[] lateGap = Arrays.copyOfRange(intervals.ms(), late, late + 10);
            System.out.printf(Locale.ROOT, "storage %s, %d rounds, k = 1, 2 workers, local[2]%n", level.description(),
                    rounds);
            System.out.printf(Locale.ROOT, "round wall time, rounds [5, 15):     median %.1f ms (IQR %.1f-%.1f)%n",
                    quantile(early, 0.5), quantile(early, 0.25), quantile(early, 0.75));
            System.out.printf(Locale.ROOT, "round wall time, rounds [100, 110): median %.1f ms (IQR %.1f-%.1f)%n",
                    quantile(warm, 0.5), quantile(warm, 0.25), quantile(warm, 0.75));
            System.out.printf(Locale.ROOT, "round wall time, rounds [%d, %d): median %.1f ms (IQR %.1f-%.1f)%n", late,
                    late + 10, quantile(lateMs, 0.5), quantile(lateMs, 0.25), quantile(lateMs, 0.75));
            System.out.printf(Locale.ROOT, "between round ends, early: median %.1f ms; late: median %.1f ms%n",
                    quantile(earlyGap, 0.5), quantile(lateGap, 0.5));
            System.out.printf(Locale.ROOT, "late/early: round %.2f, between ends %.2f; late/[100, 110): round %.2f%n",
                    quantile(lateMs, 0.5) / quantile(early, 0.5), quantile(lateGap, 0.5) / quantile(earlyGap, 0.5),
                    quantile(lateMs, 0.5) / quantile(warm, 0.5));
        }
    }

    private static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(784)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static double[] window(List<RoundStats> rounds, int from, int to) {
        return rounds.subList(from, to).stream().mapToDouble(RoundStats::roundMs).toArray();
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The time between consecutive rounds' ends, as the listeners see them (checkpoints included). */
    private static final class Intervals implements RoundListener {
        private final List<Double> ms = new ArrayList<>();
        private long last = System.nanoTime();

        @Override
        public void trainingStarted(Model model, TrainerState state, long totalRounds) {
            last = System.nanoTime();
        }

        @Override
        public void roundEnded(Model model, TrainerState state, RoundStats stats) {
            long now = System.nanoTime();
            ms.add((now - last) / 1e6);
            last = now;
        }

        double[] ms() {
            return ms.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
