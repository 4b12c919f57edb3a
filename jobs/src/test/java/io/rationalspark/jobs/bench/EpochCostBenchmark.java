package io.rationalspark.jobs.bench;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.data.ImageDataSet;
import io.rationalspark.jobs.data.ImageShape;
import io.rationalspark.jobs.data.Minibatches;
import io.rationalspark.jobs.data.Split;
import io.rationalspark.jobs.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * What a rational activation costs in training: one epoch of the quick presets' MLP and LeNet on the first
 * Fashion-MNIST training images, with the rational activation, ReLU and tanh, in one process. No Spark: plain
 * {@code MultiLayerNetwork.fit} on each minibatch (what a worker's local step does), so the time is the network's.
 *
 * <p>The networks are the jobs' own: {@link NetworkFactory} over {@code conf/fashion-mnist-mlp-quick.conf} and
 * {@code conf/fashion-mnist-cnn-quick.conf} with {@code model.activation} set (so minibatch size, widths, optimizer,
 * the rational layer's spec and seed are the presets' and the defaults'). The minibatches are cut as the prepare job
 * cuts them (one shuffle from {@code trainer.seed}) and built in memory before any timing.
 *
 * <p>Per model: one untimed warm-up epoch per activation, then {@code reps} repetitions in interleaved order
 * (rational, relu, tanh; rational, relu, tanh; …), each one epoch of a freshly built network with the same seed.
 * The table gives each activation's median epoch and its range, and the median and range of its per-repetition
 * ratio to ReLU (ratios taken within a repetition, so slow drift of the machine cancels). The target is
 * rational / ReLU ≤ {@value #TARGET} for both models.
 *
 * <p>Usage, from the repository root: {@code EpochCostBenchmark [dataDir [images [reps]]]} (defaults
 * {@code data/fashion-mnist}, the presets' {@code data.limit} (6,000), 3). {@code scripts/bench-kernels.sh training}
 * builds the classpath and runs it.
 */
public final class EpochCostBenchmark {

    /** The target of issue #11: a rational epoch costs at most this many ReLU epochs. */
    static final double TARGET = 1.15;

    private static final List<String> ACTIVATIONS = List.of("rational", "relu", "tanh");
    private static final String BASELINE = "relu";
    private static final NetworkFactory.DataFacts FACTS = new NetworkFactory.DataFacts(ImageDataSet.CLASSES, 0, 0);

    private EpochCostBenchmark() {
    }

    /** A model under test: its name in the table and the preset that describes it. */
    private record Model(String name, JobConfig preset) {
    }

    /** One model's epoch seconds, {@code seconds[activation][rep]} in the order of {@link #ACTIVATIONS}. */
    private record Timings(Model model, int minibatches, double[][] seconds) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 4 || (args.length > 0 && args[0].startsWith("-"))) {
            System.err.println("usage: EpochCostBenchmark [dataDir [images [reps [mlp|lenet]]]]"
                    + "   (defaults data/fashion-mnist, the quick presets' data.limit, 3, both models; run from the"
                    + " repository root)");
            System.exit(2);
        }
        List<Model> models = new ArrayList<>(List.of(new Model("mlp", preset("conf/fashion-mnist-mlp-quick.conf")),
                new Model("lenet", preset("conf/fashion-mnist-cnn-quick.conf"))));
        if (args.length > 3) {
            models.removeIf(m -> !m.name().equals(args[3]));
            if (models.isEmpty()) {
                System.err.println("EpochCostBenchmark: unknown model '" + args[3] + "', expected mlp or lenet");
                System.exit(2);
            }
        }
        Path dataDir = Paths.get(args.length > 0 ? args[0] : "data/fashion-mnist");
        int images = args.length > 1 ? positive("images", args[1])
                : models.get(0).preset().data().limit().orElse(Integer.MAX_VALUE);
        int reps = args.length > 2 ? positive("reps", args[2]) : 3;

        ImageDataSet train = readTrainingImages(dataDir, images);
        System.out.println(machine());
        System.out.printf(Locale.ROOT, "data: first %,d Fashion-MNIST training images of %s; %d repetition(s) after"
                + " one warm-up epoch per activation%n", train.size(), dataDir, reps);

        List<Timings> all = new ArrayList<>();
        for (Model model : models) {
            all.add(measure(model, train, reps));
        }
        System.out.println();
        printTable(all, reps);
    }

    private static JobConfig preset(String file) {
        Path path = Paths.get(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("preset " + path.toAbsolutePath() + " not found: run from the repository"
                    + " root (scripts/bench-kernels.sh training does)");
        }
        return JobConfig.load(path, List.of());
    }

    private static ImageDataSet readTrainingImages(Path dataDir, int images) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            fail("no Fashion-MNIST data at " + dataDir.toAbsolutePath() + ": run scripts/fetch-data.sh, or pass the"
                    + " directory holding train-images-idx3-ubyte(.gz) as the first argument");
        }
        try {
            return ImageDataSet.read(dataDir, Split.TRAIN, ImageShape.FLAT, images);
        } catch (IOException e) {
            fail("cannot read Fashion-MNIST from " + dataDir.toAbsolutePath() + ": " + e.getMessage());
            throw e;
        }
    }

    private static Timings measure(Model model, ImageDataSet train, int reps) {
        JobConfig[] configs = new JobConfig[ACTIVATIONS.size()];
        for (int a = 0; a < configs.length; a++) {
            configs[a] = model.preset().with("model.activation=" + ACTIVATIONS.get(a));
        }
        List<DataSet> batches = Minibatches.shuffled(train, model.preset().data().minibatch(),
                model.preset().trainer().seed()).toList();
        System.out.printf(Locale.ROOT, "%n%s: %d minibatches of %d%n", model.name(), batches.size(),
                model.preset().data().minibatch());
        for (int a = 0; a < configs.length; a++) {
            Epoch warmUp = epoch(configs[a], batches);
            System.out.printf(Locale.ROOT, "  warm-up %-8s %7.2f s  mean loss %.4f%n", ACTIVATIONS.get(a),
                    warmUp.seconds(), warmUp.meanLoss());
        }
        double[][] seconds = new double[configs.length][reps];
        for (int rep = 0; rep < reps; rep++) {
            for (int a = 0; a < configs.length; a++) {
                Epoch e = epoch(configs[a], batches);
                seconds[a][rep] = e.seconds();
                System.out.printf(Locale.ROOT, "  rep %d   %-8s %7.2f s  mean loss %.4f%n", rep + 1,
                        ACTIVATIONS.get(a), e.seconds(), e.meanLoss());
            }
        }
        return new Timings(model, batches.size(), seconds);
    }

    private record Epoch(double seconds, double meanLoss) {
    }

    /** One epoch of a freshly built network: {@code fit} on each minibatch in order; only the fitting is timed. */
    private static Epoch epoch(JobConfig config, List<DataSet> batches) {
        MultiLayerNetwork net = NetworkFactory.network(config, FACTS, 1.0, config.trainer().seed());
        System.gc();
        double lossSum = 0;
        long start = System.nanoTime();
        for (DataSet batch : batches) {
            net.fit(batch);
            lossSum += net.score();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double meanLoss = lossSum / batches.size();
        if (!Double.isFinite(meanLoss)) {
            throw new IllegalStateException(config.model().kind().configName() + " with "
                    + config.model().activation() + ": the epoch's mean loss is " + meanLoss);
        }
        return new Epoch(seconds, meanLoss);
    }

    private static void printTable(List<Timings> all, int reps) {
        int baseline = ACTIVATIONS.indexOf(BASELINE);
        int rational = ACTIVATIONS.indexOf("rational");
        System.out.printf(Locale.ROOT, "| model | activation | epoch s (median of %d) | min–max | ratio to ReLU (median)"
                + " | per-rep ratio min–max |%n", reps);
        System.out.println("|---|---|---:|---:|---:|---:|");
        StringJoiner verdicts = new StringJoiner("; ");
        for (Timings t : all) {
            for (int a = 0; a < ACTIVATIONS.size(); a++) {
                TimingSpread epoch = TimingSpread.of(t.seconds()[a]);
                TimingSpread ratio = TimingSpread.of(TimingSpread.pairedRatios(t.seconds()[a], t.seconds()[baseline]));
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f–%.2f | %.3f | %.3f–%.3f |%n", t.model().name(),
                        ACTIVATIONS.get(a), epoch.median(), epoch.min(), epoch.max(), ratio.median(), ratio.min(),
                        ratio.max());
                if (a == rational) {
                    verdicts.add(String.format(Locale.ROOT, "%s %.3f %s", t.model().name(), ratio.median(),
                            ratio.median() <= TARGET ? "met" : "missed"));
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "ratio to ReLU: this activation's epoch / ReLU's epoch in the same repetition;"
                + " median and range over the %d repetitions.%n", reps);
        System.out.printf(Locale.ROOT, "target rational / ReLU ≤ %.2f: %s%n", TARGET, verdicts);
    }

    private static String machine() {
        Runtime runtime = Runtime.getRuntime();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "machine: %d cores (load average %.2f at start), Java %s (%s %s), max heap"
                        + " %d MiB, ND4J %s, BLAS %s, OpenMP threads %s", runtime.availableProcessors(), load,
                System.getProperty("java.version"), System.getProperty("java.vm.vendor"),
                System.getProperty("java.vm.name"), runtime.maxMemory() >> 20,
                Nd4j.getBackend().getClass().getSimpleName(), env.getOrDefault("blas.vendor", "?"),
                env.getOrDefault("omp.threads", "?"));
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(name + " must be a whole number ≥ 1, got '" + value + "'");
        return 0;
    }

    private static void fail(String message) {
        System.err.println("EpochCostBenchmark: " + message);
        System.exit(2);
    }
}
