package io.rationalspark.jobs.bench;

/**
 * An ordinary least-squares line y = intercept + slope·x, with its coefficient of determination R² (1 − residual
 * sum of squares / total sum of squares about the mean; NaN when y does not vary).
 */
public record LinearFit(double intercept, double slope, double rSquared, int points) {

    /**
     * Fits a line to (x[i], y[i]).
     *
     * @throws IllegalArgumentException for fewer than two points, arrays of different lengths, or x that does not
     *                                  vary (no slope can be fitted)
     */
    public static LinearFit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("a line needs at least 2 points, got " + x.length);
        }
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("x does not vary: no slope can be fitted");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double[] predicted = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            predicted[i] = intercept + slope * x[i];
        }
        return new LinearFit(intercept, slope, rSquared(y, predicted), x.length);
    }

    public double predict(double x) {
        return intercept + slope * x;
    }

    /** 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; NaN when y does not vary. */
    static double rSquared(double[] y, double[] predicted) {
        double my = mean(y);
        double residual = 0;
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            residual += (y[i] - predicted[i]) * (y[i] - predicted[i]);
            total += (y[i] - my) * (y[i] - my);
        }
        return total == 0 ? Double.NaN : 1 - residual / total;
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return sum / v.length;
    }
}
