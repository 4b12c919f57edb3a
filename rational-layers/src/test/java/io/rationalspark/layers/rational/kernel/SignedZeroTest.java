package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * sign(0) = +1 for −0.0 as for +0.0, in every kernel: inputs holding both zeros give the same forward value, input
 * gradient and coefficient gradients in the fused and the reference kernel, in float and double, for every form, and
 * at x = −0.0 the input gradient is the one sign(−0.0) = +1 gives. The sign-sensitive term is Q'(0): sign(x)·|b1| for
 * the abs-terms form (copySign(·, −0.0) gave −|b1|), sign(S)·b1 for the abs-polynomial form, where S = Σ bj x^j is
 * −0.0 at x = −0.0 when b1 &gt; 0 (set 0 below) and +0.0 when b1 &lt; 0 (set 1) as the reference evaluates it (the
 * fused kernel's Horner scheme ends with + 0.0, so its S is +0.0 either way). With a0 ≠ 0 and b1 ≠ 0, a −1 for
 * sign(−0.0) moves dR/dx(0) by 2·a0·|b1|, so the comparison with the scalar definition fails.
 */
class SignedZeroTest {

    private static final RationalKernel REFERENCE = new ReferenceRationalKernel();
    private static final RationalKernel FUSED = new FusedCpuRationalKernel(2, SimdMode.SCALAR);
    private static final RationalKernel FUSED_VECTOR = new FusedCpuRationalKernel(2, SimdMode.VECTOR);
    private static final long[] SHAPE = {3, 2, 6}; // two channels, one coefficient set each

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DenominatorForm form : DenominatorForm.values()) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                cases.add(Arguments.of(form, type));
            }
        }
        return cases.stream();
    }

    /** Two sets, a0 ≠ 0 and b1 ≠ 0 (so Q'(0) matters), b1 &gt; 0 in set 0 and &lt; 0 in set 1. */
    private static RationalCoefficients coefficients(DenominatorForm form) {
        double[] a = {0.3, 0.9, -0.2, 0.05, -0.25, 0.7, 0.1, -0.08};
        double[] b = form == DenominatorForm.PLAIN ? new double[] {0.2, 0.1, -0.15, 0.12}
                : new double[] {0.6, -0.3, -0.4, 0.25};
        return new RationalCoefficients(form, 2, 3, 2, a, b);
    }

    /** x[i, c, 0] = −0.0, x[i, c, 1] = +0.0, the rest random in [−2, 2]; g equal at the two zeros. */
    private static double[][] inputs() {
        Random r = new Random(5);
        int length = (int) (SHAPE[0] * SHAPE[1] * SHAPE[2]);
        double[] x = new double[length];
        double[] g = new double[length];
        for (int i = 0; i < length; i++) {
            int t = (int) (i % SHAPE[2]);
            x[i] = t == 0 ? -0.0 : t == 1 ? 0.0 : 4 * r.nextDouble() - 2;
            g[i] = t == 1 ? g[i - 1] : 0.5 + r.nextDouble();
        }
        return new double[][] {x, g};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void negativeZeroHasSignPlusOneInBothKernels(DenominatorForm form, DataType type) {
        RationalCoefficients c = coefficients(form);
        double[][] xg = inputs();
        INDArray x = Nd4j.createFromArray(xg[0]).reshape('c', SHAPE).castTo(type);
        INDArray g = Nd4j.createFromArray(xg[1]).reshape('c', SHAPE).castTo(type);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(x.getDouble(0, 0, 0)),
                "the input keeps −0.0 through the cast to " + type);
        double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;

        // the scalar definition, sign(±0) = +1, summed in double over the (float-valued) inputs
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble();
        double[] gs = g.castTo(DataType.DOUBLE).data().asDouble();
        int run = (int) SHAPE[2];
        double[] y = new double[xs.length];
        double[] dx = new double[xs.length];
        double[] da = new double[c.numerator().length];
        double[] db = new double[c.denominator().length];
        double[] ga = new double[4];
        double[] gb = new double[2];
        for (int i = 0; i < xs.length; i++) {
            int set = (i / run) % 2;
            RationalFunction f = c.function(set);
            y[i] = f.value(xs[i]);
            dx[i] = gs[i] * f.derivative(xs[i]);
            f.coefficientGradient(xs[i], ga, gb);
            for (int k = 0; k < 4; k++) {
                da[set * 4 + k] += gs[i] * ga[k];
            }
            for (int j = 0; j < 2; j++) {
                db[set * 2 + j] += gs[i] * gb[j];
            }
        }

        for (RationalKernel kernel : new RationalKernel[] {FUSED, FUSED_VECTOR, REFERENCE}) {
            String what = (kernel == FUSED_VECTOR ? "fused-cpu vector" : kernel.name()) + " " + form + " " + type + " ";
            INDArray out = Nd4j.create(type, SHAPE, 'c');
            INDArray gradIn = Nd4j.create(type, SHAPE, 'c');
            kernel.forward(c, x, out);
            CoefficientGradients grads = kernel.backward(c, x, g, gradIn);
            // the float reference rounds every ND4J op to float; the fused kernel rounds to float once per Horner step (vector)
            // or computes in double (scalar)
            double kernelTol = (kernel == REFERENCE || kernel == FUSED_VECTOR) && type == DataType.FLOAT ? 1e-4 : tol;
            KernelEqualityTest.assertClose(what + "y", y, out.castTo(DataType.DOUBLE).data().asDouble(), kernelTol, 1);
            KernelEqualityTest.assertClose(what + "dL/dx", dx, gradIn.castTo(DataType.DOUBLE).data().asDouble(),
                    kernelTol, 1);
            KernelEqualityTest.assertClose(what + "dL/da", da, grads.numerator(), kernelTol, xs.length);
            KernelEqualityTest.assertClose(what + "dL/db", db, grads.denominator(), kernelTol, xs.length);
            for (int i = 0; i < xs.length; i += run) {
                // −0.0 and +0.0 side by side with the same upstream gradient: bit-for-bit the same results
                assertEquals(out.getDouble(i), out.getDouble(i + 1), what + "y at −0.0 and +0.0");
                assertEquals(gradIn.getDouble(i), gradIn.getDouble(i + 1), what + "dL/dx at −0.0 and +0.0");
            }
        }
    }
}
