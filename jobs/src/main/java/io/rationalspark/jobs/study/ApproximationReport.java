package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig;
import io.rationalspark.jobs.config.ApproximationConfig.Target;
import io.rationalspark.jobs.report.LinePlot;
import io.rationalspark.jobs.report.Table;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.study.ApproximationExperiment.Measurement;
import io.rationalspark.jobs.study.ApproximationExperiment.Result;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What the function-approximation experiment writes: {@value #CSV} and {@value #MARKDOWN} (every network's
 * parameters, max and RMS error; the parameters each family needs to reach a max error) and {@value #PLOT} (max
 * error against parameters, both axes logarithmic, one line per network family and target; left out while a partial
 * result has nothing to draw).
 */
public final class ApproximationReport {

    public static final String CSV = "approximation.csv";
    public static final String MARKDOWN = "approximation.md";
    public static final String PLOT = "approximation-max-error-vs-parameters.png";

    /** The max errors for which the report names the fewest parameters that reach them. */
    static final double[] THRESHOLDS = {1e-1, 1e-2, 1e-3, 1e-4};

    private ApproximationReport() {
    }

    /** One row per measurement: by target, then family (ReLU, its constructed reference, the rational types). */
    public static Table table(Result result) {
        Table table = new Table("target", "network", "depth × width", "parameters", "max error", "RMS error",
                "failed restarts");
        for (Measurement m : ordered(result)) {
            table.row(m.target().formula(), m.family(), m.size().depth() + " × " + m.size().width(),
                    m.parameters(), error(m.maxError()), error(m.rmsError()),
                    m.trained() ? m.failures() + " of " + m.restarts() : "—");
        }
        return table;
    }

    /** For each target and threshold: the fewest parameters with which each family reached it. */
    public static Table thresholds(Result result) {
        List<String> families = families(result);
        List<String> header = new ArrayList<>(List.of("target", "max error ≤"));
        header.addAll(families);
        Table table = new Table(header.toArray(String[]::new));
        for (Target target : result.config().targets()) {
            for (double threshold : THRESHOLDS) {
                List<Object> row = new ArrayList<>(List.of(target.formula(), error(threshold)));
                for (String family : families) {
                    row.add(result.series(target, family).stream()
                            .filter(m -> m.maxError() <= threshold)
                            .min(Comparator.comparingLong(Measurement::parameters))
                            .map(m -> m.parameters() + " (" + m.size() + ")").orElse("not reached"));
                }
                table.row(row.toArray());
            }
        }
        return table;
    }

    /**
     * One family's Pareto front on one target (each network with a smaller max error than every network with fewer
     * parameters; exact and failed ones left out, and nothing after an exact one) and two growth laws fitted to it by least squares: a power law,
     * max error ≈ C·N^(−b) (ln error against ln N), and an exponential, max error ≈ C·10^(−r·N/100) (ln error against
     * N), r in decades per 100 parameters. The paper's lower bound for fixed activations on the bump, Ω(log(1/ε))
     * parameters, allows at most an exponential fall; a piecewise-linear network on a smooth target falls like N^(−2).
     * {@code exactAt}: the fewest parameters with zero error, when a network is exact.
     */
    public record GrowthRate(Target target, String family, List<Measurement> front, OptionalLong exactAt,
                             CompositionExperiment.Fit power, CompositionExperiment.Fit exponential) {

        /** Fronts shorter than this get no fit. */
        public static final int MIN_POINTS = 3;

        /** Whether the front has enough points for the fits. */
        public boolean fitted() {
            return front.size() >= MIN_POINTS;
        }

        /** The exponent b of max error ≈ C·N^(−b); NaN when not {@link #fitted}. */
        public double powerExponent() {
            return fitted() ? -power.slope() : Double.NaN;
        }

        /** Decades of max error gained per 100 parameters in the exponential fit; NaN when not {@link #fitted}. */
        public double decadesPer100Parameters() {
            return fitted() ? -exponential.slope() * 100 / Math.log(10) : Double.NaN;
        }
    }

    /** The growth rates of every target and family, in report order. */
    public static List<GrowthRate> growthRates(Result result) {
        List<GrowthRate> rates = new ArrayList<>();
        for (Target target : result.config().targets()) {
            for (String family : families(result)) {
                List<Measurement> series = new ArrayList<>(result.series(target, family));
                if (series.isEmpty()) {
                    continue;
                }
                series.sort(Comparator.comparingLong(Measurement::parameters)
                        .thenComparingDouble(Measurement::maxError));
                OptionalLong exactAt = series.stream().filter(m -> m.maxError() == 0)
                        .mapToLong(Measurement::parameters).min();
                List<Measurement> front = new ArrayList<>();
                double best = Double.POSITIVE_INFINITY;
                for (Measurement m : series) {
                    if (m.maxError() == 0) {
                        best = 0;                     // nothing larger can improve on an exact network
                    } else if (m.maxError() < best) { // false for a failed (NaN) network
                        front.add(m);
                        best = m.maxError();
                    }
                }
                double[] n = front.stream().mapToDouble(Measurement::parameters).toArray();
                double[] lnN = front.stream().mapToDouble(m -> Math.log(m.parameters())).toArray();
                double[] lnError = front.stream().mapToDouble(m -> Math.log(m.maxError())).toArray();
                rates.add(new GrowthRate(target, family, List.copyOf(front), exactAt,
                        CompositionExperiment.fit(lnN, lnError), CompositionExperiment.fit(n, lnError)));
            }
        }
        return rates;
    }

    /** {@link #growthRates} as a table. */
    public static Table growthRateTable(Result result) {
        Table table = new Table("target", "network", "Pareto front (parameters: max error)",
                "power law error ∝ N^(−b): b (R²)", "exponential: decades per 100 parameters (R²)");
        for (GrowthRate rate : growthRates(result)) {
            List<String> points = new ArrayList<>();
            rate.front().forEach(m -> points.add(m.parameters() + ": " + error(m.maxError())));
            rate.exactAt().ifPresent(n -> points.add(n + ": exact"));
            String tooFew = "fewer than " + GrowthRate.MIN_POINTS + " points";
            table.row(rate.target().formula(), rate.family(), points.isEmpty() ? "—" : String.join(", ", points),
                    rate.fitted() ? String.format(Locale.ROOT, "%.2f (%.2f)", rate.powerExponent(),
                            rate.power().rSquared()) : tooFew,
                    rate.fitted() ? String.format(Locale.ROOT, "%.2f (%.2f)", rate.decadesPer100Parameters(),
                            rate.exponential().rSquared()) : tooFew);
        }
        return table;
    }

    /**
     * The trained side of the composition experiment: for each rational family and depth, the smallest max error on
     * {@code target} over the widths trained, in Markdown.
     */
    public static String byDepth(Result result, Target target) {
        List<String> rationalFamilies = families(result).stream().filter(f -> f.startsWith("rational ")).toList();
        if (rationalFamilies.isEmpty()) {
            return "";
        }
        int maxDepth = result.measurements().stream().mapToInt(m -> m.size().depth()).max().orElse(0);
        List<String> header = new ArrayList<>(List.of("depth"));
        header.addAll(rationalFamilies);
        Table table = new Table(header.toArray(String[]::new));
        for (int depth = 1; depth <= maxDepth; depth++) {
            final int d = depth;
            List<Object> row = new ArrayList<>(List.of(depth));
            for (String family : rationalFamilies) {
                row.add(result.series(target, family).stream()
                        .filter(m -> m.size().depth() == d && !Double.isNaN(m.maxError()))
                        .min(Comparator.comparingDouble(Measurement::maxError))
                        .map(m -> error(m.maxError()) + " (" + m.size() + ", " + m.parameters() + " parameters)")
                        .orElse("—"));
            }
            table.row(row.toArray());
        }
        return "Trained rational networks on " + target.formula() + ", best max error at each depth (over the widths"
                + " trained, best of " + result.config().restarts() + " restarts):\n\n" + table.markdown();
    }

    /** Max error against parameters, log–log, one line per family and target (the reference dashed). */
    public static LinePlot plot(Result result) {
        LinePlot plot = new LinePlot("max error on [-1, 1] against parameters (best of "
                + result.config().restarts() + " restarts)", "parameters", "max error").logX(true).logY(true);
        for (Target target : result.config().targets()) {
            for (String family : families(result)) {
                List<Measurement> points = new ArrayList<>(result.series(target, family));
                points.sort(Comparator.comparingLong(Measurement::parameters)
                        .thenComparingDouble(Measurement::maxError));
                double[] x = points.stream().mapToDouble(Measurement::parameters).toArray();
                double[] y = points.stream().mapToDouble(Measurement::maxError).toArray();
                plot.add(new LinePlot.Series(legend(target, family), x, y,
                        family.equals(ApproximationExperiment.RELU_INTERPOLANT)));
            }
        }
        return plot;
    }

    /** The Markdown section: how it was run, the tables, the plot. */
    public static String markdown(Result result) {
        ApproximationConfig c = result.config();
        StringBuilder b = new StringBuilder("## Function approximation on [-1, 1]\n\n");
        if (!result.complete()) {
            b.append("**Partial:** output.stopAfter stopped the experiment before every network was trained; the tables"
                    + " hold the measurements done so far, and the same command continues from them.\n\n");
        }
        b.append(String.format(Locale.ROOT, "Scalar networks fitted to each target on %,d uniform points (full batch,"
                        + " mean squared error, Adam from learning rate %s decaying to 1/100, %,d steps, double"
                        + " precision); errors measured on %,d uniform points. Each network was trained from %d"
                        + " seed(s) and the **best restart counts**, so an optimisation failure does not count against"
                        + " an architecture. Rational networks: Dense(W) then one trainable rational activation per"
                        + " layer (coefficients counted as parameters), started as the least-squares fit of ReLU on"
                        + " [-3, 3]. The *relu interpolant* rows are constructed, not trained: a ReLU network with"
                        + " one hidden layer of W units represents the piecewise-linear interpolant at W + 1 uniform"
                        + " knots exactly (3W + 1 parameters); for |x| and even W it is exact (zero error, which the"
                        + " log-scale plot cannot draw), so on |x| rational networks cannot beat ReLU; there the"
                        + " question is how fast rational networks converge. Time: %.0f s.%n%n", c.trainPoints(), c.learningRate(),
                c.iterations(), c.evaluationPoints(), c.restarts(), result.seconds()));
        b.append(table(result).markdown()).append('\n');
        b.append("Fewest parameters reaching a max error (the network in parentheses):\n\n");
        b.append(thresholds(result).markdown()).append('\n');
        b.append("Growth rates: each family's Pareto front (the networks with a smaller max error than every network"
                + " with fewer parameters) and two laws fitted to it. Fixed activations on the near-pole bump need"
                + " Ω(log(1/ε)) parameters, so their error falls at most exponentially in the parameters; a"
                + " piecewise-linear fit of a smooth target falls like N^(−2). A larger b or rate is a faster fall.\n\n");
        b.append(growthRateTable(result).markdown()).append('\n');
        if (drawable(result)) {
            b.append("![max error against parameters](").append(PLOT).append(")\n");
        }
        return b.toString();
    }

    /** Writes {@value #CSV}, {@value #MARKDOWN} and {@value #PLOT} into {@code dir}. */
    public static void write(Result result, RunDirectory dir) throws IOException {
        dir.writeText(CSV, table(result).csv());
        dir.writeText(MARKDOWN, markdown(result));
        if (drawable(result)) {
            dir.writeBytes(PLOT, plot(result).png());
        }
    }

    /**
     * Whether the log–log plot has a point to draw: a measurement with a finite, nonzero max error (a partial result
     * may hold only exact constructions, or nothing).
     */
    static boolean drawable(Result result) {
        return result.measurements().stream().anyMatch(m -> m.maxError() > 0 && Double.isFinite(m.maxError()));
    }

    /** A legend entry short enough for the plot's legend column: "|x| R(5,4) safe-abs-terms", "exp-sin relu". */
    static String legend(Target target, String family) {
        String name = target == Target.ABS ? target.formula() : target.configName();

        return name + " " + family.replace(" (constructed)", "").replaceFirst("^rational ", "R");
    }

    private static List<Measurement> ordered(Result result) {
        List<Measurement> rows = new ArrayList<>();
        for (Target target : result.config().targets()) {
            for (String family : families(result)) {
                rows.addAll(result.series(target, family));
            }
        }
        return rows;
    }

    /** The fixed activations, ReLU's constructed reference, then the rational families. */
    private static List<String> families(Result result) {
        List<String> families = new ArrayList<>(result.families());
        families.sort(Comparator.comparingInt(f -> f.equals(ApproximationExperiment.RELU_INTERPOLANT) ? 1
                : f.startsWith("rational ") ? 2 : 0));
        return families;
    }

    private static String error(double e) {
        return Double.isNaN(e) ? "failed" : String.format(Locale.ROOT, "%.2e", e);
    }
}
