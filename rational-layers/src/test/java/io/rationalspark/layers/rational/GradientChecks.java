package io.rationalspark.layers.rational;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's gradient check with its preconditions enforced in code: double precision everywhere, NoOp updaters,
 * no dropout. Callers keep inputs away from the kinks of |·|.
 */
public final class GradientChecks {

    public static final double EPSILON = 1e-6;
    public static final double MAX_REL_ERROR = 1e-5;
    public static final double MIN_ABS_ERROR = 1e-9;

    private GradientChecks() {
    }

    /** Sets DOUBLE as ND4J's default types; call before building networks. */
    public static void useDoublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    public static void check(MultiLayerNetwork net, INDArray input, INDArray labels) {
        assertEquals(DataType.DOUBLE, net.params().dataType(), "gradient checks need a DOUBLE network");
        assertEquals(DataType.DOUBLE, input.dataType(), "gradient checks need DOUBLE input");
        for (org.deeplearning4j.nn.conf.NeuralNetConfiguration c : net.getLayerWiseConfigurations().getConfs()) {
            requireNoOpNoDropout(c.getLayer());
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(EPSILON).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR));
        assertTrue(ok, "gradient check failed (see the log for the failing parameters)");
    }

    public static void check(ComputationGraph net, INDArray input, INDArray labels) {
        assertEquals(DataType.DOUBLE, net.params().dataType(), "gradient checks need a DOUBLE network");
        for (org.deeplearning4j.nn.conf.graph.GraphVertex v : net.getConfiguration().getVertices().values()) {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex) {
                requireNoOpNoDropout(((org.deeplearning4j.nn.conf.graph.LayerVertex) v).getLayerConf().getLayer());
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
                .epsilon(EPSILON).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR));
        assertTrue(ok, "gradient check failed (see the log for the failing parameters)");
    }

    private static void requireNoOpNoDropout(org.deeplearning4j.nn.conf.layers.Layer layer) {
        assertNull(layer.getIDropout(), "gradient checks need no dropout: " + layer.getLayerName());
        if (layer instanceof BaseLayer) {
            assertTrue(((BaseLayer) layer).getIUpdater() instanceof NoOp,
                    "gradient checks need NoOp updaters: " + layer.getLayerName());
        }
    }
}
