package io.rationalspark.jobs.study;

import java.util.List;
import java.util.Locale;

/** Mean and sample standard deviation of a few numbers, formatted as "mean ± std". */
public record Stats(double mean, double std, int n) {

    public static Stats of(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0;
        return new Stats(mean, std, values.size());
    }

    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return n > 1 ? String.format(Locale.ROOT, f + " ± " + f, mean, std) : String.format(Locale.ROOT, f, mean);
    }
}
