package io.rationalspark.layers.rational.fit;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HouseholderLeastSquaresTest {

    @Test
    void recoversTheCoefficientsOfABadlyScaledConsistentVandermondeSystem() {
        // Degree-10 monomials on [−3, 3]: columns from 1 to 59049, what the fitter's linearised step faces.
        int rows = 401;
        double[] truth = {0.3, -1.2, 0.8, 0.05, -0.02, 0.004, 1e-3, -2e-4, 3e-5, -1e-6, 2e-7};
        double[][] cols = new double[truth.length][rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double x = -3 + 6.0 * i / (rows - 1);
            double power = 1;
            for (int k = 0; k < truth.length; k++) {
                cols[k][i] = power;
                y[i] += truth[k] * power;
                power *= x;
            }
        }
        double[] solution = HouseholderLeastSquares.solve(cols, rows, y, 0);
        for (int k = 0; k < truth.length; k++) {
            assertEquals(truth[k], solution[k], 1e-9 * Math.abs(truth[k]), "a" + k);
        }
    }

    @Test
    void matchesTheNormalEquationsOnAWellConditionedProblem() {
        Random random = new Random(42);
        int rows = 50;
        int p = 4;
        double[][] cols = new double[p][rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < p; k++) {
                cols[k][i] = random.nextGaussian();
            }
            y[i] = random.nextGaussian();
        }
        double[] x = HouseholderLeastSquares.solve(cols, rows, y, 0);
        // Optimality: the residual is orthogonal to every column, Aᵀ(y − A x) = 0.
        for (int k = 0; k < p; k++) {
            double dot = 0;
            for (int i = 0; i < rows; i++) {
                double fitted = 0;
                for (int j = 0; j < p; j++) {
                    fitted += cols[j][i] * x[j];
                }
                dot += cols[k][i] * (y[i] - fitted);
            }
            assertEquals(0.0, dot, 1e-12, "column " + k);
        }
    }

    @Test
    void ridgePicksTheSmallestSolutionOfARankDeficientProblem() {
        // Two identical columns: every split a + b = 2 fits exactly; the ridge picks a = b = 1.
        int rows = 20;
        double[][] cols = new double[2][rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            cols[0][i] = i + 1;
            cols[1][i] = i + 1;
            y[i] = 2 * (i + 1);
        }
        assertArrayEquals(new double[] {1, 1}, HouseholderLeastSquares.solve(cols, rows, y, 1e-10), 1e-9);
    }

    @Test
    void aZeroColumnGetsAZeroCoefficient() {
        int rows = 10;
        double[][] cols = new double[2][rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            cols[0][i] = 1;
            y[i] = 3;
        }
        assertArrayEquals(new double[] {3, 0}, HouseholderLeastSquares.solve(cols, rows, y, 0), 1e-14);
    }
}
