package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canonicalising keeps the function and mirrors the optimiser: after it, one more training step gives the
 * same function as the step the original network takes. Aligning with a round's starting set keeps near-tie
 * workers on one sign, where the starting (largest-entry) rule splits them.
 */
class RationalCanonicalFormTest {

    private static RationalLayer layer(DenominatorForm form) {
        return new RationalLayer.Builder().degrees(4, 3).form(form).sharing(CoefficientSharing.groups(2))
                .init(RationalInit.explicit(new double[] {0.1, 1, 0.3, -0.1, 0.05}, new double[] {-0.4, 0.3, -0.6}))
                .build();
    }

    private static DataSet batch(long seed) {
        return new DataSet(RationalNetworks.input(4, 6, DataType.DOUBLE, seed),
                RationalNetworks.labels(4, 6, DataType.DOUBLE, seed));
    }

    private static MultiLayerNetwork copy(MultiLayerNetwork net) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
    }

    private static void check(DenominatorForm form, IUpdater updater) throws IOException {
        MultiLayerNetwork original = RationalNetworks.mln(4, layer(form), updater, DataType.DOUBLE, 7);
        for (int i = 0; i < 3; i++) {
            original.fit(batch(i));
        }
        MultiLayerNetwork canonical = copy(original);
        INDArray probe = RationalNetworks.input(4, 3, DataType.DOUBLE, 77);
        int flipped = RationalCanonicalForm.canonicalize(canonical);
        assertTrue(flipped > 0, form + ": the test coefficients have negative entries to flip");
        assertFalse(original.params().equalsWithEps(canonical.params(), 1e-12), "coefficients changed");
        assertTrue(original.output(probe).equalsWithEps(canonical.output(probe), 1e-10), form + ": same function");

        MultiLayerNetwork stateNotFlipped = copy(original);
        INDArray b = stateNotFlipped.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR);
        b.assign(canonical.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR));

        original.fit(batch(10));
        canonical.fit(batch(10));
        stateNotFlipped.fit(batch(10));
        double mirrored = original.output(probe).distance2(canonical.output(probe));
        double naive = original.output(probe).distance2(stateNotFlipped.output(probe));
        assertTrue(mirrored < 1e-9, form + " " + updater + ": after one more step the functions differ by " + mirrored);
        assertTrue(naive > 1e3 * mirrored + 1e-9,
                form + ": flipping coefficients without their optimiser state should change the step (" + naive + ")");
        // idempotent
        assertEquals(0, RationalCanonicalForm.canonicalize(canonical), "already canonical after the flip and a step");
    }

    @Test
    void absTermsFlipNegativeCoefficientsWithAdam() throws IOException {
        check(DenominatorForm.SAFE_ABS_TERMS, new Adam(1e-3));
    }

    @Test
    void absPolynomialFlipsWholeSetsWithNesterovs() throws IOException {
        check(DenominatorForm.SAFE_ABS_POLYNOMIAL, new Nesterovs(1e-3, 0.9));
    }

    @Test
    void plainFormIsLeftAlone() {
        MultiLayerNetwork net = RationalNetworks.mln(2, layer(DenominatorForm.PLAIN), new Adam(1e-3), DataType.DOUBLE, 1);
        INDArray before = net.params().dup();
        assertEquals(0, RationalCanonicalForm.canonicalize(net));
        assertEquals(before, net.params());
    }

    /** A (3,2) abs-polynomial layer with one coefficient set, numerator fixed, denominator {@code b}. */
    private static MultiLayerNetwork absPolynomialNet(double... b) {
        RationalLayer layer = new RationalLayer.Builder().degrees(3, 2).form(DenominatorForm.SAFE_ABS_POLYNOMIAL)
                .sharing(CoefficientSharing.layer())
                .init(RationalInit.explicit(new double[] {0.05, 0.9, 0.4, 0.1}, b)).build();
        return RationalNetworks.mln(2, layer, new Adam(1e-3), DataType.DOUBLE, 3);
    }

    private static double[] denominator(MultiLayerNetwork net) {
        return net.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR).dup().data().asDouble();
    }

    private static double dot(double[] u, double[] v) {
        double d = 0;
        for (int i = 0; i < u.length; i++) {
            d += u[i] * v[i];
        }
        return d;
    }

    /** The function of the two networks' averaged coefficients (rational layer only), and its largest gap to each. */
    private static double averagedFunctionGap(MultiLayerNetwork one, MultiLayerNetwork two) {
        RationalCoefficients c1 = ((RationalLayerImpl) one.getLayer(1)).coefficients();
        RationalCoefficients c2 = ((RationalLayerImpl) two.getLayer(1)).coefficients();
        double[] a = c1.numerator();
        double[] b = c1.denominator();
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] + c2.numerator()[i]) / 2;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (b[i] + c2.denominator()[i]) / 2;
        }
        RationalFunction mean = new RationalCoefficients(c1.form(), 1, 3, 2, a, b).function(0);
        double gap = 0;
        for (int i = 0; i <= 60; i++) {
            double x = -3 + 0.1 * i;
            gap = Math.max(gap, Math.abs(mean.value(x) - c1.function(0).value(x)));
            gap = Math.max(gap, Math.abs(mean.value(x) - c2.function(0).value(x)));
        }
        return gap;
    }

    @Test
    void nearTieWorkersKeepTheRoundStartSignAndAverageToTheirFunction() throws IOException {
        // both workers started from (0.5, −0.5) and drifted a little, to opposite largest entries
        MultiLayerNetwork roundStart = absPolynomialNet(0.5, -0.5);
        MultiLayerNetwork one = absPolynomialNet(0.50, -0.5001);
        MultiLayerNetwork two = absPolynomialNet(0.5001, -0.50);
        double norm = Math.sqrt(dot(denominator(one), denominator(one)));

        // the starting rule (largest-magnitude entry positive) splits them: their average is b ≈ 0, another function
        MultiLayerNetwork oneByLargest = copy(one);
        MultiLayerNetwork twoByLargest = copy(two);
        assertEquals(2, RationalCanonicalForm.canonicalize(oneByLargest), "worker one's largest entry is negative");
        assertEquals(0, RationalCanonicalForm.canonicalize(twoByLargest), "worker two's largest entry is positive");
        assertTrue(dot(denominator(oneByLargest), denominator(twoByLargest)) < 0, "the largest-entry rule splits the tie");
        double splitGap = averagedFunctionGap(oneByLargest, twoByLargest);
        assertTrue(splitGap > 0.5, "averaging the split sets gives a function neither worker had: gap " + splitGap);

        // aligned with the round's start, both keep its sign and average to (nearly) their common function
        RationalCanonicalForm.Reference reference = RationalCanonicalForm.Reference.of(roundStart);
        INDArray probe = RationalNetworks.input(2, 5, DataType.DOUBLE, 9);
        INDArray before = one.output(probe);
        assertEquals(0, RationalCanonicalForm.canonicalize(one, reference));
        assertEquals(0, RationalCanonicalForm.canonicalize(two, reference));
        assertEquals(before, one.output(probe));
        double[] b1 = denominator(one);
        double[] b2 = denominator(two);
        assertTrue(dot(b1, b2) > 0, "same sign after aligning");
        double[] mean = {(b1[0] + b2[0]) / 2, (b1[1] + b2[1]) / 2};
        assertTrue(Math.sqrt(dot(mean, mean)) >= 0.9 * norm, "the average keeps the workers' size");
        double alignedGap = averagedFunctionGap(one, two);
        assertTrue(alignedGap < 1e-3, "the averaged function stays close to each worker's: gap " + alignedGap);

        // a worker holding the other representative, −b, is flipped back to the round's sign
        MultiLayerNetwork mirrored = absPolynomialNet(-0.50, 0.5001);
        assertEquals(2, RationalCanonicalForm.canonicalize(mirrored, reference));
        assertEquals(b1[0], denominator(mirrored)[0], 0);
        assertEquals(b1[1], denominator(mirrored)[1], 0);
    }

    @Test
    void aligningFlipsOnlySetsOpposedToTheReferenceWithTheirOddState() throws IOException {
        MultiLayerNetwork original = RationalNetworks.mln(4, layer(DenominatorForm.SAFE_ABS_POLYNOMIAL), new Adam(1e-3),
                DataType.DOUBLE, 7);
        for (int i = 0; i < 3; i++) {
            original.fit(batch(i));
        }
        // a round start whose set 1 is the other representative (−b) and whose set 0 is the current one
        MultiLayerNetwork start = copy(original);
        INDArray startB = start.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR);
        startB.getRow(1).negi();
        RationalCanonicalForm.Reference reference = RationalCanonicalForm.Reference.of(start);

        MultiLayerNetwork aligned = copy(original);
        INDArray stateBefore = aligned.getUpdater().getStateViewArray().dup();
        INDArray probe = RationalNetworks.input(4, 3, DataType.DOUBLE, 77);
        assertEquals(3, RationalCanonicalForm.canonicalize(aligned, reference), "set 1's three coefficients flip");
        INDArray b = original.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR);
        INDArray bAligned = aligned.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR);
        assertEquals(b.getRow(0), bAligned.getRow(0), "set 0 agrees with the reference and stays");
        assertEquals(b.getRow(1).neg(), bAligned.getRow(1), "set 1 opposes it and flips");
        assertEquals(original.output(probe), aligned.output(probe), "the function is unchanged, bit for bit");

        // the updater state: exactly the three first moments of set 1 negated, everything else as it was
        INDArray stateAfter = aligned.getUpdater().getStateViewArray();
        int changed = 0;
        for (long i = 0; i < stateBefore.length(); i++) {
            double was = stateBefore.getDouble(i);
            double is = stateAfter.getDouble(i);
            if (was != is) {
                changed++;
                assertEquals(-was, is, 0, "state entry " + i + " is negated, not otherwise changed");
            }
        }
        assertEquals(3, changed, "state entries changed");
        original.fit(batch(10));
        aligned.fit(batch(10));
        double mirrored = original.output(probe).distance2(aligned.output(probe));
        assertTrue(mirrored < 1e-9, "after one more step the functions differ by " + mirrored);
        assertEquals(0, RationalCanonicalForm.canonicalize(aligned, RationalCanonicalForm.Reference.of(aligned)));
    }

    @Test
    void absTermsTakeTheSignOfTheirReferenceCoefficient() throws IOException {
        MultiLayerNetwork net = RationalNetworks.mln(2, layer(DenominatorForm.SAFE_ABS_TERMS), new Adam(1e-3),
                DataType.DOUBLE, 1);
        INDArray b = net.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR);
        INDArray original = b.dup();
        RationalCanonicalForm.Reference same = RationalCanonicalForm.Reference.of(copy(net));
        assertEquals(0, RationalCanonicalForm.canonicalize(net, same), "aligned with itself: nothing flips");
        assertEquals(original, b);

        // a reference whose coefficients are all positive (|b|): the negative entries flip, as without a reference
        MultiLayerNetwork positive = copy(net);
        positive.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR).assign(Transforms.abs(original, true));
        assertEquals(4, RationalCanonicalForm.canonicalize(net, RationalCanonicalForm.Reference.of(positive)),
                "two negative entries in each of two sets");
        assertEquals(Transforms.abs(original, true), b);

        // a reference with the original signs (e.g. an outer step took them through zero): the worker follows it
        MultiLayerNetwork signed = copy(net);
        signed.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR).assign(original);
        assertEquals(4, RationalCanonicalForm.canonicalize(net, RationalCanonicalForm.Reference.of(signed)));
        assertEquals(original, b);
    }

    @Test
    void aReferenceFromAnotherNetworkIsRefused() {
        RationalCanonicalForm.Reference graphs = RationalCanonicalForm.Reference.of(
                RationalNetworks.graph(2, layer(DenominatorForm.SAFE_ABS_POLYNOMIAL), new Adam(1e-3), DataType.DOUBLE, 1));
        MultiLayerNetwork net = RationalNetworks.mln(2, layer(DenominatorForm.SAFE_ABS_POLYNOMIAL), new Adam(1e-3),
                DataType.DOUBLE, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RationalCanonicalForm.canonicalize(net, graphs));
        assertTrue(e.getMessage().contains("'layer1'") && e.getMessage().contains("[rational]"), e.getMessage());
    }
}
