package io.rationalspark.layers.testing;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient checks that enforce their own preconditions: double precision everywhere, a {@link NoOp} updater on
 * every layer with parameters, no dropout, and inputs whose pre-activations stay away from the kinks at 0 of
 * ReLU, LeakyReLU and PReLU (a finite difference across a kink is meaningless).
 */
public final class GradientChecks {

    public static final double EPSILON = 1e-6;
    public static final double MAX_REL_ERROR = 1e-5;
    public static final double MIN_ABS_ERROR = 1e-9;
    /** Smallest |pre-activation| allowed; a perturbation of 1e-6 moves pre-activations by far less. */
    public static final double KINK_MARGIN = 0.01;

    private GradientChecks() {
    }

    /** Runs DL4J's gradient check after checking its preconditions; fails the test on any mismatch. */
    public static void assertGradientsMatch(String what, MultiLayerNetwork net, INDArray input, INDArray labels) {
        requireDoubles(net.getLayerWiseConfigurations().getDataType(), input, labels);
        int index = 0;
        for (NeuralNetConfiguration conf : net.getLayerWiseConfigurations().getConfs()) {
            requireNoOpNoDropout(String.valueOf(index++), conf.getLayer());
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net).input(input).labels(labels)
                .epsilon(EPSILON).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed: " + what);
    }

    /** The same for a single-input, single-output ComputationGraph. */
    public static void assertGradientsMatch(String what, ComputationGraph net, INDArray input, INDArray labels) {
        requireDoubles(net.getConfiguration().getDataType(), input, labels);
        for (Map.Entry<String, GraphVertex> vertex : net.getConfiguration().getVertices().entrySet()) {
            if (vertex.getValue() instanceof LayerVertex) {
                requireNoOpNoDropout(vertex.getKey(), ((LayerVertex) vertex.getValue()).getLayerConf().getLayer());
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(net).inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
                .epsilon(EPSILON).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed: " + what);
    }

    private static void requireDoubles(DataType networkType, INDArray input, INDArray labels) {
        require(Nd4j.defaultFloatingPointType() == DataType.DOUBLE,
                "default floating point type must be DOUBLE, is " + Nd4j.defaultFloatingPointType());
        require(networkType == DataType.DOUBLE, "network data type must be DOUBLE, is " + networkType);
        require(input.dataType() == DataType.DOUBLE && labels.dataType() == DataType.DOUBLE,
                "input and labels must be DOUBLE, are " + input.dataType() + " and " + labels.dataType());
    }

    private static void requireNoOpNoDropout(String name, Layer layer) {
        if (layer instanceof BaseLayer) {
            require(((BaseLayer) layer).getIUpdater() instanceof NoOp,
                    "layer " + name + " must use the NoOp updater, uses " + ((BaseLayer) layer).getIUpdater());
        }
        require(layer.getIDropout() == null, "layer " + name + " must have no dropout, has " + layer.getIDropout());
    }

    /**
     * A seeded input of the given shape, uniform in [-1, 1], re-drawn until every output of layer
     * {@code preActivationLayer} (the linear layer feeding the activation) is at least {@link #KINK_MARGIN}
     * away from 0.
     */
    public static INDArray kinkFreeInput(MultiLayerNetwork net, int preActivationLayer, long seed, long... shape) {
        Random random = new Random(seed);
        for (int attempt = 0; attempt < 200; attempt++) {
            INDArray input = uniform(random, -1, 1, shape);
            List<INDArray> activations = net.feedForwardToLayer(preActivationLayer, input, false);
            INDArray preActivation = activations.get(preActivationLayer + 1);
            if (preActivation.amin().getDouble(0) >= KINK_MARGIN) {
                return input;
            }
        }
        throw new IllegalStateException("no input with all pre-activations >= " + KINK_MARGIN + " away from 0 in 200 draws");
    }

    /**
     * The same for a single-input ComputationGraph: every output of vertex {@code preActivationVertex} is at least
     * {@link #KINK_MARGIN} away from 0.
     */
    public static INDArray kinkFreeInput(ComputationGraph net, String preActivationVertex, long seed, long... shape) {
        Random random = new Random(seed);
        for (int attempt = 0; attempt < 200; attempt++) {
            INDArray input = uniform(random, -1, 1, shape);
            INDArray preActivation = net.feedForward(new INDArray[] {input}, false).get(preActivationVertex);
            if (preActivation.amin().getDouble(0) >= KINK_MARGIN) {
                return input;
            }
        }
        throw new IllegalStateException("no input with all pre-activations >= " + KINK_MARGIN + " away from 0 in 200 draws");
    }

    /** Seeded doubles uniform in [lo, hi], as an array of the default floating point type. */
    public static INDArray uniform(Random random, double lo, double hi, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = lo + (hi - lo) * random.nextDouble();
        }
        return Nd4j.create(values, shape, 'c').castTo(Nd4j.defaultFloatingPointType());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("gradient check precondition: " + message);
        }
    }
}
