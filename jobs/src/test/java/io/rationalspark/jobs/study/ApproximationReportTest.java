package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig;
import io.rationalspark.jobs.config.ApproximationConfig.FixedActivation;
import io.rationalspark.jobs.config.ApproximationConfig.RationalType;
import io.rationalspark.jobs.config.ApproximationConfig.Size;
import io.rationalspark.jobs.config.ApproximationConfig.Target;
import io.rationalspark.jobs.study.ApproximationExperiment.Measurement;
import io.rationalspark.jobs.study.ApproximationExperiment.Result;
import io.rationalspark.jobs.study.ApproximationReport.GrowthRate;
import io.rationalspark.layers.rational.DenominatorForm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The growth-rate fits of the approximation report, on fronts whose laws are known exactly. */
class ApproximationReportTest {

    private static final String RELU = "relu";
    private static final String RATIONAL = "rational (3,2) plain";

    private static Measurement row(String family, int parameters, double maxError) {
        return new Measurement(Target.ABS, family, new Size(1, parameters), parameters, maxError, maxError / 3, 3, 0,
                1.0);
    }

    private static Result result(List<Measurement> rows) {
        ApproximationConfig config = new ApproximationConfig(true, true, List.of(Target.ABS), 400, 2001, 800, 0.01, 3,
                7, List.of(FixedActivation.RELU), List.of(new Size(1, 2)), List.of(new Size(1, 1)),
                List.of(new RationalType(3, 2, DenominatorForm.PLAIN)));
        return new Result(rows, 1.0, config);
    }

    @Test
    void aPowerLawAndAnExponentialFrontGiveTheirRatesAndWorseNetworksLeaveTheFront() {
        List<Measurement> rows = new ArrayList<>();
        for (int n : new int[] {7, 13, 25, 49, 97}) {
            rows.add(row(RELU, n, 3.0 * Math.pow(n, -2)));       // error 3·N^-2
        }
        rows.add(row(RELU, 60, 0.5));                            // larger and worse than 49: not on the front
        for (int n : new int[] {10, 20, 40}) {
            rows.add(row(RATIONAL, n, Math.pow(10, -n / 50.0))); // 2 decades per 100 parameters
        }
        rows.add(row(ApproximationExperiment.RELU_INTERPOLANT, 7, 0.0));
        rows.add(row(ApproximationExperiment.RELU_INTERPOLANT, 13, 0.2));

        List<GrowthRate> rates = ApproximationReport.growthRates(result(rows));
        assertEquals(3, rates.size());

        GrowthRate relu = rates.stream().filter(r -> r.family().equals(RELU)).findFirst().orElseThrow();
        assertEquals(List.of(7L, 13L, 25L, 49L, 97L), relu.front().stream().map(Measurement::parameters).toList());
        assertEquals(2.0, relu.powerExponent(), 1e-12);
        assertEquals(1.0, relu.power().rSquared(), 1e-12);
        assertTrue(relu.exponential().rSquared() < 0.95, "a power law is not an exponential");

        GrowthRate rational = rates.stream().filter(r -> r.family().equals(RATIONAL)).findFirst().orElseThrow();
        assertEquals(2.0, rational.decadesPer100Parameters(), 1e-12);
        assertEquals(1.0, rational.exponential().rSquared(), 1e-12);

        // an exact network is named, not fitted (ln 0), and a larger, inexact one is not on the front
        GrowthRate interpolant = rates.stream().filter(r -> r.family().equals(ApproximationExperiment.RELU_INTERPOLANT))
                .findFirst().orElseThrow();
        assertEquals(7L, interpolant.exactAt().getAsLong());
        assertTrue(interpolant.front().isEmpty());
        assertFalse(interpolant.fitted());
        assertTrue(Double.isNaN(interpolant.powerExponent()));

        String table = ApproximationReport.growthRateTable(result(rows)).markdown();
        assertTrue(table.contains("| 2.00 (1.00) |"), table);
        assertTrue(table.contains("| 7: exact |"), table);
        assertTrue(table.contains("fewer than 3 points"), table);
        assertTrue(ApproximationReport.markdown(result(rows)).contains(table), "the report holds the table");
    }
}
