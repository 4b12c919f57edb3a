package io.rationalspark.jobs.study;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifferenceTest {

    @Test
    void incompleteBetaAndGammaMatchClosedForms() {
        for (double x : new double[]{0.01, 0.2, 0.5, 0.77, 0.99}) {
            assertEquals(x, StudentT.regularisedBeta(x, 1, 1), 1e-13);
            assertEquals(Math.pow(x, 3.5), StudentT.regularisedBeta(x, 3.5, 1), 1e-13);
            assertEquals(1 - Math.pow(1 - x, 2.5), StudentT.regularisedBeta(x, 1, 2.5), 1e-13);
        }
        assertEquals(Math.log(120), StudentT.logGamma(6), 1e-12);
        assertEquals(0.5 * Math.log(Math.PI), StudentT.logGamma(0.5), 1e-12);
        assertEquals(Math.log(Math.sqrt(Math.PI) / 2), StudentT.logGamma(1.5), 1e-12);
    }

    @Test
    void quantilesMatchTheTablesAndTheClosedForms() {
        // ν = 1 is the Cauchy distribution, ν = 2 has t = (2p − 1) √(2 / (1 − (2p − 1)²))
        for (double p : new double[]{0.6, 0.9, 0.975, 0.995}) {
            assertEquals(Math.tan(Math.PI * (p - 0.5)), StudentT.quantile(p, 1), 1e-9);
            double a = 2 * p - 1;
            assertEquals(a * Math.sqrt(2 / (1 - a * a)), StudentT.quantile(p, 2), 1e-9);
        }
        // printed tables, 4 decimals
        assertEquals(3.1824, StudentT.quantile(0.975, 3), 5e-5);
        assertEquals(2.7764, StudentT.quantile(0.975, 4), 5e-5);
        assertEquals(2.2281, StudentT.quantile(0.975, 10), 5e-5);
        assertEquals(2.0423, StudentT.quantile(0.975, 30), 5e-5);
        assertEquals(1.9600, StudentT.quantile(0.975, 1e7), 5e-5);
        assertEquals(-StudentT.quantile(0.9, 5.5), StudentT.quantile(0.1, 5.5), 1e-12);
        assertEquals(0.975, StudentT.cdf(StudentT.quantile(0.975, 3.7), 3.7), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1, 3));
        assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.5, 0));
    }

    @Test
    void welchIntervalFollowsTheFormula() {
        List<Double> a = List.of(0.81, 0.82, 0.80);
        List<Double> b = List.of(0.79, 0.80, 0.795, 0.805);
        Difference d = Difference.of(a, b);
        double va = Stats.of(a).std() * Stats.of(a).std() / 3;
        double vb = Stats.of(b).std() * Stats.of(b).std() / 4;
        double nu = (va + vb) * (va + vb) / (va * va / 2 + vb * vb / 3);
        double half = StudentT.quantile(0.975, nu) * Math.sqrt(va + vb);
        assertEquals(0.81 - 0.7975, d.mean(), 1e-12);
        assertEquals(d.mean() - half, d.low(), 1e-12);
        assertEquals(d.mean() + half, d.high(), 1e-12);
        assertTrue(d.tie(), d.format(4));
        assertTrue(d.verdict("rational", "tanh", "accuracy", 4, true).contains("a tie"));
    }

    @Test
    void separatedSamplesAreNotATieAndTheVerdictFollowsTheMetricsDirection() {
        Difference d = Difference.of(List.of(0.90, 0.91, 0.905), List.of(0.80, 0.81, 0.805));
        assertFalse(d.tie());
        assertTrue(d.low() > 0);
        assertTrue(d.verdict("rational", "relu", "accuracy", 4, true).contains("rational is better"));
        // the same numbers as perplexities: higher is worse
        assertTrue(d.verdict("rational", "relu", "perplexity", 4, false).contains("rational is worse"));
    }

    @Test
    void oneSeedOrNoSpreadGivesNoIntervalAndNoVerdict() {
        Difference one = Difference.of(List.of(0.9), List.of(0.8, 0.81));
        assertFalse(one.hasInterval());
        assertFalse(one.tie());
        assertTrue(one.verdict("rational", "relu", "accuracy", 3, true).contains("no verdict"));
        assertFalse(Difference.of(List.of(0.5, 0.5), List.of(0.4, 0.4)).hasInterval());
        assertThrows(IllegalArgumentException.class, () -> Difference.of(List.of(), List.of(0.4)));
    }

    @Test
    void theIntervalCoversTheTrueDifferenceAboutNinetyFivePercentOfTheTime() {
        // 3 seeds against 3 seeds with unequal spreads, as in a study; Welch's interval is close to nominal there
        SplittableRandom random = new SplittableRandom(7);
        int trials = 20_000;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                a.add(0.80 + 0.004 * gaussian(random));
                b.add(0.79 + 0.010 * gaussian(random));
            }
            Difference d = Difference.of(a, b);
            if (d.low() <= 0.01 && 0.01 <= d.high()) {
                covered++;
            }
        }
        double coverage = (double) covered / trials;
        assertTrue(coverage > 0.93 && coverage < 0.985, "coverage " + coverage);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
