package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig;
import io.rationalspark.jobs.config.ApproximationConfig.FixedActivation;
import io.rationalspark.jobs.config.ApproximationConfig.RationalType;
import io.rationalspark.jobs.config.ApproximationConfig.Size;
import io.rationalspark.jobs.config.ApproximationConfig.Target;
import io.rationalspark.jobs.study.ApproximationExperiment.Architecture;
import io.rationalspark.jobs.study.ApproximationExperiment.Measurement;
import io.rationalspark.layers.rational.DenominatorForm;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApproximationExperimentTest {

    private static final RationalType PAPER = new RationalType(5, 4, DenominatorForm.SAFE_ABS_TERMS);
    private static final RationalType BOULLE = new RationalType(3, 2, DenominatorForm.PLAIN);

    /** |x| only: one rational network of one layer of 2 units, 800 full-batch steps on 400 points, 2 restarts. */
    private static ApproximationConfig tiny() {
        return new ApproximationConfig(true, false, List.of(Target.ABS), 400, 2001, 800, 0.01, 2, 7,
                List.of(FixedActivation.RELU), List.of(), List.of(new Size(1, 2)), List.of(PAPER));
    }

    /**
     * The best affine function on [-1, 1] has max error 1/2 on |x|: for e(x) = |x| − (ax + b),
     * (e(−1) + e(1)) / 2 − e(0) = 1, so one of the three is at least 1/2 in size. A rational network of 2 units must
     * get well below that (measured: 0.166 with these settings).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSmallRationalNetworkApproximatesAbsBeyondAnyLinearModel() {
        double linearBound = 0.5;
        double bound = 0.2;
        ApproximationExperiment.Result result = ApproximationExperiment.run(tiny());
        Measurement rational = result.series(Target.ABS, "rational " + PAPER).get(0);
        System.out.println("tiny |x| experiment: " + rational + " in " + result.seconds() + " s");
        assertEquals(0, rational.failures(), rational.toString());
        assertTrue(rational.maxError() < bound && bound < linearBound,
                "rational 1x2 reaches max error " + rational.maxError() + ", expected below " + bound
                        + " (a linear model cannot go below " + linearBound + ")");
        assertTrue(rational.rmsError() <= rational.maxError(), rational.toString());
    }

    @Test
    void parameterCountsFollowFromTheLayerShapes() {
        Map<Architecture, Long> expected = Map.of(
                Architecture.fixed(FixedActivation.RELU, new Size(1, 4)), (1 * 4 + 4) + (4 * 1 + 1L),
                Architecture.fixed(FixedActivation.GELU, new Size(3, 5)), (1 * 5 + 5) + 2 * (5 * 5 + 5) + (5 * 1 + 1L),
                Architecture.rational(PAPER, new Size(2, 3)),
                (1 * 3 + 3) + (3 * 3 + 3) + (3 * 1 + 1) + 2L * (5 + 1 + 4),
                Architecture.rational(BOULLE, new Size(1, 1)), (1 + 1) + (1 + 1) + (3 + 1 + 2L));
        for (Map.Entry<Architecture, Long> e : expected.entrySet()) {
            MultiLayerNetwork net = ApproximationExperiment.build(e.getKey(), 1, 0.01, 10);
            long fromShapes = 0;
            for (INDArray p : net.paramTable().values()) {
                fromShapes += p.length();
            }
            assertEquals(fromShapes, net.numParams(), e.getKey().toString());
            assertEquals(e.getValue(), net.numParams(), e.getKey() + ": " + net.paramTable().keySet());
        }
    }

    /**
     * An interrupted experiment resumes: the measurements saved before are read back, not trained (a saved row with
     * made-up numbers comes back as saved), and only the missing one is trained and saved.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void savedMeasurementsAreReadBackAndOnlyTheMissingOnesTrained() throws Exception {
        ApproximationConfig c = new ApproximationConfig(true, false, List.of(Target.TANH), 50, 101, 20, 0.01, 1, 7,
                List.of(FixedActivation.TANH), List.of(new Size(1, 2)), List.of(new Size(1, 1)), List.of(BOULLE));
        Map<String, String> files = new java.util.HashMap<>();
        ApproximationExperiment.Saved saved = new ApproximationExperiment.Saved() {
            @Override
            public Optional<Measurement> read(String key) {
                return Optional.ofNullable(files.get(key)).map(t -> ApproximationExperiment.parse(t, key));
            }

            @Override
            public void write(String key, Measurement m) {
                files.put(key, ApproximationExperiment.format(m));
            }
        };
        Measurement madeUp = new Measurement(Target.TANH, "tanh", new Size(1, 2), 7, 0.125, 0.0625, 1, 0, 99.0);
        String tanhKey = ApproximationExperiment.key(Target.TANH, Architecture.fixed(FixedActivation.TANH,
                new Size(1, 2)));
        assertEquals("tanh_tanh_1x2", tanhKey);
        files.put(tanhKey, ApproximationExperiment.format(madeUp));
        ApproximationExperiment.Result result = ApproximationExperiment.run(c, saved);
        assertEquals(madeUp, result.series(Target.TANH, "tanh").get(0), "read back, not trained");
        String rationalKey = ApproximationExperiment.key(Target.TANH, Architecture.rational(BOULLE, new Size(1, 1)));
        assertEquals("tanh_rational-3-2-plain_1x1", rationalKey);
        assertTrue(files.containsKey(rationalKey), "the trained one is saved: " + files.keySet());
        assertEquals(result.series(Target.TANH, "rational " + BOULLE).get(0),
                ApproximationExperiment.parse(files.get(rationalKey), rationalKey), "saved as measured");

        IllegalArgumentException damaged = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ApproximationExperiment.parse("target=tanh\nfamily=tanh\n",
                        "approximation/x.txt"));
        assertTrue(damaged.getMessage().startsWith("saved approximation measurement approximation/x.txt is damaged:"
                + " no size field"), damaged.getMessage());
    }

    @Test
    void theInterpolantReferenceIsExactForAbsAtEvenWidthAndHasTheErrorBoundOtherwise() {
        double[] x = ApproximationExperiment.grid(2001);
        Measurement even = ApproximationExperiment.interpolant(Target.ABS, 2, x);
        assertEquals(7, even.parameters());
        assertEquals(0, even.maxError(), 1e-12);
        // odd width: the knots miss 0; the chord over [-h/2, h/2] with h = 2/3 is off by h/2 at 0
        Measurement odd = ApproximationExperiment.interpolant(Target.ABS, 3, x);
        assertEquals(1.0 / 3, odd.maxError(), 1e-9);
        // smooth target: error <= h^2/8 max|f''|, with |f''| <= e (1 + 10 + 25) on [-1, 1]
        Measurement smooth = ApproximationExperiment.interpolant(Target.EXP_SIN, 16, x);
        double h = 2.0 / 16;
        assertTrue(smooth.maxError() > 0 && smooth.maxError() <= h * h / 8 * Math.E * 36, smooth.toString());
    }

    @Test
    void theMarkdownTableEscapesTheBarsOfAbs() {
        ApproximationConfig c = tiny();
        ApproximationExperiment.Result result = new ApproximationExperiment.Result(List.of(
                new Measurement(Target.ABS, "relu", new Size(1, 2), 7, 0.25, 0.1, 2, 0, 1.0),
                ApproximationExperiment.interpolant(Target.ABS, 2, ApproximationExperiment.grid(11))), 1.0, c);
        String markdown = ApproximationReport.table(result).markdown();
        assertTrue(markdown.contains("| \\|x\\| | relu | 1 × 2 | 7 | 2.50e-01 | 1.00e-01 | 0 of 2 |"), markdown);
        assertFalse(markdown.replace("\\|", "").contains("|x|"), markdown);
        for (String line : markdown.split("\n")) {
            assertEquals(8, line.replace("\\|", "").chars().filter(ch -> ch == '|').count(), line);
        }
        assertTrue(ApproximationReport.table(result).csv().contains("\n|x|,relu,1 × 2,7,"));
        assertTrue(ApproximationReport.thresholds(result).markdown().contains("| \\|x\\| | 1.00e-01 | not reached |"
                + " 7 (1x2) |"), ApproximationReport.thresholds(result).markdown());
        assertTrue(ApproximationReport.plot(result).png().length > 1000);
    }
}
