package io.rationalspark.layers.activations;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationPReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * Why {@link FixedActivation#PRELU} is {@link ChannelPReLULayer} and not DL4J's {@code PReLULayer}: the latter's
     * backprop, libnd4j's {@code prelu_bp}, rejects inputs longer than 64 (SD_MAX_RANK·2) times the alpha array
     * (prelu.cpp:111, "Op validation failed"), so it works only for tiny minibatches. Forward is fine.
     */
    @Test
    void preluBackpropFailsForInputsLongerThan64TimesAlpha() {
        // rank 4, slopes shared over height and width: 2 examples on 24×24 (and 6×6) fail, 4×4 passes
        assertPreluBackpropFails(new long[]{2, 4, 24, 24}, new long[]{4, 1, 1}, 2, 3);
        assertPreluBackpropFails(new long[]{2, 4, 6, 6}, new long[]{4, 1, 1}, 2, 3);
        assertArrayEquals(new long[]{4, 1, 1}, preluBackprop(new long[]{2, 4, 4, 4}, new long[]{4, 1, 1}, 2, 3));
        // rank 3, slopes shared over time: 2 × 32 steps pass, 2 × 33 steps fail
        assertArrayEquals(new long[]{4, 1}, preluBackprop(new long[]{2, 4, 32}, new long[]{4, 1}, 2));
        assertPreluBackpropFails(new long[]{2, 4, 33}, new long[]{4, 1}, 2);
        // rank 2, one slope per feature: a minibatch of 64 passes, 65 fails
        assertArrayEquals(new long[]{4}, preluBackprop(new long[]{64, 4}, new long[]{4}));
        assertPreluBackpropFails(new long[]{65, 4}, new long[]{4});
    }

    private static long[] preluBackprop(long[] inputShape, long[] alphaShape, long... sharedAxes) {
        INDArray x = Nd4j.rand(DataType.FLOAT, inputShape).subi(0.5);
        ActivationPReLU prelu = new ActivationPReLU(Nd4j.valueArrayOf(alphaShape, 0.25, DataType.FLOAT),
                sharedAxes.length == 0 ? null : sharedAxes);
        prelu.getActivation(x.dup(), true);
        return prelu.backprop(x.dup(), Nd4j.onesLike(x)).getSecond().shape();
    }

    private static void assertPreluBackpropFails(long[] inputShape, long[] alphaShape, long... sharedAxes) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> preluBackprop(inputShape, alphaShape, sharedAxes),
                "DL4J's prelu_bp on " + Arrays.toString(inputShape));
        assertTrue(e.getMessage().contains("prelu_bp"), e.getMessage());
    }
}
