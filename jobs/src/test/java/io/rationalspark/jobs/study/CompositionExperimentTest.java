package io.rationalspark.jobs.study;

import io.rationalspark.jobs.study.CompositionExperiment.Depth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompositionExperimentTest {

    /** Tuned to [1, 1] the weights are plain Halley's, s(3 + s²)/(1 + 3s²), which fixes 1 and maps [0, 1] into itself. */
    @Test
    void atEpsilonOneTheMapIsHalleysIteration() {
        double[][] w = CompositionExperiment.weights(1, 1.0);
        assertEquals(3, w[0][0], 1e-12);
        assertEquals(1, w[0][1], 1e-12);
        assertEquals(3, w[0][2], 1e-12);
        double[][] tuned = CompositionExperiment.weights(3, 1e-6);
        for (double x = 0; x <= 1; x += 1e-3) {
            double s = CompositionExperiment.sign(x, tuned);
            assertTrue(s >= 0 && s <= 1 + 1e-12, "s(" + x + ") = " + s);
            assertEquals(-s, CompositionExperiment.sign(-x, tuned), 0, "odd");
        }
        assertEquals(1, CompositionExperiment.sign(1, tuned), 1e-12);
    }

    /**
     * Each extra composed map lowers the best max error on |x| until round-off, by more each time (the gain of
     * depth d + 1 over d grows: faster than exponential), and no depth beats Stahl's best rational error for its
     * degree by more than round-off allows.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theErrorFallsFasterThanExponentiallyWithDepth() {
        CompositionExperiment.Result result = CompositionExperiment.run(5);
        System.out.println(CompositionExperiment.markdown(result));
        Depth previous = null;
        double previousGain = 0;
        for (Depth d : result.depths()) {
            if (previous != null && previous.maxError() > CompositionExperiment.FLOOR) {
                double gain = Math.log(previous.maxError() / d.maxError());
                assertTrue(gain > 0, "depth " + d.depth() + " improves on " + previous.depth() + ": " + result);
                if (previousGain > 0 && d.maxError() > CompositionExperiment.FLOOR) {
                    assertTrue(gain > previousGain, "the gain grows with depth: " + result);
                }
                previousGain = gain;
            }
            assertTrue(d.maxError() >= d.stahl() / 10 || d.maxError() <= CompositionExperiment.FLOOR,
                    "no better than the best rational of its degree (Stahl), within a factor 10: " + d);
            previous = d;
        }
        assertTrue(result.doublyExponential().slope() > 0, result.toString());
    }

    @Test
    void aLineIsFittedExactlyAndOneDepthIsRefused() {
        CompositionExperiment.Fit fit = CompositionExperiment.fit(new double[] {1, 2, 3}, new double[] {1, 3, 5});
        assertEquals(2, fit.slope(), 1e-12);
        assertEquals(-1, fit.intercept(), 1e-12);
        assertEquals(1, fit.rSquared(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CompositionExperiment.run(1));
    }
}
