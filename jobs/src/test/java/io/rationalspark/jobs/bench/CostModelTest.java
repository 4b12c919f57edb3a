package io.rationalspark.jobs.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cost model and the line fit recover known coefficients from synthetic measurements. */
class CostModelTest {

    private static final int BATCH = 32;

    /** A measurement of ours whose round is exactly c·k·batch + a + b·params·ceil(log2 w), split as the trainer does. */
    private static Measurement synthetic(int workers, int k, double width, long params, double c, double a, double b) {
        double compute = c * k * BATCH;
        double communication = a + b * params * CostModel.ceilLog2(workers);
        int rounds = 10;
        long examples = (long) rounds * workers * k * BATCH;
        return new Measurement("model-averaging", new SweepPoint(workers, k, 1, width), params, examples / BATCH,
                examples, 1, rounds * (compute + communication) / 1000, rounds, 0.25 * communication, compute,
                compute, 0.5 * communication, 0.25 * communication, 0, 0.5);
    }

    @Test
    void recoversComputeFixedCostAndPerParameterCost() {
        double c = 0.2;
        double a = 15;
        double b = 2e-5;
        List<Measurement> points = new ArrayList<>();
        for (int w : new int[] {1, 2, 4, 8}) {
            points.add(synthetic(w, 5, 1, 100_000, c, a, b));
        }
        for (int k : new int[] {1, 20, 50}) {
            points.add(synthetic(4, k, 1, 100_000, c, a, b));
        }
        points.add(synthetic(4, 5, 2, 400_000, 0.5, a, b));
        CostModel model = CostModel.fit(points);

        assertEquals(c, model.computeMsPerExample().get(1.0), 1e-12);
        assertEquals(0.5, model.computeMsPerExample().get(2.0), 1e-12);
        assertEquals(a, model.a(), 1e-9);
        assertEquals(b, model.b(), 1e-15);
        assertEquals(1.0, model.rSquared(), 1e-12);
        assertEquals(0.0, model.maxRelativeError(), 1e-12);
        assertEquals(points.size(), model.points());

        CostModel.Prediction at64 = model.predict(List.of(64), 1.0, 5.0 * BATCH, 100_000).get(0);
        assertEquals(c * 5 * BATCH + a + b * 100_000 * 6, at64.roundMs(), 1e-9, "ceil(log2 64) = 6 tree levels");
        assertEquals(64 * 5.0 * BATCH / at64.roundMs() * 1000, at64.examplesPerSecond(), 1e-6);
    }

    @Test
    void noisyMeasurementsGiveAnRSquaredBelowOneAndTheirRelativeError() {
        List<Measurement> points = new ArrayList<>();
        points.add(synthetic(1, 5, 1, 100_000, 0.2, 15, 2e-5));
        points.add(synthetic(2, 5, 1, 100_000, 0.2, 25, 2e-5));
        points.add(synthetic(4, 5, 1, 100_000, 0.2, 15, 2e-5));
        CostModel model = CostModel.fit(points);
        assertTrue(model.rSquared() < 1 && model.rSquared() > 0, "R² " + model.rSquared());
        assertTrue(model.maxRelativeError() > 0.01, "max relative error " + model.maxRelativeError());
    }

    @Test
    void withoutVaryingWorkersOrParametersThePerParameterCostIsNotIdentifiable() {
        List<Measurement> points = List.of(synthetic(4, 1, 1, 1000, 0.2, 10, 1e-3), synthetic(4, 5, 1, 1000, 0.2, 10, 1e-3));
        CostModel model = CostModel.fit(points);
        assertTrue(Double.isNaN(model.b()));
        assertEquals(10 + 1e-3 * 1000 * 2, model.a(), 1e-9, "a absorbs the constant communication term");
    }

    @Test
    void ceilLog2CountsTreeLevels() {
        assertEquals(0, CostModel.ceilLog2(1));
        assertEquals(1, CostModel.ceilLog2(2));
        assertEquals(2, CostModel.ceilLog2(3));
        assertEquals(2, CostModel.ceilLog2(4));
        assertEquals(8, CostModel.ceilLog2(256));
        assertThrows(IllegalArgumentException.class, () -> CostModel.ceilLog2(0));
    }

    @Test
    void lineFitRecoversSlopeAndInterceptWithItsRSquared() {
        LinearFit exact = LinearFit.of(new double[] {1, 2, 4}, new double[] {3.5, 5.5, 9.5});
        assertEquals(1.5, exact.intercept(), 1e-12);
        assertEquals(2.0, exact.slope(), 1e-12);
        assertEquals(1.0, exact.rSquared(), 1e-12);
        LinearFit bent = LinearFit.of(new double[] {1, 2, 4}, new double[] {1, 4, 16});
        assertTrue(bent.rSquared() < 0.98, "a parabola is not a line: R² " + bent.rSquared());
        assertThrows(IllegalArgumentException.class, () -> LinearFit.of(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> LinearFit.of(new double[] {2, 2}, new double[] {1, 3}));
    }
}
