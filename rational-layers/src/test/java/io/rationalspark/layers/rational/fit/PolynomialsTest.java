package io.rationalspark.layers.rational.fit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PolynomialsTest {

    @Test
    void findsTheTenRootsOfTheChebyshevPolynomialT10() {
        double[] t10 = {-1, 0, 50, 0, -400, 0, 1120, 0, -1280, 0, 512};
        double[] expected = new double[10];
        for (int k = 1; k <= 10; k++) {
            expected[10 - k] = Math.cos((2 * k - 1) * Math.PI / 20);
        }
        assertArrayEquals(expected, Polynomials.roots(t10, -1, 1), 1e-13);
        assertEquals(-1.0, Polynomials.minimum(t10, -1, 1), 1e-12);
        assertEquals(1.0, Polynomials.maximum(t10, -1, 1), 1e-12);
    }

    @Test
    void rootsOnlyInsideTheInterval() {
        // (x − 1)(x + 2)(x − 0.5) = x³ + 0.5 x² − 2.5 x + 1
        double[] cubic = {1, -2.5, 0.5, 1};
        assertArrayEquals(new double[] {-2, 0.5, 1}, Polynomials.roots(cubic, -3, 3), 1e-14);
        assertArrayEquals(new double[] {0.5}, Polynomials.roots(cubic, 0, 0.9), 1e-14);
        assertArrayEquals(new double[0], Polynomials.roots(new double[] {1, 0, 1}, -5, 5), 0);
    }

    @Test
    void aDoubleRootShowsAsAZeroMinimum() {
        double[] square = {1, -2, 1}; // (x − 1)²
        assertEquals(0.0, Polynomials.minimum(square, -3, 3), 1e-15);
        assertEquals(1.0, Polynomials.roots(square, -3, 3)[0], 1e-7);
        assertEquals(16.0, Polynomials.maximum(square, -3, 3), 1e-12);
    }
}
