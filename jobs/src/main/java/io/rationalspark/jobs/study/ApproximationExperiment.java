package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig;
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
 * Boullé et al. 2020): fit a target f on [-1, 1] with small scalar networks x ↦ N(x) — ReLU MLPs and MLPs whose
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

    /** Family name of the ReLU networks. */
    public static final String RELU = "relu";
    /** Family name of the constructed piecewise-linear references. */
    public static final String RELU_INTERPOLANT = "relu interpolant (constructed)";

    private ApproximationExperiment() {
    }

    /** A network architecture: ReLU, or a rational activation of {@code rational}'s type, at {@code size}. */
    public record Architecture(Optional<RationalType> rational, Size size) {

        /** {@code relu} or {@code rational (3,2) plain}. */
        public String family() {
            return rational.map(t -> "rational " + t).orElse(RELU);
        }
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
    public record Result(List<Measurement> measurements, double seconds, ApproximationConfig config) {

        /** The rows of {@code target} and {@code family}, in configuration order. */
        public List<Measurement> series(Target target, String family) {
            return measurements.stream().filter(m -> m.target() == target && m.family().equals(family)).toList();
        }

        /** The families, in order of first appearance. */
        public List<String> families() {
            return measurements.stream().map(Measurement::family).distinct().toList();
        }
    }

    /** Runs every configured architecture on every target. */
    public static Result run(ApproximationConfig config) {
        long start = System.nanoTime();
        double[] trainX = grid(config.trainPoints());
        double[] evalX = grid(config.evaluationPoints());
        List<Architecture> architectures = architectures(config);
        List<Measurement> rows = new ArrayList<>();
        int total = config.targets().size() * architectures.size();
        int done = 0;
        for (Target target : config.targets()) {
            for (Architecture a : architectures) {
                Measurement m = measure(config, target, a, trainX, evalX);
                rows.add(m);
                done++;
                LOG.info(String.format(Locale.ROOT, "approximation %d/%d: %s, %s %s: %d parameters, max error %.3g,"
                                + " RMS %.3g (%d of %d restarts failed, %.1f s)", done, total, target.formula(),
                        m.family(), m.size(), m.parameters(), m.maxError(), m.rmsError(), m.failures(), m.restarts(),
                        m.seconds()));
            }
            for (Size s : config.relu()) {
                if (s.depth() == 1) {
                    rows.add(interpolant(target, s.width(), evalX));
                }
            }
        }
        return new Result(List.copyOf(rows), (System.nanoTime() - start) / 1e9, config);
    }

    /** The ReLU sizes, then every rational type at every rational size. */
    static List<Architecture> architectures(ApproximationConfig config) {
        List<Architecture> list = new ArrayList<>();
        for (Size s : config.relu()) {
            list.add(new Architecture(Optional.empty(), s));
        }
        for (RationalType t : config.rationalTypes()) {
            for (Size s : config.rational()) {
                list.add(new Architecture(Optional.of(t), s));
            }
        }
        return list;
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
                list.layer(new DenseLayer.Builder().nOut(a.size().width()).activation(Activation.RELU).build());
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
