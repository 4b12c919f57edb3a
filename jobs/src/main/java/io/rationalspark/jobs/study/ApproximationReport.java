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

/**
 * What the function-approximation experiment writes: {@value #CSV} and {@value #MARKDOWN} (every network's
 * parameters, max and RMS error; the parameters each family needs to reach a max error) and {@value #PLOT} (max
 * error against parameters, both axes logarithmic, one line per network family and target).
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
        b.append("![max error against parameters](").append(PLOT).append(")\n");
        return b.toString();
    }

    /** Writes {@value #CSV}, {@value #MARKDOWN} and {@value #PLOT} into {@code dir}. */
    public static void write(Result result, RunDirectory dir) throws IOException {
        dir.writeText(CSV, table(result).csv());
        dir.writeText(MARKDOWN, markdown(result));
        dir.writeBytes(PLOT, plot(result).png());
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
