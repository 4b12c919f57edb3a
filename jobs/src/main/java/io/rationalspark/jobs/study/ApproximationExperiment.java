package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig;
import io.rationalspark.jobs.config.ApproximationConfig.FixedActivation;
import io.rationalspark.jobs.config.ApproximationConfig.RationalType;
import io.rationalspark.jobs.config.ApproximationConfig.Size;
import io.rationalspark.jobs.config.ApproximationConfig.Target;
import io.rationalspark.layers.rational.CoefficientSharing;
import io.rationalspark.layers.rational.RationalInit;
import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.layers.rational.fit.FitMethod;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * The function-approximation experiment behind the paper's theory (Tang &amp; Townsend 2026; Telgarsky 2017;
 * Boullé et al. 2020): fit a target f on [-1, 1] with small scalar networks x ↦ N(x) — MLPs with a fixed activation (ReLU, GELU, tanh) and MLPs whose
 * hidden layers end in a trainable rational activation R = P / Q — and measure, on a finer grid, the max error
 * max |f(x) − N(x)| and the RMS error against the number of trainable parameters (rational coefficients included).
 *
 * <p>Every network is trained full batch on a uniform grid (mean squared error, Adam in double precision with a
 * learning rate decaying exponentially to 1/100 of its start) from {@code restarts} seeds; the best restart by max
 * error counts, so an optimisation failure (a bad start, a pole of a plain-form rational) does not count against
 * the architecture. Each hidden layer is Dense(W) followed by the activation; the first layer's biases are set so
 * that its units' breakpoints x = −b/w lie uniformly at random in [-1, 1]. Rational activations have one
 * coefficient set per layer, initialised to the least-squares fit of ReLU on [-3, 3].
 *
 * <p>Beside the trained ReLU networks the experiment lists a constructed reference: a ReLU network with one hidden
 * layer of W units represents exactly the piecewise-linear interpolant of f at W + 1 uniform knots (one unit for
 * the slope at −1, one per interior knot), with 3W + 1 parameters; for |x| and even W its error is zero.
 */
public final class ApproximationExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(ApproximationExperiment.class);

    /** Family name of the constructed piecewise-linear references. */
    public static final String RELU_INTERPOLANT = "relu interpolant (constructed)";

    private ApproximationExperiment() {
    }

    /**
     * A network architecture at {@code size}: exactly one of a fixed activation ({@code fixed}) and a rational
     * activation of {@code rational}'s type.
     */
    public record Architecture(Optional<FixedActivation> fixed, Optional<RationalType> rational, Size size) {

        public Architecture {
            if (fixed.isPresent() == rational.isPresent()) {
                throw new IllegalArgumentException("an architecture has a fixed or a rational activation, not "
                        + (fixed.isPresent() ? "both" : "neither"));
            }
        }

        static Architecture fixed(FixedActivation activation, Size size) {
            return new Architecture(Optional.of(activation), Optional.empty(), size);
        }

        static Architecture rational(RationalType type, Size size) {
            return new Architecture(Optional.empty(), Optional.of(type), size);
        }

        /** {@code relu}, {@code gelu}, {@code tanh} or {@code rational (3,2) plain}. */
        public String family() {
            return rational.map(t -> "rational " + t).orElseGet(() -> fixed.orElseThrow().configName());
        }
    }

    /**
     * Where finished measurements are kept, so that an interrupted experiment resumes without retraining them
     * ({@code key} names target, family and size).
     */
    public interface Saved {
        /** Nothing kept: every measurement is trained. */
        Saved NONE = new Saved() {
            @Override
            public Optional<Measurement> read(String key) {
                return Optional.empty();
            }

            @Override
            public void write(String key, Measurement m) {
            }
        };

        Optional<Measurement> read(String key) throws java.io.IOException;

        void write(String key, Measurement m) throws java.io.IOException;
    }

    /**
     * One row of the result.
     *
     * @param target      the function fitted
     * @param family      {@code relu}, {@code rational (m,n) form} or {@link #RELU_INTERPOLANT}
     * @param size        depth × width
     * @param parameters  trainable parameters (weights, biases, rational coefficients)
     * @param maxError    max |f − N| on the evaluation grid (best restart); NaN when every restart failed
     * @param rmsError    RMS of f − N on the evaluation grid, of the same restart
     * @param restarts    trainings run (0 for the constructed reference)
     * @param failures    restarts that failed (non-finite loss or output, a pole)
     * @param seconds     wall-clock seconds of all restarts
     */
    public record Measurement(Target target, String family, Size size, long parameters, double maxError,
                              double rmsError, int restarts, int failures, double seconds) {

        /** Whether this row was trained (not the constructed reference). */
        public boolean trained() {
            return restarts > 0;
        }
    }

    /** What the experiment measured, in the order it ran, and how long it took. */
    public record Result(List<Measurement> measurements, double seconds, ApproximationConfig config,
                         boolean complete) {

        /** A complete result. */
        public Result(List<Measurement> measurements, double seconds, ApproximationConfig config) {
            this(measurements, seconds, config, true);
        }

        /** The rows of {@code target} and {@code family}, in configuration order. */
        public List<Measurement> series(Target target, String family) {
            return measurements.stream().filter(m -> m.target() == target && m.family().equals(family)).toList();
        }

        /** The families, in order of first appearance. */
        public List<String> families() {
            return measurements.stream().map(Measurement::family).distinct().toList();
        }
    }

    /** Runs every configured architecture on every target, keeping nothing. */
    public static Result run(ApproximationConfig config) {
        try {
            return run(config, Saved.NONE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs every configured architecture on every target; measurements {@code saved} has are read, not trained. */
    public static Result run(ApproximationConfig config, Saved saved) throws java.io.IOException {
        return run(config, saved, () -> false);
    }

    /**
     * As {@link #run(ApproximationConfig, Saved)}, but once {@code outOfTime} says so no further network is trained:
     * the saved measurements are still read, and the result is partial ({@link Result#complete()} false).
     */
    public static Result run(ApproximationConfig config, Saved saved, java.util.function.BooleanSupplier outOfTime)
            throws java.io.IOException {
        long start = System.nanoTime();
        double[] trainX = grid(config.trainPoints());
        double[] evalX = grid(config.evaluationPoints());
        List<Architecture> architectures = architectures(config);
        List<Measurement> rows = new ArrayList<>();
        int total = config.targets().size() * architectures.size();
        int done = 0;
        boolean stopped = false;
        for (Target target : config.targets()) {
            for (Architecture a : architectures) {
                String key = key(target, a);
                Optional<Measurement> kept = saved.read(key);
                if (kept.isEmpty() && (stopped || outOfTime.getAsBoolean())) {
                    if (!stopped) {
                        LOG.info("approximation: out of time (output.stopAfter) before {}; the same command continues"
                                + " the experiment from its saved measurements", key);
                    }
                    stopped = true;
                    continue;
                }
                Measurement m = kept.isPresent() ? kept.get() : measure(config, target, a, trainX, evalX);
                if (kept.isEmpty()) {
                    saved.write(key, m);
                }
                rows.add(m);
                done++;
                LOG.info(String.format(Locale.ROOT, "approximation %d/%d: %s, %s %s: %d parameters, max error %.3g,"
                                + " RMS %.3g (%d of %d restarts failed, %.1f s%s)", done, total, target.formula(),
                        m.family(), m.size(), m.parameters(), m.maxError(), m.rmsError(), m.failures(), m.restarts(),
                        m.seconds(), kept.isPresent() ? ", read back" : ""));
            }
            if (config.fixedActivations().contains(FixedActivation.RELU)) {
                for (Size s : config.fixed()) {
                    if (s.depth() == 1) {
                        rows.add(interpolant(target, s.width(), evalX));
                    }
                }
            }
        }
        return new Result(List.copyOf(rows), (System.nanoTime() - start) / 1e9, config, !stopped);
    }

    /** Every fixed activation at every fixed size, then every rational type at every rational size. */
    static List<Architecture> architectures(ApproximationConfig config) {
        List<Architecture> list = new ArrayList<>();
        for (FixedActivation f : config.fixedActivations()) {
            for (Size s : config.fixed()) {
                list.add(Architecture.fixed(f, s));
            }
        }
        for (RationalType t : config.rationalTypes()) {
            for (Size s : config.rational()) {
                list.add(Architecture.rational(t, s));
            }
        }
        return list;
    }

    /** The name of a measurement among the saved ones, a file name: {@code bump-0.1_rational-3-2-plain_2x4}. */
    static String key(Target target, Architecture a) {
        return (target.configName() + "_" + a.family() + "_" + a.size()).replaceAll("[^A-Za-z0-9._]+", "-")
                .replace("-_", "_");
    }

    /** A measurement as "name=value" lines, read back by {@link #parse}. */
    static String format(Measurement m) {
        return "target=" + m.target().configName() + "\nfamily=" + m.family() + "\nsize=" + m.size() + "\nparameters="
                + m.parameters() + "\nmaxError=" + m.maxError() + "\nrmsError=" + m.rmsError() + "\nrestarts="
                + m.restarts() + "\nfailures=" + m.failures() + "\nseconds=" + m.seconds() + "\n";
    }

    /**
     * Reads what {@link #format} wrote; {@code where} names the file in errors.
     *
     * @throws IllegalArgumentException naming the file and the field when a field is missing or bad
     */
    static Measurement parse(String text, String where) {
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            String target = field(fields, "target", where);
            return new Measurement(java.util.Arrays.stream(Target.values())
                    .filter(t -> t.configName().equals(target)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown target '" + target + "'")),
                    field(fields, "family", where), parseSize(field(fields, "size", where)),
                    Long.parseLong(field(fields, "parameters", where)),
                    Double.parseDouble(field(fields, "maxError", where)),
                    Double.parseDouble(field(fields, "rmsError", where)),
                    Integer.parseInt(field(fields, "restarts", where)),
                    Integer.parseInt(field(fields, "failures", where)),
                    Double.parseDouble(field(fields, "seconds", where)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("saved approximation measurement " + where + " is damaged: "
                    + e.getMessage() + " (delete it to measure that network again)", e);
        }
    }

    private static String field(java.util.Map<String, String> fields, String name, String where) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name + " field");
        }
        return value;
    }

    private static Size parseSize(String text) {
        String[] parts = text.split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("size '" + text + "' is not DxW");
        }
        return new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** {@code n} uniformly spaced points from -1 to 1, both included. */
    static double[] grid(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -1 + 2.0 * i / (n - 1);
        }
        return x;
    }

    private static Measurement measure(ApproximationConfig config, Target target, Architecture a, double[] trainX,
                                       double[] evalX) {
        long start = System.nanoTime();
        DataSet train = new DataSet(column(trainX), column(values(target, trainX)));
        INDArray evalInput = column(evalX);
        double[] expected = values(target, evalX);
        double bestMax = Double.NaN;
        double bestRms = Double.NaN;
        long parameters = 0;
        int failures = 0;
        for (int r = 0; r < config.restarts(); r++) {
            long seed = config.firstSeed() + r;
            MultiLayerNetwork net = build(a, seed, config.learningRate(), config.iterations());
            parameters = net.numParams();
            try {
                for (int i = 0; i < config.iterations(); i++) {
                    net.fit(train);
                }
                double[] predicted = net.output(evalInput).toDoubleVector();
                double[] error = errors(expected, predicted);
                if (!Double.isFinite(net.score()) || !Double.isFinite(error[0])) {
                    failures++;
                    LOG.info("approximation {} {} {} seed {}: non-finite loss or output, counted as failed",
                            target.formula(), a.family(), a.size(), seed);
                } else if (Double.isNaN(bestMax) || error[0] < bestMax) {
                    bestMax = error[0];
                    bestRms = error[1];
                }
            } catch (RuntimeException e) {
                failures++;
                LOG.info("approximation {} {} {} seed {} failed: {}", target.formula(), a.family(), a.size(), seed,
                        e.getMessage());
            }
        }
        return new Measurement(target, a.family(), a.size(), parameters, bestMax, bestRms, config.restarts(),
                failures, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The network of {@code a}, initialised from {@code seed}: Dense(W) + activation per hidden layer, a linear
     * output, mean squared error, double precision, Adam from {@code learningRate} decaying to 1/100 of it over
     * {@code iterations} steps.
     */
    static MultiLayerNetwork build(Architecture a, long seed, double learningRate, int iterations) {
        double decay = Math.pow(0.01, 1.0 / iterations);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER)
                .updater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, learningRate, decay))).list();
        for (int d = 0; d < a.size().depth(); d++) {
            if (a.rational().isPresent()) {
                RationalType t = a.rational().get();
                list.layer(new DenseLayer.Builder().nOut(a.size().width()).activation(Activation.IDENTITY).build());
                list.layer(new RationalLayer.Builder().degrees(t.numeratorDegree(), t.denominatorDegree())
                        .form(t.form()).sharing(CoefficientSharing.layer())
                        .init(RationalInit.fit("relu", -3, 3, FitMethod.LEAST_SQUARES)).build());
            } else {
                list.layer(new DenseLayer.Builder().nOut(a.size().width())
                        .activation(a.fixed().orElseThrow().activation()).build());
            }
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY)
                .build());
        MultiLayerConfiguration conf = list.setInputType(InputType.feedForward(1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        spreadBreakpoints(net, seed);
        return net;
    }

    /** Sets the first layer's biases to b = −w·c with c uniform in [-1, 1], so that its breakpoints lie in the interval. */
    private static void spreadBreakpoints(MultiLayerNetwork net, long seed) {
        INDArray w = net.getLayer(0).getParam("W");
        INDArray b = net.getLayer(0).getParam("b");
        Random random = new Random(seed ^ 0x5DEECE66DL);
        for (int j = 0; j < b.length(); j++) {
            b.putScalar(j, -w.getDouble(0, j) * (2 * random.nextDouble() - 1));
        }
    }

    /** The constructed reference: the interpolant at W + 1 uniform knots, which a ReLU 1×W network represents. */
    static Measurement interpolant(Target target, int width, double[] evalX) {
        double[] knots = grid(width + 1);
        double[] expected = values(target, evalX);
        double[] predicted = new double[evalX.length];
        for (int i = 0; i < evalX.length; i++) {
            int k = Math.min(width - 1, (int) Math.floor((evalX[i] + 1) / 2 * width));
            double t = (evalX[i] - knots[k]) / (knots[k + 1] - knots[k]);
            predicted[i] = (1 - t) * target.value(knots[k]) + t * target.value(knots[k + 1]);
        }
        double[] error = errors(expected, predicted);
        return new Measurement(target, RELU_INTERPOLANT, new Size(1, width), 3L * width + 1, error[0], error[1], 0, 0,
                0);
    }

    /** {max |e|, RMS e}; NaN when any prediction is not finite. */
    private static double[] errors(double[] expected, double[] predicted) {
        double max = 0;
        double squares = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i] - predicted[i];
            if (!Double.isFinite(e)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            max = Math.max(max, Math.abs(e));
            squares += e * e;
        }
        return new double[] {max, Math.sqrt(squares / expected.length)};
    }

    private static double[] values(Target target, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = target.value(x[i]);
        }
        return y;
    }

    private static INDArray column(double[] values) {
        return Nd4j.create(values, new long[] {values.length, 1}, DataType.DOUBLE);
    }
}
