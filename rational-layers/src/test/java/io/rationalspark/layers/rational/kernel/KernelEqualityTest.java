package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused CPU kernel, in both {@link SimdMode}s, equals the ND4J-op reference run in double (float arrays: rel 1e-5
 * for the scalar mode, which computes in double, and 1e-4 for the vector mode, which computes in float; double arrays:
 * rel 1e-12) over every form, sharing mode, rank, ordering and data type, on
 * random shapes; and the reference equals the scalar
 * {@link RationalFunction} element by element.
 */
class KernelEqualityTest {

    private static final RationalKernel REFERENCE = new ReferenceRationalKernel();
    private static final RationalKernel FUSED = new FusedCpuRationalKernel(2, SimdMode.SCALAR);
    private static final RationalKernel FUSED_VECTOR = new FusedCpuRationalKernel(2, SimdMode.VECTOR);

    static RationalKernel fused(SimdMode mode) {
        return mode == SimdMode.VECTOR ? FUSED_VECTOR : FUSED;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        Random shapes = new Random(7);
        for (DenominatorForm form : DenominatorForm.values()) {
            for (String sharing : new String[] {"layer", "channel", "groups"}) {
                for (int rank = 2; rank <= 4; rank++) {
                    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                        for (char order : new char[] {'c', 'f'}) {
                            long[] shape = randomShape(shapes, rank);
                            cases.add(Arguments.of(form, sharing, shape, type, order, SimdMode.SCALAR));
                            if (type == DataType.FLOAT) {
                                cases.add(Arguments.of(form, sharing, shape, type, order, SimdMode.VECTOR));
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    private static long[] randomShape(Random r, int rank) {
        long[] shape = new long[rank];
        shape[0] = 1 + r.nextInt(9);
        shape[1] = 2 * (1 + r.nextInt(6)); // even, so "groups" = 2 divides it
        for (int d = 2; d < rank; d++) {
            shape[d] = 1 + r.nextInt(rank == 3 ? 40 : 9);
        }
        return shape;
    }

    static int sets(String sharing, long channels) {
        switch (sharing) {
            case "layer": return 1;
            case "channel": return (int) channels;
            default: return 2;
        }
    }

    /** Coefficients near a realistic fit, perturbed, some b negative so the abs paths are exercised. */
    static RationalCoefficients randomCoefficients(DenominatorForm form, int sets, int m, int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[sets * (m + 1)];
        double[] b = new double[sets * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian() * 0.5;
        }
        for (int i = 0; i < b.length; i++) {
            // plain form: keep Q away from 0 on the test inputs with small, mostly even-power weights
            b[i] = form == DenominatorForm.PLAIN ? (i % n % 2 == 1 ? 0.3 + 0.2 * r.nextDouble() : 0.02 * r.nextGaussian())
                    : r.nextGaussian() * 0.7;
        }
        return new RationalCoefficients(form, sets, m, n, a, b);
    }

    private static INDArray random(long[] shape, DataType type, char order, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape).muli(4).subi(2).castTo(type).dup(order);
    }

    /**
     * For float inputs the expected values come from the reference run in double on the same (float-valued)
     * inputs: the fused kernel computes in double internally, so it is compared with the exact result rounded
     * to float, not with the float reference's own rounding.
     */
    @ParameterizedTest(name = "{0} {1} {2} {3} {4} {5}")
    @MethodSource("cases")
    void fusedEqualsReference(DenominatorForm form, String sharing, long[] shape, DataType type, char order,
                              SimdMode mode) {
        int sets = sets(sharing, shape[1]);
        RationalCoefficients c = randomCoefficients(form, sets, 5, 4, 31L * shape.length + sets);
        INDArray x = random(shape, type, order, 11);
        INDArray g = random(shape, type, order, 12);
        // float arithmetic (vector mode) rounds every Horner step to float; double arithmetic rounds once at the end
        double tol = type == DataType.DOUBLE ? 1e-12 : mode == SimdMode.VECTOR ? 1e-4 : 1e-5;
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray gd = g.castTo(DataType.DOUBLE);

        INDArray yRef = Nd4j.create(DataType.DOUBLE, shape, order);
        INDArray yFused = Nd4j.create(type, shape, order);
        REFERENCE.forward(c, xd, yRef);
        fused(mode).forward(c, x, yFused);
        assertClose("y", yRef, yFused, tol);

        INDArray dxRef = Nd4j.create(DataType.DOUBLE, shape, order);
        INDArray dxFused = Nd4j.create(type, shape, order);
        CoefficientGradients gRef = REFERENCE.backward(c, xd, gd, dxRef);
        CoefficientGradients gFused = fused(mode).backward(c, x, g, dxFused);
        assertClose("dL/dx", dxRef, dxFused, tol);
        assertClose("dL/da", gRef.numerator(), gFused.numerator(), tol, x.length());
        assertClose("dL/db", gRef.denominator(), gFused.denominator(), tol, x.length());
    }

    /**
     * Every degree pair 0 ≤ n ≤ m ≤ 10 and form (odd and even degrees take different Horner paths, and degrees above
     * (5,4) the vector tile's generic path), against the reference run in double on the same inputs: in double, and in
     * float with the Vector API, where Horner steps of degree up to 10 on |x| ≤ 2 lose more digits than degree 5 does
     * (hence 1e-4).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyDegreeCases")
    void fusedEqualsReferenceForEveryDegree(DataType type, SimdMode mode, double tol) {
        long[] shape = {3, 4, 700}; // more than one tile per set
        INDArray x = random(shape, type, 'c', 21);
        INDArray g = random(shape, type, 'c', 22);
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray gd = g.castTo(DataType.DOUBLE);
        for (DenominatorForm form : DenominatorForm.values()) {
            for (int m = 1; m <= 10; m++) {
                for (int n = 0; n <= m; n++) {
                    RationalCoefficients c = randomCoefficients(form, 2, m, n, 100L * m + n);
                    String what = form + " (" + m + "," + n + ") ";
                    INDArray yRef = xd.ulike();
                    INDArray yFused = x.ulike();
                    REFERENCE.forward(c, xd, yRef);
                    fused(mode).forward(c, x, yFused);
                    assertClose(what + "y", yRef, yFused, tol);
                    INDArray dxRef = xd.ulike();
                    INDArray dxFused = x.ulike();
                    CoefficientGradients gRef = REFERENCE.backward(c, xd, gd, dxRef);
                    CoefficientGradients gFused = fused(mode).backward(c, x, g, dxFused);
                    assertClose(what + "dL/dx", dxRef, dxFused, tol);
                    assertClose(what + "dL/da", gRef.numerator(), gFused.numerator(), tol, x.length());
                    assertClose(what + "dL/db", gRef.denominator(), gFused.denominator(), tol, x.length());
                }
            }
        }
    }

    static Stream<Arguments> everyDegreeCases() {
        return Stream.of(Arguments.of(DataType.DOUBLE, SimdMode.SCALAR, 1e-12),
                Arguments.of(DataType.FLOAT, SimdMode.VECTOR, 1e-4));
    }

    /**
     * Arrays at and above {@link FusedCpuRationalKernel#PARALLEL_THRESHOLD} run in chunks on the pool: the same
     * results as one thread (to float rounding of the chunked sums), in both modes, with several sets.
     */
    @Test
    void chunkedRunEqualsOneThread() {
        long[] shape = {64, 8, 160}; // 81,920 elements ≥ the threshold
        INDArray x = random(shape, DataType.FLOAT, 'c', 25);
        INDArray g = random(shape, DataType.FLOAT, 'c', 26);
        for (SimdMode mode : SimdMode.values()) {
            for (int sets : new int[] {1, 4}) {
                RationalCoefficients c = randomCoefficients(DenominatorForm.SAFE_ABS_TERMS, sets, 5, 4, 3);
                RationalKernel one = new FusedCpuRationalKernel(1, mode);
                RationalKernel two = new FusedCpuRationalKernel(2, mode);
                INDArray y1 = x.ulike();
                INDArray y2 = x.ulike();
                one.forward(c, x, y1);
                two.forward(c, x, y2);
                assertEquals(y1, y2, mode + " " + sets + " sets: y");
                INDArray dx1 = x.ulike();
                INDArray dx2 = x.ulike();
                CoefficientGradients g1 = one.backward(c, x, g, dx1);
                CoefficientGradients g2 = two.backward(c, x, g, dx2);
                assertEquals(dx1, dx2, mode + " " + sets + " sets: dL/dx");
                assertClose(mode + " dL/da", g1.numerator(), g2.numerator(), 1e-6, x.length());
                assertClose(mode + " dL/db", g1.denominator(), g2.denominator(), 1e-6, x.length());
            }
        }
    }

    /** The build runs the tests with the Vector API module, so the vector kernel is what CI checks. */
    @Test
    void testJvmHasTheVectorApi() {
        assertTrue(SimdMode.vectorApiLoaded(), "surefire's argLine lacks --add-modules " + SimdMode.MODULE);
        assertEquals(SimdMode.VECTOR, SimdMode.configured());
    }

    @Test
    void floatReferenceStaysNearItsDoubleResult() {
        RationalCoefficients c = randomCoefficients(DenominatorForm.SAFE_ABS_POLYNOMIAL, 2, 5, 4, 3);
        INDArray x = random(new long[] {6, 4, 9}, DataType.FLOAT, 'c', 1);
        INDArray yFloat = Nd4j.create(DataType.FLOAT, x.shape(), 'c');
        INDArray yDouble = Nd4j.create(DataType.DOUBLE, x.shape(), 'c');
        REFERENCE.forward(c, x, yFloat);
        REFERENCE.forward(c, x.castTo(DataType.DOUBLE), yDouble);
        assertClose("float reference y", yDouble, yFloat, 1e-4);
    }

    @Test
    void fusedHandlesViewsAndMatchesLargeParallelRuns() {
        // a dense row-range view with a non-zero buffer offset, and a strided (non-dense) column view
        INDArray big = random(new long[] {70, 3, 40, 20}, DataType.DOUBLE, 'c', 3);
        INDArray rows = big.get(NDArrayIndex.interval(5, 65), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(rows.offset() > 0 && ChannelLayout.isDense(rows), "test needs a dense view with an offset");
        RationalCoefficients c = randomCoefficients(DenominatorForm.SAFE_ABS_TERMS, 3, 5, 4, 5);
        INDArray yRef = Nd4j.create(DataType.DOUBLE, rows.shape(), 'c');
        INDArray yFused = Nd4j.create(DataType.DOUBLE, rows.shape(), 'c');
        REFERENCE.forward(c, rows, yRef);
        FUSED.forward(c, rows, yFused);
        assertClose("y on a view", yRef, yFused, 1e-12);

        INDArray g = random(rows.shape(), DataType.DOUBLE, 'c', 4);
        INDArray dxRef = Nd4j.create(DataType.DOUBLE, rows.shape(), 'c');
        INDArray dxFused = Nd4j.create(DataType.DOUBLE, rows.shape(), 'c');
        CoefficientGradients gRef = REFERENCE.backward(c, rows, g, dxRef);
        CoefficientGradients gFused = FUSED.backward(c, rows, g, dxFused);
        assertClose("dL/dx on a view", dxRef, dxFused, 1e-12);
        assertClose("dL/da on a view", gRef.numerator(), gFused.numerator(), 1e-12, rows.length());
        assertClose("dL/db on a view", gRef.denominator(), gFused.denominator(), 1e-12, rows.length());
        // the input was not modified
        assertEquals(big.get(NDArrayIndex.interval(5, 65), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()),
                rows);
    }

    @Test
    void referenceEqualsScalarDefinition() {
        for (DenominatorForm form : DenominatorForm.values()) {
            RationalCoefficients c = randomCoefficients(form, 3, 4, 3, 99);
            INDArray x = random(new long[] {4, 3, 5}, DataType.DOUBLE, 'c', 21);
            INDArray g = random(new long[] {4, 3, 5}, DataType.DOUBLE, 'c', 22);
            INDArray y = Nd4j.create(DataType.DOUBLE, x.shape(), 'c');
            INDArray dx = Nd4j.create(DataType.DOUBLE, x.shape(), 'c');
            REFERENCE.forward(c, x, y);
            CoefficientGradients grads = REFERENCE.backward(c, x, g, dx);
            double[] expectA = new double[c.numerator().length];
            double[] expectB = new double[c.denominator().length];
            double[] ga = new double[5];
            double[] gb = new double[3];
            for (int i = 0; i < 4; i++) {
                for (int ch = 0; ch < 3; ch++) {
                    RationalFunction f = c.function(ch);
                    for (int t = 0; t < 5; t++) {
                        double xv = x.getDouble(i, ch, t);
                        double gv = g.getDouble(i, ch, t);
                        assertEquals(f.value(xv), y.getDouble(i, ch, t), 1e-12 * (1 + Math.abs(f.value(xv))));
                        assertEquals(gv * f.derivative(xv), dx.getDouble(i, ch, t), 1e-11);
                        f.coefficientGradient(xv, ga, gb);
                        for (int k = 0; k < 5; k++) {
                            expectA[ch * 5 + k] += gv * ga[k];
                        }
                        for (int j = 0; j < 3; j++) {
                            expectB[ch * 3 + j] += gv * gb[j];
                        }
                    }
                }
            }
            assertClose(form + " dL/da", expectA, grads.numerator(), 1e-11, 1);
            assertClose(form + " dL/db", expectB, grads.denominator(), 1e-11, 1);
        }
    }

    /**
     * Elementwise |a − b| ≤ tol · max(|a|, 0.01·scale) with scale the largest |a|: relative, except for values
     * under 1 % of the largest, whose float reference carries the cancellation error of its Horner steps.
     */
    static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        assertClose(what, e, a, tol, 1);
    }

    /**
     * Relative comparison of sums over {@code terms} elements: float sums of many terms carry rounding of
     * order tol·sqrt(terms)·scale, so the floor grows with the number of summed elements.
     */
    static void assertClose(String what, double[] expected, double[] actual, double tol, long terms) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double floor = 1e-2 * scale * Math.sqrt(terms);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            assertTrue(err <= tol * Math.max(Math.abs(expected[i]), floor),
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (error " + err + ")");
        }
    }
}
