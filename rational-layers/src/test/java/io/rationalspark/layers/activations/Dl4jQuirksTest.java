package io.rationalspark.layers.activations;

import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the DL4J 1.0.0-M2.1 behaviours that this package works around. When one of these tests fails after a
 * DL4J upgrade, the workaround it justifies can be reconsidered (see the class named in each test).
 */
class Dl4jQuirksTest {

    private static INDArray floats(double... values) {
        return Nd4j.create(values, new long[]{1, values.length}, 'c').castTo(DataType.FLOAT);
    }

    private static double gradientAt(IActivation activation, INDArray x) {
        return activation.backprop(x.dup(), Nd4j.onesLike(x)).getFirst().getDouble(0);
    }

    /** Why {@link FixedActivation#ELU_ALPHA} is fixed at 1. */
    @Test
    void eluBackpropIgnoresAlpha() {
        INDArray x = Nd4j.create(new double[]{-1.0}, new long[]{1, 1}, 'c').castTo(DataType.DOUBLE);
        double dl4j = gradientAt(new ActivationELU(2.0), x);
        assertEquals(Math.exp(-1.0), dl4j, 1e-6, "DL4J uses alpha = 1 in EluBp");
        assertFalse(Math.abs(2 * Math.exp(-1.0) - dl4j) < 1e-3, "the correct gradient would be 2 e^-1");
    }

    /** Why {@link ActivationSoftplus} replaces DL4J's. */
    @Test
    void dl4jSoftplusOverflowsInFloat() {
        INDArray y = new ActivationSoftPlus().getActivation(floats(100), false);
        assertTrue(Double.isInfinite(y.getDouble(0)), "DL4J softplus(100) in float: " + y);
        assertEquals(100.0, new ActivationSoftplus().getActivation(floats(100), false).getDouble(0), 1e-4);
    }

    /** Why {@link ActivationSiLU} and {@link ActivationMish} replace DL4J's. */
    @Test
    void dl4jSwishAndMishGradientsAreNanForLargeFloatInputs() {
        assertTrue(Double.isNaN(gradientAt(new ActivationSwish(), floats(50))), "DL4J swish'(50) in float");
        assertTrue(Double.isNaN(gradientAt(new org.nd4j.linalg.activations.impl.ActivationMish(), floats(50))),
                "DL4J mish'(50) in float");
        assertEquals(1.0, gradientAt(new ActivationSiLU(), floats(50)), 1e-6);
        assertEquals(1.0, gradientAt(new ActivationMish(), floats(50)), 1e-6);
    }

    /** Why {@link FixedActivation#PRELU} configures 1 on the shared axes itself. */
    @Test
    void preluParamInitializerOverwritesTheConfiguredInputShape() {
        PReLULayer layer = new PReLULayer.Builder().inputShape(3, 4, 5).sharedAxes(2, 3).build();
        layer.initializer();
        assertArrayEquals(new long[]{3, 1, 1}, layer.getInputShape());
    }
}
