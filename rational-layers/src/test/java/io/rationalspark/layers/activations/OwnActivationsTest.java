package io.rationalspark.layers.activations;

import io.rationalspark.layers.testing.DoublePrecision;
import io.rationalspark.layers.testing.GradientChecks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Direct numeric checks of the activations this package implements, outside any network: values against the
 * scalar definitions at ranks 2, 3 and 4, backprop against central differences of Σ g ⊙ f(x), the softmax
 * identities, stability at huge inputs, and the IActivation contract (equality, JSON, untouched epsilon).
 */
@ExtendWith(DoublePrecision.class)
class OwnActivationsTest {

    private static final Set<FixedActivation> OWN = EnumSet.of(FixedActivation.CELU, FixedActivation.LOG_SIGMOID,
            FixedActivation.SOFTPLUS, FixedActivation.SILU, FixedActivation.MISH, FixedActivation.SOFTMIN,
            FixedActivation.SOFTMAX, FixedActivation.LOG_SOFTMAX);

    private static final long[][] SHAPES = {{3, 5}, {2, 4, 3}, {2, 3, 2, 2}};

    static Stream<Arguments> ownActivationsByRank() {
        return OWN.stream().flatMap(a -> Stream.of(SHAPES).map(shape -> Arguments.of(a, shape)));
    }

    private static IActivation function(FixedActivation a) {
        return a.function().orElseThrow();
    }

    /** One row per position: the channel vector (dimension 1) of every [batch, ·, time / height, width] cell. */
    private static INDArray channelRows(INDArray x) {
        long channels = x.size(1);
        INDArray channelsLast;
        switch (x.rank()) {
            case 2:
                channelsLast = x;
                break;
            case 3:
                channelsLast = x.permute(0, 2, 1);
                break;
            case 4:
                channelsLast = x.permute(0, 2, 3, 1);
                break;
            default:
                throw new IllegalArgumentException("rank " + x.rank());
        }
        return channelsLast.dup('c').reshape(-1, channels);
    }

    private static INDArray input(long seed, long... shape) {
        return GradientChecks.uniform(new Random(seed), -3, 3, shape);
    }

    @ParameterizedTest
    @MethodSource("ownActivationsByRank")
    void valuesMatchTheScalarDefinition(FixedActivation activation, long[] shape) {
        INDArray x = input(41, shape);
        INDArray y = function(activation).getActivation(x.dup(), false);
        assertArrayEquals(x.shape(), y.shape());
        INDArray xRows = channelRows(x);
        INDArray yRows = channelRows(y);
        for (int r = 0; r < xRows.rows(); r++) {
            double[] expected = ScalarReference.apply(activation, xRows.getRow(r).toDoubleVector());
            double[] actual = yRows.getRow(r).toDoubleVector();
            assertArrayEquals(expected, actual, 1e-12, activation + " rank " + shape.length + " row " + r);
        }
    }

    @ParameterizedTest
    @MethodSource("ownActivationsByRank")
    void backpropMatchesCentralDifferences(FixedActivation activation, long[] shape) {
        IActivation f = function(activation);
        INDArray x = input(42, shape).dup('c');
        INDArray g = GradientChecks.uniform(new Random(43), -1, 1, shape);
        INDArray analytic = f.backprop(x.dup(), g).getFirst();
        assertArrayEquals(x.shape(), analytic.shape());
        double h = 1e-5;
        for (long i = 0; i < x.length(); i++) {
            INDArray plus = x.dup('c');
            plus.putScalar(i, x.getDouble(i) + h);
            INDArray minus = x.dup('c');
            minus.putScalar(i, x.getDouble(i) - h);
            double numeric = (f.getActivation(plus, true).mul(g).sumNumber().doubleValue()
                    - f.getActivation(minus, true).mul(g).sumNumber().doubleValue()) / (2 * h);
            double a = analytic.dup('c').getDouble(i);
            assertEquals(numeric, a, 1e-7 + 1e-6 * Math.abs(numeric),
                    activation + " rank " + shape.length + " element " + i + " x=" + x.getDouble(i));
        }
    }

    @ParameterizedTest
    @EnumSource(value = FixedActivation.class, names = {"CELU", "LOG_SIGMOID", "SOFTPLUS", "SILU", "MISH", "SOFTMIN",
            "SOFTMAX", "LOG_SOFTMAX"})
    void backpropLeavesTheUpstreamGradientUnchanged(FixedActivation activation) {
        INDArray x = input(44, 2, 3, 2);
        INDArray g = GradientChecks.uniform(new Random(45), -1, 1, 2, 3, 2);
        INDArray before = g.dup();
        function(activation).backprop(x, g);
        assertEquals(before, g);
    }

    @ParameterizedTest
    @EnumSource(value = FixedActivation.class, names = {"CELU", "LOG_SIGMOID", "SOFTPLUS", "SILU", "MISH", "SOFTMIN",
            "SOFTMAX", "LOG_SOFTMAX"})
    void floatAgreesWithDouble(FixedActivation activation) {
        INDArray x = input(46, 2, 3, 2, 2);
        INDArray g = GradientChecks.uniform(new Random(47), -1, 1, 2, 3, 2, 2);
        IActivation f = function(activation);
        INDArray yFloat = f.getActivation(x.castTo(DataType.FLOAT), false);
        INDArray dFloat = f.backprop(x.castTo(DataType.FLOAT), g.castTo(DataType.FLOAT)).getFirst();
        assertEquals(DataType.FLOAT, yFloat.dataType());
        assertEquals(DataType.FLOAT, dFloat.dataType());
        assertTrue(yFloat.castTo(DataType.DOUBLE).equalsWithEps(f.getActivation(x.dup(), false), 1e-5), activation + " values");
        assertTrue(dFloat.castTo(DataType.DOUBLE).equalsWithEps(f.backprop(x.dup(), g).getFirst(), 1e-5), activation + " gradient");
    }

    @Test
    void softmaxSumsToOneOverChannelsOnly() {
        INDArray x = input(48, 2, 3, 4, 5);
        INDArray y = new ActivationChannelSoftmax().getActivation(x.dup(), false);
        assertTrue(y.sum(1).equalsWithEps(Nd4j.ones(DataType.DOUBLE, 2, 4, 5), 1e-12));
        assertNotEquals(Nd4j.ones(DataType.DOUBLE, 2, 3, 4), y.sum(3), "must not normalise over the last dimension");
    }

    @Test
    void logSoftmaxIsLogOfSoftmaxAndSoftminIsSoftmaxOfNegation() {
        INDArray x = input(49, 3, 4, 2);
        INDArray softmax = new ActivationChannelSoftmax().getActivation(x.dup(), false);
        INDArray logSoftmax = new ActivationChannelLogSoftmax().getActivation(x.dup(), false);
        INDArray softmin = new ActivationChannelSoftmin().getActivation(x.dup(), false);
        assertTrue(logSoftmax.equalsWithEps(org.nd4j.linalg.ops.transforms.Transforms.log(softmax, true), 1e-12));
        assertTrue(softmin.equalsWithEps(new ActivationChannelSoftmax().getActivation(x.neg(), false), 1e-15));
        assertTrue(softmax.equalsWithEps(new ActivationChannelSoftmax().getActivation(x.add(1000.0), false), 1e-12),
                "softmax is invariant to a common shift");
    }

    @Test
    void softmaxFamilyIsExactAtHugeInputs() {
        INDArray x = Nd4j.createFromArray(new double[][]{{1e4, 1e4 - 1, -1e4}, {-1e4, -1e4 + 2, -1e4 + 1}});
        double[] shifted = {0, -1, -2e4};
        double[] expected = ScalarReference.softmax(shifted);
        INDArray softmax = new ActivationChannelSoftmax().getActivation(x.dup(), false);
        assertArrayEquals(expected, softmax.getRow(0).toDoubleVector(), 1e-15);
        INDArray logSoftmax = new ActivationChannelLogSoftmax().getActivation(x.dup(), false);
        double logSumExp = Math.log(1 + Math.exp(-1));
        assertArrayEquals(new double[]{-logSumExp, -1 - logSumExp, -2e4 - logSumExp}, logSoftmax.getRow(0).toDoubleVector(), 1e-9);
        INDArray softmin = new ActivationChannelSoftmin().getActivation(x.dup(), false);
        assertArrayEquals(ScalarReference.softmax(new double[]{0, -2, -1}), softmin.getRow(1).toDoubleVector(), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(value = FixedActivation.class, names = {"SOFTMIN", "SOFTMAX", "LOG_SOFTMAX"})
    void softmaxFamilyRejectsRankOne(FixedActivation activation) {
        INDArray vector = Nd4j.createFromArray(1.0, 2.0, 3.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> function(activation).getActivation(vector, false));
        assertTrue(e.getMessage().contains("rank >= 2"), e.getMessage());
    }

    @Test
    void celuUsesItsAlpha() {
        double alpha = 0.5;
        ActivationCELU celu = new ActivationCELU(alpha);
        INDArray x = Nd4j.createFromArray(new double[][]{{-2.0, -0.3, 0.7}});
        double[] expected = {alpha * Math.expm1(-2.0 / alpha), alpha * Math.expm1(-0.3 / alpha), 0.7};
        assertArrayEquals(expected, celu.getActivation(x.dup(), false).toDoubleVector(), 1e-15);
        double[] derivative = {Math.exp(-2.0 / alpha), Math.exp(-0.3 / alpha), 1.0};
        assertArrayEquals(derivative, celu.backprop(x.dup(), Nd4j.onesLike(x)).getFirst().toDoubleVector(), 1e-15);
    }

    @Test
    void celuRejectsInvalidAlpha() {
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ActivationCELU(bad));
            assertTrue(e.getMessage().contains("celu.alpha"), e.getMessage());
        }
    }

    @Test
    void celuAlphaSurvivesJsonAndTakesPartInEquality() {
        MultiLayerConfiguration half = withActivationLayer(new ActivationCELU(0.5));
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(half.toJson());
        assertEquals(half, restored);
        IActivation fn = ((ActivationLayer) restored.getConf(0).getLayer()).getActivationFn();
        assertEquals(0.5, ((ActivationCELU) fn).getAlpha());
        assertNotEquals(withActivationLayer(new ActivationCELU(1.0)), restored);
        assertEquals(new ActivationCELU(0.5).hashCode(), fn.hashCode());
        assertEquals("celu(alpha=0.5)", fn.toString());
    }

    @Test
    void statelessActivationsAreEqualByClassOnly() {
        for (FixedActivation a : OWN) {
            assertEquals(function(a), function(a), a.toString());
            assertEquals(function(a).hashCode(), function(a).hashCode(), a.toString());
            for (FixedActivation b : OWN) {
                if (a != b) {
                    assertNotEquals(function(a), function(b), a + " vs " + b);
                }
            }
        }
    }

    private static MultiLayerConfiguration withActivationLayer(IActivation activation) {
        return new NeuralNetConfiguration.Builder().list()
                .layer(new ActivationLayer.Builder().activation(activation).build())
                .build();
    }
}
