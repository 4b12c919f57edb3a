package io.rationalspark.jobs;

import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.ProgressLogger;
import io.rationalspark.training.TrainingResult;
import io.rationalspark.training.data.ShardFormat;
import io.rationalspark.training.data.ShardManifest;
import io.rationalspark.training.data.ShardWriter;
import io.rationalspark.training.data.ShardedTrainingData;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Trains on more data than the executors can hold: synthetic minibatch shards of a given size (written once to a
 * Hadoop URI, 1 MiB per minibatch of 256 examples × 1,024 float features, 64 per shard file) streamed by
 * {@link ShardedTrainingData} for one epoch of a small rational MLP, then reports the epoch and, per executor JVM, its
 * maximum heap, the peak of its heap pools and its off-heap (ND4J/JavaCPP) bytes, so a user sees that memory stayed
 * flat while the data went through.
 *
 * <pre>{@code
 * scripts/large-data-check.sh [GIB]     # local HDFS + a standalone cluster of 1 GiB executors, then this
 * scripts/spark-submit.sh --master spark://HOST:7077 --executor-memory 1g io.rationalspark.jobs.LargeDataCheck \
 *     hdfs://NAMENODE/tmp/large 4 [WORKERS]
 * }</pre>
 * Reuses the shards when the directory already holds a manifest of the requested size; exits 1 when training failed
 * or saw a non-finite loss.
 */
public final class LargeDataCheck {

    /** Examples per minibatch. */
    static final int BATCH = 256;
    /** Features per example: a minibatch is BATCH × FEATURES floats = 1 MiB. */
    static final int FEATURES = 1024;
    private static final int PER_SHARD = 64;

    private LargeDataCheck() {
    }

    /**
     * One executor JVM's memory after the run.
     *
     * @param jvm              {@code pid@host}
     * @param heapMaxBytes     {@code Runtime.maxMemory()}
     * @param heapPeakBytes    the sum of its heap pools' peak usage since the JVM started (an upper bound of the peak)
     * @param offHeapBytes     bytes JavaCPP (ND4J's arrays) holds now
     * @param offHeapMaxBytes  JavaCPP's limit ({@code org.bytedeco.javacpp.maxBytes})
     * @param residentBytes    the process's resident memory now
     */
    public record ExecutorMemory(String jvm, long heapMaxBytes, long heapPeakBytes, long offHeapBytes,
                                 long offHeapMaxBytes, long residentBytes) implements Serializable {
    }

    /**
     * What the check did.
     *
     * @param dataBytes      bytes of the shards (as the file system reports them)
     * @param minibatches    minibatches trained (one epoch)
     * @param seconds        the epoch's wall time
     * @param firstLoss      mean training loss of the first round
     * @param lastLoss       mean training loss of the last round
     * @param executors      memory of each JVM that ran tasks
     */
    public record Result(long dataBytes, long minibatches, double seconds, double firstLoss, double lastLoss,
                         List<ExecutorMemory> executors) {
        public boolean ok() {
            return Double.isFinite(firstLoss) && Double.isFinite(lastLoss) && minibatches > 0;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: LargeDataCheck DIR_URI [GIB (default 4)] [WORKERS (default: the executor cores)]");
            System.exit(2);
        }
        double gib = args.length > 1 ? Double.parseDouble(args[1]) : 4;
        SparkConf conf = new SparkConf().setIfMissing("spark.app.name", "LargeDataCheck");
        Result result;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            int workers = args.length > 2 ? Integer.parseInt(args[2]) : sc.defaultParallelism();
            result = run(sc, args[0], gib, workers);
        }
        print(result, System.out);
        if (!result.ok()) {
            System.exit(1);
        }
    }

    /** Writes the shards if {@code dirUri} holds none of this size, trains one epoch, measures the executors. */
    public static Result run(JavaSparkContext sc, String dirUri, double gib, int workers) throws IOException {
        if (!(gib > 0)) {
            throw new IllegalArgumentException("GIB must be > 0, got " + gib);
        }
        long minibatches = Math.max(workers, Math.round(gib * 1024));
        Path dir = new Path(dirUri);
        FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
        if (fs.exists(new Path(dir, ShardFormat.MANIFEST))) {
            ShardManifest existing = ShardManifest.read(fs, fs.makeQualified(dir));
            if (existing.minibatches() != minibatches) {
                throw new IllegalArgumentException(dirUri + " holds " + existing.minibatches() + " minibatches, not the "
                        + minibatches + " of " + gib + " GiB: delete it or choose another directory");
            }
            System.out.printf(Locale.ROOT, "reusing %d minibatches in %s%n", minibatches, dirUri);
        } else {
            long t0 = System.nanoTime();
            new ShardWriter(sc.hadoopConfiguration(), PER_SHARD, Map.of("content", "LargeDataCheck synthetic"))
                    .write(new Synthetic(minibatches, 5), dirUri);
            System.out.printf(Locale.ROOT, "wrote %d minibatches (%.2f GiB of features) to %s in %.0f s%n", minibatches,
                    minibatches / 1024.0, dirUri, (System.nanoTime() - t0) / 1e9);
        }
        long dataBytes = fs.getContentSummary(dir).getLength();

        ShardedTrainingData data = ShardedTrainingData.open(sc, dirUri, workers);
        AveragingConfig config = AveragingConfig.builder().workers(workers).averagingPeriod(20).epochs(1).build();
        TrainingResult trained = new ModelAveragingTrainer(config, List.of(new ProgressLogger()))
                .fit(sc, network(), data);
        return new Result(dataBytes, trained.totals().examples() / BATCH, trained.epochSeconds().isEmpty()
                ? trained.wallSeconds() : trained.epochSeconds().get(0), firstLoss(trained),
                trained.recentRounds().get(trained.recentRounds().size() - 1).meanLoss(), executorMemory(sc, workers));
    }

    private static double firstLoss(TrainingResult trained) {
        // the state keeps the last rounds only: the first of them is the earliest loss still in memory
        return trained.recentRounds().get(0).meanLoss();
    }

    private static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(FEATURES)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The memory of every executor JVM: 4 tasks per worker, each holding its slot briefly, report their JVM. */
    static List<ExecutorMemory> executorMemory(JavaSparkContext sc, int workers) {
        List<Integer> tasks = IntStream.range(0, 4 * workers).boxed().collect(Collectors.toList());
        Map<String, ExecutorMemory> byJvm = new TreeMap<>();
        for (ExecutorMemory m : sc.parallelize(tasks, tasks.size()).mapPartitions(new Measure()).collect()) {
            byJvm.put(m.jvm(), m);
        }
        return new ArrayList<>(byJvm.values());
    }

    /** Measures the JVM it runs in. */
    static final class Measure implements FlatMapFunction<Iterator<Integer>, ExecutorMemory> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<ExecutorMemory> call(Iterator<Integer> ignored) throws InterruptedException {
            Thread.sleep(200);
            long heapPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    heapPeak += pool.getPeakUsage().getUsed();
                }
            }
            return List.of(new ExecutorMemory(ManagementFactory.getRuntimeMXBean().getName(),
                    Runtime.getRuntime().maxMemory(), heapPeak, Pointer.totalBytes(), Pointer.maxBytes(),
                    Pointer.physicalBytes())).iterator();
        }
    }

    public static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%s: %.2f GiB of shards, %d minibatches in one epoch of %.0f s (%.0f examples/s); "
                        + "loss %.4f (earliest kept round) -> %.4f (last)%n", r.ok() ? "OK" : "FAILED",
                r.dataBytes() / (double) (1L << 30), r.minibatches(), r.seconds(),
                r.minibatches() * BATCH / r.seconds(), r.firstLoss(), r.lastLoss());
        for (ExecutorMemory m : r.executors()) {
            out.printf(Locale.ROOT, "  %-28s heap max %5d MiB, heap pools' peak %5d MiB; off-heap %5d MiB of %5d MiB;"
                            + " resident %5d MiB%n", m.jvm(), m.heapMaxBytes() >> 20, m.heapPeakBytes() >> 20,
                    m.offHeapBytes() >> 20, m.offHeapMaxBytes() >> 20, m.residentBytes() >> 20);
        }
    }

    /** Gaussian features; label 1 when the first eight features sum above zero. Generated lazily. */
    private static final class Synthetic implements Iterator<DataSet> {
        private final long total;
        private long next;

        Synthetic(long total, long seed) {
            this.total = total;
            Nd4j.getRandom().setSeed(seed);
        }

        @Override
        public boolean hasNext() {
            return next < total;
        }

        @Override
        public DataSet next() {
            if (next >= total) {
                throw new NoSuchElementException();
            }
            next++;
            INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES);
            INDArray positive = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 8)).sum(1).gt(0)
                    .castTo(DataType.FLOAT).reshape(BATCH, 1);
            return new DataSet(x, Nd4j.hstack(positive.rsub(1), positive));
        }
    }
}
