package io.rationalspark.layers.rational;

import io.rationalspark.layers.rational.kernel.CoefficientGradients;
import io.rationalspark.layers.rational.kernel.RationalKernel;
import io.rationalspark.layers.rational.kernel.RationalKernels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safe forms stay finite for |x| ≤ 1e4 and random coefficients in [-10, 10]; the plain form's poles fail
 * clearly instead of spreading NaN.
 */
class RationalFuzzTest {

    private static final int[][] DEGREES = {{5, 4}, {3, 2}, {4, 4}, {2, 2}, {1, 0}, {6, 5}};

    @Test
    void safeFormsGiveFiniteOutputsAndGradients() {
        Random r = new Random(2026);
        for (DenominatorForm form : new DenominatorForm[] {DenominatorForm.SAFE_ABS_TERMS,
                DenominatorForm.SAFE_ABS_POLYNOMIAL}) {
            for (int[] degrees : DEGREES) {
                for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                    for (int trial = 0; trial < 10; trial++) {
                        int sets = 1 + r.nextInt(3);
                        RationalCoefficients c = random(form, sets, degrees[0], degrees[1], r);
                        INDArray x = inputs(new long[] {7, sets * 2L, 33}, type, r);
                        INDArray g = Nd4j.rand(type, x.shape()).subi(0.5);
                        for (RationalKernel kernel : new RationalKernel[] {RationalKernels.fusedCpu(),
                                RationalKernels.reference()}) {
                            INDArray y = Nd4j.create(type, x.shape());
                            INDArray dx = Nd4j.create(type, x.shape());
                            kernel.forward(c, x, y);
                            CoefficientGradients grads = kernel.backward(c, x, g, dx);
                            String what = kernel.name() + " " + form + " " + degrees[0] + "/" + degrees[1] + " " + type;
                            assertFinite(what + " y", y);
                            assertFinite(what + " dL/dx", dx);
                            assertFinite(what + " dL/da", grads.numerator());
                            assertFinite(what + " dL/db", grads.denominator());
                        }
                    }
                }
            }
        }
    }

    private static RationalCoefficients random(DenominatorForm form, int sets, int m, int n, Random r) {
        double[] a = new double[sets * (m + 1)];
        double[] b = new double[sets * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = 20 * r.nextDouble() - 10;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 20 * r.nextDouble() - 10;
        }
        return new RationalCoefficients(form, sets, m, n, a, b);
    }

    /** Uniform in [-1e4, 1e4] on a log-uniform magnitude scale, plus the extremes and 0. */
    private static INDArray inputs(long[] shape, DataType type, Random r) {
        INDArray x = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < x.length(); i++) {
            double magnitude = Math.pow(10, -4 + 8 * r.nextDouble());
            x.putScalar(i, (r.nextBoolean() ? 1 : -1) * magnitude);
        }
        x.putScalar(0, 1e4);
        x.putScalar(1, -1e4);
        x.putScalar(2, 0);
        return x.castTo(type);
    }

    private static void assertFinite(String what, INDArray a) {
        assertFalse(a.isNaN().any() || a.isInfinite().any(), what + " has non-finite values");
    }

    private static void assertFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            assertTrue(Double.isFinite(values[i]), what + "[" + i + "] = " + values[i]);
        }
    }

    /** Q(x) = 1 − x has its pole at x = 1; P(1) ≠ 0. */
    private static MultiLayerNetwork plainNetworkWithPoleAtOne() {
        RationalLayer layer = new RationalLayer.Builder().degrees(2, 1).form(DenominatorForm.PLAIN)
                .init(RationalInit.explicit(new double[] {0.5, 1, 0.25}, new double[] {-1})).build();
        return RationalNetworks.mln(2, layer, new Adam(1e-3), DataType.DOUBLE, 1);
    }

    @Test
    void plainFormFailsClearlyAtAPole() {
        MultiLayerNetwork net = plainNetworkWithPoleAtOne();
        RationalLayerImpl layer = (RationalLayerImpl) net.getLayer(1);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.2, 0.9, 1.0, -3}, {0.1, 0.2, 0.3, 0.4}});
        layer.setInput(x, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        Throwable t = assertThrows(IllegalStateException.class,
                () -> layer.activate(false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(t.getMessage().contains("pole of the plain form") && t.getMessage().contains("x = 1.0")
                && t.getMessage().contains("Q(x) = 0.0"), t.getMessage());
    }

    @Test
    void plainFormNearAPoleIsLargeButFinite() {
        MultiLayerNetwork net = plainNetworkWithPoleAtOne();
        RationalLayerImpl layer = (RationalLayerImpl) net.getLayer(1);
        INDArray x = Nd4j.createFromArray(new double[][] {{1 - 1e-6, 1 + 1e-6, 0.999, 1.001}});
        layer.setInput(x, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        INDArray y = layer.activate(false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertFinite("near-pole output", y);
        assertTrue(y.getDouble(0, 0) > 1e6 && y.getDouble(0, 1) < -1e6, y.toString());
        StabilitySummary summary = RationalInspection.stability("r", layer.coefficients(), x);
        assertTrue(Math.abs(summary.minDenominator()) <= 1e-3 + 1e-9, summary.toString());
    }
}
