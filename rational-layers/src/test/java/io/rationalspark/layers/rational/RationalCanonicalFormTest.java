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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canonicalising keeps the function and mirrors the optimiser: after it, one more training step gives the
 * same function as the step the original network takes.
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
}
